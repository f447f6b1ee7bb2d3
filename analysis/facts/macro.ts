/**
 * Stylized facts of the labor market and the macroeconomy: Beveridge, Okun, unemployment, inflation.
 * @module
 */
import { olsSlope, pearson } from "../stats.ts";
import { formatCell } from "../display.ts";
import type { Run } from "../run.ts";
import { type FactOptions, kpiMean, type Measure, na, periodMeans } from "./_common.ts";

/**
 * Beveridge curve: Pearson correlation of the unemployment rate and the vacancy rate, on
 * period means (default 30 days) after the burn-in. Needs at least 4 periods.
 *
 * Target −1 … −0.2: vacancies are high when unemployment is low (Beveridge 1944, "Full
 * employment in a free society"; Elsby, Michaels & Ratner 2015, "The Beveridge curve: a
 * survey", J. Econ. Literature 53:571).
 *
 * @param run The run.
 * @param opts Burn-in, period.
 * @returns r, or NaN with a note.
 */
export function beveridgeCorrelation(run: Run, opts: FactOptions = {}): Measure {
  const p = periodMeans(run, "unemployment_rate", "vacancy_rate", opts);
  if (typeof p === "string") return na(p);
  if (p.a.length < 4) return na(`only ${p.a.length} periods after the burn-in (need 4)`);
  const r = pearson(p.a, p.b);
  if (!Number.isFinite(r)) return na("unemployment or vacancies constant over the window");
  return { value: r, note: `${p.a.length} periods of ${opts.period ?? 30} days` };
}

/** Okun pairs: output growth (%) and change in unemployment (percentage points) per period. */
export function okunPairs(
  run: Run,
  opts: FactOptions,
): { growth: number[]; du: number[] } | string {
  const p = periodMeans(run, "gdp_real", "unemployment_rate", opts);
  if (typeof p === "string") return p;
  const growth: number[] = [];
  const du: number[] = [];
  for (let i = 1; i < p.a.length; i++) {
    if (!(p.a[i - 1] > 0)) continue;
    growth.push(100 * (p.a[i] / p.a[i - 1] - 1));
    du.push(100 * (p.b[i] - p.b[i - 1]));
  }
  if (growth.length < 4) return `only ${growth.length} period changes after the burn-in (need 4)`;
  return { growth, du };
}

/**
 * Okun's law, difference form: least-squares slope of the change in the unemployment rate
 * (percentage points) on real output growth (percent), between consecutive period means
 * (default 30 days) after the burn-in. Needs at least 4 changes.
 *
 * Target −0.6 … −0.2: one point of extra growth lowers unemployment by about 0.3–0.5 points
 * (Okun 1962, "Potential GNP: its measurement and significance"; Ball, Leigh & Loungani 2017,
 * "Okun's law: fit at 50?", J. Money, Credit and Banking 49:1413, about −0.4 for the US).
 *
 * @param run The run.
 * @param opts Burn-in, period.
 * @returns The slope, or NaN with a note.
 */
export function okunCoefficient(run: Run, opts: FactOptions = {}): Measure {
  const p = okunPairs(run, opts);
  if (typeof p === "string") return na(p);
  const fit = olsSlope(p.growth, p.du);
  if (!Number.isFinite(fit.slope)) return na("real output constant over the window");
  return {
    value: fit.slope,
    note: `${p.growth.length} changes of ${opts.period ?? 30}-day means, R² ${
      formatCell(fit.r2, 3)
    }`,
  };
}

/**
 * Unemployment rate (share of the labor force): mean of KPI `unemployment_rate` after the
 * burn-in.
 *
 * Target 0.03–0.15: the range of OECD unemployment rates over 1990–2019 outside deep crises
 * (OECD Labour Force Statistics).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The mean rate, or NaN with a note.
 */
export function unemploymentRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "unemployment_rate", opts);
}

/**
 * Annual CPI inflation (share per year): mean of KPI `inflation_annual` after the burn-in (the
 * KPI needs a year of prices, so runs shorter than that have none).
 *
 * Target −0.02 … 0.10: annual consumer-price inflation of advanced economies 1990–2019 (IMF
 * World Economic Outlook database).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The mean rate, or NaN with a note.
 */
export function inflationRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "inflation_annual", opts);
}
