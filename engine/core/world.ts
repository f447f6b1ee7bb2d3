/**
 * The world value: every table, the tick, the scenario, the seed, the ledger, the event bus,
 * the KPI registry and reusable scratch buffers. There is no module-level state anywhere in
 * the engine, so two worlds in one process never interfere.
 *
 * @module
 */
import type { ScenarioConfig } from "../scenario/schema.ts";
import type { EventBus } from "./events.ts";
import type { KpiRegistry } from "./kpis.ts";
import type { Ledger } from "./ledger.ts";
import type { Table } from "./table.ts";

/** A world over a set of tables. */
export interface World<T extends Record<string, Table> = Record<string, Table>> {
  /** The scenario as written (shocks not applied). */
  readonly base: ScenarioConfig;
  /** The scenario in force this tick (base with the active shocks applied). */
  config: ScenarioConfig;
  /** Seed of every draw. */
  readonly seed: number;
  /** Current tick (day); the next update computes this tick. */
  tick: number;
  /** The tables. */
  readonly tables: T;
  readonly ledger: Ledger;
  readonly events: EventBus;
  readonly kpis: KpiRegistry;
  /** Reusable buffers (no allocation per tick), by name. */
  readonly scratch: Map<
    string,
    Float64Array | Int32Array | Uint16Array | Uint8Array | Float32Array
  >;
  /** Values derived from the scenario in force, by name (see {@link derived}). */
  readonly derivedCache: Map<string, { config: ScenarioConfig; value: unknown }>;
}

/**
 * A value computed from the scenario in force (schedules, lookup tables), recomputed only
 * when a shock changes the scenario. `make` gets the world too, so that a value that also
 * depends on the world's start can be made by a function declared once rather than by a
 * closure allocated at every lookup (some are looked up once per firm and day).
 *
 * @example
 * ```ts
 * const hazard = derived(world, "population.hazard", (cfg) => hazardTable(cfg));
 * ```
 */
export function derived<T, W extends World = World>(
  world: W,
  name: string,
  make: (config: ScenarioConfig, world: W) => T,
): T {
  const have = world.derivedCache.get(name);
  if (have && have.config === world.config) return have.value as T;
  const value = make(world.config, world);
  world.derivedCache.set(name, { config: world.config, value });
  return value;
}

type ScratchKind =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor;

/**
 * A reusable buffer of at least `n` elements, kept in the world between ticks. Its content is
 * not preserved when it has to grow, and nothing in it survives a snapshot: use it only for
 * values recomputed within the tick.
 *
 * @example
 * ```ts
 * const perTile = scratch(world, "pop.perTile", Int32Array, tiles.length);
 * perTile.fill(0, 0, tiles.length);
 * ```
 */
export function scratch<C extends ScratchKind>(
  world: World,
  name: string,
  kind: C,
  n: number,
): InstanceType<C> {
  const have = world.scratch.get(name);
  if (have && have.constructor === kind && have.length >= n) return have as InstanceType<C>;
  const made = new kind(Math.max(16, Math.ceil(n * 1.25))) as InstanceType<C>;
  world.scratch.set(name, made);
  return made;
}

/**
 * Scratch list `name` (currently `a`, full) grown to twice its length with its content kept:
 * for lists appended to during a pass whose final length is not known in advance.
 *
 * @example
 * ```ts
 * if (n === rows.length) rows = grownScratch(world, "pop.dead", rows);
 * rows[n++] = r;
 * ```
 */
export function grownScratch<A extends Int32Array | Float64Array>(
  world: World,
  name: string,
  a: A,
): A {
  const b = new (a.constructor as new (n: number) => A)(a.length * 2);
  b.set(a);
  world.scratch.set(name, b);
  return b;
}
