/**
 * Stylized facts of the business cycle: investment's share of output, the volatility of output,
 * the volatility and comovement of consumption and investment with output, Okun's law and the
 * Beveridge curve; and, as measures outside the catalogue, the wage and price Phillips curves.
 *
 * Cycles are measured as the literature does: quarterly means of the daily series (quarters of
 * 365/4 days from the window's start, the last incomplete one dropped), logged (output,
 * consumption, investment) or in levels (unemployment and vacancy rates), and HP-filtered with
 * λ = 1600 (Hodrick & Prescott 1997, J. Money, Credit and Banking 29:1). They need at least 12
 * quarters (three years) after the burn-in.
 * @module
 */
import { hpFilter, olsSlope, pearson, standardDeviation } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import { blockMeans, factWindow, kpiWindow, QUARTER, windowText, YEAR } from "./_window.ts";

/** Quarters an HP-filtered moment needs. */
export const MIN_QUARTERS = 12;

/** HP cycles of quarterly means, one per KPI, and the quarters' first ticks. */
export interface Cycles {
  /** First tick of each quarter. */
  start: number[];
  /** KPI name -> HP cycle (log deviations for logged series, levels otherwise). */
  cycle: Record<string, Float64Array>;
  /** How they were made, for notes. */
  text: string;
}

/**
 * HP(1600) cycles of quarterly series in levels (`quarterly`, by KPI name): `logged` ones in
 * logs, the others in levels; or a reason. The runs' cycles ({@link quarterlyCycles}) and the
 * reference economy's (`reference.ts`) are both made here.
 */
export function cyclesOf(
  quarterly: Record<string, ArrayLike<number>>,
  logged: readonly string[],
  levels: readonly string[],
): Record<string, Float64Array> | string {
  const cycle: Record<string, Float64Array> = {};
  for (const name of logged) {
    const v = Array.from(quarterly[name]);
    if (!v.every((x) => x > 0)) return `KPI ${name} has a quarter with a mean ≤ 0; no logarithm`;
    cycle[name] = hpFilter(v.map(Math.log), 1600).cycle;
  }
  for (const name of levels) cycle[name] = hpFilter(quarterly[name], 1600).cycle;
  return cycle;
}

/**
 * HP(1600) cycles of the quarterly means of KPIs over the window: `logged` ones in logs (100 ×
 * log for `percent`), the others in levels; or a reason.
 */
export function quarterlyCycles(
  run: Run,
  logged: readonly string[],
  levels: readonly string[],
  opts: FactOptions,
): Cycles | string {
  const w = factWindow(run, opts, Math.ceil(MIN_QUARTERS * QUARTER));
  if (typeof w === "string") return w;
  const q = blockMeans(run, [...logged, ...levels], w, QUARTER);
  if (typeof q === "string") return q;
  const cycle = cyclesOf(q.cols, logged, levels);
  if (typeof cycle === "string") return cycle;
  return {
    start: q.start,
    cycle,
    text: `HP(1600) cycles of ${q.start.length} quarterly means over ${windowText(w)}`,
  };
}

/**
 * A statistic of the business cycle: the KPIs whose HP cycles it reads (in logs or in levels)
 * and the statistic of those cycles (NaN when they do not move).
 */
export interface CycleMoment {
  /** KPIs cycled in logs. */
  logged: readonly string[];
  /** KPIs cycled in levels. */
  levels: readonly string[];
  /** The statistic of the cycles. */
  of(cycle: Record<string, Float64Array>): number;
  /** What it is, for the measure's note, e.g. "correlation of log". */
  what: string;
  /** More for the note, of the cycles (the fit of a slope). */
  detail?(cycle: Record<string, Float64Array>): string;
}

const sdRatio = (x: Float64Array, y: Float64Array) => {
  const sy = standardDeviation(y);
  return sy > 0 ? standardDeviation(x) / sy : NaN;
};
const u = "unemployment_rate";

/**
 * The catalogue's statistics of the business cycle, by fact id, on the HP cycles of quarterly
 * series (the doc comments of the measures below give each one's estimator and source). Kept
 * apart from the runs so that the same statistic can be taken of a reference economy's
 * quarterly data (`reference.ts`).
 */
export const CYCLE_MOMENTS = {
  output_volatility: {
    logged: ["gdp_real"],
    levels: [],
    of: (c) => standardDeviation(c.gdp_real),
    what: "sd of log",
  },
  investment_volatility: {
    logged: ["gdp_real", "investment_real"],
    levels: [],
    of: (c) => sdRatio(c.investment_real, c.gdp_real),
    what: "sd(investment_real) / sd(gdp_real) of log",
  },
  consumption_volatility: {
    logged: ["gdp_real", "consumption_real"],
    levels: [],
    of: (c) => sdRatio(c.consumption_real, c.gdp_real),
    what: "sd(consumption_real) / sd(gdp_real) of log",
  },
  consumption_procyclical: {
    logged: ["gdp_real", "consumption_real"],
    levels: [],
    of: (c) => pearson(c.gdp_real, c.consumption_real),
    what: "correlation of log",
  },
  investment_procyclical: {
    logged: ["gdp_real", "investment_real"],
    levels: [],
    of: (c) => pearson(c.gdp_real, c.investment_real),
    what: "correlation of log",
  },
  okun: {
    logged: ["gdp_real"],
    levels: [u],
    // points per percent: (100 u) / (100 log y)
    of: (c) => olsSlope(c.gdp_real, c[u]).slope,
    what: "slope of the unemployment gap on the output gap,",
    detail: (c) => ` (R² ${olsSlope(c.gdp_real, c[u]).r2.toFixed(2)})`,
  },
  beveridge: {
    logged: [],
    levels: [u, "vacancy_rate"],
    of: (c) => pearson(c[u], c.vacancy_rate),
    what: "correlation of",
  },
} as const satisfies Record<string, CycleMoment>;

/** Measures a {@link CycleMoment} on a run's window. */
function cycleMeasure(run: Run, m: CycleMoment, opts: FactOptions): Measure {
  const c = quarterlyCycles(run, m.logged, m.levels, opts);
  if (typeof c === "string") return na(c);
  const value = m.of(c.cycle);
  if (!Number.isFinite(value)) {
    return na(`${[...m.logged, ...m.levels].join(" or ")} has no cycle over the window`);
  }
  return { value, note: `${m.what} ${c.text}${m.detail?.(c.cycle) ?? ""}` };
}

/**
 * Investment's share of output: Σ `investment_nominal` / Σ `gdp_nominal` over the window (at
 * least a year after the burn-in), both in current prices.
 *
 * Target 0.15–0.25: gross capital formation is 15–25 % of GDP in most economies, about 22 % in
 * high-income ones (World Bank, World Development Indicators, NE.GDI.TOTL.ZS, 1990–2019).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The share, or NaN with a note.
 */
export function investmentShare(run: Run, opts: FactOptions = {}): Measure {
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, ["investment_nominal", "gdp_nominal"], w);
  if (typeof s === "string") return na(s);
  const inv = s.cols.investment_nominal.reduce((a, b) => a + b, 0);
  const gdp = s.cols.gdp_nominal.reduce((a, b) => a + b, 0);
  if (!(gdp > 0)) return na(`no positive nominal GDP in ${windowText(w)}`);
  return {
    value: inv / gdp,
    note: `Σ investment_nominal / Σ gdp_nominal over ${windowText(w)}`,
  };
}

/**
 * Output fluctuates by one to two percent around its trend: the standard deviation of the HP
 * cycle of log quarterly real output (`gdp_real`) over the window (at least 12 quarters after
 * the burn-in), in log points (0.018 is 1.8 %). The relative volatilities below are ratios to
 * it, so they pass as well for an economy that swings ten times as much as any measured one;
 * this fact bounds the swing itself.
 *
 * Target 0.008–0.03: 1.81 % for the US 1947–1996 (King & Rebelo 1999, "Resuscitating real
 * business cycles", Handbook of Macroeconomics 1B:927, Table 1); about 0.9–1.9 % across eleven
 * OECD economies (Backus, Kehoe & Kydland 1992, JPE 100:745, Table 1); small open and emerging
 * economies swing about twice as much as developed ones (Aguiar & Gopinath 2007, JPE 115:69),
 * which the upper end allows for.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The standard deviation, or NaN with a note.
 */
export function outputVolatility(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.output_volatility, opts);
}

/**
 * Investment is about three times as volatile as output: sd of the HP cycle of log quarterly
 * real investment (`investment_real`) over that of real output (`gdp_real`), on the window (at
 * least 12 quarters after the burn-in).
 *
 * Target 2–4.5: 2.93 for the US 1947–1996 (King & Rebelo 1999, "Resuscitating real business
 * cycles", Handbook of Macroeconomics 1B:927, Table 1).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The ratio of standard deviations, or NaN with a note.
 */
export function investmentVolatility(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.investment_volatility, opts);
}

/**
 * Consumption is smoother than output: sd of the HP cycle of log quarterly real consumption
 * (`consumption_real`) over that of real output (`gdp_real`), on the window (at least 12
 * quarters after the burn-in).
 *
 * Target 0.4–1: 0.74 for US consumption of nondurables and services 1947–1996 (King & Rebelo
 * 1999, Handbook of Macroeconomics 1B:927, Table 1).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The ratio of standard deviations, or NaN with a note.
 */
export function consumptionVolatility(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.consumption_volatility, opts);
}

/**
 * Consumption is procyclical: correlation of the HP cycles of log quarterly real consumption and
 * real output over the window (at least 12 quarters after the burn-in).
 *
 * Target 0.5–1: 0.76 for the US 1947–1996 (King & Rebelo 1999, Handbook of Macroeconomics
 * 1B:927, Table 1).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The correlation, or NaN with a note.
 */
export function consumptionCorrelation(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.consumption_procyclical, opts);
}

/**
 * Investment is procyclical: correlation of the HP cycles of log quarterly real investment and
 * real output over the window (at least 12 quarters after the burn-in).
 *
 * Target 0.5–1: 0.79 for the US 1947–1996 (King & Rebelo 1999, Handbook of Macroeconomics
 * 1B:927, Table 1).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The correlation, or NaN with a note.
 */
export function investmentCorrelation(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.investment_procyclical, opts);
}

/** Okun gaps: output gap (% of trend) and unemployment gap (points), per quarter. */
export function okunGaps(run: Run, opts: FactOptions): { y: number[]; u: number[] } | string {
  const c = quarterlyCycles(run, ["gdp_real"], ["unemployment_rate"], opts);
  if (typeof c === "string") return c;
  return {
    y: Array.from(c.cycle.gdp_real, (x) => 100 * x),
    u: Array.from(c.cycle.unemployment_rate, (x) => 100 * x),
  };
}

/**
 * Okun's law in gap form: least-squares slope of the unemployment gap (points) on the output gap
 * (percent), the HP(1600) cycles of quarterly unemployment rate and log real output over the
 * window (at least 12 quarters after the burn-in).
 *
 * Target −0.6 … −0.15: about −0.4 for the US, −0.15 to −0.6 across most advanced economies (Ball,
 * Leigh & Loungani 2017, "Okun's law: fit at 50?", J. Money, Credit and Banking 49:1413; Okun
 * 1962).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The slope, points of unemployment per percent of output, or NaN with a note.
 */
export function okunCoefficient(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.okun, opts);
}

/**
 * Beveridge curve: correlation of the HP(1600) cycles of the quarterly unemployment and vacancy
 * rates (KPIs `unemployment_rate`, `vacancy_rate`) over the window (at least 12 quarters after
 * the burn-in).
 *
 * Target −1 … −0.2: vacancies are high when unemployment is low; the correlation of the cyclical
 * components is about −0.9 in US data (Shimer 2005, American Economic Review 95:25, Table 1;
 * Elsby, Michaels & Ratner 2015, "The Beveridge curve: a survey", J. Econ. Literature 53:571).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The correlation, or NaN with a note.
 */
export function beveridgeCorrelation(run: Run, opts: FactOptions = {}): Measure {
  return cycleMeasure(run, CYCLE_MOMENTS.beveridge, opts);
}

/**
 * The wage Phillips curve: least-squares slope of four-quarter wage growth (100 × the log change
 * of the quarterly mean of KPI `mean_wage` over four quarters) on the quarter's unemployment rate
 * (points), over the window (at least 16 quarters after the burn-in: 12 four-quarter changes).
 * Nominal wages grow faster when unemployment is low (Phillips 1958, Economica 25:283; Galí
 * 2011, J. Eur. Econ. Assoc. 9:436); across US cities, 1991-2015, a point of unemployment lowers
 * wage growth by about 0.35 points (Leduc & Wilson 2017, FRBSF Economic Letter 2017-30).
 *
 * A measure, not a fact of the catalogue: the literature gives point estimates that move with the
 * period and the measure of wages, not a range a verdict could rest on. Compared with
 * {@link pricePhillipsSlope} it says whether wages or margins carry inflation's cycle: in the US
 * since the 1980s the price curve is the flatter one (Hooper, Mishkin & Sufi 2020, Research in
 * Economics 74:26; Hazell, Herreño, Nakamura & Steinsson 2022, QJE 137:1299).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The slope, points of wage growth per point of unemployment, or NaN with a note.
 *
 * @example
 * ```ts
 * wagePhillipsSlope(run).value; // -0.33 to -1.37 on the 20k island, seeds 1-3
 * ```
 */
export function wagePhillipsSlope(run: Run, opts: FactOptions = {}): Measure {
  return phillipsSlope(run, "mean_wage", "wage growth", opts);
}

/**
 * The price Phillips curve: least-squares slope of four-quarter CPI inflation (100 × the log
 * change of the quarterly mean of KPI `cpi` over four quarters) on the quarter's unemployment rate
 * (points), measured as {@link wagePhillipsSlope} is. A measure, not a fact of the catalogue (see
 * there).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The slope, points of inflation per point of unemployment, or NaN with a note.
 */
export function pricePhillipsSlope(run: Run, opts: FactOptions = {}): Measure {
  return phillipsSlope(run, "cpi", "CPI inflation", opts);
}

/** Slope of four-quarter log growth of KPI `level` on the unemployment rate, in points. */
function phillipsSlope(run: Run, level: string, what: string, opts: FactOptions): Measure {
  // MIN_QUARTERS four-quarter changes need four quarters more.
  const days = Math.ceil((MIN_QUARTERS + 4) * QUARTER);
  const w = factWindow(run, opts, days);
  if (typeof w === "string") return na(w);
  const q = blockMeans(run, [level, "unemployment_rate"], w, QUARTER);
  if (typeof q === "string") return na(q);
  const x = q.cols[level];
  const u = q.cols.unemployment_rate;
  if (!x.every((v) => v > 0)) return na(`KPI ${level} has a quarter with a mean ≤ 0; no logarithm`);
  const growth: number[] = [];
  const rate: number[] = [];
  for (let i = 4; i < x.length; i++) {
    growth.push(100 * Math.log(x[i] / x[i - 4]));
    rate.push(100 * u[i]);
  }
  if (growth.length < MIN_QUARTERS) {
    return na(
      `needs ${MIN_QUARTERS} four-quarter changes (a window of ${days} days); ${
        windowText(w)
      } has ${growth.length}`,
    );
  }
  // Unemployment that stays put (to rounding) leaves no slope to estimate.
  const fit = olsSlope(rate, growth);
  if (!(standardDeviation(rate) > 1e-9) || !Number.isFinite(fit.slope)) {
    return na("unemployment does not move over the window");
  }
  const r = Math.sign(fit.slope) * Math.sqrt(fit.r2);
  return {
    value: fit.slope,
    note: `slope of four-quarter ${what} on the unemployment rate, ${growth.length} quarters of ` +
      `${windowText(w)} (r ${r.toFixed(2)})`,
  };
}
