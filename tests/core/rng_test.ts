import assert from "node:assert/strict";
import fc from "fast-check";
import {
  coldGenerator,
  hash32,
  mix32,
  normal,
  normalFast,
  normalQuantile,
  streamOf,
  tickKey,
  uniform,
} from "../../engine/core/rng.ts";

const N = 100_000;

/** Pearson correlation of two equally long samples. */
function correlation(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** `N` draws of `f(i)` for i = 0..N-1. */
function sample(f: (i: number) => number): Float64Array {
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = f(i);
  return out;
}

Deno.test("uniform() gives the same draw for the same (seed, stream, tick, id, k)", () => {
  fc.assert(
    fc.property(
      fc.nat({ max: 2 ** 31 - 1 }),
      fc.string(),
      fc.nat({ max: 100_000 }),
      fc.nat({ max: 2 ** 31 - 1 }),
      fc.nat({ max: 1000 }),
      (seed, name, tick, id, k) => {
        const a = uniform(tickKey(seed, streamOf(name), tick), id, k);
        const b = uniform(tickKey(seed, streamOf(name), tick), id, k);
        assert.equal(a, b);
        assert.ok(a >= 0 && a < 1, `draw ${a} outside [0, 1)`);
      },
    ),
  );
});

Deno.test("uniform() changes when any one of seed, stream, tick, id or k changes", () => {
  const s = streamOf("population");
  const base = uniform(tickKey(7, s, 120), 42, 0);
  assert.notEqual(uniform(tickKey(8, s, 120), 42, 0), base);
  assert.notEqual(uniform(tickKey(7, streamOf("economy"), 120), 42, 0), base);
  assert.notEqual(uniform(tickKey(7, s, 121), 42, 0), base);
  assert.notEqual(uniform(tickKey(7, s, 120), 43, 0), base);
  assert.notEqual(uniform(tickKey(7, s, 120), 42, 1), base);
});

Deno.test("uniform() has mean 1/2 and passes a chi-square test over 10 bins on 100k draws", () => {
  const key = tickKey(7, streamOf("population"), 120);
  const bins = new Float64Array(10);
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const u = uniform(key, i, 0);
    sum += u;
    bins[Math.floor(u * 10)]++;
  }
  const mean = sum / N;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  const expected = N / 10;
  let chi2 = 0;
  for (const b of bins) chi2 += (b - expected) ** 2 / expected;
  // 9 degrees of freedom: the 99.9% quantile is about 27.9; 40 is loose.
  assert.ok(chi2 < 40, `chi-square ${chi2}`);
});

Deno.test("uniform() draws of different streams, ticks, ids and k are uncorrelated", () => {
  const seed = 7;
  const pop = streamOf("population");
  const eco = streamOf("economy");
  const k0 = tickKey(seed, pop, 10);
  const base = sample((i) => uniform(k0, i, 0));
  const cases: [string, Float64Array][] = [
    ["another stream", sample((i) => uniform(tickKey(seed, eco, 10), i, 0))],
    ["the next tick", sample((i) => uniform(tickKey(seed, pop, 11), i, 0))],
    ["the next id", sample((i) => uniform(k0, i + 1, 0))],
    ["the next k", sample((i) => uniform(k0, i, 1))],
    ["the next seed", sample((i) => uniform(tickKey(seed + 1, pop, 10), i, 0))],
  ];
  // The sampling sd of a correlation on 100k independent pairs is about 0.003.
  for (const [what, other] of cases) {
    const r = correlation(base, other);
    assert.ok(Math.abs(r) < 0.015, `correlation with ${what}: ${r}`);
  }
  // A sanity check of the check: a sample correlates fully with itself.
  assert.ok(correlation(base, base) > 0.999);
});

// Both normal generators: Box-Muller on two uniforms, and the quantile at one.
for (const [name, draw] of [["normal", normal], ["normalFast", normalFast]] as const) {
  Deno.test(`${name}() has mean about 0 and standard deviation about 1`, () => {
    const key = tickKey(3, streamOf("labor"), 5);
    let sum = 0;
    let sq = 0;
    let beyond2 = 0;
    for (let i = 0; i < N; i++) {
      const z = draw(key, i, 0);
      assert.ok(Number.isFinite(z));
      sum += z;
      sq += z * z;
      if (Math.abs(z) > 1.96) beyond2++;
    }
    const mean = sum / N;
    const sd = Math.sqrt(sq / N - mean * mean);
    assert.ok(Math.abs(mean) < 0.015, `mean ${mean}`);
    assert.ok(Math.abs(sd - 1) < 0.015, `sd ${sd}`);
    // About 5% of a standard normal lies beyond +-1.96.
    assert.ok(Math.abs(beyond2 / N - 0.05) < 0.004, `tail share ${beyond2 / N}`);
  });

  Deno.test(`${name}() draws k and k + 1 do not share their uniforms`, () => {
    const key = tickKey(3, streamOf("labor"), 5);
    const a = sample((i) => draw(key, i, 0));
    const b = sample((i) => draw(key, i, 1));
    assert.ok(Math.abs(correlation(a, b)) < 0.015);
  });
}

Deno.test("normalQuantile() inverts the normal CDF to 1e-9 in the center and both tails", () => {
  // Quantiles to 16 digits (R's qnorm).
  const cases: [number, number][] = [
    [1e-6, -4.753424308822899],
    [0.01, -2.3263478740408408],
    [0.03, -1.880793608151251],
    [0.5, 0],
    [0.8413447460685429, 1],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
  ];
  for (const [p, x] of cases) {
    assert.ok(Math.abs(normalQuantile(p) - x) < 1.2e-9 * Math.max(1, Math.abs(x)), `${p}`);
  }
  // Symmetric about one half (above 1e-6: below it 1 - p rounds away the digits that matter).
  fc.assert(fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (p) => {
    return Math.abs(normalQuantile(p) + normalQuantile(1 - p)) <
      1e-8 * (1 + Math.abs(normalQuantile(p)));
  }));
});

Deno.test("streamOf() is stable across runs and processes", () => {
  // Computed once from the FNV-1a + murmur finalizer; a change here reshuffles every run.
  assert.equal(streamOf("population"), 2178344859);
  assert.equal(streamOf("economy"), 3859365402);
  assert.equal(streamOf(""), 2872998923);
  assert.equal(tickKey(7, streamOf("population"), 120), 361149178);
  assert.equal(uniform(tickKey(7, streamOf("population"), 120), 42, 0), 0.5138021716848016);
});

Deno.test("streamOf(), mix32() and hash32() return unsigned 32-bit integers", () => {
  fc.assert(
    fc.property(fc.string(), fc.integer(), fc.integer(), fc.integer(), (s, a, b, c) => {
      for (const v of [streamOf(s), mix32(a), hash32(a, b, c)]) {
        assert.ok(Number.isInteger(v) && v >= 0 && v <= 0xffffffff, `${v}`);
      }
    }),
  );
});

Deno.test("coldGenerator() yields the same sequence for the same key", () => {
  const s = streamOf("firms");
  const a = coldGenerator(11, s, 30, 5);
  const b = coldGenerator(11, s, 30, 5);
  const seqA = Array.from({ length: 50 }, () => a.next());
  const seqB = Array.from({ length: 50 }, () => b.next());
  assert.deepEqual(seqA, seqB);
  for (const u of seqA) assert.ok(u >= 0 && u < 1);
  assert.ok(new Set(seqA).size > 45, "a sequence, not a constant");
  const c = coldGenerator(11, s, 30, 6);
  assert.notDeepEqual(Array.from({ length: 50 }, () => c.next()), seqA);
  const d = coldGenerator(11, s, 31, 5);
  assert.notDeepEqual(Array.from({ length: 50 }, () => d.next()), seqA);
});

Deno.test("coldGenerator().int(n) stays in [0, n) and reaches every value", () => {
  const g = coldGenerator(1, streamOf("towns"), 0);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const v = g.int(7);
    assert.ok(Number.isInteger(v) && v >= 0 && v < 7, `${v}`);
    seen.add(v);
  }
  assert.equal(seen.size, 7);
});

Deno.test("hash32, written out, is the two finalizers of its definition: mix32(key ^ mix32(id C1 ^ (k + 1) C2))", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 0, max: 1 << 20 }),
      (key, id, k) =>
        hash32(key, id, k) ===
          mix32(key ^ mix32(Math.imul(id, 0x27d4eb2f) ^ Math.imul(k + 1, 0x165667b1))),
    ),
    { numRuns: 10_000 },
  );
});
