/**
 * What a run may do with a directory: resolve paths the way the file system will (symlinks and
 * `..` included), tell a PANARCHY run from anything else, and recognise the leftovers of a
 * crashed run. A run writes only into an empty directory or one it may replace, and replaces
 * only a directory that holds nothing but a run's own files.
 *
 * @module
 */
import * as path from "node:path";
import { LOCK_FILE } from "./lock.ts";

/** The file of one partition of a dataset: `persons/tick=30/part-0.parquet`. */
export function partitionFile(dataset: string, key: "tick" | "snapshot", tick: number): string {
  return `${dataset}/${key}=${tick}/part-0.parquet`;
}

/** A partition folder's name, e.g. `tick=30` or `snapshot=30`. */
const PARTITION = /^(tick|snapshot)=(\d+)$/;

/** A dataset folder's name (a table, `world`, `kpis`, `events`). */
const DATASET = /^[a-z][a-z0-9_]*$/;

/**
 * The files (with their checksums) of the snapshot at `tick`, picked from a manifest's `files`:
 * its table partitions and the KPI and event chunks written with it.
 */
export function snapshotFiles(
  files: Readonly<Record<string, string>>,
  tick: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, sum] of Object.entries(files)) {
    const m = file.split("/")[1]?.match(PARTITION);
    if (m && Number(m[2]) === tick) out[file] = sum;
  }
  return out;
}

/**
 * Temporary names a writer uses: `<file>.tmp-<pid>`, `.tmp-<what>-<pid>`, the lock's private
 * name. A crash can leave them behind; readers ignore them and the next writer removes them.
 */
const TEMP_NAME = /(^\.tmp-.*-\d+$)|(\.tmp-\d+$)/;

/** Files at the top of a run directory besides dataset folders. */
const RUN_FILES = new Set(["manifest.json", LOCK_FILE]);

/** True when `name` is one of a writer's temporary names. */
function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * The absolute path `p` will have on the file system: existing components are resolved with
 * their symlinks (so `a/link/..` is where the link points, not `a`), the rest lexically, as
 * `mkdir -p` would create them.
 *
 * @example
 * ```ts
 * await realTarget("snapshots/x/../same"); // "/work/main/snapshots/same"
 * ```
 */
export async function realTarget(p: string): Promise<string> {
  // Not path.resolve: it would fold `link/..` lexically before the link is followed.
  const abs = path.isAbsolute(p) ? p : `${Deno.cwd()}/${p}`;
  const parts = abs.split("/").filter((s) => s !== "");
  let real: string = path.sep;
  let exists = true;
  for (const part of parts) {
    if (part === ".") continue;
    if (part === "..") {
      real = path.dirname(real);
      continue;
    }
    const next = path.join(real, part);
    if (exists) {
      try {
        real = await Deno.realPath(next);
        continue;
      } catch {
        exists = false;
      }
    }
    real = next;
  }
  return real;
}

/**
 * A path for an error message: a relative path is given with the absolute path it resolved to
 * and the working directory it was resolved from (a notebook's is its own folder).
 *
 * @example
 * ```ts
 * resolvedFrom("../snapshots/x"); // "../snapshots/x (/work/snapshots/x, resolved from /work/notebooks)"
 * ```
 */
export function resolvedFrom(p: string): string {
  return path.isAbsolute(p) ? p : `${p} (${path.resolve(p)}, resolved from ${Deno.cwd()})`;
}

/** True when `inner` is `outer` or lies inside it (both absolute, normalised). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** What a directory holds, as far as a run writer cares. */
export type DirKind =
  | { kind: "missing" }
  | { kind: "file" }
  | { kind: "empty" }
  | { kind: "run"; format: string | null }
  | { kind: "foreign"; entries: string[]; isRun: boolean; format: string | null };

/**
 * Classifies `dir`: missing, a file, empty (or holding only a dead run's lock and leftovers), a
 * PANARCHY run (nothing but run files and crash leftovers) or something else, listing what it
 * holds that a run does not write.
 */
export async function classifyDir(dir: string): Promise<DirKind> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw e;
  }
  if (!info.isDirectory) return { kind: "file" };
  const foreign: string[] = [];
  let hasManifest = false;
  for await (const e of Deno.readDir(dir)) {
    if (e.name === "manifest.json" && e.isFile) hasManifest = true;
    if (isTempName(e.name)) continue;
    else if (RUN_FILES.has(e.name) && e.isFile) continue;
    else if (e.isDirectory && await isDataset(`${dir}/${e.name}`, e.name)) continue;
    else foreign.push(e.isDirectory ? `${e.name}/` : e.name);
  }
  const format = hasManifest ? await manifestFormat(`${dir}/manifest.json`) : null;
  if (foreign.length > 0) {
    return { kind: "foreign", entries: foreign.sort(), isRun: hasManifest, format };
  }
  // Nothing but a run's files: a run, or (no manifest) the start of one that died before it
  // committed anything, which is as good as empty: its partitions are leftovers.
  return hasManifest ? { kind: "run", format } : { kind: "empty" };
}

/** The `format` a manifest declares (e.g. "panarchy-run/3"), or null when it has none. */
async function manifestFormat(file: string): Promise<string | null> {
  try {
    const format = JSON.parse(await Deno.readTextFile(file))?.format;
    return typeof format === "string" ? format : null;
  } catch {
    return null;
  }
}

/**
 * True when folder `at` (named `name`) holds nothing but a dataset a run writes: partition
 * folders holding `part-0.parquet`, and crash leftovers.
 */
async function isDataset(at: string, name: string): Promise<boolean> {
  if (!DATASET.test(name)) return false;
  for await (const p of Deno.readDir(at)) {
    if (isTempName(p.name)) continue;
    if (!p.isDirectory || !PARTITION.test(p.name)) return false;
    for await (const f of Deno.readDir(`${at}/${p.name}`)) {
      if (!(f.name === "part-0.parquet" && f.isFile) && !isTempName(f.name)) return false;
    }
  }
  return true;
}

/** "3 entries: a.txt, b/, c" (at most 5 names). */
export function listEntries(entries: string[]): string {
  const shown = entries.slice(0, 5).join(", ");
  const more = entries.length > 5 ? `, and ${entries.length - 5} more` : "";
  return `${entries.length} entr${entries.length === 1 ? "y" : "ies"}: ${shown}${more}`;
}

/**
 * The leftovers of crashed writers in run directory `dir` (paths relative to it): temporary
 * names at the top and inside dataset folders and, when `snapshots` is given (the ticks the
 * manifest lists), partitions of snapshots that were never committed.
 */
export async function listResidue(dir: string, snapshots?: readonly number[]): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (isTempName(e.name)) found.push(e.name);
    else if (e.isDirectory && DATASET.test(e.name)) {
      for await (const p of Deno.readDir(`${dir}/${e.name}`)) {
        const m = p.name.match(PARTITION);
        const orphan = m !== null && snapshots !== undefined && !snapshots.includes(Number(m[2]));
        if (isTempName(p.name) || orphan) found.push(`${e.name}/${p.name}`);
      }
    }
  }
  return found.sort();
}

/**
 * Removes the temporary leftovers of crashed writers from `dir`. Call it only while holding
 * the directory's lock: then no live writer has files there.
 */
export async function removeResidue(
  dir: string,
  snapshots?: readonly number[],
): Promise<string[]> {
  const found = await listResidue(dir, snapshots);
  for (const name of found) await Deno.remove(`${dir}/${name}`, { recursive: true });
  return found;
}

/**
 * A file-system error as a one-line message naming the path and the fix (a file where a
 * folder is needed, a read-only file system, no permission), else the error unchanged.
 */
export function explainFsError(e: unknown, what: string, target: string): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (/os error 20\b/.test(msg)) {
    return new Error(
      `cannot create ${what} ${target}: a part of that path is a file, not a folder; ` +
        `choose another --out`,
    );
  }
  if (/os error 30\b|Read-only file system/i.test(msg)) {
    return new Error(
      `cannot write ${what} ${target}: the file system is read-only; ` +
        `choose a writable --out`,
    );
  }
  if (e instanceof Deno.errors.PermissionDenied || /os error 13\b/.test(msg)) {
    return new Error(
      `cannot write ${what} ${target}: permission denied; ` +
        `choose a folder you may write to with --out`,
    );
  }
  if (/os error 28\b|No space left/i.test(msg)) {
    return new Error(
      `cannot write ${what} ${target}: the disk is full; free space or ` +
        `choose another --out`,
    );
  }
  return e instanceof Error ? e : new Error(msg);
}
