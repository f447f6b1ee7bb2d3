import assert from "node:assert/strict";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import { runLive } from "../../analysis/live.ts";
import { openRun, runFromResult, runFromTables } from "../../analysis/run_sources.ts";
import { changesBetween, withChanges } from "../../analysis/changes.ts";
import { runScenario } from "../../engine/run.ts";
import { loadScenario } from "../../engine/scenario/load.ts";

const config = withChanges(await loadScenario("tiny_island"), {
  "population.persons": 20_000,
  "snapshot.interval_days": 15,
});
const tmp = await Deno.makeTempDir({ prefix: "panarchy-run-test-" });
const runDir = `${tmp}/run`;
const onDisk = await runScenario(config, { ticks: 30, out: runDir });
const inMemory = await runScenario(config, { ticks: 30, out: null });

Deno.test("openRun() reads the manifest, KPIs and snapshots of a run directory", async () => {
  const run = await openRun(runDir);
  assert.equal(run.dir, runDir);
  assert.equal(run.name, "tiny_island");
  assert.equal(run.seed, 7);
  assert.deepEqual(run.snapshots, [0, 15, 30]);
  assert.equal(run.defaultTick, 30);
  assert.ok(run.kpiNames.includes("population"));
  assert.equal(run.ticks().length, 30);
  assert.equal(run.kpiSeries("population").length, 30);
  assert.equal(run.table("persons").numRows, onDisk.sim.world.tables.persons.length);
  assert.equal(run.table("persons", 0).numRows, 20_000);
});

Deno.test("a run in memory and the same run on disk give the same KPIs and tables", async () => {
  const disk = await openRun(runDir);
  const mem = runFromResult(inMemory);
  assert.equal(mem.dir, null);
  assert.deepEqual(mem.snapshots, [30]);
  assert.deepEqual(mem.kpiNames, disk.kpiNames);
  for (const k of ["population", "births", "deaths", "gdp_nominal"].filter((k) => disk.hasKpi(k))) {
    assert.deepEqual(Array.from(mem.kpiSeries(k)), Array.from(disk.kpiSeries(k)), k);
  }
  for (const table of ["persons", "households", "firms"]) {
    const a = mem.table(table);
    const b = disk.table(table);
    assert.equal(a.numRows, b.numRows, table);
    for (const f of b.schema.fields) {
      if (f.name === "skills" || f.name === "inventory") continue;
      assert.deepEqual(
        Array.from(mem.column(table, f.name)),
        Array.from(disk.column(table, f.name)),
        `${table}.${f.name}`,
      );
    }
  }
});

Deno.test("openRun() on a snapshot address makes it the default tick", async () => {
  const run = await openRun(`${runDir}/tick=15`);
  assert.equal(run.defaultTick, 15);
  assert.equal(run.snapshotPath(), `${runDir}/tick=15`);
  await assert.rejects(() => openRun(`${runDir}/tick=16`), /not a snapshot .*0, 15, 30/);
});

Deno.test("KPI row N and snapshot tick=N describe the same day", async () => {
  const run = await openRun(runDir);
  const ticks = Array.from(run.ticks());
  assert.deepEqual([ticks[0], ticks[ticks.length - 1]], [1, 30]);
  for (const t of [15, 30]) {
    const row = ticks.indexOf(t);
    assert.equal(run.kpiSeries("population")[row], run.table("persons", t).numRows, `tick ${t}`);
  }
});

Deno.test("openRun() names what is missing", async () => {
  await assert.rejects(() => openRun(`${tmp}/nope`), new RegExp(`${tmp}/nope not found`));
  // A relative path says where it was resolved from (a notebook's cwd is its own folder).
  await assert.rejects(
    () => openRun("../snapshots/nope"),
    (e: Error) => {
      assert.match(e.message, /\.\.\/snapshots\/nope \(\/.*\/snapshots\/nope, resolved from \//);
      assert.ok(e.message.includes(Deno.cwd()));
      return true;
    },
  );
  await Deno.mkdir(`${tmp}/empty`);
  await assert.rejects(() => openRun(`${tmp}/empty`), /empty\/manifest.json not found/);
  // A scenario folder holding runs: the message lists them.
  await assert.rejects(() => openRun(tmp), new RegExp(`holds runs: ${runDir}`));
  // A run missing a snapshot file: the error names the file when the table is read.
  const broken = `${tmp}/broken`;
  await Deno.mkdir(broken);
  await Deno.copyFile(`${runDir}/manifest.json`, `${broken}/manifest.json`);
  const run = await openRun(broken);
  assert.throws(
    () => run.table("persons"),
    /broken\/persons\/tick=30\/part-0.parquet: file not found/,
  );
  assert.throws(() => run.kpiSeries("population"), /broken\/kpis\/snapshot=0\/part-0.parquet/);
});

Deno.test("Run names unknown tables, snapshots, KPIs and columns with what exists", () => {
  const run = runFromResult(inMemory);
  assert.throws(() => run.table("people"), /no table "people"; tables: tiles, households, persons/);
  assert.throws(() => run.table("persons", 12), /no snapshot at tick 12; snapshots: 30/);
  assert.throws(() => run.kpiSeries("populatio"), /no KPI "populatio"; similar: .*population/);
  assert.throws(
    () => run.column("persons", "height"),
    /no column "height"; columns: id, household/,
  );
  assert.throws(() => run.snapshotPath(), /held in memory/);
});

Deno.test("frame() builds the persons DataFrame with skills split into columns", () => {
  const run = runFromResult(inMemory);
  const df = run.frame("persons");
  const n = inMemory.sim.world.tables.persons.length;
  assert.equal(df.shape[0], n);
  assert.ok(df.columns.includes("skills_7"));
  assert.ok(!df.columns.includes("skills"));
  const html = (df as unknown as { [JUPYTER_DISPLAY](): Record<string, string> })
    [JUPYTER_DISPLAY]();
  assert.match(html["text/html"], /persons at tick 30/);
  const kf = run.kpiFrame(["population", "births"]);
  assert.deepEqual(kf.columns, ["tick", "population", "births"]);
  assert.equal(kf.shape[0], 30);
});

Deno.test("agePyramid() counts every person once, and the KPI bins agree with the population every day", () => {
  const run = runFromResult(inMemory);
  const bins = run.agePyramid();
  const total = bins.male.reduce((a, b) => a + b, 0) + bins.female.reduce((a, b) => a + b, 0);
  assert.equal(total, inMemory.sim.world.tables.persons.length);
  assert.equal(bins.age_lo.length, 21);
  assert.equal(bins.age_lo[20], 100);
  // From the pop_* KPIs at ticks that are not snapshots: the same total as the population KPI
  // at the end of every day, births and deaths included (until 2026-12-07 the bins counted the
  // day's pass, the dead in and the newborn out, and agreed only on days without either).
  const ticks = Array.from(run.ticks());
  const population = run.kpiSeries("population");
  const deaths = run.kpiSeries("deaths");
  const births = run.kpiSeries("births");
  let days = 0;
  for (let t = 1; t < 30; t++) {
    const fromKpis = run.agePyramid(t);
    const kpiTotal = fromKpis.male.reduce((a, b) => a + b, 0) +
      fromKpis.female.reduce((a, b) => a + b, 0);
    const i = ticks.indexOf(t);
    assert.equal(kpiTotal, population[i], `tick ${t}`);
    if (deaths[i] + births[i] > 0) days++;
  }
  assert.ok(days > 0, "some days had births or deaths");
});

Deno.test("tileGrid() lays residents out north-up and keeps every resident", () => {
  const run = runFromResult(inMemory);
  const g = run.tileGrid("residents");
  assert.equal(g.width, 128);
  assert.equal(g.height, 64);
  assert.equal(g.values.reduce((a, b) => a + b, 0), inMemory.sim.world.tables.persons.length);
  // Tile y = 0 (south) is the last row of the grid.
  const res = run.column("tiles", "residents");
  const ys = run.column("tiles", "y");
  const xs = run.column("tiles", "x");
  const i = Array.from(res).findIndex((v) => v > 0);
  assert.equal(g.values[(63 - ys[i]) * 128 + xs[i]], res[i]);
  assert.match(run.plotTiles("residents").svg, /<rect/);
});

Deno.test("a Run displays as an HTML summary with its headline KPIs", () => {
  const bundle = runFromResult(inMemory)[JUPYTER_DISPLAY]();
  assert.match(
    bundle["text/html"],
    /PANARCHY run<\/b> tiny_island · seed 7 · ticks 0–30 · in memory/,
  );
  assert.match(bundle["text/html"], /population/);
  // States at the first and last tick; daily flows as totals over the run, not one day's count.
  assert.match(bundle["text/html"], /tick 1<\/th>.*tick 30<\/th>.*total 1–30<\/th>/s);
  const births = inMemory.sim.world.kpis.series("births").reduce((a, b) => a + b, 0);
  assert.match(bundle["text/html"], new RegExp(`>births<.*?>${births}<`, "s"));
  assert.doesNotMatch(bundle["text/html"], /inflation_annual/);
  assert.match(bundle["text/html"], /persons \(\d+\)/);
  assert.match(bundle["text/plain"], /Run tiny_island/);
});

Deno.test("runFromTables() gives the same interface over columns you provide", () => {
  const run = runFromTables({
    kpis: { tick: [0, 1, 2], unemployment_rate: [0.05, 0.06, 0.07] },
    tables: { firms: { employees: [1, 2, 30] } },
  });
  assert.deepEqual(Array.from(run.kpiSeries("unemployment_rate")), [0.05, 0.06, 0.07]);
  assert.deepEqual(run.snapshots, [2]);
  assert.deepEqual(Array.from(run.column("firms", "employees")), [1, 2, 30]);
  assert.throws(() => runFromTables({ kpis: { x: [1] } }), /need a `tick` column/);
});

Deno.test("runLive() updates one display in place and returns the run", async () => {
  const messages: { type: string; id: unknown }[] = [];
  const jupyter = {
    broadcast(type: string, content: Record<string, unknown>) {
      messages.push({ type, id: (content.transient as { display_id: string }).display_id });
      return Promise.resolve();
    },
  };
  const run = await runLive(config, {
    ticks: 20,
    every: 5,
    changes: { "population.persons": 5_000 },
    display: { jupyter },
  });
  assert.equal(run.dir, null);
  assert.equal(run.defaultTick, 20);
  assert.equal(run.table("persons", 20).numRows, run.result!.sim.world.tables.persons.length);
  assert.equal(messages[0].type, "display_data");
  assert.ok(messages.length >= 4);
  assert.ok(messages.slice(1).every((m) => m.type === "update_display_data"));
  assert.equal(new Set(messages.map((m) => m.id)).size, 1);
});

Deno.test("runLive() with out writes a run directory that openRun reads", async () => {
  const out = `${tmp}/live`;
  const live = await runLive(config, {
    ticks: 10,
    out,
    changes: { "population.persons": 5_000, "snapshot.interval_days": 5 },
    display: { fallback: "none" },
  });
  const run = await openRun(out);
  assert.deepEqual(run.snapshots, [0, 5, 10]);
  assert.deepEqual(
    Array.from(run.kpiSeries("population")),
    Array.from(live.kpiSeries("population")),
  );
  await assert.rejects(
    () => runLive(config, { ticks: 1, out, display: { fallback: "none" } }),
    /already holds a run/,
  );
});

Deno.test("withChanges() names a wrong path, type or value", () => {
  assert.throws(
    () => withChanges(config, { "population.peoples": 3 }),
    /no parameter "peoples" in population; parameters here: persons/,
  );
  assert.throws(
    () => withChanges(config, { "population.persons": "many" }),
    /is a number, got a string/,
  );
  assert.throws(() => withChanges(config, { "population.persons": -5 }), /population.persons/);
  assert.equal(
    withChanges(config, { "economy.households.consume_income": 0.5 }).economy.households
      .consume_income,
    0.5,
  );
});

Deno.test("changesBetween() gives the changed parameters by path, lists whole, and withChanges() applies them back", () => {
  const to = withChanges(config, {
    "economy.households.consume_income": 0.5,
    "economy.goods": ["food", "tools"],
    "finance.central_bank.inflation_target": 0.03,
  });
  const changes = changesBetween(config, to);
  assert.deepEqual(changes, {
    "economy.households.consume_income": 0.5,
    "economy.goods": ["food", "tools"],
    "finance.central_bank.inflation_target": 0.03,
  });
  assert.deepEqual(withChanges(config, changes), to);
  assert.deepEqual(changesBetween(config, config), {});
  // The name is left out unless asked for.
  const renamed = { ...config, name: "other" };
  assert.deepEqual(changesBetween(config, renamed), {});
  assert.deepEqual(changesBetween(config, renamed, []), { name: "other" });
});
