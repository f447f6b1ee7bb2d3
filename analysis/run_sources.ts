/**
 * Where a {@linkcode Run} comes from: a run directory on disk ({@linkcode openRun}), a
 * finished in-memory run ({@linkcode runFromResult}) or columns made by hand
 * ({@linkcode runFromTables}, for synthetic runs and tests).
 *
 * @module
 */
import * as arrow from "apache-arrow";
import type { RunResult } from "../engine/run.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { tableToArrow } from "../engine/snapshot/arrow.ts";
import { readParquetFileSync } from "../engine/snapshot/parquet.ts";
import {
  buildManifest,
  ENGINE_VERSION,
  eventsToArrow,
  kpisToArrow,
  type Manifest,
  RUN_FORMAT,
  worldStateToArrow,
} from "../engine/snapshot/run_dir.ts";
import { partitionFile, resolvedFrom } from "../engine/snapshot/output_dir.ts";
import { parseManifest, parseSnapshotPath } from "../engine/snapshot/resume.ts";
import { Run, snapshotList, toInt32 } from "./run.ts";

/**
 * Opens a run directory written by `runScenario` / `main.ts run` (or a snapshot address
 * `<run>/tick=N`, which then becomes the default tick). Reads the manifest; tables, KPIs and
 * events are read from the run's datasets when first asked for.
 *
 * @param dir A run directory, or a snapshot address inside one.
 * @returns The opened {@linkcode Run}.
 * @throws {Error} Naming the directory or file that is missing or not a PANARCHY run; for a
 *   scenario folder holding several runs, the message lists them.
 *
 * @example
 * ```ts
 * import { openRun } from "./run_sources.ts";
 * const run = await openRun("snapshots/tiny_island/20261125-120000-s7");
 * const persons = run.frame("persons"); // last snapshot
 * ```
 */
export async function openRun(dir: string): Promise<Run> {
  const { runDir, tick } = parseSnapshotPath(dir);
  const defaultTick = tick ?? undefined;
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(runDir);
  } catch {
    throw new Error(`openRun(): run directory ${resolvedFrom(runDir)} not found`);
  }
  if (!info.isDirectory) {
    throw new Error(`openRun(): ${resolvedFrom(runDir)} is a file, not a run directory`);
  }
  const manifestPath = `${runDir}/manifest.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(manifestPath);
  } catch {
    const runs = await runsInside(runDir);
    throw new Error(
      `openRun(): ${resolvedFrom(manifestPath)} not found, so ${runDir} is not a run directory` +
        (runs.length
          ? `; it holds runs: ${runs.slice(-10).join(", ")} (open one of them)`
          : ` (give the folder that \`main.ts run\` wrote, e.g. snapshots/<scenario>/<run>)`),
    );
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(text, manifestPath);
  } catch (e) {
    throw new Error(`openRun(): ${(e as Error).message}`);
  }
  const chunks = (dataset: string) => () =>
    concatTables(
      manifest.snapshots.map((s) =>
        readParquetFileSync(`${runDir}/${partitionFile(dataset, "snapshot", s)}`)
      ),
    );
  if (defaultTick !== undefined && !manifest.snapshots.includes(defaultTick)) {
    throw new Error(
      `openRun(): ${dir} is not a snapshot of ${runDir}; snapshots: ${
        snapshotList(manifest.snapshots)
      }`,
    );
  }
  return new Run({
    dir: runDir,
    manifest,
    kpis: chunks("kpis"),
    events: chunks("events"),
    table: (name, tick) => readParquetFileSync(`${runDir}/${partitionFile(name, "tick", tick)}`),
    rowCount: () => undefined,
  }, defaultTick);
}

/** The rows of several tables of one schema, in order (an empty table when there are none). */
function concatTables(tables: arrow.Table[]): arrow.Table {
  if (tables.length === 0) return arrow.tableFromArrays({ tick: new Int32Array(0) });
  return tables[0].concat(...tables.slice(1));
}

async function runsInside(dir: string): Promise<string[]> {
  const runs: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.isDirectory || e.name.startsWith(".tmp-")) continue; // a crashed writer's staging
      try {
        await Deno.stat(`${dir}/${e.name}/manifest.json`);
        runs.push(`${dir}/${e.name}`);
      } catch {
        // not a run
      }
    }
  } catch {
    // unreadable: nothing to list
  }
  return runs.sort();
}

/**
 * A {@linkcode Run} over the in-memory result of `runScenario` / `resumeRun` (or `runLive`):
 * tables come from the live world (zero-copy Arrow views of its columns), KPIs from its
 * registry, so a notebook need not touch the disk. Its one snapshot is the world's current
 * tick. Stepping the simulation further changes what the views show; open the run again
 * afterwards.
 *
 * @param result What `runScenario(config, { out: null })` returned.
 * @returns The run; `dir` is the result's run directory (null when in memory).
 *
 * @example
 * ```ts
 * import { loadScenario, runScenario } from "../mod.ts";
 * import { runFromResult } from "./run_sources.ts";
 * const run = runFromResult(await runScenario(await loadScenario("tiny_island"), { ticks: 30, out: null }));
 * run.frame("households").head();
 * ```
 */
export function runFromResult(result: RunResult): Run {
  const sim = result.sim;
  const w = sim.world;
  const tick = w.tick;
  const startTick = w.kpis.rows > 0 ? w.kpis.ticks[0] - 1 : tick; // the state before day 1
  const manifest = buildManifest(sim, { startTick, resumedFrom: null, snapshots: [tick] });
  const liveTables = w.tables as unknown as Record<string, Parameters<typeof tableToArrow>[0]>;
  return new Run({
    dir: result.dir,
    manifest,
    result,
    kpis: () => kpisToArrow(w.kpis),
    events: () => eventsToArrow(w.events.log, w.events.kinds),
    table: (name) => name === "world" ? worldStateToArrow(w) : tableToArrow(liveTables[name]),
    rowCount: (name) => liveTables[name]?.length,
  });
}

/** Input of {@linkcode runFromTables}. */
export interface RunTablesInput {
  /** Scenario name. @default {"synthetic"} */
  name?: string;
  /** Seed recorded in the manifest (what labels a run among several). @default {0} */
  seed?: number;
  /** KPI history: a `tick` column and one column per KPI (or an Arrow table of that shape). */
  kpis: arrow.Table | Record<string, ArrayLike<number>>;
  /** Units of KPIs, e.g. `{ unemployment_rate: "share" }`. */
  kpiUnits?: Record<string, string>;
  /** Tables of the one snapshot, by name. */
  tables?: Record<string, arrow.Table | Record<string, ArrayLike<number>>>;
  /** Tick of that snapshot. @default {the last KPI tick} */
  tick?: number;
  /**
   * Several snapshots: tables by name for each snapshot tick (e.g. persons a year apart). Given
   * alongside `tables`, both sets are kept (`tables` at `tick`).
   */
  snapshots?: Record<number, Record<string, arrow.Table | Record<string, ArrayLike<number>>>>;
  /** Scenario stored in the manifest (e.g. `spatial` for tile maps). @default {{}} */
  scenario?: Partial<ScenarioConfig>;
}

/**
 * A {@linkcode Run} over columns you provide: synthetic data for tests of measures, or
 * results computed elsewhere. Nothing is simulated.
 *
 * @param input KPI columns, snapshot tables and their tick.
 * @returns The run (in memory).
 * @throws {Error} When the KPIs have no `tick` column or columns differ in length.
 *
 * @example
 * ```ts
 * import { runFromTables } from "./run_sources.ts";
 * const run = runFromTables({ kpis: { tick: [0, 1, 2], unemployment_rate: [0.05, 0.06, 0.05] } });
 * run.kpiSeries("unemployment_rate"); // Float64Array [0.05, 0.06, 0.05]
 * ```
 */
export function runFromTables(input: RunTablesInput): Run {
  const kpis = input.kpis instanceof arrow.Table ? input.kpis : kpiTable(input.kpis);
  const tickCol = kpis.getChild("tick");
  if (!tickCol) throw new Error("runFromTables(): the KPIs need a `tick` column");
  const ticks = toInt32(tickCol);
  const tick = input.tick ?? (ticks.length ? ticks[ticks.length - 1] : 0);
  const byTick = new Map<number, Record<string, arrow.Table>>();
  const add = (t: number, named: NonNullable<RunTablesInput["tables"]>) => {
    const at = byTick.get(t) ?? {};
    for (const [name, cols] of Object.entries(named)) {
      at[name] = cols instanceof arrow.Table ? cols : columnsTable(name, cols);
    }
    byTick.set(t, at);
  };
  if (input.tables && Object.keys(input.tables).length) add(tick, input.tables);
  for (const [t, named] of Object.entries(input.snapshots ?? {})) add(Number(t), named);
  const snapshots = [...byTick.keys()].sort((a, b) => a - b);
  const tableNames = [...new Set([...byTick.values()].flatMap((t) => Object.keys(t)))];
  const manifest: Manifest = {
    format: RUN_FORMAT,
    engine_version: ENGINE_VERSION,
    dependencies: {},
    scenario_name: input.name ?? "synthetic",
    seed: input.seed ?? 0,
    scenario: input.scenario ?? {},
    start_tick: ticks.length ? ticks[0] : tick,
    end_tick: tick,
    complete: true,
    resumed_from: null,
    changes_on_resume: [],
    snapshots,
    datasets: {},
    files: {},
    systems: { active: [], off: [] },
    tables: Object.fromEntries(tableNames.map((n) => [n, { doc: "", columns: {} }])),
    kpis: kpis.schema.fields.filter((f) => f.name !== "tick").map((f) => ({
      name: f.name,
      unit: input.kpiUnits?.[f.name] ?? "",
      doc: "",
    })),
    events: {},
  };
  return new Run({
    dir: null,
    manifest,
    kpis: () => kpis,
    events: () => arrow.tableFromArrays({ tick: new Int32Array(0) }),
    table: (name, t) => {
      const table = byTick.get(t)?.[name];
      if (!table) throw new Error(`runFromTables(): no table ${name} at snapshot ${t}`);
      return table;
    },
    rowCount: (name, t) => byTick.get(t)?.[name]?.numRows,
  });
}

function kpiTable(cols: Record<string, ArrayLike<number>>): arrow.Table {
  if (!("tick" in cols)) throw new Error("runFromTables(): the KPIs need a `tick` column");
  const n = cols.tick.length;
  const out: Record<string, arrow.Vector> = {};
  for (const [name, values] of Object.entries(cols)) {
    if (values.length !== n) {
      throw new Error(`runFromTables(): KPI "${name}" has ${values.length} rows, tick has ${n}`);
    }
    out[name] = arrow.makeVector(
      name === "tick" ? Int32Array.from(values) : Float64Array.from(values),
    );
  }
  return new arrow.Table(out);
}

function columnsTable(name: string, cols: Record<string, ArrayLike<number>>): arrow.Table {
  const out: Record<string, arrow.Vector> = {};
  let n = -1;
  for (const [c, values] of Object.entries(cols)) {
    if (n >= 0 && values.length !== n) {
      throw new Error(`runFromTables(): column ${name}.${c} has ${values.length} rows, not ${n}`);
    }
    n = values.length;
    out[c] = arrow.makeVector(
      ArrayBuffer.isView(values) ? values as Float64Array : Float64Array.from(values),
    );
  }
  return new arrow.Table(out);
}
