/**
 * Crash safety measured on real processes: runs of `main.ts run` killed with SIGKILL at random
 * moments, then resumed from the newest snapshot they left (or rerun when they left none).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { resumeRun, runScenario } from "../../engine/run.ts";
import { loadScenario } from "../../engine/scenario/load.ts";
import { LOCK_FILE } from "../../engine/snapshot/lock.ts";
import { listFiles, sameBytes } from "../_fixtures.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TICKS = 40;
const INTERVAL = 4;
const KILLS = 10;

const SCENARIO = [
  "name: crash_island",
  "random_seed: 11",
  "population: {persons: 2500}",
  "spatial: {width_tiles: 28, height_tiles: 16}",
  "population_params: {towns: {count: 4}}",
].join("\n");

function cliRun(scenario: string, out: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      "main.ts",
      "run",
      "--scenario",
      scenario,
      "--ticks",
      String(TICKS),
      "--snapshot-interval",
      String(INTERVAL),
      "--out",
      out,
      "--quiet",
    ],
    cwd: ROOT,
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** A seeded uniform generator (mulberry32), so the kill moments are the same every time. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The snapshots a run's manifest lists (none before the run has committed one). */
async function committed(dir: string): Promise<number[]> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`)).snapshots;
  } catch {
    return []; // no manifest yet (or killed before the directory existed)
  }
}

/** Waits until a run's manifest lists the snapshot of `tick`. */
async function reached(dir: string, tick: number): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if ((await committed(dir)).includes(tick)) return;
    await sleep(5);
  }
  throw new Error(`${dir}: no snapshot of tick ${tick} within 30 s`);
}

async function newestSnapshot(dir: string): Promise<number | null> {
  const ticks = await committed(dir);
  return ticks.length ? Math.max(...ticks) : null;
}

async function assertSameRun(full: string, other: string, label: string): Promise<void> {
  const files = await listFiles(full);
  assert.deepEqual(await listFiles(other), files, `${label}: the same files`);
  for (const f of files.filter((f) => f !== "manifest.json")) {
    assert.ok(await sameBytes(`${full}/${f}`, `${other}/${f}`), `${label}: ${f} differs`);
  }
  const a = JSON.parse(await Deno.readTextFile(`${full}/manifest.json`));
  const b = JSON.parse(await Deno.readTextFile(`${other}/manifest.json`));
  assert.deepEqual({ ...b, resumed_from: null }, a, `${label}: manifest`);
}

async function residue(dir: string): Promise<string[]> {
  try {
    return (await listFiles(dir)).filter((f) => f.includes(".tmp") || f.endsWith(LOCK_FILE));
  } catch {
    return [];
  }
}

Deno.test({
  name: "runs killed with SIGKILL at 10 random moments resume byte-identical and leave no residue",
  sanitizeResources: false,
  fn: async () => {
    const tmp = await Deno.makeTempDir({ prefix: "panarchy_crash_" });
    const scenario = `${tmp}/crash_island.yaml`;
    await Deno.writeTextFile(scenario, SCENARIO);
    const config = await loadScenario(scenario);
    // Time the uninterrupted run: start-up (until its first snapshot appears), then the rest
    // after its second snapshot.
    const t0 = performance.now();
    const full = cliRun(scenario, `${tmp}/full`);
    await reached(`${tmp}/full`, 0);
    const startup = performance.now() - t0;
    await reached(`${tmp}/full`, INTERVAL);
    const t1 = performance.now();
    assert.equal((await full.status).code, 0);
    const running = performance.now() - t1;

    // Two kills during start-up (nothing to resume: rerun), eight after the second snapshot
    // while the others are written (resume from the newest).
    const rand = uniform(2026);
    let resumed = 0;
    let rerun = 0;
    const at: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const dir = `${tmp}/crash${k}`;
      const child = cliRun(scenario, dir);
      if (k < 2) {
        await sleep(rand() * startup);
      } else {
        await reached(dir, INTERVAL);
        await sleep(rand() * running);
      }
      try {
        child.kill("SIGKILL");
      } catch {
        // finished before the kill: still a valid outcome to resume from
      }
      await child.status;
      const tick = await newestSnapshot(dir);
      if (tick === null || tick === 0) {
        // Nothing to resume: the same command again must start cleanly in the same place.
        await runScenario(config, {
          ticks: TICKS,
          out: dir,
          snapshotInterval: INTERVAL,
          overwrite: tick === 0,
        });
        await assertSameRun(`${tmp}/full`, dir, `kill ${k} (rerun)`);
        rerun++;
        at.push(tick === null ? "before start" : "after tick 0");
      } else {
        await resumeRun(`${dir}/tick=${tick}`, {
          ticks: TICKS - tick,
          out: `${tmp}/resumed${k}`,
          snapshotInterval: INTERVAL,
        });
        await assertSameRun(`${tmp}/full`, `${tmp}/resumed${k}`, `kill ${k} at tick ${tick}`);
        assert.deepEqual(await residue(`${tmp}/resumed${k}`), []);
        resumed++;
        at.push(`tick ${tick}`);
      }
      assert.deepEqual(await residue(dir), [], `kill ${k}: residue left in ${dir}`);
    }
    console.log(`kills: ${resumed} resumed, ${rerun} rerun; newest snapshot: ${at.join(", ")}`);
    assert.equal(resumed + rerun, KILLS);
    assert.ok(resumed >= KILLS - 2, `only ${resumed} kills left a snapshot to resume from`);
    assert.ok(rerun >= 1, "no kill landed before the first snapshot");
    await Deno.remove(tmp, { recursive: true });
  },
});
