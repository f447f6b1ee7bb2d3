import assert from "node:assert/strict";
import { parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { resumeRun, runScenario } from "../../engine/run.ts";
import { loadSnapshot } from "../../engine/snapshot/resume.ts";
import { partitionFile } from "../../engine/snapshot/output_dir.ts";
import type { Table } from "../../engine/core/table.ts";
import { TABLE_SPECS } from "../../engine/tables/mod.ts";
import { listFiles, sameBytes, smallScenario } from "../_fixtures.ts";
import { loadScenario } from "../../engine/scenario/load.ts";
import { withChanges } from "../../analysis/changes.ts";

const cfg = smallScenario(3000);

async function run(dir: string, seed = 7, ticks = 24) {
  const config = seed === 7 ? cfg : smallScenario(3000, { random_seed: seed });
  return await runScenario(config, { ticks, out: dir, snapshotInterval: 12 });
}

Deno.test("two runs with the same seed write byte-identical files", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  await run(`${tmp}/b`);
  const files = await listFiles(`${tmp}/a`);
  assert.deepEqual(files, await listFiles(`${tmp}/b`));
  assert.ok(files.includes("persons/tick=24/part-0.parquet"));
  assert.ok(files.includes("kpis/snapshot=24/part-0.parquet"));
  assert.ok(files.includes("events/snapshot=12/part-0.parquet"));
  for (const f of files) assert.ok(await sameBytes(`${tmp}/a/${f}`, `${tmp}/b/${f}`), f);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("another seed writes different persons and KPIs", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`, 7);
  await run(`${tmp}/b`, 8);
  for (const f of ["persons/tick=24/part-0.parquet", "kpis/snapshot=24/part-0.parquet"]) {
    assert.ok(!(await sameBytes(`${tmp}/a/${f}`, `${tmp}/b/${f}`)), f);
  }
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a run resumed from a snapshot is byte-identical to an uninterrupted run, file by file", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/full`);
  const resumed = await resumeRun(`${tmp}/full/tick=12`, {
    ticks: 12,
    out: `${tmp}/resumed`,
    snapshotInterval: 12,
  });
  assert.equal(resumed.sim.world.tick, 24);
  const files = await listFiles(`${tmp}/full`);
  assert.deepEqual(await listFiles(`${tmp}/resumed`), files);
  assert.ok(files.includes("persons/tick=24/part-0.parquet"));
  for (const f of files.filter((f) => f !== "manifest.json")) {
    assert.ok(await sameBytes(`${tmp}/full/${f}`, `${tmp}/resumed/${f}`), f);
  }
  const full = JSON.parse(await Deno.readTextFile(`${tmp}/full/manifest.json`));
  const manifest = JSON.parse(await Deno.readTextFile(`${tmp}/resumed/manifest.json`));
  assert.equal(manifest.resumed_from, `${tmp}/full/tick=12`);
  assert.deepEqual(manifest.changes_on_resume, []);
  assert.deepEqual({ ...manifest, resumed_from: null }, full);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("hyparquet, an independent reader, reads every table with its schema and rows", async () => {
  const tmp = await Deno.makeTempDir();
  const { sim } = await run(`${tmp}/a`, 7, 6);
  const w = sim.world;
  for (const [name, spec] of Object.entries(TABLE_SPECS)) {
    const bytes = await Deno.readFile(`${tmp}/a/${partitionFile(name, "tick", 6)}`);
    const file = bytes.buffer;
    const meta = await parquetMetadataAsync(file);
    const table = w.tables[name as keyof typeof w.tables] as unknown as Table;
    assert.equal(Number(meta.num_rows), table.length, name);
    const top = meta.schema.filter((s) =>
      s.name !== "schema" && s.name !== "list" &&
      s.name !== "item" && s.name !== "element"
    );
    const names = top.map((s) => s.name);
    for (const col of ["id", ...Object.keys(spec.columns)]) assert.ok(names.includes(col), col);
    if (name === "persons") {
      const rows = await parquetReadObjects({
        file,
        compressors,
        columns: ["id", "age", "employer", "sex"],
      });
      assert.equal(rows.length, table.length);
      const P = w.tables.persons;
      for (let r = 0; r < 50; r++) {
        assert.equal(Number(rows[r].id), P.ids[r]);
        assert.equal(rows[r].age, P.col.age[r]);
        const employer = P.col.employer[r];
        assert.equal(rows[r].employer, employer < 0 ? null : employer);
        assert.equal(rows[r].sex, P.col.sex[r] === 0 ? "female" : "male");
      }
    }
  }
  const kpis = await parquetReadObjects({
    file: (await Deno.readFile(`${tmp}/a/${partitionFile("kpis", "snapshot", 6)}`)).buffer,
    compressors,
    columns: ["tick", "population"],
  });
  assert.equal(kpis.length, 6);
  assert.deepEqual(kpis.map((k) => Number(k.tick)), [1, 2, 3, 4, 5, 6]); // Int64
  assert.equal(kpis[5].population, w.kpis.series("population")[5]);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a corrupt snapshot file is named in the error and nothing is written", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`, 7, 12);
  const file = `${tmp}/a/persons/tick=12/part-0.parquet`;
  const bytes = await Deno.readFile(file);
  await Deno.writeFile(file, bytes.subarray(0, bytes.length >> 1));
  await assert.rejects(() => loadSnapshot(`${tmp}/a/tick=12`), (e: Error) => {
    assert.match(e.message, /persons\/tick=12\/part-0\.parquet/);
    return true;
  });
  await assert.rejects(
    () => resumeRun(`${tmp}/a/tick=12`, { out: `${tmp}/b`, ticks: 1 }),
    /persons\/tick=12/,
  );
  await assert.rejects(() => Deno.stat(`${tmp}/b/manifest.json`));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("resuming from what is not a snapshot says what to give instead", async () => {
  const tmp = await Deno.makeTempDir();
  await assert.rejects(() => loadSnapshot(tmp), /manifest\.json not found.*<run>\/tick=N/);
  await assert.rejects(() => loadSnapshot(`${tmp}/tick=3`), /manifest\.json not found/);
  await run(`${tmp}/a`, 7, 12);
  await assert.rejects(
    () => loadSnapshot(`${tmp}/a/tick=5`),
    /no snapshot at tick 5; its snapshots: 0, 12/,
  );
  // A padded tick and the bare run (its last snapshot) are understood.
  assert.equal((await loadSnapshot(`${tmp}/a/tick=000012`)).sim.world.tick, 12);
  assert.equal((await loadSnapshot(`${tmp}/a`)).sim.world.tick, 12);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a run refuses to write into a run directory that holds files", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`, 7, 2);
  await assert.rejects(() => run(`${tmp}/a`, 7, 2), /already holds a run/);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("tiny_island as its YAML says (banks on, settled start), at 2,000 persons: the same seed writes the same bytes, and a resumed run ends byte-identical", async () => {
  const island = withChanges(await loadScenario("tiny_island"), { "population.persons": 2000 });
  assert.ok(island.finance.enable_banks && island.finance.simulate_banks);
  const tmp = await Deno.makeTempDir();
  const opts = (out: string) => ({ ticks: 60, out, snapshotInterval: 30 });
  await runScenario(island, opts(`${tmp}/a`));
  await runScenario(island, opts(`${tmp}/b`));
  const files = await listFiles(`${tmp}/a`);
  for (const t of ["banks", "loans", "central_bank"]) {
    assert.ok(files.includes(`${t}/tick=60/part-0.parquet`), t);
  }
  assert.deepEqual(await listFiles(`${tmp}/b`), files);
  for (const f of files) assert.ok(await sameBytes(`${tmp}/a/${f}`, `${tmp}/b/${f}`), f);
  await resumeRun(`${tmp}/a/tick=30`, { ticks: 30, out: `${tmp}/r`, snapshotInterval: 30 });
  assert.deepEqual(await listFiles(`${tmp}/r`), files);
  for (const f of files.filter((f) => f !== "manifest.json")) {
    assert.ok(await sameBytes(`${tmp}/a/${f}`, `${tmp}/r/${f}`), `resumed: ${f}`);
  }
  await Deno.remove(tmp, { recursive: true });
});
