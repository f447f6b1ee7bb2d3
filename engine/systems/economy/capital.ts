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
import { derived, scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { SimWorld } from "../../world.ts";
import { type Recipes, recipesOf } from "./recipes.ts";
import { initialTechnology } from "./start.ts";
import { output } from "./technology.ts";
import { addVintageCapacity, recordBuild } from "../technology/embodiment.ts";

/**
 * Units of the capital good per unit of capacity, by the good a firm makes: the capital-output
 * ratio times a year of value added per unit of capacity, over the capital good's price (all
 * at base prices, which are fixed at the start, so the figures are too). The makers of the
 * capital good need machines as every other good does (they buy them from one another); zero
 * for every good only when the scenario has no capital good: such firms set their capacity
 * freely.
 *
 * Until 2026-12-07 the makers built machines with labor alone, as the machine-tool firms of
 * K+S do (Dosi, Fagiolo & Roventini 2010), for fear that their own orders would feed their
 * demand and run the accelerator away. Measured on the 20k island (five years, seed 1) it does
 * not: real investment stays at 19-23% of real GDP. Labor alone made their margin a rent (a
 * return of about 1,000% a year on 30 days of wages), which drew nine entrants in ten into
 * their good, two in five of them to die within the year (docs/economy.md, "What keeps entry
 * out of the goods made with machines").
 *
 * @example
 * ```ts
 * capitalPerCapacity(world)[firms.col.product[f]]; // machines per unit of capacity
 * ```
 */
export function capitalPerCapacity(world: SimWorld): Float64Array {
  return derived(world, "economy.capitalPerCapacity", capitalPerCapacityOf);
}

const capitalPerCapacityOf = (cfg: ScenarioConfig, world: SimWorld): Float64Array =>
  capitalPerCapacityAt(
    cfg,
    recipesOf(world),
    world.tables.goods.col.base_price,
    initialTechnology(world),
  );

/**
 * {@link capitalPerCapacity} for the given base prices (the initial economy's solve) and the
 * mean technology `technology` a unit of capacity works at (capacity-weighted, at the start),
 * so that the value of the machines is `capital_output_ratio` years of the value added the
 * capacity actually makes.
 */
export function capitalPerCapacityAt(
  cfg: ScenarioConfig,
  r: Recipes,
  base: ArrayLike<number>,
  technology: number,
): Float64Array {
  const G = r.goods;
  const out = new Float64Array(G);
  const k = r.capitalGood;
  if (k < 0 || !(base[k] > 0)) return out;
  const perYear = cfg.economy.firm_behaviour.capital_output_ratio * 365 *
    cfg.economy.production.output_per_worker * technology;
  for (let g = 0; g < G; g++) {
    let inputs = 0;
    for (let j = 0; j < G; j++) inputs += r.inputs[g * G + j] * base[j];
    out[g] = Math.max(0, (perYear * (base[g] - inputs)) / base[k]);
  }
  return out;
}

/**
 * Value of one unit of capacity's machines at today's price of the capital good, by the good
 * a firm makes (a scratch buffer: read it at once, it is refilled by the next call). Hot loops
 * call this once and pass it to {@link capitalValue} and the credit functions.
 */
export function machineValues(world: SimWorld): Float64Array {
  const G = world.tables.goods.length;
  const out = scratch(world, "economy.machineValues", Float64Array, G);
  const k = recipesOf(world).capitalGood;
  const psi = capitalPerCapacity(world);
  const pk = k >= 0 ? world.tables.goods.col.basic_price[k] : 0;
  for (let g = 0; g < G; g++) out[g] = psi[g] * pk;
  return out;
}

/** Value of firm row `f`'s machines at today's price of the capital good. */
export function capitalValue(
  world: SimWorld,
  f: number,
  values: Float64Array = machineValues(world),
): number {
  const c = world.tables.firms.col;
  return c.capacity[f] * values[c.product[f]];
}

/**
 * Book equity of firm row `f`, at least 0: its cash and machines (at today's price of the
 * capital good) less its debt, an owner's liability being limited to the firm.
 */
export function firmEquity(
  world: SimWorld,
  f: number,
  values: Float64Array = machineValues(world),
): number {
  const c = world.tables.firms.col;
  return bookEquity(c.cash[f], capitalValue(world, f, values), c.debt[f]);
}

/**
 * Book equity from a firm's `cash`, the value of its `machines` and its `debt`, at least 0 (see
 * {@link firmEquity}; for loops over firms that hold the columns in locals).
 */
export function bookEquity(cash: number, machines: number, debt: number): number {
  const e = cash + machines - debt;
  return e > 0 ? e : 0;
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

/**
 * Firm row `f` buys `units` of the capital good from seller row `s` (which must make it and
 * hold the units; callers check): stock, sales and demand of the seller, the payment, the
 * buyer's new capacity and the goods' investment column change together.
 *
 * @returns the money paid.
 */
export function installMachines(world: SimWorld, f: number, s: number, units: number): number {
  const c = world.tables.firms.col;
  const G = world.tables.goods.length;
  const k = c.product[s];
  const cost = units * c.price[s];
  c.inventory[s * G + k] -= units;
  c.sales_today[s] += units;
  c.demand_today[s] += units;
  world.ledger.transfer(c.cash, f, c.cash, s, cost, FLOW.investment);
  c.capex_today[f] += cost;
  const before = c.capacity[f];
  const added = units / capitalPerCapacity(world)[c.product[f]];
  c.capacity[f] = before + added;
  // With technologies, the new machines are of the firm's vintage, which the maker can now
  // build for its other customers.
  addVintageCapacity(world, f, before, added);
  recordBuild(world, s, f);
  world.tables.goods.col.invested[k] += units;
  return cost;
}
