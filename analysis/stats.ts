/**
 * Numeric summaries and stylized-fact measures over plain or typed number arrays.
 *
 * Pure functions, no engine import: a column from a snapshot (Float64Array, Float32Array,
 * Int32Array, ...) or a plain array goes straight in. Hot loops are plain indexed loops.
 * Non-finite inputs are not filtered unless a function says so.
 *
 * @module
 */

/** Any array of numbers: a plain array or a typed array. */
export type Numbers = ArrayLike<number>;

/**
 * Arithmetic mean.
 *
 * @param values The sample.
 * @returns The mean; NaN for an empty sample.
 *
 * @example
 * ```ts
 * import { mean } from "./stats.ts";
 * mean(new Float64Array([1, 2, 3])); // 2
 * ```
 */
export function mean(values: Numbers): number {
  const n = values.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  return s / n;
}

/** Sorted Float64Array copy (typed sort is numeric, unlike Array.prototype.sort). */
function sortedCopy(values: Numbers): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default
 * of R and NumPy): with sorted x and h = (n − 1)·q, the result is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * @param values The sample (not modified).
 * @param q Probability in [0, 1].
 * @returns The q-quantile; NaN for an empty sample.
 * @throws {RangeError} When q is outside [0, 1].
 *
 * @example
 * ```ts
 * import { quantile } from "./stats.ts";
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantile(values: Numbers, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile(): q must be in [0, 1], got ${q}`);
  const n = values.length;
  if (n === 0) return NaN;
  const x = sortedCopy(values);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return x[lo] + (h - lo) * (x[hi] - x[lo]);
}

/**
 * Sample skewness as the moment coefficient g1 = m3 / m2^(3/2), with population (1/n) central
 * moments (no small-sample correction). Positive for a long right tail: wealth and firm-size
 * distributions of a market economy are strongly right-skewed.
 *
 * @param values The sample.
 * @returns g1; NaN for fewer than 2 values or zero variance.
 *
 * @example
 * ```ts
 * import { skewness } from "./stats.ts";
 * skewness([1, 2, 3]); // 0
 * skewness([0, 0, 0, 10]) > 1; // true
 * ```
 */
export function skewness(values: Numbers): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mu = mean(values);
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  m2 /= n;
  m3 /= n;
  if (m2 === 0) return NaN;
  return m3 / Math.pow(m2, 1.5);
}

/**
 * Gini coefficient of inequality, population convention (no n/(n−1) correction):
 * G = Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² μ), with W the total weight and μ the weighted mean. So
 * equal values give 0 and one holder of everything among n gives 1 − 1/n (0.75 for n = 4).
 * Weights let a representative household row stand for `weight` households.
 *
 * Literature targets: income Gini of rich economies ≈ 0.25–0.40 (Luxembourg Income Study;
 * OECD IDD); wealth Gini ≈ 0.6–0.85 (Davies et al. 2011, Economic Journal 121:223).
 *
 * @param values Non-negative amounts (income, wealth, firm size).
 * @param weights Optional non-negative weight per value; 1 each by default.
 * @returns G in [0, 1 − 1/n]; NaN when the sample is empty or the weighted total is 0.
 * @throws {RangeError} When weights and values differ in length.
 *
 * @example
 * ```ts
 * import { gini } from "./stats.ts";
 * gini([1, 1, 1, 1]); // 0
 * gini([0, 0, 0, 1]); // 0.75
 * gini([0, 1], [3, 1]); // same as gini([0, 0, 0, 1])
 * ```
 */
export function gini(values: Numbers, weights?: Numbers): number {
  const n = values.length;
  if (weights && weights.length !== n) {
    throw new RangeError(`gini(): ${n} values but ${weights.length} weights`);
  }
  if (n === 0) return NaN;
  // Sort an index by value so weights follow their values.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  let wTotal = 0;
  let wxTotal = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    wTotal += w;
    wxTotal += w * values[i];
  }
  if (wTotal <= 0 || wxTotal === 0) return NaN;
  // Σᵢⱼ wᵢwⱼ|xᵢ−xⱼ| = 2 Σᵢ wᵢxᵢ (weight below i − weight above i), over sorted x.
  let below = 0;
  let acc = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    const w = weights ? weights[i] : 1;
    const above = wTotal - below - w;
    acc += w * values[i] * (below - above);
    below += w;
  }
  const mu = wxTotal / wTotal;
  return (2 * acc) / (2 * wTotal * wTotal * mu);
}

/**
 * Coefficient of variation: population standard deviation (1/n) divided by the mean. A scale-free
 * dispersion, e.g. of prices across markets or of firm growth rates.
 *
 * @param values The sample.
 * @returns sd / mean; NaN for an empty sample or a zero mean.
 *
 * @example
 * ```ts
 * import { coefficientOfVariation } from "./stats.ts";
 * coefficientOfVariation([2, 4]); // 1/3
 * ```
 */
export function coefficientOfVariation(values: Numbers): number {
  const n = values.length;
  const mu = mean(values);
  if (n === 0 || mu === 0) return NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mu;
    ss += d * d;
  }
  return Math.sqrt(ss / n) / mu;
}

function checkPair(name: string, x: Numbers, y: Numbers): void {
  if (x.length !== y.length) {
    throw new RangeError(`${name}(): x has ${x.length} values but y has ${y.length}`);
  }
}

/**
 * Pearson correlation coefficient of paired samples.
 *
 * @param x First sample.
 * @param y Second sample, same length.
 * @returns r in [−1, 1]; NaN when fewer than 2 pairs or either sample is constant.
 * @throws {RangeError} When x and y differ in length.
 *
 * @example
 * ```ts
 * import { pearson } from "./stats.ts";
 * pearson([1, 2, 3], [2, 4, 6]); // 1
 * ```
 */
export function pearson(x: Numbers, y: Numbers): number {
  checkPair("pearson", x, y);
  if (x.length < 2) return NaN;
  const { sxy, sxx, syy } = comoments(x, y);
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** Centred sums of products of x and y (one pass after the means). */
function comoments(
  x: Numbers,
  y: Numbers,
): { mx: number; my: number; sxy: number; sxx: number; syy: number } {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { mx, my, sxy, sxx, syy };
}

/** Result of {@linkcode olsSlope}. */
export interface OlsFit {
  /** Least-squares slope of y on x. */
  slope: number;
  /** Intercept: mean(y) − slope·mean(x). */
  intercept: number;
  /** Coefficient of determination (share of y's variance explained), in [0, 1]. */
  r2: number;
}

/**
 * Ordinary least-squares fit of y = intercept + slope·x. On log-log data the slope is an
 * elasticity or power-law exponent (e.g. Okun's law: ≈ −2 percent output gap per point of
 * unemployment, Okun 1962; Zipf's law for city or firm sizes: rank–size slope ≈ −1).
 *
 * @param x Regressor.
 * @param y Response, same length.
 * @returns {@linkcode OlsFit}; NaN fields when fewer than 2 pairs or x is constant (r2 is 1
 *   when y is constant and x is not).
 * @throws {RangeError} When x and y differ in length.
 *
 * @example
 * ```ts
 * import { olsSlope } from "./stats.ts";
 * olsSlope([0, 1, 2], [1, 3, 5]); // { slope: 2, intercept: 1, r2: 1 }
 * ```
 */
export function olsSlope(x: Numbers, y: Numbers): OlsFit {
  checkPair("olsSlope", x, y);
  const n = x.length;
  if (n < 2) return { slope: NaN, intercept: NaN, r2: NaN };
  const { mx, my, sxy, sxx, syy } = comoments(x, y);
  if (sxx === 0) return { slope: NaN, intercept: NaN, r2: NaN };
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2 };
}

/**
 * Hill estimator of the Pareto tail exponent α from the k largest positive values:
 * α̂ = k / Σᵢ₌₁..ₖ ln(x₍ᵢ₎ / x₍ₖ₊₁₎), x₍₁₎ ≥ x₍₂₎ ≥ … the positive values in decreasing order,
 * k = ⌊kFraction · n₊⌋ (at least 1). Its standard error is about α̂/√k.
 *
 * Literature target: US firm sizes (employees) follow Zipf's law, α ≈ 1.06 (Axtell 2001,
 * Science 293:1818); top wealth tails α ≈ 1.5 (Vermeulen 2018, Review of Income and Wealth).
 *
 * @param values The sample; zero, negative and non-finite values are ignored.
 * @param kFraction Share of the positive values that forms the tail, in (0, 1).
 * @returns α̂; NaN when fewer than 2 positive values or the tail is degenerate (all equal).
 * @throws {RangeError} When kFraction is outside (0, 1).
 *
 * @example
 * ```ts
 * import { hillTailExponent } from "./stats.ts";
 * const sizes = Array.from({ length: 1000 }, (_, i) => 1000 / (i + 1)); // Zipf: α = 1
 * hillTailExponent(sizes, 0.1); // ≈ 1
 * ```
 */
export function hillTailExponent(values: Numbers, kFraction: number): number {
  if (!(kFraction > 0 && kFraction < 1)) {
    throw new RangeError(`hillTailExponent(): kFraction must be in (0, 1), got ${kFraction}`);
  }
  const n = values.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (values[i] > 0 && values[i] < Infinity) nPos++;
  if (nPos < 2) return NaN;
  const pos = new Float64Array(nPos);
  for (let i = 0, j = 0; i < n; i++) {
    if (values[i] > 0 && values[i] < Infinity) pos[j++] = values[i];
  }
  pos.sort(); // ascending: the largest value is last
  const k = Math.min(nPos - 1, Math.max(1, Math.floor(kFraction * nPos)));
  const threshold = pos[nPos - 1 - k];
  const logThreshold = Math.log(threshold);
  let s = 0;
  for (let i = nPos - k; i < nPos; i++) s += Math.log(pos[i]) - logThreshold;
  return s > 0 ? k / s : NaN;
}

/** Points of an empirical complementary CDF, see {@linkcode ccdfPoints}. */
export interface CcdfPoints {
  /** Distinct values, ascending. */
  x: Float64Array;
  /** P(X ≥ x) for each x: 1 at the smallest value, 1/n at the largest. */
  p: Float64Array;
}

/**
 * Empirical complementary CDF, P(X ≥ x) at each distinct value. On log-log axes a power-law tail
 * is a straight line of slope −α (Clauset, Shalizi & Newman 2009, SIAM Review 51:661).
 *
 * @param values The sample; NaN values are ignored.
 * @returns {@linkcode CcdfPoints}; empty arrays for an empty sample.
 *
 * @example
 * ```ts
 * import { ccdfPoints } from "./stats.ts";
 * ccdfPoints([1, 2, 2, 4]); // { x: [1, 2, 4], p: [1, 0.75, 0.25] }
 * ```
 */
export function ccdfPoints(values: Numbers): CcdfPoints {
  const sorted = sortedCopy(values); // NaN sorts last in a typed-array sort
  let n = sorted.length;
  while (n > 0 && Number.isNaN(sorted[n - 1])) n--;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const x = new Float64Array(distinct);
  const p = new Float64Array(distinct);
  for (let i = 0, j = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      x[j] = sorted[i];
      p[j] = (n - i) / n;
      j++;
    }
  }
  return { x, p };
}

/** Trend and cycle of a series, see {@linkcode hpFilter}. */
export interface HpResult {
  /** The smooth trend τ. */
  trend: Float64Array;
  /** The cycle, y − τ. */
  cycle: Float64Array;
}

/**
 * Hodrick–Prescott filter: the trend τ minimising Σ (yₜ − τₜ)² + λ Σ (Δ²τₜ)², i.e. the solution
 * of (I + λ K′K) τ = y with K the (n − 2) × n second-difference matrix (Hodrick & Prescott 1997,
 * "Postwar U.S. business cycles: an empirical investigation", J. Money, Credit and Banking 29:1).
 * λ = 1600 for quarterly data is the convention of the business-cycle literature (King & Rebelo
 * 1999). The pentadiagonal system is solved by a banded Cholesky factorisation, O(n).
 *
 * A linear trend passes unchanged (K annihilates it), so the cycle of a straight line is 0.
 *
 * @param values The series (finite), at least 3 values.
 * @param lambda Smoothing parameter λ ≥ 0. @default {1600}
 * @returns {@linkcode HpResult}.
 * @throws {RangeError} When there are fewer than 3 values, a value is not finite or λ < 0.
 *
 * @example
 * ```ts
 * import { hpFilter } from "./stats.ts";
 * const { cycle } = hpFilter([1, 2, 3, 4, 5], 1600);
 * Math.max(...cycle.map(Math.abs)) < 1e-9; // true: a straight line has no cycle
 * ```
 */
export function hpFilter(values: Numbers, lambda = 1600): HpResult {
  const n = values.length;
  if (n < 3) throw new RangeError(`hpFilter(): needs at least 3 values, got ${n}`);
  if (!(lambda >= 0)) throw new RangeError(`hpFilter(): lambda must be ≥ 0, got ${lambda}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`hpFilter(): value ${i} is ${values[i]}; filter finite series only`);
    }
  }
  // A = I + λ K'K as three bands: d (diagonal), e (first off-diagonal), f (second).
  const d = new Float64Array(n).fill(1);
  const e = new Float64Array(n);
  const f = new Float64Array(n);
  const c = [1, -2, 1];
  for (let k = 0; k < n - 2; k++) {
    for (let a = 0; a < 3; a++) {
      d[k + a] += lambda * c[a] * c[a];
      if (a < 2) e[k + a] += lambda * c[a] * c[a + 1];
      if (a < 1) f[k + a] += lambda * c[a] * c[a + 2];
    }
  }
  // Banded Cholesky A = L L': l0 diagonal, l1[i] = L[i][i−1], l2[i] = L[i][i−2].
  const l0 = new Float64Array(n);
  const l1 = new Float64Array(n);
  const l2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    l2[i] = i >= 2 ? f[i - 2] / l0[i - 2] : 0;
    l1[i] = i >= 1 ? (e[i - 1] - (i >= 2 ? l2[i] * l1[i - 1] : 0)) / l0[i - 1] : 0;
    l0[i] = Math.sqrt(d[i] - l2[i] * l2[i] - l1[i] * l1[i]);
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = values[i];
    if (i >= 1) s -= l1[i] * z[i - 1];
    if (i >= 2) s -= l2[i] * z[i - 2];
    z[i] = s / l0[i];
  }
  const trend = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    if (i + 1 < n) s -= l1[i + 1] * trend[i + 1];
    if (i + 2 < n) s -= l2[i + 2] * trend[i + 2];
    trend[i] = s / l0[i];
  }
  const cycle = new Float64Array(n);
  for (let i = 0; i < n; i++) cycle[i] = values[i] - trend[i];
  return { trend, cycle };
}

/**
 * Population standard deviation (1/n).
 *
 * @param values The sample.
 * @returns The standard deviation; NaN for an empty sample.
 *
 * @example
 * ```ts
 * import { standardDeviation } from "./stats.ts";
 * standardDeviation([1, 3]); // 1
 * ```
 */
export function standardDeviation(values: Numbers): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mu = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mu) ** 2;
  return Math.sqrt(ss / n);
}

/**
 * Sample standard deviation (n − 1), the spread of a sample as an estimate of its population's.
 *
 * @param values The sample.
 * @returns The standard deviation; NaN for fewer than two values.
 *
 * @example
 * ```ts
 * import { sampleStandardDeviation } from "./stats.ts";
 * sampleStandardDeviation([1, 3]); // 1.4142...
 * ```
 */
export function sampleStandardDeviation(values: Numbers): number {
  const n = values.length;
  if (n < 2) return NaN;
  return standardDeviation(values) * Math.sqrt(n / (n - 1));
}

/** Result of {@linkcode ols}. */
export interface MultiOlsFit {
  /** Intercept, then one coefficient per regressor, in the order given. */
  coef: number[];
  /** Coefficient of determination. */
  r2: number;
  /** Observations used. */
  n: number;
}

/**
 * Ordinary least squares with an intercept and several regressors: y = b₀ + Σⱼ bⱼ xⱼ + ε. The
 * normal equations are formed on centred data and solved by Gaussian elimination with partial
 * pivoting (a handful of regressors, so no QR is needed). A Mincer earnings equation is
 * `ols([schooling, experience, experience²], logWage)` (Mincer 1974, "Schooling, experience and
 * earnings").
 *
 * @param columns The regressors, each as long as y.
 * @param y The response.
 * @returns {@linkcode MultiOlsFit}; NaN coefficients when the regressors are collinear or there
 *   are no more observations than coefficients.
 * @throws {RangeError} When a column differs in length from y.
 *
 * @example
 * ```ts
 * import { ols } from "./stats.ts";
 * ols([[0, 1, 2, 3], [0, 1, 0, 1]], [1, 3, 5, 7]).coef; // [1, 2, 0] (up to rounding)
 * ```
 */
export function ols(columns: Numbers[], y: Numbers): MultiOlsFit {
  const n = y.length;
  const k = columns.length;
  for (const c of columns) {
    if (c.length !== n) throw new RangeError(`ols(): a column has ${c.length} values, y ${n}`);
  }
  const nan = { coef: new Array<number>(k + 1).fill(NaN), r2: NaN, n };
  if (n <= k + 1) return nan;
  const mx = columns.map(mean);
  const my = mean(y);
  // Augmented centred normal equations [X'X | X'y].
  const a = Array.from({ length: k }, () => new Float64Array(k + 1));
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dy = y[i] - my;
    syy += dy * dy;
    for (let r = 0; r < k; r++) {
      const dr = columns[r][i] - mx[r];
      a[r][k] += dr * dy;
      for (let c = r; c < k; c++) a[r][c] += dr * (columns[c][i] - mx[c]);
    }
  }
  for (let r = 0; r < k; r++) for (let c = 0; c < r; c++) a[r][c] = a[c][r];
  const b = solveAugmented(a);
  if (!b) return nan;
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = my;
    for (let j = 0; j < k; j++) fit += b[j] * (columns[j][i] - mx[j]);
    ssr += (y[i] - fit) ** 2;
  }
  let b0 = my;
  for (let j = 0; j < k; j++) b0 -= b[j] * mx[j];
  return { coef: [b0, ...b], r2: syy > 0 ? 1 - ssr / syy : 1, n };
}

/** Solves an augmented k × (k+1) system in place; null when singular. */
function solveAugmented(a: Float64Array[]): number[] | null {
  const k = a.length;
  const scale = Math.max(1e-300, ...a.map((row, i) => Math.abs(row[i])));
  for (let col = 0; col < k; col++) {
    let p = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[p][col])) p = r;
    if (Math.abs(a[p][col]) <= 1e-12 * scale) return null;
    [a[col], a[p]] = [a[p], a[col]];
    for (let r = col + 1; r < k; r++) {
      const m = a[r][col] / a[col][col];
      for (let c = col; c <= k; c++) a[r][c] -= m * a[col][c];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = a[r][k];
    for (let c = r + 1; c < k; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}

// Lanczos approximation (g = 7, 9 terms), relative error below 1e-13 for x > 0.
const LANCZOS = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0 (Lanczos approximation, g = 7).
 *
 * @param x A positive number.
 * @returns ln Γ(x); NaN for x ≤ 0.
 *
 * @example
 * ```ts
 * import { logGamma } from "./stats.ts";
 * Math.exp(logGamma(5)); // 24 (up to rounding)
 * ```
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * E|x| / √E[x²] of a centred Subbotin (exponential-power) distribution of shape b:
 * Γ(2/b) / √(Γ(1/b) Γ(3/b)). 1/√2 ≈ 0.707 for the Laplace (b = 1), √(2/π) ≈ 0.798 for the
 * Gaussian (b = 2), rising to √3/2 as b → ∞ (uniform).
 *
 * @param b Shape, > 0.
 * @returns The ratio.
 *
 * @example
 * ```ts
 * import { subbotinMomentRatio } from "./stats.ts";
 * subbotinMomentRatio(1); // 0.7071…
 * ```
 */
export function subbotinMomentRatio(b: number): number {
  return Math.exp(logGamma(2 / b) - 0.5 * (logGamma(1 / b) + logGamma(3 / b)));
}

/**
 * Shape b of a Subbotin (exponential-power) distribution, f(x) ∝ exp(−|x − μ|ᵇ / (b aᵇ)), by
 * the method of moments: the sample's mean absolute deviation over its standard deviation (both
 * about the sample mean) set equal to {@linkcode subbotinMomentRatio}(b), inverted by bisection
 * on ln b in [0.05, 50]. b = 1 is the Laplace "tent" of firm growth rates (Bottazzi & Secchi
 * 2006, "Explaining the distribution of firm growth rates", RAND J. Econ. 37:235; Stanley et al.
 * 1996, Nature 379:804), b = 2 the Gaussian of Gibrat's independent shocks.
 *
 * @param values The sample (finite values).
 * @returns b̂ in [0.05, 50] (the bracket's end when the ratio lies beyond it); NaN for fewer than
 *   3 values or zero dispersion.
 *
 * @example
 * ```ts
 * import { subbotinShape } from "./stats.ts";
 * subbotinShape([-1, 1, -1, 1]); // 50: two points are flatter than any Subbotin
 * ```
 */
export function subbotinShape(values: Numbers): number {
  const n = values.length;
  if (n < 3) return NaN;
  const mu = mean(values);
  let sa = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mu;
    sa += Math.abs(d);
    ss += d * d;
  }
  if (ss === 0) return NaN;
  const r = sa / n / Math.sqrt(ss / n);
  let lo = Math.log(0.05);
  let hi = Math.log(50);
  if (r <= subbotinMomentRatio(Math.exp(lo))) return Math.exp(lo);
  if (r >= subbotinMomentRatio(Math.exp(hi))) return Math.exp(hi);
  for (let it = 0; it < 100; it++) {
    const mid = 0.5 * (lo + hi);
    if (subbotinMomentRatio(Math.exp(mid)) < r) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}
