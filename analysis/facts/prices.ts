/**
 * Stylized facts of prices: dispersion, how often and by how much prices change, inflation.
 * @module
 */
import { coefficientOfVariation, mean } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import {
  factWindow,
  kpiMean,
  kpiSums,
  kpiWindow,
  MONTH,
  type Window,
  windowSnapshots,
  windowText,
  YEAR,
} from "./_window.ts";

/** The run's `price_cv_<good>` KPIs. */
export function priceCvNames(run: Run): string[] {
  return run.kpiNames.filter((n) => n.startsWith("price_cv_"));
}

/** Mean over goods of the price CV KPIs, per tick of the window. */
export function meanPriceCv(
  run: Run,
  w: Window,
): { ticks: number[]; values: number[] } | string {
  const names = priceCvNames(run);
  if (names.length === 0) return "the run has no price_cv_<good> KPIs";
  const t = run.ticks();
  const series = names.map((n) => run.kpiSeries(n));
  const ticks: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] < w.from || t[i] > w.to) continue;
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
  if (values.length === 0) return `no finite price_cv_<good> value in ${windowText(w)}`;
  return { ticks, values };
}

/**
 * Price dispersion within goods: the coefficient of variation of posted prices across the
 * firms selling the same good, averaged over goods and over the window (at least a year after
 * the burn-in) when the run has the `price_cv_<good>` KPIs; else from the firms tables of the
 * window's snapshots.
 *
 * Target 0.05–0.5: identical goods sell at persistently different prices; the standard
 * deviation of log prices of the same product in the same market is about 0.19–0.36 (Kaplan &
 * Menzio 2015, "The morphology of price dispersion", Int. Econ. Review 56:1165).
 *
 * @param run The run.
 * @param opts Burn-in, window, snapshot tick.
 * @returns The mean CV, or NaN with a note.
 */
export function priceDispersion(run: Run, opts: FactOptions = {}): Measure {
  if (priceCvNames(run).length > 0 && opts.tick === undefined) {
    const w = factWindow(run, opts, YEAR);
    if (typeof w === "string") return na(w);
    const s = meanPriceCv(run, w);
    if (typeof s === "string") return na(s);
    return {
      value: mean(s.values),
      note: `mean of ${priceCvNames(run).length} price_cv_<good> KPIs over ${windowText(w)}`,
    };
  }
  const snaps = windowSnapshots(run, "firms", ["price", "product"], opts);
  if (typeof snaps === "string") return na(`the run has no price_cv_<good> KPIs; ${snaps}`);
  const cvs: number[] = [];
  for (const t of snaps.ticks) {
    const price = run.column("firms", "price", t);
    const product = run.column("firms", "product", t);
    const byGood = new Map<number, number[]>();
    for (let i = 0; i < price.length; i++) {
      if (!(price[i] > 0)) continue;
      const list = byGood.get(product[i]) ?? [];
      list.push(price[i]);
      byGood.set(product[i], list);
    }
    for (const p of byGood.values()) if (p.length >= 2) cvs.push(coefficientOfVariation(p));
  }
  if (cvs.length === 0) return na(`no good is sold by two firms or more at ${snaps.text}`);
  return { value: mean(cvs), note: `mean within-good CV in the firms tables, ${snaps.text}` };
}

/**
 * Mean duration of a price spell, in months, implied by a monthly frequency f of price changes
 * under a constant hazard: −1 / ln(1 − f) (Bils & Klenow 2004, J. Political Economy 112:947).
 *
 * @param fMonthly Share of prices that change in a month, in [0, 1].
 * @returns Months; Infinity for f = 0, 0 for f = 1.
 *
 * @example
 * ```ts
 * import { impliedDurationMonths } from "./prices.ts";
 * impliedDurationMonths(0.209); // 4.27: Bils & Klenow's median
 * ```
 */
export function impliedDurationMonths(fMonthly: number): number {
  if (fMonthly >= 1) return 0;
  if (fMonthly <= 0) return Infinity;
  return -1 / Math.log(1 - fMonthly);
}

/**
 * Implied duration of a price spell, months: the daily frequency of price changes h = Σ
 * `price_changes` / Σ `firms` over the window (at least a year after the burn-in), the monthly
 * frequency f = 1 − (1 − h)^(365/12), and the duration −1 / ln(1 − f) as Bils & Klenow (2004)
 * derive it from monthly frequencies.
 *
 * Target 3–12 months: posted US consumer prices last 4.3 months at the median (Bils & Klenow
 * 2004, "Some evidence on the importance of sticky prices", J. Political Economy 112:947);
 * regular prices, sales excluded, 8–11 months (Nakamura & Steinsson 2008, "Five facts about
 * prices", Quarterly J. Economics 123:1415).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Months, or NaN with a note.
 */
export function priceSpellMonths(run: Run, opts: FactOptions = {}): Measure {
  const s = kpiSums(run, ["price_changes", "firms"], opts);
  if (typeof s === "string") return na(s);
  const { price_changes: changes, firms: firmDays } = s.sums;
  if (!(firmDays > 0)) return na(`no firms in ${s.text}`);
  const h = changes / firmDays;
  const f = 1 - Math.pow(1 - h, MONTH);
  return {
    value: impliedDurationMonths(f),
    note: `${(100 * h).toPrecision(3)} % of firms change their price a day (Σ price_changes / ` +
      `Σ firms over ${s.text}), monthly frequency ${(100 * f).toPrecision(3)} %, ` +
      `duration −1/ln(1 − f)`,
  };
}

/**
 * Size of price changes: mean absolute log change of the prices that changed, KPI
 * `price_change_size` weighted by the day's `price_changes` over the window (at least a year
 * after the burn-in).
 *
 * Target 0.05–0.15: price changes are large; the mean absolute size of regular price changes in
 * the US CPI is about 10–11 % (Klenow & Kryvtsov 2008, "State-dependent or time-dependent
 * pricing: does it matter for recent U.S. inflation?", Quarterly J. Economics 123:863), the
 * median 8.5 % (Nakamura & Steinsson 2008, QJE 123:1415).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Mean |Δ ln p|, or NaN with a note.
 */
export function priceChangeSize(run: Run, opts: FactOptions = {}): Measure {
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, ["price_changes", "price_change_size"], w);
  if (typeof s === "string") return na(s);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < s.ticks.length; i++) {
    n += s.cols.price_changes[i];
    if (s.cols.price_changes[i] > 0) sum += s.cols.price_changes[i] * s.cols.price_change_size[i];
  }
  if (n === 0) return na(`no price changed in ${windowText(w)}`);
  return {
    value: sum / n,
    note: `mean |Δ ln p| of ${n} price changes over ${windowText(w)} (daily KPI ` +
      `price_change_size weighted by price_changes)`,
  };
}

/**
 * Annual CPI inflation (share per year): mean of KPI `inflation_annual` (the CPI against 364
 * days before) over the window, at least a year after the burn-in.
 *
 * Target −0.02 … 0.10: annual consumer-price inflation of advanced economies 1990–2019 (IMF
 * World Economic Outlook database).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The mean rate, or NaN with a note.
 */
export function inflationRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "inflation_annual", opts);
}
