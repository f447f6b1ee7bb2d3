import assert from "node:assert/strict";
import {
  ccdfPoints,
  coefficientOfVariation,
  gini,
  hillTailExponent,
  hpFilter,
  logGamma,
  mean,
  ols,
  olsSlope,
  pearson,
  quantile,
  skewness,
  standardDeviation,
  subbotinMomentRatio,
  subbotinShape,
} from "../../analysis/stats.ts";
import { hashUniform } from "../_fixtures.ts";

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

Deno.test("hpFilter() matches a direct solve of (I + λK'K)τ = y", () => {
  // Reference: numpy.linalg.solve on the dense 12 × 12 system, λ = 1600.
  const y = Array.from({ length: 12 }, (_, t) => Math.sin(t / 2) + 0.1 * t);
  const expected = [
    0.89902908,
    0.84315039,
    0.78670981,
    0.72898062,
    0.66939531,
    0.60774172,
    0.54420762,
    0.47928746,
    0.4135988,
    0.34767788,
    0.28182945,
    0.2160925,
  ];
  const { trend, cycle } = hpFilter(y, 1600);
  expected.forEach((e, i) => close(trend[i], e, 1e-7));
  cycle.forEach((c, i) => close(c, y[i] - trend[i]));
});

Deno.test("hpFilter() passes a straight line whole and returns y itself when λ = 0", () => {
  const line = Array.from({ length: 40 }, (_, t) => 3 - 0.25 * t);
  for (const c of hpFilter(line, 1600).cycle) close(c, 0, 1e-9);
  const y = [1, 5, 2, 8, 3];
  hpFilter(y, 0).trend.forEach((v, i) => close(v, y[i]));
  // The cycle is orthogonal to constants and to time (the first-order conditions).
  const wavy = Array.from({ length: 30 }, (_, t) => Math.sin(t) + 0.01 * t * t);
  const { cycle } = hpFilter(wavy, 1600);
  close(cycle.reduce((a, b) => a + b, 0), 0, 1e-9);
  close(cycle.reduce((a, c, t) => a + t * c, 0), 0, 1e-8);
  assert.throws(() => hpFilter([1, 2]), RangeError);
  assert.throws(() => hpFilter([1, NaN, 2]), /value 1 is NaN/);
});

Deno.test("ols() recovers planted coefficients, as a Mincer regression would", () => {
  // ln w = 1 + 0.08 S + 0.04 X − 0.0007 X² + noise
  const n = 5000;
  const S: number[] = [];
  const X: number[] = [];
  const X2: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = [0, 6, 12, 16][Math.floor(hashUniform(1, i) * 4)];
    const x = Math.floor(hashUniform(2, i) * 45);
    S.push(s);
    X.push(x);
    X2.push(x * x);
    y.push(1 + 0.08 * s + 0.04 * x - 0.0007 * x * x + 0.3 * (hashUniform(3, i) - 0.5));
  }
  const fit = ols([S, X, X2], y);
  close(fit.coef[0], 1, 0.02);
  close(fit.coef[1], 0.08, 0.002);
  close(fit.coef[2], 0.04, 0.002);
  close(fit.coef[3], -0.0007, 0.00005);
  assert.equal(fit.n, n);
  assert.ok(fit.r2 > 0.9);
  // Collinear regressors give NaN, not a wrong number.
  assert.ok(Number.isNaN(ols([S, S], y).coef[1]));
});

Deno.test("logGamma() gives ln Γ at known points", () => {
  close(Math.exp(logGamma(5)), 24, 1e-9);
  close(Math.exp(logGamma(0.5)), Math.sqrt(Math.PI), 1e-12);
  close(Math.exp(logGamma(1.5)), Math.sqrt(Math.PI) / 2, 1e-12);
  close(logGamma(1), 0, 1e-13);
  assert.ok(Number.isNaN(logGamma(0)));
});

Deno.test("subbotinShape() recovers b = 1 from Laplace samples and b = 2 from Gaussian ones", () => {
  close(subbotinMomentRatio(1), Math.SQRT1_2, 1e-12);
  close(subbotinMomentRatio(2), Math.sqrt(2 / Math.PI), 1e-12);
  const n = 40_000;
  const laplace = Array.from({ length: n }, (_, i) => {
    const u = hashUniform(11, i) - 0.5;
    return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u)) * 0.2;
  });
  const gauss = Array.from(
    { length: n },
    (_, i) =>
      Math.sqrt(-2 * Math.log(hashUniform(12, i))) * Math.cos(2 * Math.PI * hashUniform(13, i)),
  );
  close(subbotinShape(laplace), 1, 0.05);
  close(subbotinShape(gauss), 2, 0.1);
  assert.ok(Number.isNaN(subbotinShape([1, 1, 1])));
});

Deno.test("standardDeviation() is the population sd", () => {
  close(standardDeviation([1, 3]), 1);
  assert.ok(Number.isNaN(standardDeviation([])));
});
