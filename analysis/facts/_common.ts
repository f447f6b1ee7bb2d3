/**
 * Shared types of the stylized facts (private to analysis/facts/).
 * @module
 */
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../display.ts";
import type { Figure } from "../plots.ts";
import type { Run } from "../run.ts";

/** Outcome of one fact. */
export type FactStatus = "pass" | "fail" | "not available";

/** What a measure returns: the value (NaN when it cannot be measured) and a note on how. */
export interface Measure {
  /** The measured value; NaN when not available. */
  value: number;
  /** How it was measured (window, filter, estimator), or why it could not be. */
  note: string;
}

/** Days left out at the start of a run before any fact is measured. */
export const BURN_IN_DAYS = 730;
/** Days of the measurement window after the burn-in (five years). */
export const WINDOW_DAYS = 1825;

/** Options of the measures and of {@linkcode facts}. */
export interface FactOptions {
  /**
   * Days after the run's first KPI tick left out of every measure (the initial transient).
   * @default {730}
   */
  burnIn?: number;
  /**
   * Days of the measurement window that follows the burn-in. A run that ends inside the window
   * is measured on the part it covers when that part reaches the fact's minimum (the note says
   * "partial window"), else the fact is not available; a longer run is cut at the window's end,
   * so the verdict does not change with the run's length.
   * @default {1825}
   */
  window?: number;
  /**
   * One snapshot tick for the cross-section measures (wages, schooling, spells, firm sizes)
   * instead of every snapshot in the window.
   */
  tick?: number;
  /** Share of firms forming the tail of the Hill estimator. @default {0.1} */
  kFraction?: number;
  /** Smallest head count at the first of two snapshots for a firm's growth rate. @default {5} */
  minFirmSize?: number;
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
