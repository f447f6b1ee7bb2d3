/**
 * The Bass (1969) diffusion model of an innovation's adoption, and its fit to an observed
 * adoption curve: Bass, F. M. (1969), "A new product growth model for consumer durables",
 * Management Science 15(5):215–227.
 *
 * A potential adopter who has not adopted yet adopts at the hazard p + q·F(t)/m, where F(t) is
 * the share that has adopted by time t: p, the coefficient of innovation, is adoption from
 * outside influence; q, the coefficient of imitation, adoption because others have; m is the
 * share that ever adopts. With F(0) = 0 the cumulative share is
 *
 *   F(t) = m (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}),
 *
 * an S-shaped curve whose inflection lies at t* = ln(q/p) / (p + q) when q > p (a concave,
 * exponential-like curve otherwise). With t in years, p and q are annual rates, the unit of the
 * literature's estimates (Sultan, Farley & Lehmann 1990, J. Marketing Research 27:70: mean
 * p = 0.03, q = 0.38).
 *
 * Pure functions, no engine import; the fit reuses the project's Nelder–Mead
 * (`calibrate/local_search.ts`, which imports nothing).
 *
 * @module
 */
import { nelderMead } from "../calibrate/local_search.ts";
import type { Numbers } from "./stats.ts";

/** A fitted Bass curve. */
export interface BassFit {
  /** Coefficient of innovation, per unit of t (per year when t is in years); > 0. */
  p: number;
  /** Coefficient of imitation, per unit of t; ≥ 0. */
  q: number;
  /** Share that ever adopts, in (0, 1]. */
  m: number;
  /** Root mean squared error of the fitted shares. */
  rmse: number;
  /** Number of points fitted. */
  n: number;
}

/** Fewest points {@linkcode fitBass} accepts: three parameters and one degree of freedom. */
export const BASS_MIN_POINTS = 4;

/** Search box of p and q (per unit of t), searched on a log scale. */
const P_RANGE: [number, number] = [1e-6, 50];
const Q_RANGE: [number, number] = [1e-6, 100];
/** Points per axis of the coarse grid that seeds Nelder–Mead. */
const GRID = 30;
/** Smallest m the profiled least-squares m is clipped to (m must stay positive). */
const M_MIN = 1e-9;

/**
 * The Bass cumulative adoption share F(t) = m (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t})
 * (Bass 1969, Management Science 15:215); 0 for t ≤ 0.
 *
 * @param t Time since the first adoption (years when p and q are annual).
 * @param p Coefficient of innovation, > 0.
 * @param q Coefficient of imitation, ≥ 0.
 * @param m Share that ever adopts (1 when omitted).
 * @returns F(t), in [0, m).
 *
 * @example
 * ```ts
 * import { bassShare } from "./diffusion.ts";
 * bassShare(0, 0.03, 0.38); // 0
 * bassShare(5, 0.03, 0.38); // ≈ 0.33 of the market after five years
 * bassShare(10, 0.03, 0.38, 0.5) < 0.5; // true: it never reaches m
 * ```
 */
export function bassShare(t: number, p: number, q: number, m = 1): number {
  if (!(t > 0)) return 0;
  const e = Math.exp(-(p + q) * t);
  return (m * (1 - e)) / (1 + (q / p) * e);
}

/**
 * Fits the Bass curve F(t) (see {@linkcode bassShare}; Bass 1969, Management Science 15:215)
 * to observed cumulative adoption shares by nonlinear least squares: m ∈ (0, 1], p > 0, q ≥ 0
 * minimise Σ (share − F(t))².
 *
 * The estimator: F is linear in m, so for each (p, q) the best m is the least-squares
 * Σ share·F₁ / Σ F₁² (F₁ the curve with m = 1), clipped to (0, 1]; that leaves a search over
 * (ln p, ln q) in the box p ∈ [1e-6, 50], q ∈ [1e-6, 100]: a 30 × 30 grid, then Nelder–Mead
 * (`calibrate/local_search.ts`) from the grid's best point, restarted once from its result.
 * A q at the bottom of the box is reported as 0 (pure innovation, F = m (1 − e^{−pt})).
 *
 * The fit is deterministic. A curve seen only before its inflection identifies p, q and m
 * poorly (several triples fit its convex start alike), as in every Bass estimation; use points
 * past the inflection where the data allow.
 *
 * @param t Times since the first adoption, ≥ 0 (years for annual p and q), any order.
 * @param share Cumulative adoption shares at those times, same length.
 * @returns The fitted {@linkcode BassFit}.
 * @throws {RangeError} When t and share differ in length, have fewer than 4 points, hold a
 *   non-finite value or a negative time, or every share is 0 (nothing diffused).
 *
 * @example
 * ```ts
 * import { bassShare, fitBass } from "./diffusion.ts";
 * const t = Array.from({ length: 40 }, (_, i) => i / 4);
 * const fit = fitBass(t, t.map((x) => bassShare(x, 0.03, 0.4, 0.8)));
 * // fit ≈ { p: 0.03, q: 0.4, m: 0.8, rmse: ≈0, n: 40 }
 * ```
 */
export function fitBass(t: Numbers, share: Numbers): BassFit {
  checkSeries(t, share);
  const n = t.length;
  const f1 = new Float64Array(n);
  /** Least-squares m and the sum of squared errors for (p, q), m profiled out. */
  const profile = (p: number, q: number): { m: number; sse: number } => {
    let sgg = 0;
    let syg = 0;
    for (let i = 0; i < n; i++) {
      const g = bassShare(t[i], p, q);
      f1[i] = g;
      sgg += g * g;
      syg += share[i] * g;
    }
    const m = sgg > 0 ? Math.min(1, Math.max(M_MIN, syg / sgg)) : 1;
    let sse = 0;
    for (let i = 0; i < n; i++) sse += (share[i] - m * f1[i]) ** 2;
    return { m, sse };
  };
  const loss = ([lp, lq]: number[]) => profile(Math.exp(lp), Math.exp(lq)).sse;

  const lower = [Math.log(P_RANGE[0]), Math.log(Q_RANGE[0])];
  const upper = [Math.log(P_RANGE[1]), Math.log(Q_RANGE[1])];
  const steps = lower.map((lo, j) => (upper[j] - lo) / (GRID - 1));
  let best = [lower[0], lower[1]];
  let bestLoss = Infinity;
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const x = [lower[0] + i * steps[0], lower[1] + j * steps[1]];
      const l = loss(x);
      if (l < bestLoss) [best, bestLoss] = [x, l];
    }
  }
  const bounds: [number[], number[]] = [lower, upper];
  let x = best;
  for (const step of [steps[0] / 2, 0.05]) {
    x = nelderMead(loss, x, { bounds, step, tolerance: 1e-12, maxEvaluations: 4000 }).x;
  }
  const p = Math.exp(x[0]);
  const q = x[1] <= lower[1] + 1e-9 ? 0 : Math.exp(x[1]);
  const { m, sse } = profile(p, q);
  return { p, q, m, rmse: Math.sqrt(sse / n), n };
}

function checkSeries(t: Numbers, share: Numbers): void {
  if (t.length !== share.length) {
    throw new RangeError(
      `fitBass(): t and share differ in length (${t.length} and ${share.length})`,
    );
  }
  if (t.length < BASS_MIN_POINTS) {
    throw new RangeError(
      `fitBass(): needs at least ${BASS_MIN_POINTS} points (p, q and m), got ${t.length}`,
    );
  }
  let any = false;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]) || !Number.isFinite(share[i])) {
      throw new RangeError(
        `fitBass(): point ${i} is not finite (t ${t[i]}, share ${share[i]}); drop it first`,
      );
    }
    if (t[i] < 0) {
      throw new RangeError(
        `fitBass(): t[${i}] is ${t[i]}; times are counted from the first adoption (≥ 0)`,
      );
    }
    if (share[i] !== 0) any = true;
  }
  if (!any) throw new RangeError("fitBass(): every share is 0, nothing diffused to fit");
}
