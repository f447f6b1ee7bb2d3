/**
 * A run directory is a set of datasets in the Hive layout that DuckDB, polars, pandas and
 * Arrow read with one glob each (the manifest's `datasets` lists them; DuckDB:
 * `read_parquet('<run>/persons/tick=[*]/[*].parquet', hive_partitioning = true)`, with the
 * brackets dropped):
 * ```
 * <run>/manifest.json                    the commit record: resolved scenario, seed, versions,
 *                                        tables, KPIs, the snapshots, every file's checksum
 * <run>/<table>/tick=30/part-0.parquet   a snapshot of each table (persons, households, ...)
 * <run>/world/tick=30/part-0.parquet     clock, ledger and id counters (one row)
 * <run>/kpis/snapshot=30/part-0.parquet  KPI rows of the ticks since the previous snapshot
 * <run>/events/snapshot=30/part-0.parquet events of the ticks since the previous snapshot
 * ```
 * One tick convention holds everywhere: tick N is the state at the end of day N (tick 0 the
 * initial state), so KPI row N, the events of tick N and the snapshot `tick=N` describe the same
 * day and join on `tick`. Chunks of KPIs and events are keyed by the snapshot that wrote them
 * (`snapshot=N`, not `tick=`, since their rows carry their own `tick`).
 *
 * Each partition folder is written under a temporary name and renamed into place; a snapshot
 * exists once the manifest, rewritten through a temporary name and a rename after it, lists
 * it. Partitions a crash left unlisted are removed when the run is next opened. The manifest
 * holds no timestamps or timings, so two runs of the same scenario and seed write identical
 * bytes.
 *
 * A writer holds the directory's lock for its whole life. It writes into a missing or empty
 * directory, or replaces a directory that holds a run and nothing else (`overwrite`): then the
 * new run is written beside it and swapped in only once it has started cleanly.
 *
 * @module
 */
import * as path from "node:path";
import * as arrow from "apache-arrow";
import denoJson from "../../deno.json" with { type: "json" };
import importMap from "../../import_map.json" with { type: "json" };
import type { EventColumns } from "../core/events.ts";
import type { KpiRegistry } from "../core/kpis.ts";
import { EVENTS, FLOWS } from "../events.ts";
import type { Simulation } from "../simulation.ts";
import type { SimWorld } from "../world.ts";
import { tableToArrow } from "./arrow.ts";
import { sha256 } from "./checksum.ts";
import {
  acquireLock,
  describeHolder,
  LocksUnsupportedError,
  RunLock,
  unlockedNotice,
  whileUnlocked,
} from "./lock.ts";
import {
  classifyDir,
  explainFsError,
  listEntries,
  partitionFile,
  realTarget,
  removeResidue,
  snapshotFiles,
} from "./output_dir.ts";
import { type Codec, toParquet, writeAtomic } from "./parquet.ts";

/** Engine version written into manifests. */
export const ENGINE_VERSION: string = denoJson.version;

/** Format of run manifests this engine writes and reads. */
export const RUN_FORMAT = "panarchy-run/3";

/** A deliberate parameter change made when a run was resumed (a fork). */
export interface ScenarioChange {
  parameter: string;
  from: unknown;
  to: unknown;
}

/** The manifest of a run. */
export interface Manifest {
  format: typeof RUN_FORMAT;
  engine_version: string;
  dependencies: Record<string, string>;
  scenario_name: string;
  seed: number;
  scenario: unknown;
  start_tick: number;
  end_tick: number;
  /** False while the run is being written or when it stopped early. */
  complete: boolean;
  /** The snapshot this run continued from, and the parameters changed then. */
  resumed_from: string | null;
  changes_on_resume: ScenarioChange[];
  /** Ticks of the committed snapshots, ascending. */
  snapshots: number[];
  /** Each dataset and the glob of its files (relative to the run directory). */
  datasets: Record<string, { partition: "tick" | "snapshot"; glob: string; doc: string }>;
  /** SHA-256 of every file of the run (paths relative to the run directory). */
  files: Record<string, string>;
  systems: { active: string[]; off: string[] };
  tables: Record<string, { doc: string; columns: Record<string, unknown> }>;
  kpis: { name: string; unit: string; doc: string }[];
  events: Record<string, unknown>;
}

/** Row range [from, to) of the rows of `ticks` whose tick lies in (afterTick, toTick]. */
function tickRange(ticks: Int32Array, n: number, afterTick: number, toTick: number) {
  let from = 0;
  while (from < n && ticks[from] <= afterTick) from++;
  let to = from;
  while (to < n && ticks[to] <= toTick) to++;
  return { from, to };
}

/**
 * Ticks as Int64, the type DuckDB and polars give the `tick=N` partition key, so KPIs and
 * events join snapshot tables on `tick` without a cast.
 */
function tickVector(ticks: Int32Array, from: number, to: number): arrow.Vector {
  return arrow.makeVector(BigInt64Array.from(ticks.subarray(from, to), (t) => BigInt(t)));
}

/**
 * KPI history as an Arrow table: `tick` then one Float64 column per KPI; with `afterTick` and
 * `toTick`, only the rows of ticks in (afterTick, toTick].
 */
export function kpisToArrow(kpis: KpiRegistry, afterTick = -Infinity, toTick = Infinity) {
  const { from, to } = tickRange(kpis.ticks, kpis.rows, afterTick, toTick);
  const cols: Record<string, arrow.Vector> = { tick: tickVector(kpis.ticks, from, to) };
  kpis.specs.forEach((s, k) => {
    cols[s.name] = arrow.makeVector(kpis.history[k].slice(from, to));
  });
  return new arrow.Table(cols);
}

/**
 * The event log as an Arrow table (kind as dictionary-encoded labels; -1 slots as nulls); with
 * `afterTick` and `toTick`, only the events of ticks in (afterTick, toTick].
 */
export function eventsToArrow(
  log: EventColumns,
  kinds: readonly string[],
  afterTick = -Infinity,
  toTick = Infinity,
): arrow.Table {
  const { from, to } = tickRange(log.tick, log.length, afterTick, toTick);
  const nullable = (a: Int32Array) =>
    arrow.vectorFromArray(
      Array.from(a.subarray(from, to), (v) => (v < 0 ? null : v)),
      new arrow.Int32(),
    );
  return new arrow.Table({
    tick: tickVector(log.tick, from, to),
    kind: arrow.makeVector(
      arrow.makeData({
        type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Uint8()),
        length: to - from,
        data: Uint8Array.from(log.kind.subarray(from, to)),
        dictionary: arrow.vectorFromArray([...kinds], new arrow.Utf8()),
      } as never),
    ),
    subject: arrow.makeVector(log.subject.slice(from, to)),
    object: nullable(log.object),
    tile: nullable(log.tile),
    value: arrow.makeVector(log.value.slice(from, to)),
  });
}

/** Ledger and id counters of a world (one row; its tick is the partition's). */
export function worldStateToArrow(world: SimWorld): arrow.Table {
  const cols: Record<string, arrow.Vector> = {
    seed: arrow.makeVector(Int32Array.of(world.seed)),
    money_base: arrow.makeVector(Float64Array.of(world.ledger.base)),
    money_created: arrow.makeVector(Float64Array.of(world.ledger.created)),
    money_destroyed: arrow.makeVector(Float64Array.of(world.ledger.destroyed)),
    credit_defaulted: arrow.makeVector(Float64Array.of(world.ledger.defaulted)),
  };
  for (const [name, t] of Object.entries(world.tables)) {
    cols[`next_id_${name}`] = arrow.makeVector(Float64Array.of(t.nextId));
  }
  return new arrow.Table(cols);
}

/** Options of {@link RunWriter.create}. */
export interface RunWriterOptions {
  codec: Codec;
  /** Replace a directory that holds a run (and nothing else). */
  overwrite?: boolean;
  /** For a resumed run: the source run, its snapshots up to the resume tick, changes. */
  resume?: {
    snapshot: string;
    runDir: string;
    chain: readonly number[];
    /** The source manifest's checksums. */
    files: Readonly<Record<string, string>>;
    changes: ScenarioChange[];
  };
  /** Where notes go (a stale lock taken over, crash leftovers removed). Default: stderr. */
  note?: (message: string) => void;
}

/**
 * Writes a run's files as it goes. Create it with {@link RunWriter.create}, call
 * {@link RunWriter.commit} once the run has started cleanly, write snapshots, and end with
 * {@link RunWriter.finish} (or {@link RunWriter.abort} on failure).
 */
export class RunWriter {
  /** The directory the run ends up in (resolved when it replaces a run). */
  readonly target: string;
  readonly codec: Codec;
  readonly snapshots: number[] = [];
  #dir: string;
  #lock: RunLock;
  #replaced: { lock: RunLock } | null;
  #createdTarget: boolean;
  #committed = false;
  #files: Record<string, string> = {};
  #resume: RunWriterOptions["resume"] | null;

  private constructor(p: {
    target: string;
    dir: string;
    codec: Codec;
    lock: RunLock;
    replaced: { lock: RunLock } | null;
    createdTarget: boolean;
    resume: RunWriterOptions["resume"] | null;
  }) {
    this.target = p.target;
    this.#dir = p.dir;
    this.codec = p.codec;
    this.#lock = p.lock;
    this.#replaced = p.replaced;
    this.#createdTarget = p.createdTarget;
    this.#resume = p.resume;
  }

  /** Where files are written now (a staging folder beside the target until an overwrite commits). */
  get dir(): string {
    return this.#dir;
  }

  /**
   * Opens a run directory and takes its lock. A missing or empty directory is used as it is;
   * one that holds a run is replaced only with `overwrite` (the new run is staged beside it
   * and swapped in by {@link commit}); anything else is refused, naming what it holds.
   *
   * @throws {Error} naming the directory: a file, foreign files, a run without `overwrite`, a
   *   live run holding the lock, a read-only or forbidden location.
   */
  static async create(dir: string, opts: RunWriterOptions): Promise<RunWriter> {
    const note = opts.note ?? ((m: string) => console.error(`note: ${m}`));
    try {
      return await RunWriter.#open(dir, opts, note);
    } catch (e) {
      throw explainFsError(e, "run directory", dir);
    }
  }

  static async #open(
    dir: string,
    opts: RunWriterOptions,
    note: (m: string) => void,
  ): Promise<RunWriter> {
    const make = (
      target: string,
      at: string,
      lock: RunLock,
      replaced: { lock: RunLock } | null,
      createdTarget: boolean,
    ) =>
      new RunWriter({
        target,
        dir: at,
        codec: opts.codec,
        lock,
        replaced,
        createdTarget,
        resume: opts.resume ?? null,
      });
    const kind = await classifyDir(dir);
    if (kind.kind === "file") {
      throw new Error(`--out ${dir} is a file, not a directory: give the path of a folder`);
    }
    if (
      (kind.kind === "run" || kind.kind === "foreign") && kind.format?.startsWith("panarchy-run/")
    ) {
      if (kind.format !== RUN_FORMAT) {
        throw new Error(
          `run directory ${dir} holds a run in an older layout (${kind.format}; this engine ` +
            `writes ${RUN_FORMAT}); it is never replaced by a run in another layout: move it ` +
            `away or choose another --out`,
        );
      }
    }
    if (kind.kind === "foreign") {
      throw new Error(
        `run directory ${dir} holds ${listEntries(kind.entries)}, which no PANARCHY run ` +
          `wrote${kind.isRun ? " (besides a run)" : ""}; it is never overwritten, even with ` +
          `--overwrite: move those files away or choose another --out`,
      );
    }
    if (kind.kind === "run" && !opts.overwrite) {
      throw new Error(
        `run directory ${dir} already holds a run; choose another --out or pass --overwrite ` +
          `to replace it`,
      );
    }
    if (kind.kind === "missing") {
      await Deno.mkdir(path.dirname(dir), { recursive: true });
      try {
        await Deno.mkdir(dir);
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) return await RunWriter.#open(dir, opts, note);
        throw e;
      }
      try {
        return make(dir, dir, await RunWriter.#takeLock(dir, note), null, true);
      } catch (e) {
        // The folder this call made, still empty: nothing of the user's.
        await Deno.remove(dir).catch(() => {});
        throw e;
      }
    }
    const lock = await RunWriter.#takeLock(dir, note);
    try {
      const now = await classifyDir(dir);
      if (kind.kind === "empty") {
        if (now.kind !== "empty") {
          throw new Error(`run directory ${dir} filled up while opening it; retry`);
        }
        return make(dir, dir, lock, null, false);
      }
      // Replace a run: stage the new one beside it; commit() swaps them.
      const real = await realTarget(dir);
      await RunWriter.#cleanStaging(real, note);
      const staging = path.join(path.dirname(real), `.tmp-${path.basename(real)}-${Deno.pid}`);
      await Deno.mkdir(staging);
      const stagingLock = lock.locked ? await acquireLock(staging) : RunLock.unlocked(staging);
      return make(real, staging, stagingLock, { lock }, false);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  /** Takes the directory's lock; then removes what crashed writers left there. */
  static async #takeLock(dir: string, note: (m: string) => void): Promise<RunLock> {
    let lock: RunLock;
    try {
      lock = await acquireLock(dir);
    } catch (e) {
      // A file system without locks (a cluster's, mounted without flock): the run works as
      // runs did before they took locks, and the user is told what that leaves unguarded.
      if (!(e instanceof LocksUnsupportedError)) throw e;
      note(unlockedNotice(e));
      lock = RunLock.unlocked(dir);
    }
    if (lock.takenOver) {
      note(`took over the lock of ${dir} left by ${describeHolder(lock.takenOver)}, which died`);
    }
    try {
      // Without a manifest nothing was committed: partitions there are a dead start's.
      const committed = await Deno.stat(`${dir}/manifest.json`).then(() => true, () => false);
      const removed = await removeResidue(dir, committed ? undefined : []);
      if (removed.length) {
        note(`removed leftovers of a crashed run in ${dir}: ${removed.join(", ")}`);
      }
    } catch (e) {
      await lock.release();
      throw e;
    }
    return lock;
  }

  /** Removes staging folders that crashed overwrites of `target` left beside it. */
  static async #cleanStaging(target: string, note: (m: string) => void): Promise<void> {
    const parent = path.dirname(target);
    const base = path.basename(target);
    for await (const e of Deno.readDir(parent)) {
      const m = e.name.match(/^\.tmp-(?:old-)?(.*)-\d+$/);
      if (!e.isDirectory || m?.[1] !== base) continue;
      const at = path.join(parent, e.name);
      const gone = await whileUnlocked(at, async () => {
        await Deno.remove(at, { recursive: true });
        return true;
      });
      if (gone) note(`removed ${at}, left by a crashed run`);
    }
  }

  /**
   * Marks the run as started cleanly: a resumed run links the source's snapshots up to its
   * tick, an overwrite swaps the new run in for the old one (which is deleted), and the
   * manifest is written.
   */
  async commit(sim: Simulation): Promise<void> {
    if (this.#committed) return;
    if (this.#resume) await this.#linkHistory(this.#resume);
    if (this.#replaced) {
      const old = path.join(
        path.dirname(this.target),
        `.tmp-old-${path.basename(this.target)}-${Deno.pid}`,
      );
      await Deno.rename(this.target, old);
      await Deno.rename(this.#dir, this.target);
      this.#replaced.lock.movedTo(old);
      this.#lock.movedTo(this.target);
      this.#dir = this.target;
      await Deno.remove(old, { recursive: true });
      this.#replaced = null;
    }
    this.#committed = true;
    await this.writeManifest(sim);
  }

  /** Hard-links (or copies) the partitions of the source's snapshots up to the resume tick. */
  async #linkHistory(resume: NonNullable<RunWriterOptions["resume"]>): Promise<void> {
    for (const tick of resume.chain) {
      const files = snapshotFiles(resume.files, tick);
      for (const file of Object.keys(files)) {
        const from = path.join(resume.runDir, file);
        await this.#partition(file, async (to) => {
          try {
            await Deno.link(from, to);
          } catch {
            await Deno.copyFile(from, to);
          }
        });
      }
      this.#record(tick, files);
    }
  }

  /**
   * Makes the partition folder of `file` (a partition holds one file, `part-0.parquet`): it is
   * filled under a temporary name and renamed into place, so it appears whole or not at all.
   */
  async #partition(file: string, write: (at: string) => Promise<void>): Promise<void> {
    const dir = path.join(this.#dir, path.dirname(file));
    const tmp = path.join(path.dirname(dir), `.tmp-${path.basename(dir)}-${Deno.pid}`);
    await Deno.mkdir(tmp, { recursive: true });
    await write(path.join(tmp, path.basename(file)));
    await Deno.rename(tmp, dir);
  }

  #record(tick: number, files: Record<string, string>): void {
    if (!this.snapshots.includes(tick)) this.snapshots.push(tick);
    Object.assign(this.#files, files);
  }

  /** The last snapshot written or linked, or null. */
  get lastSnapshot(): number | null {
    return this.snapshots.length ? Math.max(...this.snapshots) : null;
  }

  /**
   * Writes every table of the world at its current tick (`<table>/tick=N/`), the KPI rows and
   * events since the previous snapshot (`kpis/snapshot=N/`, `events/snapshot=N/`), each
   * partition through a temporary folder and a rename; then, once the run is committed, the
   * manifest that lists the snapshot.
   *
   * @returns The snapshot's address, `<run>/tick=N`.
   */
  async snapshot(sim: Simulation): Promise<string> {
    const world = sim.world;
    const tick = world.tick;
    const previous = this.lastSnapshot ?? -Infinity;
    const files: Record<string, string> = {};
    const put = async (dataset: string, key: "tick" | "snapshot", table: arrow.Table) => {
      const file = partitionFile(dataset, key, tick);
      const bytes = toParquet(table, this.codec);
      files[file] = await sha256(bytes);
      await this.#partition(file, (at) => Deno.writeFile(at, bytes));
    };
    for (const [table, t] of Object.entries(world.tables)) {
      await put(table, "tick", tableToArrow(t));
    }
    await put("world", "tick", worldStateToArrow(world));
    await put("kpis", "snapshot", kpisToArrow(world.kpis, previous, tick));
    await put(
      "events",
      "snapshot",
      eventsToArrow(world.events.log, world.events.kinds, previous, tick),
    );
    this.#record(tick, files);
    if (this.#committed) await this.writeManifest(sim);
    return `${this.#dir}/tick=${tick}`;
  }

  /** Writes `manifest.json` as of now (through a temporary name and a rename). */
  async writeManifest(sim: Simulation, complete = false): Promise<void> {
    const manifest = this.manifest(sim, complete);
    await writeAtomic(`${this.#dir}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  }

  /** Writes the final snapshot (unless written) and a complete manifest; unlocks. */
  async finish(sim: Simulation): Promise<void> {
    await this.commit(sim);
    if (!this.snapshots.includes(sim.world.tick)) await this.snapshot(sim);
    await this.writeManifest(sim, true);
    await this.#lock.release();
  }

  /**
   * Ends a run that failed. Before {@link commit} everything written is removed (and a run it
   * was to replace stays as it was); after, the files stay with a manifest saying the run is
   * incomplete.
   */
  async abort(): Promise<void> {
    if (!this.#committed) {
      if (this.#replaced) {
        await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
        await this.#replaced.lock.release();
        return;
      }
      if (this.#createdTarget) {
        await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
        return;
      }
      for await (const e of Deno.readDir(this.#dir)) {
        await Deno.remove(`${this.#dir}/${e.name}`, { recursive: true }).catch(() => {});
      }
      return;
    }
    await this.#lock.release();
  }

  /** The manifest of the run as of now. */
  manifest(sim: Simulation, complete = false): Manifest {
    return buildManifest(sim, {
      startTick: 0, // every run holds its history from tick 0 (a resumed one links the source's)
      resumedFrom: this.#resume?.snapshot ?? null,
      changes: this.#resume?.changes ?? [],
      snapshots: this.snapshots,
      files: this.#files,
      complete,
    });
  }
}

/**
 * The manifest of a simulation as of now: resolved scenario, versions, tables (from their
 * declarations), KPIs, event kinds. Deterministic: no timestamps or timings.
 */
export function buildManifest(
  sim: Simulation,
  run: {
    startTick: number;
    resumedFrom: string | null;
    snapshots: readonly number[];
    changes?: ScenarioChange[];
    files?: Record<string, string>;
    complete?: boolean;
  },
): Manifest {
  const w = sim.world;
  const tables: Manifest["tables"] = {};
  for (const [name, t] of Object.entries(w.tables)) {
    const columns: Record<string, unknown> = {};
    for (const [c, spec] of Object.entries(t.spec.columns)) {
      columns[c] = { ...spec, width: (t.widths as Record<string, number>)[c] };
    }
    tables[name] = { doc: t.spec.doc, columns };
  }
  const files = run.files ?? {};
  return {
    format: RUN_FORMAT,
    engine_version: ENGINE_VERSION,
    dependencies: importMap.imports,
    scenario_name: w.base.name,
    seed: w.seed,
    scenario: w.base,
    start_tick: run.startTick,
    end_tick: w.tick,
    complete: run.complete ?? true,
    resumed_from: run.resumedFrom,
    changes_on_resume: run.changes ?? [],
    snapshots: [...run.snapshots].sort((a, b) => a - b),
    datasets: datasetsOf(w),
    files: Object.fromEntries(Object.keys(files).sort().map((k) => [k, files[k]])),
    systems: sim.activeSystems,
    tables,
    kpis: w.kpis.specs.map((s) => ({ ...s })),
    events: { kinds: EVENTS.specs, flows: FLOWS },
  };
}

/** The datasets of a run of `w`: every table and `world` by tick, KPIs and events by snapshot. */
function datasetsOf(w: SimWorld): Manifest["datasets"] {
  const out: Manifest["datasets"] = {};
  const add = (name: string, partition: "tick" | "snapshot", doc: string) => {
    out[name] = { partition, glob: `${name}/${partition}=*/*.parquet`, doc };
  };
  for (const [name, t] of Object.entries(w.tables)) add(name, "tick", t.spec.doc);
  add("world", "tick", "Ledger totals and id counters of the world (one row per snapshot).");
  add("kpis", "snapshot", "One row per tick: the KPIs at the end of that day.");
  add("events", "snapshot", "One row per event, with the tick of the day it happened.");
  return out;
}
