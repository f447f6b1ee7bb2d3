/**
 * The measurement window of the stylized facts and the series cut to it (private to
 * analysis/facts/): every fact is measured on the same fixed span of days after a fixed burn-in,
 * so a verdict does not flip with the length of the run.
 * @module
 */
import type { Run } from "../run.ts";
import { snapshotList } from "../run.ts";
import { mean, olsSlope } from "../stats.ts";
import { BURN_IN_DAYS, type FactOptions, type Measure, na, WINDOW_DAYS } from "./_common.ts";

/** Days per year, month and quarter of the facts' calendars. */
export const YEAR = 365;
export const MONTH = YEAR / 12;
export const QUARTER = YEAR / 4;

/** The span a fact is measured on: KPI ticks `from`…`to`, both included. */
export interface Window {
  /** First tick of the window (first KPI tick + burn-in). */
  from: number;
  /** Last tick: the window's end, or the run's last KPI tick when the run ends earlier. */
  to: number;
  /** Days covered, to − from + 1. */
  days: number;
  /** Days the full window has. */
  length: number;
  /** Days of burn-in. */
  burnIn: number;
}

/**
 * The window of a run, or why it cannot be measured: a run that covers fewer than `minDays`
 * days after the burn-in gets a sentence saying how long it has to be.
 */
export function factWindow(run: Run, opts: FactOptions, minDays: number): Window | string {
  const burnIn = opts.burnIn ?? BURN_IN_DAYS;
  const length = opts.window ?? WINDOW_DAYS;
  const t = run.ticks();
  if (t.length === 0) return "the run has no KPI rows";
  const from = t[0] + burnIn;
  const to = Math.min(from + length - 1, t[t.length - 1]);
  const days = Math.max(0, to - from + 1);
  const need = Math.min(minDays, length);
  if (days < need) {
    return `needs ${need} days after a burn-in of ${burnIn} days (a run of at least ${
      burnIn + need
    } days); this run has ${days} after the burn-in`;
  }
  return { from, to, days, length, burnIn };
}

/** "ticks 731–2555" plus "(partial window: 400 of 1825 days)" when the run ended early. */
export function windowText(w: Window): string {
  const partial = w.days < w.length ? ` (partial window: ${w.days} of ${w.length} days)` : "";
  return `ticks ${w.from}–${w.to}${partial}`;
}

/** KPIs whose unit says % or percent are read as shares. */
export function kpiScale(run: Run, name: string): number {
  return /%|percent/i.test(run.kpiUnit(name)) ? 0.01 : 1;
}

/** The first KPI of `names` the run lacks, as a reason, or null. */
export function missingKpi(run: Run, names: string[]): string | null {
  const missing = names.filter((n) => !run.hasKpi(n));
  return missing.length ? `the run has no KPI ${missing.join(", ")}` : null;
}

/** KPI columns on the window, rows where every named KPI is finite (% read as shares). */
export interface WindowSeries {
  ticks: number[];
  cols: Record<string, number[]>;
}

/** The named KPIs on the window's ticks where all of them are finite, or a reason. */
export function kpiWindow(run: Run, names: string[], w: Window): WindowSeries | string {
  const miss = missingKpi(run, names);
  if (miss) return miss;
  const t = run.ticks();
  const series = names.map((n) => run.kpiSeries(n));
  const scale = names.map((n) => kpiScale(run, n));
  const ticks: number[] = [];
  const cols: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < t.length; i++) {
    if (t[i] < w.from || t[i] > w.to) continue;
    if (!series.every((s) => Number.isFinite(s[i]))) continue;
    ticks.push(t[i]);
    names.forEach((n, j) => cols[n].push(series[j][i] * scale[j]));
  }
  if (ticks.length === 0) return `no finite ${names.join(", ")} in ${windowText(w)}`;
  return { ticks, cols };
}

/** Sums of KPIs over a fact's window, and the window's description. */
export interface WindowSums {
  sums: Record<string, number>;
  /** The window, as {@link windowText} describes it. */
  text: string;
}

/**
 * Sums of the daily KPIs `names` over the window (at least `minDays` after the burn-in), for
 * facts that are a ratio of flows or stocks summed over it (a rate per employee-day, hires per
 * vacancy-day); a string saying why not where they cannot be had.
 */
export function kpiSums(
  run: Run,
  names: string[],
  opts: FactOptions,
  minDays = YEAR,
): WindowSums | string {
  const w = factWindow(run, opts, minDays);
  if (typeof w === "string") return w;
  const s = kpiWindow(run, names, w);
  if (typeof s === "string") return s;
  const sums: Record<string, number> = {};
  for (const n of names) {
    let sum = 0;
    for (const v of s.cols[n]) sum += v;
    sums[n] = sum;
  }
  return { sums, text: windowText(w) };
}

/**
 * Mean of a KPI over the window (at least `minDays` after the burn-in) as a Measure.
 */
export function kpiMean(run: Run, name: string, opts: FactOptions, minDays = YEAR): Measure {
  const w = factWindow(run, opts, minDays);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, [name], w);
  if (typeof s === "string") return na(s);
  return {
    value: mean(s.cols[name]),
    note: `mean of KPI ${name} over ${windowText(w)}, ${s.ticks.length} days`,
  };
}

/**
 * Means of the named KPIs over consecutive blocks of `blockDays` days from the window's start
 * (quarters: 91.25 days); the last, incomplete block is dropped. A block with no finite value
 * of a KPI makes the whole a reason.
 */
export function blockMeans(
  run: Run,
  names: string[],
  w: Window,
  blockDays: number,
): { start: number[]; cols: Record<string, number[]> } | string {
  const miss = missingKpi(run, names);
  if (miss) return miss;
  const nBlocks = Math.floor(w.days / blockDays);
  const t = run.ticks();
  const start = Array.from({ length: nBlocks }, (_, b) => w.from + Math.ceil(b * blockDays));
  const cols: Record<string, number[]> = {};
  for (const name of names) {
    const s = run.kpiSeries(name);
    const k = kpiScale(run, name);
    const sum = new Float64Array(nBlocks);
    const cnt = new Float64Array(nBlocks);
    for (let i = 0; i < t.length; i++) {
      if (t[i] < w.from || !Number.isFinite(s[i])) continue;
      const b = Math.floor((t[i] - w.from) / blockDays);
      if (b >= nBlocks) continue;
      sum[b] += s[i] * k;
      cnt[b]++;
    }
    const out: number[] = [];
    for (let b = 0; b < nBlocks; b++) {
      if (cnt[b] === 0) return `KPI ${name} has no finite value in block ${b} of ${windowText(w)}`;
      out.push(sum[b] / cnt[b]);
    }
    cols[name] = out;
  }
  return { start, cols };
}

/** Least-squares slope per year of `values` on `ticks`, and the mean of `values`. */
export function trendPerYear(ticks: number[], values: number[]): { slope: number; mean: number } {
  const years = ticks.map((t) => t / YEAR);
  return { slope: olsSlope(years, values).slope, mean: mean(values) };
}

/** True when the run has a non-empty table `name` at snapshot `tick`. */
export function hasRows(run: Run, table: string, tick: number): boolean {
  if (!run.tableNames.includes(table) || !run.snapshots.includes(tick)) return false;
  try {
    return run.table(table, tick).numRows > 0;
  } catch {
    return false;
  }
}

/** True when table `name` at snapshot `tick` has every named column. */
export function hasColumns(run: Run, table: string, tick: number, columns: string[]): boolean {
  if (!hasRows(run, table, tick)) return false;
  const t = run.table(table, tick);
  return columns.every((c) => t.getChild(c) !== null);
}

/**
 * The snapshots a cross-section is measured on: `opts.tick` when given, else every snapshot in
 * the window that has table `table` with the named columns; or a reason.
 */
export function windowSnapshots(
  run: Run,
  table: string,
  columns: string[],
  opts: FactOptions,
): { ticks: number[]; text: string } | string {
  if (opts.tick !== undefined) {
    if (!hasColumns(run, table, opts.tick, columns)) {
      return `no ${table} with ${columns.join(", ")} at snapshot ${opts.tick}`;
    }
    return { ticks: [opts.tick], text: `snapshot ${opts.tick}` };
  }
  const w = factWindow(run, opts, 1);
  if (typeof w === "string") return w;
  const inWindow = run.snapshots.filter((s) => s >= w.from && s <= w.to);
  const ticks = inWindow.filter((s) => hasColumns(run, table, s, columns));
  if (ticks.length === 0) {
    return `no snapshot with ${table} (${columns.join(", ")}) in ${windowText(w)}; snapshots: ${
      snapshotList(run.snapshots)
    } (write snapshots during the run, or pass { tick })`;
  }
  const text = ticks.length === 1
    ? `snapshot ${ticks[0]}`
    : `${ticks.length} snapshots ${ticks[0]}–${ticks[ticks.length - 1]}`;
  return { ticks, text: `${text} in ${windowText(w)}` };
}

/**
 * Signed relative drift of a KPI: least-squares slope per year over the window (at least three
 * years after the burn-in) divided by the window mean.
 */
export function relativeDrift(run: Run, name: string, opts: FactOptions): Measure {
  const w = factWindow(run, opts, 3 * YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, [name], w);
  if (typeof s === "string") return na(s);
  const { slope, mean: m } = trendPerYear(s.ticks, s.cols[name]);
  if (!(m !== 0 && Number.isFinite(slope))) return na(`KPI ${name} is constant 0 or undefined`);
  return {
    value: slope / m,
    note: `least-squares slope per year of daily KPI ${name} over ${windowText(w)}, over its ` +
      `mean ${formatMean(m)}`,
  };
}

function formatMean(m: number): string {
  return Math.abs(m) >= 100 ? m.toFixed(0) : m.toPrecision(3);
}
