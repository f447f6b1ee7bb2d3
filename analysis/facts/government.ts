/**
 * Stylized facts of the fiscal state, measured when the run has a government (the government
 * KPIs exist only then; without them each fact is not available): the automatic stabilisers,
 * revenue and spending as shares of GDP, and the redistribution of income.
 *
 * Cycles are measured as in `cycle.ts`: quarterly means of the daily series on the window,
 * HP-filtered with λ = 1600, at least 12 quarters after the burn-in.
 * @module
 */
import { hpFilter, mean, pearson } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import { MIN_QUARTERS } from "./cycle.ts";
import {
  blockMeans,
  factWindow,
  kpiMean,
  kpiSums,
  kpiWindow,
  MONTH,
  QUARTER,
  windowText,
} from "./_window.ts";

/** The reason a run without a government has no fiscal fact, or null when it has one. */
function noGovernment(run: Run): string | null {
  return run.hasKpi("gov_revenue") ? null : "the run has no government (no KPI gov_revenue)";
}

/**
 * Automatic stabilisers: the correlation of the HP(1600) cycles of the quarterly deficit as a
 * share of GDP (−`gov_balance` / `gdp_nominal`, quarterly sums) and the quarterly
 * unemployment rate (`unemployment_rate`) over the window (at least 12 quarters after the
 * burn-in). Taxes fall and benefits rise when unemployment rises, so the deficit does.
 *
 * Target 0.2–1: the budget balance of OECD countries moves by about 0.5% of GDP per 1% of
 * output gap (Price, Dang & Botev 2015, "Adjusting fiscal balances for the business cycle",
 * OECD Economics Department WP 1275; Fatás & Mihov 2001, J. Int. Econ. 55:3), so the deficit's
 * cycle follows unemployment's closely.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The correlation, or NaN with a note.
 */
export function stabiliserCorrelation(run: Run, opts: FactOptions = {}): Measure {
  const ng = noGovernment(run);
  if (ng) return na(ng);
  const w = factWindow(run, opts, Math.ceil(MIN_QUARTERS * QUARTER));
  if (typeof w === "string") return na(w);
  const q = blockMeans(run, ["gov_balance", "gdp_nominal", "unemployment_rate"], w, QUARTER);
  if (typeof q === "string") return na(q);
  const deficit = q.cols.gov_balance.map((b, i) => -b / q.cols.gdp_nominal[i]);
  const d = hpFilter(deficit, 1600).cycle;
  const u = hpFilter(q.cols.unemployment_rate, 1600).cycle;
  const r = pearson(d, u);
  if (!Number.isFinite(r)) return na("the deficit or unemployment has no cycle over the window");
  return {
    value: r,
    note: `correlation of HP(1600) cycles of ${q.start.length} quarterly means of ` +
      `-gov_balance / gdp_nominal and unemployment_rate over ${windowText(w)}`,
  };
}

/**
 * Government revenue as a share of GDP: the mean of daily `gov_revenue` over the mean of
 * `gdp_nominal` over the window (at least a year after the burn-in).
 *
 * Target 0.17–0.47: total tax revenue of OECD countries ranged from 17% of GDP (Mexico) to 47%
 * (Denmark, France) in 2022, mean 34% (OECD Revenue Statistics 2023).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The share, or NaN with a note.
 */
export function revenueShare(run: Run, opts: FactOptions = {}): Measure {
  return shareOfGdp(run, "gov_revenue", opts);
}

/**
 * Government spending as a share of GDP: the mean of daily `gov_spending` over the mean of
 * `gdp_nominal` over the window (at least a year after the burn-in). Public wages are not
 * modelled yet, so the model's public services are bought as goods.
 *
 * Target 0.25–0.58: general government expenditure of OECD countries ranged from about 25%
 * of GDP (Ireland) to 58% (France) in 2022, mean about 41% (OECD Government at a Glance 2023).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The share, or NaN with a note.
 */
export function spendingShare(run: Run, opts: FactOptions = {}): Measure {
  return shareOfGdp(run, "gov_spending", opts);
}

function shareOfGdp(run: Run, name: string, opts: FactOptions): Measure {
  const ng = noGovernment(run);
  if (ng) return na(ng);
  const w = factWindow(run, opts, 365);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, [name, "gdp_nominal"], w);
  if (typeof s === "string") return na(s);
  const gdp = mean(s.cols.gdp_nominal);
  if (!(gdp > 0)) return na("GDP is not positive over the window");
  return {
    value: mean(s.cols[name]) / gdp,
    note: `mean ${name} over mean gdp_nominal, ${s.ticks.length} days of ${windowText(w)}`,
  };
}

/**
 * Gini of market income: mean of KPI `gini_market_income` (households' gross wages and
 * dividends before taxes and transfers, over persons, equivalised by the square root of household
 * size as the source does) over the window (at least a year after the burn-in).
 *
 * Target 0.38–0.55: market-income Ginis of OECD countries, working-age and retired
 * population together, around 2019 (OECD Income Distribution Database, "Gini (market income,
 * before taxes and transfers)"); it exceeds the disposable-income Gini (`income_gini`) by about
 * 0.1–0.2 in every OECD country.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns G, or NaN with a note.
 */
export function marketIncomeGini(run: Run, opts: FactOptions = {}): Measure {
  const ng = noGovernment(run);
  if (ng) return na(ng);
  return kpiMean(run, "gini_market_income", opts);
}

/**
 * Monthly separation rate of public employees: KPI `public_separations` (quits, dismissals,
 * layoffs and moves to another employer of public employees) summed over the window (at least a
 * year after the burn-in), over the sum of daily `public_employees`, times 365/12 days, as
 * `separation_rate` measures all employees.
 *
 * Target 0.01–0.025 a month: JOLTS separations in government were 1.3–2 % of its employment a
 * month over 2001–2019 (1.3 % in June 2008: 289,000 of about 22.5 million), against 3–4 % in
 * private industry (Bureau of Labor Statistics, Job Openings and Labor Turnover Survey, table A;
 * they count retirements too, which this does not). Public employees leave their jobs far less
 * than private ones, what a value of public jobs beyond pay explains (Bradley, Postel-Vinay &
 * Turon 2017, JEEA 15:1214).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Separations per public employee per month, or NaN with a note.
 */
export function publicSeparationRate(run: Run, opts: FactOptions = {}): Measure {
  const ng = noGovernment(run);
  if (ng) return na(ng);
  const s = kpiSums(run, ["public_separations", "public_employees"], opts);
  if (typeof s === "string") return na(s);
  const staffDays = s.sums.public_employees;
  if (!(staffDays > 0)) return na(`no public employees in ${s.text}`);
  return {
    value: (s.sums.public_separations / staffDays) * MONTH,
    note: `${s.sums.public_separations} public_separations over ${s.text} per public ` +
      "employee-day, × 365/12",
  };
}
