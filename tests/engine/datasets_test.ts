/**
 * A run read by outside tools, as a researcher would: DuckDB (in this process, as in a
 * notebook) and polars (nodejs-polars under Node) read every dataset with one glob each, `tick`
 * is an integer, a join of KPIs and snapshots on `tick` pairs the same day, references are
 * Int32 with null for none, categories read as their labels.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { runScenario } from "../../engine/run.ts";
import { runSql } from "../../analysis/sql.ts";
import { openRun } from "../../analysis/run_sources.ts";
import { polarsDir, smallScenario } from "../_fixtures.ts";

const tmp = await Deno.makeTempDir({ prefix: "panarchy_datasets_" });
const runDir = `${tmp}/run`;
const { sim } = await runScenario(smallScenario(3000), {
  ticks: 12,
  out: runDir,
  snapshotInterval: 6,
});
const manifest = JSON.parse(await Deno.readTextFile(`${runDir}/manifest.json`));

/** One column of a frame as plain values. */
function values(df: { column(c: string): { values: unknown[] } }, c: string): unknown[] {
  return df.column(c).values;
}

Deno.test("DuckDB reads every dataset of a run with one glob each, tick an integer", async () => {
  for (
    const [name, d] of Object.entries(manifest.datasets) as [
      string,
      { glob: string; partition: string },
    ][]
  ) {
    // Tables this run leaves empty (the banks' tables without banks) have nothing to read.
    const table = (sim.world.tables as Record<string, { length: number }>)[name];
    if (table && table.length === 0) continue;
    const df = await runSql(
      `SELECT typeof(tick) AS t, count(*) AS n, count(DISTINCT ${d.partition}) AS parts ` +
        `FROM ${name} GROUP BY ALL`,
      runDir,
    );
    assert.deepEqual(values(df, "t"), ["BIGINT"], name);
    // Snapshots 0, 6 and 12; the KPI and event chunk of tick 0 holds no rows.
    assert.deepEqual(values(df, "parts"), [d.partition === "tick" ? 3 : 2], name);
  }
});

Deno.test("a join of KPIs and snapshots on tick pairs the same day", async () => {
  const df = await runSql(
    "SELECT tick, count(*) AS persons, any_value(k.population) AS population " +
      "FROM persons JOIN kpis k USING (tick) GROUP BY tick ORDER BY tick",
    runDir,
  );
  assert.deepEqual(values(df, "tick"), [6, 12]); // no KPI row for the initial state (tick 0)
  assert.deepEqual(values(df, "persons"), values(df, "population"));
  const last = sim.world.kpis.series("population");
  assert.equal(values(df, "population")[1], last[last.length - 1]);
  // The events of a day carry its tick: births of day 12 are counted in KPI row 12.
  const births = await runSql(
    "SELECT k.tick, k.births, count(e.kind) AS events FROM kpis k LEFT JOIN events e " +
      "ON e.tick = k.tick AND e.kind = 'birth' GROUP BY ALL ORDER BY k.tick",
    runDir,
  );
  assert.deepEqual(values(births, "births"), values(births, "events"));
});

Deno.test("ids and references are Int32 with null for none; categories read as labels", async () => {
  const df = await runSql(
    "SELECT typeof(id) AS id, typeof(household) AS household, typeof(employer) AS employer, " +
      "typeof(mother) AS mother, typeof(sex) AS sex, " +
      "count(*) FILTER (WHERE mother < 0 OR employer < 0) AS negative, " +
      "count(*) FILTER (WHERE employer IS NULL) AS no_employer, " +
      "string_agg(DISTINCT employment, ',' ORDER BY employment) AS statuses " +
      "FROM persons WHERE tick = 12 GROUP BY ALL",
    runDir,
  );
  for (const c of ["id", "household", "employer", "mother"]) {
    assert.deepEqual(values(df, c), ["INTEGER"], c);
  }
  assert.deepEqual(values(df, "sex"), ["VARCHAR"]);
  assert.deepEqual(values(df, "negative"), [0]);
  assert.ok((values(df, "no_employer")[0] as number) > 0);
  assert.deepEqual(values(df, "statuses"), ["child,employed,retired,student,unemployed"]);
  // The references resolve: every employer is a firm of the same snapshot.
  const orphans = await runSql(
    "SELECT count(*) AS n FROM persons p LEFT JOIN firms f ON f.id = p.employer AND " +
      "f.tick = p.tick WHERE p.employer IS NOT NULL AND f.id IS NULL",
    runDir,
  );
  assert.deepEqual(values(orphans, "n"), [0]);
});

Deno.test("runSql() over several runs adds a run column, and names what it cannot read", async () => {
  const run = await openRun(runDir);
  const df = await runSql(
    "SELECT run, max(tick) AS last FROM kpis GROUP BY run ORDER BY run",
    [run, runDir],
    { labels: ["a", "b"] },
  );
  assert.deepEqual(values(df, "run"), ["a", "b"]);
  assert.deepEqual(values(df, "last"), [12, 12]);
  await Deno.mkdir(`${tmp}/nope`);
  await assert.rejects(() => runSql("SELECT 1", `${tmp}/nope`), /nope\/manifest.json not found/);
  await assert.rejects(() => runSql("SELECT nonsense FROM kpis", runDir), /nonsense/);
});

const POLARS_SCRIPT = `
const pl = require("nodejs-polars");
const run = process.argv[2];
const scan = (name) => pl.scanParquet(run + "/" + name + "/**/*.parquet", { hivePartitioning: true }).collectSync();
const types = (df) => Object.fromEntries(df.getColumns().map((s) => [s.name, String(s.dtype).slice("DataType(".length, -1)]));
const persons = scan("persons"), kpis = scan("kpis"), events = scan("events"), world = scan("world");
const joined = persons.groupBy("tick").agg(pl.len().alias("n"))
  .join(kpis.select("tick", "population"), { on: "tick" }).sort("tick");
console.log(JSON.stringify({
  persons: types(persons), kpis: types(kpis), events: types(events), world: types(world),
  rows: { persons: persons.height, kpis: kpis.height },
  joined: joined.toRecords(),
}));
`;

Deno.test("nodejs-polars reads every dataset with one glob each and joins on tick", async () => {
  const dir = await polarsDir();
  if (dir === null) throw new Error("nodejs-polars is needed for this test: npm install failed");
  const script = path.join(dir, "read_run.cjs");
  await Deno.writeTextFile(script, POLARS_SCRIPT);
  const out = await new Deno.Command("node", { args: [script, runDir], stderr: "piped" }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(r.persons.tick, "Int64");
  assert.equal(r.kpis.tick, "Int64");
  assert.equal(r.persons.id, "Int32");
  assert.equal(r.persons.employer, "Int32");
  assert.match(r.persons.sex, /Categorical|String/);
  assert.match(r.events.kind, /Categorical|String/);
  assert.equal(r.rows.kpis, 12);
  assert.deepEqual(r.joined.map((j: { tick: number }) => Number(j.tick)), [6, 12]);
  for (const j of r.joined) assert.equal(j.n, j.population);
  assert.ok(!("tick" in r.world) || r.world.tick === "Int64");
});

Deno.test("cleanup", async () => {
  await Deno.remove(tmp, { recursive: true });
});
