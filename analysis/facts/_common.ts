/**
 * Shared types and series helpers of the stylized facts (private to analysis/facts/).
 * @module
 */
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../display.ts";
import type { Figure } from "../plots.ts";
import type { Run } from "../run.ts";
import { mean } from "../stats.ts";

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

export function notAvailable(reason: string): NotAvailable {
  return {
    reason,
    [JUPYTER_DISPLAY]: () => ({
      "text/html": `<p><i>not available: ${escapeHtml(reason)}</i></p>`,
      "text/plain": `not available: ${reason}`,
    }),
  };
}

export const na = (note: string): Measure => ({ value: NaN, note });

// Series helpers

/** Finite values of a KPI on the window after the burn-in, with their ticks. */
export function windowSeries(
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

export function windowStart(run: Run, opts: FactOptions): number {
  const t = run.ticks();
  if (t.length === 0) return 0;
  const span = t[t.length - 1] - t[0] + 1;
  return t[0] + (opts.burnIn ?? Math.floor(span / 4));
}

/** Mean of a KPI over the window, as a Measure. */
export function kpiMean(run: Run, name: string, opts: FactOptions): Measure {
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
export function periodMeans(
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

export function hasRows(run: Run, table: string, tick?: number): boolean {
  if (!run.tableNames.includes(table) || run.snapshots.length === 0) return false;
  try {
    return run.table(table, tick).numRows > 0;
  } catch {
    return false;
  }
}

export function tickOf(run: Run, opts: FactOptions): number {
  return opts.tick ?? run.defaultTick;
}
