/**
 * A sweep's folder and its dataset. Every run writes its own files, each atomically, under
 * Hive-style partitions that DuckDB, polars and Arrow read with one glob:
 *
 * ```text
 * <dir>/sweep.json                                      the plan (spec, points, runs, engine)
 * <dir>/runs/point=<p>/seed=<s>/part-<id>.parquet       one row per finished run
 * <dir>/runs/point=<p>/seed=<s>/part-<id>-failed.parquet  ... or per failed run (retried next time)
 * <dir>/series/point=<p>/seed=<s>/part-<id>.parquet     the run's KPI series (tick, one column per KPI)
 * <dir>/snapshots/point=<p>/seed=<s>/                   the run's run folder, when the spec keeps snapshots
 * <dir>/results.parquet                                 every run's row, by point and seed (the merge)
 * <dir>/superseded/                                     runs of an earlier spec, moved out of the dataset
 * ```
 *
 * `SELECT * FROM read_parquet('<dir>/runs/**\/*.parquet', hive_partitioning = true)` gives one
 * row per run with `point` and `seed` from the folder names. A file's name carries the run's
 * identity, so a restarted sweep knows what it has without opening a file.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { dirname, join, relative } from "node:path";
import { readParquetFile, toParquet, writeAtomic } from "../engine/snapshot/parquet.ts";
import {
  acquireLock,
  describeHolder,
  LOCK_FILE,
  LocksUnsupportedError,
  type RunLock,
  unlockedNotice,
} from "../engine/snapshot/lock.ts";
import { PLAN_FORMAT, type PlannedRun, type SweepPlan } from "./plan.ts";

/** The plan's file in a sweep's folder. */
export const PLAN_FILE = "sweep.json";

/** How a sweep's folder is recognised and named in messages ({@link withFolderLock}). */
export const SWEEP_FOLDER = { marker: PLAN_FILE, what: "sweep" };
/** The merged table of every run's row. */
export const RESULTS_FILE = "results.parquet";

const RUN_NAME = /^part-([0-9a-f]{16})(-failed)?\.parquet$/;

/** The partition folder of a run in a dataset, e.g. `runs/point=3/seed=2`. */
function partition(dir: string, dataset: string, run: PlannedRun): string {
  return join(dir, dataset, `point=${run.point}`, `seed=${run.seed}`);
}

/** The row file of a run: `runs/point=P/seed=S/part-<id>.parquet` (or `-failed`). */
export function runFile(dir: string, run: PlannedRun, status: "ok" | "failed"): string {
  return join(
    partition(dir, "runs", run),
    `part-${run.id}${status === "ok" ? "" : "-failed"}.parquet`,
  );
}

/** The KPI series file of a run. */
export function seriesFile(dir: string, run: PlannedRun): string {
  return join(partition(dir, "series", run), `part-${run.id}.parquet`);
}

/** The kept run folder of a run (when the spec keeps snapshots). */
export function snapshotDir(dir: string, run: PlannedRun): string {
  return partition(dir, "snapshots", run);
}

/** A run's temporary run folder (facts read snapshots; it is removed after). */
export function scratchDir(dir: string, run: PlannedRun): string {
  return join(dir, ".scratch", run.id);
}

/** Writes a table as a zstd Parquet file, creating its folder, atomically. */
export async function writeTable(path: string, table: arrow.Table): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeAtomic(path, toParquet(table, "zstd"));
}

/** Removes a file of ours if it is there. */
export async function removeFile(path: string): Promise<void> {
  await Deno.remove(path).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}

/** A run file found in a sweep's folder. */
export interface FoundRun {
  id: string;
  status: "ok" | "failed";
  /** Path relative to the sweep's folder. */
  path: string;
}

async function* walk(root: string, under = ""): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(join(root, under)));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  for (const e of entries) {
    const rel = under ? join(under, e.name) : e.name;
    if (e.isDirectory) yield* walk(root, rel);
    else if (e.isFile) yield rel;
  }
}

/** Every run row file under `<dir>/runs` (and leftover temporary files, as `temp`). */
export async function scanRuns(dir: string): Promise<{ runs: FoundRun[]; temp: string[] }> {
  const runs: FoundRun[] = [];
  const temp: string[] = [];
  for await (const rel of walk(dir, "runs")) {
    const name = rel.split("/").pop()!;
    const m = RUN_NAME.exec(name);
    if (m) runs.push({ id: m[1], status: m[2] ? "failed" : "ok", path: rel });
    else if (/\.parquet\.tmp-/.test(name)) temp.push(rel);
  }
  for await (const rel of walk(dir, "series")) {
    if (/\.parquet\.tmp-/.test(rel)) temp.push(rel);
  }
  return { runs, temp };
}

/**
 * Reads a sweep folder's plan.
 *
 * @throws {Error} when the folder has no `sweep.json` or it is not a sweep's plan.
 */
export async function readPlan(dir: string): Promise<SweepPlan> {
  const path = join(dir, PLAN_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`${dir} is not a sweep folder (no ${PLAN_FILE}): give the --out of a sweep`);
    }
    throw e;
  }
  let plan: SweepPlan;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${path} is not valid JSON (${e instanceof Error ? e.message : e}): ` +
        `rerun the sweep (\`main.ts sweep <spec> --out ${dir}\`) to write it again`,
    );
  }
  if (plan?.format !== PLAN_FORMAT) {
    throw new Error(
      `${path} is not a PANARCHY sweep plan (format "${plan?.format}", ` +
        `expected "${PLAN_FORMAT}")`,
    );
  }
  return plan;
}

/**
 * Makes a folder ready for a plan: refuses a folder that holds something else than a sweep,
 * moves the runs of an earlier plan that this one no longer has to `superseded/`, moves runs
 * whose point moved to their new partition, removes our leftover temporary files, and writes
 * `sweep.json`. A shard (`shard: true`, one of several processes sharing the folder) changes
 * nothing but writes the plan when it is missing, and refuses a folder planned from another
 * version of the spec.
 *
 * @returns the ids of the runs already finished.
 * @throws {Error} when the folder holds files that are not a sweep's, or (a shard) holds the
 *   plan of another spec.
 */
export async function preparePlan(
  dir: string,
  plan: SweepPlan,
  opts: { shard?: boolean } = {},
): Promise<Set<string>> {
  await refuseForeign(dir, PLAN_FILE, "sweep");
  await Deno.mkdir(dir, { recursive: true });
  const planPath = join(dir, PLAN_FILE);
  const text = JSON.stringify(plan, null, 1) + "\n";
  const old = await Deno.readTextFile(planPath).catch(() => null);
  // A sweep.json we did not write (or cannot read) is refused, never overwritten.
  if (old !== null) await readPlan(dir);
  const byId = new Map(plan.runs.map((r) => [r.id, r]));
  const { runs, temp } = await scanRuns(dir);
  if (opts.shard) {
    if (old !== null && old !== text) {
      const before = (await readPlan(dir)).runs.map((r) => r.id).join();
      if (before !== plan.runs.map((r) => r.id).join()) {
        throw new Error(
          `${planPath} was planned from another version of the spec (its runs differ): ` +
            `plan again with \`main.ts slurm\` or \`main.ts sweep\` without --shard`,
        );
      }
    }
    if (old === null) await writeAtomic(planPath, text);
    return new Set(runs.filter((r) => r.status === "ok" && byId.has(r.id)).map((r) => r.id));
  }
  for (const t of temp) await removeFile(join(dir, t));
  const done = new Set<string>();
  for (const found of runs) {
    const run = byId.get(found.id);
    const series = found.path.replace(/^runs\//, "series/").replace("-failed", "");
    if (!run) {
      await moveInto(dir, found.path, "superseded");
      if (found.status === "ok") await moveInto(dir, series, "superseded");
      continue;
    }
    const want = relative(dir, runFile(dir, run, found.status));
    if (found.path !== want) {
      await moveTo(dir, found.path, want);
      if (found.status === "ok") await moveTo(dir, series, relative(dir, seriesFile(dir, run)));
    }
    if (found.status === "ok") done.add(found.id);
  }
  if (old !== text) await writeAtomic(planPath, text);
  return done;
}

async function moveTo(dir: string, from: string, to: string): Promise<void> {
  try {
    await Deno.mkdir(dirname(join(dir, to)), { recursive: true });
    await Deno.rename(join(dir, from), join(dir, to));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

function moveInto(dir: string, rel: string, folder: string): Promise<void> {
  return moveTo(dir, rel, join(folder, rel));
}

/**
 * Refuses an output folder that exists, is not empty and does not hold `marker` (the file that
 * makes it a sweep's or a calibration's): nothing of a folder we did not make is touched.
 *
 * @param dir The `--out` folder.
 * @param marker The file our folders hold, e.g. `sweep.json`.
 * @param what What the folder is for, in the message ("sweep", "calibration").
 * @throws {Error} naming the folder and the first files it holds.
 */
export async function refuseForeign(dir: string, marker: string, what: string): Promise<void> {
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    if (e instanceof Deno.errors.NotADirectory) {
      throw new Error(`--out ${dir} is a file: give a folder for the ${what}`);
    }
    throw e;
  }
  // A lock file alone is what a process that died before writing its marker left.
  names = names.filter((n) => n !== LOCK_FILE);
  if (names.length > 0 && !names.includes(marker)) {
    throw new Error(
      `--out ${dir} holds files that are not a ${what}'s (${names.slice(0, 4).join(", ")}` +
        `${names.length > 4 ? ", ..." : ""}): give an empty or new folder, or the folder of ` +
        `this ${what}`,
    );
  }
}

/**
 * Runs `body` holding the lock of folder `dir` (`.panarchy.lock`, see
 * `engine/snapshot/lock.ts`), made first if missing after {@link refuseForeign} has checked it
 * is not somebody else's: a whole sweep, its planning, its merge and a calibration hold their
 * folder exclusive, so that two of them cannot move or delete each other's files; the shards of
 * a Slurm sweep hold it `shared`, together.
 *
 * @throws {LockedError} naming the process that holds the folder; what `refuseForeign` throws.
 */
export async function withFolderLock<T>(
  dir: string,
  folder: { marker: string; what: string; shared?: boolean },
  body: () => Promise<T>,
): Promise<T> {
  await refuseForeign(dir, folder.marker, folder.what);
  await Deno.mkdir(dir, { recursive: true });
  let lock: RunLock | null = null;
  try {
    lock = await acquireLock(dir, { shared: folder.shared, what: folder.what });
    if (lock.takenOver) {
      console.error(
        `note: took over the lock of ${dir} left by ${describeHolder(lock.takenOver)}, which died`,
      );
    }
  } catch (e) {
    // A cluster file system mounted without flock (Lustre with noflock, for one) refuses
    // locks: the folder works as it did before it was locked, and the user is told so.
    if (!(e instanceof LocksUnsupportedError)) throw e;
    console.error(`warning: ${unlockedNotice(e, folder.what)}`);
  }
  try {
    return await body();
  } finally {
    await lock?.release();
  }
}

/** What a merge found. */
export interface MergeSummary {
  /** Runs in the plan. */
  runs: number;
  ok: number;
  failed: { id: string; point: number; seed: number; error: string }[];
  /** Runs with no file yet. */
  missing: PlannedRun[];
  /** The merged file, or null when runs are missing. */
  results: string | null;
}

/**
 * Checks that every run of the plan has a row, and writes `results.parquet`: every run's row
 * with its `point` and `seed`, in the plan's order (by point, then by seed as the spec lists
 * them). Nothing is written while runs are missing.
 *
 * @throws {Error} when the folder is not a sweep's or a run's file cannot be read.
 */
export async function mergeSweep(dir: string): Promise<MergeSummary> {
  const plan = await readPlan(dir);
  const { runs } = await scanRuns(dir);
  const found = new Map<string, FoundRun>();
  for (const r of runs) {
    if (!found.has(r.id) || r.status === "ok") found.set(r.id, r);
  }
  const missing = plan.runs.filter((r) => !found.has(r.id));
  const summary: MergeSummary = {
    runs: plan.runs.length,
    ok: 0,
    failed: [],
    missing,
    results: null,
  };
  const rows: { run: PlannedRun; table: arrow.Table }[] = [];
  for (const run of plan.runs) {
    const f = found.get(run.id);
    if (!f) continue;
    const table = await readParquetFile(join(dir, f.path));
    rows.push({ run, table });
    if (f.status === "ok") summary.ok++;
    else {
      summary.failed.push({
        id: run.id,
        point: run.point,
        seed: run.seed,
        error: String(table.getChild("error")?.get(0) ?? ""),
      });
    }
  }
  if (missing.length > 0 || rows.length === 0) return summary;
  // One column at a time (a concatenation of one-row tables would write a row group per run).
  const cols: Record<string, arrow.Vector> = {
    point: arrow.vectorFromArray(rows.map((r) => r.run.point), new arrow.Int32()),
    seed: arrow.vectorFromArray(rows.map((r) => r.run.seed), new arrow.Int32()),
  };
  for (const field of rows[0].table.schema.fields) {
    cols[field.name] = arrow.vectorFromArray(
      rows.map((r) => r.table.getChild(field.name)?.get(0) ?? null),
      field.type,
    );
  }
  summary.results = join(dir, RESULTS_FILE);
  await writeTable(summary.results, new arrow.Table(cols));
  return summary;
}
