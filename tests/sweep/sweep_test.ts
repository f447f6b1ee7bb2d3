/**
 * Running sweeps: the dataset does not depend on how the sweep was run (workers, a kill and a
 * restart, shards merged), a changed spec reruns only what changed, a failed run is recorded
 * and the sweep goes on, and bad input stops before any run.
 */
import assert from "node:assert/strict";
import { readParquetFile } from "../../engine/snapshot/parquet.ts";
import { mergeSweep, RESULTS_FILE } from "../../sweep/dataset.ts";
import { planSweepInto, runSweep } from "../../sweep/run.ts";
import { exists, listFiles, polarsDir, runMain, sameBytes } from "../_fixtures.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A 2 x 2 grid, 2 seeds: 8 runs of a 1,000-person island for 30 days. */
function specText(incomes = "[0.8, 0.9]", extra = ""): string {
  return `name: grid
scenario: tiny_island
changes: { population.persons: 1000, economy.firms: 60 }
ticks: 30
parameters:
  economy.households.consume_income: { values: ${incomes} }
  economy.labor.matching_efficiency: { values: [0.3, 0.6] }
replicates: 2
record: { kpis: [unemployment_rate, cpi, gdp_real], moments: [mean, sd, q50, last] }
${extra}`;
}

async function withSpec<T>(
  text: string,
  body: (spec: string, tmp: string) => Promise<T>,
): Promise<T> {
  const tmp = await Deno.makeTempDir({ prefix: "sweep_test_" });
  try {
    await Deno.writeTextFile(`${tmp}/spec.yaml`, text);
    return await body(`${tmp}/spec.yaml`, tmp);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/** results.parquet as rows, without the wall time (the one column that differs between runs). */
async function resultRows(dir: string): Promise<Record<string, unknown>[]> {
  const t = await readParquetFile(`${dir}/${RESULTS_FILE}`);
  return t.toArray().map((r) => {
    const row = { ...r.toJSON() } as Record<string, unknown>;
    assert.ok(typeof row.wall_s === "number" && row.wall_s > 0);
    delete row.wall_s;
    return row;
  });
}

/** Asserts two sweep folders hold the same dataset: rows (but wall time) and series bytes. */
async function assertSameDataset(a: string, b: string): Promise<void> {
  assert.deepEqual(await resultRows(b), await resultRows(a));
  const files = (await listFiles(a)).filter((f) =>
    f.startsWith("series/") || f.startsWith("runs/")
  );
  assert.deepEqual((await listFiles(b)).filter((f) => files.includes(f)), files);
  for (const f of files.filter((f) => f.startsWith("series/"))) {
    assert.ok(await sameBytes(`${a}/${f}`, `${b}/${f}`), `${f} differs`);
  }
  assert.ok(await sameBytes(`${a}/sweep.json`, `${b}/sweep.json`), "the plans differ");
}

Deno.test("a sweep's dataset is the same with one worker, two workers, killed and resumed, or as merged shards", async () => {
  await withSpec(specText(), async (spec, tmp) => {
    const one = await runSweep(spec, { out: `${tmp}/one`, workers: 1 });
    assert.equal(one.ran, 8);
    assert.equal(one.merge?.ok, 8);
    const rows = await resultRows(`${tmp}/one`);
    assert.deepEqual(rows.map((r) => [r.point, r.seed]), [
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ]);
    assert.deepEqual(
      rows.map((r) => r["economy.labor.matching_efficiency"]),
      [0.3, 0.3, 0.6, 0.6, 0.3, 0.3, 0.6, 0.6],
    );
    // Common random numbers: the seed, not the point, decides the first day's draws.
    assert.ok(rows.every((r) => r.status === "ok" && Number.isFinite(r.cpi_mean)));
    const series = await readParquetFile(
      `${tmp}/one/series/point=0/seed=1/part-${rows[0].run_id}.parquet`,
    );
    assert.equal(series.numRows, 30);
    assert.deepEqual(series.schema.fields.map((f) => f.name), [
      "tick",
      "unemployment_rate",
      "cpi",
      "gdp_real",
    ]);
    const u = series.getChild("unemployment_rate")!.toArray() as Float64Array;
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    assert.ok(Math.abs((rows[0].unemployment_rate_mean as number) - mean) < 1e-12);
    assert.equal(rows[0].unemployment_rate_last, u[u.length - 1]);

    await runSweep(spec, { out: `${tmp}/two`, workers: 2 });
    await assertSameDataset(`${tmp}/one`, `${tmp}/two`);

    for (let i = 0; i < 3; i++) {
      const shard = await runSweep(spec, { out: `${tmp}/shards`, shard: { index: i, count: 3 } });
      assert.equal(shard.merge, null, "a shard does not merge");
      assert.equal(shard.ran, [3, 3, 2][i]);
    }
    const merged = await mergeSweep(`${tmp}/shards`);
    assert.equal(merged.ok, 8);
    await assertSameDataset(`${tmp}/one`, `${tmp}/shards`);

    // Killed (SIGKILL) once two runs are written, then run again: only the rest is done.
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${ROOT}main.ts`,
        "sweep",
        spec,
        "--out",
        `${tmp}/killed`,
        "--workers",
        "1",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    let written = 0;
    for (let i = 0; i < 600 && written < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      written = (await exists(`${tmp}/killed/runs`))
        ? (await listFiles(`${tmp}/killed/runs`)).filter((f) => f.endsWith(".parquet")).length
        : 0;
    }
    child.kill("SIGKILL");
    await child.status;
    assert.ok(written >= 2, "the sweep wrote runs before it was killed");
    assert.ok(!(await exists(`${tmp}/killed/${RESULTS_FILE}`)), "killed before the merge");
    const resumed = await runSweep(spec, { out: `${tmp}/killed`, workers: 2 });
    assert.ok(resumed.skipped >= 2 && resumed.ran === 8 - resumed.skipped, `${resumed.skipped}`);
    await assertSameDataset(`${tmp}/one`, `${tmp}/killed`);
  });
});

Deno.test("a changed spec reruns only the new points and moves the runs it dropped aside", async () => {
  await withSpec(specText(), async (spec, tmp) => {
    const out = `${tmp}/s`;
    await runSweep(spec, { out, workers: 2 });
    const again = await runSweep(spec, { out, workers: 2 });
    assert.equal(again.ran, 0, "nothing changed: nothing runs");
    assert.equal(again.skipped, 8);
    await Deno.writeTextFile(spec, specText("[0.8, 0.95]"));
    const changed = await runSweep(spec, { out, workers: 2 });
    assert.equal(changed.ran, 4, "only the points with 0.95 run");
    assert.equal(changed.skipped, 4);
    const rows = await resultRows(out);
    assert.deepEqual(
      [...new Set(rows.map((r) => r["economy.households.consume_income"]))],
      [0.8, 0.95],
    );
    const aside = (await listFiles(`${out}/superseded`)).filter((f) => f.endsWith(".parquet"));
    assert.equal(aside.length, 8, "the 4 dropped runs' rows and series are kept, aside");
    assert.ok(aside.every((f) => f.startsWith("runs/") || f.startsWith("series/")));
  });
});

Deno.test("a failed run records its error, the sweep goes on, and the next sweep retries it", async () => {
  const text = specText().replace(
    "record: { kpis: [unemployment_rate, cpi, gdp_real], moments: [mean, sd, q50, last] }",
    "record: { kpis: [unemployment_rate], moments: [mean], snapshots: 30 }",
  );
  await withSpec(text, async (spec, tmp) => {
    const out = `${tmp}/s`;
    await planSweepInto(spec, out);
    // A file where point 1's run folders go: its runs cannot write their snapshots.
    await Deno.mkdir(`${out}/snapshots`);
    await Deno.writeTextFile(`${out}/snapshots/point=1`, "in the way");
    const first = await runSweep(spec, { out, workers: 2 });
    assert.equal(first.failed.length, 2, "point 1's two runs fail");
    assert.equal(first.merge?.ok, 6);
    assert.deepEqual(first.merge?.failed.map((f) => f.point), [1, 1]);
    const rows = await resultRows(out);
    const bad = rows.filter((r) => r.status === "failed");
    assert.equal(bad.length, 2);
    assert.ok(bad.every((r) => r.unemployment_rate_mean === null && /point=1/.test(`${r.error}`)));
    assert.ok(
      await exists(`${out}/snapshots/point=0/seed=1/manifest.json`),
      "point 0 kept its run",
    );
    await Deno.remove(`${out}/snapshots/point=1`);
    const retry = await runSweep(spec, { out, workers: 2 });
    assert.equal(retry.ran, 2, "only the failed runs run again");
    assert.equal(retry.merge?.failed.length, 0);
    assert.ok(
      (await listFiles(`${out}/runs`)).every((f) => !f.includes("-failed")),
      "the failed rows are gone once their runs succeeded",
    );
  });
});

Deno.test("main.ts sweep: a bad spec fails with its line before any run, and a foreign --out is untouched", async () => {
  await withSpec(specText().replace("replicates: 2", "replicates: 0"), async (spec, tmp) => {
    const r = await runMain(tmp, "sweep", spec, "--out", `${tmp}/s`);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^error: invalid sweep spec .*spec\.yaml:\n {2}replicates \(line 8\): replicates must be at least 1/,
    );
    assert.ok(!(await exists(`${tmp}/s`)), "nothing was created");
    await Deno.writeTextFile(spec, specText());
    await Deno.mkdir(`${tmp}/mine`);
    await Deno.writeTextFile(`${tmp}/mine/notes.txt`, "keep me");
    const foreign = await runMain(tmp, "sweep", spec, "--out", `${tmp}/mine`);
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /--out .*mine holds files that are not a sweep's \(notes\.txt\)/);
    assert.deepEqual(await listFiles(`${tmp}/mine`), ["notes.txt"]);
    const shard = await runMain(tmp, "sweep", spec, "--shard", "3/3");
    assert.equal(shard.code, 1);
    assert.match(shard.stderr, /--shard needs i\/N with 0 <= i < N/);
  });
});

Deno.test("DuckDB and polars read a sweep's runs and series with one glob each, point and seed as integers", async () => {
  await withSpec(specText(), async (spec, tmp) => {
    const out = `${tmp}/s`;
    await runSweep(spec, { out, workers: 2 });
    // deno-lint-ignore no-import-prefix -- workbench-only, as in analysis/sql.ts
    const { DuckDBInstance } = await import("npm:@duckdb/node-api@1.5.6-r.1");
    const db = await DuckDBInstance.create();
    const con = await db.connect();
    try {
      const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJson();
      const runs = await rows(
        `SELECT typeof(point) AS tp, typeof(seed) AS ts, count(*) AS n FROM ` +
          `read_parquet('${out}/runs/**/*.parquet', hive_partitioning = true) GROUP BY ALL`,
      );
      assert.deepEqual(runs, [{ tp: "BIGINT", ts: "BIGINT", n: "8" }]);
      // The moments in the rows are those of the series.
      const check = await rows(
        `WITH s AS (SELECT point, seed, avg(unemployment_rate) AS m FROM ` +
          `read_parquet('${out}/series/**/*.parquet', hive_partitioning = true) GROUP BY ALL) ` +
          `SELECT max(abs(s.m - r.unemployment_rate_mean)) AS gap, count(*) AS n FROM s JOIN ` +
          `read_parquet('${out}/runs/**/*.parquet', hive_partitioning = true) r USING (point, seed)`,
      );
      assert.equal(check[0].n, "8");
      assert.ok(Number(check[0].gap) < 1e-12, JSON.stringify(check));
    } finally {
      con.closeSync();
      db.closeSync();
    }
    const dir = await polarsDir();
    if (dir === null) throw new Error("nodejs-polars is needed for this test: npm install failed");
    const script = `${dir}/read_sweep.cjs`;
    await Deno.writeTextFile(
      script,
      `const pl = require("nodejs-polars");
const scan = (d) => pl.scanParquet(process.argv[2] + "/" + d + "/**/*.parquet", { hivePartitioning: true }).collectSync();
const runs = scan("runs"), series = scan("series");
console.log(JSON.stringify({ runs: runs.height, series: series.height,
  point: String(runs.getColumn("point").dtype), seeds: runs.getColumn("seed").unique().sort().toArray() }));
`,
    );
    const read = await new Deno.Command("node", { args: [script, out], stderr: "piped" }).output();
    assert.ok(read.success, new TextDecoder().decode(read.stderr));
    const r = JSON.parse(new TextDecoder().decode(read.stdout));
    assert.equal(r.runs, 8);
    assert.equal(r.series, 8 * 30, "one row per run and tick");
    assert.match(r.point, /Int/);
    assert.deepEqual(r.seeds.map(Number), [1, 2]);
  });
});

Deno.test("a sweep can record the stylized facts of each run, their verdicts beside the values", async () => {
  const text = specText("[0.8]").replace("values: [0.3, 0.6]", "values: [0.45]")
    .replace("ticks: 30", "ticks: 60").replace("replicates: 2", "replicates: 1")
    .replace(
      "record: { kpis: [unemployment_rate, cpi, gdp_real], moments: [mean, sd, q50, last] }",
      "record: { kpis: [unemployment_rate], moments: [mean], facts: { burn_in: 10, window: 50, " +
        "snapshot_every: 10 } }",
    );
  await withSpec(text, async (spec, tmp) => {
    const out = `${tmp}/s`;
    const r = await runSweep(spec, { out, workers: 1 });
    assert.equal(r.merge?.ok, 1);
    const [row] = await resultRows(out);
    const statuses = Object.entries(row).filter(([k]) => /^fact_.*_status$/.test(k));
    assert.ok(statuses.length >= 20, `${statuses.length} facts`);
    assert.ok(statuses.every(([, v]) => ["pass", "fail", "not available"].includes(`${v}`)));
    const measured = statuses.filter(([, v]) => v !== "not available");
    assert.ok(measured.length >= 3, JSON.stringify(statuses));
    for (const [k] of measured) {
      assert.ok(Number.isFinite(row[k.replace(/_status$/, "")]), k);
    }
    assert.ok(!(await exists(`${out}/.scratch/${row.run_id}`)), "the scratch run is removed");
  });
});
