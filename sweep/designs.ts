/**
 * Sampling designs for parameter sweeps: where in the unit hypercube to run the model.
 *
 * Every design returns rows as `number[][]`, one row per point and one column per parameter;
 * mapping a column onto a parameter's range is done elsewhere. Apart from
 * {@link morrisTrajectories} (which sits on a grid that includes 1) and {@link fullGrid} (which
 * returns the caller's own values), points lie in [0, 1)^dims. Randomized designs take an
 * integer `seed` and are pure functions of their arguments: the same seed gives the same
 * points in every run and process, and nothing reads `Math.random`.
 *
 * @module
 */
import { JOE_KUO_DIRECTIONS } from "./_joe_kuo.ts";
import { checkNonNegativeInteger, checkPositiveInteger, checkSeed } from "./_checks.ts";
import { randomIndex, randomPermutation, randomUint32, seededUniform } from "./_random.ts";

const TWO_POW_32 = 0x1_0000_0000;

/** The largest dimension count {@link sobolSequence} supports (1 + the embedded table). */
export const SOBOL_MAX_DIMS: number = 1 + JOE_KUO_DIRECTIONS.length;

/**
 * Latin hypercube sample (McKay, Beckman & Conover 1979). Each dimension is cut into `n`
 * equal strata; every stratum of every dimension holds exactly one point, at a uniform
 * position inside it, and the strata are paired across dimensions by independent random
 * permutations.
 *
 * @param n number of points (positive integer).
 * @param dims number of dimensions (positive integer).
 * @param seed integer seed; the same seed gives the same design.
 * @returns `n` rows of `dims` values in [0, 1).
 * @throws {RangeError} if `n` or `dims` is not a positive integer or `seed` not an integer.
 *
 * @example
 * ```ts
 * import { latinHypercube } from "./designs.ts";
 * const points = latinHypercube(10, 3, 42);
 * // points.map((p) => Math.floor(p[0] * 10)) is a permutation of 0..9
 * ```
 */
export function latinHypercube(n: number, dims: number, seed: number): number[][] {
  checkPositiveInteger("latinHypercube", "n", n);
  checkPositiveInteger("latinHypercube", "dims", dims);
  checkSeed("latinHypercube", seed);
  const next = seededUniform(seed);
  const points = Array.from({ length: n }, () => new Array<number>(dims));
  for (let j = 0; j < dims; j++) {
    const strata = randomPermutation(next, n);
    for (let i = 0; i < n; i++) {
      const stratum = strata[i];
      let value: number;
      // (k + u) / n can round up onto the next stratum's edge when u is within 2^-52 of 1;
      // drawing again keeps the one-point-per-stratum guarantee exact.
      do value = (stratum + next()) / n; while (value >= (stratum + 1) / n);
      points[i][j] = value;
    }
  }
  return points;
}

/** Options of {@link sobolSequence}. */
export interface SobolOptions {
  /**
   * Number of leading points of the sequence to leave out (the first row is then point
   * `skip`). Owen (2020) advises against skipping; when you do, skip a power of two.
   * @default {0}
   */
  skip?: number;
  /**
   * Seed of a random digital shift: each dimension's 32-bit integers are XORed with one random
   * 32-bit integer. The points are then randomized but every (t, m, s)-net of the sequence
   * stays a net. Without a seed the sequence is the standard one, whose first point is 0.
   */
  seed?: number;
}

/**
 * Sobol' low-discrepancy sequence with the Joe & Kuo (2008) direction numbers
 * ("new-joe-kuo-6.21201"); the first dimension is the van der Corput sequence in base 2.
 * Point `i` is built from the Gray code of `i` (Antonov & Saleev 1979): the XOR of the 32-bit
 * direction integers selected by the bits of `i ^ (i >> 1)`, divided by 2^32.
 *
 * Balance properties (each of the first 2^m points falls in a different dyadic interval of
 * width 2^-m in every dimension) hold for runs of 2^m points, so use powers of two for `n`.
 *
 * @param n number of points (positive integer, `n + skip` at most 2^32).
 * @param dims number of dimensions, 1 to {@link SOBOL_MAX_DIMS}.
 * @param options `skip` and `seed`, see {@link SobolOptions}.
 * @returns `n` rows of `dims` values in [0, 1).
 * @throws {RangeError} on a bad `n`, `dims`, `skip` or `seed`, or more than
 * {@link SOBOL_MAX_DIMS} dimensions.
 *
 * @example
 * ```ts
 * import { sobolSequence } from "./designs.ts";
 * sobolSequence(4, 2); // [[0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]
 * ```
 */
export function sobolSequence(n: number, dims: number, options: SobolOptions = {}): number[][] {
  const { skip = 0, seed } = options;
  checkPositiveInteger("sobolSequence", "n", n);
  checkPositiveInteger("sobolSequence", "dims", dims);
  checkNonNegativeInteger("sobolSequence", "skip", skip);
  if (dims > SOBOL_MAX_DIMS) {
    throw new RangeError(
      `sobolSequence: dims = ${dims} exceeds the ${SOBOL_MAX_DIMS} dimensions of the embedded ` +
        `Joe & Kuo direction numbers; use at most ${SOBOL_MAX_DIMS} dimensions`,
    );
  }
  if (n + skip > TWO_POW_32) {
    throw new RangeError(
      `sobolSequence: n + skip = ${n + skip} exceeds the 2^32 points of a 32-bit Sobol' sequence`,
    );
  }
  const directions = Array.from({ length: dims }, (_, d) => directionIntegers(d));
  const shifts = new Uint32Array(dims);
  if (seed !== undefined) {
    checkSeed("sobolSequence", seed);
    const next = seededUniform(seed);
    for (let d = 0; d < dims; d++) shifts[d] = randomUint32(next);
  }
  const points: number[][] = [];
  for (let i = skip; i < skip + n; i++) {
    const gray = (i ^ (i >>> 1)) >>> 0;
    const row = new Array<number>(dims);
    for (let d = 0; d < dims; d++) {
      const v = directions[d];
      let x = shifts[d];
      for (let k = 0; k < 32; k++) if ((gray >>> k) & 1) x ^= v[k];
      row[d] = (x >>> 0) / TWO_POW_32;
    }
    points.push(row);
  }
  return points;
}

/**
 * The 32 direction integers V_1..V_32 of one dimension (0-based `d`), V_k = v_k·2^32 with
 * v_k = m_k / 2^k, extended past the table by the Bratley & Fox (1988) recurrence
 * V_k = a_1 V_{k-1} ^ ... ^ a_{s-1} V_{k-s+1} ^ V_{k-s} ^ (V_{k-s} >> s).
 */
function directionIntegers(d: number): Uint32Array {
  const v = new Uint32Array(32);
  if (d === 0) {
    for (let k = 0; k < 32; k++) v[k] = 2 ** (31 - k);
    return v;
  }
  const [s, a, m] = JOE_KUO_DIRECTIONS[d - 1];
  for (let k = 0; k < s; k++) v[k] = m[k] * 2 ** (31 - k);
  for (let k = s; k < 32; k++) {
    let x = v[k - s] ^ (v[k - s] >>> s);
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j];
    v[k] = x;
  }
  return v;
}

/** Options of {@link saltelli}. */
export interface SaltelliOptions {
  /**
   * Also emit the BA rows needed for second-order indices.
   * @default {true}
   */
  secondOrder?: boolean;
  /**
   * Leading points of the underlying Sobol' sequence to leave out.
   * @default {0}
   */
  skip?: number;
  /** Seed of the random digital shift of the underlying Sobol' sequence (none if absent). */
  seed?: number;
}

/**
 * Saltelli (2002) / Saltelli et al. (2010) cross-sampling for Sobol' indices, laid out as
 * SALib's `saltelli.sample` lays it out. A Sobol' sequence of `2·dims` dimensions gives, for
 * each of its `n` rows j, a base point A_j (its first `dims` columns) and B_j (its last
 * `dims`). The design emits, for j = 0..n-1, one block of consecutive rows:
 *
 * 1. A_j;
 * 2. AB_j^(i) for i = 1..dims: A_j with column i taken from B_j;
 * 3. only if `secondOrder`: BA_j^(i) for i = 1..dims: B_j with column i taken from A_j;
 * 4. B_j.
 *
 * So a block is `2·dims + 2` rows (`dims + 2` without second order) and the design has
 * `n·(2·dims + 2)` (or `n·(dims + 2)`) rows. The estimator `sobolIndices` relies on exactly
 * this order.
 *
 * @param n number of base rows; must be a power of two so the Sobol' points stay balanced.
 * @param dims number of parameters, 1 to half of {@link SOBOL_MAX_DIMS}.
 * @param options see {@link SaltelliOptions}.
 * @returns the rows in the block order above, values in [0, 1).
 * @throws {RangeError} if `n` is not a power of two (naming the nearest ones), or on a bad
 * `dims`, `skip` or `seed`.
 *
 * @example
 * ```ts
 * import { saltelli } from "./designs.ts";
 * const rows = saltelli(8, 3); // 8 blocks of 2·3 + 2 = 8 rows
 * ```
 */
export function saltelli(n: number, dims: number, options: SaltelliOptions = {}): number[][] {
  const { secondOrder = true, skip = 0, seed } = options;
  checkPositiveInteger("saltelli", "n", n);
  checkPositiveInteger("saltelli", "dims", dims);
  if (!Number.isInteger(Math.log2(n))) {
    const lower = 2 ** Math.floor(Math.log2(n));
    const upper = 2 * lower;
    const nearest = n - lower <= upper - n ? lower : upper;
    throw new RangeError(
      `saltelli: n must be a power of two for the Sobol' points to stay balanced, got ${n}; ` +
        `the nearest valid n is ${nearest} (powers of two around it: ${lower}, ${upper})`,
    );
  }
  if (2 * dims > SOBOL_MAX_DIMS) {
    throw new RangeError(
      `saltelli: dims = ${dims} needs a ${2 * dims}-dimensional Sobol' sequence; at most ` +
        `${Math.floor(SOBOL_MAX_DIMS / 2)} parameters are supported`,
    );
  }
  const base = sobolSequence(n, 2 * dims, { skip, seed });
  const rows: number[][] = [];
  for (const point of base) {
    const a = point.slice(0, dims);
    const b = point.slice(dims);
    rows.push(a);
    for (let i = 0; i < dims; i++) rows.push(a.map((value, k) => (k === i ? b[k] : value)));
    if (secondOrder) {
      for (let i = 0; i < dims; i++) rows.push(b.map((value, k) => (k === i ? a[k] : value)));
    }
    rows.push(b);
  }
  return rows;
}

/** Options of {@link morrisTrajectories}. */
export interface MorrisOptions {
  /**
   * Number of grid levels p (an even integer of at least 2); the grid is
   * {0, 1/(p-1), ..., 1} and the step is Δ = p / (2(p - 1)).
   * @default {4}
   */
  levels?: number;
  /** Integer seed of the base points, orders and directions. */
  seed: number;
}

/**
 * Morris (1991) one-at-a-time trajectories on a p-level grid. Each trajectory is `dims + 1`
 * consecutive rows: a random grid point, then `dims` steps that each move one coordinate, in a
 * random order, by +Δ or -Δ (Δ = p / (2(p - 1))), every coordinate moving exactly once. Each
 * coordinate's pair of values {x, x + Δ} and which end it starts from are drawn uniformly,
 * which is the distribution of Morris's randomized orientation matrix B*.
 *
 * Unlike the other designs, values are ON the grid and so lie in [0, 1] with 1 included.
 *
 * @param r number of trajectories (positive integer).
 * @param dims number of parameters (positive integer).
 * @param options `levels` (even, default 4) and `seed`, see {@link MorrisOptions}.
 * @returns `r·(dims + 1)` rows, trajectory t in rows t·(dims+1) .. t·(dims+1) + dims.
 * @throws {RangeError} on a bad `r`, `dims` or `seed`, or odd or too few `levels`.
 *
 * @example
 * ```ts
 * import { morrisTrajectories } from "./designs.ts";
 * const rows = morrisTrajectories(10, 3, { levels: 4, seed: 1 }); // 40 rows, steps of ±2/3
 * ```
 */
export function morrisTrajectories(r: number, dims: number, options: MorrisOptions): number[][] {
  const { levels = 4, seed } = options;
  checkPositiveInteger("morrisTrajectories", "r", r);
  checkPositiveInteger("morrisTrajectories", "dims", dims);
  checkSeed("morrisTrajectories", seed);
  if (!Number.isSafeInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new RangeError(
      `morrisTrajectories: levels must be an even integer of at least 2 (so that Δ = p/(2(p-1)) ` +
        `lands on the grid and every level is equally likely), got ${levels}`,
    );
  }
  const next = seededUniform(seed);
  const half = levels / 2; // Δ in grid steps
  const rows: number[][] = [];
  for (let t = 0; t < r; t++) {
    const low = Array.from({ length: dims }, () => randomIndex(next, half));
    const up = Array.from({ length: dims }, () => next() < 0.5);
    const level = low.map((l, i) => (up[i] ? l : l + half));
    const order = randomPermutation(next, dims);
    rows.push(level.map((l) => l / (levels - 1)));
    for (const i of order) {
      level[i] = up[i] ? low[i] + half : low[i];
      rows.push(level.map((l) => l / (levels - 1)));
    }
  }
  return rows;
}

/** Options of {@link haltonSequence}. */
export interface HaltonOptions {
  /**
   * Number of leading points to leave out: row k is the radical inverse of index k + 1 + skip.
   * @default {0}
   */
  skip?: number;
  /**
   * Seed of a random digit permutation per dimension (Braaten & Weller 1979 style): every digit
   * d of the radical inverse in base b is replaced by σ_b(d), σ_b a random permutation of
   * {0, ..., b-1} with σ_b(0) = 0 so expansions stay finite. This breaks the strong
   * correlations between high dimensions of the plain sequence. Base 2 has only the identity
   * such permutation, so the first dimension is unchanged. No scrambling without a seed.
   */
  seed?: number;
}

/**
 * Halton (1960) sequence: dimension d holds the radical inverse of the point index in the d-th
 * prime (2, 3, 5, 7, ...). Indexing starts at 1, not at 0 as SciPy's `qmc.Halton` does: index 0
 * is the origin in every dimension (also after scrambling, since σ(0) = 0), a corner point that
 * adds nothing, so the first row is [1/2, 1/3, 1/5, ...].
 *
 * @param n number of points (positive integer).
 * @param dims number of dimensions (positive integer).
 * @param options `skip` and `seed`, see {@link HaltonOptions}.
 * @returns `n` rows of `dims` values in (0, 1).
 * @throws {RangeError} on a bad `n`, `dims`, `skip` or `seed`.
 *
 * @example
 * ```ts
 * import { haltonSequence } from "./designs.ts";
 * haltonSequence(3, 2); // [[1/2, 1/3], [1/4, 2/3], [3/4, 1/9]]
 * ```
 */
export function haltonSequence(n: number, dims: number, options: HaltonOptions = {}): number[][] {
  const { skip = 0, seed } = options;
  checkPositiveInteger("haltonSequence", "n", n);
  checkPositiveInteger("haltonSequence", "dims", dims);
  checkNonNegativeInteger("haltonSequence", "skip", skip);
  const bases = firstPrimes(dims);
  let permutations: number[][];
  if (seed === undefined) {
    permutations = bases.map((b) => Array.from({ length: b }, (_, digit) => digit));
  } else {
    checkSeed("haltonSequence", seed);
    const next = seededUniform(seed);
    permutations = bases.map((b) => [0, ...randomPermutation(next, b - 1).map((d) => d + 1)]);
  }
  const points: number[][] = [];
  for (let index = skip + 1; index <= skip + n; index++) {
    points.push(bases.map((b, d) => radicalInverse(index, b, permutations[d])));
  }
  return points;
}

/**
 * Digits of `index` in base `b`, permuted and mirrored about the radix point. The reversed
 * digits are accumulated as one integer and divided once, so values such as 1/9 come out
 * correctly rounded.
 */
function radicalInverse(index: number, b: number, permutation: readonly number[]): number {
  let numerator = 0;
  let denominator = 1;
  for (let k = index; k > 0; k = Math.floor(k / b)) {
    numerator = numerator * b + permutation[k % b];
    denominator *= b;
  }
  return numerator / denominator;
}

/** The first `count` primes, by trial division (count is a dimension count, so small). */
function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((p) => p * p > candidate || candidate % p !== 0)) primes.push(candidate);
  }
  return primes;
}

/**
 * Cartesian product of value lists, the last list varying fastest (row-major order, as
 * nested loops with the first list outermost).
 *
 * @param lists one list of values per parameter; none may be empty.
 * @returns every combination, `product of the list lengths` rows.
 * @throws {RangeError} if there are no lists or one of them is empty.
 *
 * @example
 * ```ts
 * import { fullGrid } from "./designs.ts";
 * fullGrid<number | string>([[1, 2], ["a", "b"]]); // [[1, "a"], [1, "b"], [2, "a"], [2, "b"]]
 * ```
 */
export function fullGrid<T>(lists: readonly (readonly T[])[]): T[][] {
  if (lists.length === 0) {
    throw new RangeError("fullGrid: give at least one list of values (one per parameter)");
  }
  lists.forEach((list, i) => {
    if (list.length === 0) {
      throw new RangeError(`fullGrid: list ${i} is empty, so the grid would have no points`);
    }
  });
  let rows: T[][] = [[]];
  for (const list of lists) rows = rows.flatMap((row) => list.map((value) => [...row, value]));
  return rows;
}
