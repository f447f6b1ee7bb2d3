import assert from "node:assert/strict";
import { join } from "node:path";
// deno-lint-ignore no-import-prefix -- workbench-only, as in analysis/_figure.ts
import { parseHTML } from "npm:linkedom@0.18.15";
import { openCalibration } from "../../analysis/calibration.ts";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import {
  CALIBRATION_FORMAT,
  type CalibrationState,
  type Evaluation,
  STATE_FILE,
} from "../../calibrate/state.ts";

const TMP = await Deno.makeTempDir({ prefix: "panarchy-calibration-report-" });
globalThis.addEventListener("unload", () => Deno.removeSync(TMP, { recursive: true }));

const A = "economy.labor.matching_efficiency";
const B = "economy.labor.quit_rate";

function evaluation(point: number, stage: Evaluation["stage"], unit: number[], loss: number) {
  return {
    point,
    stage,
    batch: point,
    unit,
    values: { [A]: unit[0], [B]: 0.01 * 100 ** unit[1] },
    moments: [[0.06, 0.07], [0.3, 0.32]],
    failed: 0,
    loss,
  };
}

/** A finished calibration of two parameters (A linear on [0, 1], B log on [0.01, 1]). */
function finishedState(): CalibrationState {
  return {
    format: CALIBRATION_FORMAT,
    name: "synthetic",
    engine: "0.1.0+test",
    spec_hash: "abc123",
    spec: {
      name: "synthetic",
      scenario: "tiny_island",
      changes: { "population.persons": 1000 },
      ticks: 60,
      window: { from: 10, to: 60 },
      facts: null,
      parameters: [
        { path: A, type: "number", bounds: [0, 1], scale: "linear" },
        { path: B, type: "number", bounds: [0.01, 1], scale: "log" },
      ],
      targets: [],
      factTargets: [],
      seeds: [1, 2],
      weighting: "diagonal",
      method: {
        budget: 12,
        batch: 2,
        starts: { design: "halton", points: 3 },
        search: "gp",
        refine: 0.2,
        seed: 7,
        baseline: true,
      },
      uncertainty: { bootstrap: 4, profile_points: 5 },
      sensitivity: { design: "saltelli", samples: 8, levels: 4 },
      source: "specs/synthetic.yaml",
    },
    targets: [
      { moment: "unemployment_rate_mean", value: 0.065, se: 0.004, weight: 1, source: "BLS" },
      { moment: "quits_mean", value: 0.28, se: null, weight: 1, source: "JOLTS" },
    ],
    columns: ["unemployment_rate_mean", "quits_mean"],
    seeds: [1, 2],
    plan: { starts: 3, search: 2, refine: 1 },
    weighting: [[1, 0], [0, 1]],
    evaluations: [
      evaluation(0, "start", [0.1, 0.2], 9),
      evaluation(1, "start", [0.5, 0.5], 3),
      evaluation(2, "start", [0.9, 0.9], Infinity),
      evaluation(3, "search", [0.45, 0.6], 1.5),
      evaluation(4, "search", [0.7, 0.3], 4),
      evaluation(5, "refine", [0.5, 0.65], 0.8),
    ],
    batches: 4,
    refine: null,
    done: true,
    result: {
      best: 5,
      loss: 0.8,
      estimates: [
        { path: A, value: 0.5, interval: [0.4, 0.6], asymptotic: [0.42, 0.58], bounds: [0, 1] },
        { path: B, value: 0.1, interval: [0.05, 0.2], asymptotic: null, bounds: [0.01, 1] },
      ],
      fit: [
        {
          moment: "unemployment_rate_mean",
          target: 0.065,
          se: 0.004,
          source: "BLS",
          simulated: 0.067,
          sd: 0.005,
          t: 0.5,
        },
        {
          moment: "quits_mean",
          target: 0.28,
          se: null,
          source: "JOLTS",
          simulated: 0.31,
          sd: 0.017,
          t: -2.5,
        },
      ],
      lossNoise: 0.3,
      draws: [{ [A]: 0.5, [B]: 0.1 }, { [A]: 0.5, [B]: 0.1 }, { [A]: 0.45, [B]: 0.2 }, {
        [A]: 0.7,
        [B]: 0.05,
      }],
      profiles: [
        {
          path: A,
          unit: [0, 0.25, 0.5, 0.75, 1],
          loss: [9, 3, 0.8, 4, Infinity],
          method: "points",
        },
        {
          path: B,
          unit: [0, 0.25, 0.5, 0.75, 1],
          loss: [5, 2, 1, 0.8, 6],
          method: "points",
        },
      ],
      warnings: [{
        kind: "wide",
        parameters: [A],
        message: `${A} is weakly identified: its 95% interval covers 64% of its bounds`,
      }],
      sensitivity: {
        design: "saltelli",
        parameters: [A, B],
        runs: 64,
        moments: [
          {
            moment: "unemployment_rate_mean",
            S1: [0.7, 0.2],
            S1_conf: [0.05, 0.04],
            ST: [0.75, 0.25],
            ST_conf: [0.06, 0.05],
            gap: 0.02,
            converged: true,
          },
          {
            moment: "quits_mean",
            S1: [0.1, 0.8],
            S1_conf: [0.3, 0.4],
            ST: [0.1, 0.9],
            ST_conf: [0.2, 0.5],
            gap: 0.39,
            converged: false,
          },
        ],
      },
      baseline: {
        curve: [{ runs: 6, loss: 8 }, { runs: 10, loss: 5 }, { runs: 12, loss: 4 }],
        reachedAfter: 8,
      },
    },
  };
}

/** Writes a state as `runCalibration` does (Infinity as the string "Infinity"). */
async function folderWith(name: string, state: unknown): Promise<string> {
  const dir = join(TMP, name);
  await Deno.mkdir(dir, { recursive: true });
  const text = JSON.stringify(state, (_k, v) => (v === Infinity ? "Infinity" : v), 1);
  await Deno.writeTextFile(join(dir, STATE_FILE), text);
  return dir;
}

/** The elements of a figure's markup that match a CSS selector. */
function select(svg: string, selector: string): unknown[] {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${svg}</body></html>`) as unknown as {
    document: { querySelectorAll(s: string): ArrayLike<unknown> };
  };
  return Array.from(document.querySelectorAll(selector));
}

const finished = await openCalibration(await folderWith("finished", finishedState()));

Deno.test("openCalibration() reads the state back, infinite losses included", () => {
  assert.equal(finished.done, true);
  assert.equal(finished.state.evaluations[2].loss, Infinity);
  assert.equal(finished.runs, 12);
});

Deno.test("estimates() gives each interval's width as a share of the bounds, in logs for a log scale", () => {
  const t = finished.estimates();
  assert.deepEqual(t.rows.map((r) => r.parameter), [A, B]);
  assert.equal(t.rows[0].estimate, 0.5);
  assert.deepEqual([t.rows[0]["95% low"], t.rows[0]["95% high"]], [0.4, 0.6]);
  assert.deepEqual([t.rows[1]["lower bound"], t.rows[1]["upper bound"]], [0.01, 1]);
  assert.equal(t.rows[0]["interval % of bounds"], 20);
  // log(0.2 / 0.05) / log(1 / 0.01) = 0.301
  assert.equal(t.rows[1]["interval % of bounds"], 30.1);
  assert.match(t[JUPYTER_DISPLAY]()["text/html"], /<table/);
});

Deno.test("fit() flags the moments more than two standard errors off and names them", () => {
  const t = finished.fit();
  assert.deepEqual(t.columns, [
    "moment",
    "target",
    "se",
    "source",
    "simulated mean",
    "sd",
    "t",
    "|t| > 2",
  ]);
  assert.deepEqual(t.rows.map((r) => r["|t| > 2"]), ["", "✗ off"]);
  assert.equal(t.rows[1].se, null);
  assert.equal(t.rows[1]["simulated mean"], 0.31);
  assert.match(t.note, /1 of 2 moments miss their target .*: quits_mean/);
});

Deno.test("targets() lists every target with its standard error and source", () => {
  const t = finished.targets();
  assert.deepEqual(t.rows, [
    { moment: "unemployment_rate_mean", value: 0.065, se: 0.004, source: "BLS" },
    { moment: "quits_mean", value: 0.28, se: null, source: "JOLTS" },
  ]);
});

Deno.test("warnings() display as a highlighted box, or say there are none", async () => {
  const html = finished.warnings()[JUPYTER_DISPLAY]()["text/html"];
  assert.match(html, /panarchy-warnings/);
  assert.match(html, /1 identifiability warning</);
  assert.match(html, /weakly identified/);
  const state = finishedState();
  state.result!.warnings = [];
  const none = await openCalibration(await folderWith("no-warnings", state));
  assert.equal(String(none.warnings()), "no identifiability warnings");
  assert.match(none.warnings()[JUPYTER_DISPLAY]()["text/html"], /no identifiability warnings/);
});

Deno.test("sensitivity() gives a row per moment and parameter and says which moments have not converged", async () => {
  const t = finished.sensitivity();
  assert.equal(t.rows.length, 4);
  assert.deepEqual(t.rows[1], {
    moment: "unemployment_rate_mean",
    parameter: B,
    S1: 0.2,
    "S1 ±": 0.04,
    ST: 0.25,
    "ST ±": 0.05,
    converged: "yes (gap 0.02)",
  });
  assert.equal(t.rows[3].converged, "no (gap 0.39)");
  assert.match(t.note, /The indices of 1 of 2 moments have not converged \(quits_mean\)/);
  const state = finishedState();
  state.result!.sensitivity = null;
  const none = await openCalibration(await folderWith("no-sensitivity", state));
  assert.equal(none.sensitivity().rows.length, 0);
  assert.match(none.sensitivity().note, /No sensitivity analysis/);
});

Deno.test("manifest() names the engine, spec, seeds, method, budget and runs used", () => {
  const fields = Object.fromEntries(finished.manifest().rows.map((r) => [r.field, r.value]));
  assert.equal(fields.engine, "0.1.0+test");
  assert.equal(fields["spec hash"], "abc123");
  assert.equal(fields["spec source"], "specs/synthetic.yaml");
  assert.equal(fields.seeds, "1, 2");
  assert.equal(fields["method seed"], "7");
  assert.equal(fields.budget, "12 runs");
  assert.equal(fields["runs used"], "12 (6 points × 2 seeds) + 64 of the sensitivity sweep");
  assert.match(String(fields.method), /3 halton starts, gp search in batches of 2/);
});

Deno.test("convergence() draws the best loss so far as one line per stage, and the Halton baseline", () => {
  const svg = finished.convergence().svg;
  assert.ok(svg.startsWith("<svg"));
  for (const stage of ["start", "search", "refine"]) {
    assert.equal(select(svg, `g[aria-description="best loss ${stage}"] path`).length, 1, stage);
  }
  assert.equal(select(svg, 'g[aria-description="best loss baseline"] path').length, 1);
  assert.match(svg, /reached the Halton baseline's best loss after 8 runs/);
  // Every finite loss as a dot.
  assert.equal(select(svg, 'g[aria-description="point loss"] circle').length, 5);
});

Deno.test("points() draws one dot per evaluation with a finite loss and rings the estimate", () => {
  const fig = finished.points();
  assert.equal(select(fig.svg, 'g[aria-description="points"] circle').length, 5);
  assert.equal(select(fig.svg, 'g[aria-description="estimate"] circle').length, 1);
  assert.match(fig.svg, /1 point with a missing moment/);
  assert.equal(fig[JUPYTER_DISPLAY]()["image/svg+xml"], fig.svg);
});

Deno.test("points() draws a scatter matrix of every pair beyond two parameters", async () => {
  const state = finishedState();
  const C = "economy.households.consume_income";
  state.spec.parameters.push({ path: C, type: "number", bounds: [0.5, 1], scale: "linear" });
  for (const e of state.evaluations) {
    e.unit.push(0.3);
    e.values[C] = 0.65;
  }
  const svg = (await openCalibration(await folderWith("three", state))).points().svg;
  // 3 pairs x 5 finite points.
  assert.equal(select(svg, 'g[aria-description="points"] circle').length, 15);
});

Deno.test("profiles() draws one panel per parameter with the estimate, its interval and the threshold band", () => {
  const svg = finished.profiles().svg;
  const panels = select(svg, 'svg[aria-label="panel"]') as { outerHTML: string }[];
  assert.equal(panels.length, 2);
  for (const p of panels) {
    assert.equal(select(p.outerHTML, 'g[aria-description="estimate"] line').length, 1);
    assert.equal(select(p.outerHTML, 'g[aria-description="interval"] rect').length, 1);
    assert.equal(select(p.outerHTML, 'g[aria-description="threshold band"] rect').length, 1);
  }
  // The infinite bin of A's profile is left out: 4 dots, then B's 5.
  const dots = panels.map((p) => select(p.outerHTML, "g[aria-label=dot] circle").length);
  assert.deepEqual(dots, [4, 5]);
});

Deno.test("draws() shows one dot per distinct bootstrap draw of the first pair", () => {
  const svg = finished.draws().svg;
  assert.equal(select(svg, 'g[aria-description="draws"] circle').length, 3);
  assert.equal(select(svg, 'g[aria-description="estimate"] circle').length, 1);
  assert.match(svg, /4 draws at 3 distinct points/);
});

Deno.test("an unfinished calibration shows its progress and says what waits for the result", async () => {
  const state = finishedState();
  state.done = false;
  state.result = null;
  state.evaluations = state.evaluations.slice(0, 4);
  const cal = await openCalibration(await folderWith("running", state));
  assert.equal(cal.done, false);
  assert.equal(select(cal.points().svg, 'g[aria-description="points"] circle').length, 3);
  assert.ok(cal.convergence().svg.startsWith("<svg"));
  assert.match(String(cal.manifest()), /in progress/);
  for (const f of [() => cal.estimates(), () => cal.fit(), () => cal.profiles()]) {
    assert.throws(f, /has not finished \(8 of 12 runs\).*main\.ts calibrate specs\/synthetic/);
  }
});

Deno.test("openCalibration() refuses a folder that is not a calibration, with the fix", async () => {
  const empty = join(TMP, "empty");
  await Deno.mkdir(empty);
  await assert.rejects(
    openCalibration(empty),
    /not a calibration's folder \(no calibration\.json\)/,
  );
  await assert.rejects(openCalibration(join(TMP, "missing")), /no folder .*missing/);
  const other = await folderWith("other", { format: "panarchy-sweep/1" });
  await assert.rejects(openCalibration(other), /is not a PANARCHY calibration/);
});
