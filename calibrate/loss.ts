/**
 * The method of simulated moments (McFadden 1989; Pakes & Pollard 1989; for agent-based models
 * Franke & Westerhoff 2012, Grazzini & Richiardi 2015): a point's loss is the weighted distance
 * between its simulated moments, averaged over the seeds, and the targets,
 * `L(θ) = (m̄(θ) − m*)' W (m̄(θ) − m*)`.
 *
 * The weighting matrix is fixed once, from the space-filling starts, so every loss of a
 * calibration is on one scale:
 * - `identity`: W = diag(weights), for moments already on comparable scales;
 * - `diagonal`: W_kk = weight_k / (se_k² + s_k² / R), the inverse variance of m̄_k − m*_k: the
 *   target's standard error (0 when unknown) and the simulation noise of a mean of R seeds
 *   (s_k² the moment's within-point variance over the seeds, pooled over the starts);
 * - `covariance`: W = D^½ Σ⁻¹ D^½ with Σ = diag(se²) + S / R (S the pooled within-point
 *   covariance of the moments over the seeds), the efficient weighting when the targets'
 *   errors are independent of each other (Hansen 1982).
 * With the variance-based weightings the loss is a chi-square-like statistic: about the number
 * of moments at a point whose moments differ from the targets only by noise.
 *
 * @module
 */
import { Matrix, pseudoInverse } from "ml-matrix";
import type { Target } from "./spec.ts";

/** A weighting matrix, row-major (k x k). */
export type Weighting = number[][];

/** One point's simulated moments: per target moment, the value of each seed (null if missing). */
export type PointMoments = (number | null)[][];

/** The mean over the seeds of each moment (NaN when no seed measured it). */
export function meanMoments(m: PointMoments): number[] {
  return m.map((seeds) => {
    let s = 0;
    let n = 0;
    for (const v of seeds) {
      if (v !== null && Number.isFinite(v)) {
        s += v;
        n++;
      }
    }
    return n > 0 ? s / n : NaN;
  });
}

/**
 * The pooled within-point covariance of the moments over the seeds: deviations from each
 * point's own mean, summed over points, over the pooled degrees of freedom. Points missing a
 * moment on some seed are left out.
 *
 * @returns a k x k matrix (zeros when no point has two complete seeds).
 */
export function pooledCovariance(points: readonly PointMoments[]): number[][] {
  const k = points[0]?.length ?? 0;
  const S = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let dof = 0;
  for (const p of points) {
    const seeds = p[0]?.length ?? 0;
    const complete: number[] = [];
    for (let r = 0; r < seeds; r++) {
      if (p.every((m) => m[r] !== null && Number.isFinite(m[r]))) complete.push(r);
    }
    if (complete.length < 2) continue;
    const mean = p.map((m) => complete.reduce((a, r) => a + (m[r] as number), 0) / complete.length);
    for (const r of complete) {
      for (let i = 0; i < k; i++) {
        const di = (p[i][r] as number) - mean[i];
        for (let j = 0; j < k; j++) S[i][j] += di * ((p[j][r] as number) - mean[j]);
      }
    }
    dof += complete.length - 1;
  }
  if (dof === 0) return S;
  return S.map((row) => row.map((v) => v / dof));
}

/**
 * Ω, the variance of the gap m̄ − m* between the seeds' mean moments and the targets: the
 * targets' squared standard errors on the diagonal plus the within-point covariance of the
 * moments over the seeds (pooled over `points`) divided by R.
 */
export function gapVariance(
  targets: readonly Target[],
  points: readonly PointMoments[],
  seeds: number,
): number[][] {
  const k = targets.length;
  const S = seeds > 1 ? pooledCovariance(points) : targets.map(() => new Array(k).fill(0));
  return S.map((row, i) =>
    row.map((v, j) => v / seeds + (i === j ? (targets[i].se ?? 0) ** 2 : 0))
  );
}

/**
 * The weighting matrix of a calibration, from its targets and the moments of its starts.
 *
 * @param kind identity, diagonal or covariance (see the module doc).
 * @param targets the targets, in moment order.
 * @param starts the starts' moments (for the simulation noise).
 * @param seeds R, the seeds each point runs with.
 * @throws {Error} when a moment has no variance to weight it by (a constant moment without a
 *   standard error): the message names it.
 */
export function weighting(
  kind: "identity" | "diagonal" | "covariance",
  targets: readonly Target[],
  starts: readonly PointMoments[],
  seeds: number,
): Weighting {
  const k = targets.length;
  const w = targets.map((t) => t.weight);
  if (kind === "identity") {
    return w.map((wi, i) => w.map((_, j) => (i === j ? wi : 0)));
  }
  const sigma = gapVariance(targets, starts, seeds);
  for (let i = 0; i < k; i++) {
    if (!(sigma[i][i] > 0)) {
      throw new Error(
        `moment ${targets[i].moment} has no variance to weight it by (it is the same on every ` +
          `seed and has no standard error): give its target an \`se\`, or use identity weighting`,
      );
    }
  }
  if (kind === "diagonal") {
    return w.map((wi, i) => w.map((_, j) => (i === j ? wi / sigma[i][i] : 0)));
  }
  // Σ can be near singular (two moments that move together): the pseudo-inverse keeps the
  // loss finite and weights the shared direction once.
  const inv = pseudoInverse(new Matrix(sigma)).to2DArray();
  const root = w.map(Math.sqrt);
  return inv.map((row, i) => row.map((v, j) => root[i] * v * root[j]));
}

/**
 * The loss of one point: `(m̄ − m*)' W (m̄ − m*)`; Infinity when a moment was not measured.
 *
 * @example
 * ```ts
 * loss([0.07], [{ moment: "u_mean", value: 0.06, se: 0.01, weight: 1, source: "" }], [[1e4]]);
 * // 1
 * ```
 */
export function loss(mean: readonly number[], targets: readonly Target[], W: Weighting): number {
  const d = mean.map((m, i) => m - targets[i].value);
  if (d.some((x) => !Number.isFinite(x))) return Infinity;
  return quadraticForm(d, W);
}

/** `d' W d` for a gap `d` of k values and a k x k weighting. */
export function quadraticForm(d: ArrayLike<number>, W: Weighting): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    for (let j = 0; j < d.length; j++) s += d[i] * W[i][j] * d[j];
  }
  return s;
}
