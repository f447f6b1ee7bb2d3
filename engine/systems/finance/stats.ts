/**
 * Finance KPIs, set by the finance system at the end of its daily update: the policy rate,
 * mean lending and deposit rates, the rate on new credit, credit and money, credit-to-GDP and
 * credit growth, the annual default rate, the banks' capital ratios, the share of firms
 * rationed and the overnight interbank market.
 *
 * @module
 */
import type { KpiSpec } from "../../core/kpis.ts";
import type { SimWorld } from "../../world.ts";
import { machineValues } from "../economy/capital.ts";
import { overdraftLimit } from "../economy/credit.ts";
import { mortgagesOn } from "./mortgages.ts";

/** The finance KPIs, in the order {@link financeKpis} sets them. */
export const FINANCE_KPIS: KpiSpec[] = [
  { name: "policy_rate", unit: "per year", doc: "Central bank policy rate." },
  {
    name: "lending_rate_mean",
    unit: "per year",
    doc: "Mean rate of firms' loans outstanding, weighted by principal (NaN without loans).",
  },
  {
    name: "deposit_rate_mean",
    unit: "per year",
    doc: "Mean rate banks pay on deposits, weighted by deposits.",
  },
  { name: "credit", unit: "currency", doc: "Loans outstanding (banks' books)." },
  {
    name: "credit_to_gdp",
    unit: "ratio",
    doc: "Loans over a year of nominal GDP (GDP smoothed over about 30 days).",
  },
  {
    name: "credit_growth",
    unit: "share per year",
    doc: "Change of loans outstanding over the past 365 days (NaN before a year).",
  },
  {
    name: "default_rate_annual",
    unit: "share per year",
    doc: "Loans written off over about the past year (exponential weights), over loans.",
  },
  {
    name: "bank_capital_ratio_min",
    unit: "share",
    doc: "Lowest equity-to-loans ratio of the banks with loans.",
  },
  {
    name: "bank_capital_ratio_mean",
    unit: "share",
    doc: "Banks' equity over their loans, all banks together.",
  },
  { name: "money_deposits", unit: "currency", doc: "Deposits on the banks' books (money)." },
  { name: "bank_equity", unit: "currency", doc: "Banks' equity." },
  { name: "bank_reserves", unit: "currency", doc: "Banks' reserves at the central bank." },
  { name: "bank_advances", unit: "currency", doc: "Banks' advances from the central bank." },
  {
    name: "firms_rationed_share",
    unit: "share",
    doc: "Firms that can plan on no more credit: their bank rations or they are at their limit.",
  },
  { name: "loans", unit: "contracts", doc: "Loan contracts outstanding." },
  {
    name: "interbank_volume",
    unit: "currency",
    doc: "Overnight interbank loans made today (0 without `finance.interbank_market`).",
  },
  {
    name: "interbank_rate",
    unit: "per year",
    doc: "Rate of today's overnight interbank loans (NaN on a day without any).",
  },
  {
    name: "neutral_rate_estimate",
    unit: "per year",
    doc: "The central bank's estimate of the neutral real rate r* (its Taylor rule's intercept).",
  },
  {
    name: "lending_rate_new",
    unit: "per year",
    doc: "Mean rate of the credit granted today, weighted by amount: the rate on new business, " +
      "which the ECB's MFI interest rate statistics report besides the rate on outstanding " +
      "amounts (`lending_rate_mean`), and which moves first when the policy rate does (NaN on " +
      "a day without new credit).",
  },
  {
    name: "central_bank_fund_cost",
    unit: "currency",
    doc: "What the central bank paid for the equity fund's units it holds " +
      "(finance.central_bank.asset_purchases; 0 without).",
  },
  {
    name: "base_growth",
    unit: "per year",
    doc: "Growth of base money the central bank's base-money rule set at its last decision " +
      "(0 without finance.central_bank.asset_purchases).",
  },
  {
    name: "growth_estimate",
    unit: "per year",
    doc: "Real growth the central bank's base-money rule assumes: potential_growth plus what " +
      "it has learned from the inflation gap (finance.central_bank.growth_learning).",
  },
];

/** KPIs of households' mortgages (only when `mortgagesOn`), after {@link FINANCE_KPIS}. */
export const MORTGAGE_KPIS: KpiSpec[] = [
  { name: "mortgage_debt", unit: "currency", doc: "Households' mortgages outstanding." },
  {
    name: "mortgage_rate_mean",
    unit: "per year",
    doc: "Mean rate of the mortgages outstanding, weighted by principal (NaN without any).",
  },
  {
    name: "long_rate",
    unit: "per year",
    doc: "The long-term rate mortgages are priced on (the policy rate's exponential mean).",
  },
];

/** Sets this tick's finance KPIs (indices `kpi`, in {@link FINANCE_KPIS} order). */
export function financeKpis(world: SimWorld, kpi: Int32Array): void {
  const v = world.kpis.values;
  const cb = world.tables.central_bank.col;
  const B = world.tables.banks;
  const bc = B.col;
  const L = world.tables.loans;
  const lc = L.col;
  let weighted = 0;
  let principal = 0;
  for (let l = 0; l < L.length; l++) {
    weighted += lc.principal[l] * lc.rate[l];
    principal += lc.principal[l];
  }
  let deposits = 0;
  let depositRate = 0;
  let loans = 0;
  let equity = 0;
  let reserves = 0;
  let advances = 0;
  let minRatio = NaN;
  let interbank = 0;
  for (let b = 0; b < B.length; b++) {
    if (bc.interbank[b] > 0) interbank += bc.interbank[b];
    deposits += bc.deposits[b];
    depositRate += bc.deposits[b] * bc.deposit_rate[b];
    loans += bc.loans[b];
    equity += bc.equity[b];
    reserves += bc.reserves[b];
    advances += bc.advances[b];
    if (bc.loans[b] > 0 && !(bc.capital_ratio[b] >= minRatio)) minRatio = bc.capital_ratio[b];
  }
  // Write-offs over about a year: an exponential sum with a one-year mean age.
  cb.defaults_year[0] *= 1 - 1 / 365;
  const kg = world.kpis.indexOf("gdp_nominal");
  const gdp = kg >= 0 ? world.kpis.lagged(kg, 0) : NaN;
  if (Number.isFinite(gdp)) {
    cb.gdp_smoothed[0] = cb.gdp_smoothed[0] > 0
      ? cb.gdp_smoothed[0] + (gdp - cb.gdp_smoothed[0]) / 30
      : gdp;
  }
  const F = world.tables.firms;
  const fc = F.col;
  const values = machineValues(world);
  let rationed = 0;
  for (let f = 0; f < F.length; f++) {
    const b = B.rowOf[fc.bank[f]];
    if (bc.lending[b] === 0 || fc.debt[f] >= overdraftLimit(world, f, values)) rationed++;
  }
  const kc = kpi[3];
  const yearAgo = world.kpis.rows >= 365 ? world.kpis.lagged(kc, 364) : NaN;
  let i = 0;
  v[kpi[i++]] = cb.policy_rate[0];
  v[kpi[i++]] = principal > 0 ? weighted / principal : NaN;
  v[kpi[i++]] = deposits > 0 ? depositRate / deposits : NaN;
  v[kpi[i++]] = loans;
  v[kpi[i++]] = cb.gdp_smoothed[0] > 0 ? loans / (365 * cb.gdp_smoothed[0]) : NaN;
  v[kpi[i++]] = yearAgo > 0 ? loans / yearAgo - 1 : NaN;
  v[kpi[i++]] = loans > 0 ? cb.defaults_year[0] / loans : NaN;
  v[kpi[i++]] = minRatio;
  v[kpi[i++]] = loans > 0 ? equity / loans : NaN;
  v[kpi[i++]] = deposits;
  v[kpi[i++]] = equity;
  v[kpi[i++]] = reserves;
  v[kpi[i++]] = advances;
  v[kpi[i++]] = F.length > 0 ? rationed / F.length : NaN;
  v[kpi[i++]] = L.length;
  v[kpi[i++]] = interbank;
  v[kpi[i++]] = interbank > 0 ? cb.interbank_rate[0] : NaN;
  v[kpi[i++]] = cb.neutral_rate[0];
  v[kpi[i++]] = cb.granted_today[0] > 0 ? cb.granted_interest_today[0] / cb.granted_today[0] : NaN;
  v[kpi[i++]] = cb.fund_cost[0];
  v[kpi[i++]] = cb.base_growth[0];
  v[kpi[i++]] = world.config.finance.central_bank.potential_growth + cb.growth_learned[0];
  cb.granted_today[0] = 0;
  cb.granted_interest_today[0] = 0;
  if (!mortgagesOn(world.config)) return;
  const Hh = world.tables.households;
  const owed = Hh.col.mortgage;
  const rate = Hh.col.mortgage_rate;
  let debt = 0;
  let interest = 0;
  for (let h = 0; h < Hh.length; h++) {
    debt += owed[h];
    interest += owed[h] * rate[h];
  }
  v[kpi[i++]] = debt;
  v[kpi[i++]] = debt > 0 ? interest / debt : NaN;
  v[kpi[i++]] = cb.long_rate[0];
}
