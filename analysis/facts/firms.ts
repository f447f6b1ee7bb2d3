/**
 * Stylized facts of firms and prices: the firm-size distribution and price dispersion.
 * @module
 */
import { coefficientOfVariation, hillTailExponent, mean, skewness } from "../stats.ts";
import type { Run } from "../run.ts";
import {
  type FactOptions,
  hasRows,
  kpiMean,
  type Measure,
  na,
  tickOf,
  windowStart,
} from "./_common.ts";

/** Employees of firms that have any, at a snapshot; or a reason. */
export function firmSizes(run: Run, opts: FactOptions): Float64Array | string {
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
export function priceCvNames(run: Run): string[] {
  return run.kpiNames.filter((n) => n.startsWith("price_cv_"));
}

/** Mean over goods of the price CV KPIs, per tick of the window. */
export function meanPriceCv(
  run: Run,
  opts: FactOptions,
): { ticks: number[]; values: number[] } | string {
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
