/**
 * How sure a calibration is: confidence intervals by a bootstrap over the seeds (and over the
 * targets' standard errors), likelihood-free profiles per parameter, identifiability warnings,
 * and the moment-by-moment fit at the estimate.
 *
 * The bootstrap (Efron & Tibshirani 1993, percentile intervals) redraws, B times, the R seeds of
 * every evaluated point with replacement (the same draw for every point, so common random
 * numbers hold) and each target within its standard error; each draw's estimate is the
 * evaluated point of least loss. The intervals are therefore those of the estimator as run,
 * at the resolution of the points the search evaluated (dense near the optimum, where the
 * surrogate and the local refinement put their points).
 *
 * @module
 */
import { coldGenerator, streamOf } from "../engine/core/rng.ts";
import { pearson, sampleStandardDeviation } from "../analysis/stats.ts";
import { Matrix, pseudoInverse } from "ml-matrix";
import { loss, meanMoments, type PointMoments, type Weighting } from "./loss.ts";
import type { Target } from "./spec.ts";
import { standardNormal } from "../sweep/_random.ts";

/** What the uncertainty analysis needs of an evaluated point. */
export interface EvaluatedMoments {
  /** Coordinates in the unit cube. */
  unit: number[];
  /** Moments per target, per seed. */
  moments: PointMoments;
}

/** The bootstrap's result: each draw's estimate (unit cube) and the loss noise at the estimate. */
export interface Bootstrap {
  /** Per draw, the unit coordinates of its estimate. */
  estimates: number[][];
  /** Per draw, the loss of the full-sample estimate under that draw. */
  lossAtEstimate: number[];
}

/**
 * Redraws the seeds and the targets B times and re-estimates (see the module doc).
 *
 * @param points every evaluated point.
 * @param targets the targets (their `se` perturbs the draws where known).
 * @param W the calibration's weighting matrix.
 * @param best index of the full-sample estimate in `points`.
 * @param draws B.
 * @param seed seed of the draws.
 */
export function bootstrap(
  points: readonly EvaluatedMoments[],
  targets: readonly Target[],
  W: Weighting,
  best: number,
  draws: number,
  seed: number,
): Bootstrap {
  const g = coldGenerator(seed, streamOf("calibration.bootstrap"), 0);
  const next = () => g.next();
  const seeds = points[0]?.moments[0]?.length ?? 0;
  const estimates: number[][] = [];
  const lossAtEstimate: number[] = [];
  for (let b = 0; b < draws; b++) {
    const pick = Array.from({ length: seeds }, () => Math.floor(next() * seeds));
    const drawn = targets.map((t) => ({
      ...t,
      value: t.value + (t.se ?? 0) * standardNormal(next),
    }));
    let argmin = -1;
    let min = Infinity;
    let atBest = NaN;
    points.forEach((p, i) => {
      const m = meanMoments(p.moments.map((seedsOf) => pick.map((r) => seedsOf[r])));
      const l = loss(m, drawn, W);
      if (i === best) atBest = l;
      if (l < min) {
        min = l;
        argmin = i;
      }
    });
    if (argmin < 0) continue;
    estimates.push(points[argmin].unit);
    lossAtEstimate.push(atBest);
  }
  return { estimates, lossAtEstimate };
}

/** One parameter's profile: the least loss found with the parameter held at each grid value. */
export interface Profile {
  path: string;
  /** Grid values in the unit interval. */
  unit: number[];
  /** The least loss at each grid value (Infinity where nothing could be measured). */
  loss: number[];
  /** Where the values come from: the evaluated points, binned. */
  method: "points";
}

/**
 * A likelihood-free profile from the evaluated points: the unit interval of the parameter cut
 * into `bins` bins, the least loss of the points in each bin (Infinity for an empty bin).
 */
export function pointProfile(
  units: readonly number[][],
  losses: readonly number[],
  dim: number,
  bins: number,
): { unit: number[]; loss: number[] } {
  const loss = new Array<number>(bins).fill(Infinity);
  units.forEach((u, i) => {
    const b = Math.min(bins - 1, Math.floor(u[dim] * bins));
    if (losses[i] < loss[b]) loss[b] = losses[i];
  });
  return { unit: loss.map((_, b) => (b + 0.5) / bins), loss };
}

/** A warning about what the targets cannot pin down. */
export interface IdentifiabilityWarning {
  kind: "flat" | "wide" | "tradeoff";
  parameters: string[];
  message: string;
}

/**
 * The 95% quantile of a chi-square with one degree of freedom: with a variance-based weighting
 * the loss is a chi-square-like statistic, and a parameter whose profile rises by less than this
 * across its whole range is not identified (the profile-likelihood criterion of Raue et al.
 * 2009, after Venzon & Moolgavkar 1988).
 */
export const CHI2_1_95 = 3.841;

/**
 * Identifiability warnings: a profile that rises across the whole range by less than
 * `flatRise` (flat: the moments do not pin the parameter down; {@link CHI2_1_95} for the
 * variance-based weightings, twice the loss's noise for the identity); an interval wider than
 * half the range (weakly identified); two parameters whose bootstrap estimates correlate beyond
 * ±0.7 (they trade off: the moments fix a combination of them).
 */
export function identifiability(
  paths: readonly string[],
  profiles: readonly Profile[],
  flatRise: number,
  estimates: readonly number[][],
  intervalsUnit: readonly [number, number][],
): IdentifiabilityWarning[] {
  const out: IdentifiabilityWarning[] = [];
  profiles.forEach((p) => {
    const finite = p.loss.filter(Number.isFinite);
    if (finite.length < 2) return;
    const rise = Math.max(...finite) - Math.min(...finite);
    if (Number.isFinite(flatRise) && rise < flatRise) {
      out.push({
        kind: "flat",
        parameters: [p.path],
        message: `${p.path} is not identified by these moments: its profile rises by ` +
          `${rise.toPrecision(3)} across its bounds, less than ${flatRise.toPrecision(3)}`,
      });
    }
  });
  intervalsUnit.forEach(([lo, hi], j) => {
    if (hi - lo > 0.5) {
      out.push({
        kind: "wide",
        parameters: [paths[j]],
        message: `${paths[j]} is weakly identified: its 95% interval covers ` +
          `${Math.round((hi - lo) * 100)}% of its bounds`,
      });
    }
  });
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const r = pearson(estimates.map((e) => e[i]), estimates.map((e) => e[j]));
      if (Math.abs(r) > 0.7) {
        out.push({
          kind: "tradeoff",
          parameters: [paths[i], paths[j]],
          message: `${paths[i]} and ${paths[j]} trade off (bootstrap correlation ` +
            `${r.toFixed(2)}): the moments fix a combination of them more than each`,
        });
      }
    }
  }
  return out;
}

/** One moment's fit at the estimate. */
export interface MomentFit {
  moment: string;
  target: number;
  se: number | null;
  source: string;
  /** Mean and standard deviation over the seeds at the estimate. */
  simulated: number;
  sd: number;
  /** (simulated − target) / sqrt(se² + sd²/R). */
  t: number;
}

/** The moment-by-moment fit at a point. */
export function momentFit(targets: readonly Target[], moments: PointMoments): MomentFit[] {
  const means = meanMoments(moments);
  return targets.map((t, k) => {
    const values = moments[k].filter((v): v is number => v !== null && Number.isFinite(v));
    const sd = sampleStandardDeviation(values);
    const se2 = (t.se ?? 0) ** 2 + (Number.isFinite(sd) ? sd ** 2 / values.length : 0);
    return {
      moment: t.window ? `${t.moment} (days ${t.window.from}-${t.window.to})` : t.moment,
      target: t.value,
      se: t.se,
      source: t.source,
      simulated: means[k],
      sd,
      t: se2 > 0 ? (means[k] - t.value) / Math.sqrt(se2) : NaN,
    };
  });
}

/**
 * Asymptotic standard errors of the method of simulated moments (McFadden 1989; Gouriéroux &
 * Monfort 1996, ch. 2): `V = (G'WG)⁻¹ G'WΩWG (G'WG)⁻¹`, with G the Jacobian of the seeds' mean
 * moments in the parameters (unit coordinates), estimated by a least-squares plane through the
 * evaluated points nearest the estimate, and Ω the variance of the gap m̄ − m*: the targets'
 * squared standard errors plus the within-point covariance of the moments over R seeds. These
 * intervals use the whole loss surface near the estimate, where the bootstrap can only pick
 * among evaluated points.
 *
 * @param points the evaluated points (unit coordinates and the seeds' moments).
 * @param best index of the estimate.
 * @param targets the targets.
 * @param W the weighting matrix.
 * @param omega Ω (k x k).
 * @returns per parameter the standard error in unit coordinates (NaN when G is degenerate).
 */
export function msmStandardErrors(
  points: readonly EvaluatedMoments[],
  best: number,
  targets: readonly Target[],
  W: Weighting,
  omega: number[][],
): number[] {
  const d = points[best].unit.length;
  const k = targets.length;
  const at = points[best].unit;
  const near = points
    .map((p, i) => ({ i, dist: Math.hypot(...p.unit.map((u, j) => u - at[j])) }))
    .filter(({ i }) => meanMoments(points[i].moments).every(Number.isFinite))
    .sort((a, b) => a.dist - b.dist)
    .slice(0, Math.max(4 * d, 12));
  if (near.length <= d + 1) return new Array(d).fill(NaN);
  const X = new Matrix(near.map(({ i }) => [1, ...points[i].unit]));
  const Y = new Matrix(near.map(({ i }) => meanMoments(points[i].moments)));
  // Least squares: B = (X'X)⁻¹ X'Y, rows 1..d are the slopes (G' in k columns).
  const B = pseudoInverse(X.transpose().mmul(X)).mmul(X.transpose()).mmul(Y);
  const G = B.subMatrix(1, d, 0, k - 1).transpose(); // k x d
  const Wm = new Matrix(W);
  const bread = pseudoInverse(G.transpose().mmul(Wm).mmul(G));
  const meat = G.transpose().mmul(Wm).mmul(new Matrix(omega)).mmul(Wm).mmul(G);
  const V = bread.mmul(meat).mmul(bread);
  return Array.from({ length: d }, (_, j) => {
    const v = V.get(j, j);
    return v >= 0 && Number.isFinite(v) ? Math.sqrt(v) : NaN;
  });
}
