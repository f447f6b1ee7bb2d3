/**
 * Resume: rebuild a simulation from a snapshot folder (`<run>/tick=NNNNNN`). The tables, the
 * clock, the ledger and the id counters come from the snapshot; the KPI history and the event
 * log up to its tick come from the history chunks of the snapshots before it (each folder
 * holds the rows since the one before). Every file read is checked against the checksum
 * recorded when it was written. Draws are keyed, not sequenced, so no generator state is
 * needed: the resumed run ends byte-identical to an uninterrupted one.
 *
 * A resume may change parameters (a fork), but not the structure of the world: the grid, the
 * goods and sectors, the table layout, and what only shapes the initial world stay as saved.
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { AT_START, type ScenarioConfig } from "../scenario/schema.ts";
import { scenarioParameters, validateScenario } from "../scenario/validate.ts";
import { Simulation } from "../simulation.ts";
import { createWorld, type SimWorld } from "../world.ts";
import { arrowToTable } from "./arrow.ts";
import { readVerified } from "./checksum.ts";
import { LOCK_FILE, whileUnlocked } from "./lock.ts";
import { listResidue, removeResidue, tickDirName } from "./output_dir.ts";
import { decodeParquet } from "./parquet.ts";
import {
  type Manifest,
  RUN_FORMAT,
  type ScenarioChange,
  SNAPSHOT_FORMAT,
  type SnapshotRecord,
} from "./run_dir.ts";

/** Options of {@link loadSnapshot}. */
export interface LoadOptions {
  /**
   * Changes the saved scenario before the world is rebuilt (a fork: other parameters, added
   * shocks). The result is validated again; structural parameters must stay as saved.
   */
  scenario?: (saved: ScenarioConfig) => unknown;
}

/** What {@link loadSnapshot} hands back. */
export interface LoadedSnapshot {
  sim: Simulation;
  runDir: string;
  manifest: Manifest;
  /** Ticks of the snapshots from the run's first to this one, oldest first. */
  chain: number[];
  /** The `snapshot.json` of each snapshot in the chain. */
  records: Map<number, SnapshotRecord>;
  /** Parameters that differ from the saved scenario. */
  changes: ScenarioChange[];
}

/**
 * Parameters a resume may not change: the goods and sectors (they index the tables' vector
 * columns) and every parameter read only when the world is built (the schema marks them, see
 * `fixed` in engine/scenario/schema.ts), so a changed value would describe a world that is not
 * there. Shocks may not change them either.
 */
export const STRUCTURAL_PARAMETERS: readonly string[] = [
  "economy.goods",
  "economy.sectors",
  ...scenarioParameters().filter((p) => p.fixed === AT_START).map((p) => p.path),
];

/** Reads a run's manifest.json with a clear error when it is missing or not a manifest. */
export async function readManifest(runDir: string): Promise<Manifest> {
  const path = `${runDir}/manifest.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new Error(
      `${path} not found: a snapshot folder must sit inside a run directory written by ` +
        `\`main.ts run\` (give the tick=NNNNNN folder of such a run)`,
    );
  }
  return parseManifest(text, path);
}

/**
 * Parses the text of a manifest.json read from `path`.
 *
 * @throws {Error} naming the file when it is not JSON, not a run manifest, or of another format.
 */
export function parseManifest(text: string, path: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${e instanceof Error ? e.message : e})`);
  }
  if (typeof m?.format === "string" && m.format.startsWith("panarchy-run/")) {
    if (m.format !== RUN_FORMAT) {
      throw new Error(
        `${path}: the run was written in format ${m.format} by engine ${m.engine_version}; ` +
          `this engine reads ${RUN_FORMAT}: rerun the scenario with this engine`,
      );
    }
    return m;
  }
  throw new Error(`${path} is not a PANARCHY run manifest (format ${m?.format})`);
}

/** The run directory and tick of a snapshot folder path. */
export function parseSnapshotPath(snapshotDir: string): { runDir: string; tick: number } {
  const clean = snapshotDir.replace(/\/+$/, "");
  const m = clean.match(/^(?:(.*)\/)?tick=(\d+)$/);
  if (!m) {
    throw new Error(
      `${snapshotDir} is not a snapshot folder: give a path ending in tick=NNNNNN ` +
        `(for example snapshots/tiny_island/<run>/tick=000030)`,
    );
  }
  return { runDir: m[1] || ".", tick: Number(m[2]) };
}

/** Reads a snapshot folder's `snapshot.json`. */
export async function readSnapshotRecord(runDir: string, tick: number): Promise<SnapshotRecord> {
  const path = `${runDir}/${tickDirName(tick)}/snapshot.json`;
  let rec: SnapshotRecord;
  try {
    rec = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "not found" : "not readable";
    throw new Error(
      `${path} ${why}: ${runDir}/${tickDirName(tick)} is not a complete snapshot; ` +
        `resume from another snapshot of the run`,
    );
  }
  if (rec?.format !== SNAPSHOT_FORMAT || rec.tick !== tick) {
    throw new Error(`${path} is not the record of snapshot ${tick} (format ${rec?.format})`);
  }
  return rec;
}

async function readTable(runDir: string, rec: SnapshotRecord, file: string): Promise<arrow.Table> {
  const path = `${runDir}/${tickDirName(rec.tick)}/${file}`;
  const sum = rec.files[file];
  if (sum === undefined) {
    throw new Error(
      `${path}: not listed in its snapshot.json; the snapshot is from another ` +
        `version or incomplete`,
    );
  }
  return decodeParquet(path, await readVerified(path, sum));
}

/** Leaf-by-leaf differences between two scenarios (dotted paths; arrays compared whole). */
export function scenarioChanges(saved: unknown, next: unknown, prefix = ""): ScenarioChange[] {
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(saved) && isObj(next)) {
    const a = saved as Record<string, unknown>;
    const b = next as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => scenarioChanges(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(saved) === JSON.stringify(next)
    ? []
    : [{ parameter: prefix, from: saved ?? null, to: next ?? null }];
}

function structural(parameter: string): boolean {
  return STRUCTURAL_PARAMETERS.some((p) => parameter === p || parameter.startsWith(`${p}.`));
}

/** Throws naming the first table or column whose layout differs from the manifest's. */
function checkTableLayout(manifest: Manifest, world: SimWorld, runDir: string): void {
  for (const [name, t] of Object.entries(world.tables)) {
    const saved = manifest.tables?.[name];
    if (!saved) {
      throw new Error(
        `${runDir}: the snapshot has no table ${name}; it was written by ` +
          `engine ${manifest.engine_version} with another table layout: rerun the scenario`,
      );
    }
    const widths = t.widths as Record<string, number>;
    for (const [col, spec] of Object.entries(t.spec.columns)) {
      const s = saved.columns[col] as { type?: string; width?: number } | undefined;
      const width = widths[col];
      if (!s || s.type !== spec.type || s.width !== width) {
        const had = s ? `${s.type} x${s.width}` : "no such column";
        throw new Error(
          `${runDir}: table ${name} column ${col} differs (snapshot: ${had}; this world: ` +
            `${spec.type} x${width}); a resume keeps the world's structure: rerun the scenario`,
        );
      }
    }
  }
}

/**
 * Removes a crashed writer's leftovers (temporary files and folders, its lock file) from a
 * run that no live writer holds. Best effort: a read-only source needs no cleaning to be read.
 */
async function recoverCrashed(runDir: string): Promise<void> {
  try {
    const residue = await listResidue(runDir);
    const lockLeft = await Deno.stat(`${runDir}/${LOCK_FILE}`).then(() => true, () => false);
    if (residue.length === 0 && !lockLeft) return;
    const removed = await whileUnlocked(runDir, () => removeResidue(runDir));
    if (removed) {
      console.error(
        `note: ${runDir} was left by a crashed run; removed its lock file` +
          (removed.length ? ` and leftovers (${removed.join(", ")})` : ""),
      );
    }
  } catch {
    // read-only or not ours to clean: reading needs no cleanup
  }
}

/**
 * Rebuilds the simulation saved in a snapshot folder, checking every file it reads.
 *
 * @param snapshotDir Path to `<run>/tick=NNNNNN`.
 * @returns the simulation (at the snapshot's tick), the source run, its snapshot chain and
 *   the parameters changed by `opts.scenario`.
 * @throws {Error} naming the file when a file is missing, corrupt (checksum) or from another
 *   version, or naming the parameter when the new scenario changes the world's structure.
 *
 * @example
 * ```ts
 * const { sim } = await loadSnapshot("snapshots/tiny_island/run1/tick=000180");
 * sim.run(185); // continues to tick 365
 * ```
 */
export async function loadSnapshot(
  snapshotDir: string,
  opts: LoadOptions = {},
): Promise<LoadedSnapshot> {
  const { runDir, tick } = parseSnapshotPath(snapshotDir);
  const manifest = await readManifest(runDir);
  await recoverCrashed(runDir);
  const rec = await readSnapshotRecord(runDir, tick);
  const saved = manifest.scenario as ScenarioConfig;
  const scenario = opts.scenario ? opts.scenario(structuredClone(saved)) : saved;
  const config = validateScenario(scenario, `${runDir}/manifest.json (resumed)`);
  const changes = scenarioChanges(saved, config);
  const fixed = changes.filter((c) => structural(c.parameter));
  if (fixed.length) {
    const c = fixed[0];
    throw new Error(
      `cannot resume ${snapshotDir} with ${c.parameter} = ${JSON.stringify(c.to)}: the ` +
        `snapshot's world was built with ${JSON.stringify(c.from)}, and ${c.parameter} is read ` +
        `only when a world is built, so a resumed world keeps it (${fixed.length} such ` +
        `difference${fixed.length > 1 ? "s" : ""}); keep the saved value or start a new run`,
    );
  }
  const world = createWorld(config, tick);
  checkTableLayout(manifest, world, runDir);
  const state = await readTable(runDir, rec, "world.parquet");
  const stateTick = Number(state.getChild("tick")?.get(0));
  if (stateTick !== tick) {
    throw new Error(
      `${snapshotDir}/world.parquet holds tick ${stateTick}, the folder says ${tick}`,
    );
  }
  for (const [name, t] of Object.entries(world.tables)) {
    const file = `${runDir}/${tickDirName(tick)}/${name}.parquet`;
    arrowToTable(await readTable(runDir, rec, `${name}.parquet`), t, file);
    const next = state.getChild(`next_id_${name}`)?.get(0);
    if (next === undefined || next === null) {
      throw new Error(`${snapshotDir}/world.parquet has no id counter for table ${name}`);
    }
    t.nextId = Number(next);
  }
  world.ledger.base = Number(state.getChild("money_base")?.get(0));
  world.ledger.created = Number(state.getChild("money_created")?.get(0));
  world.ledger.destroyed = Number(state.getChild("money_destroyed")?.get(0));
  world.ledger.defaulted = Number(state.getChild("credit_defaulted")?.get(0) ?? 0);
  const sim = Simulation.fromWorld(world);

  // The chain of snapshots back to the run's first, whose chunks hold the history.
  const records = new Map<number, SnapshotRecord>([[tick, rec]]);
  const chain = [tick];
  for (let r = rec; r.previous !== null;) {
    if (r.previous >= r.tick || records.has(r.previous)) {
      throw new Error(`${runDir}/${tickDirName(r.tick)}/snapshot.json: bad previous snapshot`);
    }
    r = await readSnapshotRecord(runDir, r.previous);
    records.set(r.tick, r);
    chain.unshift(r.tick);
  }
  for (const t of chain) await readHistory(world, runDir, records.get(t)!);
  return { sim, runDir, manifest, chain, records, changes };
}

/** Appends a snapshot's history chunk (KPI rows and events) to the world's history. */
async function readHistory(world: SimWorld, runDir: string, rec: SnapshotRecord): Promise<void> {
  const where = `${runDir}/${tickDirName(rec.tick)}`;
  const kpis = await readTable(runDir, rec, "kpis.parquet");
  const reg = world.kpis;
  for (const s of reg.specs) {
    if (!kpis.getChild(s.name)) {
      throw new Error(`${where}/kpis.parquet has no KPI "${s.name}": written by another version`);
    }
  }
  const ticks = kpis.getChild("tick")!.toArray() as Int32Array;
  const columns = reg.specs.map((s) => kpis.getChild(s.name)!.toArray() as Float64Array);
  for (let i = 0; i < ticks.length; i++) {
    for (let k = 0; k < columns.length; k++) reg.values[k] = columns[k][i];
    reg.commit(ticks[i]);
  }
  const events = await readTable(runDir, rec, "events.parquet");
  const kindCode = new Map(world.events.kinds.map((k, i) => [k, i]));
  const et = events.getChild("tick")!;
  const ek = events.getChild("kind")!;
  const es = events.getChild("subject")!;
  const eo = events.getChild("object")!;
  const etl = events.getChild("tile")!;
  const ev = events.getChild("value")!;
  for (let i = 0; i < events.numRows; i++) {
    const code = kindCode.get(ek.get(i) as string);
    if (code === undefined) throw new Error(`${where}/events.parquet: unknown kind ${ek.get(i)}`);
    world.events.log.push(et.get(i), code, es.get(i), eo.get(i) ?? -1, etl.get(i) ?? -1, ev.get(i));
  }
}
