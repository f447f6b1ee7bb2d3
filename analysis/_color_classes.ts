/**
 * Color classes for maps: the thresholds that split a quantity into a few colors, chosen so that
 * a skewed density (most tiles empty, one town of thousands) still shows its structure.
 *
 * A linear split gives one town all the colors and leaves every other tile in the first class;
 * a log split gives each order of magnitude its class (and zero its own); a quantile split gives
 * each class about as many tiles.
 *
 * @module
 */
import { skewness } from "./stats.ts";

/** How values map to color classes. `"auto"` is `"log"` for skewed non-negative data. */
export type ColorClassScale = "auto" | "linear" | "sqrt" | "log" | "quantile";

/** The classes of one map: thresholds and the label of each class boundary. */
export interface ColorClasses {
  /** The scale used (never `"auto"`). */
  scale: Exclude<ColorClassScale, "auto">;
  /** Class boundaries, ascending: value v is in class "number of thresholds ≤ v". */
  thresholds: number[];
  /**
   * True when a log scale gives zero a class of its own: class 0, below the first threshold,
   * which is the smallest positive value.
   */
  zeroClass: boolean;
  /** Number of classes. */
  count: number;
  /** The smallest value (left end of the legend). */
  min: number;
  /** The largest value (right end of the legend). */
  max: number;
  /** Class of one value: 0…count−1, or −1 for NaN (drawn transparent). */
  classOf(v: number): number;
}

/**
 * Splits the finite values into about `steps` classes on the given scale.
 *
 * @param values The map's values (NaN and ±Infinity are left out).
 * @param scale How to split; `"auto"` picks `"log"` when all values are ≥ 0 and their skewness
 *   exceeds 2 (a town among empty tiles), else `"linear"`.
 * @param steps The number of classes wanted (the result may have fewer: nice thresholds,
 *   repeated quantiles).
 * @returns The classes.
 * @throws {Error} When a sqrt or log scale is asked for negative values.
 *
 * @example
 * ```ts
 * import { colorClasses } from "./_color_classes.ts";
 * const c = colorClasses([0, 0, 1, 3, 40, 900, 20_000], "log", 9);
 * c.thresholds; // [1, 10, 100, 1000, 10000]
 * c.classOf(0); // 0 (zero has its own class)
 * c.classOf(900); // 3
 * ```
 */
export function colorClasses(
  values: ArrayLike<number>,
  scale: ColorClassScale,
  steps: number,
): ColorClasses {
  const finite: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite.push(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite.length === 0) {
    min = 0;
    max = 0;
  }
  const k = Math.max(2, Math.floor(steps));
  const chosen = scale === "auto" ? (min >= 0 && skewness(finite) > 2 ? "log" : "linear") : scale;
  if ((chosen === "log" || chosen === "sqrt") && min < 0) {
    throw new Error(
      `tileMap(): a ${chosen} color scale needs values ≥ 0, but the smallest is ${min}; ` +
        `use scale: "linear" or "quantile"`,
    );
  }
  let thresholds: number[];
  let zeroClass = false;
  if (chosen === "log") {
    let minPos = Infinity;
    for (const v of finite) if (v > 0 && v < minPos) minPos = v;
    zeroClass = min === 0 && Number.isFinite(minPos);
    thresholds = Number.isFinite(minPos) ? logThresholds(minPos, max, k - (zeroClass ? 1 : 0)) : [];
    if (zeroClass) thresholds = [minPos, ...thresholds];
  } else if (chosen === "sqrt") {
    thresholds = [];
    const lo = Math.sqrt(min);
    const hi = Math.sqrt(max);
    for (let j = 1; j < k; j++) thresholds.push(round2((lo + (j / k) * (hi - lo)) ** 2));
  } else if (chosen === "quantile") {
    const sorted = finite.slice().sort((a, b) => a - b);
    thresholds = [];
    for (let j = 1; j < k; j++) {
      thresholds.push(
        round2(sorted[Math.min(sorted.length - 1, Math.floor((j / k) * sorted.length))]),
      );
    }
  } else {
    thresholds = linearThresholds(min, max, k);
  }
  // Keep thresholds strictly inside (min, max] and increasing, so no class is empty by design.
  const clean: number[] = [];
  for (const t of thresholds) {
    if (t > min && t <= max && (clean.length === 0 || t > clean[clean.length - 1])) clean.push(t);
  }
  return {
    scale: chosen,
    thresholds: clean,
    zeroClass,
    count: clean.length + 1,
    min,
    max,
    classOf(v: number): number {
      if (!Number.isFinite(v)) return -1;
      // Binary search: the number of thresholds ≤ v.
      let lo = 0;
      let hi = clean.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (clean[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

/** Thresholds at 1-2-5, 1-3 or 1 × 10^e in (lo, hi], at most `n − 1` of them (n classes). */
function logThresholds(lo: number, hi: number, n: number): number[] {
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  for (const mantissas of [[1, 2, 5], [1, 3], [1]]) {
    const out: number[] = [];
    for (let e = e0; e <= e1; e++) {
      for (const m of mantissas) {
        const t = Number((m * 10 ** e).toPrecision(12));
        if (t > lo && t <= hi) out.push(t);
      }
    }
    if (out.length <= n - 1) return out.length > 0 ? out : geometric(lo, hi, n);
  }
  // More decades than classes: every other power of ten, or wider.
  const stride = Math.ceil((e1 - e0) / Math.max(1, n - 1));
  const out: number[] = [];
  for (let e = e0 + stride; e <= e1; e += stride) {
    const t = 10 ** e;
    if (t > lo && t <= hi) out.push(t);
  }
  return out;
}

function geometric(lo: number, hi: number, n: number): number[] {
  const out: number[] = [];
  for (let j = 1; j < n; j++) out.push(round2(lo * (hi / lo) ** (j / n)));
  return out;
}

/** Nice thresholds (multiples of 1, 2 or 5 × 10^e) inside (lo, hi), about `n − 1` of them. */
function linearThresholds(lo: number, hi: number, n: number): number[] {
  if (!(hi > lo)) return [];
  const step = niceStep(hi - lo, n);
  const out: number[] = [];
  for (let j = Math.floor(lo / step) + 1; j * step < hi; j++) {
    out.push(Number((j * step).toPrecision(12)));
  }
  return out;
}

/** d3's tick step: a power of ten times 1, 2 or 5, near span / count. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50)
    ? 10
    : error >= Math.sqrt(10)
    ? 5
    : error >= Math.sqrt(2)
    ? 2
    : 1;
  return factor * power;
}

/** Rounds to 2 significant digits (legend labels stay short). */
function round2(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(2));
}
