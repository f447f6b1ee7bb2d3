/**
 * A run directory:
 * ```
 * <run>/manifest.json          resolved scenario, seed, versions, tables, KPIs, snapshots
 * <run>/kpis.parquet           one row per tick, one column per KPI
 * <run>/events.parquet         every event of the run
 * <run>/tick=000030/<table>.parquet   one file per table (Hive layout)
 * <run>/tick=000030/world.parquet     clock, ledger and id counters
 * ```
 * Every file is written to a temporary name and renamed. The manifest holds no timestamps or
 * timings, so two runs of the same scenario and seed write identical bytes.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import denoJson from "../../deno.json" with { type: "json" };
import type { EventColumns } from "../core/events.ts";
import type { KpiRegistry } from "../core/kpis.ts";
import { EVENTS, FLOWS } from "../events.ts";
import type { Simulation } from "../simulation.ts";
import type { SimWorld } from "../world.ts";
import { tableToArrow } from "./arrow.ts";
import { type Codec, writeAtomic, writeParquetFile } from "./parquet.ts";

/** Engine version written into manifests. */
export const ENGINE_VERSION: string = denoJson.version;

/** Name of a snapshot folder: `tick=000030`. */
export function tickDirName(tick: number): string {
  return `tick=${String(tick).padStart(6, "0")}`;
}

/** The manifest of a run. */
export interface Manifest {
  format: "panarchy-run/1";
  engine_version: string;
  dependencies: Record<string, string>;
  scenario_name: string;
  seed: number;
  scenario: unknown;
  start_tick: number;
  end_tick: number;
  resumed_from: string | null;
  snapshots: number[];
  systems: { active: string[]; off: string[] };
  tables: Record<string, { doc: string; columns: Record<string, unknown> }>;
  kpis: { name: string; unit: string; doc: string }[];
  events: Record<string, unknown>;
}

/** KPI history as an Arrow table: `tick` then one Float64 column per KPI. */
export function kpisToArrow(kpis: KpiRegistry): arrow.Table {
  const cols: Record<string, arrow.Vector> = {
    tick: arrow.makeVector(kpis.ticks.subarray(0, kpis.rows)),
  };
  kpis.specs.forEach((s, k) => {
    cols[s.name] = arrow.makeVector(kpis.history[k].subarray(0, kpis.rows));
  });
  return new arrow.Table(cols);
}

/** The event log as an Arrow table (kind as a string; -1 slots as nulls). */
export function eventsToArrow(log: EventColumns, kinds: readonly string[]): arrow.Table {
  const n = log.length;
  const nullable = (a: Int32Array) =>
    arrow.vectorFromArray(
      Array.from(a.subarray(0, n), (v) => (v < 0 ? null : v)),
      new arrow.Int32(),
    );
  return new arrow.Table({
    tick: arrow.makeVector(log.tick.slice(0, n)),
    kind: arrow.vectorFromArray(
      Array.from(log.kind.subarray(0, n), (k) => kinds[k]),
      new arrow.Utf8(),
    ),
    subject: arrow.makeVector(log.subject.slice(0, n)),
    object: nullable(log.object),
    tile: nullable(log.tile),
    value: arrow.makeVector(log.value.slice(0, n)),
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

/** Writes a run's files as it goes. */
export class RunWriter {
  readonly dir: string;
  readonly codec: Codec;
  readonly snapshots: number[] = [];
  #resumedFrom: string | null;
  #startTick: number;

  private constructor(dir: string, codec: Codec, startTick: number, resumedFrom: string | null) {
    this.dir = dir;
    this.codec = codec;
    this.#startTick = startTick;
    this.#resumedFrom = resumedFrom;
  }

  /**
   * Opens a new run directory. An existing non-empty directory is refused unless
   * `overwrite` is set, so no earlier run is lost by accident.
   */
  static async create(
    dir: string,
    opts: { codec: Codec; startTick?: number; resumedFrom?: string; overwrite?: boolean },
  ): Promise<RunWriter> {
    let exists = false;
    try {
      for await (const _ of Deno.readDir(dir)) {
        exists = true;
        break;
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    if (exists && !opts.overwrite) {
      throw new Error(
        `run directory ${dir} already holds files; choose another --out or pass --overwrite`,
      );
    }
    if (exists) await Deno.remove(dir, { recursive: true });
    await Deno.mkdir(dir, { recursive: true });
    return new RunWriter(dir, opts.codec, opts.startTick ?? 0, opts.resumedFrom ?? null);
  }

  /** Writes every table of the world at its current tick into `tick=NNNNNN/`. */
  async snapshot(world: SimWorld): Promise<string> {
    const dir = `${this.dir}/${tickDirName(world.tick)}`;
    await Deno.mkdir(dir, { recursive: true });
    for (const [name, t] of Object.entries(world.tables)) {
      await writeParquetFile(`${dir}/${name}.parquet`, tableToArrow(t), this.codec);
    }
    await writeParquetFile(`${dir}/world.parquet`, worldStateToArrow(world), this.codec);
    if (!this.snapshots.includes(world.tick)) this.snapshots.push(world.tick);
    return dir;
  }

  /** Writes `kpis.parquet`, `events.parquet` and `manifest.json` as of now. */
  async writeSeries(sim: Simulation): Promise<void> {
    const w = sim.world;
    await writeParquetFile(`${this.dir}/kpis.parquet`, kpisToArrow(w.kpis), this.codec);
    await writeParquetFile(
      `${this.dir}/events.parquet`,
      eventsToArrow(w.events.log, w.events.kinds),
      this.codec,
    );
    await writeAtomic(
      `${this.dir}/manifest.json`,
      JSON.stringify(this.manifest(sim), null, 2) + "\n",
    );
  }

  /** The manifest of the run as of now. */
  manifest(sim: Simulation): Manifest {
    return buildManifest(sim, {
      startTick: this.#startTick,
      resumedFrom: this.#resumedFrom,
      snapshots: this.snapshots,
    });
  }
}

/**
 * The manifest of a simulation as of now: resolved scenario, versions, tables (from their
 * declarations), KPIs, event kinds. Deterministic: no timestamps or timings.
 */
export function buildManifest(
  sim: Simulation,
  run: { startTick: number; resumedFrom: string | null; snapshots: readonly number[] },
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
  return {
    format: "panarchy-run/1",
    engine_version: ENGINE_VERSION,
    dependencies: denoJson.imports,
    scenario_name: w.base.name,
    seed: w.seed,
    scenario: w.base,
    start_tick: run.startTick,
    end_tick: w.tick,
    resumed_from: run.resumedFrom,
    snapshots: [...run.snapshots].sort((a, b) => a - b),
    systems: sim.activeSystems,
    tables,
    kpis: w.kpis.specs.map((s) => ({ ...s })),
    events: { kinds: EVENTS.specs, flows: FLOWS },
  };
}
