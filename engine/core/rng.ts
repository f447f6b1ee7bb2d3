/**
 * Keyed randomness. A draw is a pure function of (seed, stream, tick, entity id, k): nothing
 * is sequenced, so adding or switching off a system cannot shift another system's draws, a
 * forked scenario keeps the draws of every agent a policy did not touch (common random
 * numbers), and resuming from a snapshot needs no saved generator state.
 *
 * Hot per-agent loops compute `key = tickKey(seed, stream, tick)` once, then call
 * {@link uniform}(key, id, k) inline (a 32-bit counter-based hash, about 1.5 ns). Cold paths
 * that want a sequence use {@link coldGenerator}, a pure-rand xoroshiro128+ seeded from the key.
 *
 * @module
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

/** 32-bit finalizer of MurmurHash3: a good avalanche in 5 integer operations. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Stable 32-bit stream number of a name (FNV-1a), so streams are keyed by the system's name
 * rather than by its position in the schedule.
 *
 * @example
 * ```ts
 * const s = streamOf("population"); // the same number in every run and process
 * ```
 */
export function streamOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Key of one (seed, stream, tick): computed once per system per tick. */
export function tickKey(seed: number, stream: number, tick: number): number {
  return mix32(mix32(seed ^ Math.imul(stream, 0x9e3779b1)) ^ Math.imul(tick + 1, 0x85ebca77));
}

/** Uniform 32-bit integer for (key, id, k). */
export function hash32(key: number, id: number, k: number): number {
  return mix32(key ^ mix32(Math.imul(id, 0x27d4eb2f) ^ Math.imul(k + 1, 0x165667b1)));
}

/**
 * Uniform draw in [0, 1) for entity `id`, draw number `k`, under a tick key.
 *
 * @example
 * ```ts
 * const key = tickKey(7, streamOf("population"), 120);
 * const u = uniform(key, 42, 0); // same value for the same (seed, stream, tick, id, k)
 * ```
 */
export function uniform(key: number, id: number, k: number): number {
  return hash32(key, id, k) * 2.3283064365386963e-10;
}

/** Standard normal draw (Box-Muller on two keyed uniforms). */
export function normal(key: number, id: number, k: number): number {
  const u1 = (hash32(key, id, 2 * k) + 1) * 2.3283064365386963e-10;
  const u2 = hash32(key, id, 2 * k + 1) * 2.3283064365386963e-10;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(6.283185307179586 * u2);
}

/**
 * Standard normal draw by the inverse of the normal CDF at one keyed uniform, for hot loops:
 * one hash instead of {@link normal}'s two, and for 95% of draws a ratio of polynomials instead
 * of a log, a root and a cosine. Not the same values as {@link normal} for the same arguments.
 */
export function normalFast(key: number, id: number, k: number): number {
  return normalQuantile((hash32(key, id, k) + 0.5) * 2.3283064365386963e-10);
}

// Acklam's coefficients: the center's numerator (A) and denominator (B), the tails' (C, D).
const A = [
  -3.969683028665376e1,
  2.209460984245205e2,
  -2.759285104469687e2,
  1.38357751867269e2,
  -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1];
const B4 = -1.328068155288572e1;
const C = [
  -7.784894002430293e-3,
  -3.223964580411365e-1,
  -2.400758277161838,
  -2.549732539343734,
  4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * The standard normal quantile at `p` in (0, 1), by Acklam's rational approximation
 * (relative error below 1.2e-9): a ratio of polynomials in the center, and of the square root
 * of -2 log(p) in the tails below 0.02425 and above 0.97575.
 */
export function normalQuantile(p: number): number {
  if (p < 0.02425) return acklamTail(Math.sqrt(-2 * Math.log(p)));
  if (p > 0.97575) return -acklamTail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  const num = ((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5];
  const den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B4) * r + 1;
  return (num * q) / den;
}

/** The lower tail of {@link normalQuantile} at q = sqrt(-2 log p). */
function acklamTail(q: number): number {
  const num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
  const den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1;
  return num / den;
}

/** A sequential generator for cold paths, seeded from a key (pure-rand xoroshiro128+). */
export interface ColdGenerator {
  /** Next uniform double in [0, 1). */
  next(): number;
  /** Next integer in [0, n). */
  int(n: number): number;
}

/**
 * Cold-path generator for (seed, stream, tick, id): a pure function of its key like every
 * other draw, so it needs no saved state.
 */
export function coldGenerator(seed: number, stream: number, tick: number, id = 0): ColdGenerator {
  const g = xoroshiro128plus(hash32(tickKey(seed, stream, tick), id, 0x5eed) | 0);
  return {
    next: () => uniformFloat64(g),
    int: (n: number) => Math.floor(uniformFloat64(g) * n),
  };
}
