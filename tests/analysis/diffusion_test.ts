import assert from "node:assert/strict";
import { bassShare, fitBass } from "../../analysis/diffusion.ts";
import { hashUniform } from "../_fixtures.ts";

function close(actual: number, expected: number, eps: number, what = "") {
  assert(
    Math.abs(actual - expected) <= eps,
    `${what} expected ${expected} ± ${eps}, got ${actual}`,
  );
}

/** Monthly points over `years` of a Bass curve, plus uniform noise of standard deviation `sd`. */
function curve(p: number, q: number, m: number, years: number, sd = 0, seed = 1) {
  const t = Array.from({ length: Math.round(years * 12) }, (_, i) => (i + 0.5) / 12);
  const share = t.map((x, i) =>
    bassShare(x, p, q, m) + sd * Math.sqrt(12) * (hashUniform(seed, i) - 0.5)
  );
  return { t, share };
}

Deno.test("bassShare() starts at 0, rises in an S towards m and has the closed form of Bass (1969)", () => {
  assert.equal(bassShare(0, 0.03, 0.38), 0);
  assert.equal(bassShare(-1, 0.03, 0.38), 0);
  const e = Math.exp(-0.41 * 5);
  close(bassShare(5, 0.03, 0.38), (1 - e) / (1 + (0.38 / 0.03) * e), 1e-15);
  close(bassShare(200, 0.03, 0.38, 0.7), 0.7, 1e-12);
  // Pure innovation (q = 0) is the exponential curve m (1 − e^{−pt}).
  close(bassShare(2, 0.3, 0, 0.9), 0.9 * (1 - Math.exp(-0.6)), 1e-15);
  // The adoption rate peaks at the inflection t* = ln(q/p) / (p + q).
  const tStar = Math.log(0.38 / 0.03) / 0.41;
  const rate = (t: number) => (bassShare(t + 1e-4, 0.03, 0.38) - bassShare(t - 1e-4, 0.03, 0.38));
  assert(rate(tStar) > rate(tStar - 1) && rate(tStar) > rate(tStar + 1));
});

Deno.test("fitBass() recovers p, q and m of an exact curve to 1e-6", () => {
  for (const [p, q, m, years] of [[0.03, 0.38, 0.8, 15], [0.02, 0.8, 1, 5], [2, 8, 1, 2]]) {
    const { t, share } = curve(p, q, m, years);
    const fit = fitBass(t, share);
    close(fit.p, p, 1e-6 * p, "p");
    close(fit.q, q, 1e-6 * q, "q");
    close(fit.m, m, 1e-6, "m");
    assert(fit.rmse < 1e-9, `rmse ${fit.rmse}`);
    assert.equal(fit.n, t.length);
  }
});

Deno.test("fitBass() recovers a curve seen only before its inflection when it is exact", () => {
  // t* = ln(0.38/0.03)/0.41 ≈ 6.2 years: five years show only the convex start.
  const { t, share } = curve(0.03, 0.38, 0.8, 5);
  const fit = fitBass(t, share);
  close(fit.p, 0.03, 1e-6, "p");
  close(fit.q, 0.38, 1e-5, "q");
  close(fit.m, 0.8, 1e-5, "m");
});

Deno.test("fitBass() recovers p, q and m within a few percent under noise of half a point", () => {
  const { t, share } = curve(0.03, 0.38, 0.8, 15, 0.005);
  const fit = fitBass(t, share);
  close(fit.p, 0.03, 0.0015, "p");
  close(fit.q, 0.38, 0.01, "q");
  close(fit.m, 0.8, 0.01, "m");
  close(fit.rmse, 0.005, 0.001, "rmse");
  const noisy = curve(0.02, 0.8, 1, 10, 0.01, 2);
  const fast = fitBass(noisy.t, noisy.share);
  close(fast.p, 0.02, 0.002, "p");
  close(fast.q, 0.8, 0.02, "q");
  close(fast.m, 1, 0.01, "m");
});

Deno.test("fitBass() reports q = 0 for pure innovation and keeps m in (0, 1]", () => {
  const { t, share } = curve(0.3, 0, 0.9, 10);
  const fit = fitBass(t, share);
  assert.equal(fit.q, 0);
  close(fit.p, 0.3, 1e-5, "p");
  close(fit.m, 0.9, 1e-5, "m");
  // Shares above 1 cannot raise m above 1.
  const over = fitBass(t, share.map((s) => 1.2 * s));
  assert(over.m <= 1 && over.m > 0, `m ${over.m}`);
});

Deno.test("fitBass() rejects too few points, NaN, negative times and an empty diffusion", () => {
  assert.throws(() => fitBass([0, 1, 2], [0, 0.1, 0.2]), {
    name: "RangeError",
    message: /at least 4 points/,
  });
  assert.throws(() => fitBass([0, 1, 2, 3], [0, 0.1, NaN, 0.3]), {
    name: "RangeError",
    message: /point 2 is not finite/,
  });
  assert.throws(() => fitBass([0, 1, 2, 3], [0, 0.1, 0.2]), {
    name: "RangeError",
    message: /differ in length/,
  });
  assert.throws(() => fitBass([-1, 1, 2, 3], [0, 0.1, 0.2, 0.3]), {
    name: "RangeError",
    message: /counted from the first adoption/,
  });
  assert.throws(() => fitBass([0, 1, 2, 3], [0, 0, 0, 0]), {
    name: "RangeError",
    message: /every share is 0/,
  });
});
