/**
 * A sweep's or a calibration's folder is held by one process at a time (the shards of one
 * sweep together): a second sweep on the folder is refused, naming the first, before it moves
 * or deletes anything there (it used to delete the first's files in flight).
 */
import assert from "node:assert/strict";
import { runCalibration } from "../../calibrate/run.ts";
import { parseCalibrationSpec } from "../../calibrate/spec.ts";
import { acquireLock, LOCK_FILE, LockedError } from "../../engine/snapshot/lock.ts";
import { planSweepInto, runSweep } from "../../sweep/run.ts";
import { exists, listFiles, runMain, withoutFileLocks } from "../_fixtures.ts";

/** Two points, one seed: two runs of a 1,000-person island for 20 days. */
const SPEC = `name: locked
scenario: tiny_island
changes: { population.persons: 1000, economy.firms: 60 }
ticks: 20
parameters:
  economy.households.consume_income: { values: [0.8, 0.9] }
replicates: 1
record: { kpis: [unemployment_rate], moments: [mean] }
`;

async function inTemp(body: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "folder_lock_test_" });
  try {
    await Deno.writeTextFile(`${tmp}/spec.yaml`, SPEC);
    await body(tmp);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test("a sweep on a folder another sweep holds is refused, naming it, and touches nothing", async () => {
  await inTemp(async (tmp) => {
    const dir = `${tmp}/s`;
    await planSweepInto(`${tmp}/spec.yaml`, dir);
    // What the running sweep has in flight: a run's file being written.
    await Deno.mkdir(`${dir}/runs`, { recursive: true });
    await Deno.writeTextFile(`${dir}/runs/p0000-s1.parquet.tmp-4242`, "half a file");
    const holder = await acquireLock(dir, { what: "sweep" });
    try {
      const before = await listFiles(dir);
      await assert.rejects(
        runSweep(`${tmp}/spec.yaml`, { out: dir, workers: 1 }),
        (e) =>
          e instanceof LockedError &&
          new RegExp(`^sweep folder .*/s is in use by process ${Deno.pid} on `).test(e.message) &&
          /wait for that sweep to finish or choose another --out$/.test(e.message),
      );
      await assert.rejects(planSweepInto(`${tmp}/spec.yaml`, dir), LockedError);
      assert.deepEqual(await listFiles(dir), before, "the held folder is as it was");
      const merge = await runMain(tmp, "sweep", "merge", dir);
      assert.equal(merge.code, 1);
      assert.match(merge.stderr, /sweep folder .*\/s is in use by process \d+ on /);
    } finally {
      await holder.release();
    }
    // Once the holder has gone the sweep runs (and clears what the dead writer left); a lock
    // file that a dead sweep left is taken over, with a note.
    const dead = { pid: 999999, host: "gone", since: "2026-01-01T00:00:00.000Z" };
    await Deno.writeTextFile(`${dir}/${LOCK_FILE}`, JSON.stringify(dead));
    const r = await runMain(tmp, "sweep", `${tmp}/spec.yaml`, "--out", dir, "--workers", "1");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /note: took over the lock of .*\/s left by process 999999 on gone/);
    assert.match(r.stdout, /ran 2, skipped 0 done before; 0 failed/);
    assert.ok(await exists(`${dir}/results.parquet`));
    assert.ok(!(await exists(`${dir}/${LOCK_FILE}`)), "a finished sweep leaves no lock");
    assert.ok(!(await listFiles(dir)).some((f) => f.includes(".tmp-")));
  });
});

Deno.test("the shards of a sweep share its folder, and keep a whole sweep out until the last ends", async () => {
  await inTemp(async (tmp) => {
    const dir = `${tmp}/s`;
    await planSweepInto(`${tmp}/spec.yaml`, dir);
    // Shard 1 of 2 is running.
    const shard = await acquireLock(dir, { shared: true, what: "sweep" });
    try {
      const other = await runSweep(`${tmp}/spec.yaml`, {
        out: dir,
        workers: 1,
        shard: { index: 0, count: 2 },
      });
      assert.equal(other.ran, 1, "shard 0 ran beside it");
      assert.ok(
        await exists(`${dir}/${LOCK_FILE}`),
        "shard 0 left the lock to the shard still running",
      );
      await assert.rejects(
        runSweep(`${tmp}/spec.yaml`, { out: dir, workers: 1 }),
        /^LockedError: sweep folder .*\/s is in use by another sweep or shard: wait/,
      );
      await assert.rejects(acquireLock(dir, { what: "sweep" }), LockedError);
    } finally {
      await shard.release();
    }
    assert.ok(!(await exists(`${dir}/${LOCK_FILE}`)), "the last shard removes the lock");
    const whole = await runSweep(`${tmp}/spec.yaml`, { out: dir, workers: 1 });
    assert.deepEqual([whole.ran, whole.skipped], [1, 1], "shard 0's run is kept");
  });
});

Deno.test("a calibration on a folder another calibration holds is refused before it writes", async () => {
  await inTemp(async (tmp) => {
    const dir = `${tmp}/c`;
    await Deno.mkdir(dir);
    const holder = await acquireLock(dir, { what: "calibration" });
    try {
      const spec = await parseCalibrationSpec(
        `name: c
scenario: tiny_island
changes: { population.persons: 1000, economy.firms: 60 }
ticks: 20
parameters:
  economy.labor.matching_efficiency: { bounds: [0.2, 0.8] }
targets:
  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }
replicates: 1
method: { budget: 4, batch: 2, starts: { points: 2 } }
`,
        "cal.yaml",
      );
      await assert.rejects(
        runCalibration(spec, { out: dir, workers: 1 }),
        /^LockedError: calibration folder .*\/c is in use by process \d+ on .*: wait for that calibration/,
      );
      assert.deepEqual(await listFiles(dir), [LOCK_FILE], "no state was written");
    } finally {
      await holder.release();
    }
  });
});

Deno.test("on a file system without file locks a sweep runs without its folder's lock and says so", async () => {
  await inTemp(async (tmp) => {
    const dir = `${tmp}/s`;
    const { result, stderr } = await withoutFileLocks(() =>
      runSweep(`${tmp}/spec.yaml`, { out: dir, workers: 1 })
    );
    assert.equal(result.failed.length, 0);
    assert.match(
      stderr,
      new RegExp(
        `warning: the file system of ${dir} does not support file locks \\(ENOLCK\\): working ` +
          "without the sweep folder's lock, so do not start a second sweep on it while this one runs",
      ),
    );
    assert.ok(await exists(`${dir}/results.parquet`));
    assert.ok(!(await exists(`${dir}/${LOCK_FILE}`)), "no lock file is left behind");
  });
});
