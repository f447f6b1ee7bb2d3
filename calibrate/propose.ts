/**
 * Where a calibration looks next: the space-filling starts, then batches proposed by a
 * surrogate of the loss or of its moments (or more of a design), then Nelder–Mead steps from
 * the best point. Each proposal is a pure function of the evaluations before it and the
 * method's seed, so a calibration that continues from its saved state proposes what an
 * uninterrupted one would.
 *
 * @module
 */
import { haltonSequence, latinHypercube } from "../sweep/designs.ts";
import { proposeBatch } from "./acquisition.ts";
import { fitGaussianProcess } from "./gaussian_process.ts";
import { NelderMead } from "./local_search.ts";
import { meanMoments } from "./loss.ts";
import { fitMomentSurrogate } from "./moment_surrogate.ts";
import { fitRandomForest } from "./random_forest.ts";
import type { CalibrationSpec } from "./spec.ts";
import { bestEvaluation, type CalibrationState, type Stage } from "./state.ts";

/** The points of the next batch (unit cube), their stage, and the local search they step. */
export interface Batch {
  units: number[][];
  stage: Stage;
  search?: NelderMead;
}

/** The next batch's unit points and stage, or null when the budget is spent. */
export function nextBatch(
  spec: CalibrationSpec,
  state: CalibrationState,
): Batch | null {
  const m = spec.method;
  const dims = spec.parameters.length;
  const done = (stage: Stage) => state.evaluations.filter((e) => e.stage === stage).length;
  if (state.evaluations.length === 0) {
    const units = m.starts.design === "halton"
      ? haltonSequence(state.plan.starts, dims, {})
      : latinHypercube(state.plan.starts, dims, m.seed);
    return { units, stage: "start" };
  }
  const searched = done("search");
  if (searched < state.plan.search) {
    const batch = Math.min(m.batch, state.plan.search - searched);
    const seed = m.seed * 7919 + state.batches;
    const finite = state.evaluations.filter((e) => Number.isFinite(e.loss));
    if (m.search === "halton") {
      // More of the same low-discrepancy sequence, after the points already taken.
      return {
        units: haltonSequence(batch, dims, { skip: state.evaluations.length }),
        stage: "search",
      };
    }
    if (m.search === "lhs") return { units: latinHypercube(batch, dims, seed), stage: "search" };
    const x = finite.map((e) => e.unit);
    if (m.search === "gp_moments") {
      // The composite surrogate predicts the loss itself, on its own scale.
      const surrogate = fitMomentSurrogate(
        x,
        finite.map((e) => meanMoments(e.moments)),
        state.targets.map((t) => t.value),
        state.weighting!,
        { seed },
      );
      const evaluated = finite.map((e) => ({ x: e.unit, loss: e.loss }));
      return { units: proposeBatch(surrogate, evaluated, { batch, dims, seed }), stage: "search" };
    }
    const y = surrogateTarget(finite.map((e) => e.loss));
    const surrogate = m.search === "gp"
      ? fitGaussianProcess(x, y, { seed })
      : fitRandomForest(x, y, { seed });
    const units = proposeBatch(surrogate, finite.map((e, i) => ({ x: e.unit, loss: y[i] })), {
      batch,
      dims,
      seed,
    });
    return { units, stage: "search" };
  }
  const refined = done("refine");
  if (state.plan.refine > 0 && refined < state.plan.refine) {
    let search: NelderMead;
    if (state.refine) search = NelderMead.fromJSON(state.refine);
    else {
      const best = bestEvaluation(state);
      search = new NelderMead(best.unit, { step: 0.1, maxEvaluations: state.plan.refine });
    }
    const units = search.ask();
    if (units.length === 0 || units.length > state.plan.refine - refined) return null;
    return { units, stage: "refine", search };
  }
  return null;
}

/**
 * The surrogates model the log of the loss: losses of a calibration span orders of magnitude
 * (far from the targets a moment's gap dominates), and a surrogate of the raw loss would spend
 * itself on the worst points.
 */
export function surrogateTarget(losses: readonly number[]): number[] {
  const sorted = [...losses].sort((a, b) => a - b);
  const floor = Math.max(1e-12, 1e-3 * (sorted[Math.floor(sorted.length / 2)] ?? 1));
  return losses.map((l) => Math.log(l + floor));
}
