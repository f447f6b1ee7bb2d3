/**
 * Resume: rebuild a simulation from a snapshot, addressed as `<run>/tick=N` (the partitions
 * `<run>/<table>/tick=N/` of the run's datasets). The tables, the ledger and the id counters
 * come from the snapshot; the KPI history and the event log up to its tick come from the
 * chunks written with it and the snapshots before it (`kpis/snapshot=M/`, M <= N). Every file
 * read is checked against the checksum the manifest recorded when it was written. Draws are keyed, not sequenced, so no generator state is
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
import { listResidue, partitionFile, removeResidue } from "./output_dir.ts";
import { decodeParquet } from "./parquet.ts";
import { type Manifest, RUN_FORMAT, type ScenarioChange } from "./run_dir.ts";

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
      `${path} not found: ${runDir} is not a run directory written by \`main.ts run\` ` +
        `(give <run> or <run>/tick=N of such a run)`,
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

/**
 * The run directory and tick of a snapshot address: `<run>/tick=N` (N may be zero-padded), or
 * `<run>` alone for its last snapshot (tick null).
 */
export function parseSnapshotPath(snapshot: string): { runDir: string; tick: number | null } {
  const clean = snapshot.replace(/\/+$/, "") || ".";
  const m = clean.match(/^(?:(.*)\/)?tick=(\d+)$/);
  return m ? { runDir: m[1] || ".", tick: Number(m[2]) } : { runDir: clean, tick: null };
}

/** Reads one file of the run, checked against the manifest's checksum. */
async function readFile(runDir: string, manifest: Manifest, file: string): Promise<arrow.Table> {
  const path = `${runDir}/${file}`;
  const sum = manifest.files[file];
  if (sum === undefined) {
    throw new Error(
      `${path}: not listed in ${runDir}/manifest.json; the snapshot is incomplete or from ` +
        `another version: resume from another snapshot of the run`,
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
            `${spec.type} x${width}); the snapshot was written by engine ` +
            `${manifest.engine_version} with another layout or scenario, and a resume keeps the ` +
            `world's structure: rerun the scenario`,
        );
      }
    }
  }
}

/**
 * Removes a crashed writer's leftovers (temporary files and folders, its lock file) from a
 * run that no live writer holds. Best effort: a read-only source needs no cleaning to be read.
 */
async function recoverCrashed(runDir: string, snapshots: readonly number[]): Promise<void> {
  try {
    const residue = await listResidue(runDir, snapshots);
    const lockLeft = await Deno.stat(`${runDir}/${LOCK_FILE}`).then(() => true, () => false);
    if (residue.length === 0 && !lockLeft) return;
    const removed = await whileUnlocked(runDir, () => removeResidue(runDir, snapshots));
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
 * Rebuilds the simulation saved in a snapshot, checking every file it reads.
 *
 * @param snapshotDir The snapshot's address `<run>/tick=N`, or `<run>` for its last snapshot.
 * @returns the simulation (at the snapshot's tick), the source run, its snapshot chain and
 *   the parameters changed by `opts.scenario`.
 * @throws {Error} naming the file when a file is missing, corrupt (checksum) or from another
 *   version, or naming the parameter when the new scenario changes the world's structure.
 *
 * @example
 * ```ts
 * const { sim } = await loadSnapshot("snapshots/tiny_island/run1/tick=180");
 * sim.run(185); // continues to tick 365
 * ```
 */
export async function loadSnapshot(
  snapshotDir: string,
  opts: LoadOptions = {},
): Promise<LoadedSnapshot> {
  const { runDir, tick: asked } = parseSnapshotPath(snapshotDir);
  const manifest = await readManifest(runDir);
  await recoverCrashed(runDir, manifest.snapshots);
  const last = manifest.snapshots[manifest.snapshots.length - 1];
  const tick = asked ?? last;
  if (tick === undefined || !manifest.snapshots.includes(tick)) {
    throw new Error(
      `${runDir} has no snapshot at tick ${asked}; its snapshots: ` +
        `${manifest.snapshots.join(", ") || "none"} (give <run>/tick=N with one of them)`,
    );
  }
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
  const state = await readFile(runDir, manifest, partitionFile("world", "tick", tick));
  for (const [name, t] of Object.entries(world.tables)) {
    const file = partitionFile(name, "tick", tick);
    arrowToTable(await readFile(runDir, manifest, file), t, `${runDir}/${file}`);
    const next = state.getChild(`next_id_${name}`)?.get(0);
    if (next === undefined || next === null) {
      throw new Error(`${runDir}/world/tick=${tick}: no id counter for table ${name}`);
    }
    t.nextId = Number(next);
  }
  world.ledger.base = Number(state.getChild("money_base")?.get(0));
  world.ledger.created = Number(state.getChild("money_created")?.get(0));
  world.ledger.destroyed = Number(state.getChild("money_destroyed")?.get(0));
  world.ledger.defaulted = Number(state.getChild("credit_defaulted")?.get(0) ?? 0);
  const sim = Simulation.fromWorld(world);

  // The snapshots up to this one, whose chunks hold the history.
  const chain = manifest.snapshots.filter((t) => t <= tick);
  for (const t of chain) await readHistory(world, runDir, manifest, t);
  return { sim, runDir, manifest, chain, changes };
}

/** Appends a snapshot's history chunk (KPI rows and events) to the world's history. */
async function readHistory(
  world: SimWorld,
  runDir: string,
  manifest: Manifest,
  tick: number,
): Promise<void> {
  const kpiFile = partitionFile("kpis", "snapshot", tick);
  const kpis = await readFile(runDir, manifest, kpiFile);
  const reg = world.kpis;
  for (const s of reg.specs) {
    if (!kpis.getChild(s.name)) {
      throw new Error(`${runDir}/${kpiFile} has no KPI "${s.name}": written by another version`);
    }
  }
  const ticks = Int32Array.from(kpis.getChild("tick")!.toArray(), Number);
  const columns = reg.specs.map((s) => kpis.getChild(s.name)!.toArray() as Float64Array);
  for (let i = 0; i < ticks.length; i++) {
    for (let k = 0; k < columns.length; k++) reg.values[k] = columns[k][i];
    reg.commit(ticks[i]);
  }
  const eventFile = partitionFile("events", "snapshot", tick);
  const events = await readFile(runDir, manifest, eventFile);
  const kindCode = new Map(world.events.kinds.map((k, i) => [k, i]));
  const et = events.getChild("tick")!;
  const ek = events.getChild("kind")!;
  const es = events.getChild("subject")!;
  const eo = events.getChild("object")!;
  const etl = events.getChild("tile")!;
  const ev = events.getChild("value")!;
  for (let i = 0; i < events.numRows; i++) {
    const code = kindCode.get(ek.get(i) as string);
    if (code === undefined) throw new Error(`${runDir}/${eventFile}: unknown kind ${ek.get(i)}`);
    world.events.log.push(
      Number(et.get(i)),
      code,
      es.get(i),
      eo.get(i) ?? -1,
      etl.get(i) ?? -1,
      ev.get(i),
    );
  }
}
