import assert from "node:assert/strict";
import {
  ccdfPoints,
  coefficientOfVariation,
  gini,
  hillTailExponent,
  mean,
  olsSlope,
  pearson,
  quantile,
  skewness,
} from "../../analysis/stats.ts";

/** Uniform (0, 1) from a 32-bit integer hash of (seed, i): deterministic, no generator state. */
function hashUniform(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

function close(actual: number, expected: number, eps = 1e-12) {
  assert(Math.abs(actual - expected) <= eps, `expected ${expected}, got ${actual}`);
}

Deno.test("mean() averages a typed array and is NaN when empty", () => {
  assert.deepEqual(mean(Float64Array.of(1, 2, 3, 6)), 3);
  assert(Number.isNaN(mean([])));
});

Deno.test("quantile() interpolates linearly between order statistics (type 7)", () => {
  assert.deepEqual(quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.deepEqual(quantile([1, 2, 3, 4, 5], 0), 1);
  assert.deepEqual(quantile([1, 2, 3, 4, 5], 1), 5);
  close(quantile([10, 20, 30, 40], 0.9), 37);
  assert.throws(() => quantile([1], 1.5), RangeError);
});

Deno.test("skewness() is 0 for a symmetric sample and positive for a right tail", () => {
  close(skewness([1, 2, 3, 4, 5]), 0);
  // population g1 of [0,0,0,10]: m2 = 18.75, m3 = 93.75 -> 93.75 / 18.75^1.5 = 2/sqrt(3)
  close(skewness([0, 0, 0, 10]), 2 / Math.sqrt(3));
});

Deno.test("gini() of equal incomes is 0", () => {
  assert.deepEqual(gini([1, 1, 1, 1]), 0);
});

Deno.test("gini() uses the population convention: one holder among four gives 0.75", () => {
  close(gini([0, 0, 0, 1]), 0.75);
  close(gini(Float64Array.of(1, 0, 0, 0)), 0.75);
});

Deno.test("gini() with weights equals gini() of the expanded sample", () => {
  close(gini([0, 1], [3, 1]), 0.75);
  close(gini([5, 1, 3], [2, 1, 4]), gini([5, 5, 1, 3, 3, 3, 3]));
  assert.throws(() => gini([1, 2], [1]), RangeError);
});

Deno.test("coefficientOfVariation() divides the population sd by the mean", () => {
  close(coefficientOfVariation([2, 4]), 1 / 3);
});

Deno.test("pearson() is 1 for a positive linear relation and -1 for a negative one", () => {
  close(pearson([1, 2, 3], [2, 4, 6]), 1);
  close(pearson([1, 2, 3], [3, 2, 1]), -1);
  assert(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
});

Deno.test("olsSlope() recovers an exact line with r2 = 1", () => {
  const fit = olsSlope([0, 1, 2, 3], [1, 3, 5, 7]);
  close(fit.slope, 2);
  close(fit.intercept, 1);
  close(fit.r2, 1);
  assert.throws(() => olsSlope([1, 2], [1]), RangeError);
});

Deno.test("hillTailExponent() estimates alpha = 1.5 of a seeded Pareto sample within 0.15", () => {
  const alpha = 1.5;
  const n = 20000;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.pow(1 - hashUniform(42, i), -1 / alpha);
  const est = hillTailExponent(x, 0.1);
  close(est, alpha, 0.15);
});

Deno.test("hillTailExponent() ignores non-positive values and rejects a bad kFraction", () => {
  const zipf = Array.from({ length: 2000 }, (_, i) => 2000 / (i + 1));
  const withZeros = [...zipf, 0, -5, 0];
  assert.deepEqual(hillTailExponent(withZeros, 0.05), hillTailExponent(zipf, 0.05));
  close(hillTailExponent(zipf, 0.05), 1, 0.1);
  assert.throws(() => hillTailExponent(zipf, 0), RangeError);
});

Deno.test("ccdfPoints() gives P(X >= x) at each distinct value", () => {
  const { x, p } = ccdfPoints([2, 1, 4, 2, NaN]);
  assert.deepEqual(Array.from(x), [1, 2, 4]);
  assert.deepEqual(Array.from(p), [1, 0.75, 0.25]);
});
