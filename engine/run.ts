/**
 * Running a scenario end to end: create (or resume) a simulation, step it, write snapshots at
 * the interval and the series at the end, report progress and time every system. The CLI and
 * the notebooks both go through {@link runScenario}.
 *
 * @module
 */
import process from "node:process";
import type { ScenarioConfig } from "./scenario/schema.ts";
import { Simulation } from "./simulation.ts";
import { type LoadOptions, loadSnapshot } from "./snapshot/resume.ts";
import { isWithin, realTarget } from "./snapshot/output_dir.ts";
import { RunWriter } from "./snapshot/run_dir.ts";

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Ticks to run (default: the scenario's `ticks`). */
  ticks?: number;
  /** Run directory; `null` keeps the run in memory (default: snapshots/<name>/<stamp>-s<seed>). */
  out?: string | null;
  /** Snapshot every N ticks (default: the scenario's snapshot.interval_days; 0 = final only). */
  snapshotInterval?: number;
  /** Replace an existing run directory. */
  overwrite?: boolean;
  /** Called after every tick; a returned promise is awaited (e.g. to refresh a display). */
  onProgress?: (p: Progress) => void | Promise<void>;
}

/** Progress of a run, after a tick. */
export interface Progress {
  done: number;
  ticks: number;
  tick: number;
  lastMs: number;
  sim: Simulation;
}

/** Median and 95th percentile of one system's time per tick. */
export interface SystemTiming {
  system: string;
  median_ms: number;
  p95_ms: number;
}

/** What a finished run hands back. */
export interface RunResult {
  sim: Simulation;
  /** Run directory, or null for an in-memory run. */
  dir: string | null;
  /** Timings per system and in all ("total"). */
  timings: SystemTiming[];
  /** Peak resident memory of the process, bytes. */
  peakRssBytes: number;
  /** Wall time of initialisation and of the ticks, ms. */
  initMs: number;
  runMs: number;
}

function quantile(a: Float64Array, q: number): number {
  if (a.length === 0) return NaN;
  const s = Float64Array.from(a).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Median and p95 ms/tick per system and in all. */
export function timingSummary(sim: Simulation, skipFirst = 0): SystemTiming[] {
  const t = sim.scheduler.timings;
  const from = Math.min(skipFirst, Math.max(0, t.count - 1));
  const rows = t.names.map((name, i) => {
    const a = t.times[i].subarray(from, t.count);
    return { system: name, median_ms: quantile(a, 0.5), p95_ms: quantile(a, 0.95) };
  });
  const total = t.total.subarray(from, t.count);
  rows.push({ system: "total", median_ms: quantile(total, 0.5), p95_ms: quantile(total, 0.95) });
  return rows;
}

/**
 * Peak resident set size of this process, bytes: `getrusage`'s maxrss through node:process,
 * which needs no permission (Deno lets only `--allow-all` read /proc/self/status, so the
 * /proc figure silently fell back to the current RSS under the tasks' permissions).
 */
export function peakRss(): number {
  const kib = process.resourceUsage().maxRSS;
  return kib > 0 ? kib * 1024 : Deno.memoryUsage().rss;
}

function defaultRunDir(config: ScenarioConfig): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `snapshots/${config.name}/${stamp}-s${config.random_seed}`;
}

async function drive(
  sim: Simulation,
  ticks: number,
  interval: number,
  writer: RunWriter | null,
  opts: RunOptions,
): Promise<number> {
  const t0 = performance.now();
  const w = sim.world;
  for (let i = 0; i < ticks; i++) {
    sim.step();
    if (writer && interval > 0 && w.tick % interval === 0) await writer.snapshot(sim);
    const t = sim.scheduler.timings;
    await opts.onProgress?.({
      done: i + 1,
      ticks,
      tick: w.tick,
      lastMs: t.total[t.count - 1],
      sim,
    });
  }
  const runMs = performance.now() - t0;
  if (writer) await writer.finish(sim);
  return runMs;
}

/** Runs `body` with the writer, aborting it (nothing half-made is left) when `body` throws. */
async function guarded<T>(writer: RunWriter | null, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    await writer?.abort().catch(() => {});
    throw e;
  }
}

/**
 * Runs a scenario: a new world, `ticks` ticks, snapshots and series written to the run
 * directory (unless `out: null`). The directory is locked for the run's life; an existing run
 * it replaces (`overwrite`) stays untouched until the new world is built and its first
 * snapshot written.
 *
 * @example
 * ```ts
 * const { sim, timings } = await runScenario(await loadScenario("tiny_island"), { ticks: 30, out: null });
 * sim.world.kpis.series("population");
 * ```
 */
export async function runScenario(
  config: ScenarioConfig,
  opts: RunOptions = {},
): Promise<RunResult> {
  const ticks = opts.ticks ?? config.ticks;
  const interval = opts.snapshotInterval ?? config.snapshot.interval_days;
  const dir = opts.out === undefined ? defaultRunDir(config) : opts.out;
  const writer = dir === null ? null : await RunWriter.create(dir, {
    codec: config.snapshot.compression,
    overwrite: opts.overwrite,
  });
  return await guarded(writer, async () => {
    const t0 = performance.now();
    const sim = Simulation.create(config);
    const initMs = performance.now() - t0;
    if (writer && interval > 0) await writer.snapshot(sim);
    await writer?.commit(sim);
    const runMs = await drive(sim, ticks, interval, writer, opts);
    return { sim, dir, timings: timingSummary(sim), peakRssBytes: peakRss(), initMs, runMs };
  });
}

/**
 * Continues a run from a snapshot folder into a new run directory (the source run is not
 * touched). The new run holds the source's snapshots up to the resume tick (hard links where
 * the file system allows, else copies), so it is a whole run: its files are byte-identical to
 * those of an uninterrupted run.
 *
 * @param snapshotDir `<run>/tick=N` of an earlier run, or `<run>` for its last snapshot.
 * @param opts `ticks` to add (default: up to the source scenario's `ticks`).
 * @throws {Error} when `out` is, or lies inside or above, the source run; when a file of the
 *   snapshot is missing or corrupt; when the scenario changes the world's structure.
 */
export async function resumeRun(
  snapshotDir: string,
  opts: RunOptions & LoadOptions = {},
): Promise<RunResult> {
  const t0 = performance.now();
  const loaded = await loadSnapshot(snapshotDir, opts);
  const { sim, runDir } = loaded;
  const initMs = performance.now() - t0;
  const config = sim.world.base;
  const start = sim.world.tick;
  const ticks = opts.ticks ?? Math.max(0, config.ticks - start);
  const interval = opts.snapshotInterval ?? config.snapshot.interval_days;
  const dir = opts.out === undefined ? defaultRunDir(config) : opts.out;
  if (dir !== null) await refuseOverlap(dir, runDir);
  const writer = dir === null ? null : await RunWriter.create(dir, {
    codec: config.snapshot.compression,
    overwrite: opts.overwrite,
    resume: {
      snapshot: `${runDir}/tick=${start}`,
      runDir,
      chain: loaded.chain,
      files: loaded.manifest.files,
      changes: loaded.changes,
    },
  });
  return await guarded(writer, async () => {
    await writer?.commit(sim);
    const runMs = await drive(sim, ticks, interval, writer, opts);
    return { sim, dir, timings: timingSummary(sim), peakRssBytes: peakRss(), initMs, runMs };
  });
}

/** Refuses an output directory that is, or lies inside or above, the run being resumed. */
async function refuseOverlap(out: string, source: string): Promise<void> {
  const [o, s] = await Promise.all([realTarget(out), realTarget(source)]);
  const how = o === s ? "is" : isWithin(o, s) ? "lies inside" : isWithin(s, o) ? "holds" : null;
  if (how) {
    throw new Error(
      `--out ${out} ${how} the run being resumed (${source}); writing there could destroy ` +
        `it: choose an --out outside that run`,
    );
  }
}
