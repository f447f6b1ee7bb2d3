/**
 * A calibration's state, as `calibration.json` holds it between batches and, once done, with
 * its result; read and written atomically (a crash leaves the old state or the new one).
 *
 * @module
 */
import { join } from "node:path";
import { writeAtomic } from "../engine/snapshot/parquet.ts";
import type { NelderMeadState } from "./local_search.ts";
import type { PointMoments, Weighting } from "./loss.ts";
import type { SensitivityResult } from "./sensitivity.ts";
import type { CalibrationSpec, Target } from "./spec.ts";
import type { IdentifiabilityWarning, MomentFit, Profile } from "./uncertainty.ts";

/** The format tag of `calibration.json`. */
export const CALIBRATION_FORMAT = "panarchy-calibration/1";
/** The state file in a calibration's folder. */
export const STATE_FILE = "calibration.json";

/** Where a point came from. */
export type Stage = "start" | "search" | "refine";

/** One evaluated point. */
export interface Evaluation {
  /** Index of the point (its partition in the dataset). */
  point: number;
  stage: Stage;
  /** The batch it was evaluated in. */
  batch: number;
  /** Coordinates in the unit cube. */
  unit: number[];
  /** The parameters' values. */
  values: Record<string, number>;
  /** Per target moment, the value of each seed (null when not measured). */
  moments: PointMoments;
  /** Runs of the point that failed. */
  failed: number;
  /** The loss under the calibration's weighting (Infinity when a moment is missing). */
  loss: number;
}

/** A parameter's estimate. */
export interface Estimate {
  path: string;
  value: number;
  /** 95% bootstrap percentile interval. */
  interval: [number, number];
  /**
   * 95% interval from the asymptotic standard errors of the method of simulated moments
   * (estimate ± 1.96 se, clipped to the bounds; null when the local Jacobian is degenerate).
   */
  asymptotic: [number, number] | null;
  bounds: [number, number];
}

/** The result of a finished calibration. */
export interface CalibrationResult {
  /** The evaluation of least loss. */
  best: number;
  loss: number;
  estimates: Estimate[];
  fit: MomentFit[];
  /** Standard deviation of the loss at the estimate over the bootstrap draws. */
  lossNoise: number;
  /** Bootstrap draws of the estimate, in parameter values (for trade-off plots). */
  draws: Record<string, number>[];
  profiles: Profile[];
  warnings: IdentifiabilityWarning[];
  sensitivity: SensitivityResult | null;
  /**
   * The Halton-only baseline (`method.baseline`): the same budget, starts and seeds with Halton
   * sampling instead of the surrogate search and no refinement, in `<dir>/baseline/`.
   */
  baseline: {
    curve: LossCurve;
    /** Runs the calibration needed to reach the baseline's final best loss (null: never). */
    reachedAfter: number | null;
  } | null;
}

/** The state and result of a calibration, as `calibration.json` holds them. */
export interface CalibrationState {
  format: typeof CALIBRATION_FORMAT;
  name: string;
  engine: string;
  /** SHA-256 of the spec as resolved (a different spec cannot continue this state). */
  spec_hash: string;
  spec: Omit<CalibrationSpec, "locate">;
  /** Every target, those of the facts catalogue included, in moment order. */
  targets: Target[];
  /** The run-row column of each target. */
  columns: string[];
  seeds: number[];
  /** Points the budget pays for, by stage. */
  plan: { starts: number; search: number; refine: number };
  /** Fixed after the starts. */
  weighting: Weighting | null;
  evaluations: Evaluation[];
  batches: number;
  /** The Nelder–Mead search, between batches of the refinement. */
  refine: NelderMeadState | null;
  done: boolean;
  result: CalibrationResult | null;
}

/** A search's progress: the least loss found after each batch, against the runs spent. */
export type LossCurve = { runs: number; loss: number }[];

/** The least loss so far after each batch of a calibration, against the runs spent. */
export function bestLossCurve(state: CalibrationState): LossCurve {
  const out: LossCurve = [];
  let best = Infinity;
  state.evaluations.forEach((e, i) => {
    best = Math.min(best, e.loss);
    const next = state.evaluations[i + 1];
    if (!next || next.batch !== e.batch) {
      out.push({ runs: (i + 1) * state.seeds.length, loss: best });
    }
  });
  return out;
}

/** The evaluation of least loss. */
export function bestEvaluation(state: CalibrationState): Evaluation {
  return state.evaluations.reduce((a, b) => (b.loss < a.loss ? b : a));
}

/** Reads a calibration's state, or null when the folder has none. */
export async function readState(dir: string): Promise<CalibrationState | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(dir, STATE_FILE));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  let state: CalibrationState;
  try {
    state = JSON.parse(text, (_k, v) => (v === "Infinity" ? Infinity : v));
  } catch (e) {
    throw new Error(
      `${join(dir, STATE_FILE)} is not valid JSON (${e instanceof Error ? e.message : e}); ` +
        `the calibration cannot continue from it: give another --out`,
    );
  }
  if (state?.format !== CALIBRATION_FORMAT) {
    throw new Error(
      `${join(dir, STATE_FILE)} is not a PANARCHY calibration (format ` +
        `"${state?.format}", expected "${CALIBRATION_FORMAT}")`,
    );
  }
  return state;
}

/** Writes the state atomically (Infinity as the string "Infinity": JSON has no infinities). */
export async function saveState(dir: string, state: CalibrationState): Promise<void> {
  const text = JSON.stringify(state, (_k, v) => (v === Infinity ? "Infinity" : v), 1);
  await writeAtomic(join(dir, STATE_FILE), text + "\n");
}
