/**
 * Resume: rebuild a simulation from a snapshot folder (`<run>/tick=NNNNNN`). The tables, the
 * clock, the ledger and the id counters come from the snapshot; the KPI history and the
 * event log up to the snapshot tick come from the run's `kpis.parquet` and `events.parquet`.
 * Draws are keyed, not sequenced, so no generator state is needed: the resumed run ends
 * byte-identical to an uninterrupted one.
 *
 * @module
 */
import { type ScenarioConfig, scenarioSchema } from "../scenario/schema.ts";
import { Simulation } from "../simulation.ts";
import { createWorld } from "../world.ts";
import { arrowToTable } from "./arrow.ts";
import { readParquetFile } from "./parquet.ts";
import type { Manifest } from "./run_dir.ts";

/** Options of {@link loadSnapshot}. */
export interface LoadOptions {
  /**
   * Changes the saved scenario before the world is rebuilt (a fork: other parameters, added
   * shocks). The result is validated again. Tables and the goods list must stay compatible.
   */
  scenario?: (saved: ScenarioConfig) => unknown;
}

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
  let m: Manifest;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${e instanceof Error ? e.message : e})`);
  }
  if (m?.format !== "panarchy-run/1") {
    throw new Error(`${path} is not a PANARCHY run manifest (format ${m?.format})`);
  }
  return m;
}

/** The run directory and tick of a snapshot folder path. */
export function parseSnapshotPath(snapshotDir: string): { runDir: string; tick: number } {
  const clean = snapshotDir.replace(/\/+$/, "");
  const m = clean.match(/^(.*)\/tick=(\d+)$/);
  if (!m) {
    throw new Error(
      `${snapshotDir} is not a snapshot folder: give a path ending in tick=NNNNNN ` +
        `(for example snapshots/tiny_island/<run>/tick=000030)`,
    );
  }
  return { runDir: m[1] || ".", tick: Number(m[2]) };
}

/**
 * Rebuilds the simulation saved in a snapshot folder.
 *
 * @param snapshotDir Path to `<run>/tick=NNNNNN`.
 * @returns the simulation (at the snapshot's tick), its source run directory and manifest.
 * @throws {Error} naming the file when a file is missing, corrupt or from another version.
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
): Promise<{ sim: Simulation; runDir: string; manifest: Manifest }> {
  const { runDir, tick } = parseSnapshotPath(snapshotDir);
  const manifest = await readManifest(runDir);
  const scenario = opts.scenario
    ? opts.scenario(manifest.scenario as ScenarioConfig)
    : manifest.scenario;
  const parsed = scenarioSchema.safeParse(scenario);
  if (!parsed.success) {
    throw new Error(
      `${runDir}/manifest.json: the scenario does not validate (${
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      }); it was written by engine ${manifest.engine_version}`,
    );
  }
  const config = parsed.data;
  const state = await readParquetFile(`${snapshotDir}/world.parquet`);
  const stateTick = Number(state.getChild("tick")?.get(0));
  if (stateTick !== tick) {
    throw new Error(
      `${snapshotDir}/world.parquet holds tick ${stateTick}, the folder says ${tick}`,
    );
  }
  const world = createWorld(config, tick);
  for (const [name, t] of Object.entries(world.tables)) {
    const file = `${snapshotDir}/${name}.parquet`;
    arrowToTable(await readParquetFile(file), t, file);
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

  // History up to the snapshot: KPI rows and events of ticks before it.
  const kpis = await readParquetFile(`${runDir}/kpis.parquet`);
  const ticks = kpis.getChild("tick")!.toArray() as Int32Array;
  const reg = world.kpis;
  for (const s of reg.specs) {
    if (!kpis.getChild(s.name)) {
      throw new Error(`${runDir}/kpis.parquet has no KPI "${s.name}": written by another version`);
    }
  }
  const columns = reg.specs.map((s) => kpis.getChild(s.name)!.toArray() as Float64Array);
  for (let i = 0; i < ticks.length && ticks[i] < tick; i++) {
    for (let k = 0; k < columns.length; k++) reg.values[k] = columns[k][i];
    reg.commit(ticks[i]);
  }
  const events = await readParquetFile(`${runDir}/events.parquet`);
  const kindCode = new Map(world.events.kinds.map((k, i) => [k, i]));
  const et = events.getChild("tick")!;
  const ek = events.getChild("kind")!;
  const es = events.getChild("subject")!;
  const eo = events.getChild("object")!;
  const etl = events.getChild("tile")!;
  const ev = events.getChild("value")!;
  for (let i = 0; i < events.numRows; i++) {
    const t = et.get(i) as number;
    if (t >= tick) break;
    const code = kindCode.get(ek.get(i) as string);
    if (code === undefined) throw new Error(`${runDir}/events.parquet: unknown kind ${ek.get(i)}`);
    world.events.log.push(t, code, es.get(i), eo.get(i) ?? -1, etl.get(i) ?? -1, ev.get(i));
  }
  return { sim, runDir, manifest };
}
