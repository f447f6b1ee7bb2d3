/**
 * A surrogate of the loss through the moments it is made of: one Gaussian process per simulated
 * moment, and the loss they imply, `L = (m − m*)' W (m − m*)`. This is Bayesian optimisation of
 * a composite function (Astudillo & Frazier 2019, "Bayesian optimization of composite
 * functions", ICML, PMLR 97: 354–363): when the objective is a known function of black-box
 * outputs, model the outputs and push their posterior through the function. A moment of the
 * model is usually a smooth, nearly monotone function of the parameters, which a Gaussian
 * process learns from a handful of points, while the loss built from it is a bowl with a narrow
 * valley whose logarithm a single process fits far less well (the `gp` search).
 *
 * - Each moment's process is {@link fitGaussianProcess} on the seeds' mean of that moment (the
 *   nugget absorbs the simulation noise); the processes are independent, a simplification of
 *   Astudillo & Frazier's multi-output process.
 * - Expected improvement of the loss has no closed form (the loss is a quadratic form of
 *   Gaussian moments), so it is the average of `max(best − xi − L, 0)` over fixed, seeded
 *   draws of the moments, in antithetic pairs (their §4, the sample-average estimator); the
 *   same draws at every candidate, so candidates are compared under common random numbers.
 * - A batch is chosen by the kriging believer (Ginsbourger, Le Riche & Carraro 2010): each
 *   chosen point is added to every moment's process at its predicted mean, hyperparameters kept,
 *   which removes the uncertainty there and sends the next slot elsewhere.
 *
 * @module
 */
import { checkSeed } from "../sweep/_checks.ts";
import { seededUniform, standardNormal } from "../sweep/_random.ts";
import {
  checkTraining,
  fitGaussianProcess,
  type GaussianProcess,
  type Prediction,
} from "./gaussian_process.ts";
import { quadraticForm, type Weighting } from "./loss.ts";

/** Options of {@link fitMomentSurrogate}. */
export interface MomentSurrogateOptions {
  /** Seed of the processes' likelihood searches and of the Monte Carlo draws. */
  seed: number;
  /**
   * Monte Carlo draws of the moments per point (rounded up to an even number: antithetic pairs).
   * @default {128}
   */
  draws?: number;
}

/** A fitted composite surrogate, see {@link fitMomentSurrogate}. */
export interface MomentSurrogate {
  /** Number of inputs d. */
  dims: number;
  /** One Gaussian process per moment, in moment order. */
  processes: GaussianProcess[];
  /**
   * Mean and sd of the loss at each row over the moments' posterior (Monte Carlo).
   * @throws {RangeError} if a row has the wrong length or a non-finite value.
   */
  predict(x: number[][]): Prediction;
  /**
   * Expected improvement of the loss over `best` at each row (Monte Carlo, see the module doc).
   * @param xi improvements smaller than this do not count.
   */
  expectedImprovement(x: number[][], best: number, xi: number): number[];
  /** The surrogate with each process conditioned on its own predicted mean at `x` (kriging believer). */
  believe(x: number[][]): MomentSurrogate;
}

/**
 * Fits one Gaussian process per moment and returns the surrogate of the loss they imply
 * (Astudillo & Frazier 2019). Deterministic for a seed.
 *
 * @param x training rows of `d` values in [0, 1].
 * @param moments per row, the seeds' mean of each moment (k values, all finite).
 * @param targets the k target values.
 * @param weighting the k x k weighting matrix of the loss.
 * @param options `seed`, and optionally `draws`.
 * @returns the surrogate: `predict`, `expectedImprovement`, `believe`.
 * @throws {RangeError} on an empty or ragged training set, rows of moments that do not hold k
 * finite values, or a weighting that is not k x k.
 *
 * @example
 * ```ts
 * import { fitMomentSurrogate } from "./moment_surrogate.ts";
 * const x = [[0.1], [0.3], [0.5], [0.7], [0.9]];
 * const s = fitMomentSurrogate(x, x.map(([t]) => [2 * t]), [1], [[1]], { seed: 1 });
 * s.predict([[0.5]]).mean[0]; // ≈ 0: the moment 2t hits its target 1 at t = 0.5
 * ```
 */
export function fitMomentSurrogate(
  x: number[][],
  moments: number[][],
  targets: readonly number[],
  weighting: Weighting,
  options: MomentSurrogateOptions,
): MomentSurrogate {
  const k = targets.length;
  checkSeed("fitMomentSurrogate", options.seed);
  if (k === 0) throw new RangeError("fitMomentSurrogate: need at least one target moment");
  if (weighting.length !== k || weighting.some((row) => row.length !== k)) {
    throw new RangeError(`fitMomentSurrogate: the weighting must be ${k} x ${k}`);
  }
  if (moments.length !== x.length) {
    throw new RangeError(
      `fitMomentSurrogate: ${moments.length} rows of moments for ${x.length} points`,
    );
  }
  moments.forEach((row, i) => {
    if (row.length !== k) {
      throw new RangeError(`fitMomentSurrogate: point ${i} has ${row.length} moments, not ${k}`);
    }
  });
  checkTraining("fitMomentSurrogate", x, x.map(() => 0));
  const processes = targets.map((_, j) =>
    fitGaussianProcess(x, moments.map((row) => row[j]), { seed: options.seed + 7 * j })
  );
  const pairs = Math.max(1, Math.ceil((options.draws ?? 128) / 2));
  const next = seededUniform(options.seed ^ 0x5eed);
  const normals = new Float64Array(2 * pairs * k);
  for (let d = 0; d < pairs; d++) {
    for (let j = 0; j < k; j++) {
      const z = standardNormal(next);
      normals[2 * d * k + j] = z;
      normals[(2 * d + 1) * k + j] = -z;
    }
  }
  return composite(processes, targets, weighting, normals);
}

function composite(
  processes: GaussianProcess[],
  targets: readonly number[],
  weighting: Weighting,
  normals: Float64Array,
): MomentSurrogate {
  const k = targets.length;
  const draws = normals.length / k;
  const gap = new Float64Array(k);
  /** Per row, what `reduce` makes of the losses of every draw of the moments there. */
  const overDraws = (x: number[][], reduce: (losses: Float64Array) => number): number[] => {
    const predictions = processes.map((p) => p.predict(x));
    const losses = new Float64Array(draws);
    return x.map((_, i) => {
      for (let d = 0; d < draws; d++) {
        for (let j = 0; j < k; j++) {
          const p = predictions[j];
          gap[j] = p.mean[i] + p.sd[i] * normals[d * k + j] - targets[j];
        }
        losses[d] = quadraticForm(gap, weighting);
      }
      return reduce(losses);
    });
  };
  const mean = (losses: Float64Array) => losses.reduce((s, l) => s + l, 0) / losses.length;
  return {
    dims: processes[0].dims,
    processes,
    predict(x) {
      const means: number[] = [];
      const sd = overDraws(x, (losses) => {
        const m = mean(losses);
        means.push(m);
        return Math.sqrt(losses.reduce((s, l) => s + (l - m) ** 2, 0) / losses.length);
      });
      return { mean: means, sd };
    },
    expectedImprovement(x, best, xi) {
      if (!Number.isFinite(best) || !(xi >= 0)) {
        throw new RangeError(
          `MomentSurrogate.expectedImprovement: need a finite best and xi >= 0, got ${best}, ${xi}`,
        );
      }
      return overDraws(x, (losses) => {
        let s = 0;
        for (const l of losses) s += Math.max(best - xi - l, 0);
        return s / losses.length;
      });
    },
    believe(x) {
      const believed = processes.map((p) => p.condition(x, p.predict(x).mean));
      return composite(believed, targets, weighting, normals);
    },
  };
}
