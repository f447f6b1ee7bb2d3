/**
 * The budget identity, checked by bookkeeping every tick for every polity:
 *
 *   account today - account at the start of the day
 *     = revenue - spending + borrowed - repaid,
 *
 * with revenue and spending the sums of the budget items (the deficit is spending less revenue
 * and is financed by borrowing or the account). And for every item, the polities' amounts sum
 * to the ledger's flow of that kind, so no tax or transfer moved money without being booked.
 *
 * @module
 */
import { InvariantError } from "../../core/invariants.ts";
import { FLOW } from "../../events.ts";
import { BUDGET_ITEMS } from "../../tables/polities.ts";
import type { SimWorld } from "../../world.ts";
import { revenueToday, spendingToday } from "./budget.ts";

/** Relative tolerance of the budget identity. */
export const BUDGET_TOLERANCE = 1e-9;

/**
 * Checks the budget identity of every polity and the items against the ledger.
 *
 * @throws {InvariantError} naming the polity or the item and the amounts.
 */
export function checkBudgets(world: SimWorld): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  const names = world.config.government.polities;
  for (let q = 0; q < Pol.length; q++) {
    const revenue = revenueToday(world, q);
    const spending = spendingToday(world, q);
    const scale = pol.money_open[q] + pol.money[q] + pol.borrowed[q] + pol.repaid[q] + revenue +
      spending;
    const change = pol.money[q] - pol.money_open[q];
    const expected = revenue - spending + pol.borrowed[q] - pol.repaid[q];
    if (!(Math.abs(change - expected) <= BUDGET_TOLERANCE * Math.max(1, scale))) {
      throw new InvariantError(
        `tick ${world.tick}: budget of polity "${names[q]?.name ?? Pol.ids[q]}" does not add ` +
          `up: its account changed by ${change}, but revenue ${revenue} - spending ${spending} ` +
          `+ borrowed ${pol.borrowed[q]} - repaid ${pol.repaid[q]} = ${expected}`,
      );
    }
  }
  for (let k = 0; k < W; k++) {
    const item = BUDGET_ITEMS[k];
    let sum = 0;
    for (let q = 0; q < Pol.length; q++) sum += pol.flows[q * W + k];
    const booked = world.ledger.flows[FLOW[item]];
    if (!(Math.abs(sum - booked) <= BUDGET_TOLERANCE * Math.max(1, sum + booked))) {
      throw new InvariantError(
        `tick ${world.tick}: budget item ${item}: the polities booked ${sum} today, the ledger ` +
          `${booked} (flow_${item})`,
      );
    }
  }
}
