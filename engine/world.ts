/**
 * The simulation's world: the core {@link World} over the tables declared in `tables/`.
 * @module
 */
import { EventBus } from "./core/events.ts";
import { KpiRegistry } from "./core/kpis.ts";
import { Ledger } from "./core/ledger.ts";
import type { World } from "./core/world.ts";
import { EVENTS, FLOWS } from "./events.ts";
import type { ScenarioConfig } from "./scenario/schema.ts";
import { configAt } from "./scenario/shocks.ts";
import { createTables, type Tables } from "./tables/mod.ts";

/** The world every system works on. */
export type SimWorld = World<Tables>;

/**
 * An empty world for a scenario at `tick` (0 for a new run): tables allocated, nothing in
 * them. Systems' `init` (or a snapshot) fills it.
 *
 * @example
 * ```ts
 * const world = createWorld(await loadScenario("tiny"));
 * world.tables.persons.length; // 0 until the population system's init runs
 * ```
 */
export function createWorld(config: ScenarioConfig, tick = 0): SimWorld {
  return {
    base: config,
    config: configAt(config, tick),
    seed: config.random_seed,
    tick,
    tables: createTables(config),
    ledger: new Ledger(FLOWS),
    events: new EventBus(EVENTS.names),
    kpis: new KpiRegistry(),
    scratch: new Map(),
    derivedCache: new Map(),
  };
}
