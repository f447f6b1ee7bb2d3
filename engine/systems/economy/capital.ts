/**
 * Capital: firms' capacity is made of machines bought from the firms that make the capital
 * good (the capital-goods sector of the K+S family of models: Dosi, Fagiolo & Roventini 2010,
 * JEDC 34:1748). One unit of capacity takes `capitalPerCapacity` units of the capital good,
 * set so that a firm's machines are worth `capital_output_ratio` years of the value it adds
 * at design capacity (at base prices); capacity depreciates and is replaced. Firms invest
 * toward the capacity their expected demand needs (the flexible accelerator: Clark 1917,
 * JPE 25:217; Chenery 1952, Econometrica 20:1), paying from cash and, past that, from credit.
 *
 * @module
 */
import { derived } from "../../core/world.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { SimWorld } from "../../world.ts";
import { type Recipes, recipesOf } from "./recipes.ts";
import { output } from "./technology.ts";

/**
 * Units of the capital good per unit of capacity, by the good a firm makes: the capital-output
 * ratio times a year of value added per unit of capacity, over the capital good's price (all
 * at base prices, which are fixed at the start, so the figures are too). Zero for the capital
 * good itself (its makers need labor only, as the machine-tool firms of K+S) and for every
 * good when the scenario has no capital good: such firms set their capacity freely.
 *
 * @example
 * ```ts
 * capitalPerCapacity(world)[firms.col.product[f]]; // machines per unit of capacity
 * ```
 */
export function capitalPerCapacity(world: SimWorld): Float64Array {
  return derived(
    world,
    "economy.capitalPerCapacity",
    (cfg: ScenarioConfig) =>
      capitalPerCapacityAt(cfg, recipesOf(world), world.tables.goods.col.base_price),
  );
}

/** {@link capitalPerCapacity} for the given base prices (the initial economy's solve). */
export function capitalPerCapacityAt(
  cfg: ScenarioConfig,
  r: Recipes,
  base: ArrayLike<number>,
): Float64Array {
  const G = r.goods;
  const out = new Float64Array(G);
  const k = r.capitalGood;
  if (k < 0 || !(base[k] > 0)) return out;
  const perYear = cfg.economy.firm_behaviour.capital_output_ratio * 365 *
    cfg.economy.production.output_per_worker;
  for (let g = 0; g < G; g++) {
    // Makers of the capital good build machines with labor alone, as in K+S: otherwise
    // their own orders feed their demand and the accelerator runs away.
    if (g === k) continue;
    let inputs = 0;
    for (let j = 0; j < G; j++) inputs += r.inputs[g * G + j] * base[j];
    out[g] = Math.max(0, (perYear * (base[g] - inputs)) / base[k]);
  }
  return out;
}

/** Value of firm row `f`'s machines at today's price of the capital good. */
export function capitalValue(world: SimWorld, f: number): number {
  const r = recipesOf(world);
  if (r.capitalGood < 0) return 0;
  const c = world.tables.firms.col;
  return c.capacity[f] * capitalPerCapacity(world)[c.product[f]] *
    world.tables.goods.col.price[r.capitalGood];
}

/**
 * Capacity at which a firm of technology `a` meets `demand` running at the target
 * utilisation `u` (labor over capacity): the production function is homogeneous of degree
 * one, so output(K, uK) = K x output(1, u).
 */
export function desiredCapacity(cfg: ScenarioConfig, demand: number, a: number, u: number) {
  const perUnit = output(cfg, 1, u, a);
  return perUnit > 0 ? demand / perUnit : 0;
}
