/**
 * Stylized facts of firms: the size distribution, growth rates, entry and exit.
 * @module
 */
import { type Displayable, htmlTable, withHtmlDisplay } from "../display.ts";
import {
  hillTailExponent,
  mean,
  olsSlope,
  sampleStandardDeviation,
  subbotinShape,
} from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import {
  factWindow,
  hasColumns,
  kpiMean,
  kpiWindow,
  relativeDrift,
  type Window,
  windowSnapshots,
  windowText,
  YEAR,
} from "./_window.ts";

/** Employees of the firms that have any at snapshot `tick`; or a reason. */
export function firmSizes(run: Run, tick: number): Float64Array | string {
  const emp = run.column("firms", "employees", tick);
  let n = 0;
  for (let i = 0; i < emp.length; i++) if (emp[i] > 0) n++;
  if (n < 20) return `only ${n} firms with employees at snapshot ${tick} (need 20)`;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < emp.length; i++) if (emp[i] > 0) out[j++] = emp[i];
  return out;
}

/**
 * Pareto tail exponent α of the firm-size distribution (employees), Hill estimator on the
 * largest 10 % of firms: mean of KPI `firm_size_tail_exponent` over the window (at least a year
 * after the burn-in); without the KPI, the mean of the Hill estimates over the window's
 * snapshots of the firms table.
 *
 * Target 0.8–1.4: US firm sizes follow Zipf's law, α ≈ 1.06 (Axtell 2001, "Zipf distribution of
 * U.S. firm sizes", Science 293:1818).
 *
 * @param run The run.
 * @param opts Burn-in, window, snapshot tick, tail share.
 * @returns α̂, or NaN with a note.
 */
export function firmSizeTailExponent(run: Run, opts: FactOptions = {}): Measure {
  if (run.hasKpi("firm_size_tail_exponent") && opts.tick === undefined) {
    return kpiMean(run, "firm_size_tail_exponent", opts);
  }
  const snaps = windowSnapshots(run, "firms", ["employees"], opts);
  if (typeof snaps === "string") return na(snaps);
  const frac = opts.kFraction ?? 0.1;
  const alphas: number[] = [];
  let why = "";
  for (const t of snaps.ticks) {
    const sizes = firmSizes(run, t);
    if (typeof sizes === "string") why = sizes;
    else alphas.push(hillTailExponent(sizes, frac));
  }
  if (alphas.length === 0) return na(why);
  return {
    value: mean(alphas),
    note: `Hill estimator on the top ${
      frac * 100
    } % of firms by employees, mean over ${snaps.text}`,
  };
}

/** Annual log growth rates of firms between snapshot pairs about a year apart. */
export interface FirmGrowth {
  /** ln(employees at t₁ / employees at t₀), demeaned per pair of snapshots. */
  growth: Float64Array;
  /** The snapshot pairs [t₀, t₁] used. */
  pairs: [number, number][];
}

/**
 * Growth rates of the firms alive at both snapshots of each pair: pairs chain through the
 * window's snapshots (t₁ the snapshot nearest t₀ + 365 days, within 45 days; the next pair
 * starts at t₁), firms with at least `minFirmSize` employees at t₀ and some at t₁, rates
 * demeaned per pair (Bottazzi & Secchi 2006 remove the year's mean).
 */
export function firmGrowthRates(run: Run, opts: FactOptions): FirmGrowth | string {
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return w;
  const pairs = yearPairs(run, w);
  if (typeof pairs === "string") return pairs;
  const minSize = opts.minFirmSize ?? 5;
  const growth: number[] = [];
  for (const [t0, t1] of pairs) {
    const g = survivorsGrowth(run, t0, t1, minSize).growth;
    const m = mean(g);
    for (const x of g) growth.push(x - m);
  }
  if (growth.length < 30) {
    return `only ${growth.length} firms with ${minSize}+ employees survive a year in ${
      windowText(w)
    } (need 30)`;
  }
  return { growth: Float64Array.from(growth), pairs };
}

/**
 * Pairs of window `w`'s snapshots of the firms table about a year apart, chained (t₁ the
 * snapshot nearest t₀ + 365 days, within 45 days; the next pair starts at t₁); or a reason.
 */
function yearPairs(run: Run, w: Window): [number, number][] | string {
  const snaps = run.snapshots.filter((s) =>
    s >= w.from && s <= w.to && hasColumns(run, "firms", s, ["id", "employees"])
  );
  const pairs: [number, number][] = [];
  for (let i = 0; i < snaps.length;) {
    const t0 = snaps[i];
    let best = -1;
    for (let j = i + 1; j < snaps.length; j++) {
      const gap = Math.abs(snaps[j] - t0 - YEAR);
      if (gap <= 45 && (best < 0 || gap < Math.abs(snaps[best] - t0 - YEAR))) best = j;
    }
    if (best < 0) break;
    pairs.push([t0, snaps[best]]);
    i = best;
  }
  if (pairs.length === 0) {
    return `needs two snapshots about 365 days apart in ${
      windowText(w)
    }; the run has ${snaps.length} there (write snapshots every 30 days or so)`;
  }
  return pairs;
}

/**
 * The firms with at least `minSize` employees at snapshot `t0` and some at `t1`: their head count
 * at `t0` and their log growth ln(employees at t₁ / employees at t₀), in the order of `t0`'s rows.
 */
function survivorsGrowth(
  run: Run,
  t0: number,
  t1: number,
  minSize: number,
): { size: number[]; growth: number[] } {
  const id1 = run.column("firms", "id", t1);
  const emp1 = run.column("firms", "employees", t1);
  const at1 = new Map<number, number>();
  for (let i = 0; i < id1.length; i++) at1.set(id1[i], emp1[i]);
  const id0 = run.column("firms", "id", t0);
  const emp0 = run.column("firms", "employees", t0);
  const size: number[] = [];
  const growth: number[] = [];
  for (let i = 0; i < id0.length; i++) {
    const e1 = at1.get(id0[i]);
    if (emp0[i] >= minSize && e1 !== undefined && e1 > 0) {
      size.push(emp0[i]);
      growth.push(Math.log(e1 / emp0[i]));
    }
  }
  return { size, growth };
}

/** One size class of {@link firmGrowthBySize}. */
export interface SizeClass {
  /** Smallest and largest head count at the start of the year in the class. */
  from: number;
  to: number;
  /** Firm-years in the class. */
  firms: number;
  /** Geometric mean head count at the start of the year. */
  size: number;
  /** Mean and standard deviation of the year's log growth (relative to the year's mean). */
  meanGrowth: number;
  sdGrowth: number;
}

/** Gibrat's law, tested by {@link firmGrowthBySize}. */
export interface GrowthBySize {
  /** Size classes of equal counts, smallest first. */
  classes: SizeClass[];
  /** Least-squares slope of log growth on log size over all firm-years (Gibrat: 0). */
  gibratSlope: number;
  /** β of sd(growth) ∝ size^−β across the classes (Stanley et al. 1996: about 0.15-0.2). */
  volatilityExponent: number;
  /** Firm-years measured and the snapshot pairs they come from. */
  firmYears: number;
  pairs: [number, number][];
}

/**
 * Firm growth by size: the annual log growth of employees of the firms alive at two snapshots
 * about a year apart in the window (pairs chained as {@link firmGrowthRates} chains them, firms
 * with at least `minFirmSize` employees at the first, default 1; each pair's mean removed, which
 * takes out the year's aggregate growth), grouped into `classes` classes of equal counts by size
 * at the start of the year. Gibrat's law (Gibrat 1931) says growth is independent of size: the
 * slope of growth on log size is 0. In the data the mean holds roughly for large firms and the
 * small grow faster conditional on survival (Evans 1987, J. Ind. Econ. 35:567; Hall 1987, J. Ind.
 * Econ. 35:583), and the standard deviation falls with size as size^−β with β about 0.15-0.2
 * (Stanley et al. 1996, Nature 379:804; Amaral et al. 1997, J. Phys. I France 7:621), much less
 * than the 0.5 of a firm made of independent parts. In a random-growth process the size
 * distribution's upper tail follows the largest firms' drift and variance (Gabaix 1999, QJE
 * 114:739): a drift below −σ²/2 thins the tail below Zipf's law. Not a fact of the catalogue:
 * the literature gives no range a verdict could rest on for the slope, which depends on the
 * smallest size kept.
 *
 * @param run The run (with snapshots of the firms table a year apart in the window).
 * @param opts Burn-in, window, smallest firm (`minFirmSize`, default 1), and `classes` (10).
 * @returns The classes, the slope and β; or a reason the run cannot give them.
 */
export function firmGrowthBySize(
  run: Run,
  opts: FactOptions & { classes?: number } = {},
): (GrowthBySize & Displayable) | string {
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return w;
  const pairs = yearPairs(run, w);
  if (typeof pairs === "string") return pairs;
  const minSize = opts.minFirmSize ?? 1;
  const k = opts.classes ?? 10;
  if (!Number.isInteger(k) || k < 2) {
    throw new RangeError(`firmGrowthBySize: classes ${k} must be an integer of at least 2`);
  }
  const rows: { size: number; growth: number }[] = [];
  for (const [t0, t1] of pairs) {
    const { size, growth } = survivorsGrowth(run, t0, t1, minSize);
    const m = mean(growth);
    for (let i = 0; i < size.length; i++) rows.push({ size: size[i], growth: growth[i] - m });
  }
  if (rows.length < 10 * k) {
    return `only ${rows.length} firm-years with ${minSize}+ employees survive a year (need ${
      10 * k
    } for ${k} classes)`;
  }
  rows.sort((a, b) => a.size - b.size);
  const classes: SizeClass[] = [];
  for (let c = 0; c < k; c++) {
    const part = rows.slice(
      Math.floor((c * rows.length) / k),
      Math.floor(((c + 1) * rows.length) / k),
    );
    const g = part.map((r) => r.growth);
    const logSize = mean(part.map((r) => Math.log(r.size)));
    classes.push({
      from: part[0].size,
      to: part[part.length - 1].size,
      firms: part.length,
      size: Math.exp(logSize),
      meanGrowth: mean(g),
      sdGrowth: sampleStandardDeviation(g),
    });
  }
  const fit = olsSlope(rows.map((r) => Math.log(r.size)), rows.map((r) => r.growth));
  const scaling = olsSlope(
    classes.map((c) => Math.log(c.size)),
    classes.map((c) => Math.log(c.sdGrowth)),
  );
  const result: GrowthBySize = {
    classes,
    gibratSlope: fit.slope,
    volatilityExponent: -scaling.slope,
    firmYears: rows.length,
    pairs,
  };
  // In a notebook, the classes as a table, the slope and β in its caption.
  return withHtmlDisplay(result, (g) =>
    htmlTable({
      "employees from": g.classes.map((c) => c.from),
      to: g.classes.map((c) => c.to),
      "firm-years": g.classes.map((c) => c.firms),
      "mean size": g.classes.map((c) => c.size),
      "mean growth": g.classes.map((c) => c.meanGrowth),
      "sd growth": g.classes.map((c) => c.sdGrowth),
    }, {
      digits: 3,
      caption: `Gibrat slope ${g.gibratSlope.toFixed(3)}, sd ∝ size^-${
        g.volatilityExponent.toFixed(2)
      }, ${g.firmYears} firm-years`,
    }));
}

/**
 * Shape of the distribution of annual firm growth rates: Subbotin shape b of the log growth of
 * employees, ln(n₁ / n₀), of firms alive at two snapshots about 365 days apart in the window
 * (at least 5 employees at the first; pairs chained through the window's snapshots, rates
 * demeaned per pair), by the method of moments (E|x| / √E x² = Γ(2/b) / √(Γ(1/b) Γ(3/b))).
 *
 * Target 0.6–1.4: growth rates have a Laplace "tent", b ≈ 1, not the Gaussian (b = 2) of
 * independent shocks (Bottazzi & Secchi 2006, "Explaining the distribution of firm growth
 * rates", RAND J. Econ. 37:235; Stanley et al. 1996, Nature 379:804).
 *
 * @param run The run (with snapshots a year apart in the window).
 * @param opts Burn-in, window, smallest firm.
 * @returns b̂, or NaN with a note.
 */
export function firmGrowthShape(run: Run, opts: FactOptions = {}): Measure {
  const g = firmGrowthRates(run, opts);
  if (typeof g === "string") return na(g);
  return {
    value: subbotinShape(g.growth),
    note: `Subbotin b by moments of ${g.growth.length} annual log growth rates of employees ` +
      `(firms with ${opts.minFirmSize ?? 5}+ employees), ${g.pairs.length} snapshot pair(s) ` +
      g.pairs.map(([a, b]) => `${a}→${b}`).join(", "),
  };
}

/** Firms entering (or exiting) per year over the mean number of firms, on the window. */
function turnoverRate(run: Run, flow: "firm_entries" | "firm_exits", opts: FactOptions): Measure {
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, [flow, "firms"], w);
  if (typeof s === "string") return na(s);
  const flows = s.cols[flow].reduce((a, b) => a + b, 0);
  const stock = mean(s.cols.firms);
  if (!(stock > 0)) return na(`no firms in ${windowText(w)}`);
  const years = s.ticks.length / YEAR;
  return {
    value: flows / stock / years,
    note: `${flows} ${flow.replace("firm_", "")} over ${windowText(w)} per year, over the mean ` +
      `of KPI firms (${stock.toFixed(0)})`,
  };
}

/**
 * Firm entry rate per year: entrants (KPI `firm_entries`, summed over the window, at least a
 * year after the burn-in) per year over the mean number of firms (KPI `firms`).
 *
 * Target 0.05–0.2: entry rates of 5–20 % a year across industrial and emerging economies
 * (Bartelsman, Haltiwanger & Scarpetta 2009, "Measuring and analyzing cross-country differences
 * in firm dynamics", in Dunne, Jensen & Roberts (eds.), Producer Dynamics, NBER/University of
 * Chicago Press, pp. 15–76).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Entrants per firm per year, or NaN with a note.
 */
export function firmEntryRate(run: Run, opts: FactOptions = {}): Measure {
  return turnoverRate(run, "firm_entries", opts);
}

/**
 * Firm exit rate per year: exits (KPI `firm_exits`, summed over the window, at least a year after
 * the burn-in) per year over the mean number of firms (KPI `firms`).
 *
 * Target 0.05–0.2: exit rates of 5–20 % a year (Bartelsman, Haltiwanger & Scarpetta 2009, in
 * Producer Dynamics, NBER, pp. 15–76).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Exits per firm per year, or NaN with a note.
 */
export function firmExitRate(run: Run, opts: FactOptions = {}): Measure {
  return turnoverRate(run, "firm_exits", opts);
}

/**
 * Drift of the number of firms: least-squares slope per year of KPI `firms` over the window (at
 * least three years after the burn-in), divided by its mean; signed.
 *
 * Target −2 … +2 % a year: with a stable population the number of firms should not trend; the
 * count of US employer firms grew about 1 % a year over 1978–2019 with the labor force (Census
 * Bureau, Business Dynamics Statistics). A larger drift is the model not having settled.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Relative change per year, or NaN with a note.
 */
export function firmCountDrift(run: Run, opts: FactOptions = {}): Measure {
  return relativeDrift(run, "firms", opts);
}

/**
 * One-year survival of entrants: firms that reached their first birthday in business (KPI
 * `firm_first_birthdays`, on the window's days from its 366th) over the firms that entered a year
 * before them (KPI `firm_entries`, on the window's days up to a year before its end), so each
 * entrant of the window's first `days − 365` days is counted once in both sums. Needs two years
 * after the burn-in.
 *
 * Target 0.7–0.9: about four in five new US establishments are in business a year later, 66 %
 * two years later and 44 % four years later (Knaup 2005, "Survival and longevity in the Business
 * Employment Dynamics data", Monthly Labor Review 128(5):50; Knaup & Piazza 2007, MLR
 * 130(9):3); the young that survive grow fast, "up or out" (Haltiwanger, Jarmin & Miranda 2013,
 * REStat 95:347).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The share of entrants alive a year after entry, or NaN with a note.
 */
export function entrantSurvival(run: Run, opts: FactOptions = {}): Measure {
  const w = factWindow(run, opts, 2 * YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, ["firm_entries", "firm_first_birthdays"], w);
  if (typeof s === "string") return na(s);
  let entries = 0;
  let survivors = 0;
  for (let i = 0; i < s.ticks.length; i++) {
    if (s.ticks[i] <= w.to - YEAR) entries += s.cols.firm_entries[i];
    if (s.ticks[i] >= w.from + YEAR) survivors += s.cols.firm_first_birthdays[i];
  }
  if (entries < 20) {
    return na(`only ${entries} entrants in ticks ${w.from}–${w.to - YEAR} (need 20)`);
  }
  return {
    value: survivors / entries,
    note: `${survivors} of the ${entries} entrants of ticks ${w.from}–${
      w.to - YEAR
    } in business a year later`,
  };
}
