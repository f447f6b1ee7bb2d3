/**
 * Government bonds: one row per polity and holder (a bank, or the central bank when `bank` is
 * null), with the principal outstanding and its average coupon (issue 11). Bonds exist when a
 * government runs with banks (`systems/government/bonds.ts`); without banks the government
 * borrows from the central bank's ways-and-means account instead.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The bonds table. */
export const bonds = defineTable("bonds", "Government bonds by issuer and holder.", {
  polity: { type: "i32", ref: "polities", unit: "id", doc: "Issuing polity." },
  bank: {
    type: "i32",
    ref: "banks",
    unit: "id",
    doc: "Holding bank; null: the central bank.",
  },
  principal: {
    type: "f64",
    unit: "currency",
    doc: "Principal outstanding.",
    min: 0,
    stock: true,
  },
  coupon: {
    type: "f64",
    unit: "per year",
    doc: "Average coupon of the holding (each day's refinanced share at that day's yield).",
  },
});
