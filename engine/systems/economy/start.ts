/**
 * The firms a scenario starts with: how many, and each one's technology and relative size.
 * The initial economy (init.ts) builds them; entry (firm_dynamics.ts) scales its pool of
 * founders by their density, and the capital-goods arithmetic (capital.ts) their technology.
 *
 * @module
 */
import { normal, streamOf, tickKey, uniform } from "../../core/rng.ts";
import type { SimWorld } from "../../world.ts";
import { technologyDraw } from "./technology.ts";

/** Number of firms a scenario starts with. */
export function initialFirms(world: SimWorld): number {
  const e = world.config.economy;
  if (e.firms > 0) return e.firms;
  return Math.max(
    e.goods.length,
    Math.round((world.config.population.persons * e.firms_per_1000_persons) / 1000),
  );
}

/**
 * Initial firm row `f`'s technology (lognormal, mean 1, log-sd `tfp_sigma`) and relative
 * capacity: a Pareto draw times technology squared, larger for more productive firms
 * (selection has already happened). Keyed on the row, not on the good, so the draws are
 * known before the firms are spread over the goods.
 */
export function initialDraw(
  world: SimWorld,
  key: number,
  f: number,
): { technology: number; capacity: number } {
  const p = world.config.economy.production;
  const technology = technologyDraw(p.tfp_sigma, normal(key, f, 1));
  const size = Math.pow(1 - uniform(key, f, 0), -1 / p.size_pareto_alpha);
  return { technology, capacity: size * technology * technology };
}

/** Capacity-weighted mean technology of the firms the scenario starts with. */
export function initialTechnology(world: SimWorld): number {
  const key = startKey(world);
  let weighted = 0;
  let capacity = 0;
  const n = initialFirms(world);
  for (let f = 0; f < n; f++) {
    const d = initialDraw(world, key, f);
    weighted += d.capacity * d.technology;
    capacity += d.capacity;
  }
  return capacity > 0 ? weighted / capacity : 1;
}

/** The key of the initial economy's draws (init.ts uses the same). */
export function startKey(world: SimWorld): number {
  return tickKey(world.seed, streamOf("economy.init"), 0);
}
