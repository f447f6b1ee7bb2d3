/**
 * Checks shared by the scenario tests: every float column of every table holds finite
 * numbers, and every KPI is finite or NaN only where it is allowed to be undefined.
 * @module
 */
import assert from "node:assert/strict";
import type { Simulation } from "../../engine/simulation.ts";

/**
 * KPIs that are NaN on a day where they are undefined: a rate or mean over an empty group
 * (no labor force, nobody employed, no sales, no GDP, no firms: the mean markup and the stock
 * signals' shares), a price index with an empty basket,
 * inflation before 30 days of history, a tail exponent with too few firms, the within-sector
 * TFP ratio with no sector of 10 firms, the coupon of government bonds that do not exist (no
 * banks), the equity fund's value per unit with no units held and its share of no equity.
 */
export const MAY_BE_UNDEFINED = new Set([
  "cpi",
  "inflation_annual",
  "unemployment_rate",
  "vacancy_rate",
  "mean_wage",
  "median_wage",
  "labor_share",
  "firm_size_tail_exponent",
  "tfp_dispersion",
  "inventory_sales_ratio",
  "markup_mean",
  "stock_short_share",
  "stock_long_share",
  "public_employment_share",
  "bond_coupon",
  "fund_nav",
  "fund_share_of_equity",
]);

/** Asserts that every f32/f64 value of every table row is finite; names the first that is not. */
export function assertFiniteTables(sim: Simulation, context = ""): void {
  for (const t of Object.values(sim.world.tables)) {
    const cols = t.col as Record<string, ArrayLike<number>>;
    const widths = t.widths as Record<string, number>;
    for (const [name, c] of Object.entries(t.spec.columns)) {
      if (c.type !== "f32" && c.type !== "f64") continue;
      const a = cols[name];
      const n = t.length * widths[name];
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(a[i])) {
          assert.fail(`${context}${t.name}.${name} row ${Math.floor(i / widths[name])} = ${a[i]}`);
        }
      }
    }
  }
}

/** Asserts that every committed KPI value is finite (NaN only for {@link MAY_BE_UNDEFINED}). */
export function assertFiniteKpis(sim: Simulation, context = ""): void {
  const k = sim.world.kpis;
  k.specs.forEach((s, i) => {
    const h = k.history[i];
    for (let r = 0; r < k.rows; r++) {
      const v = h[r];
      if (Number.isFinite(v) || (Number.isNaN(v) && MAY_BE_UNDEFINED.has(s.name))) continue;
      assert.fail(`${context}KPI ${s.name} = ${v} at tick ${k.ticks[r]}`);
    }
  });
}
