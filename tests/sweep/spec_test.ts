/**
 * Sweep specs: what a good spec plans, and the line-numbered errors of bad ones, all before
 * any run starts.
 */
import assert from "node:assert/strict";
import { ScenarioError } from "../../engine/scenario/validate.ts";
import { designPoints, planSweep } from "../../sweep/plan.ts";
import { loadSweepSpec, parseSweepSpec } from "../../sweep/spec.ts";
import { cycleCorrelation, momentOf } from "../../sweep/record.ts";
import { runSweep } from "../../sweep/run.ts";
import { readParquetFile } from "../../engine/snapshot/parquet.ts";
import { loadScenario } from "../../engine/scenario/load.ts";

const HEAD = "name: t\nscenario: tiny_island\nchanges: { population.persons: 1000 }\nticks: 20\n";

/** The problems of a spec that must fail (parsing, or planning when `plan`). */
async function problems(text: string, plan = false): Promise<ScenarioError["problems"]> {
  try {
    const spec = parseSweepSpec(text, "spec.yaml");
    if (plan) await planSweep(spec);
  } catch (e) {
    assert.ok(e instanceof ScenarioError, `expected a ScenarioError, got ${e}`);
    assert.match(e.message, /^invalid sweep spec spec\.yaml:/);
    return e.problems;
  }
  assert.fail("the spec was accepted");
}

Deno.test("an unknown parameter path is an error at its line, with the likely path", async () => {
  const [p] = await problems(
    HEAD + "parameters:\n  households.consume_income: { values: [0.8] }\n",
  );
  assert.equal(p.line, 6);
  assert.match(p.message, /no scenario parameter "households\.consume_income"/);
  assert.match(p.message, /did you mean economy\.households\.consume_income/);
});

Deno.test("a range outside the parameter's schema is an error naming the allowed range", async () => {
  const [p] = await problems(
    HEAD + "parameters:\n  economy.households.consume_income:\n    range: [0.5, 1.5]\n    " +
      "steps: 3\n",
  );
  assert.equal(p.line, 6);
  assert.match(p.message, /1\.5 is not allowed for economy\.households\.consume_income/);
  assert.match(p.message, /a number in 0\.\.1/);
});

Deno.test("a sampled design given a list of values asks for a range", async () => {
  const list = await problems(
    HEAD + "design: { type: lhs, samples: 8 }\nparameters:\n" +
      "  economy.households.consume_income: { values: [0.8, 0.9] }\n",
  );
  assert.equal(list[0].line, 7);
  assert.match(
    list[0].message,
    /design lhs samples continuous ranges: give `range: \[low, high\]`/,
  );
  const grid = await problems(
    HEAD + "parameters:\n  economy.households.consume_income: { range: [0.7, 0.9] }\n",
  );
  assert.match(grid[0].message, /design grid needs the points of a range: add `steps: N`/);
});

Deno.test("zero replicates, a non-power-of-two Saltelli and odd Morris levels are errors", async () => {
  const p = await problems(
    HEAD + "replicates: 0\nparameters:\n  economy.households.consume_income: { values: [0.8] }\n",
  );
  assert.equal(p[0].path, "replicates");
  assert.equal(p[0].line, 5);
  assert.match(p[0].message, /replicates must be at least 1/);
  const s = await problems(
    HEAD + "design: { type: saltelli, samples: 100 }\nparameters:\n" +
      "  economy.households.consume_income: { range: [0.7, 0.9] }\n",
  );
  assert.match(s[0].message, /power of two, got 100: use 64 or 128/);
  const m = await problems(
    HEAD + "design: { type: morris, samples: 4, levels: 5 }\nparameters:\n" +
      "  economy.households.consume_income: { range: [0.7, 0.9] }\n",
  );
  assert.match(m[0].message, /even number of levels/);
});

Deno.test("unknown keys, the seed as a parameter and a list parameter are errors", async () => {
  const p = await problems(
    HEAD + "replicate: 3\nparameters:\n  random_seed: { values: [1, 2] }\n" +
      "  economy.goods: { values: [food] }\n",
  );
  const messages = p.map((x) => `${x.line}: ${x.message}`).join("\n");
  assert.match(messages, /5: unknown key "replicate"/);
  // Schema problems are reported first; the parameters are checked once the keys are right.
  const q = await problems(
    HEAD + "parameters:\n  random_seed: { values: [1, 2] }\n" +
      "  economy.goods: { values: [food] }\n",
  );
  assert.match(q[0].message, /the seed is not a parameter of a sweep/);
  assert.match(q[1].message, /economy\.goods is a list/);
});

Deno.test("planning refuses an unknown KPI and a point that makes an invalid scenario", async () => {
  const kpi = await problems(
    HEAD + "parameters:\n  economy.households.consume_income: { values: [0.8] }\n" +
      "record: { kpis: [unemployment, cpi] }\n",
    true,
  );
  assert.equal(kpi[0].path, "record.kpis");
  assert.equal(kpi[0].line, 7);
  assert.match(
    kpi[0].message,
    /no KPI "unemployment"; the scenario's KPIs are .*unemployment_rate/,
  );
  const point = await problems(
    HEAD.replace("1000 }", "1000, population_params.fertility_max_age: 30 }") +
      "parameters:\n  population_params.fertility_min_age: { values: [18, 30] }\n",
    true,
  );
  assert.equal(point[0].path, "parameters");
  assert.match(
    point[0].message,
    /point 1 \(population_params\.fertility_min_age=30\) makes an invalid scenario: .*must be below fertility_max_age/,
  );
  const base = await problems(
    HEAD.replace("tiny_island", "no_such_island") + "parameters:\n" +
      "  economy.households.consume_income: { values: [0.8] }\n",
    true,
  );
  assert.match(base[0].message, /the base scenario cannot be used: [^]*file not found/);
});

Deno.test("a grid varies the last parameter fastest; integer and log ranges stay in range", async () => {
  const spec = parseSweepSpec(
    HEAD + "parameters:\n  economy.households.consume_income: { values: [0.8, 0.9] }\n" +
      "  economy.firms: { range: [50, 200], steps: 3, scale: log }\n",
  );
  const base = await loadScenario("tiny_island");
  const points = designPoints(spec, base).map((p) => Object.values(p.values));
  assert.deepEqual(points, [[0.8, 50], [0.8, 100], [0.8, 200], [0.9, 50], [0.9, 100], [0.9, 200]]);
  const lhs = parseSweepSpec(
    HEAD + "design: { type: lhs, samples: 40, seed: 3 }\nparameters:\n" +
      "  economy.firms: { range: [50, 60] }\n",
  );
  const firms = designPoints(lhs, base).map((p) => p.values["economy.firms"] as number);
  assert.ok(firms.every((f) => Number.isInteger(f) && f >= 50 && f <= 60));
  assert.equal(new Set(firms).size, 11, "every integer of the range is drawn");
});

Deno.test("subexperiments are the union of their grids; a parameter a grid leaves keeps its base value", async () => {
  const spec = parseSweepSpec(
    HEAD + "design:\n  type: subexperiments\n  experiments:\n" +
      "    - { economy.households.consume_income: { values: [0.8, 0.9] } }\n" +
      "    - { economy.households.consume_income: { values: [0.9] }, economy.firms: { values: [60, 70] } }\n",
  );
  const base = await loadScenario("tiny_island");
  const points = designPoints(spec, base).map((p) => p.values);
  assert.deepEqual(points, [
    { "economy.households.consume_income": 0.8, "economy.firms": base.economy.firms },
    { "economy.households.consume_income": 0.9, "economy.firms": base.economy.firms },
    { "economy.households.consume_income": 0.9, "economy.firms": 60 },
    { "economy.households.consume_income": 0.9, "economy.firms": 70 },
  ]);
});

Deno.test("every point runs with every seed, and a run's identity follows its scenario and seed", async () => {
  const text = HEAD + "parameters:\n  economy.households.consume_income: { values: [0.8, 0.9] }\n" +
    "seeds: [11, 12, 13]\n";
  const { plan } = await planSweep(parseSweepSpec(text));
  assert.deepEqual(plan.runs.map((r) => [r.point, r.seed]), [
    [0, 11],
    [0, 12],
    [0, 13],
    [1, 11],
    [1, 12],
    [1, 13],
  ]);
  assert.equal(new Set(plan.runs.map((r) => r.id)).size, 6);
  const again = await planSweep(parseSweepSpec(text));
  assert.deepEqual(again.plan.runs, plan.runs, "the same spec plans the same identities");
  const more = await planSweep(parseSweepSpec(text.replace("0.9]", "0.9, 0.95]")));
  assert.deepEqual(more.plan.runs.slice(0, 6).map((r) => r.id), plan.runs.map((r) => r.id));
  const longer = await planSweep(parseSweepSpec(text.replace("ticks: 20", "ticks: 21")));
  assert.ok(longer.plan.runs.every((r, i) => r.id !== plan.runs[i].id), "ticks change every run");
});

Deno.test("the example specs in scenarios/sweeps/ plan without error", async () => {
  const dir = new URL("../../scenarios/sweeps/", import.meta.url);
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".yaml"));
  assert.ok(names.length >= 2);
  for (const name of names) {
    const { plan } = await planSweep(await loadSweepSpec(new URL(name, dir).pathname));
    assert.ok(plan.runs.length > 0, name);
  }
});

Deno.test("a missing spec file is an error naming it", async () => {
  await assert.rejects(
    () => loadSweepSpec("/no/such/spec.yaml"),
    /invalid sweep spec \/no\/such\/spec\.yaml:\n {2}\(top level\): file not found: give the path/,
  );
});

Deno.test("the filtered moments are those of quarterly means: HP cycle sd, in percent of trend, AR(1)", () => {
  // 40 quarters of a trend with a cycle of known amplitude, each quarter 91 equal days.
  const quarters = Array.from({ length: 40 }, (_, i) => 100 + i + 2 * Math.sin(i * 0.8));
  const daily = Float64Array.from(quarters.flatMap((v) => new Array(91).fill(v)));
  const sd = momentOf(daily, "hp_sd");
  assert.ok(sd > 1 && sd < 2, `the cycle's sd ${sd} is about 2/√2`);
  const pct = momentOf(daily, "hp_pct_sd");
  assert.ok(Math.abs(pct - (100 * sd) / 120) < 0.5, `${pct}% of a trend near 120`);
  // An AR(1) with coefficient 0.8 has a first-order autocorrelation near 0.8.
  let x = 0;
  let h = 12345;
  const ar = Array.from({ length: 400 }, () => {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    x = 0.8 * x + (h / 2 ** 32 - 0.5);
    return x;
  });
  const arDaily = Float64Array.from(ar.flatMap((v) => new Array(91).fill(v)));
  assert.ok(Math.abs(momentOf(arDaily, "ac1") - 0.8) < 0.1);
  assert.ok(
    Number.isNaN(momentOf(new Float64Array(91 * 7).fill(1), "hp_sd")),
    "8 quarters at least",
  );
});

Deno.test("a co-movement is the correlation of two series' HP cycles of quarterly means", () => {
  const cycle = Array.from({ length: 40 }, (_, i) => Math.sin(i * 0.9) + 0.3 * Math.cos(i * 2.1));
  const daily = (f: (c: number, i: number) => number) =>
    Float64Array.from(cycle.flatMap((c, i) => new Array(91).fill(f(c, i))));
  const gdp = daily((c, i) => 100 + i + 2 * c);
  const consumption = daily((c, i) => 60 + 0.5 * i + c);
  const unemployment = daily((c) => 0.06 - 0.01 * c);
  assert.ok(cycleCorrelation(gdp, consumption) > 0.99);
  assert.ok(cycleCorrelation(gdp, unemployment) < -0.99);
  assert.ok(
    Number.isNaN(cycleCorrelation(gdp.subarray(0, 91 * 7), consumption.subarray(0, 91 * 7))),
  );
});

Deno.test("a sweep records co-movements of named KPIs and refuses unknown ones", async () => {
  const text = HEAD.replace("ticks: 20", "ticks: 740") +
    "parameters:\n  economy.households.consume_income: { values: [0.9] }\n" +
    "record: { kpis: [gdp_real], moments: [mean], series: false, " +
    "correlations: [[consumption_real, gdp_real]] }\n";
  const dir = await Deno.makeTempDir({ prefix: "sweep_corr_" });
  try {
    const r = await runSweep(parseSweepSpec(text), { out: `${dir}/s`, workers: 1 });
    const [row] = (await readParquetFile(`${dir}/s/results.parquet`)).toArray().map((x) =>
      x.toJSON()
    );
    const c = row.corr_consumption_real__gdp_real as number;
    assert.equal(r.merge?.ok, 1);
    assert.ok(c >= -1 && c <= 1, `corr ${c}`);
    const bad = await problems(
      text.replace("[consumption_real, gdp_real]", "[consumption, gdp_real]"),
      true,
    );
    assert.equal(bad[0].path, "record.kpis");
    assert.match(bad[0].message, /no KPI "consumption"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
