/**
 * Goods: one row per good of the scenario, holding the market's daily balance and the CPI
 * base basket.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The goods table. */
export const goods = defineTable("goods", "Market statistics and balance of each good.", {
  sector: { type: "u8", unit: "index", doc: "Sector that makes the good." },
  base_price: { type: "f64", unit: "currency/unit", doc: "Price in the CPI base period.", min: 0 },
  markup_norm: {
    type: "f64",
    unit: "share",
    doc: "Conventional markup over normal unit cost: the first markup of entrants and the one " +
      "firms' markups drift back to (firm_behaviour.markup_norm), set at the start.",
    min: 0,
  },
  base_quantity: {
    type: "f64",
    unit: "units/day",
    doc: "Household purchases in the CPI base period.",
    min: 0,
  },
  price: {
    type: "f64",
    unit: "currency/unit",
    doc: "Mean price households paid today, VAT included (the CPI's price).",
    min: 0,
  },
  basic_price: {
    type: "f64",
    unit: "currency/unit",
    doc: "Mean posted price of today's sales to households, before VAT (what firms compare " +
      "their prices and value their inputs and machines at; equal to price without a government).",
    min: 0,
  },
  produced: { type: "f64", unit: "units", doc: "Produced today.", min: 0, stock: true },
  consumed: { type: "f64", unit: "units", doc: "Bought by households today.", min: 0, stock: true },
  intermediate: {
    type: "f64",
    unit: "units",
    doc: "Used as production input today.",
    min: 0,
    stock: true,
  },
  invested: {
    type: "f64",
    unit: "units",
    doc: "Turned into capacity, public capital or dwellings today.",
    min: 0,
    stock: true,
  },
  dwellings_built: {
    type: "f64",
    unit: "units",
    doc: "Of invested: built into households' dwellings today (economy.housing).",
    min: 0,
    stock: true,
  },
  wasted: { type: "f64", unit: "units", doc: "Spoiled or scrapped today.", min: 0, stock: true },
  stock: {
    type: "f64",
    unit: "units",
    doc: "Held by firms (incl. in transit), end of day.",
    min: 0,
    stock: true,
  },
  unmet: {
    type: "f64",
    unit: "units",
    doc: "Household demand not served today.",
    min: 0,
    stock: true,
  },
  spending: {
    type: "f64",
    unit: "currency",
    doc: "Household spending today.",
    min: 0,
    stock: true,
  },
});
