/**
 * Macro state: one row of economy-wide variables that persist between ticks.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The macro table (one row). */
export const macro = defineTable("macro", "Economy-wide state (one row).", {
  demand_shock: {
    type: "f64",
    unit: "log",
    doc: "Aggregate demand shock: households' propensity to spend is scaled by exp(this).",
  },
  fund_target: {
    type: "f64",
    unit: "share",
    doc: "Share of liquid wealth above the buffer that households hold in the equity fund " +
      "(solved at the start from its holdings; economy.ownership).",
    min: 0,
    max: 1,
  },
  fund_threshold: {
    type: "f64",
    unit: "days",
    doc: "Least holding of the equity fund worth having, in days of the mean household's " +
      "permanent income (the smallest holding at the start; economy.ownership).",
    min: 0,
  },
  dwelling_price: {
    type: "f64",
    unit: "currency/unit",
    doc: "Households' estimate of the price of a unit of dwelling: an exponential mean of the " +
      "capital good's mean price, with the memory of permanent income (economy.housing).",
    min: 0,
  },
  house_price: {
    type: "f64",
    unit: "currency/unit",
    doc: "Price of a unit of existing dwelling on the market households trade them in: at most " +
      "dwelling_price (new dwellings are built at that cost), lower in a glut (economy.housing).",
    min: 0,
  },
});
