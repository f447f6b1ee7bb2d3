/**
 * Cohorts: one row per single year of age, holding the demographic exposure and event
 * counts behind the period rates (TFR, life expectancy). Counts are exponentially weighted
 * over about a year, so rates are period rates and the table is all the state they need.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The cohorts table. */
export const cohorts = defineTable("cohorts", "Demographic rates by single year of age.", {
  age: { type: "u8", unit: "years", doc: "Age of the cohort." },
  exposure_f: {
    type: "f64",
    unit: "person-years",
    doc: "Women's exposure (weighted).",
    min: 0,
    stock: true,
  },
  exposure_m: {
    type: "f64",
    unit: "person-years",
    doc: "Men's exposure (weighted).",
    min: 0,
    stock: true,
  },
  deaths_f: { type: "f64", unit: "deaths", doc: "Women's deaths (weighted).", min: 0 },
  deaths_m: { type: "f64", unit: "deaths", doc: "Men's deaths (weighted).", min: 0 },
  births: { type: "f64", unit: "births", doc: "Births to mothers of this age (weighted).", min: 0 },
});
