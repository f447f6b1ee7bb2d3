/**
 * How much a fact's verdict owes to the window it is measured on. A statistic of the business
 * cycle taken on five years (20 quarters) has a wide sampling spread: the volatility of output in
 * one quiet half-decade is half that of a turbulent one, in the data as in a model. This module
 * measures that spread in two places with the catalogue's own estimators:
 *
 * - in a reference economy's quarterly data ({@link usMacroData}, the US 1959Q1-2009Q3): the
 *   cycle facts and unemployment's drift on every window of n consecutive quarters
 *   ({@link referenceWindows}), the share of windows inside the fact's target, and from it the
 *   chance that k independent windows (k seeds of a model as variable as the data) all pass;
 * - in a long run ({@link factOverWindows}): the fact on each window of a fixed length, stepped
 *   through the run after its burn-in.
 *
 * Windows slide by one quarter in the data, so neighbouring windows share most of their quarters;
 * the share of passing windows is the chance for one window drawn at random from the period, and
 * `allPass` treats k windows as independent, as k seeds of a model are.
 *
 * @example
 * ```ts
 * import { referenceWindows, usMacroData } from "./windows.ts";
 * const rows = referenceWindows(await usMacroData(), 20);
 * rows.find((r) => r.id === "output_volatility")?.passShare; // 0.685 (126 of 184 windows): in
 * // the other 58, US output swung less than the target's 0.8 % floor
 * ```
 *
 * @module
 */
import { type Figure, type FigureOptions, kpiLines } from "../plots.ts";
import type { Run } from "../run.ts";
import { quantile } from "../stats.ts";
import { BURN_IN_DAYS, type FactOptions, type FactSpec, WINDOW_DAYS } from "./_common.ts";
import { FACTS } from "./catalogue.ts";
import { CYCLE_MOMENTS, cyclesOf, MIN_QUARTERS } from "./cycle.ts";
import { trendPerYear, YEAR } from "./_window.ts";

/** A reference economy's quarterly data, with the names of the runs' KPIs. */
export interface ReferenceEconomy {
  /** What it is, e.g. "United States 1959Q1-2009Q3". */
  name: string;
  /** Where the data come from. */
  source: string;
  /** Each quarter's label, e.g. "1959Q1". */
  quarters: string[];
  /**
   * Quarterly series by KPI name, in the units the runs' KPIs have after the facts' scaling
   * (rates as shares): `gdp_real`, `consumption_real`, `investment_real`, `unemployment_rate`.
   */
  series: Record<string, Float64Array>;
}

/** The cycle facts, by id. */
export type CycleFactId = keyof typeof CYCLE_MOMENTS;

/**
 * Facts of the catalogue that read one series as it is, without a filter, and so can be
 * measured on a reference economy's quarters: each with that series and the fact's estimator
 * on quarterly values (the runs' facts apply it to daily KPIs).
 */
const TREND_FACTS = {
  // The least-squares slope per year, in points, as unemploymentDrift (labor.ts) measures it.
  unemployment_drift: {
    series: "unemployment_rate",
    of: (y: Float64Array) => {
      const ticks = Array.from(y, (_, i) => (i * YEAR) / 4);
      return 100 * trendPerYear(ticks, Array.from(y)).slope;
    },
  },
} as const;

/** The facts a reference economy's quarters can be measured for: the cycle facts and drifts. */
export type ReferenceFactId = CycleFactId | keyof typeof TREND_FACTS;

function isTrendFact(id: ReferenceFactId): id is keyof typeof TREND_FACTS {
  return id in TREND_FACTS;
}

/** The CSV's columns and the KPI each becomes, with its scale. */
const US_COLUMNS: Record<string, [string, number]> = {
  realgdp: ["gdp_real", 1],
  realcons: ["consumption_real", 1],
  realinv: ["investment_real", 1],
  unemp: ["unemployment_rate", 0.01],
};

const US_FILE = new URL("../data/us_macrodata_1959q1_2009q3.csv", import.meta.url);

/**
 * Parses the US quarterly data of `analysis/data/` (the statsmodels `macrodata` CSV: header
 * `"year","quarter","realgdp",...`; see `analysis/data/README.md`). Throws, naming the column or
 * line and the file, on text of another shape.
 *
 * @param text The CSV's text.
 * @param file Where it was read from, for errors.
 */
export function parseUsMacrodata(text: string, file = "the US macro data"): ReferenceEconomy {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.replace(/^"|"$/g, ""));
  const need = ["year", "quarter", ...Object.keys(US_COLUMNS)];
  const missing = need.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `${file}: no column ${missing.join(", ")} in the header; expected the statsmodels ` +
        `macrodata CSV (columns ${need.join(", ")})`,
    );
  }
  const at = Object.fromEntries(need.map((c) => [c, header.indexOf(c)]));
  const rows = lines.slice(1);
  const series: Record<string, Float64Array> = {};
  for (const [, [kpi]] of Object.entries(US_COLUMNS)) series[kpi] = new Float64Array(rows.length);
  const quarters: string[] = [];
  rows.forEach((line, i) => {
    const cells = line.split(",");
    const num = (c: string) => {
      const v = Number(cells[at[c]]);
      if (cells[at[c]] === undefined || cells[at[c]] === "" || !Number.isFinite(v)) {
        throw new Error(`${file}: line ${i + 2} has no number in column ${c}: "${line}"`);
      }
      return v;
    };
    quarters.push(`${num("year")}Q${num("quarter")}`);
    for (const [col, [kpi, scale]] of Object.entries(US_COLUMNS)) series[kpi][i] = num(col) * scale;
  });
  return {
    name: `United States ${quarters[0]}-${quarters[quarters.length - 1]}`,
    source: "FRED and BLS, compiled for statsmodels' macrodata (public domain); " +
      "analysis/data/README.md",
    quarters,
    series,
  };
}

/**
 * The US quarterly data, 1959Q1-2009Q3 (203 quarters): real GDP, real personal consumption
 * expenditures, real gross private domestic investment and the unemployment rate (FRED and BLS,
 * as statsmodels ships them; `analysis/data/README.md`). Needs read access to the repository.
 */
export async function usMacroData(): Promise<ReferenceEconomy> {
  return parseUsMacrodata(await Deno.readTextFile(US_FILE), US_FILE.pathname);
}

/**
 * A cycle fact (`id`, e.g. "okun") of a reference economy's quarters `from` (inclusive) to `to`
 * (exclusive), by the catalogue's estimator: HP(1600) cycles of the span's quarters (logs for
 * output, consumption and investment), then the fact's statistic. A drift
 * (`unemployment_drift`) is the least-squares slope per year of the span's quarters, unfiltered.
 * NaN when the economy lacks a series the fact needs.
 */
export function referenceMoment(
  economy: ReferenceEconomy,
  id: ReferenceFactId,
  from = 0,
  to = economy.quarters.length,
): number {
  if (!hasSeries(economy, id)) return NaN;
  if (!(to - from >= MIN_QUARTERS) || from < 0 || to > economy.quarters.length) {
    throw new RangeError(
      `referenceMoment(): quarters ${from}-${to} of ${economy.name}: a span needs at least ` +
        `${MIN_QUARTERS} quarters inside the data's ${economy.quarters.length}`,
    );
  }
  if (isTrendFact(id)) {
    const t = TREND_FACTS[id];
    return t.of(economy.series[t.series].subarray(from, to));
  }
  const m = CYCLE_MOMENTS[id];
  const names = [...m.logged, ...m.levels];
  const span = Object.fromEntries(names.map((n) => [n, economy.series[n].subarray(from, to)]));
  const cycle = cyclesOf(span, m.logged, m.levels);
  if (typeof cycle === "string") throw new Error(`${economy.name}: ${cycle}`);
  return m.of(cycle);
}

/** One cycle fact of a reference economy, on its whole span and on its windows. */
export interface ReferenceWindows {
  /** The fact's id. */
  id: ReferenceFactId;
  /** The fact's target range. */
  target: [number, number];
  /** The fact on the whole span. */
  whole: number;
  /** Quarters per window. */
  quarters: number;
  /** Windows measured (every start quarter, sliding by one). */
  windows: number;
  /** Median, 5th and 95th percentiles of the windows' values. */
  median: number;
  p05: number;
  p95: number;
  /** Share of windows inside the target. */
  passShare: number;
  /** `passShare` to the power `seeds`: the chance that as many independent windows all pass. */
  allPass: number;
  /** The `seeds` of `allPass`. */
  seeds: number;
  /** Each window's value, by its first quarter (window i covers quarters i to i + quarters - 1). */
  values: number[];
}

/**
 * Every cycle fact the reference economy has the series for (Beveridge needs vacancies, which the
 * US data lack), then the drifts (unemployment's), on its whole span and on every window of
 * `quarters` consecutive quarters.
 *
 * @param economy The data, e.g. {@link usMacroData}.
 * @param quarters Quarters per window (20: the facts' five-year window); at least 12.
 * @param seeds Windows that must all pass, for `allPass` (5: the seeds of the README's table).
 */
export function referenceWindows(
  economy: ReferenceEconomy,
  quarters: number,
  seeds = 5,
): ReferenceWindows[] {
  const ids = [...Object.keys(CYCLE_MOMENTS), ...Object.keys(TREND_FACTS)] as ReferenceFactId[];
  return ids.filter((id) => hasSeries(economy, id))
    .map((id) => factWindows(economy, id, quarters, seeds, "referenceWindows"));
}

/** Whether the economy has every series fact `id` reads. */
function hasSeries(economy: ReferenceEconomy, id: ReferenceFactId): boolean {
  if (isTrendFact(id)) return TREND_FACTS[id].series in economy.series;
  const m = CYCLE_MOMENTS[id];
  return [...m.logged, ...m.levels].every((n) => n in economy.series);
}

/** One fact of {@link referenceWindows}; errors name `caller`. */
function factWindows(
  economy: ReferenceEconomy,
  id: ReferenceFactId,
  quarters: number,
  seeds: number,
  caller: string,
): ReferenceWindows {
  const n = economy.quarters.length;
  if (!Number.isInteger(quarters) || quarters < MIN_QUARTERS || quarters > n) {
    throw new RangeError(
      `${caller}(): quarters must be a whole number from ${MIN_QUARTERS} to ${n} ` +
        `(the data's length), got ${quarters}`,
    );
  }
  const [lo, hi] = specOf(id, caller).target;
  const values: number[] = [];
  for (let a = 0; a + quarters <= n; a++) {
    values.push(referenceMoment(economy, id, a, a + quarters));
  }
  const passShare = values.filter((v) => v >= lo && v <= hi).length / values.length;
  return {
    id,
    target: [lo, hi],
    whole: referenceMoment(economy, id),
    quarters,
    windows: values.length,
    median: quantile(values, 0.5),
    p05: quantile(values, 0.05),
    p95: quantile(values, 0.95),
    passShare,
    allPass: passShare ** seeds,
    seeds,
    values,
  };
}

/**
 * A cycle fact of the reference economy on each window of `quarters` quarters, drawn at the
 * window's last quarter, against the fact's target band: how the statistic of five years moved
 * over the decades (in the US data, output's volatility halves in the Great Moderation).
 *
 * @example
 * ```ts
 * import { plotReferenceWindows, usMacroData } from "./windows.ts";
 * plotReferenceWindows(await usMacroData(), "output_volatility"); // 184 windows, 1964-2009
 * ```
 */
export function plotReferenceWindows(
  economy: ReferenceEconomy,
  id: ReferenceFactId,
  quarters = 20,
  opts: FigureOptions = {},
): Figure {
  if (!hasSeries(economy, id)) {
    throw new Error(`plotReferenceWindows(): ${economy.name} lacks the series of "${id}"`);
  }
  const row = factWindows(economy, id, quarters, 1, "plotReferenceWindows");
  // A quarter's label "1963Q4" as the year it ends in, 1964.0.
  const end = row.values.map((_, i) => {
    const [y, q] = economy.quarters[i + quarters - 1].split("Q").map(Number);
    return y + q / 4;
  });
  return kpiLines({ tick: end, [id]: row.values }, [id], {
    xLabel: "year the window ends",
    xTickFormat: "d",
    yLabel: specOf(id, "plotReferenceWindows").unit,
    targetBand: row.target,
    title: opts.title ??
      `${id} of ${economy.name} on windows of ${quarters} quarters: ` +
        `${Math.round(100 * row.passShare)}% inside the target`,
    caption: opts.caption ??
      `${row.windows} windows; over the whole span ${row.whole.toPrecision(3)}. ${economy.source}`,
    ...opts,
  });
}

/** A fact's value on one window of a run. */
export interface WindowValue {
  /** Days of burn-in before the window (the window starts that long after the first KPI tick). */
  burnIn: number;
  /** The fact's value (NaN when not available there). */
  value: number;
  /** Whether it lies inside the target. */
  pass: boolean;
}

/**
 * A fact of the catalogue (any, by id) on successive windows of a run: the first `burnIn` days
 * after the run's first KPI tick (default 730), then windows of `window` days (default 1825)
 * starting every `step` days (default 365) for as long as a whole window fits in the run.
 *
 * @example
 * ```ts
 * import { openRun } from "../run_sources.ts";
 * import { factOverWindows } from "./windows.ts";
 * // a twenty-year run: the investment volatility of each five-year window, a year apart
 * const run = await openRun("snapshots/tiny_island/run1");
 * factOverWindows(run, "investment_volatility", { burnIn: 730, window: 1825, step: 365 });
 * ```
 */
export function factOverWindows(
  run: Run,
  id: string,
  opts: FactOptions & { step?: number } = {},
): WindowValue[] {
  const spec = specOf(id, "factOverWindows");
  const burnIn = opts.burnIn ?? BURN_IN_DAYS;
  const window = opts.window ?? WINDOW_DAYS;
  const step = opts.step ?? 365;
  if (!(step >= 1)) throw new RangeError(`factOverWindows(): step must be ≥ 1 day, got ${step}`);
  const t = run.ticks();
  const days = t.length === 0 ? 0 : t[t.length - 1] - t[0] + 1;
  const out: WindowValue[] = [];
  for (let b = burnIn; b + window <= days; b += step) {
    const value = spec.measure(run, { ...opts, burnIn: b, window }).value;
    out.push({ burnIn: b, value, pass: value >= spec.target[0] && value <= spec.target[1] });
  }
  return out;
}

/** The catalogue's fact `id`; an error naming `caller` when there is none. */
function specOf(id: string, caller: string): FactSpec {
  const spec = FACTS.find((f) => f.id === id);
  if (!spec) throw new Error(`${caller}(): no fact "${id}" in the catalogue`);
  return spec;
}
