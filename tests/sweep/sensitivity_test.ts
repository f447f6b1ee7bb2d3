import assert from "node:assert/strict";
import { morrisTrajectories, saltelli } from "../../sweep/designs.ts";
import { morrisEffects, sobolIndices } from "../../sweep/sensitivity.ts";

const A = 7;
const B = 0.1;

/** Ishigami function with a = 7, b = 0.1, each input mapped from [0, 1] onto [-π, π]. */
function ishigami(u: number[]): number {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
}

// Analytical variance decomposition of the Ishigami function (Ishigami & Homma 1990;
// Sobol' & Levitan 1999): only x1, x2 and the (x1, x3) interaction carry variance.
const PI4 = Math.PI ** 4;
const V1 = 0.5 * (1 + (B * PI4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = B ** 2 * PI4 ** 2 * (1 / 18 - 1 / 50);
const V = V1 + V2 + V13;
const EXACT_S1 = [V1 / V, V2 / V, 0]; // ≈ [0.314, 0.442, 0]
const EXACT_ST = [(V1 + V13) / V, V2 / V, V13 / V]; // ≈ [0.558, 0.442, 0.244]
const EXACT_S13 = V13 / V; // ≈ 0.244

/** Asserts |actual - expected| <= tolerance for each entry. */
function assertClose(actual: readonly number[], expected: readonly number[], tolerance: number) {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    assert.ok(
      Math.abs(a - expected[i]) <= tolerance,
      `entry ${i}: ${a} is not within ${tolerance} of ${expected[i]}`,
    );
  });
}

Deno.test("sobolIndices() recovers the Ishigami first-order, total and (1,3) indices", () => {
  // N = 2048 unshifted Sobol' base rows (16 384 model runs). Tolerances: the bootstrap 95%
  // half-widths at this N are about 0.04 for S1 and S2 and at most 0.06 for ST, and the
  // observed errors over several digital shifts stay below 0.03 (S1, S2) and 0.005 (ST), so
  // ±0.05 and ±0.02 leave room without hiding a wrong formula (a swapped A/B, a missing
  // factor 2 or a wrong variance moves an index by more than 0.1).
  const y = saltelli(2048, 3).map(ishigami);
  const { S1, ST, S2 } = sobolIndices(y, 3);
  assertClose(S1, EXACT_S1, 0.05);
  assertClose(ST, EXACT_ST, 0.02);
  assert.ok(Math.abs(S2![0][2] - EXACT_S13) <= 0.05, `S2[0][2] = ${S2![0][2]}`);
  assertClose([S2![0][1], S2![1][2]], [0, 0], 0.05);
  assert.equal(S2![2][0], S2![0][2]);
  assert.ok([0, 1, 2].every((i) => Number.isNaN(S2![i][i])));
});

Deno.test("sobolIndices() bootstrap intervals cover the exact Ishigami indices and repeat by seed", () => {
  const y = saltelli(2048, 3).map(ishigami);
  const options = { confidence: { resamples: 200, seed: 4 } };
  const result = sobolIndices(y, 3, options);
  assert.deepEqual(result, sobolIndices(y, 3, options));
  for (let i = 0; i < 3; i++) {
    assert.ok(result.S1_conf![i] > 0 && result.S1_conf![i] < 0.1);
    assert.ok(result.ST_conf![i] > 0 && result.ST_conf![i] < 0.1);
    assert.ok(Math.abs(result.S1[i] - EXACT_S1[i]) <= result.S1_conf![i], `S1[${i}] covered`);
    assert.ok(Math.abs(result.ST[i] - EXACT_ST[i]) <= result.ST_conf![i], `ST[${i}] covered`);
  }
  assert.ok(Math.abs(result.S2![0][2] - EXACT_S13) <= result.S2_conf![0][2]);
  assert.equal(sobolIndices(y, 3).S1_conf, undefined);
});

Deno.test("sobolIndices() without second order gives the same S1 and ST from the shorter design", () => {
  const full = sobolIndices(saltelli(512, 3, { seed: 8 }).map(ishigami), 3);
  const short = sobolIndices(saltelli(512, 3, { seed: 8, secondOrder: false }).map(ishigami), 3, {
    secondOrder: false,
  });
  // A, AB and B rows are the same in both designs; only the standardization (over all rows,
  // as SALib does) differs, and S1's estimator is shift-sensitive at the 1e-7 level.
  assertClose(short.S1, full.S1, 1e-6);
  assertClose(short.ST, full.ST, 1e-6);
  assert.equal(short.S2, undefined);
});

Deno.test("sobolIndices() splits an additive model's variance by its squared coefficients", () => {
  // y = x1 + 2 x2 on uniform inputs: V1 = 1/12, V2 = 4/12, so S = ST = [0.2, 0.8], S12 = 0.
  const y = saltelli(1024, 2).map(([x1, x2]) => x1 + 2 * x2);
  const { S1, ST, S2 } = sobolIndices(y, 2);
  assertClose(S1, [0.2, 0.8], 0.01);
  assertClose(ST, [0.2, 0.8], 0.01);
  assertClose([S2![0][1]], [0], 0.01);
});

Deno.test("sobolIndices() gives zero indices for a constant output", () => {
  const { S1, ST } = sobolIndices(new Array(8 * 8).fill(3), 3);
  assert.deepEqual(S1, [0, 0, 0]);
  assert.deepEqual(ST, [0, 0, 0]);
});

Deno.test("sobolIndices() rejects outputs that do not match the design's row count", () => {
  assert.throws(
    () => sobolIndices(new Array(63).fill(0), 3),
    /63 outputs.*n·\(2·dims \+ 2\) = n·8/,
  );
  assert.throws(
    () => sobolIndices(new Array(64).fill(0), 3, { secondOrder: false }),
    /n·\(dims \+ 2\) = n·5/,
  );
  assert.throws(() => sobolIndices([], 3), /0 outputs/);
  assert.throws(() => sobolIndices([1, 2, NaN, 4, 5, 6, 7, 8], 3), /output 2 is NaN/);
});

Deno.test("morrisEffects() gives a linear model's coefficients times the range, with σ = 0", () => {
  // y = 3 X1 + 1 X2 + 0 X3 with X1 on [0, 2], X2 on [-1, 1], X3 on [5, 10]: every elementary
  // effect on the [0, 1] design scale is coefficient × range width.
  const ranges = [[0, 2], [-1, 1], [5, 10]];
  const coefficients = [3, 1, 0];
  const x = morrisTrajectories(25, 3, { levels: 6, seed: 11 });
  const y = x.map((u) =>
    u.reduce(
      (sum, v, i) => sum + coefficients[i] * (ranges[i][0] + v * (ranges[i][1] - ranges[i][0])),
      0,
    )
  );
  const { mu, muStar, sigma } = morrisEffects(x, y, 3, { levels: 6 });
  assertClose(muStar, [6, 2, 0], 1e-9);
  assertClose(mu, [6, 2, 0], 1e-9);
  assertClose(sigma, [0, 0, 0], 1e-9);
});

Deno.test("morrisEffects() ranks the Ishigami inputs x1 and x2 above x3 by μ*", () => {
  // On the 4-level grid over [-π, π] the expected μ* are 7.70 for x1, exactly 7.875 for x2
  // (sin² x2 always jumps between 0 and 3/4) and 6.25 for x3 (zero whenever sin x1 = 0); with
  // 1000 trajectories their standard errors are about 0.2, so the ranking is safe.
  const x = morrisTrajectories(1000, 3, { seed: 1 });
  const { mu, muStar, sigma } = morrisEffects(x, x.map(ishigami), 3);
  assert.ok(muStar[0] > muStar[2] && muStar[1] > muStar[2], `μ* = ${muStar}`);
  assertClose([muStar[1]], [(A * 0.75) / (2 / 3)], 1e-9);
  assertClose(muStar, [7.7, 7.875, 6.25], 0.5);
  // x2's effects are ±7.875 in equal measure: μ near 0, σ near 7.875.
  assert.ok(Math.abs(mu[1]) < 1 && Math.abs(sigma[1] - 7.875) < 0.1);
});

Deno.test("morrisEffects() rejects rows that are not in morrisTrajectories() layout", () => {
  const x = morrisTrajectories(2, 2, { seed: 1 });
  const y = x.map(([a, b]) => a + b);
  assert.throws(
    () => morrisEffects(x.slice(0, 5), y.slice(0, 5), 2),
    /positive multiple of dims \+ 1 = 3/,
  );
  assert.throws(() => morrisEffects(x, y.slice(1), 2), /6 rows and 5 outputs/);
  const swapped = [x[1], x[0], ...x.slice(2)];
  assert.throws(() => morrisEffects(swapped, y, 2), /rows 1 and 2 change coordinates/);
  assert.throws(() => morrisEffects(x, y, 2, { levels: 6 }), /not ±Δ = 0.6 of a 6-level grid/);
});
