/**
 * A run directory:
 * ```
 * <run>/manifest.json                 resolved scenario, seed, versions, tables, KPIs,
 *                                     snapshots, the checksum of every file
 * <run>/kpis.parquet                  the whole KPI history (one row per tick)
 * <run>/events.parquet                every event of the run
 * <run>/tick=000030/<table>.parquet   one file per table (Hive layout)
 * <run>/tick=000030/world.parquet     clock, ledger and id counters
 * <run>/tick=000030/kpis.parquet      KPI rows since the previous snapshot
 * <run>/tick=000030/events.parquet    events since the previous snapshot
 * <run>/tick=000030/snapshot.json     tick, previous snapshot, checksum of each file
 * ```
 * A snapshot folder is written under a temporary name and renamed into place, so it appears
 * whole or not at all; with the history chunks of the snapshots before it, it holds everything
 * a resume needs. The run-level files are conveniences rewritten after every snapshot (each
 * through a temporary name and a rename). The manifest holds no timestamps or timings, so two
 * runs of the same scenario and seed write identical bytes.
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
import { acquireLock, describeHolder, type RunLock, whileUnlocked } from "./lock.ts";
import {
  classifyDir,
  explainFsError,
  listEntries,
  realTarget,
  removeResidue,
  tickDirName,
} from "./output_dir.ts";
import { type Codec, toParquet, writeAtomic } from "./parquet.ts";

export { tickDirName };

/** Engine version written into manifests. */
export const ENGINE_VERSION: string = denoJson.version;

/** Format of run manifests this engine writes and reads. */
export const RUN_FORMAT = "panarchy-run/2";

/** Format of a snapshot folder's `snapshot.json`. */
export const SNAPSHOT_FORMAT = "panarchy-snapshot/1";

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
  snapshots: number[];
  /** SHA-256 of every file of the run (paths relative to the run directory). */
  files: Record<string, string>;
  systems: { active: string[]; off: string[] };
  tables: Record<string, { doc: string; columns: Record<string, unknown> }>;
  kpis: { name: string; unit: string; doc: string }[];
  events: Record<string, unknown>;
}

/** A snapshot folder's record of itself. */
export interface SnapshotRecord {
  format: typeof SNAPSHOT_FORMAT;
  tick: number;
  /** Tick of the snapshot before it in the run (its history chunk starts there), or null. */
  previous: number | null;
  /** SHA-256 of each file of the folder. */
  files: Record<string, string>;
}

/** Row range [from, to) of the rows of `ticks` whose tick lies in [fromTick, toTick). */
function tickRange(ticks: Int32Array, n: number, fromTick: number, toTick: number) {
  let from = 0;
  while (from < n && ticks[from] < fromTick) from++;
  let to = from;
  while (to < n && ticks[to] < toTick) to++;
  return { from, to };
}

/**
 * KPI history as an Arrow table: `tick` then one Float64 column per KPI; with `fromTick` and
 * `toTick`, only the rows of ticks in [fromTick, toTick).
 */
export function kpisToArrow(kpis: KpiRegistry, fromTick = -Infinity, toTick = Infinity) {
  const { from, to } = tickRange(kpis.ticks, kpis.rows, fromTick, toTick);
  const cols: Record<string, arrow.Vector> = {
    tick: arrow.makeVector(kpis.ticks.slice(from, to)),
  };
  kpis.specs.forEach((s, k) => {
    cols[s.name] = arrow.makeVector(kpis.history[k].slice(from, to));
  });
  return new arrow.Table(cols);
}

/**
 * The event log as an Arrow table (kind as a string; -1 slots as nulls); with `fromTick` and
 * `toTick`, only the events of ticks in [fromTick, toTick).
 */
export function eventsToArrow(
  log: EventColumns,
  kinds: readonly string[],
  fromTick = -Infinity,
  toTick = Infinity,
): arrow.Table {
  const { from, to } = tickRange(log.tick, log.length, fromTick, toTick);
  const nullable = (a: Int32Array) =>
    arrow.vectorFromArray(
      Array.from(a.subarray(from, to), (v) => (v < 0 ? null : v)),
      new arrow.Int32(),
    );
  return new arrow.Table({
    tick: arrow.makeVector(log.tick.slice(from, to)),
    kind: arrow.vectorFromArray(
      Array.from(log.kind.subarray(from, to), (k) => kinds[k]),
      new arrow.Utf8(),
    ),
    subject: arrow.makeVector(log.subject.slice(from, to)),
    object: nullable(log.object),
    tile: nullable(log.tile),
    value: arrow.makeVector(log.value.slice(from, to)),
  });
}

/** Clock, ledger and id counters of a world (one row). */
export function worldStateToArrow(world: SimWorld): arrow.Table {
  const cols: Record<string, arrow.Vector> = {
    tick: arrow.makeVector(Int32Array.of(world.tick)),
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
  /** For a resumed run: the source run, the snapshot chain up to the resume tick, changes. */
  resume?: {
    snapshot: string;
    runDir: string;
    chain: readonly number[];
    records: ReadonlyMap<number, SnapshotRecord>;
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
      const lock = await RunWriter.#takeLock(dir, note);
      return make(dir, dir, lock, null, true);
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
      const stagingLock = await acquireLock(staging);
      return make(real, staging, stagingLock, { lock }, false);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  /** Takes the directory's lock; then removes what crashed writers left there. */
  static async #takeLock(dir: string, note: (m: string) => void): Promise<RunLock> {
    const lock = await acquireLock(dir);
    if (lock.takenOver) {
      note(`took over the lock of ${dir} left by ${describeHolder(lock.takenOver)}, which died`);
    }
    try {
      const removed = await removeResidue(dir);
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
    await this.writeSeries(sim);
  }

  /** Hard-links (or copies) the source's snapshot folders up to the resume tick. */
  async #linkHistory(resume: NonNullable<RunWriterOptions["resume"]>): Promise<void> {
    for (const tick of resume.chain) {
      const record = resume.records.get(tick)!;
      const name = tickDirName(tick);
      const tmp = `${this.#dir}/.tmp-${name}-${Deno.pid}`;
      await Deno.mkdir(tmp, { recursive: true });
      for (const file of [...Object.keys(record.files), "snapshot.json"]) {
        const from = `${resume.runDir}/${name}/${file}`;
        try {
          await Deno.link(from, `${tmp}/${file}`);
        } catch {
          await Deno.copyFile(from, `${tmp}/${file}`);
        }
      }
      await Deno.rename(tmp, `${this.#dir}/${name}`);
      this.#record(tick, record);
    }
  }

  #record(tick: number, record: SnapshotRecord): void {
    if (!this.snapshots.includes(tick)) this.snapshots.push(tick);
    for (const [f, sum] of Object.entries(record.files)) {
      this.#files[`${tickDirName(tick)}/${f}`] = sum;
    }
  }

  /** The last snapshot written or linked, or null. */
  get lastSnapshot(): number | null {
    return this.snapshots.length ? Math.max(...this.snapshots) : null;
  }

  /**
   * Writes every table of the world at its current tick, with the history since the previous
   * snapshot, into a temporary folder, then renames it to `tick=NNNNNN/`.
   */
  async snapshot(sim: Simulation): Promise<string> {
    const world = sim.world;
    const name = tickDirName(world.tick);
    const dir = `${this.#dir}/${name}`;
    const previous = this.lastSnapshot;
    const tmp = `${this.#dir}/.tmp-${name}-${Deno.pid}`;
    await Deno.mkdir(tmp);
    const files: Record<string, string> = {};
    const put = async (file: string, table: arrow.Table) => {
      const bytes = toParquet(table, this.codec);
      files[file] = await sha256(bytes);
      await Deno.writeFile(`${tmp}/${file}`, bytes);
    };
    for (const [table, t] of Object.entries(world.tables)) {
      await put(`${table}.parquet`, tableToArrow(t));
    }
    await put("world.parquet", worldStateToArrow(world));
    const from = previous ?? -Infinity;
    await put("kpis.parquet", kpisToArrow(world.kpis, from, world.tick));
    await put(
      "events.parquet",
      eventsToArrow(world.events.log, world.events.kinds, from, world.tick),
    );
    const record: SnapshotRecord = { format: SNAPSHOT_FORMAT, tick: world.tick, previous, files };
    await Deno.writeTextFile(`${tmp}/snapshot.json`, JSON.stringify(record, null, 2) + "\n");
    await Deno.rename(tmp, dir);
    this.#record(world.tick, record);
    if (this.#committed) await this.writeSeries(sim);
    return dir;
  }

  /** Writes `kpis.parquet`, `events.parquet` and `manifest.json` as of now. */
  async writeSeries(sim: Simulation, complete = false): Promise<void> {
    const w = sim.world;
    const kpis = toParquet(kpisToArrow(w.kpis), this.codec);
    const events = toParquet(eventsToArrow(w.events.log, w.events.kinds), this.codec);
    await writeAtomic(`${this.#dir}/kpis.parquet`, kpis);
    await writeAtomic(`${this.#dir}/events.parquet`, events);
    this.#files["kpis.parquet"] = await sha256(kpis);
    this.#files["events.parquet"] = await sha256(events);
    const manifest = this.manifest(sim, complete);
    await writeAtomic(`${this.#dir}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  }

  /** Writes the final snapshot (unless written), the series, a complete manifest; unlocks. */
  async finish(sim: Simulation): Promise<void> {
    await this.commit(sim);
    if (!this.snapshots.includes(sim.world.tick)) await this.snapshot(sim);
    await this.writeSeries(sim, true);
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
    files: Object.fromEntries(Object.keys(files).sort().map((k) => [k, files[k]])),
    systems: sim.activeSystems,
    tables,
    kpis: w.kpis.specs.map((s) => ({ ...s })),
    events: { kinds: EVENTS.specs, flows: FLOWS },
  };
}
