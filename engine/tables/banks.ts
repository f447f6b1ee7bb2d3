/**
 * Banks: one row per commercial bank, holding its balance sheet. Assets are loans to firms,
 * reserves at the central bank and government bonds; liabilities are the deposits of its customers (every
 * household and firm banks with one bank: their `wealth` and `cash` are these deposits) and
 * advances from the central bank; overnight interbank loans are an asset of the lender and a
 * liability of the borrower; equity is the rest. Bookkeeping checks every tick that
 * loans + reserves + bonds + interbank = deposits + advances + equity (Caiani et al. 2016,
 * JEDC 69:375, table 1; interbank signed: lent +, borrowed -).
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The banks table. */
export const banks = defineTable("banks", "Commercial banks and their balance sheets.", {
  loans: {
    type: "f64",
    unit: "currency",
    doc: "Principal of the loans the bank holds (asset).",
    min: 0,
    stock: true,
  },
  lent: {
    type: "f64",
    unit: "currency",
    doc: "Credit the bank has granted since it opened, opening loans and capitalised interest " +
      "included: the scale of the rounding its `loans`, a running sum, may carry.",
    min: 0,
  },
  reserves: {
    type: "f64",
    unit: "currency",
    doc: "Reserves at the central bank (asset).",
    min: 0,
    stock: true,
  },
  deposits: {
    type: "f64",
    unit: "currency",
    doc: "Deposits of its customers, as on the bank's books (liability).",
    min: 0,
    stock: true,
  },
  bonds: {
    type: "f64",
    unit: "currency",
    doc: "Government bonds held (asset; rows of the bonds table).",
    min: 0,
    stock: true,
  },
  advances: {
    type: "f64",
    unit: "currency",
    doc: "Advances from the central bank's lending facility (liability).",
    min: 0,
    stock: true,
  },
  interbank: {
    type: "f64",
    unit: "currency",
    doc: "Overnight interbank position: reserves lent to other banks (+, asset) or borrowed " +
      "from them (-, liability), repaid with interest the next day.",
  },
  equity: { type: "f64", unit: "currency", doc: "Net worth: assets less liabilities." },
  capital_ratio: {
    type: "f64",
    unit: "share",
    doc: "Equity over loans (risk-weighted assets; 1e9 when it holds no loans).",
  },
  deposit_rate: { type: "f64", unit: "per year", doc: "Rate paid on deposits." },
  profit: {
    type: "f64",
    unit: "currency",
    doc: "Net income since the last dividend day (interest, facilities, write-offs).",
  },
  public_stake: {
    type: "f64",
    unit: "share",
    doc: "Share of the bank the governments own (1 after a takeover; its dividends go to them).",
    min: 0,
    max: 1,
  },
  lending: {
    type: "u8",
    unit: "flag",
    doc: "1 while the bank's capital ratio allows new planned credit (0: it rations).",
    max: 1,
  },
});
