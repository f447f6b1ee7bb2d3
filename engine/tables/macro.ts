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
});
