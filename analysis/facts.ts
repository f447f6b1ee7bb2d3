/**
 * Stylized facts: does a run look like an economy and a population? Each measure is a plain
 * function of a {@linkcode Run} whose doc comment gives the literature target and its source;
 * {@linkcode facts} evaluates them all into a table of value, target range, source and
 * pass / fail / not available, and {@linkcode plotFact} draws each against its target.
 *
 * Where the data comes from: a fact measured on a KPI uses the KPI's mean over the window after
 * the burn-in (ticks ≥ first tick + `burnIn`); a cross-section (firm sizes, Gini) uses the
 * engine's KPI when the run has it and otherwise the last snapshot's table. Anything a run
 * lacks (no economy yet, too short a window) is "not available" with a note saying why, never
 * a pass and never an exception.
 *
 * Rates are shares (0.05 = 5 %); a KPI whose unit says "%" or "percent" is divided by 100.
 *
 * @example
 * ```ts
 * import { openRun } from "./run.ts";
 * import { facts } from "./facts.ts";
 * const table = facts(await openRun("snapshots/tiny_island/run1"), { burnIn: 90 });
 * table.rows.filter((r) => r.status === "fail");
 * ```
 *
 * @module
 */
import { type DataFrame, toDataFrame } from "./dataframe.ts";
import { escapeHtml, formatCell, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { agePyramid, ccdf, type Figure, kpiLines, scatterFit } from "./plots.ts";
import type { Run } from "./run.ts";
import {
  coefficientOfVariation,
  gini,
  hillTailExponent,
  mean,
  olsSlope,
  pearson,
  skewness,
} from "./stats.ts";

/** Outcome of one fact. */
export type FactStatus = "pass" | "fail" | "not available";

/** What a measure returns: the value (NaN when it cannot be measured) and a note on how. */
export interface Measure {
  /** The measured value; NaN when not available. */
  value: number;
  /** How it was measured, or why it could not be. */
  note: string;
}

/** Options of the measures and of {@linkcode facts}. */
export interface FactOptions {
  /**
   * Ticks after the run's first KPI tick left out of time-series measures (initial
   * transients). @default {a quarter of the run's KPI span}
   */
  burnIn?: number;
  /** Days per period for the Beveridge and Okun regressions (period means). @default {30} */
  period?: number;
  /** Share of firms forming the tail of the Hill estimator. @default {0.1} */
  kFraction?: number;
  /** Snapshot tick for cross-section measures (default the run's last snapshot). */
  tick?: number;
}

/** A stylized fact: what is measured, the target and where the target comes from. */
export interface FactSpec {
  /** Short id, e.g. "okun". */
  id: string;
  /** What the fact says, in words. */
  fact: string;
  /** Target range [lo, hi] of the value (either end may be infinite). */
  target: [number, number];
  /** Unit of the value. */
  unit: string;
  /** Literature source of the target. */
  source: string;
  /** Measures it on a run. */
  measure(run: Run, opts?: FactOptions): Measure;
  /** Draws the evidence against the target. */
  plot(run: Run, opts?: FactOptions): Figure | NotAvailable;
}

/** One row of a {@linkcode FactsTable}. */
export interface FactRow {
  /** The fact's id. */
  id: string;
  /** What the fact says. */
  fact: string;
  /** Measured value (NaN when not available). */
  value: number;
  /** Target range. */
  target: [number, number];
  /** Target range as text, e.g. "-0.6 … -0.2". */
  targetText: string;
  /** Unit of the value. */
  unit: string;
  /** Literature source of the target. */
  source: string;
  /** pass, fail or not available. */
  status: FactStatus;
  /** How the value was measured or why it is not available. */
  note: string;
}

/** A placeholder figure for a fact that cannot be drawn on this run. */
export interface NotAvailable {
  /** Why. */
  reason: string;
  /** Renders the reason in the kernel. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

function notAvailable(reason: string): NotAvailable {
  return {
    reason,
    [JUPYTER_DISPLAY]: () => ({
      "text/html": `<p><i>not available: ${escapeHtml(reason)}</i></p>`,
      "text/plain": `not available: ${reason}`,
    }),
  };
}

const na = (note: string): Measure => ({ value: NaN, note });

// ---------------------------------------------------------------------------------------------
// Series helpers

/** Finite values of a KPI on the window after the burn-in, with their ticks. */
function windowSeries(
  run: Run,
  name: string,
  opts: FactOptions,
): { ticks: number[]; values: number[] } | string {
  if (!run.hasKpi(name)) return `the run has no KPI ${name}`;
  const t = run.ticks();
  const s = run.kpiSeries(name);
  const from = windowStart(run, opts);
  const scale = /%|percent/i.test(run.kpiUnit(name)) ? 0.01 : 1;
  const ticks: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] >= from && Number.isFinite(s[i])) {
      ticks.push(t[i]);
      values.push(s[i] * scale);
    }
  }
  if (values.length === 0) return `KPI ${name} has no finite value after tick ${from}`;
  return { ticks, values };
}

function windowStart(run: Run, opts: FactOptions): number {
  const t = run.ticks();
  if (t.length === 0) return 0;
  const span = t[t.length - 1] - t[0] + 1;
  return t[0] + (opts.burnIn ?? Math.floor(span / 4));
}

/** Mean of a KPI over the window, as a Measure. */
function kpiMean(run: Run, name: string, opts: FactOptions): Measure {
  const w = windowSeries(run, name, opts);
  if (typeof w === "string") return na(w);
  return {
    value: mean(w.values),
    note: `mean of KPI ${name} over ticks ${w.ticks[0]}–${w.ticks[w.ticks.length - 1]}`,
  };
}

/**
 * Period means of two KPIs over the window, on the ticks where both are finite, in blocks of
 * `period` consecutive ticks (the last, incomplete block dropped).
 */
function periodMeans(
  run: Run,
  a: string,
  b: string,
  opts: FactOptions,
): { a: number[]; b: number[] } | string {
  for (const name of [a, b]) if (!run.hasKpi(name)) return `the run has no KPI ${name}`;
  const period = opts.period ?? 30;
  const t = run.ticks();
  const sa = run.kpiSeries(a);
  const sb = run.kpiSeries(b);
  const scaleA = /%|percent/i.test(run.kpiUnit(a)) ? 0.01 : 1;
  const scaleB = /%|percent/i.test(run.kpiUnit(b)) ? 0.01 : 1;
  const from = windowStart(run, opts);
  const outA: number[] = [];
  const outB: number[] = [];
  let accA = 0;
  let accB = 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] < from || !Number.isFinite(sa[i]) || !Number.isFinite(sb[i])) continue;
    accA += sa[i] * scaleA;
    accB += sb[i] * scaleB;
    if (++n === period) {
      outA.push(accA / n);
      outB.push(accB / n);
      accA = accB = n = 0;
    }
  }
  return { a: outA, b: outB };
}

function hasRows(run: Run, table: string, tick?: number): boolean {
  if (!run.tableNames.includes(table) || run.snapshots.length === 0) return false;
  try {
    return run.table(table, tick).numRows > 0;
  } catch {
    return false;
  }
}

function tickOf(run: Run, opts: FactOptions): number {
  return opts.tick ?? run.defaultTick;
}

// ---------------------------------------------------------------------------------------------
// Demography

/**
 * Crude birth rate, births per 1000 persons per year: mean of KPI `crude_birth_rate` after the
 * burn-in.
 *
 * Target 5–45 per 1000: the range of national crude birth rates (UN World Population Prospects
 * 2022; high-income countries about 8–12).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The mean rate, or NaN with a note.
 */
export function crudeBirthRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "crude_birth_rate", opts);
}

/**
 * Crude death rate, deaths per 1000 persons per year: mean of KPI `crude_death_rate` after the
 * burn-in.
 *
 * Target 4–18 per 1000: the range of national crude death rates (UN World Population Prospects
 * 2022; high-income countries about 8–12).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The mean rate, or NaN with a note.
 */
export function crudeDeathRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "crude_death_rate", opts);
}

/**
 * Age dependency ratio, persons aged 0–14 and 65+ per person aged 15–64: the shape of the age
 * pyramid in one number. Mean of KPI `dependency_ratio` after the burn-in, else from the
 * persons table at the last snapshot.
 *
 * Target 0.35–1.1: national ratios run from about 0.4 (young working-age populations) to
 * 0.7 (Japan) and 1.1 (Niger); world 0.54 (UN World Population Prospects 2022).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns The ratio, or NaN with a note.
 */
export function dependencyRatio(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "dependency_ratio", opts);
  if (Number.isFinite(k.value)) return k;
  if (!hasRows(run, "persons", opts.tick)) return na(`${k.note}, and no persons snapshot`);
  const age = run.column("persons", "age", opts.tick);
  let young = 0;
  let old = 0;
  for (let i = 0; i < age.length; i++) {
    if (age[i] < 15) young++;
    else if (age[i] >= 65) old++;
  }
  const working = age.length - young - old;
  if (working === 0) return na("no persons aged 15–64");
  return {
    value: (young + old) / working,
    note: `from the persons table at tick ${tickOf(run, opts)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Firms and prices

/** Employees of firms that have any, at a snapshot; or a reason. */
function firmSizes(run: Run, opts: FactOptions): Float64Array | string {
  if (!hasRows(run, "firms", opts.tick)) return "no firms in the snapshot";
  const emp = run.column("firms", "employees", opts.tick);
  let n = 0;
  for (let i = 0; i < emp.length; i++) if (emp[i] > 0) n++;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < emp.length; i++) if (emp[i] > 0) out[j++] = emp[i];
  if (n < 20) return `only ${n} firms with employees (need 20)`;
  return out;
}

/**
 * Pareto tail exponent α of the firm-size distribution (employees), Hill estimator on the
 * largest 10 % of firms: mean of KPI `firm_size_tail_exponent` after the burn-in, else from
 * the firms table at the last snapshot.
 *
 * Target 0.8–1.4: US firm sizes follow Zipf's law, α ≈ 1.06 (Axtell 2001, "Zipf distribution
 * of U.S. firm sizes", Science 293:1818).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick, tail share.
 * @returns α̂, or NaN with a note.
 */
export function firmSizeTailExponent(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "firm_size_tail_exponent", opts);
  if (Number.isFinite(k.value)) return k;
  const sizes = firmSizes(run, opts);
  if (typeof sizes === "string") return na(`${k.note}; ${sizes}`);
  const frac = opts.kFraction ?? 0.1;
  return {
    value: hillTailExponent(sizes, frac),
    note: `Hill estimator, top ${frac * 100} % of ${sizes.length} firms at tick ${
      tickOf(run, opts)
    }`,
  };
}

/**
 * Skewness of the firm-size distribution (employees): mean of KPI `firm_size_skewness` after
 * the burn-in, else the moment skewness of the firms table at the last snapshot.
 *
 * Target > 1, in practice far above: most firms are small and a few are very large (Axtell
 * 2001, Science 293:1818; Sutton 1997, "Gibrat's legacy", J. Econ. Literature 35:40).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns The skewness, or NaN with a note.
 */
export function firmSizeSkewness(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "firm_size_skewness", opts);
  if (Number.isFinite(k.value)) return k;
  const sizes = firmSizes(run, opts);
  if (typeof sizes === "string") return na(`${k.note}; ${sizes}`);
  return {
    value: skewness(sizes),
    note: `moment skewness of ${sizes.length} firms at tick ${tickOf(run, opts)}`,
  };
}

/** The run's `price_cv_<good>` KPIs. */
function priceCvNames(run: Run): string[] {
  return run.kpiNames.filter((n) => n.startsWith("price_cv_"));
}

/** Mean over goods of the price CV KPIs, per tick of the window. */
function meanPriceCv(run: Run, opts: FactOptions): { ticks: number[]; values: number[] } | string {
  const names = priceCvNames(run);
  if (names.length === 0) return "the run has no price_cv_<good> KPIs";
  const t = run.ticks();
  const series = names.map((n) => run.kpiSeries(n));
  const from = windowStart(run, opts);
  const ticks: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] < from) continue;
    let s = 0;
    let n = 0;
    for (const c of series) {
      if (Number.isFinite(c[i])) {
        s += c[i];
        n++;
      }
    }
    if (n > 0) {
      ticks.push(t[i]);
      values.push(s / n);
    }
  }
  if (values.length === 0) return `no finite price_cv_<good> value after tick ${from}`;
  return { ticks, values };
}

/**
 * Price dispersion within goods: the coefficient of variation of posted prices across the
 * firms selling the same good, averaged over goods (and over the window after the burn-in
 * when the run has the `price_cv_<good>` KPIs; else from the firms table at the last snapshot).
 *
 * Target 0.05–0.5: identical goods sell at persistently different prices; the standard
 * deviation of log prices of the same product in the same market is about 0.19–0.36 (Kaplan &
 * Menzio 2015, "The morphology of price dispersion", Int. Econ. Review 56:1165).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns The mean CV, or NaN with a note.
 */
export function priceDispersion(run: Run, opts: FactOptions = {}): Measure {
  const w = meanPriceCv(run, opts);
  if (typeof w !== "string") {
    return {
      value: mean(w.values),
      note: `mean of ${priceCvNames(run).length} price_cv_<good> KPIs over ticks ${w.ticks[0]}–${
        w.ticks[w.ticks.length - 1]
      }`,
    };
  }
  if (!hasRows(run, "firms", opts.tick)) return na(`${w}, and no firms snapshot`);
  const price = run.column("firms", "price", opts.tick);
  const product = run.column("firms", "product", opts.tick);
  const byGood = new Map<number, number[]>();
  for (let i = 0; i < price.length; i++) {
    if (!(price[i] > 0)) continue;
    const list = byGood.get(product[i]) ?? [];
    list.push(price[i]);
    byGood.set(product[i], list);
  }
  const cvs = [...byGood.values()].filter((p) => p.length >= 2).map(coefficientOfVariation);
  if (cvs.length === 0) return na("no good is sold by two firms or more");
  return {
    value: mean(cvs),
    note: `mean CV over ${cvs.length} goods in the firms table at tick ${tickOf(run, opts)}`,
  };
}

/**
 * Persistence of price dispersion: the share of days after the burn-in on which the mean
 * within-good price CV stays above 0.02 (dispersion does not collapse to the law of one
 * price). Needs the `price_cv_<good>` KPIs.
 *
 * Target 0.9–1: dispersion of the same good's price is a permanent feature of retail markets,
 * not a transient (Kaplan & Menzio 2015, Int. Econ. Review 56:1165; Kaplan, Menzio, Rudanko &
 * Trachter 2019, AEJ: Micro 11(3):1).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The share of days, or NaN with a note.
 */
export function priceDispersionPersistence(run: Run, opts: FactOptions = {}): Measure {
  const w = meanPriceCv(run, opts);
  if (typeof w === "string") return na(w);
  let above = 0;
  for (const v of w.values) if (v > 0.02) above++;
  return {
    value: above / w.values.length,
    note: `${above} of ${w.values.length} days with mean price CV > 0.02`,
  };
}

// ---------------------------------------------------------------------------------------------
// Labor market and macro

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
function okunPairs(run: Run, opts: FactOptions): { growth: number[]; du: number[] } | string {
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

// ---------------------------------------------------------------------------------------------
// Inequality

/**
 * Gini coefficient of wealth: mean of KPI `gini_wealth` after the burn-in, else of the
 * persons' `wealth` at the last snapshot (negative wealth counted as 0).
 *
 * Target 0.6–0.85: national wealth Ginis (Davies, Sandström, Shorrocks & Wolff 2011, "The
 * level and distribution of global household wealth", Economic Journal 121:223).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns G, or NaN with a note.
 */
export function wealthGini(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "gini_wealth", opts);
  if (Number.isFinite(k.value)) return k;
  if (!hasRows(run, "persons", opts.tick)) return na(`${k.note}, and no persons snapshot`);
  const w = run.column("persons", "wealth", opts.tick);
  const v = Float64Array.from(w, (x) => (x > 0 ? x : 0));
  const g = gini(v);
  if (!Number.isFinite(g)) return na("nobody holds any wealth");
  return { value: g, note: `persons' wealth at tick ${tickOf(run, opts)}` };
}

/**
 * Gini coefficient of income: mean of KPI `gini_income` after the burn-in, else of the
 * households' permanent income (weighted by `weight`) at the last snapshot.
 *
 * Target 0.25–0.5: disposable-income Ginis of rich economies are 0.25–0.40, market-income
 * Ginis up to about 0.5 (Luxembourg Income Study; OECD Income Distribution Database).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns G, or NaN with a note.
 */
export function incomeGini(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "gini_income", opts);
  if (Number.isFinite(k.value)) return k;
  if (!hasRows(run, "households", opts.tick)) return na(`${k.note}, and no households snapshot`);
  const inc = run.column("households", "permanent_income", opts.tick);
  const weight = run.column("households", "weight", opts.tick);
  const g = gini(inc, weight);
  if (!Number.isFinite(g)) return na("no household has any income");
  return { value: g, note: `households' permanent income at tick ${tickOf(run, opts)}` };
}

// ---------------------------------------------------------------------------------------------
// The catalogue

function kpiPlot(names: string[], target: [number, number], yLabel: string) {
  return (run: Run, opts: FactOptions = {}): Figure | NotAvailable => {
    const present = names.filter((n) => run.hasKpi(n));
    if (present.length === 0) return notAvailable(`the run has no KPI ${names.join(" / ")}`);
    const from = windowStart(run, opts);
    const scale = (n: string) => (/%|percent/i.test(run.kpiUnit(n)) ? 0.01 : 1);
    const cols = run.kpiColumns(present);
    const t = cols.tick;
    const cut: { tick: number[]; [n: string]: number[] } = { tick: [] };
    for (const n of present) cut[n] = [];
    for (let i = 0; i < t.length; i++) {
      if (t[i] < from) continue;
      cut.tick.push(t[i]);
      for (const n of present) cut[n].push(cols[n][i] * scale(n));
    }
    return kpiLines(cut, present, { yLabel, targetBand: target, caption: `after tick ${from}` });
  };
}

const RATE = "share";

/** Every fact {@linkcode facts} checks, in display order. */
export const FACTS: readonly FactSpec[] = [
  {
    id: "crude_birth_rate",
    fact: "Crude birth rate is in the range of national rates",
    target: [5, 45],
    unit: "per 1000 per year",
    source: "UN World Population Prospects 2022",
    measure: crudeBirthRate,
    plot: kpiPlot(["crude_birth_rate"], [5, 45], "births per 1000 per year"),
  },
  {
    id: "crude_death_rate",
    fact: "Crude death rate is in the range of national rates",
    target: [4, 18],
    unit: "per 1000 per year",
    source: "UN World Population Prospects 2022",
    measure: crudeDeathRate,
    plot: kpiPlot(["crude_death_rate"], [4, 18], "deaths per 1000 per year"),
  },
  {
    id: "dependency_ratio",
    fact: "Age pyramid: dependents (0–14, 65+) per working-age person",
    target: [0.35, 1.1],
    unit: "ratio",
    source: "UN World Population Prospects 2022",
    measure: dependencyRatio,
    plot: (run, opts = {}) => {
      if (hasRows(run, "persons", opts.tick)) {
        return agePyramid(run.agePyramid(opts.tick), {
          title: `Age pyramid at tick ${tickOf(run, opts)}`,
        });
      }
      return kpiPlot(["dependency_ratio"], [0.35, 1.1], "ratio")(run, opts);
    },
  },
  {
    id: "firm_size_tail",
    fact: "Firm sizes follow Zipf's law (Pareto tail exponent about 1)",
    target: [0.8, 1.4],
    unit: "alpha",
    source: "Axtell 2001, Science 293:1818",
    measure: firmSizeTailExponent,
    plot: (run, opts = {}) => {
      const sizes = firmSizes(run, opts);
      if (typeof sizes === "string") {
        return kpiPlot(["firm_size_tail_exponent"], [0.8, 1.4], "alpha")(run, opts);
      }
      const a = hillTailExponent(sizes, opts.kFraction ?? 0.1);
      return ccdf(sizes, {
        xLabel: "employees",
        title: `Firm sizes: Hill α = ${formatCell(a, 3)} (target 0.8–1.4, Zipf: 1)`,
      });
    },
  },
  {
    id: "firm_size_skewness",
    fact: "Firm sizes are strongly right-skewed",
    target: [1, Infinity],
    unit: "skewness",
    source: "Axtell 2001; Sutton 1997, J. Econ. Literature 35:40",
    measure: firmSizeSkewness,
    plot: (run, opts = {}) => {
      const sizes = firmSizes(run, opts);
      if (typeof sizes === "string") {
        return kpiPlot(["firm_size_skewness"], [1, Infinity], "skewness")(run, opts);
      }
      return ccdf(sizes, {
        xLabel: "employees",
        title: `Firm sizes: skewness ${formatCell(skewness(sizes), 3)} (target > 1)`,
      });
    },
  },
  {
    id: "price_dispersion",
    fact: "Identical goods sell at different prices (within-good CV)",
    target: [0.05, 0.5],
    unit: "CV",
    source: "Kaplan & Menzio 2015, Int. Econ. Review 56:1165",
    measure: priceDispersion,
    plot: (run, opts = {}) => {
      const names = priceCvNames(run);
      if (names.length === 0) return notAvailable("the run has no price_cv_<good> KPIs");
      return kpiPlot(names, [0.05, 0.5], "coefficient of variation")(run, opts);
    },
  },
  {
    id: "price_dispersion_persistence",
    fact: "Price dispersion persists (share of days with mean CV > 0.02)",
    target: [0.9, 1],
    unit: "share of days",
    source: "Kaplan & Menzio 2015; Kaplan, Menzio, Rudanko & Trachter 2019, AEJ: Micro 11(3):1",
    measure: priceDispersionPersistence,
    plot: (run, opts = {}) => {
      const w = meanPriceCv(run, opts);
      if (typeof w === "string") return notAvailable(w);
      return kpiLines({ tick: w.ticks, mean_price_cv: w.values }, ["mean_price_cv"], {
        yLabel: "mean within-good CV",
        targetBand: [0.02, Infinity],
      });
    },
  },
  {
    id: "beveridge",
    fact: "Beveridge curve: unemployment and vacancies move in opposite directions",
    target: [-1, -0.2],
    unit: "correlation",
    source: "Beveridge 1944; Elsby, Michaels & Ratner 2015, J. Econ. Literature 53:571",
    measure: beveridgeCorrelation,
    plot: (run, opts = {}) => {
      const p = periodMeans(run, "unemployment_rate", "vacancy_rate", opts);
      if (typeof p === "string") return notAvailable(p);
      if (p.a.length < 2) return notAvailable(`only ${p.a.length} periods after the burn-in`);
      return scatterFit(p.a, p.b, {
        xLabel: "unemployment rate",
        yLabel: "vacancy rate",
        title: "Beveridge curve (target: negative)",
      });
    },
  },
  {
    id: "okun",
    fact: "Okun's law: faster growth, falling unemployment",
    target: [-0.6, -0.2],
    unit: "pp per % growth",
    source: "Okun 1962; Ball, Leigh & Loungani 2017, J. Money Credit Banking 49:1413",
    measure: okunCoefficient,
    plot: (run, opts = {}) => {
      const p = okunPairs(run, opts);
      if (typeof p === "string") return notAvailable(p);
      return scatterFit(p.growth, p.du, {
        xLabel: "real output growth, %",
        yLabel: "change in unemployment, pp",
        title: "Okun's law (target slope −0.6 … −0.2)",
      });
    },
  },
  {
    id: "unemployment",
    fact: "Unemployment rate in the usual band",
    target: [0.03, 0.15],
    unit: RATE,
    source: "OECD Labour Force Statistics, 1990–2019",
    measure: unemploymentRate,
    plot: kpiPlot(["unemployment_rate"], [0.03, 0.15], "unemployment rate"),
  },
  {
    id: "inflation",
    fact: "Annual inflation in the usual band",
    target: [-0.02, 0.1],
    unit: RATE,
    source: "IMF World Economic Outlook, advanced economies 1990–2019",
    measure: inflationRate,
    plot: kpiPlot(["inflation_annual"], [-0.02, 0.1], "annual inflation"),
  },
  {
    id: "wealth_gini",
    fact: "Wealth is very unequal",
    target: [0.6, 0.85],
    unit: "Gini",
    source: "Davies, Sandström, Shorrocks & Wolff 2011, Economic Journal 121:223",
    measure: wealthGini,
    plot: (run, opts = {}) => {
      if (run.hasKpi("gini_wealth")) {
        return kpiPlot(["gini_wealth"], [0.6, 0.85], "Gini")(run, opts);
      }
      if (!hasRows(run, "persons", opts.tick)) return notAvailable("no gini_wealth KPI or persons");
      return ccdf(run.column("persons", "wealth", opts.tick), {
        xLabel: "wealth",
        title: `Wealth: Gini ${formatCell(wealthGini(run, opts).value, 3)} (target 0.6–0.85)`,
      });
    },
  },
  {
    id: "income_gini",
    fact: "Income is moderately unequal",
    target: [0.25, 0.5],
    unit: "Gini",
    source: "Luxembourg Income Study; OECD Income Distribution Database",
    measure: incomeGini,
    plot: (run, opts = {}) => {
      if (run.hasKpi("gini_income")) {
        return kpiPlot(["gini_income"], [0.25, 0.5], "Gini")(run, opts);
      }
      if (!hasRows(run, "households", opts.tick)) {
        return notAvailable("no gini_income KPI or households");
      }
      return ccdf(run.column("households", "permanent_income", opts.tick), {
        xLabel: "household permanent income",
        title: `Income: Gini ${formatCell(incomeGini(run, opts).value, 3)} (target 0.25–0.5)`,
      });
    },
  },
];

function findFact(id: string): FactSpec {
  const f = FACTS.find((x) => x.id === id);
  if (!f) throw new Error(`no stylized fact "${id}"; facts: ${FACTS.map((x) => x.id).join(", ")}`);
  return f;
}

function targetText([lo, hi]: [number, number]): string {
  if (hi === Infinity) return `> ${formatCell(lo)}`;
  if (lo === -Infinity) return `< ${formatCell(hi)}`;
  return `${formatCell(lo)} … ${formatCell(hi)}`;
}

/**
 * Evaluates one fact on a run. A measure that throws (a malformed run) is reported as "not
 * available" with the error as its note.
 *
 * @param run The run.
 * @param fact A fact id (see {@linkcode FACTS}) or spec.
 * @param opts Burn-in, period, snapshot tick.
 * @returns The row: value, target, source, status and note.
 * @throws {Error} When the id names no fact.
 */
export function evaluateFact(run: Run, fact: string | FactSpec, opts: FactOptions = {}): FactRow {
  const spec = typeof fact === "string" ? findFact(fact) : fact;
  let m: Measure;
  try {
    m = spec.measure(run, opts);
  } catch (e) {
    m = na((e as Error).message);
  }
  const [lo, hi] = spec.target;
  const status: FactStatus = !Number.isFinite(m.value)
    ? "not available"
    : m.value >= lo && m.value <= hi
    ? "pass"
    : "fail";
  return {
    id: spec.id,
    fact: spec.fact,
    value: m.value,
    target: spec.target,
    targetText: targetText(spec.target),
    unit: spec.unit,
    source: spec.source,
    status,
    note: m.note,
  };
}

/** The result of {@linkcode facts}: one row per fact; displays as an HTML table. */
export class FactsTable {
  /** One row per fact, in {@linkcode FACTS} order. */
  readonly rows: FactRow[];

  /** @internal Use {@linkcode facts}. */
  constructor(rows: FactRow[]) {
    this.rows = rows;
  }

  /** Facts that passed. */
  get passed(): FactRow[] {
    return this.rows.filter((r) => r.status === "pass");
  }

  /** Facts that failed. */
  get failed(): FactRow[] {
    return this.rows.filter((r) => r.status === "fail");
  }

  /** Facts this run could not measure. */
  get notAvailable(): FactRow[] {
    return this.rows.filter((r) => r.status === "not available");
  }

  /**
   * The row of one fact.
   *
   * @throws {Error} When the id names no fact in the table.
   */
  get(id: string): FactRow {
    const r = this.rows.find((x) => x.id === id);
    if (!r) throw new Error(`no fact "${id}"; facts: ${this.rows.map((x) => x.id).join(", ")}`);
    return r;
  }

  /** The table as a danfojs DataFrame (columns fact, value, target, source, status, note). */
  frame(): DataFrame {
    return toDataFrame(this.#columns(), { display: { maxRows: 50 } });
  }

  /** Text summary. */
  toString(): string {
    return this.rows.map((r) =>
      `${r.status.padEnd(13)} ${r.id.padEnd(28)} ${
        formatCell(r.value, 4).padStart(10)
      }  target ${r.targetText}`
    ).join("\n");
  }

  #columns() {
    return {
      fact: this.rows.map((r) => r.fact),
      value: this.rows.map((r) => (Number.isFinite(r.value) ? r.value : null)),
      target: this.rows.map((r) => r.targetText),
      unit: this.rows.map((r) => r.unit),
      status: this.rows.map((r) => r.status),
      source: this.rows.map((r) => r.source),
      note: this.rows.map((r) => r.note),
    };
  }

  /** HTML table for the Deno Jupyter kernel, status colored. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const color: Record<FactStatus, string> = {
      pass: "#2e7d32",
      fail: "#c62828",
      "not available": "#757575",
    };
    const head = ["fact", "value", "target", "unit", "status", "source", "note"]
      .map((h) => `<th>${h}</th>`).join("");
    const body = this.rows.map((r) =>
      `<tr><td>${escapeHtml(r.fact)}</td><td style="text-align:right">${
        Number.isFinite(r.value) ? escapeHtml(formatCell(r.value, 4)) : "—"
      }</td><td>${escapeHtml(r.targetText)}</td><td>${escapeHtml(r.unit)}</td>` +
      `<td style="color:${color[r.status]};font-weight:bold">${r.status}</td>` +
      `<td>${escapeHtml(r.source)}</td><td><small>${escapeHtml(r.note)}</small></td></tr>`
    ).join("");
    const summary = `${this.passed.length} pass · ${this.failed.length} fail · ` +
      `${this.notAvailable.length} not available`;
    return {
      "text/html": `<div class="panarchy-facts"><table><caption style="text-align:left">` +
        `Stylized facts — ${summary}</caption><thead><tr>${head}</tr></thead><tbody>${body}` +
        `</tbody></table></div>`,
      "text/plain": this.toString(),
    };
  }
}

/**
 * Evaluates every stylized fact of {@linkcode FACTS} on a run.
 *
 * @param run The run ({@linkcode openRun}, {@linkcode runFromResult}, ...).
 * @param opts Burn-in (ticks left out of time series), Okun/Beveridge period, snapshot tick.
 * @returns A {@linkcode FactsTable} (displays as a table: fact, value, target, source, status).
 *
 * @example
 * ```ts
 * import { facts } from "./facts.ts";
 * const table = facts(run, { burnIn: 90 });
 * table.get("unemployment").status; // "pass" | "fail" | "not available"
 * ```
 */
export function facts(run: Run, opts: FactOptions = {}): FactsTable {
  return new FactsTable(FACTS.map((f) => evaluateFact(run, f, opts)));
}

/**
 * Draws one fact's evidence against its target (a KPI with the target band, a CCDF, a
 * scatter with its fit); a fact the run cannot show gives a "not available" note instead.
 *
 * @param run The run.
 * @param id A fact id from {@linkcode FACTS}.
 * @param opts Burn-in, period, snapshot tick.
 * @returns A figure or a note, both displayable in the kernel.
 * @throws {Error} When the id names no fact.
 *
 * @example
 * ```ts
 * import { plotFact } from "./facts.ts";
 * plotFact(run, "okun", { burnIn: 90 });
 * ```
 */
export function plotFact(run: Run, id: string, opts: FactOptions = {}): Figure | NotAvailable {
  const spec = findFact(id);
  try {
    return spec.plot(run, opts);
  } catch (e) {
    return notAvailable((e as Error).message);
  }
}

/**
 * Every fact's figure with its verdict, as one displayable gallery (HTML).
 *
 * @param run The run.
 * @param opts Burn-in, period, snapshot tick.
 * @returns A displayable whose `figures` hold the individual figures.
 */
export function factFigures(
  run: Run,
  opts: FactOptions = {},
): { figures: { row: FactRow; figure: Figure | NotAvailable }[]; [JUPYTER_DISPLAY](): MimeBundle } {
  const figures = FACTS.map((f) => ({
    row: evaluateFact(run, f, opts),
    figure: plotFact(run, f.id, opts),
  }));
  return {
    figures,
    [JUPYTER_DISPLAY]: () => ({
      "text/html": figures.map(({ row, figure }) => {
        const html = figure[JUPYTER_DISPLAY]()["text/html"] ?? "";
        return `<h4>${escapeHtml(row.fact)} — <span>${row.status}</span> (${
          Number.isFinite(row.value) ? escapeHtml(formatCell(row.value, 4)) : "—"
        }; target ${escapeHtml(row.targetText)}; ${escapeHtml(row.source)})</h4>${html}`;
      }).join("\n"),
    }),
  };
}
