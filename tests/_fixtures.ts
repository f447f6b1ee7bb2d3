/**
 * Small scenarios for tests: tiny_island's settings on a smaller island, so a year runs in
 * a second or two.
 * @module
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { resumeRun, runScenario } from "../engine/run.ts";
import { parseScenario, ScenarioError } from "../engine/scenario/load.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import type { Simulation } from "../engine/simulation.ts";
import { HOUSING_DAYS } from "../engine/systems/economy/housing.ts";
import { withChanges } from "../analysis/changes.ts";
import { tinyIslandBanks } from "../cli/bench.ts";
import type { SimWorld } from "../engine/world.ts";

type Tree = { [key: string]: unknown };

function merge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    out[k] = v && typeof v === "object" && !Array.isArray(v) && old && typeof old === "object"
      ? merge(old as Tree, v as Tree)
      : v;
  }
  return out;
}

/** tiny_island's economy and settings with `persons` persons on a proportionally smaller grid. */
export function smallScenario(persons = 8000, overrides: Tree = {}): ScenarioConfig {
  const side = Math.max(24, Math.round(Math.sqrt(persons / 50_000) * 128));
  const base: Tree = {
    name: "test_island",
    random_seed: 7,
    spatial: { width_tiles: side, height_tiles: Math.max(16, Math.round(side / 2)) },
    population: { persons },
    population_params: { towns: { count: Math.max(4, Math.round(persons / 1200)) } },
    economy: {
      sectors: ["agri", "manufacturing", "services"],
      goods: ["food", "tools", "energy", "services", "steel", "wheat"],
      // Mechanisms are tested from the solved start, without the settling days.
      settle_days: 0,
    },
  };
  return parseScenario(JSON.stringify(merge(base, overrides)), "test scenario");
}

/**
 * The economy before overtime had to pay (2026-12-03), as `scenarios/flexible_hours.yaml` sets
 * it: hours flex to `effort_max` whatever they cost, heads follow the sales trend alone, and the
 * labor market's flows calibrated for that economy. Merge it into {@link smallScenario}'s
 * overrides.
 */
export const FLEXIBLE_HOURS: Tree = {
  economy: {
    firm_behaviour: { overtime_when_profitable: false, stock_correction_days: 0 },
    labor: {
      matching_efficiency: 0.45,
      discharge_rate: 0,
      on_the_job_search: 0.07,
      age_finding_slope: 0,
    },
  },
};

/** The changes that give a scenario tiny_island's banks ({@link tinyIslandBanks}). */
export const TINY_ISLAND_BANKS = await tinyIslandBanks();

/**
 * {@link smallScenario} with banks as tiny_island runs them ({@link TINY_ISLAND_BANKS});
 * `overrides` are merged first, and cannot change those keys.
 */
export function smallBankedIsland(persons = 3000, overrides: Tree = {}): ScenarioConfig {
  return withChanges(smallScenario(persons, overrides), TINY_ISLAND_BANKS);
}

/** {@link smallScenario} with `systems.<system>` on (and `overrides` merged as usual). */
export function smallScenarioWith(
  system: "government" | "technology",
  persons = 3000,
  overrides: Tree = {},
): ScenarioConfig {
  return smallScenario(persons, merge({ systems: { [system]: true } }, overrides));
}

/** Sum of KPI `name` over the next `days` days of `sim`. */
export function sumKpi(sim: Simulation, name: string, days: number): number {
  const k = sim.world.kpis;
  const i = k.indexOf(name);
  assert.ok(i >= 0, `KPI ${name} exists`);
  let sum = 0;
  sim.run(days, () => sum += k.values[i]);
  return sum;
}

/**
 * Runs `cfg` for 2 x `half` ticks (70 by default) with snapshots every `half`, resumes the
 * snapshot of tick `half` for the last `half` ticks, and asserts that both runs wrote the same
 * files, byte for byte (the manifest aside), among them the last snapshot of each of `tables`.
 */
export async function assertResumesIdentically(
  cfg: ScenarioConfig,
  tables: readonly string[],
  half = 35,
): Promise<void> {
  const tmp = await Deno.makeTempDir();
  await runScenario(cfg, { ticks: 2 * half, out: `${tmp}/full`, snapshotInterval: half });
  await resumeRun(`${tmp}/full/tick=${half}`, {
    ticks: half,
    out: `${tmp}/resumed`,
    snapshotInterval: half,
  });
  const files = await listFiles(`${tmp}/full`);
  for (const t of tables) assert.ok(files.includes(`${t}/tick=${2 * half}/part-0.parquet`), t);
  assert.deepEqual(await listFiles(`${tmp}/resumed`), files);
  for (const f of files.filter((f) => f !== "manifest.json")) {
    assert.ok(await sameBytes(`${tmp}/full/${f}`, `${tmp}/resumed/${f}`), f);
  }
  await Deno.remove(tmp, { recursive: true });
}

/** Every file under `dir` (relative paths), sorted. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await listFiles(`${dir}/${e.name}`, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** True when two files have the same bytes. */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([Deno.readFile(a), Deno.readFile(b)]);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The problems of a scenario text that must fail validation (source "test.yaml"). */
export function problemsOf(text: string): ScenarioError["problems"] {
  try {
    parseScenario(text, "test.yaml");
  } catch (e) {
    assert.ok(e instanceof ScenarioError, `expected a ScenarioError, got ${e}`);
    assert.match(e.message, /^invalid scenario test\.yaml:/);
    return e.problems;
  }
  assert.fail("the scenario was accepted");
}

/** True when something exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** What a `main.ts` subprocess printed, and its exit code. */
export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Runs `main.ts` with all permissions from `cwd`, as a person would, without colours. */
export async function runMain(cwd: string, ...args: string[]): Promise<CliOutput> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** Uniform (0, 1) from a 32-bit integer hash of (seed, i): deterministic, no generator state. */
export function hashUniform(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

/** nodejs-polars with its native binding, installed once into a cache folder with npm. */
export async function polarsDir(): Promise<string | null> {
  const home = Deno.env.get("XDG_CACHE_HOME") ??
    path.join(Deno.env.get("HOME") ?? Deno.makeTempDirSync(), ".cache");
  const dir = path.join(home, "panarchy-test-polars");
  const pkgs = ["nodejs-polars@0.26.1", "nodejs-polars-linux-x64-gnu@0.26.1"];
  try {
    await Deno.stat(path.join(dir, "node_modules", "nodejs-polars-linux-x64-gnu"));
    return dir;
  } catch {
    await Deno.mkdir(dir, { recursive: true });
    const npm = new Deno.Command("npm", {
      args: ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, ...pkgs],
      stdout: "null",
      stderr: "piped",
    });
    const out = await npm.output().catch(() => null);
    if (!out?.success) {
      console.error(
        `npm could not install ${pkgs.join(" ")}: ${
          out ? new TextDecoder().decode(out.stderr) : "no npm"
        }`,
      );
      return null;
    }
    return dir;
  }
}

/** Each household's money (by household row), summed over its members' wealth. */
export function householdMoney(world: SimWorld): Float64Array {
  const Hh = world.tables.households;
  const P = world.tables.persons;
  const m = new Float64Array(Hh.length);
  for (let p = 0; p < P.length; p++) m[Hh.row(P.col.household[p])] += P.col.wealth[p];
  return m;
}

/** Ticks to run before household row `h`'s next housing day is the next tick to run. */
export function ticksToHousingDay(world: SimWorld, h: number): number {
  const id = world.tables.households.ids[h];
  for (let d = 0; d < HOUSING_DAYS; d++) {
    if ((id + world.tick + 1 + d) % HOUSING_DAYS === 0) return d;
  }
  throw new Error(`household row ${h} has no housing day within ${HOUSING_DAYS} ticks`);
}

/** The error Linux gives `flock` on a file system without locks (NFS without lockd). */
function noLocksAvailable(): Error {
  return Object.assign(new Error("No locks available (os error 37)"), { code: "ENOLCK" });
}

/**
 * Runs `body` as on a file system that refuses file locks (a cluster's mounted without flock:
 * Lustre with `noflock`): every `tryLock` fails with `refusal()` (ENOLCK by default). Returns
 * the result with what `body` printed through `console.error`.
 */
export async function withoutFileLocks<T>(
  body: () => Promise<T>,
  refusal: () => Error = noLocksAvailable,
): Promise<{ result: T; stderr: string }> {
  const proto = Deno.FsFile.prototype;
  const tryLock = proto.tryLock;
  const error = console.error;
  const lines: string[] = [];
  proto.tryLock = () => Promise.reject(refusal());
  console.error = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    return { result: await body(), stderr: lines.join("\n") };
  } finally {
    proto.tryLock = tryLock;
    console.error = error;
  }
}
