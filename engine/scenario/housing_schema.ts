/**
 * The `economy.housing` section of the scenario: households' dwellings, built by the makers of
 * the capital good and traded between households (`economy/housing.ts`).
 *
 * @module
 */
import { z } from "zod";
import { AT_START, fixed, num, section, share } from "./schema_parts.ts";

/** The housing section. */
export const housing = section(
  "Households' dwellings: residential investment and the market in existing dwellings.",
  {
    enabled: fixed(
      z.boolean().describe(
        "Households own dwellings, made of the capital good, keep them up and move toward the " +
          "stock their income calls for; residential investment is part of investment and GDP. " +
          "Off: households hold money and fund units only.",
      ).default(false),
      AT_START,
    ),
    dwelling_to_income: num(
      "Value of the dwelling a household wants, in years of its permanent income, at the " +
        "capital good's price (replacement cost, no land). US residential fixed assets are " +
        "about 1.1-1.2 years of GDP at current cost (BEA Fixed Assets Accounts, table 1.1, " +
        "2000-2022) and personal income about 0.8 of GDP: 1.4 years of income.",
    ).min(0).max(10).default(1.4),
    income_years: num(
      "Years over which a household averages its income to size its dwelling (an exponential " +
        "mean): housing is bought on long-run income, not on a spell of unemployment or a good " +
        "year (the permanent income of housing demand: Polinsky & Ellwood 1979, REStat 61:199; " +
        "Goodman 1988, J. Urban Econ. 23:327, averages three years).",
    ).min(0.1).max(30).default(3),
    price_elasticity: num(
      "Price elasticity of the housing a household wants (the units, at a given real " +
        "income, against the dwelling's price relative to the CPI): 0.5-0.7 in cross-section " +
        "estimates (Hanushek & Quigley 1980, J. Urban Econ. 8:90; Albouy, Ehrlich & Liu " +
        "2016, NBER WP 22816).",
    ).min(0).max(3).default(0.6),
    depreciation: share(
      "Share of a dwelling that wears out a year, which upkeep replaces: 1.5-2.5% for US " +
        "residential structures (Fraumeni 1997, Survey of Current Business 77(7):7).",
    ).default(0.02),
    adjustment: share(
      "Share of the gap between the dwelling a household has and the one it wants that it " +
        "closes a year, buying or selling (the stock-adjustment model of housing demand; " +
        "Muth 1960, in Harberger, The Demand for Durable Goods, estimates about a third).",
    ).default(0.3),
    price_adjustment: num(
      "Daily log change of the price of existing dwellings per unit of the day's excess demand " +
        "in their market (buyers less sellers over both, in units): house prices adjust slowly " +
        "to excess demand (Case & Shiller 1989, AER 79:125; the stock-flow model of DiPasquale " +
        "& Wheaton 1994, J. Urban Econ. 35:1). They never exceed the replacement cost, at which " +
        "new dwellings are built.",
    ).min(0).max(1).default(0.005),
    band: share(
      "Inaction band: a household buys or sells beyond upkeep only when its dwelling is below " +
        "(1 - band) or above (1 + band) times the one it wants (moving has costs, so small gaps " +
        "are lived with: the (S, s) band of durable holdings, Grossman & Laroque 1990, " +
        "Econometrica 58:25; Attanasio 2000, REStud 67:667, for cars). The width is a choice, " +
        "not an estimate.",
    ).default(0.15),
  },
);

/**
 * Share of its income a household at the dwelling it wants spends on upkeep: `depreciation` x
 * `dwelling_to_income` (the solved start's figure, and validation's bound).
 */
export function housingUpkeepShare(
  config: { economy: { housing: { depreciation: number; dwelling_to_income: number } } },
): number {
  const hs = config.economy.housing;
  return hs.depreciation * hs.dwelling_to_income;
}

/** Whether households own dwellings (`economy.housing.enabled`). */
export function housingOn(config: { economy: { housing: { enabled: boolean } } }): boolean {
  return config.economy.housing.enabled;
}
