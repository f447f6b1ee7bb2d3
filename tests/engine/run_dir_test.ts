import assert from "node:assert/strict";
import { resumeRun, runScenario } from "../../engine/run.ts";
import { acquireLock, LOCK_FILE, LocksUnsupportedError } from "../../engine/snapshot/lock.ts";
import { classifyDir, explainFsError, realTarget } from "../../engine/snapshot/output_dir.ts";
import { loadSnapshot } from "../../engine/snapshot/resume.ts";
import { RunWriter } from "../../engine/snapshot/run_dir.ts";
import { Simulation } from "../../engine/simulation.ts";
import { exists, listFiles, smallScenario, withoutFileLocks } from "../_fixtures.ts";

const cfg = smallScenario(1500);

async function run(dir: string, opts: { ticks?: number; overwrite?: boolean } = {}) {
  return await runScenario(cfg, {
    ticks: opts.ticks ?? 6,
    out: dir,
    snapshotInterval: 3,
    overwrite: opts.overwrite,
  });
}

/** A pid that no process has: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("--overwrite refuses a folder that is not a run and deletes nothing in it", async () => {
  const tmp = await Deno.makeTempDir();
  const dir = `${tmp}/mine`;
  await Deno.mkdir(`${dir}/sub`, { recursive: true });
  await Deno.writeTextFile(`${dir}/precious.txt`, "keep me");
  await Deno.writeTextFile(`${dir}/sub/notes.md`, "and me");
  await assert.rejects(
    () => run(dir, { overwrite: true }),
    (e: Error) => {
      assert.match(e.message, new RegExp(`${dir}.*precious\\.txt, sub/`));
      assert.match(e.message, /never overwritten/);
      return true;
    },
  );
  assert.equal(await Deno.readTextFile(`${dir}/precious.txt`), "keep me");
  assert.equal(await Deno.readTextFile(`${dir}/sub/notes.md`), "and me");
  assert.deepEqual(await listFiles(dir), ["precious.txt", "sub/notes.md"]);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("--overwrite refuses a run directory to which someone added their own files", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  await Deno.writeTextFile(`${tmp}/a/my_analysis.ipynb`, "{}");
  await assert.rejects(() => run(`${tmp}/a`, { overwrite: true }), /my_analysis\.ipynb/);
  assert.ok(await exists(`${tmp}/a/my_analysis.ipynb`));
  assert.ok(await exists(`${tmp}/a/persons/tick=6/part-0.parquet`));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("an overwrite leaves the old run untouched until the new one commits", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`, { ticks: 6 });
  const before = await listFiles(`${tmp}/a`);
  // A new run that fails before it has started cleanly: the old run stays whole.
  const failing = await RunWriter.create(`${tmp}/a`, { codec: "zstd", overwrite: true });
  assert.notEqual(failing.dir, failing.target);
  assert.deepEqual(await listFiles(`${tmp}/a`), [...before, LOCK_FILE].sort());
  await failing.abort();
  assert.deepEqual(await listFiles(`${tmp}/a`), before);
  assert.deepEqual((await listFiles(tmp)).filter((f) => !f.startsWith("a/")), []);
  // One that starts cleanly replaces it.
  await run(`${tmp}/a`, { ticks: 3, overwrite: true });
  const after = await listFiles(`${tmp}/a`);
  assert.ok(after.includes("persons/tick=3/part-0.parquet"));
  assert.ok(!after.includes("persons/tick=6/part-0.parquet"));
  assert.deepEqual((await listFiles(tmp)).filter((f) => !f.startsWith("a/")), []);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a run that fails before it starts leaves no directory behind", async () => {
  const tmp = await Deno.makeTempDir();
  const writer = await RunWriter.create(`${tmp}/new/run`, { codec: "zstd" });
  assert.ok(await exists(`${tmp}/new/run/${LOCK_FILE}`));
  await writer.abort();
  assert.ok(!(await exists(`${tmp}/new/run`)));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("resuming into the source run, or inside or above it, is refused however it is spelled", async () => {
  const tmp = await Deno.makeTempDir();
  const B = `${tmp}/B`;
  await run(`${B}/same`);
  const before = await listFiles(`${B}/same`);
  const snap = `${B}/same/tick=3`;
  for (
    const out of [`${B}/same`, `${B}/./same`, `${B}/x/../same`, `${B}/same/`, `${B}/same/inner`, B]
  ) {
    await assert.rejects(
      () => resumeRun(snap, { out, ticks: 1, overwrite: true }),
      /the run being resumed/,
      out,
    );
  }
  await Deno.symlink(`${B}/same`, `${tmp}/link`);
  await assert.rejects(() => resumeRun(snap, { out: `${tmp}/link`, overwrite: true }), /resumed/);
  assert.deepEqual(await listFiles(`${B}/same`), before);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("realTarget resolves symlinks and .. the way the file system will", async () => {
  const tmp = await Deno.realPath(await Deno.makeTempDir());
  await Deno.mkdir(`${tmp}/real/deep`, { recursive: true });
  await Deno.symlink(`${tmp}/real/deep`, `${tmp}/link`);
  assert.equal(await realTarget(`${tmp}/link/../x`), `${tmp}/real/x`);
  assert.equal(await realTarget(`${tmp}/none/../y`), `${tmp}/y`);
  assert.equal(await realTarget(`${tmp}/./real/`), `${tmp}/real`);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a second writer on a locked run directory fails at once naming the holder", async () => {
  const tmp = await Deno.makeTempDir();
  await Deno.mkdir(`${tmp}/a`);
  const lock = await acquireLock(`${tmp}/a`);
  await assert.rejects(
    () => run(`${tmp}/a`, { overwrite: true }),
    new RegExp(`in use by process ${Deno.pid} on`),
  );
  await lock.release();
  assert.ok(!(await exists(`${tmp}/a/${LOCK_FILE}`)));
  await run(`${tmp}/a`);
  assert.ok(!(await exists(`${tmp}/a/${LOCK_FILE}`)), "a finished run releases its lock");
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a lock left by a killed process is taken over with a note, and its leftovers go", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  const pid = await deadPid();
  const stale = { pid, host: Deno.hostname(), since: "2026-01-01T00:00:00Z" };
  await Deno.writeTextFile(`${tmp}/a/${LOCK_FILE}`, JSON.stringify(stale));
  await Deno.mkdir(`${tmp}/a/persons/.tmp-tick=9-${pid}`);
  await Deno.writeTextFile(`${tmp}/a/manifest.json.tmp-${pid}`, "half");
  assert.equal((await classifyDir(`${tmp}/a`)).kind, "run");
  const notes: string[] = [];
  const writer = await RunWriter.create(`${tmp}/a`, {
    codec: "zstd",
    overwrite: true,
    note: (m) => notes.push(m),
  });
  assert.match(notes[0], new RegExp(`took over the lock .* process ${pid}`));
  assert.match(notes[1], /leftovers of a crashed run.*persons\/\.tmp-tick=9/);
  await writer.abort();
  assert.ok(!(await exists(`${tmp}/a/persons/.tmp-tick=9-${pid}`)));
  assert.ok(!(await exists(`${tmp}/a/manifest.json.tmp-${pid}`)));
  assert.ok(!(await exists(`${tmp}/a/${LOCK_FILE}`)));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("on a file system without file locks a run is written unlocked, says so and leaves no lock file", async () => {
  const tmp = await Deno.makeTempDir();
  const first = await withoutFileLocks(() => run(`${tmp}/a`));
  assert.match(
    first.stderr,
    new RegExp(
      `^note: the file system of ${tmp}/a does not support file locks \\(ENOLCK\\): working ` +
        "without the run directory's lock, so do not start a second run on it while this one runs$",
    ),
  );
  const files = await listFiles(`${tmp}/a`);
  assert.ok(files.includes("manifest.json") && files.includes("persons/tick=6/part-0.parquet"));
  assert.ok(!files.includes(LOCK_FILE), "no lock file is left behind");
  // Replacing the run goes through a staging folder, unlocked as well; a file system that
  // says "not supported" (ENOTSUP) is treated the same.
  const again = await withoutFileLocks(
    () => run(`${tmp}/a`, { overwrite: true }),
    () => new Deno.errors.NotSupported("Operation not supported (os error 95)"),
  );
  assert.match(again.stderr, /does not support file locks \(not supported\)/);
  assert.deepEqual(await listFiles(`${tmp}/a`), files);
  assert.deepEqual((await readdirNames(tmp)).sort(), ["a"], "no staging folder is left");
  // Any other failure to lock is an error, as before, and leaves nothing.
  await assert.rejects(
    withoutFileLocks(() => run(`${tmp}/b`), () => new Deno.errors.PermissionDenied("denied")),
    /^Error: cannot write run directory .*\/b: permission denied; choose a folder you may write/,
  );
  assert.ok(!(await exists(`${tmp}/b`)));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a lock file the taker made is removed when the file system refuses the lock", async () => {
  const tmp = await Deno.makeTempDir();
  const refused = await withoutFileLocks(() =>
    acquireLock(tmp).then(() => assert.fail("locked"), (e) => e)
  );
  assert.ok(refused.result instanceof LocksUnsupportedError);
  assert.equal(refused.result.code, "ENOLCK");
  assert.ok(!(await exists(`${tmp}/${LOCK_FILE}`)));
  // One that was there already (a holder's, on a file system that had locks then) stays.
  await Deno.writeTextFile(`${tmp}/${LOCK_FILE}`, "{}");
  await withoutFileLocks(() => acquireLock(tmp).catch(() => null));
  assert.equal(await Deno.readTextFile(`${tmp}/${LOCK_FILE}`), "{}");
  await Deno.remove(tmp, { recursive: true });
});

async function readdirNames(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
}

Deno.test("--out naming a file, or a path through a file, is refused in one line", async () => {
  const tmp = await Deno.makeTempDir();
  await Deno.writeTextFile(`${tmp}/f`, "x");
  await assert.rejects(() => run(`${tmp}/f`), /--out .*\/f is a file, not a directory/);
  await assert.rejects(() => run(`${tmp}/f/run`), /a part of that path is a file/);
  assert.equal(await Deno.readTextFile(`${tmp}/f`), "x");
  const rofs = explainFsError(
    new Error("Read-only file system (os error 30)"),
    "run directory",
    "/x",
  );
  assert.match(rofs.message, /cannot write run directory \/x: the file system is read-only/);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("the manifest records a checksum of every file and the datasets; no temporary name stays", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  const files = await listFiles(`${tmp}/a`);
  assert.ok(!files.some((f) => f.includes(".tmp") || f.includes(LOCK_FILE)), files.join());
  const manifest = JSON.parse(await Deno.readTextFile(`${tmp}/a/manifest.json`));
  assert.equal(manifest.complete, true);
  assert.deepEqual(manifest.snapshots, [0, 3, 6]);
  const listed = Object.keys(manifest.files).sort();
  assert.deepEqual(listed, files.filter((f) => f.endsWith(".parquet")));
  for (const f of listed) assert.match(manifest.files[f], /^[0-9a-f]{64}$/);
  assert.ok(listed.includes("persons/tick=3/part-0.parquet"));
  assert.ok(listed.includes("world/tick=0/part-0.parquet"));
  assert.ok(listed.includes("events/snapshot=6/part-0.parquet"));
  assert.deepEqual(manifest.datasets.persons.glob, "persons/tick=*/*.parquet");
  assert.deepEqual(manifest.datasets.kpis.partition, "snapshot");
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("resume catches a one-bit flip in a data page and names the file", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  const file = `${tmp}/a/households/tick=6/part-0.parquet`;
  const bytes = await Deno.readFile(file);
  bytes[Math.floor(bytes.length / 3)] ^= 0x10; // a data page, far from the footer
  await Deno.writeFile(file, bytes);
  await assert.rejects(
    () => resumeRun(`${tmp}/a/tick=6`, { out: `${tmp}/b`, ticks: 1 }),
    /households\/tick=6\/part-0\.parquet: checksum mismatch/,
  );
  assert.ok(!(await exists(`${tmp}/b`)));
  // An earlier snapshot's history chunk is checked too.
  const chunk = `${tmp}/a/kpis/snapshot=3/part-0.parquet`;
  const k = await Deno.readFile(chunk);
  k[Math.floor(k.length / 2)] ^= 1;
  await Deno.writeFile(chunk, k);
  await assert.rejects(() => loadSnapshot(`${tmp}/a/tick=6`), /households|kpis/);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a snapshot the manifest does not list is refused, and its partitions are removed", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  // As if the writer died after writing snapshot 6's partitions but before the manifest.
  const m = JSON.parse(await Deno.readTextFile(`${tmp}/a/manifest.json`));
  m.snapshots = [0, 3];
  for (const f of Object.keys(m.files)) if (/=6\//.test(f)) delete m.files[f];
  await Deno.writeTextFile(`${tmp}/a/manifest.json`, JSON.stringify(m));
  await assert.rejects(
    () => loadSnapshot(`${tmp}/a/tick=6`),
    /no snapshot at tick 6; its snapshots: 0, 3/,
  );
  assert.ok(!(await exists(`${tmp}/a/persons/tick=6`)));
  assert.ok(!(await exists(`${tmp}/a/kpis/snapshot=6`)));
  assert.equal((await loadSnapshot(`${tmp}/a`)).sim.world.tick, 3);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("resume refuses a structurally different world, naming the field", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  const snap = `${tmp}/a/tick=3`;
  // deno-lint-ignore no-explicit-any
  type Loose = Record<string, any>;
  const cases: [string, (s: Loose) => void][] = [
    ["spatial.width_tiles", (s) => (s.spatial.width_tiles = 40)],
    ["population.persons", (s) => (s.population.persons = 800)],
    ["economy.goods", (s) => (s.economy.goods = ["food", "tools"])],
  ];
  for (const [field, change] of cases) {
    await assert.rejects(
      () =>
        resumeRun(snap, {
          out: `${tmp}/b`,
          ticks: 1,
          scenario: (s) => {
            change(s as Loose);
            return s;
          },
        }),
      new RegExp(`with ${field.replace(".", "\\.")} = .*only when a world is built`),
      field,
    );
  }
  assert.ok(!(await exists(`${tmp}/b`)));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a snapshot of another table layout (an older engine's) is refused, naming the table, the column and the engine", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  const path = `${tmp}/a/manifest.json`;
  const saved = await Deno.readTextFile(path);
  // As if an engine without the firms' column `builds` had written the run.
  const m = JSON.parse(saved);
  delete m.tables.firms.columns.builds;
  await Deno.writeTextFile(path, JSON.stringify(m));
  await assert.rejects(
    () => loadSnapshot(`${tmp}/a`),
    new RegExp(
      "table firms column builds differs \\(snapshot: no such column; this world: u32 x\\d+\\); " +
        `the snapshot was written by engine ${m.engine_version}.*rerun the scenario`,
    ),
  );
  // As if it had no table of projects at all.
  const n = JSON.parse(saved);
  delete n.tables.projects;
  await Deno.writeTextFile(path, JSON.stringify(n));
  await assert.rejects(
    () => loadSnapshot(`${tmp}/a`),
    /the snapshot has no table projects; it was written by engine .* rerun the scenario/,
  );
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a deliberate parameter change on resume runs and is recorded in the manifest", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  await resumeRun(`${tmp}/a/tick=3`, {
    out: `${tmp}/b`,
    ticks: 3,
    scenario: (s) => ({
      ...s,
      economy: { ...s.economy, households: { ...s.economy.households, consume_income: 0.8 } },
    }),
  });
  const m = JSON.parse(await Deno.readTextFile(`${tmp}/b/manifest.json`));
  assert.deepEqual(m.changes_on_resume, [{
    parameter: "economy.households.consume_income",
    from: 0.9,
    to: 0.8,
  }]);
  assert.equal(m.scenario.economy.households.consume_income, 0.8);
  assert.equal(m.resumed_from, `${tmp}/a/tick=3`);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a run of another format is refused with what to do", async () => {
  const tmp = await Deno.makeTempDir();
  await run(`${tmp}/a`);
  const path = `${tmp}/a/manifest.json`;
  const m = JSON.parse(await Deno.readTextFile(path));
  await Deno.writeTextFile(path, JSON.stringify({ ...m, format: "panarchy-run/1" }));
  await assert.rejects(() => loadSnapshot(`${tmp}/a/tick=3`), /format panarchy-run\/1.*rerun/);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("Simulation state after a run matches what the final snapshot resumes to", async () => {
  const tmp = await Deno.makeTempDir();
  const { sim } = await run(`${tmp}/a`);
  const { sim: back } = await loadSnapshot(`${tmp}/a/tick=6`);
  assert.ok(back instanceof Simulation);
  assert.equal(back.world.tick, sim.world.tick);
  assert.deepEqual(back.world.kpis.series("population"), sim.world.kpis.series("population"));
  assert.equal(back.world.events.log.length, sim.world.events.log.length);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a run in the older layout is never replaced, even with --overwrite, and is named", async () => {
  const tmp = await Deno.makeTempDir();
  const old = `${tmp}/old`;
  await Deno.mkdir(`${old}/tick=000003`, { recursive: true });
  await Deno.writeTextFile(`${old}/manifest.json`, JSON.stringify({ format: "panarchy-run/2" }));
  await Deno.writeTextFile(`${old}/kpis.parquet`, "PAR1");
  await Deno.writeTextFile(`${old}/tick=000003/persons.parquet`, "PAR1");
  const before = await listFiles(old);
  await assert.rejects(
    () => run(old, { overwrite: true }),
    /holds a run in an older layout \(panarchy-run\/2; this engine writes panarchy-run\/3\)/,
  );
  assert.deepEqual(await listFiles(old), before);
  await Deno.remove(tmp, { recursive: true });
});
