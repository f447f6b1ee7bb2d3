/**
 * Calibration: the loss and its weightings, the uncertainty diagnostics, Sobol' indices of a
 * known function with their convergence check, bad specs stopped before any run, recovery of
 * known parameters on the model, and a killed calibration that continues to the result of an
 * uninterrupted one.
 */
import assert from "node:assert/strict";
import { readState, runCalibration, splitMoment } from "../../calibrate/run.ts";
import { loss, pooledCovariance, weighting } from "../../calibrate/loss.ts";
import { sobolWithConvergence } from "../../calibrate/sensitivity.ts";
import { loadCalibrationSpec, parseCalibrationSpec } from "../../calibrate/spec.ts";
import { bootstrap, identifiability, msmStandardErrors } from "../../calibrate/uncertainty.ts";
import { ScenarioError } from "../../engine/scenario/validate.ts";
import { loadScenario } from "../../engine/scenario/load.ts";
import { runScenario } from "../../engine/run.ts";
import { withChanges } from "../../analysis/changes.ts";
import { simulatedTargets, targetsYaml } from "../../calibrate/synthetic.ts";
import { saltelli } from "../../sweep/designs.ts";
import { runSweep, sweepSpec } from "../../sweep/run.ts";
import { exists, runMain } from "../_fixtures.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const target = (moment: string, value: number, se: number | null = null) => ({
  moment,
  value,
  se,
  weight: 1,
  source: "",
});

Deno.test("the loss weights each moment by the inverse variance of its gap to the target", () => {
  // Two points, three seeds each: within-point variances 1 and 4, no covariance.
  const starts = [
    [[1, 2, 3], [10, 14, 12]],
    [[4, 5, 6], [0, 2, -2]],
  ];
  const S = pooledCovariance(starts);
  assert.deepEqual(S.map((r) => r.map((v) => Number(v.toFixed(12)))), [[1, 0], [0, 4]]);
  const targets = [target("a_mean", 0, 0.5), target("b_mean", 0)];
  const W = weighting("diagonal", targets, starts, 3);
  // W_aa = 1 / (0.5² + 1/3), W_bb = 1 / (0 + 4/3).
  assert.ok(Math.abs(W[0][0] - 1 / (0.25 + 1 / 3)) < 1e-12);
  assert.ok(Math.abs(W[1][1] - 3 / 4) < 1e-12);
  assert.equal(W[0][1], 0);
  assert.ok(Math.abs(loss([1, 2], targets, W) - (W[0][0] + 4 * W[1][1])) < 1e-12);
  assert.equal(loss([NaN, 2], targets, W), Infinity, "a missing moment makes the loss infinite");
  // Covariance weighting undoes a correlation: two copies of one moment weigh as one.
  const twin = [[[1, 2, 3], [1, 2, 3]], [[5, 7, 9], [5, 7, 9]]];
  const Wc = weighting("covariance", [target("a_mean", 0), target("b_mean", 0)], twin, 3);
  const single = weighting("covariance", [target("a_mean", 0)], [[[1, 2, 3]], [[5, 7, 9]]], 3);
  assert.ok(
    Math.abs(
      loss([1, 1], [target("a_mean", 0), target("b_mean", 0)], Wc) -
        loss([1], [target("a_mean", 0)], single),
    ) < 1e-9,
  );
  assert.throws(
    () => weighting("diagonal", [target("c_mean", 1)], [[[2, 2]]], 2),
    /moment c_mean has no variance to weight it by/,
  );
});

Deno.test("the bootstrap finds trade-offs and the profiles find a parameter the moments miss", () => {
  // Points on a line where only x + y matters: the estimates trade off along it.
  const points = [];
  for (let i = 0; i <= 10; i++) {
    for (let j = 0; j <= 10; j++) {
      const x = i / 10;
      const y = j / 10;
      const m = [0, 1, 2].map((r) => x + y + 0.05 * Math.sin(7 * i + 3 * j + r));
      points.push({ unit: [x, y], moments: [m] });
    }
  }
  const targets = [target("s_mean", 1, 0.02)];
  const W = [[1 / 0.0004]];
  const losses = points.map((p) => loss([p.moments[0].reduce((a, b) => a + b) / 3], targets, W));
  const best = losses.indexOf(Math.min(...losses));
  const boot = bootstrap(points, targets, W, best, 200, 1);
  assert.equal(boot.estimates.length, 200);
  const warnings = identifiability(
    ["x", "y"],
    [
      { path: "x", unit: [0.1, 0.5, 0.9], loss: [0.1, 0.2, 0.15], method: "points" },
      { path: "y", unit: [0.1, 0.5, 0.9], loss: [50, 0.1, 60], method: "points" },
    ],
    3.841,
    boot.estimates,
    [[0.1, 0.3], [0.2, 0.35]],
  );
  const kinds = warnings.map((w) => `${w.kind}:${w.parameters.join("+")}`);
  assert.ok(kinds.includes("flat:x"), kinds.join());
  assert.ok(!kinds.includes("flat:y"), "y's profile rises");
  assert.ok(kinds.includes("tradeoff:x+y"), kinds.join());
});

Deno.test("Sobol' indices of the Ishigami function match the analytic values within 0.02, and converge", () => {
  const A = 7;
  const B = 0.1;
  const ishigami = (u: number[]) => {
    const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v);
    return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
  };
  const V1 = 0.5 * (1 + (B * Math.PI ** 4) / 5) ** 2;
  const V2 = A ** 2 / 8;
  const V13 = B ** 2 * Math.PI ** 8 * (1 / 18 - 1 / 50);
  const V = V1 + V2 + V13;
  const y = saltelli(4096, 3, { secondOrder: false }).map(ishigami);
  const s = sobolWithConvergence(y, 3, 1);
  [V1 / V, V2 / V, 0].forEach((v, i) => assert.ok(Math.abs(s.S1[i] - v) < 0.02, `S1[${i}]`));
  [(V1 + V13) / V, V2 / V, V13 / V].forEach((v, i) =>
    assert.ok(Math.abs(s.ST[i] - v) < 0.02, `ST[${i}]`)
  );
  assert.ok(s.converged, `gap ${s.gap}`);
  // With 16 base samples the half-sample estimates disagree: flagged, not hidden.
  const small = sobolWithConvergence(saltelli(16, 3, { secondOrder: false }).map(ishigami), 3, 1);
  assert.equal(small.converged, false);
});

const SPEC = `name: t
scenario: tiny_island
changes: { population.persons: 1000, economy.firms: 60 }
ticks: 40
parameters:
  economy.labor.matching_efficiency: { bounds: [0.2, 0.8] }
targets:
  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }
replicates: 2
method: { budget: 40, batch: 4, starts: { points: 6 } }
`;

async function problems(text: string): Promise<ScenarioError["problems"]> {
  const dir = await Deno.makeTempDir();
  try {
    await runCalibration(await parseCalibrationSpec(text, "cal.yaml"), { out: `${dir}/c` });
  } catch (e) {
    assert.ok(e instanceof ScenarioError, String(e));
    assert.match(e.message, /^invalid calibration spec cal\.yaml:/);
    assert.ok(!(await exists(`${dir}/c`)), "nothing was written");
    return e.problems;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.fail("the spec was accepted");
}

Deno.test("bad calibration specs fail before any run, at their line", async () => {
  const unknown = await problems(SPEC.replace("labor.matching_efficiency", "labor.matching"));
  assert.equal(unknown[0].line, 6);
  assert.match(unknown[0].message, /no scenario parameter "economy\.labor\.matching"/);
  const bounds = await problems(SPEC.replace("[0.2, 0.8]", "[0.2, 40]"));
  assert.match(bounds[0].message, /bounds \[0\.2, 40\]: 40 is not allowed .* in 0\.\.30/);
  const moment = await problems(SPEC.replace("unemployment_rate_mean", "unemployment_mean"));
  assert.equal(moment[0].path, "targets");
  assert.match(
    moment[0].message,
    /no KPI behind the target moment unemployment_mean \(a moment is <kpi>_<moment>\)/,
  );
  const suffix = await problems(SPEC.replace("unemployment_rate_mean", "unemployment_rate_avg"));
  assert.equal(suffix[0].line, 8);
  assert.match(suffix[0].message, /is not a moment: write <kpi>_<moment>/);
  const budget = await problems(SPEC.replace("budget: 40", "budget: 12"));
  assert.equal(budget[0].line, 10);
  assert.match(budget[0].message, /budget of 12 runs does not pay .* give at least 20/);
  const noVariance = await problems(
    SPEC.replace(", se: 0.01", "").replace("replicates: 2", "replicates: 1"),
  );
  assert.match(noVariance[0].message, /diagonal weighting estimates the moments' variances/);
});

Deno.test("a calibration recovers two labor-market parameters within 10% and 5% of their ranges", async () => {
  // The targets are the model's moments at the true values on the calibration's own seeds
  // (common random numbers), so the loss is zero at the truth: this measures the search. The
  // statistical precision with independent data is the bench's (README, calibration).
  const dir = await Deno.makeTempDir({ prefix: "calibration_recovery_" });
  try {
    const truth = { me: 0.5, quit: 0.0002 };
    // From the solved start (no settling days), whose first months both parameters move
    // most: this measures the search, and 150 days of the settled economy identify the
    // matching efficiency less well (9.4% off with the same budget, 2026-12-04).
    const base = { "population.persons": 2000, "economy.firms": 125, "economy.settle_days": 0 };
    const kpis = ["unemployment_rate", "hires", "job_to_job", "quits"];
    await runSweep(
      sweepSpec({
        name: "truth",
        scenario: "tiny_island",
        changes: base,
        ticks: 150,
        parameters: {
          "economy.labor.matching_efficiency": { values: [truth.me] },
          "economy.labor.quit_rate": { values: [truth.quit] },
        },
        seeds: [1, 2, 3],
        record: { kpis, moments: ["mean"], window: { from: 60 }, series: false },
      }),
      { out: `${dir}/truth`, workers: 2 },
    );
    const targets = await simulatedTargets(
      `${dir}/truth`,
      kpis.map((k) => `${k}_mean`),
      "the truth",
    );
    const spec = await parseCalibrationSpec(
      `name: recover
scenario: tiny_island
changes: { population.persons: 2000, economy.firms: 125, economy.settle_days: 0 }
ticks: 150
window: { from: 60 }
parameters:
  economy.labor.matching_efficiency: { bounds: [0.2, 0.8] }
  economy.labor.quit_rate: { bounds: [0.00005, 0.0005], scale: log }
targets:
${targetsYaml(targets)}
replicates: 3
method: { budget: 90, batch: 4, starts: { design: halton, points: 8 }, search: gp_moments, refine: 0.25, seed: 3 }
`,
      "<test>",
    );
    const state = await runCalibration(spec, { out: `${dir}/cal`, workers: 2 });
    const [me, quit] = state.result!.estimates;
    const errMe = Math.abs(me.value - truth.me) / 0.6;
    const errQuit = Math.abs(Math.log(quit.value / truth.quit)) / Math.log(10);
    // The matching efficiency within 10% of its range, the quit rate within 5%. Since overtime
    // is paid at time and a half (2026-12-05, night) the search lands 5.6% below the truth on
    // this seed (3.96%, 4.03% and 3.71% with method seeds 1, 2 and 4; 1.75% before the change;
    // the same with 120 runs, or with the vacancy rate as a fifth target); since dividends come
    // out of profits only (2026-12-07) 8.1% (8.0%, 7.1% and 7.1% with method seeds 1, 2 and 4):
    // on every method seed the best point lies at 0.451-0.457. At this size the moments do not
    // move monotonically with the matching efficiency (over seeds 1-3, mean unemployment 8.48%
    // at 0.45, 8.11% at 0.48, 8.24% at 0.5 and 8.11% at 0.52; hires 3.96, 4.03, 3.93 and 4.02 a
    // day), so the objective identifies it to about a tenth of its range, not the search's
    // doing. The quit rate is 1.2% off.
    assert.ok(errMe < 0.1, `matching efficiency ${me.value}: ${(errMe * 100).toFixed(1)}% off`);
    assert.ok(errQuit < 0.05, `quit rate ${quit.value}: ${(errQuit * 100).toFixed(1)}% off`);
    assert.ok(state.evaluations.length * 3 <= 90, "within the budget");
    assert.ok(me.interval[0] <= me.value && me.value <= me.interval[1]);
    assert.equal(state.result!.fit.length, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a killed calibration continues to exactly the result of an uninterrupted one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "calibration_resume_" });
  try {
    await Deno.writeTextFile(`${dir}/spec.yaml`, SPEC.replace("budget: 40", "budget: 44"));
    const whole = await runCalibration(await loadCalibrationSpec(`${dir}/spec.yaml`), {
      out: `${dir}/whole`,
      workers: 2,
    });
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}main.ts`, "calibrate", `${dir}/spec.yaml`, "--out", `${dir}/cut`],
      stdout: "null",
      stderr: "null",
    }).spawn();
    let batches = 0;
    for (let i = 0; i < 600 && batches < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      batches = (await readState(`${dir}/cut`).catch(() => null))?.batches ?? 0;
    }
    child.kill("SIGKILL");
    await child.status;
    const cut = await readState(`${dir}/cut`);
    assert.ok(cut && cut.batches >= 2 && !cut.done, "killed after two batches, before the end");
    const resumed = await runCalibration(await loadCalibrationSpec(`${dir}/spec.yaml`), {
      out: `${dir}/cut`,
      workers: 1,
    });
    assert.deepEqual(resumed, whole);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main.ts calibrate --report runs a calibration and writes a self-contained HTML report", async () => {
  const dir = await Deno.makeTempDir({ prefix: "calibration_report_" });
  try {
    await Deno.writeTextFile(
      `${dir}/spec.yaml`,
      SPEC.replace("budget: 40", "budget: 32").replace(
        "points: 6 } }",
        "points: 6 }, baseline: true }",
      ),
    );
    const r = await runMain(
      dir,
      "calibrate",
      "spec.yaml",
      "--out",
      "out",
      "--report",
      "r.html",
      "--quiet",
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /economy\.labor\.matching_efficiency = [0-9.]+ {2}95% \[/);
    assert.match(
      r.stdout,
      /Halton baseline: best loss [0-9.e+-]+ after 32 runs; the search reached/,
    );
    assert.match(r.stdout, /report: .*r\.html/);
    const html = await Deno.readTextFile(`${dir}/r.html`);
    assert.ok(!/<script[^>]+src=|<link[^>]+href="http/.test(html), "no external scripts or styles");
    for (
      const section of [
        "economy.labor.matching_efficiency",
        "unemployment_rate_mean",
        "<svg",
        "Halton baseline",
      ]
    ) {
      assert.ok(html.includes(section), `the report shows ${section}`);
    }
    assert.ok((await readState(`${dir}/out`))?.done);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the asymptotic MSM standard errors are (G'Ω⁻¹G)^-½ for a linear model with efficient weights", () => {
  // Two moments, linear in two parameters: m = G u, G = [[2, 0], [1, 3]]; Ω = diag(0.01, 0.04).
  const G = [[2, 0], [1, 3]];
  const points = [];
  for (let i = 0; i <= 4; i++) {
    for (let j = 0; j <= 4; j++) {
      const u = [0.3 + 0.05 * i, 0.4 + 0.05 * j];
      const m = G.map((row) => row[0] * u[0] + row[1] * u[1]);
      points.push({ unit: u, moments: m.map((v) => [v, v]) });
    }
  }
  const targets = [target("a_mean", 0, 0.1), target("b_mean", 0, 0.2)];
  const omega = [[0.01, 0], [0, 0.04]];
  const W = [[100, 0], [0, 25]];
  const se = msmStandardErrors(points, 12, targets, W, omega);
  // (G'Ω⁻¹G) = [[2·2·100 + 1·1·25, 1·3·25], [3·1·25, 3·3·25]] = [[425, 75], [75, 225]].
  const det = 425 * 225 - 75 * 75;
  assert.ok(Math.abs(se[0] - Math.sqrt(225 / det)) < 1e-9, `${se[0]}`);
  assert.ok(Math.abs(se[1] - Math.sqrt(425 / det)) < 1e-9, `${se[1]}`);
});

Deno.test("the example calibration specs in scenarios/calibrations/ parse", async () => {
  const dir = new URL("../../scenarios/calibrations/", import.meta.url);
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".yaml"));
  assert.ok(names.length >= 2);
  for (const name of names) {
    const spec = await loadCalibrationSpec(new URL(name, dir).pathname);
    assert.ok(spec.parameters.length > 0 && spec.targets.length + spec.factTargets.length > 0);
  }
});

Deno.test("a target may be measured over a window of its own", async () => {
  const dir = await Deno.makeTempDir({ prefix: "calibration_window_" });
  try {
    const spec = await parseCalibrationSpec(
      SPEC.replace(
        "  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }",
        "  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }\n" +
          "  - { moment: unemployment_rate_mean, window: { from: 10, to: 30 }, value: 0.06, se: 0.01 }",
      ).replace("budget: 40", "budget: 20").replace("points: 6", "points: 6, design: lhs"),
      "<test>",
    );
    const state = await runCalibration(spec, { out: `${dir}/c`, workers: 2 });
    assert.deepEqual(state.columns, ["unemployment_rate_mean", "unemployment_rate_mean_10_30"]);
    assert.equal(state.result!.fit[1].moment, "unemployment_rate_mean (days 10-30)");
    // The windowed moment is the mean of the KPI over days 10..30 of the same run.
    const e = state.evaluations[0];
    const config = withChanges(await loadScenario("tiny_island"), {
      ...spec.changes,
      ...e.values,
      random_seed: 1,
    } as never);
    const { sim } = await runScenario(config, { ticks: 40, out: null });
    const u = sim.world.kpis.series("unemployment_rate");
    const ticks = sim.world.kpis.ticks;
    const inWindow = [...u].filter((_, r) => ticks[r] >= 10 && ticks[r] <= 30);
    const mean = inWindow.reduce((a, b) => a + b, 0) / inWindow.length;
    assert.ok(
      Math.abs((e.moments[1][0] as number) - mean) < 1e-12,
      `${e.moments[1][0]} vs ${mean}`,
    );
    assert.notEqual(e.moments[1][0], e.moments[0][0], "another window, another value");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a target's moment splits at the KPI the scenario declares, filtered moments included", () => {
  const declared = ["unemployment_rate", "gdp_real", "price_cv_food"];
  assert.deepEqual(splitMoment("unemployment_rate_hp_sd", declared), [
    "unemployment_rate",
    "hp_sd",
  ]);
  assert.deepEqual(splitMoment("unemployment_rate_sd", declared), ["unemployment_rate", "sd"]);
  assert.deepEqual(splitMoment("gdp_real_hp_pct_sd", declared), ["gdp_real", "hp_pct_sd"]);
  assert.deepEqual(splitMoment("price_cv_food_ac1", declared), ["price_cv_food", "ac1"]);
  assert.equal(splitMoment("unemployment_hp_sd", declared), null);
});

Deno.test("a calibration target may be a co-movement, over the spec's window only", async () => {
  const spec = await parseCalibrationSpec(
    SPEC.replace(
      "  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }",
      "  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }\n" +
        "  - { moment: corr_consumption_real__gdp_real, value: 0.8, se: 0.1 }",
    ),
    "<test>",
  );
  assert.equal(spec.targets[1].moment, "corr_consumption_real__gdp_real");
  const bad = await problems(
    SPEC.replace(
      "  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }",
      "  - { moment: corr_consumption_real__gdp_real, window: { from: 1, to: 30 }, value: 0.8 }",
    ),
  );
  assert.match(bad[0].message, /a co-movement is measured over the spec's `window:`/);
});
