/**
 * Random-forest surrogate of a loss (Breiman 2001, "Random forests", Machine Learning 45: 5–32)
 * with its uncertainty taken as the spread of the trees' predictions, as SMAC does (Hutter, Hoos
 * & Leyton-Brown 2011, "Sequential model-based optimization for general algorithm
 * configuration", LION 5, §4.1): the mean and standard deviation over the trees at a point stand
 * in for a predictive mean and sd, so expected improvement applies unchanged. Unlike a Gaussian
 * process it copes with many points, discrete-looking responses and discontinuities, but its sd
 * is a heuristic, not a posterior, and it does not extrapolate.
 *
 * The forest is `ml-random-forest`'s `RandomForestRegression` (bootstrap samples of the rows,
 * CART regression trees from `ml-cart`, every input offered to every tree); the per-tree
 * predictions come from its `predictionValues`, the matrix whose rows are points and whose
 * columns are trees.
 *
 * @module
 */
import { RandomForestRegression } from "ml-random-forest";
import { checkSeed } from "../sweep/_checks.ts";
import { checkTraining, type Prediction } from "./gaussian_process.ts";

/** Options of {@link fitRandomForest}. */
export interface RandomForestOptions {
  /** Seed of the bootstrap samples (folded to 32 bits, as the package requires). */
  seed: number;
  /**
   * Number of trees.
   * @default {100}
   */
  trees?: number;
  /**
   * Fewest rows a node must hold to be split further (`ml-cart`'s `minNumSamples`).
   * @default {3}
   */
  minNodeSize?: number;
}

/** A fitted random-forest surrogate, see {@link fitRandomForest}. */
export interface RandomForestSurrogate {
  /** Number of inputs d. */
  dims: number;
  /** Number of trees. */
  trees: number;
  /**
   * Predicts at new points: mean and (population) standard deviation across the trees.
   * @param x rows of `dims` finite values.
   * @returns mean and sd per row.
   * @throws {RangeError} if a row has the wrong length or a non-finite value.
   */
  predict(x: number[][]): Prediction;
}

/**
 * Fits a random forest of regression trees to losses and returns a surrogate whose sd is the
 * spread of the trees (Breiman 2001; Hutter, Hoos & Leyton-Brown 2011). Deterministic for a seed.
 *
 * @param x training rows of `d` finite values (any range; the trees are scale-free).
 * @param y one finite loss per row.
 * @param options `seed`, and optionally `trees` and `minNodeSize`.
 * @returns the surrogate with `predict`.
 * @throws {RangeError} on an empty or ragged `x`, a `y` that does not match or is not finite, a
 * non-integer seed, or a bad `trees` or `minNodeSize`.
 *
 * @example
 * ```ts
 * import { fitRandomForest } from "./random_forest.ts";
 * const x = Array.from({ length: 30 }, (_, i) => [i / 29]);
 * const forest = fitRandomForest(x, x.map(([t]) => t * t), { seed: 1, trees: 50 });
 * const { mean, sd } = forest.predict([[0.5]]); // mean ≈ 0.25, sd > 0
 * ```
 */
export function fitRandomForest(
  x: number[][],
  y: number[],
  options: RandomForestOptions,
): RandomForestSurrogate {
  const dims = checkTraining("fitRandomForest", x, y);
  const { seed, trees = 100, minNodeSize = 3 } = options;
  checkSeed("fitRandomForest", seed);
  if (!Number.isSafeInteger(trees) || trees < 2) {
    throw new RangeError(`fitRandomForest: trees must be an integer >= 2, got ${trees}`);
  }
  if (!Number.isSafeInteger(minNodeSize) || minNodeSize < 1) {
    throw new RangeError(
      `fitRandomForest: minNodeSize must be a positive integer, got ${minNodeSize}`,
    );
  }
  const forest = new RandomForestRegression({
    // 1.0 (a float to the package) offers every input to every tree, as regression forests
    // usually do; an integer 1 would mean "one input per tree".
    maxFeatures: 1.0,
    replacement: false,
    nEstimators: trees,
    seed: (seed ^ Math.floor(seed / 0x1_0000_0000)) | 0,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: { minNumSamples: minNodeSize },
    selectionMethod: "mean",
    isClassifier: false,
  });
  forest.train(x, y);
  return {
    dims,
    trees,
    predict(points: number[][]): Prediction {
      if (points.length === 0) return { mean: [], sd: [] };
      checkTraining("RandomForestSurrogate.predict", points, new Array(points.length).fill(0));
      if (points[0].length !== dims) {
        throw new RangeError(
          `RandomForestSurrogate.predict: rows have ${points[0].length} values, expected ${dims}`,
        );
      }
      const values = forest.predictionValues(points);
      const mean = new Array<number>(points.length);
      const sd = new Array<number>(points.length);
      for (let i = 0; i < points.length; i++) {
        let sum = 0;
        for (let t = 0; t < trees; t++) sum += values.get(i, t);
        const mu = sum / trees;
        let squares = 0;
        for (let t = 0; t < trees; t++) squares += (values.get(i, t) - mu) ** 2;
        mean[i] = mu;
        sd[i] = Math.sqrt(squares / trees);
      }
      return { mean, sd };
    },
  };
}
