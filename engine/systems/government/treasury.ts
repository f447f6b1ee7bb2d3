/**
 * Payments between the governments' treasury accounts at the central bank and the banks
 * themselves (not their customers): they settle in reserves at once, so the central bank's
 * books move with them (payments with the banks' customers settle in the daily clearing
 * instead, `finance/accounts.ts`). A payment to or from all governments is split by their
 * trend GDP, as the costs and returns of the banking system they share.
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";

/**
 * Moves `amount` (> 0: from the banks to the governments; < 0: the other way) between the
 * treasury accounts and the banks' reserves, booked as budget item `item` (the banks' side is
 * the caller's). Returns nothing: the amounts are exact, split by trend GDP.
 */
export function settleWithGovernments(world: SimWorld, amount: number, item: number): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  const cb = world.tables.central_bank.col;
  let gdp = 0;
  for (let q = 0; q < Pol.length; q++) gdp += pol.gdp_trend[q];
  let moved = 0;
  for (let q = 0; q < Pol.length; q++) {
    const x = q === Pol.length - 1
      ? amount - moved
      : gdp > 0
      ? (amount * pol.gdp_trend[q]) / gdp
      : amount / Pol.length;
    moved += x;
    pol.money[q] += x;
    pol.flows[q * W + item] += Math.abs(x);
  }
  cb.treasury[0] += amount;
  cb.reserves[0] -= amount;
}
