/**
 * Overdraft credit, until banks exist: a firm that pays out more than it holds draws the
 * difference as credit (the money is created and recorded as its debt), repays it from
 * cash above its buffer, and a firm whose debt passes its overdraft limit exits and
 * defaults on what its cash cannot repay.
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { capitalValue, machineValues } from "./capital.ts";

/** Turns every negative cash balance into credit drawn; returns the amount lent. */
export function drawOverdrafts(world: SimWorld): number {
  const F = world.tables.firms;
  const c = F.col;
  let lent = 0;
  for (let f = 0; f < F.length; f++) {
    if (c.cash[f] < 0) {
      const amount = -c.cash[f];
      world.ledger.lend(c.cash, c.debt, f, amount);
      c.cash[f] = 0; // exactly, whatever the rounding of the sum
      lent += amount;
    }
  }
  return lent;
}

/**
 * The most a firm may owe: `overdraft_days` of its wage bill (or of one wage offer) as
 * working capital, plus `collateral_share` of the value of its machines. Lending against
 * collateral is the credit constraint of Kiyotaki & Moore 1997 (JPE 105:211) and of the
 * financial accelerator (Bernanke, Gertler & Gilchrist 1999, Handbook of Macroeconomics 1C):
 * a firm can borrow for investment as far as what it buys secures the loan.
 */
export function overdraftLimit(
  world: SimWorld,
  f: number,
  values: Float64Array = machineValues(world),
): number {
  const c = world.tables.firms.col;
  const fb = world.config.economy.firm_behaviour;
  return fb.overdraft_days * Math.max(c.wage_bill[f], c.wage_offer[f]) +
    fb.collateral_share * capitalValue(world, f, values);
}

/**
 * Credit a firm can still draw (`values`: {@link machineValues}, passed by loops over firms).
 */
export function creditLeft(
  world: SimWorld,
  f: number,
  values: Float64Array = machineValues(world),
): number {
  return Math.max(0, overdraftLimit(world, f, values) - world.tables.firms.col.debt[f]);
}
