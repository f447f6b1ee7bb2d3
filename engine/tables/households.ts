/**
 * Households: the unit that lives on a tile, consumes and owns firms.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The households table. */
export const households = defineTable("households", "Households (consumption units).", {
  tile: { type: "i32", ref: "tiles", unit: "id", doc: "Tile where the household lives." },
  weight: {
    type: "f32",
    unit: "households",
    doc: "How many real households this row stands for.",
    min: 0,
  },
  size: { type: "u16", unit: "persons", doc: "Number of members." },
  permanent_income: {
    type: "f32",
    unit: "currency/day",
    doc: "Smoothed daily income of all members (wages and dividends).",
    min: 0,
  },
  market_income: {
    type: "f32",
    unit: "currency/day",
    doc: "Smoothed daily market income of all members (gross wages and dividends; before " +
      "taxes and transfers), with the memory of permanent_income.",
    min: 0,
  },
  housing_income: {
    type: "f32",
    unit: "currency/day",
    doc: "Daily income smoothed over economy.housing.income_years: the long-run income the " +
      "household sizes its dwelling on (0 without housing).",
    min: 0,
  },
  income_today: {
    type: "f32",
    unit: "currency",
    doc: "Wages (with overtime) and dividends the members received today.",
    min: 0,
  },
  thrift: {
    type: "f32",
    unit: "multiple",
    doc: "Multiple of the average buffer target the household keeps (drawn once; 0 = not yet).",
    min: 0,
  },
  fund_units: {
    type: "f64",
    unit: "units",
    doc: "Units of the equity fund the household holds (economy.ownership; 0 without it).",
    min: 0,
  },
  dwelling: {
    type: "f64",
    unit: "units",
    doc: "The household's dwelling, in units of the capital good it is built of " +
      "(economy.housing; 0 without it).",
    min: 0,
    stock: true,
  },
  mortgage: {
    type: "f64",
    unit: "currency",
    doc: "Principal the household owes on its mortgage, at its bank (finance.mortgages).",
    min: 0,
    stock: true,
  },
  mortgage_rate: {
    type: "f64",
    unit: "per year",
    doc: "Rate of the mortgage (each draw at its day's rate, averaged by principal).",
  },
  arrears: {
    type: "u8",
    unit: "months",
    doc: "Mortgage payments missed in a row (0: performing).",
  },
  last_move: { type: "i32", unit: "tick", doc: "Tick of the last move (or founding)." },
  regular_seller: {
    type: "i32",
    width: "goods",
    unit: "firm id",
    nullable: true,
    doc: "The firm the household bought each good from first on its last trip: its regular " +
      "seller, which it keeps until a cheaper one wins it over or it runs out (customer " +
      "markets); null before a first purchase, and not a reference (the firm may have closed).",
  },
  bank: {
    type: "i32",
    ref: "banks",
    unit: "id",
    doc: "Bank holding the members' deposits (null without banks).",
  },
});
