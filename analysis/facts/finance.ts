/**
 * Stylized facts of credit and default over the business cycle, measured when the run has
 * banks (the finance KPIs exist only then; without them each fact is not available).
 *
 * Cycles are measured as in `cycle.ts`: quarterly means of the daily series on the window,
 * HP-filtered with λ = 1600, at least 12 quarters after the burn-in.
 * @module
 */
import { hpFilter, pearson } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import { MIN_QUARTERS } from "./cycle.ts";
import { blockMeans, factWindow, QUARTER, windowText } from "./_window.ts";

/** The reason a run without banks has no finance fact, or null when it has them. */
function noBanks(run: Run): string | null {
  return run.hasKpi("credit") ? null : "the run has no banks (no KPI credit)";
}

/**
 * Credit is procyclical: correlation of the HP(1600) cycles of log quarterly real credit (the
 * KPI `credit`, loans on the banks' books, over `cpi`) and log quarterly real output
 * (`gdp_real`) over the window (at least 12 quarters after the burn-in).
 *
 * Target 0.1–1: real bank credit to the private sector rises in booms and falls in
 * recessions, and credit booms precede deeper recessions (Schularick & Taylor 2012, "Credit
 * booms gone bust", AER 102:1029; Jordà, Schularick & Taylor 2013, "When credit bites back",
 * J. Money, Credit and Banking 45(s2):3); the cyclical correlation of credit with output is
 * about 0.3–0.6 across OECD countries (Claessens, Kose & Terrones 2012, "How do business and
 * financial cycles interact?", J. Int. Econ. 87:178).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The correlation, or NaN with a note.
 */
export function creditCorrelation(run: Run, opts: FactOptions = {}): Measure {
  const nb = noBanks(run);
  if (nb) return na(nb);
  const w = factWindow(run, opts, Math.ceil(MIN_QUARTERS * QUARTER));
  if (typeof w === "string") return na(w);
  const q = blockMeans(run, ["gdp_real", "credit", "cpi"], w, QUARTER);
  if (typeof q === "string") return na(q);
  const real = q.cols.credit.map((c, i) => c / q.cols.cpi[i]);
  if (!real.every((x) => x > 0)) return na("a quarter without credit; no logarithm");
  if (!q.cols.gdp_real.every((x) => x > 0)) return na("a quarter with gdp_real ≤ 0");
  const y = hpFilter(q.cols.gdp_real.map(Math.log), 1600).cycle;
  const c = hpFilter(real.map(Math.log), 1600).cycle;
  const r = pearson(y, c);
  if (!Number.isFinite(r)) return na("output or real credit has no cycle over the window");
  return {
    value: r,
    note: `correlation of log HP(1600) cycles of ${q.start.length} quarterly means of ` +
      `credit / cpi and gdp_real over ${windowText(w)}`,
  };
}

/**
 * Bankruptcies are countercyclical: correlation of the HP(1600) cycle of the quarterly rate of
 * insolvent exits (KPI `firm_insolvencies` over `firms`, per day: firms that closed with their
 * debt past their credit limit, their loans defaulted on) with that of log quarterly real output
 * (`gdp_real`), over the window (at least 12 quarters after the burn-in), in runs with banks.
 * Closures of firms that sat idle without staff or output (the rest of `firm_exits`) are not
 * counted: the failure statistics count closures with losses to creditors and bankruptcy
 * filings, not firms that stop trading with their debts paid (Dun & Bradstreet's definition of a
 * business failure, the series of Platt & Platt 1994; until 2026-12-08 this read every exit).
 *
 * Target −1 … −0.1: business failures rise in recessions (Platt & Platt 1994, "Business
 * cycle effects on state corporate failure rates", J. Econ. and Business 46:113; Bernanke &
 * Gertler 1989, AER 79:14, on the financial accelerator); countercyclical bankruptcies are
 * one of the facts the K+S model reproduces (Dosi, Fagiolo, Napoletano & Roventini 2013,
 * JEDC 37:1598).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The correlation, or NaN with a note.
 */
export function bankruptcyCorrelation(run: Run, opts: FactOptions = {}): Measure {
  const nb = noBanks(run);
  if (nb) return na(nb);
  const w = factWindow(run, opts, Math.ceil(MIN_QUARTERS * QUARTER));
  if (typeof w === "string") return na(w);
  const q = blockMeans(run, ["gdp_real", "firm_insolvencies", "firms"], w, QUARTER);
  if (typeof q === "string") return na(q);
  if (!q.cols.gdp_real.every((x) => x > 0)) return na("a quarter with gdp_real ≤ 0");
  if (!q.cols.firms.every((x) => x > 0)) return na("a quarter without firms");
  const y = hpFilter(q.cols.gdp_real.map(Math.log), 1600).cycle;
  const failed = q.cols.firm_insolvencies.map((e, i) => e / q.cols.firms[i]);
  const r = pearson(y, hpFilter(failed, 1600).cycle);
  if (!Number.isFinite(r)) return na("output or insolvencies have no cycle over the window");
  return {
    value: r,
    note: `correlation of HP(1600) cycles of ${q.start.length} quarterly means of ` +
      `firm_insolvencies / firms and log gdp_real over ${windowText(w)}`,
  };
}
