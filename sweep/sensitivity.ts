/**
 * Sensitivity estimators applied to sweep results: variance-based Sobol' indices from a
 * `saltelli()` design and Morris elementary effects from `morrisTrajectories()`.
 * The formulas follow the papers cited on each function and the choices SALib makes
 * (`SALib.analyze.sobol`, `SALib.analyze.morris`), so results can be compared with it.
 *
 * @module
 */
import { sampleStandardDeviation } from "../analysis/stats.ts";
import { checkPositiveInteger, checkSeed } from "./_checks.ts";
import { randomIndex, seededUniform } from "./_random.ts";

/** Two-sided 95% quantile of the standard normal, Φ^-1(0.975). */
const Z_95 = 1.959963984540054;

/** Options of {@link sobolIndices}. */
export interface SobolIndicesOptions {
  /**
   * Whether `y` came from `saltelli(..., { secondOrder: true })` (blocks of 2·dims + 2 rows)
   * and second-order indices are wanted; must match the design.
   * @default {true}
   */
  secondOrder?: boolean;
  /**
   * Bootstrap 95% confidence half-widths: resample the `n` blocks with replacement
   * `resamples` times and report 1.96 × the standard deviation of the estimates. Absent: no
   * confidence intervals.
   */
  confidence?: { resamples: number; seed: number };
}

/** Sobol' indices of each parameter; `_conf` fields are 95% bootstrap half-widths. */
export interface SobolIndices {
  /** First-order indices S_i: the share of output variance due to parameter i alone. */
  S1: number[];
  /** Total-order indices ST_i: the share due to parameter i with all its interactions. */
  ST: number[];
  /**
   * Second-order indices S_ij (only with `secondOrder`), a symmetric dims × dims matrix with
   * NaN on the diagonal.
   */
  S2?: number[][];
  /** Half-widths for {@link SobolIndices.S1} (only with `confidence`). */
  S1_conf?: number[];
  /** Half-widths for {@link SobolIndices.ST} (only with `confidence`). */
  ST_conf?: number[];
  /** Half-widths for {@link SobolIndices.S2} (only with `confidence` and `secondOrder`). */
  S2_conf?: number[][];
}

/** The outputs of one Saltelli design split by matrix: a[j], b[j], ab[i][j], ba[i][j]. */
interface SaltelliOutputs {
  a: Float64Array;
  b: Float64Array;
  ab: Float64Array[];
  ba: Float64Array[];
}

/**
 * Sobol' sensitivity indices from model outputs in the exact row order of `saltelli()`.
 *
 * With f_A, f_B, f_AB^(i), f_BA^(i) the outputs of each block's rows and V the variance of
 * the pooled f_A and f_B:
 * - first order, Saltelli et al. (2010): S_i = mean(f_B · (f_AB^(i) - f_A)) / V;
 * - total order, Jansen (1999): ST_i = mean((f_A - f_AB^(i))²) / (2V);
 * - second order, Saltelli (2002): S_ij = (mean(f_BA^(i) · f_AB^(j) - f_A · f_B)) / V - S_i - S_j.
 *
 * As in SALib, the outputs are first standardized (mean 0, standard deviation 1): the indices
 * are ratios, but the first- and second-order estimators are not exactly shift-invariant, and
 * centring reduces their variance. A constant output has every index 0.
 *
 * References: I. M. Sobol' (2001), Math. Comput. Simul. 55, 271-280; A. Saltelli (2002),
 * Comput. Phys. Commun. 145, 280-297; A. Saltelli et al. (2010), Comput. Phys. Commun. 181,
 * 259-270; M. J. W. Jansen (1999), Comput. Phys. Commun. 117, 35-43.
 *
 * @param y one output per design row, in `saltelli()` order.
 * @param dims number of parameters the design was made for.
 * @param options `secondOrder` (must match the design) and `confidence`.
 * @returns S1, ST, and S2 / confidence half-widths when asked for.
 * @throws {RangeError} if `y.length` is not a positive multiple of the block size
 * (2·dims + 2, or dims + 2 without second order), if an output is not finite, or on bad
 * `dims` or bootstrap options.
 *
 * @example
 * ```ts
 * import { saltelli } from "./designs.ts";
 * import { sobolIndices } from "./sensitivity.ts";
 * const rows = saltelli(256, 2);
 * const y = rows.map(([x1, x2]) => x1 + 2 * x2);
 * const { S1 } = sobolIndices(y, 2); // ≈ [0.2, 0.8]
 * ```
 */
export function sobolIndices(
  y: ArrayLike<number>,
  dims: number,
  options: SobolIndicesOptions = {},
): SobolIndices {
  const { secondOrder = true, confidence } = options;
  checkPositiveInteger("sobolIndices", "dims", dims);
  const step = secondOrder ? 2 * dims + 2 : dims + 2;
  if (y.length === 0 || y.length % step !== 0) {
    const layout = secondOrder ? "n·(2·dims + 2)" : "n·(dims + 2)";
    throw new RangeError(
      `sobolIndices: y has ${y.length} outputs, but a saltelli() design with dims = ${dims} and ` +
        `secondOrder = ${secondOrder} has ${layout} = n·${step} rows; pass one output per ` +
        `design row, in order, and the same dims and secondOrder as the design`,
    );
  }
  for (let k = 0; k < y.length; k++) {
    if (!Number.isFinite(y[k])) {
      throw new RangeError(`sobolIndices: output ${k} is ${y[k]}; every output must be finite`);
    }
  }
  const outputs = splitOutputs(standardized(y), dims, step, secondOrder);
  const n = outputs.a.length;
  const allRows = Array.from({ length: n }, (_, j) => j);
  const estimate = (rows: readonly number[]) => estimateIndices(outputs, rows, secondOrder);
  const result: SobolIndices = estimate(allRows);
  if (confidence !== undefined) {
    checkPositiveInteger("sobolIndices", "confidence.resamples", confidence.resamples);
    checkSeed("sobolIndices", confidence.seed);
    if (confidence.resamples < 2) {
      throw new RangeError("sobolIndices: confidence.resamples must be at least 2");
    }
    const next = seededUniform(confidence.seed);
    const draws: SobolIndices[] = [];
    for (let r = 0; r < confidence.resamples; r++) {
      draws.push(estimate(allRows.map(() => randomIndex(next, n))));
    }
    result.S1_conf = result.S1.map((_, i) =>
      Z_95 * sampleStandardDeviation(draws.map((d) => d.S1[i]))
    );
    result.ST_conf = result.ST.map((_, i) =>
      Z_95 * sampleStandardDeviation(draws.map((d) => d.ST[i]))
    );
    if (secondOrder) {
      result.S2_conf = result.S2!.map((row, i) =>
        row.map((
          _,
          k,
        ) => (i === k ? NaN : Z_95 * sampleStandardDeviation(draws.map((d) => d.S2![i][k]))))
      );
    }
  }
  return result;
}

/** The three estimators on a subset (or bootstrap resample) of the blocks. */
function estimateIndices(
  { a, b, ab, ba }: SaltelliOutputs,
  rows: readonly number[],
  secondOrder: boolean,
): SobolIndices {
  const dims = ab.length;
  const variance = pooledVariance(a, b, rows);
  if (variance === 0) {
    const zeros = () => new Array<number>(dims).fill(0);
    const s2 = secondOrder
      ? Array.from({ length: dims }, (_, i) => zeros().map((z, k) => (i === k ? NaN : z)))
      : undefined;
    return { S1: zeros(), ST: zeros(), ...(s2 ? { S2: s2 } : {}) };
  }
  const S1 = ab.map((abi) => mean(rows, (j) => b[j] * (abi[j] - a[j])) / variance);
  const ST = ab.map((abi) => mean(rows, (j) => (a[j] - abi[j]) ** 2) / (2 * variance));
  if (!secondOrder) return { S1, ST };
  const S2 = Array.from({ length: dims }, () => new Array<number>(dims).fill(NaN));
  for (let i = 0; i < dims; i++) {
    for (let k = i + 1; k < dims; k++) {
      const closed = mean(rows, (j) => ba[i][j] * ab[k][j] - a[j] * b[j]) / variance;
      S2[i][k] = S2[k][i] = closed - S1[i] - S1[k];
    }
  }
  return { S1, ST, S2 };
}

/** Splits outputs in saltelli() block order into the A, B, AB^(i) and BA^(i) columns. */
function splitOutputs(
  y: Float64Array,
  dims: number,
  step: number,
  secondOrder: boolean,
): SaltelliOutputs {
  const n = y.length / step;
  const column = (offset: number) =>
    Float64Array.from({ length: n }, (_, j) => y[j * step + offset]);
  return {
    a: column(0),
    b: column(step - 1),
    ab: Array.from({ length: dims }, (_, i) => column(1 + i)),
    ba: secondOrder ? Array.from({ length: dims }, (_, i) => column(1 + dims + i)) : [],
  };
}

/** Outputs shifted to mean 0 and scaled to standard deviation 1 (left centred if constant). */
function standardized(y: ArrayLike<number>): Float64Array {
  const values = Float64Array.from(y);
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
  return values.map((v) => (sd > 0 ? (v - m) / sd : v - m));
}

/** Population variance of f_A and f_B pooled over the given blocks (SALib's np.var). */
function pooledVariance(a: Float64Array, b: Float64Array, rows: readonly number[]): number {
  const m = (mean(rows, (j) => a[j]) + mean(rows, (j) => b[j])) / 2;
  return (mean(rows, (j) => (a[j] - m) ** 2) + mean(rows, (j) => (b[j] - m) ** 2)) / 2;
}

/** Mean of `f(j)` over the given rows. */
function mean(rows: readonly number[], f: (j: number) => number): number {
  let sum = 0;
  for (const j of rows) sum += f(j);
  return sum / rows.length;
}

/** Options of {@link morrisEffects}. */
export interface MorrisEffectsOptions {
  /**
   * Grid levels p the trajectories were made with; each step must move by Δ = p / (2(p - 1)).
   * @default {4}
   */
  levels?: number;
}

/** Morris screening measures, one entry per parameter. */
export interface MorrisEffects {
  /** Mean elementary effect μ (effects of opposite sign can cancel). */
  mu: number[];
  /** Mean absolute elementary effect μ* (Campolongo et al. 2007): the importance ranking. */
  muStar: number[];
  /** Sample standard deviation of the elementary effects (n - 1 denominator; NaN for r = 1):
   * large when the effect depends on the other parameters (interactions, non-linearity). */
  sigma: number[];
}

/**
 * Morris (1991) elementary effects of each parameter, summarized per parameter as μ, μ*
 * (Campolongo, Cariboni & Saltelli 2007) and σ. Along each trajectory, the step that moves
 * parameter i by ±Δ gives EE_i = (y_after - y_before) / (x_i,after - x_i,before), so effects
 * are per unit of the [0, 1] design scale; multiply by a parameter's range width to get them
 * per unit of the parameter.
 *
 * References: M. D. Morris (1991), Technometrics 33, 161-174; F. Campolongo, J. Cariboni and
 * A. Saltelli (2007), Environ. Model. Softw. 22, 1509-1518.
 *
 * @param x the design rows, in `morrisTrajectories()` layout (r blocks of dims + 1 rows).
 * @param y one output per row of `x`.
 * @param dims number of parameters.
 * @param options `levels` used to make the design.
 * @returns μ, μ* and σ per parameter.
 * @throws {RangeError} if the lengths do not match, or consecutive rows of a trajectory do not
 * differ in exactly one coordinate by ±Δ with every coordinate moved once, or an output is
 * not finite.
 *
 * @example
 * ```ts
 * import { morrisTrajectories } from "./designs.ts";
 * import { morrisEffects } from "./sensitivity.ts";
 * const x = morrisTrajectories(20, 2, { seed: 3 });
 * const y = x.map(([a, b]) => 3 * a - b);
 * morrisEffects(x, y, 2).muStar; // ≈ [3, 1]
 * ```
 */
export function morrisEffects(
  x: readonly (readonly number[])[],
  y: ArrayLike<number>,
  dims: number,
  options: MorrisEffectsOptions = {},
): MorrisEffects {
  const { levels = 4 } = options;
  checkPositiveInteger("morrisEffects", "dims", dims);
  if (!Number.isSafeInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new RangeError(`morrisEffects: levels must be an even integer >= 2, got ${levels}`);
  }
  const size = dims + 1;
  if (x.length !== y.length || x.length === 0 || x.length % size !== 0) {
    throw new RangeError(
      `morrisEffects: expected x and y to have the same length, a positive multiple of ` +
        `dims + 1 = ${size} (one trajectory per ${size} rows); got ${x.length} rows and ` +
        `${y.length} outputs`,
    );
  }
  const delta = levels / (2 * (levels - 1));
  const effects: number[][] = Array.from({ length: dims }, () => []);
  for (let start = 0; start < x.length; start += size) {
    const moved = new Set<number>();
    for (let row = start; row < start + dims; row++) {
      const changed = changedCoordinates(x[row], x[row + 1], dims, row);
      if (changed.length !== 1 || moved.has(changed[0])) {
        throw new RangeError(
          `morrisEffects: rows ${row} and ${row + 1} change coordinates [${changed}]; each step ` +
            `of a trajectory must move one coordinate not yet moved (morrisTrajectories layout)`,
        );
      }
      const i = changed[0];
      const dx = x[row + 1][i] - x[row][i];
      if (Math.abs(Math.abs(dx) - delta) > 1e-9) {
        throw new RangeError(
          `morrisEffects: rows ${row} and ${row + 1} move coordinate ${i} by ${dx}, not ±Δ = ` +
            `${delta} of a ${levels}-level grid; pass the levels the design was made with`,
        );
      }
      const dy = y[row + 1] - y[row];
      if (!Number.isFinite(dy)) {
        throw new RangeError(`morrisEffects: output ${row} or ${row + 1} is not finite`);
      }
      moved.add(i);
      effects[i].push(dy / dx);
    }
  }
  return {
    mu: effects.map((e) => e.reduce((s, v) => s + v, 0) / e.length),
    muStar: effects.map((e) => e.reduce((s, v) => s + Math.abs(v), 0) / e.length),
    sigma: effects.map(sampleStandardDeviation),
  };
}

/** Indices where two rows differ; throws if a row has the wrong width. */
function changedCoordinates(
  before: readonly number[],
  after: readonly number[],
  dims: number,
  row: number,
): number[] {
  if (before.length !== dims || after.length !== dims) {
    throw new RangeError(
      `morrisEffects: rows ${row} and ${row + 1} must have dims = ${dims} values`,
    );
  }
  const changed: number[] = [];
  for (let i = 0; i < dims; i++) if (before[i] !== after[i]) changed.push(i);
  return changed;
}
