/**
 * Investment: firms buy capacity from the capital-goods sector (see capital.ts), toward the
 * capacity their sales trend needs (the flexible accelerator: Clark 1917, JPE 25:217;
 * Chenery 1952, Econometrica 20:1), paying from cash and, past that, from credit. Incumbents
 * place an order on their decision day and take delivery a day's share at a time from their
 * capital-goods supplier, so the machine makers see a steady order flow (machines are made
 * to order: Dosi, Fagiolo & Roventini 2010, JEDC 34:1748); entrants buy their first
 * machines at once from whoever has them.
 *
 * @module
 */
import { hash32 } from "../../core/rng.ts";
import type { SimWorld } from "../../world.ts";
import { capitalPerCapacity, installMachines } from "./capital.ts";
import { creditLeft } from "./credit.ts";
import { recipesOf } from "./recipes.ts";
import type { SellerIndex } from "./sellers.ts";
import { invest } from "./verbs.ts";

/**
 * Firm row `f` buys up to `capacity` units of capacity from up to three capital-goods
 * sellers, the cheapest sampled first, paying from its cash and at most `creditShare` of
 * the credit it has left (a pecking order: internal funds before debt, Myers & Majluf 1984,
 * JFE 13:187), and borrowing `collateral_share` of the price against the machines bought.
 * Returns the capacity bought.
 */
export function buyCapacity(
  world: SimWorld,
  f: number,
  capacity: number,
  sellers: SellerIndex,
  key: number,
  creditShare: number,
): number {
  const r = recipesOf(world);
  const k = r.capitalGood;
  if (k < 0 || !(capacity > 0)) return 0;
  const F = world.tables.firms;
  const c = F.col;
  const G = r.goods;
  const psi = capitalPerCapacity(world)[c.product[f]];
  if (!(psi > 0)) return 0;
  const s0 = sellers.start[k];
  const n = sellers.start[k + 1] - s0;
  const id = F.ids[f];
  let bought = 0;
  let first = -1; // the first seller asked hears of the order's unfilled rest, once
  for (let tries = 0; tries < 3 && n > 0 && bought < capacity; tries++) {
    let best = -1;
    for (let j = 0; j < 3; j++) {
      const s = sellers.rows[s0 + (hash32(key, id, 16 + 3 * tries + j) % n)];
      if (s === f || c.inventory[s * G + k] <= 0) continue;
      if (best < 0 || c.price[s] < c.price[best]) best = s;
    }
    if (best < 0) continue;
    if (first < 0) first = best;
    // A machine secures part of the loan that buys it: the down payment is the rest.
    const funds = Math.max(0, c.cash[f] + creditShare * creditLeft(world, f));
    const down = 1 - world.config.economy.firm_behaviour.collateral_share;
    const units = Math.min((capacity - bought) * psi, funds / (down * c.price[best]));
    if (!(units > 0)) break;
    bought += invest(world, id, F.ids[best], units) / psi;
  }
  // The first seller hears of the rest the firm could have paid for but found no stock for.
  if (first >= 0 && bought < capacity) {
    const funds = Math.max(0, c.cash[f] + creditShare * creditLeft(world, f));
    const down = 1 - world.config.economy.firm_behaviour.collateral_share;
    const rest = Math.min((capacity - bought) * psi, funds / (down * c.price[first]));
    if (rest > 0) c.demand_today[first] += rest;
  }
  return bought;
}

/**
 * Sets firm row `f`'s machine order to `capacity` units of capacity a day (in units of the
 * capital good), bought by {@link buyOrderedMachines} until the next decision.
 */
export function orderCapacity(world: SimWorld, f: number, capacity: number): void {
  const c = world.tables.firms.col;
  c.capital_order[f] = Math.max(0, capacity) * capitalPerCapacity(world)[c.product[f]];
}

/**
 * Today's delivery of firm row `f`'s machine order from its supplier `s` (a firm row that
 * makes the capital good): what the supplier has, up to what the firm can pay from cash,
 * half its credit left (`credit`, {@link creditLeft}) and the loan the machines secure. The
 * supplier hears the whole day's order as demand. Returns the money spent.
 */
export function buyOrderedMachines(world: SimWorld, f: number, s: number, credit: number): number {
  const F = world.tables.firms;
  const c = F.col;
  const k = F.col.product[s];
  const G = world.tables.goods.length;
  const order = c.capital_order[f];
  const down = 1 - world.config.economy.firm_behaviour.collateral_share;
  const funds = Math.max(0, c.cash[f] + 0.5 * credit);
  const units = Math.min(order, c.inventory[s * G + k], funds / (down * c.price[s]));
  // The supplier hears the whole day's order; what it delivers is counted once.
  c.demand_today[s] += order - Math.max(0, units);
  if (!(units > 0)) return 0;
  // The invest verb's checks hold by construction here: the seller makes the capital good,
  // the units are in its stock and within the funds.
  return installMachines(world, f, s, units);
}
