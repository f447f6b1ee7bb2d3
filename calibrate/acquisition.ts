/**
 * Where to run the expensive model next: expected improvement over a surrogate's prediction
 * (Jones, Schonlau & Welch 1998, "Efficient global optimization of expensive black-box
 * functions", J. Global Optim. 13: 455–492), maximised over a seeded candidate set, and a batch
 * of such points chosen one at a time by the constant-liar heuristic (Ginsbourger, Le Riche &
 * Carraro 2010, "Kriging is well-suited to parallelize optimization", in Computational
 * Intelligence in Expensive Optimization Problems, Springer, pp. 131–162).
 *
 * The order of one {@link proposeBatch} call:
 * 1. candidates: half a scrambled Sobol' sequence over the cube (a Latin hypercube beyond the
 *    Sobol' table's dimensions), half Gaussian perturbations (sd 0.1, 0.03, 0.01 in turn) of
 *    the five best evaluated points, clipped to [0, 1]; any within 1e-6 of an evaluated point
 *    is dropped;
 * 2. for each slot of the batch: expected improvement over the best evaluated loss at every
 *    remaining candidate (the surrogate's own `expectedImprovement` when it has one, as the
 *    moment surrogate does); take the largest (the first on ties); then pretend the model
 *    returned the best loss there (the "CL-min" liar) by `surrogate.condition`, or, for a
 *    surrogate with `believe`, its own prediction (the kriging believer), so the next slot looks
 *    elsewhere. A surrogate with neither (the random forest) gets instead a distance
 *    penalty: EI is multiplied by Π (1 − exp(−‖x − p‖² / 2r²)) over the already chosen points p,
 *    a simplified local penalisation in the spirit of González et al. (2016, AISTATS);
 * 3. if every candidate has zero expected improvement (the surrogate is sure nothing beats the
 *    best), the slot takes the candidate farthest from every evaluated and chosen point, so the
 *    batch still explores instead of repeating itself.
 *
 * @module
 */
import { latinHypercube, SOBOL_MAX_DIMS, sobolSequence } from "../sweep/designs.ts";
import { checkPositiveInteger, checkSeed } from "../sweep/_checks.ts";
import { seededUniform, standardNormal } from "../sweep/_random.ts";
import type { Prediction } from "./gaussian_process.ts";

/** Candidates closer than this (Euclidean) to an evaluated or chosen point are never proposed. */
const MIN_DISTANCE = 1e-6;
/** Number of best evaluated points the local candidates perturb. */
const LOCAL_CENTRES = 5;
/** Standard deviations of the local perturbations, used in turn. */
const LOCAL_SCALES = [0.1, 0.03, 0.01];

/**
 * What {@link proposeBatch} needs of a surrogate: a predictive mean and sd, and optionally a way
 * to condition on fake observations (a Gaussian process has one, a random forest does not).
 */
export interface Surrogate {
  /** Predictive mean and sd of the loss at each row. */
  predict(x: number[][]): Prediction;
  /** The surrogate with extra (fake) observations, hyperparameters kept. */
  condition?(x: number[][], y: number[]): Surrogate;
  /**
   * Expected improvement over `best` at each row, for a surrogate whose loss is not Gaussian
   * (the moment surrogate's composite loss); without it, EI comes from `predict`.
   */
  expectedImprovement?(x: number[][], best: number, xi: number): number[];
  /**
   * The surrogate believing its own prediction at `x` (the kriging believer, Ginsbourger et al.
   * 2010); used for the batch instead of `condition`'s constant liar when present.
   */
  believe?(x: number[][]): Surrogate;
}

/**
 * Expected improvement of a minimisation at a point with predictive mean `mean` and sd `sd`
 * (Jones, Schonlau & Welch 1998, eq. 15): with I = best − mean − xi and z = I / sd,
 * EI = I Φ(z) + sd φ(z), and EI = max(I, 0) when sd = 0.
 *
 * @param mean predictive mean of the loss.
 * @param sd predictive standard deviation (≥ 0).
 * @param best the best (lowest) loss observed so far.
 * @param xi exploration margin: improvements smaller than `xi` do not count.
 * @returns the expected improvement, ≥ 0.
 * @throws {RangeError} if an argument is not finite or `sd` or `xi` is negative.
 *
 * @example
 * ```ts
 * import { expectedImprovement } from "./acquisition.ts";
 * expectedImprovement(0, 1, 0); // φ(0) = 0.3989...
 * expectedImprovement(2, 0, 1); // 0: certain and no better than the best
 * ```
 */
export function expectedImprovement(mean: number, sd: number, best: number, xi = 0): number {
  if (![mean, sd, best, xi].every(Number.isFinite) || sd < 0 || xi < 0) {
    throw new RangeError(
      `expectedImprovement: need finite mean and best, sd >= 0 and xi >= 0; got mean ${mean}, ` +
        `sd ${sd}, best ${best}, xi ${xi}`,
    );
  }
  const improvement = best - mean - xi;
  if (sd === 0) return Math.max(improvement, 0);
  const z = improvement / sd;
  return Math.max(improvement * normalCdf(z) + sd * normalPdf(z), 0);
}

/** Options of {@link proposeBatch}. */
export interface ProposeBatchOptions {
  /** Number of points to propose. */
  batch: number;
  /** Dimension of the cube. */
  dims: number;
  /** Seed of the candidate set. */
  seed: number;
  /**
   * Size of the candidate set EI is maximised over.
   * @default {2000}
   */
  candidates?: number;
  /**
   * Exploration margin of {@link expectedImprovement}.
   * @default {0}
   */
  xi?: number;
  /**
   * Radius r of the distance penalty used when the surrogate has no `condition`.
   * @default {0.1}
   */
  penaltyRadius?: number;
}

/**
 * Proposes the next batch of points to evaluate: maximise expected improvement over a seeded
 * candidate set, one point at a time, with the constant liar (the best loss) standing in for
 * the pending points (Jones et al. 1998; Ginsbourger et al. 2010). See the module overview for
 * the exact steps. Deterministic for a seed and a deterministic surrogate.
 *
 * @param surrogate a surrogate fitted to `evaluated` (e.g. the result of `fitGaussianProcess`).
 * @param evaluated the points run so far with their losses, at least one.
 * @param options `batch`, `dims`, `seed`, and optionally `candidates`, `xi`, `penaltyRadius`.
 * @returns `batch` distinct points in [0, 1]^dims, none within 1e-6 of an evaluated point.
 * @throws {RangeError} on a bad option, an empty `evaluated`, a point of the wrong dimension,
 * a NaN loss, no finite loss, or fewer usable candidates than `batch`.
 *
 * @example
 * ```ts
 * import { fitGaussianProcess } from "./gaussian_process.ts";
 * import { proposeBatch } from "./acquisition.ts";
 * const x = [[0.1, 0.2], [0.5, 0.5], [0.9, 0.7], [0.3, 0.8]];
 * const evaluated = x.map((p) => ({ x: p, loss: (p[0] - 0.4) ** 2 + (p[1] - 0.6) ** 2 }));
 * const gp = fitGaussianProcess(x, evaluated.map((e) => e.loss), { seed: 1 });
 * const next = proposeBatch(gp, evaluated, { batch: 2, dims: 2, seed: 7 }); // two new points
 * ```
 */
export function proposeBatch(
  surrogate: Surrogate,
  evaluated: { x: number[]; loss: number }[],
  options: ProposeBatchOptions,
): number[][] {
  const { batch, dims, seed, candidates = 2000, xi = 0, penaltyRadius = 0.1 } = options;
  checkPositiveInteger("proposeBatch", "batch", batch);
  checkPositiveInteger("proposeBatch", "dims", dims);
  checkPositiveInteger("proposeBatch", "candidates", candidates);
  checkSeed("proposeBatch", seed);
  if (!(xi >= 0) || !(penaltyRadius > 0)) {
    throw new RangeError(
      `proposeBatch: xi must be >= 0 and penaltyRadius > 0, got ${xi} and ${penaltyRadius}`,
    );
  }
  if (evaluated.length === 0) {
    throw new RangeError(
      "proposeBatch: evaluated is empty; evaluate a space-filling design (e.g. latinHypercube) first",
    );
  }
  for (const [i, { x, loss }] of evaluated.entries()) {
    if (x.length !== dims) {
      throw new RangeError(`proposeBatch: evaluated[${i}].x has ${x.length} values, not ${dims}`);
    }
    if (Number.isNaN(loss)) {
      throw new RangeError(`proposeBatch: evaluated[${i}].loss is NaN`);
    }
  }
  const ranked = evaluated.filter((e) => Number.isFinite(e.loss)).sort((a, b) => a.loss - b.loss);
  if (ranked.length === 0) {
    throw new RangeError("proposeBatch: no evaluated point has a finite loss");
  }
  const best = ranked[0].loss;

  let pool = candidateSet(ranked.map((e) => e.x), candidates, dims, seed)
    .filter((c) => evaluated.every((e) => distance(c, e.x) > MIN_DISTANCE));
  const chosen: number[][] = [];
  let model = surrogate;
  for (let slot = 0; slot < batch; slot++) {
    if (pool.length === 0) {
      throw new RangeError(
        `proposeBatch: only ${slot} usable candidates for a batch of ${batch}; ` +
          `raise candidates (now ${candidates})`,
      );
    }
    const improvement = acquisition(model, pool, best, xi);
    const penalise = model.condition === undefined && model.believe === undefined;
    let pick = -1;
    let pickValue = 0;
    for (let i = 0; i < pool.length; i++) {
      let value = improvement[i];
      if (penalise) {
        for (const p of chosen) {
          value *= 1 - Math.exp(-(distance(pool[i], p) ** 2) / (2 * penaltyRadius ** 2));
        }
      }
      if (value > pickValue) {
        pick = i;
        pickValue = value;
      }
    }
    if (pick < 0) pick = farthest(pool, [...evaluated.map((e) => e.x), ...chosen]);
    const point = pool[pick];
    chosen.push(point);
    pool = pool.filter((c, i) => i !== pick && distance(c, point) > MIN_DISTANCE);
    if (slot + 1 < batch) {
      if (model.believe) model = model.believe([point]);
      else if (model.condition) model = model.condition([point], [best]);
    }
  }
  return chosen.map((p) => [...p]);
}

/** Expected improvement at every candidate: the surrogate's own, or from its Gaussian prediction. */
function acquisition(model: Surrogate, pool: number[][], best: number, xi: number): number[] {
  if (model.expectedImprovement) return model.expectedImprovement(pool, best, xi);
  const { mean, sd } = model.predict(pool);
  return mean.map((m, i) => expectedImprovement(m, Math.max(sd[i], 0), best, xi));
}

/** Space-filling candidates plus Gaussian perturbations of the best points (module overview, step 1). */
function candidateSet(
  bestFirst: number[][],
  size: number,
  dims: number,
  seed: number,
): number[][] {
  const global = Math.ceil(size / 2);
  const local = size - global;
  const points = dims <= SOBOL_MAX_DIMS
    ? sobolSequence(global, dims, { seed })
    : latinHypercube(global, dims, seed);
  const next = seededUniform(seed + 1);
  const centres = bestFirst.slice(0, LOCAL_CENTRES);
  for (let c = 0; c < local; c++) {
    const centre = centres[c % centres.length];
    const scale = LOCAL_SCALES[Math.floor(c / centres.length) % LOCAL_SCALES.length];
    points.push(centre.map((v) => Math.min(1, Math.max(0, v + scale * standardNormal(next)))));
  }
  return points;
}

/** Index of the candidate whose nearest reference point is farthest (maximin). */
function farthest(pool: number[][], references: number[][]): number {
  let pick = 0;
  let pickDistance = -1;
  for (let i = 0; i < pool.length; i++) {
    let nearest = Infinity;
    for (const r of references) nearest = Math.min(nearest, distance(pool[i], r));
    if (nearest > pickDistance) {
      pick = i;
      pickDistance = nearest;
    }
  }
  return pick;
}

function distance(a: number[], b: number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Φ(z) = erfc(−z/√2) / 2. */
function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Complementary error function by the Chebyshev fit of Numerical Recipes (Press et al. 2007,
 * §6.2, `erfcc`), fractional error below 1.2e-7 everywhere: ample for ranking candidates.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 +
      t * (1.00002368 +
          t * (0.37409196 +
              t * (0.09678418 +
                  t * (-0.18628806 +
                      t * (0.27886807 +
                          t *
                            (-1.13520398 +
                              t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}
