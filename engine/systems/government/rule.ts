/**
 * The rules policy of each government, every `ai.cadence.government_days`: a debt brake (the
 * structural-balance rules of Germany and Switzerland) with the debt-stabilising reaction of
 * Bohn (1998, QJE 113:949) above a debt target:
 *
 *   b* = -deficit_target + debt_response * max(0, debt/GDP - debt_target),
 *
 * compared with the structural balance: the one-year mean of the balance, corrected for the
 * cycle (the OECD method of Price, Dang & Botev 2015, OECD Economics WP 1275: a semi-elasticity
 * of 0.5 to the output gap, measured here as twice the gap between unemployment's one-year and
 * five-year means), so that the cyclical part, the automatic stabilisers, is left to work. The deficit is financed
 * by the central bank (money), so a rule that allowed lasting deficits below the debt target
 * would be monetary financing, and inflation; the brake allows the cyclical deficits only.
 *
 * The rule closes the gap at the pace of a yearly budget: a decision every `government_days`
 * moves `government_days / 365` of it (all of it at a yearly cadence), as fiscal reaction
 * functions are yearly (Bohn's coefficient is a change of the balance per year), and the
 * balance it compares is a one-year mean, which shows a change of policy only over the next
 * year. Closing the whole measured gap at every monthly decision repeated the same correction
 * until the mean caught up, overshot, and drove the economy in a cycle of two years (20k island,
 * seed 1: autocorrelation of monthly real GDP's deviation from its two-year mean +0.28 at 24
 * months, unemployment swinging between 7% and 11% year on year; without the government, or with
 * the rule paced, about 0). Public purchases move by at most `max_step` of GDP per decision; at
 * their bounds, the income-tax scale moves by at most `tax_scale_step`. Every change goes
 * through the verbs.
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { ITEM } from "../../tables/polities.ts";
import { setPurchases, setTaxRate } from "./verbs.ts";

/** Semi-elasticity of the budget balance to the output gap (Price, Dang & Botev 2015). */
const SEMI_ELASTICITY = 0.5;
/** Points of output gap per point of unemployment gap (Okun 1962; Ball, Leigh & Loungani 2017). */
const OKUN = 2;

/** Applies the fiscal rule of every polity (see the module doc). */
export function applyFiscalRule(world: SimWorld): void {
  const rule = world.config.government.fiscal_rule;
  const pace = Math.min(1, world.config.ai.cadence.government_days / 365);
  const Pol = world.tables.polities;
  const pol = Pol.col;
  for (let q = 0; q < Pol.length; q++) {
    const gdp = pol.gdp_trend[q];
    if (!(gdp > 0)) continue;
    const debtRatio = pol.debt[q] / (365 * gdp);
    const aim = -rule.deficit_target +
      rule.debt_response * Math.max(0, debtRatio - rule.debt_target);
    // The structural balance: the trend balance of the budget as voted (purchases the market
    // could not supply count as spent: the government does not raise a budget it cannot
    // spend), corrected for the cycle by the OECD's semi-elasticity of the balance to the
    // output gap (0.5) times an Okun coefficient of 2 on the unemployment gap.
    const voted = pol.revenue_trend[q] - pol.spending_trend[q] - pol.unspent_trend[q];
    const cycle = SEMI_ELASTICITY * OKUN * (pol.unemployment_year[q] - pol.unemployment_trend[q]);
    const gap = pace * (aim - (voted / gdp + cycle)); // > 0: more surplus needed
    const step = Math.max(-rule.max_step, Math.min(rule.max_step, gap));
    const [lo, hi] = rule.purchases_bounds;
    const old = pol.purchases_share[q];
    const share = Math.max(lo, Math.min(hi, old - step));
    setPurchases(world, Pol.ids[q], share);
    // The part of the gap purchases could not close moves the income tax, by its yield (today's
    // income tax per trend GDP, per unit of scale).
    const left = gap - (old - share);
    if ((share === lo && left > 0) || (share === hi && left < 0)) {
      const yieldPerScale = pol.flows[q * Pol.widths.flows + ITEM.income_tax] / gdp /
        pol.income_tax_scale[q];
      if (yieldPerScale > 0) {
        const [slo, shi] = rule.tax_scale_bounds;
        const d = Math.max(
          -rule.tax_scale_step,
          Math.min(rule.tax_scale_step, left / yieldPerScale),
        );
        const scale = Math.max(slo, Math.min(shi, pol.income_tax_scale[q] + d));
        setTaxRate(world, Pol.ids[q], "income", scale);
      }
    }
  }
}
