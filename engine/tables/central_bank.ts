/**
 * The central bank (one row): the policy rate and its corridor, its balance sheet (bonds and
 * advances against reserves), and the running totals that bookkeeping checks the banking
 * system against (credit granted, repaid, written off; money banks paid out and took in).
 * Its `bonds` stand for the base money that exists at the start (they pay nothing); the
 * government's accounts (`treasury`) and the government bonds it buys (`gov_bonds`) are on its
 * books when a government runs with banks, the units of the equity fund it buys (`fund_units`,
 * at cost `fund_cost`) with `finance.central_bank.asset_purchases`.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** Days between the central bank's CPI readings. */
export const CPI_READING_DAYS = 30;
/** CPI readings the central bank keeps: a year of them, 30 days apart, and the one before. */
export const CPI_MONTHS = 13;

const total = (doc: string) => ({ type: "f64" as const, unit: "currency", doc, min: 0 });

/** The central bank table (one row). */
export const centralBank = defineTable(
  "central_bank",
  "The central bank, and the banking system's running totals (one row).",
  {
    policy_rate: { type: "f64", unit: "per year", doc: "Policy rate (the corridor's middle)." },
    long_rate: {
      type: "f64",
      unit: "per year",
      doc: "Long-term rate mortgages are priced on: an exponential mean of the policy rate " +
        "(finance.mortgages.long_rate_years).",
    },
    deposit_facility: { type: "f64", unit: "per year", doc: "Rate paid on reserves." },
    lending_facility: { type: "f64", unit: "per year", doc: "Rate charged on advances." },
    interbank_rate: {
      type: "f64",
      unit: "per year",
      doc: "Rate of the overnight interbank loans made today (0 when none were made).",
    },
    nairu: { type: "f64", unit: "share", doc: "Estimate of the natural unemployment rate." },
    neutral_rate: {
      type: "f64",
      unit: "per year",
      doc: "Estimate of the neutral real policy rate r*, revised by the inflation gap.",
    },
    cpi_months: {
      type: "f64",
      width: CPI_MONTHS,
      unit: "index",
      doc: "The CPI it has seen every 30 days, the last 13 readings (a ring; see cpi_readings).",
    },
    cpi_readings: {
      type: "f64",
      unit: "readings",
      doc: "CPI readings taken so far (the newest is at (readings - 1) mod 13 of cpi_months).",
    },
    cpi_days: { type: "f64", unit: "days", doc: "Days since its last CPI reading." },
    bonds: {
      type: "f64",
      unit: "currency",
      doc: "Bonds held: the counterpart of initial base money.",
    },
    gov_bonds: total("Government bonds bought from the governments (asset)."),
    advances: total("Advances to banks (asset)."),
    fund_units: {
      type: "f64",
      unit: "units",
      min: 0,
      doc: "Units of the equity fund it holds (finance.central_bank.asset_purchases).",
    },
    fund_cost: total(
      "What it paid for its fund units since the start (asset, at cost; money created).",
    ),
    fund_income: total(
      "Dividends and liquidation proceeds its fund units received since the start, each " +
        "remitted to households the day it came.",
    ),
    growth_learned: {
      type: "f64",
      unit: "per year",
      doc: "What it has learned to add to potential_growth, the real growth its base-money rule " +
        "assumes: 0 at the start, revised by the inflation gap " +
        "(finance.central_bank.growth_learning).",
    },
    base_growth: {
      type: "f64",
      unit: "per year",
      doc: "Growth of base money its base-money rule set at its last decision (0 without).",
    },
    paid_today: {
      type: "f64",
      unit: "currency",
      doc: "What its fund purchases paid banks' customers today (settled in reserves at the " +
        "day's clearing, then 0).",
    },
    reserves: total("Reserves banks hold with it (liability)."),
    treasury: total("The governments' accounts with it (liability): their money."),
    equity: {
      type: "f64",
      unit: "currency",
      doc: "Net worth (interest on advances less on reserves).",
    },
    loans_initial: total("Loans outstanding when the banks opened."),
    granted: total("Credit granted since the start (money created)."),
    granted_today: total("Credit granted today (new business; reset by the finance KPIs)."),
    granted_interest_today: total(
      "Credit granted today times its rate (the numerator of the new-business rate).",
    ),
    repaid: total("Principal repaid since the start (money destroyed)."),
    capitalised: total("Unpaid interest added to loans since the start."),
    written_off: total("Loans written off since the start (defaults)."),
    written_off_households: total("Of written_off: households' mortgages."),
    bank_paid: total("Money banks paid to households and firms since the start (created)."),
    bank_received: total("Money banks took from households and firms since the start (destroyed)."),
    gov_financed: total("Government bonds the central bank bought since the start (created)."),
    gov_redeemed: total("Its government bonds bought back since the start (destroyed)."),
    defaults_year: total("Loans written off, exponentially weighted over about a year."),
    gdp_smoothed: total("Nominal GDP per day, exponentially weighted over about 30 days."),
    prev_money_households: total("Households' deposits at the end of the previous tick."),
    prev_money_firms: total("Firms' deposits at the end of the previous tick."),
    prev_debt_firms: total("Firms' debt at the end of the previous tick."),
    prev_bank_deposits: total("Deposits on banks' books at the end of the previous tick."),
    prev_bank_loans: total("Loans on banks' books at the end of the previous tick."),
    prev_bank_reserves: total("Banks' reserves at the end of the previous tick."),
    prev_bank_advances: total("Banks' advances at the end of the previous tick."),
    prev_cb_reserves: total("Central bank's reserves at the end of the previous tick."),
    prev_cb_advances: total("Central bank's advances at the end of the previous tick."),
    prev_written_off: total("`written_off` at the end of the previous tick."),
    prev_written_off_households: total(
      "`written_off_households` at the end of the previous tick.",
    ),
    prev_debt_households: total("Households' mortgages at the end of the previous tick."),
    prev_treasury: total("The governments' accounts at the end of the previous tick."),
    prev_gov_debt: total("Government bonds outstanding at the end of the previous tick."),
    prev_bank_bonds: total("Government bonds on banks' books at the end of the previous tick."),
    prev_cb_gov_bonds: total("Government bonds on its books at the end of the previous tick."),
  },
);
