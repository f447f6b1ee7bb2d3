/**
 * Public purchases and public investment, bought in the goods market right after households
 * have shopped, from the same shelves at the same (VAT-inclusive) prices.
 *
 * - **Public consumption**: each government spends `purchases_share` of its trend GDP a day on
 *   public services: `purchases_staff_share` of it pays their staff (`agencies.ts`), the rest
 *   buys consumer goods in the households' budget shares. Spending on trend rather than
 *   current GDP keeps purchases acyclical, so that taxes and transfers alone are the automatic
 *   stabilisers (Fatás & Mihov 2001, J. Int. Econ. 55:3).
 * - **Education**: `education_share` of trend GDP, of which `education_staff_share` pays school
 *   staff and the rest is bought in the same procurement (the goods and any shortfall shared in
 *   proportion to the two budgets; see `education.ts` for what it does to schooling); budget
 *   items of their own (`education_staff`, `education_goods`), which the fiscal rule leaves
 *   alone.
 * - **Public investment**: `investment_share` of trend GDP is ordered every day, as long as less
 *   than a month of it waits (projects the makers cannot supply are postponed, not piled up),
 *   and what `invest_public` orders on top; the orders are bought in the capital good and added
 *   to the public capital stock (counted as investment in the goods balance). Like purchases
 *   it follows trend GDP, not the cycle, so taxes and transfers alone stabilise.
 *
 * Each purchase is split into trips, one per {@link SELLERS_PER_TRIP} sellers of the good, so it
 * spreads over firms by size as households' trips do (the market's alias tables), rather than
 * emptying a few shelves.
 * Unmet purchases are heard by the sellers and retried tomorrow (investment) or lapse
 * (consumption: the budget is a flow).
 *
 * @module
 */
import { FLOW } from "../../events.ts";
import { ITEM } from "../../tables/polities.ts";
import type { SimWorld } from "../../world.ts";
import type { Recipes } from "../economy/recipes.ts";
import type { ShoppingDay } from "../economy/shopping.ts";

/** Buys every government's goods of the day through the open market `day`. */
export function publicPurchases(world: SimWorld, r: Recipes, day: ShoppingDay): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  const G = r.goods;
  const start = day.start;
  const gc = world.tables.goods.col;
  const pe = world.config.government.public_employment;
  let consumption = 0;
  let education = 0;
  let investment = 0;
  for (let q = 0; q < Pol.length; q++) {
    // Purchases and education buy the same goods in the same shares: one procurement, whose
    // goods (and any shortfall) are shared in proportion to the two budgets.
    // What the staff are not paid of each budget buys goods (`agencies.ts`).
    const budget = pol.purchases_share[q] * (1 - pe.purchases_staff_share) * pol.gdp_trend[q];
    const schools = pol.education_share[q] * (1 - pe.education_staff_share) * pol.gdp_trend[q];
    const asked = budget + schools;
    let bought = 0;
    for (let g = 0; g < G; g++) {
      const want = asked * r.consumerShare[g];
      if (want > 0) bought += spread(day, q, g, want, start[g + 1] - start[g]);
    }
    const taught = asked > 0 ? bought * (schools / asked) : 0;
    const spent = bought - taught;
    pol.money[q] -= bought;
    pol.unspent[q] = asked > bought ? asked - bought : 0;
    pol.flows[q * W + ITEM.public_purchases] += spent;
    pol.flows[q * W + ITEM.education_goods] += taught;
    consumption += spent;
    education += taught;
    // Without a capital good (a scenario whose recipes have none) nothing is invested.
    const k = r.capitalGood;
    if (k < 0) continue;
    const standing = pol.investment_share[q] * pol.gdp_trend[q];
    if (standing > 0 && pol.investment_planned[q] < 30 * standing) {
      pol.investment_planned[q] += standing;
    }
    if (pol.investment_planned[q] > 0) {
      // Capital goods bought are invested, not consumed.
      day.beginInvestment(k);
      const paid = spread(day, q, k, pol.investment_planned[q], start[k + 1] - start[k]);
      gc.invested[k] += day.endInvestment(k);
      pol.investment_planned[q] -= Math.min(paid, pol.investment_planned[q]);
      pol.public_capital[q] += paid;
      pol.money[q] -= paid;
      pol.flows[q * W + ITEM.public_investment] += paid;
      investment += paid;
    }
  }
  world.ledger.record(FLOW.public_purchases, consumption);
  world.ledger.record(FLOW.education_goods, education);
  world.ledger.record(FLOW.public_investment, investment);
}

/**
 * Sellers of a good per trip of a public purchase: a public order is a lot of several
 * households' purchases, placed with one seller of a sample drawn by size like a household's
 * (public buyers divide a requirement into lots: EU Directive 2014/24/EU, art. 46). A lot is
 * then about four times the government's share of an average seller's daily sales, whatever
 * the market's size (the good's budget over a quarter of its sellers), and a seller keeps
 * `inventory_cover_days` of sales in stock. One trip per seller, as before 2026-12-07, took 1.8
 * ms a day more at 500,000 persons, and the lots crowd households out no more: a halved income
 * tax raised consumption by 0.29 of the extra income with a trip per seller and 0.34 with lots
 * (means over twelve seeds of a 3,000-person island, 0.19-0.41 and 0.17-0.49 by seed;
 * docs/benchmarks.md, "Public purchases in lots").
 */
export const SELLERS_PER_TRIP = 4;

/**
 * Spends `money` on good `g` in one trip per {@link SELLERS_PER_TRIP} of its `sellers` (at
 * least one); returns the spend.
 */
function spread(day: ShoppingDay, q: number, g: number, money: number, sellers: number): number {
  const trips = Math.max(1, Math.ceil(sellers / SELLERS_PER_TRIP));
  let spent = 0;
  for (let t = 0; t < trips; t++) {
    spent += day.procure((q * 64 + g) * 1_000_003 + t, g, money / trips);
  }
  return spent;
}
