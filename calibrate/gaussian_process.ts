/**
 * Gaussian-process regression as a surrogate of an expensive, noisy loss on the unit cube
 * [0, 1]^d (Rasmussen & Williams 2006, "Gaussian Processes for Machine Learning", MIT Press).
 *
 * - Kernel: Matérn ν = 5/2 with one length scale per input (ARD), R&W eq. 4.17:
 *   k(x, x') = σ_f² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σ_j (x_j − x'_j)² / ℓ_j²,
 *   plus a nugget σ_n² on the diagonal for the noise of simulated moments.
 * - Outputs are standardised (mean 0, variance 1) before fitting, so σ_f² and σ_n² are in units
 *   of the loss's sample variance; predictions are mapped back.
 * - Prediction: R&W Algorithm 2.1 (Cholesky of K + σ_n² I, then α = K⁻¹y), eqs. 2.25–2.26. The
 *   reported sd is that of the latent function f, without the nugget: it is what expected
 *   improvement needs, and it is small at training points when the fitted noise is small.
 * - Hyperparameters: maximise the log marginal likelihood (R&W eq. 2.30, ch. 5.4.1),
 *   log p(y | X, θ) = −½ yᵀα − Σ log L_ii − (n/2) log 2π, over log ℓ, log σ_f², log σ_n²
 *   inside a fixed box, by Nelder–Mead from a default start and seeded random starts
 *   (no gradients: d + 2 parameters and small n make this cheap enough and robust).
 *
 * @module
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { checkSeed } from "../sweep/_checks.ts";
import { seededUniform } from "../sweep/_random.ts";
import { nelderMead } from "./local_search.ts";

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Box of the hyperparameters in natural-log space. Length scales from 0.01 to 20 cover
 * everything from a wiggle at the resolution of a dense design to an input with no effect on
 * the unit cube; the nugget floor 1e-6 keeps K well conditioned even for an exact simulator.
 */
const LOG_LENGTH: [number, number] = [Math.log(0.01), Math.log(20)];
const LOG_SIGNAL: [number, number] = [Math.log(0.05), Math.log(100)];
const LOG_NOISE: [number, number] = [Math.log(1e-6), Math.log(1)];

/** Fitted hyperparameters of a {@link GaussianProcess}. */
export interface GaussianProcessHyper {
  /** ARD length scales ℓ_j, one per input, in unit-cube units. */
  lengthScales: number[];
  /** Signal variance σ_f², in units of the standardised output. */
  signalVariance: number;
  /** Nugget (noise variance) σ_n², in units of the standardised output. */
  noiseVariance: number;
  /** Mean subtracted from the losses before fitting. */
  outputMean: number;
  /** Standard deviation the centred losses were divided by (1 if they were all equal). */
  outputScale: number;
}

/** Predictive mean and standard deviation at each queried point. */
export interface Prediction {
  /** Predictive mean of the loss, one per point. */
  mean: number[];
  /** Predictive standard deviation of the latent loss (without noise), one per point. */
  sd: number[];
}

/** A fitted Gaussian-process surrogate, see {@link fitGaussianProcess}. */
export interface GaussianProcess {
  /** Number of inputs d. */
  dims: number;
  /** The hyperparameters used. */
  hyper: GaussianProcessHyper;
  /** Log marginal likelihood of the standardised training outputs at `hyper`. */
  logLikelihood: number;
  /**
   * Predicts at new points.
   * @param x rows of `dims` finite values (normally in [0, 1]).
   * @returns mean and sd per row.
   * @throws {RangeError} if a row has the wrong length or a non-finite value.
   */
  predict(x: number[][]): Prediction;
  /**
   * The same process with extra observations, hyperparameters and standardisation kept
   * (no refit): what the kriging-believer and constant-liar batch heuristics need.
   * @param x new rows.
   * @param y their (possibly fake) losses.
   * @returns a new process; this one is unchanged.
   * @throws {RangeError} on malformed rows or losses.
   */
  condition(x: number[][], y: number[]): GaussianProcess;
}

/** Options of {@link fitGaussianProcess}. */
export interface GaussianProcessOptions {
  /** Seed of the random starts of the likelihood search. */
  seed: number;
  /**
   * Random starts in addition to the default one (ℓ = 0.3, σ_f² = 1, σ_n² = 1e-3).
   * @default {3}
   */
  restarts?: number;
  /**
   * Likelihood evaluations per start.
   * @default {100 * (dims + 2)}
   */
  evaluationsPerStart?: number;
}

/**
 * Fits a Gaussian process with a Matérn 5/2 ARD kernel and a nugget to losses observed on the
 * unit cube, choosing hyperparameters by maximum marginal likelihood (Rasmussen & Williams 2006,
 * ch. 2 and 5). Deterministic for a seed.
 *
 * @param x training rows, each of `d` values in [0, 1] (map parameters onto the cube first).
 * @param y one finite loss per row.
 * @param options `seed`, and optionally `restarts` and `evaluationsPerStart`.
 * @returns the fitted process: `predict`, `condition`, `hyper`, `logLikelihood`.
 * @throws {RangeError} if `x` is empty, rows differ in length or leave [0, 1], `y` does not
 * match `x` or holds a non-finite value, or the seed is not an integer.
 * @throws {Error} if no hyperparameters inside the box give a positive-definite covariance
 * (duplicate rows with very different losses and a tiny nugget cannot; report it).
 *
 * @example
 * ```ts
 * import { fitGaussianProcess } from "./gaussian_process.ts";
 * const x = [[0.1], [0.3], [0.5], [0.7], [0.9]];
 * const gp = fitGaussianProcess(x, x.map(([t]) => Math.sin(6 * t)), { seed: 1 });
 * const { mean, sd } = gp.predict([[0.4]]); // mean ≈ sin(2.4), sd small
 * ```
 */
export function fitGaussianProcess(
  x: number[][],
  y: number[],
  options: GaussianProcessOptions,
): GaussianProcess {
  const dims = checkTraining("fitGaussianProcess", x, y);
  for (const row of x) {
    if (row.some((v) => v < 0 || v > 1)) {
      throw new RangeError(
        `fitGaussianProcess: inputs must lie in [0, 1]^d, got [${row.join(", ")}]; ` +
          `map each parameter onto [0, 1] with its bounds first`,
      );
    }
  }
  const { seed, restarts = 3, evaluationsPerStart = 100 * (dims + 2) } = options;
  checkSeed("fitGaussianProcess", seed);
  if (!Number.isSafeInteger(restarts) || restarts < 0) {
    throw new RangeError(`fitGaussianProcess: restarts must be an integer >= 0, got ${restarts}`);
  }
  const outputMean = y.reduce((s, v) => s + v, 0) / y.length;
  const variance = y.reduce((s, v) => s + (v - outputMean) ** 2, 0) / y.length;
  const outputScale = variance > 0 ? Math.sqrt(variance) : 1;
  const z = y.map((v) => (v - outputMean) / outputScale);

  // The search runs on the unit cube u ∈ [0, 1]^(d+2), mapped linearly onto the log box.
  const box = [...new Array(dims).fill(LOG_LENGTH), LOG_SIGNAL, LOG_NOISE] as [number, number][];
  const toLog = (u: number[]) => u.map((v, i) => box[i][0] + v * (box[i][1] - box[i][0]));
  const toUnit = (t: number[]) => t.map((v, i) => (v - box[i][0]) / (box[i][1] - box[i][0]));
  const negLogLik = (u: number[]) => {
    const fit = factorise(x, z, hyperFromLog(toLog(u)));
    return fit === null ? Infinity : -fit.logLikelihood;
  };

  const next = seededUniform(seed);
  const starts = [toUnit([...new Array(dims).fill(Math.log(0.3)), 0, Math.log(1e-3)])];
  for (let r = 0; r < restarts; r++) starts.push(box.map(() => next()));
  let best: { x: number[]; loss: number } | null = null;
  for (const start of starts) {
    const result = nelderMead(negLogLik, start, {
      step: 0.15,
      maxEvaluations: evaluationsPerStart,
      tolerance: 1e-6,
    });
    if (best === null || result.loss < best.loss) best = result;
  }
  if (best === null || best.loss === Infinity) {
    throw new Error(
      `fitGaussianProcess: no hyperparameters give a positive-definite covariance for these ` +
        `${x.length} points; remove duplicate rows or average their losses`,
    );
  }
  const hyper = hyperFromLog(toLog(best.x));
  return buildProcess(x, y, { ...hyper, outputMean, outputScale });
}

type KernelHyper = Pick<GaussianProcessHyper, "lengthScales" | "signalVariance" | "noiseVariance">;

function hyperFromLog(t: number[]): KernelHyper {
  const dims = t.length - 2;
  return {
    lengthScales: t.slice(0, dims).map(Math.exp),
    signalVariance: Math.exp(t[dims]),
    noiseVariance: Math.exp(t[dims + 1]),
  };
}

/** Matérn 5/2 ARD covariance between two points (R&W eq. 4.17). */
function matern52(a: number[], b: number[], hyper: KernelHyper): number {
  let r2 = 0;
  for (let j = 0; j < a.length; j++) {
    const d = (a[j] - b[j]) / hyper.lengthScales[j];
    r2 += d * d;
  }
  const r = Math.sqrt(r2);
  return hyper.signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

interface Factorised {
  cholesky: CholeskyDecomposition;
  alpha: Matrix;
  logLikelihood: number;
}

/** Cholesky of K + σ_n² I, α and the log marginal likelihood (R&W Algorithm 2.1); null if K is not positive definite. */
function factorise(x: number[][], z: number[], hyper: KernelHyper): Factorised | null {
  const n = x.length;
  const k = Matrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    k.set(i, i, hyper.signalVariance + hyper.noiseVariance);
    for (let j = 0; j < i; j++) {
      const v = matern52(x[i], x[j], hyper);
      k.set(i, j, v);
      k.set(j, i, v);
    }
  }
  const cholesky = new CholeskyDecomposition(k);
  if (!cholesky.isPositiveDefinite()) return null;
  const alpha = cholesky.solve(Matrix.columnVector(z));
  const lower = cholesky.lowerTriangularMatrix;
  let fit = 0;
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    fit += z[i] * alpha.get(i, 0);
    logDet += Math.log(lower.get(i, i));
  }
  const logLikelihood = -0.5 * fit - logDet - 0.5 * n * LOG_2PI;
  return Number.isFinite(logLikelihood) ? { cholesky, alpha, logLikelihood } : null;
}

function buildProcess(x: number[][], y: number[], hyper: GaussianProcessHyper): GaussianProcess {
  const dims = x[0].length;
  const z = y.map((v) => (v - hyper.outputMean) / hyper.outputScale);
  const fit = factorise(x, z, hyper);
  if (fit === null) {
    throw new Error(
      `GaussianProcess: the covariance of ${x.length} points is not positive definite; ` +
        `a conditioned point probably repeats an existing one`,
    );
  }
  const { cholesky, alpha, logLikelihood } = fit;
  return {
    dims,
    hyper: { ...hyper, lengthScales: [...hyper.lengthScales] },
    logLikelihood,
    predict(points: number[][]): Prediction {
      checkRows("GaussianProcess.predict", points, dims);
      const m = points.length;
      if (m === 0) return { mean: [], sd: [] };
      const kStar = Matrix.zeros(x.length, m);
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < m; j++) kStar.set(i, j, matern52(x[i], points[j], hyper));
      }
      const v = cholesky.solve(kStar);
      const mean = new Array<number>(m);
      const sd = new Array<number>(m);
      for (let j = 0; j < m; j++) {
        let mu = 0;
        let explained = 0;
        for (let i = 0; i < x.length; i++) {
          const ks = kStar.get(i, j);
          mu += ks * alpha.get(i, 0);
          explained += ks * v.get(i, j);
        }
        mean[j] = hyper.outputMean + hyper.outputScale * mu;
        sd[j] = hyper.outputScale * Math.sqrt(Math.max(hyper.signalVariance - explained, 0));
      }
      return { mean, sd };
    },
    condition(extraX: number[][], extraY: number[]): GaussianProcess {
      checkRows("GaussianProcess.condition", extraX, dims);
      if (extraY.length !== extraX.length || !extraY.every(Number.isFinite)) {
        throw new RangeError(
          `GaussianProcess.condition: need one finite loss per row, got ${extraY.length} ` +
            `for ${extraX.length} rows`,
        );
      }
      return buildProcess([...x, ...extraX], [...y, ...extraY], hyper);
    },
  };
}

/**
 * Checks a training set and returns its dimension.
 *
 * @param fn name of the calling function, for the message.
 * @param x training rows.
 * @param y one loss per row.
 * @returns the number of values per row.
 * @throws {RangeError} naming `fn` on an empty set, ragged rows, non-finite values or a count
 * mismatch.
 *
 * @example
 * ```ts
 * import { checkTraining } from "./gaussian_process.ts";
 * checkTraining("fitMine", [[0.1, 0.2], [0.3, 0.4]], [1, 2]); // 2
 * ```
 */
export function checkTraining(fn: string, x: number[][], y: number[]): number {
  if (!Array.isArray(x) || x.length === 0) {
    throw new RangeError(`${fn}: x must hold at least one row`);
  }
  const dims = x[0].length;
  if (dims === 0) throw new RangeError(`${fn}: rows of x must hold at least one value`);
  checkRows(fn, x, dims);
  if (y.length !== x.length) {
    throw new RangeError(`${fn}: y has ${y.length} values for ${x.length} rows of x`);
  }
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `${fn}: y[${bad}] = ${y[bad]} is not finite; drop failed runs or give them a finite ` +
        `penalty loss before fitting`,
    );
  }
  return dims;
}

function checkRows(fn: string, x: number[][], dims: number): void {
  for (let i = 0; i < x.length; i++) {
    if (x[i].length !== dims) {
      throw new RangeError(`${fn}: row ${i} has ${x[i].length} values, expected ${dims}`);
    }
    if (!x[i].every(Number.isFinite)) {
      throw new RangeError(`${fn}: row ${i} holds a non-finite value: [${x[i].join(", ")}]`);
    }
  }
}
