import assert from "node:assert/strict";
import { join } from "node:path";
import { type Displayable, JUPYTER_DISPLAY } from "../../analysis/display.ts";
import { runSweepLive } from "../../analysis/live.ts";
import type { SweepResults } from "../../analysis/sweep.ts";
import { openSweep } from "../../analysis/sweep_sources.ts";
import { runSweep, sweepSpec } from "../../sweep/run.ts";

const TMP = await Deno.makeTempDir({ prefix: "panarchy-open-sweep-" });
globalThis.addEventListener("unload", () => Deno.removeSync(TMP, { recursive: true }));

const CONSUME = "economy.households.consume_income";
const MATCHING = "economy.labor.matching_efficiency";
const TICKS = 30;

/** A 2 x 2 grid x 2 seeds on a 1000-person island, run through runSweepLive (progress kept). */
const progress: string[] = [];
let gridSweep: Promise<SweepResults> | undefined;
function grid(): Promise<SweepResults> {
  gridSweep ??= runSweepLive(
    sweepSpec({
      name: "grid",
      scenario: "tiny_island",
      changes: { "population.persons": 1000, "economy.firms": 60 },
      ticks: TICKS,
      parameters: { [CONSUME]: { values: [0.75, 0.9] }, [MATCHING]: { values: [0.3, 0.6] } },
      replicates: 2,
      record: { kpis: ["unemployment_rate", "cpi", "gdp_real"], moments: ["mean", "sd", "last"] },
    }),
    { out: join(TMP, "grid"), workers: 2, display: { fallback: (t) => progress.push(t) } },
  );
  return gridSweep;
}

/** A Saltelli design over 2 parameters, 8 samples (48 points), one seed, 600 persons. */
let saltelliSweep: Promise<SweepResults> | undefined;
function saltelli(): Promise<SweepResults> {
  saltelliSweep ??= runSweep(
    sweepSpec({
      name: "saltelli",
      scenario: "tiny_island",
      changes: { "population.persons": 600, "economy.firms": 40 },
      ticks: 20,
      parameters: { [CONSUME]: { range: [0.7, 0.95] }, [MATCHING]: { range: [0.3, 0.6] } },
      design: { type: "saltelli", samples: 8 },
      replicates: 1,
      record: { kpis: ["unemployment_rate", "gdp_real"], moments: ["mean"], series: false },
    }),
    { out: join(TMP, "saltelli"), workers: 2 },
  ).then((r) => openSweep(r.dir));
  return saltelliSweep;
}

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

/** The markup of Plot's `<g aria-label="label">` group (the marks of one mark call). */
function groups(svg: string, label: string): string[] {
  const out: string[] = [];
  let at = svg.indexOf(`aria-label="${label}"`);
  while (at >= 0) {
    const end = svg.indexOf("</g>", at);
    out.push(svg.slice(at, end));
    at = svg.indexOf(`aria-label="${label}"`, end);
  }
  return out;
}

Deno.test("runSweepLive() runs the sweep with its progress in one display and opens it", async () => {
  const sweep = await grid();
  assert.equal(sweep.plan.runs.length, 8);
  assert.ok(progress[0].includes("planning"), progress[0]);
  assert.ok(progress.some((t) => /8 \/ 8 runs/.test(t) && /0 failed/.test(t)), progress.join("\n"));
  assert.match(progress.at(-1)!, /sweep grid: 8 runs done · 0 failed/);
  assert.equal(sweep.source, "results");
  const html = sweep[JUPYTER_DISPLAY]()["text/html"];
  assert.match(html, /PANARCHY sweep<\/b> grid · grid · 4 points × 2 seeds/);
  assert.match(html, /8 ok, 0 failed, 0 missing/);
  assert.ok(html.includes(CONSUME) && html.includes("0.75, 0.9"));
});

Deno.test("a sweep's frame has one row per run and the plan's parameter values", async () => {
  const sweep = await grid();
  assert.deepEqual(sweep.parameters, [CONSUME, MATCHING]);
  assert.deepEqual(
    sweep.measures,
    ["unemployment_rate", "cpi", "gdp_real"].flatMap((k) => [`${k}_mean`, `${k}_sd`, `${k}_last`]),
  );
  const df = sweep.frame();
  assert.deepEqual(df.shape, [8, 7 + 2 + 9]);
  const rows = sweep.rows();
  assert.deepEqual(
    rows.map((r) => [r.point, r.seed]),
    sweep.plan.runs.map((r) => [r.point, r.seed]),
  );
  for (const r of rows) {
    const values = sweep.plan.points[r.point as number].values;
    assert.equal(r[CONSUME], values[CONSUME]);
    assert.equal(r[MATCHING], values[MATCHING]);
    assert.equal(r.status, "ok");
    assert.ok(Number.isFinite(r.unemployment_rate_mean));
  }
  assert.deepEqual(df.column(CONSUME).values, rows.map((r) => r[CONSUME]));
  assert.deepEqual(sweep.failures(), []);
  const none = sweep.frame({ status: "failed" });
  assert.deepEqual(none.shape, [0, 18]);
  assert.match((none as unknown as Displayable)[JUPYTER_DISPLAY]()["text/html"], /<table/);
  assert.equal(sweep.frame({ status: "all" }).shape[0], 8);
});

Deno.test("openSweep() reads the run files when the merge is missing, with point and seed from the folders", async () => {
  const sweep = await grid();
  const results = join(sweep.dir, "results.parquet");
  await Deno.rename(results, results + ".aside");
  try {
    const fromRuns = await openSweep(sweep.dir);
    assert.equal(fromRuns.source, "runs");
    assert.deepEqual(fromRuns.rows(), sweep.rows());
  } finally {
    await Deno.rename(results + ".aside", results);
  }
});

Deno.test("summary() gives per point the mean, sd, min and max over the replicates", async () => {
  const sweep = await grid();
  const measure = "gdp_real_mean";
  const s = sweep.summary(measure);
  assert.deepEqual(s.columns, ["point", CONSUME, MATCHING, "n", "mean", "sd", "min", "max"]);
  assert.equal(s.shape[0], 4);
  const rows = sweep.rows();
  const means = s.column("mean").values as number[];
  const sds = s.column("sd").values as number[];
  for (let p = 0; p < 4; p++) {
    const v = rows.filter((r) => r.point === p).map((r) => r[measure] as number);
    assert.equal(v.length, 2);
    const m = (v[0] + v[1]) / 2;
    assert.ok(Math.abs(means[p] - m) <= 1e-9 * Math.abs(m), `point ${p}: ${means[p]} vs ${m}`);
    assert.ok(Math.abs(sds[p] - Math.abs(v[0] - v[1]) / Math.SQRT2) <= 1e-6 * Math.abs(m));
    assert.equal((s.column("min").values as number[])[p], Math.min(...v));
    assert.equal((s.column("max").values as number[])[p], Math.max(...v));
    assert.equal((s.column(CONSUME).values as number[])[p], sweep.plan.points[p].values[CONSUME]);
  }
  assert.throws(() => sweep.summary("gdp_real"), /no measure "gdp_real"; similar: gdp_real_mean/);
});

Deno.test("series() is a long table of every run's KPI: runs x ticks rows", async () => {
  const sweep = await grid();
  const df = await sweep.series("cpi");
  assert.deepEqual(df.columns, ["point", "seed", "tick", "value"]);
  assert.equal(df.shape[0], 8 * TICKS);
  const ticks = df.column("tick").values as number[];
  assert.deepEqual(ticks.slice(0, TICKS), Array.from({ length: TICKS }, (_, i) => i + 1));
  const last = (df.column("value").values as number[])[TICKS - 1];
  assert.equal(last, sweep.rows()[0].cpi_last);
  await assert.rejects(() => sweep.series("population"), /did not record the KPI "population"/);
});

Deno.test("plotParameter() draws the mean per value with a band, one line per value of color", async () => {
  const sweep = await grid();
  const plain = sweep.plotParameter("unemployment_rate_mean", CONSUME).svg;
  assert.ok(plain.startsWith("<svg"));
  assert.equal(count(groups(plain, "dot").join(""), /<circle/g), 2);
  assert.equal(groups(plain, "line").length, 1);
  assert.equal(groups(plain, "area").length, 1);
  const split = sweep.plotParameter("unemployment_rate_mean", CONSUME, {
    color: MATCHING,
    band: "sd",
  }).svg;
  assert.equal(count(groups(split, "dot").join(""), /<circle/g), 4);
  assert.equal(groups(split, "line").length, 2);
  assert.equal(groups(split, "area").length, 2);
  assert.ok(split.includes(`${MATCHING} = 0.3`) && split.includes("mean ± sd over runs"));
  const bare = sweep.plotParameter("cpi_last", MATCHING, { band: "none" }).svg;
  assert.equal(groups(bare, "area").length, 0);
  assert.throws(() => sweep.plotParameter("cpi_last", "economy.firms"), /does not vary/);
});

Deno.test("heatmap() has one cell per grid point, each labeled with its mean", async () => {
  const sweep = await grid();
  const svg = sweep.heatmap("gdp_real_mean", CONSUME, MATCHING).svg;
  assert.equal(count(groups(svg, "cell").join(""), /<rect/g), 4);
  assert.equal(count(groups(svg, "text").join(""), /<text/g), 4);
  assert.ok(svg.includes("mean of gdp_real_mean"));
});

Deno.test("fan() draws nested quantile bands and a median over time", async () => {
  const sweep = await grid();
  const all = (await sweep.fan("unemployment_rate")).svg;
  assert.equal(groups(all, "area").length, 2);
  assert.equal(groups(all, "line").length, 1);
  assert.ok(all.includes("5–95 %") && all.includes("median") && all.includes("8 runs"));
  const one = (await sweep.fan("cpi", { point: 2, quantiles: [0.1, 0.9] })).svg;
  assert.equal(groups(one, "area").length, 1);
  assert.equal(groups(one, "line").length, 0);
  assert.ok(one.includes("point 2, 2 replicates"));
  await assert.rejects(() => sweep.fan("cpi", { point: 9 }), /has no point 9/);
});

Deno.test("sobol() gives S1 and ST per parameter on a Saltelli sweep and refuses a grid", async () => {
  const sweep = await saltelli();
  assert.equal(sweep.plan.points.length, 8 * 6);
  const t = sweep.sobol("unemployment_rate_mean", { confidence: true });
  assert.deepEqual(t.rows.map((r) => r.parameter), [CONSUME, MATCHING]);
  assert.deepEqual(t.columns, ["S1", "S1_conf", "ST", "ST_conf"]);
  for (const r of t.rows) for (const c of t.columns) assert.ok(Number.isFinite(r[c]), `${c}`);
  assert.ok(t.get(CONSUME).ST as number >= 0);
  assert.deepEqual(t.frame().shape, [2, 5]);
  assert.match(t[JUPYTER_DISPLAY]()["text/html"], /Sobol&#39; indices of unemployment_rate_mean/);
  assert.throws(() => sweep.morris("unemployment_rate_mean"), /morris\(\) needs a morris sweep/);
  const g = await grid();
  assert.throws(
    () => g.sobol("unemployment_rate_mean"),
    /sobol\(\) needs a saltelli sweep, but .* is a grid design/,
  );
  await assert.rejects(() => sweep.fan("gdp_real"), /kept no series/);
});

Deno.test("openSweep() names the folder and the fix when it is not a sweep or has no runs", async () => {
  const empty = await Deno.makeTempDir({ dir: TMP });
  await assert.rejects(() => openSweep(empty), /is not a sweep folder \(no sweep.json\)/);
  const sweep = await grid();
  await Deno.copyFile(join(sweep.dir, "sweep.json"), join(empty, "sweep.json"));
  await assert.rejects(
    () => openSweep(empty),
    (e: Error) => e.message.includes(empty) && /has no runs yet/.test(e.message),
  );
});

Deno.test("morris() gives mu, mu* and sigma per parameter from the points' unit coordinates", async () => {
  const r = await runSweep(
    sweepSpec({
      name: "morris",
      scenario: "tiny_island",
      changes: { "population.persons": 600, "economy.firms": 40 },
      ticks: 20,
      parameters: { [CONSUME]: { range: [0.7, 0.95] }, [MATCHING]: { range: [0.3, 0.6] } },
      design: { type: "morris", samples: 3, levels: 4 },
      record: { kpis: ["gdp_real"], moments: ["mean"], series: false },
    }),
    { out: join(TMP, "morris"), workers: 2 },
  );
  const sweep = await openSweep(r.dir);
  assert.equal(sweep.plan.points.length, 3 * 3);
  const t = sweep.morris("gdp_real_mean");
  assert.deepEqual(t.columns, ["mu", "mu_star", "sigma"]);
  assert.deepEqual(t.rows.map((x) => x.parameter), [CONSUME, MATCHING]);
  for (const row of t.rows) {
    assert.ok(Number.isFinite(row.mu) && Number.isFinite(row.sigma));
    assert.ok((row.mu_star as number) >= Math.abs(row.mu as number) - 1e-9);
  }
  assert.throws(() => sweep.sobol("gdp_real_mean"), /needs a saltelli sweep, but .* is a morris/);
});
