/**
 * Distribution statistics in O(n) with no allocation: values are binned on a square-root
 * scale (fine at the bottom, coarse in the tail, and a hardware sqrt per value) into a
 * reusable histogram, from which the Gini coefficient and quantiles are read. Each bin keeps
 * the exact sum of its values, so the Gini is within a fraction of a percent of the exact
 * one (tests compare them); the analysis library computes exact values on snapshots.
 * @module
 */
import type { World } from "../../core/world.ts";

/** What the doc line of each KPI {@link setHeldKpi} sets adds. */
export const HELD_DOC =
  " Measured every `logging.distribution_days` days (default 7), repeated in between.";

/**
 * Whether today measures the distribution KPIs: on the first day (tick 1, the first KPI row)
 * and every `logging.distribution_days` days after it. In between they repeat the last measurement
 * ({@link setHeldKpi}): each costs a pass over persons or households, and a distribution moves
 * slowly next to the daily flows (statistical offices publish them yearly).
 */
export function measuresDistribution(world: World): boolean {
  const every = world.config.logging.distribution_days;
  return world.kpis.rows === 0 || (world.tick - 1) % every === 0;
}

/**
 * Sets KPI `k` today: to `value` on a day that {@link measuresDistribution} (`measured`), else to
 * its last committed value (the history a resumed run restores, so a resume repeats it too).
 */
export function setHeldKpi(world: World, measured: boolean, k: number, value: number): void {
  world.kpis.values[k] = measured ? value : world.kpis.lagged(k, 0);
}

/** A reusable histogram on a square-root scale. */
export class Histogram {
  /**
   * Members (or weights) per bin, as integers: summing them in a Float64Array made the
   * unweighted fill 2-3 times slower (1.4 against 3-4 ms a day for the large preset's wages),
   * and they are whole numbers either way (at most the number of persons).
   */
  readonly count: Int32Array;
  readonly sum: Float64Array;
  zeros = 0;
  hi = 0;

  constructor(readonly bins = 2048) {
    this.count = new Int32Array(bins);
    this.sum = new Float64Array(bins);
  }

  /**
   * Bins `values[0..n)` (negative values count as zero) with optional weights. Monomorphic on
   * purpose (one array type each, the weighted and unweighted loops apart): it bins every
   * household or worker of the large preset several times a day.
   */
  fill(values: Float64Array, n: number, weights?: Uint16Array): void {
    this.count.fill(0);
    this.sum.fill(0);
    let hi = 0;
    for (let i = 0; i < n; i++) if (values[i] > hi) hi = values[i];
    this.hi = hi;
    const scale = hi > 0 ? (this.bins - 1) / Math.sqrt(hi) : 0;
    const count = this.count;
    const sum = this.sum;
    let zeros = 0;
    if (weights) {
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const w = weights[i];
        if (!(v > 0)) {
          zeros += w;
          continue;
        }
        const b = (Math.sqrt(v) * scale) | 0; // floor: 0 < v <= hi
        count[b] += w;
        sum[b] += v * w;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!(v > 0)) {
          zeros += 1;
          continue;
        }
        const b = (Math.sqrt(v) * scale) | 0; // floor: 0 < v <= hi
        count[b] += 1;
        sum[b] += v;
      }
    }
    this.zeros = zeros;
  }

  /** Gini coefficient (population convention), 0 = equal. */
  gini(): number {
    let n = this.zeros;
    let total = 0;
    for (let b = 0; b < this.bins; b++) {
      n += this.count[b];
      total += this.sum[b];
    }
    if (n === 0 || total <= 0) return 0;
    // Area under the Lorenz curve, bins in increasing order (zeros first).
    let cumPop = this.zeros / n;
    let cumInc = 0;
    let area = 0;
    for (let b = 0; b < this.bins; b++) {
      if (this.count[b] === 0) continue;
      const dp = this.count[b] / n;
      const di = this.sum[b] / total;
      area += dp * (2 * cumInc + di) / 2;
      cumPop += dp;
      cumInc += di;
    }
    return 1 - 2 * area;
  }

  /** Quantile q of the binned values (the mean value of the bin holding it). */
  quantile(q: number): number {
    let n = this.zeros;
    for (let b = 0; b < this.bins; b++) n += this.count[b];
    if (n === 0) return NaN;
    let target = q * n - this.zeros;
    if (target < 0) return 0;
    for (let b = 0; b < this.bins; b++) {
      if (target < this.count[b]) return this.sum[b] / this.count[b];
      target -= this.count[b];
    }
    return this.hi;
  }
}
