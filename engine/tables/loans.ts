/**
 * Loans: one row per loan contract from a bank to a firm. A firm holds at most one credit
 * line (revolving working capital, interest only, repaid from cash above its buffer) and term
 * loans (machines bought on credit, one contract per month of borrowing, repaid in equal
 * monthly installments). Each firm's `debt` is the sum of its loans' principal and each
 * bank's `loans` the sum of its own; bookkeeping checks both every tick.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** Kinds of loan. */
export const LOAN_KINDS = ["line", "term"] as const;
/** Index of each {@link LOAN_KINDS} kind. */
export const LoanKind = { line: 0, term: 1 } as const;
/** Loan status: a defaulted loan is written off and removed the same day. */
export const LOAN_STATUS = ["performing", "arrears", "default"] as const;
/** Index of each {@link LOAN_STATUS} value. */
export const LoanStatus = { performing: 0, arrears: 1, default: 2 } as const;

/** The loans table. */
export const loans = defineTable("loans", "Loans from banks to firms.", {
  borrower: { type: "i32", ref: "firms", unit: "id", doc: "Borrowing firm." },
  bank: { type: "i32", ref: "banks", unit: "id", doc: "Lending bank." },
  kind: {
    type: "u8",
    unit: "category",
    doc: "Credit line or term loan.",
    levels: LOAN_KINDS,
    max: 1,
  },
  status: {
    type: "u8",
    unit: "category",
    doc: "Performing, in arrears (the last payment fell short) or in default.",
    levels: LOAN_STATUS,
    max: 2,
  },
  principal: {
    type: "f64",
    unit: "currency",
    doc: "Principal outstanding.",
    min: 0,
    stock: true,
  },
  rate: { type: "f64", unit: "per year", doc: "Interest rate (fixed at each drawing's price)." },
  start: {
    type: "i32",
    unit: "tick",
    doc: "Tick the contract began; payments fall every 30 days.",
  },
  maturity: { type: "i32", unit: "tick", doc: "Tick the last installment is due (lines: none)." },
  installment: {
    type: "f64",
    unit: "currency",
    doc: "Principal repaid at each monthly payment (lines: 0).",
    min: 0,
  },
});
