import assert from "node:assert/strict";
import { withChanges } from "../../analysis/changes.ts";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import { forkRun, plotFork } from "../../analysis/fork.ts";
import { openRun, runFromResult } from "../../analysis/run_sources.ts";
import { runScenario } from "../../engine/run.ts";
import { loadScenario } from "../../engine/scenario/load.ts";

const config = withChanges(await loadScenario("tiny_island"), {
  "population.persons": 20_000,
  "snapshot.interval_days": 30,
});
const tmp = await Deno.makeTempDir({ prefix: "panarchy-fork-test-" });
const runDir = `${tmp}/run`;
// The source run: 60 ticks, snapshots at 0, 30, 60.
await runScenario(config, { ticks: 60, out: runDir });
const snapshot = `${runDir}/tick=30`;
const SHOCK_AT = 40;
const fork = await forkRun(snapshot, {
  ticks: 30,
  shocks: [{
    at: SHOCK_AT,
    parameter: "economy.households.consume_income",
    op: "scale",
    value: 0.8,
  }],
});

Deno.test("forkRun() branches agree before the shock and differ after it", () => {
  const { baseline, branch, diff } = fork;
  assert.equal(fork.tick, 30);
  assert.equal(baseline.defaultTick, 60);
  assert.equal(branch.defaultTick, 60);
  assert.deepEqual(Array.from(baseline.ticks()), Array.from(branch.ticks()));
  const t = baseline.ticks();
  let differsAfter = false;
  for (const k of baseline.kpiNames) {
    const a = baseline.kpiSeries(k);
    const b = branch.kpiSeries(k);
    for (let i = 0; i < t.length; i++) {
      const same = a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i]));
      if (t[i] < SHOCK_AT) assert.ok(same, `${k} differs at tick ${t[i]}, before the shock`);
      else if (!same) differsAfter = true;
    }
  }
  assert.ok(differsAfter, "the demand shock changed nothing");
  // The diff covers the ticks from the fork on and sees the spending cut.
  assert.equal(diff.tick[0], 30);
  assert.equal(diff.tick[diff.tick.length - 1], 60);
  const first = diff.firstDifference("gdp_nominal");
  assert.ok(first !== undefined && first >= SHOCK_AT, `first difference at ${first}`);
  assert.ok(diff.maxAbs("gdp_nominal") > 0);
});

Deno.test("forkRun()'s baseline reproduces the uninterrupted run (same seed, same draws)", async () => {
  const source = await openRun(runDir);
  for (const k of ["population", "births", "gdp_nominal", "unemployment_rate"]) {
    assert.deepEqual(Array.from(fork.baseline.kpiSeries(k)), Array.from(source.kpiSeries(k)), k);
  }
  assert.deepEqual(
    Array.from(fork.baseline.column("persons", "wealth")),
    Array.from(source.column("persons", "wealth", 60)),
  );
});

Deno.test("forkRun() without changes gives a zero diff", async () => {
  const same = await forkRun(await openRun(runDir), { ticks: 5, tick: 30, kpis: ["population"] });
  assert.equal(same.diff.firstDifference("population"), undefined);
  assert.equal(same.diff.maxAbs("population"), 0);
  assert.deepEqual(same.diff.names, ["population"]);
});

Deno.test("forkRun() applies parameter changes from the snapshot on", async () => {
  const f = await forkRun(snapshot, {
    ticks: 20,
    changes: { "population_params.fertility_base": 6 },
    kpis: ["births"],
  });
  assert.equal(f.branch.scenario.population_params.fertility_base, 6);
  assert.equal(f.baseline.scenario.population_params.fertility_base, 1.9);
  assert.ok(f.diff.maxAbs("births") > 0);
  assert.ok(f.diff.firstDifference("births")! >= 30);
});

Deno.test("forkRun() names a bad change, shock, seed or source", async () => {
  await assert.rejects(
    () => forkRun(snapshot, { ticks: 1, changes: { "economy.households.consume_everything": 1 } }),
    /no parameter "consume_everything" in economy.households/,
  );
  await assert.rejects(
    () =>
      forkRun(snapshot, { ticks: 1, shocks: [{ at: 31, parameter: "economy.goods", value: 1 }] }),
    /shock parameter "economy.goods" is a object, not a number/,
  );
  await assert.rejects(
    () => forkRun(snapshot, { ticks: 1, changes: { random_seed: 3 } }),
    /keeps the baseline's random_seed/,
  );
  await assert.rejects(() => forkRun(`${runDir}/tick=31`, { ticks: 1 }), /no snapshot at tick 31/);
  await assert.rejects(() => forkRun(runDir, { ticks: 1 }), /not a snapshot address/);
  await assert.rejects(() => forkRun(fork.branch, { ticks: 1 }), /held in memory/);
});

Deno.test("a fork displays its diff and plots both branches", () => {
  const html = fork.diff[JUPYTER_DISPLAY]()["text/html"];
  assert.match(html, /branch − baseline, ticks 30–60/);
  assert.match(html, /gdp_nominal/);
  assert.equal(fork.diff.frame().shape[0], 31); // ticks 30 (the shared start) to 60
  const fig = fork.plot("gdp_nominal");
  assert.match(fig.svg, /baseline/);
  assert.match(fig.svg, /branch/);
  assert.match(plotFork(fork, "population").svg, /<svg/);
  assert.equal(runFromResult(fork.baseline.result!).defaultTick, 60);
});
