import assert from "node:assert/strict";
import fc from "fast-check";
import {
  fullGrid,
  haltonSequence,
  latinHypercube,
  morrisTrajectories,
  saltelli,
  SOBOL_MAX_DIMS,
  sobolSequence,
} from "../../sweep/designs.ts";

/** Column `j` of a design. */
const column = (rows: number[][], j: number) => rows.map((row) => row[j]);

/** True if every value is in [0, 1). */
const inUnitInterval = (rows: number[][]) => rows.every((row) => row.every((v) => v >= 0 && v < 1));

Deno.test("latinHypercube() puts exactly one point in each of the n strata of every dimension", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer(),
      (n, dims, seed) => {
        const points = latinHypercube(n, dims, seed);
        assert.equal(points.length, n);
        assert.ok(points.every((p) => p.length === dims));
        assert.ok(inUnitInterval(points));
        for (let j = 0; j < dims; j++) {
          const strata = column(points, j).map((v) => Math.floor(v * n)).sort((a, b) => a - b);
          assert.deepEqual(strata, Array.from({ length: n }, (_, k) => k));
        }
      },
    ),
  );
});

Deno.test("latinHypercube() is the same for a seed and differs between seeds", () => {
  assert.deepEqual(latinHypercube(20, 3, 7), latinHypercube(20, 3, 7));
  assert.notDeepEqual(latinHypercube(20, 3, 7), latinHypercube(20, 3, 8));
});

Deno.test("latinHypercube() pairs strata independently across dimensions", () => {
  // With the same permutation in both dimensions the strata would be identical.
  const points = latinHypercube(50, 2, 1);
  const strata = (j: number) => column(points, j).map((v) => Math.floor(v * 50));
  assert.notDeepEqual(strata(0), strata(1));
});

Deno.test("latinHypercube() rejects a non-positive or fractional n or dims with a clear message", () => {
  assert.throws(
    () => latinHypercube(0, 2, 1),
    /latinHypercube: n must be a positive integer, got 0/,
  );
  assert.throws(() => latinHypercube(5, 1.5, 1), /dims must be a positive integer, got 1.5/);
  assert.throws(() => latinHypercube(5, 2, 0.5), /seed must be an integer/);
});

Deno.test("sobolSequence() starts with the known unscrambled points in 3 dimensions", () => {
  // Values of SciPy's qmc.Sobol(3, scramble=False), which uses the same Joe & Kuo numbers;
  // the third dimension (polynomial x^2 + x + 1, m = 1, 3) goes 0, 1/2, 1/4, 3/4, 5/8, 1/8, ...
  assert.deepEqual(sobolSequence(8, 3), [
    [0, 0, 0],
    [0.5, 0.5, 0.5],
    [0.75, 0.25, 0.25],
    [0.25, 0.75, 0.75],
    [0.375, 0.375, 0.625],
    [0.875, 0.875, 0.125],
    [0.625, 0.125, 0.875],
    [0.125, 0.625, 0.375],
  ]);
});

Deno.test("sobolSequence() matches SciPy's points deep into dimensions 21 and 128", () => {
  // qmc.Sobol(128, scramble=False).random(2048)[i, [20, 127]]: these rows use up to 11 direction
  // integers, so they exercise the table's polynomials and the recurrence beyond it.
  const points = sobolSequence(2048, SOBOL_MAX_DIMS);
  const expected: [number, number, number][] = [
    [777, 0.2373046875, 0.1181640625],
    [1023, 0.8662109375, 0.7001953125],
    [2047, 0.35791015625, 0.02197265625],
  ];
  for (const [i, dim21, dim128] of expected) {
    assert.equal(points[i][20], dim21);
    assert.equal(points[i][127], dim128);
  }
});

Deno.test("sobolSequence() hits each of the 2^m dyadic intervals once in every 1-D projection", () => {
  for (const m of [1, 4, 8]) {
    const points = sobolSequence(2 ** m, SOBOL_MAX_DIMS);
    for (let d = 0; d < SOBOL_MAX_DIMS; d++) {
      const cells = column(points, d).map((v) => Math.floor(v * 2 ** m)).sort((a, b) => a - b);
      assert.deepEqual(cells, Array.from({ length: 2 ** m }, (_, k) => k), `m=${m} dim=${d + 1}`);
    }
  }
});

Deno.test("sobolSequence() with skip continues the same sequence", () => {
  assert.deepEqual(sobolSequence(5, 4, { skip: 11 }), sobolSequence(16, 4).slice(11));
});

Deno.test("sobolSequence() with a seed shifts digitally: deterministic, and still balanced", () => {
  const shifted = sobolSequence(64, 10, { seed: 5 });
  assert.deepEqual(shifted, sobolSequence(64, 10, { seed: 5 }));
  assert.notDeepEqual(shifted, sobolSequence(64, 10, { seed: 6 }));
  assert.notDeepEqual(shifted[0], new Array(10).fill(0));
  assert.ok(inUnitInterval(shifted));
  for (let d = 0; d < 10; d++) {
    const cells = column(shifted, d).map((v) => Math.floor(v * 64)).sort((a, b) => a - b);
    assert.deepEqual(cells, Array.from({ length: 64 }, (_, k) => k));
  }
  // Each point is the unshifted point XOR one 32-bit integer per dimension.
  const plain = sobolSequence(64, 10);
  for (let d = 0; d < 10; d++) {
    const xor = (row: number) => ((shifted[row][d] * 2 ** 32) ^ (plain[row][d] * 2 ** 32)) >>> 0;
    assert.ok(shifted.every((_, row) => xor(row) === xor(0)));
  }
});

Deno.test("sobolSequence() refuses more dimensions than the embedded table holds", () => {
  assert.throws(
    () => sobolSequence(4, SOBOL_MAX_DIMS + 1),
    new RegExp(`dims = ${SOBOL_MAX_DIMS + 1} exceeds the ${SOBOL_MAX_DIMS} dimensions`),
  );
  assert.throws(() => sobolSequence(-1, 2), /sobolSequence: n must be a positive integer/);
  assert.throws(() => sobolSequence(4, 2, { skip: -1 }), /skip must be a non-negative integer/);
});

Deno.test("saltelli() emits A, AB^(i), BA^(i), B per base row, as SALib lays them out", () => {
  const dims = 3;
  const n = 8;
  const rows = saltelli(n, dims, { seed: 2 });
  const base = sobolSequence(n, 2 * dims, { seed: 2 });
  assert.equal(rows.length, n * (2 * dims + 2));
  for (let j = 0; j < n; j++) {
    const block = rows.slice(j * (2 * dims + 2), (j + 1) * (2 * dims + 2));
    const a = base[j].slice(0, dims);
    const b = base[j].slice(dims);
    assert.deepEqual(block[0], a);
    assert.deepEqual(block[2 * dims + 1], b);
    for (let i = 0; i < dims; i++) {
      const ab = block[1 + i];
      const ba = block[1 + dims + i];
      for (let k = 0; k < dims; k++) {
        assert.equal(ab[k], k === i ? b[k] : a[k]);
        assert.equal(ba[k], k === i ? a[k] : b[k]);
      }
    }
  }
});

Deno.test("saltelli() without second order emits A, AB^(i), B: n·(dims + 2) rows", () => {
  const rows = saltelli(4, 2, { secondOrder: false });
  const base = sobolSequence(4, 4);
  assert.equal(rows.length, 4 * (2 + 2));
  assert.deepEqual(rows.slice(4, 8), [
    base[1].slice(0, 2),
    [base[1][2], base[1][1]],
    [base[1][0], base[1][3]],
    base[1].slice(2),
  ]);
});

Deno.test("saltelli() asks for a power of two and names the nearest one", () => {
  assert.throws(
    () => saltelli(1000, 2),
    /must be a power of two.*got 1000; the nearest valid n is 1024/,
  );
  assert.throws(() => saltelli(5, 2), /nearest valid n is 4/);
  assert.throws(() => saltelli(8, 65), /at most 64 parameters/);
});

Deno.test("morrisTrajectories() steps one coordinate by ±Δ at a time, each coordinate once, on the grid", () => {
  for (const levels of [2, 4, 6, 10]) {
    const r = 30;
    const dims = 5;
    const delta = levels / (2 * (levels - 1));
    const rows = morrisTrajectories(r, dims, { levels, seed: levels });
    assert.equal(rows.length, r * (dims + 1));
    for (const v of rows.flat()) {
      const level = v * (levels - 1);
      assert.ok(Math.abs(level - Math.round(level)) < 1e-9 && v >= 0 && v <= 1, `${v} on the grid`);
    }
    for (let t = 0; t < r; t++) {
      const moved: number[] = [];
      for (let s = 0; s < dims; s++) {
        const before = rows[t * (dims + 1) + s];
        const after = rows[t * (dims + 1) + s + 1];
        const changed = before.flatMap((v, i) => (v === after[i] ? [] : [i]));
        assert.equal(changed.length, 1);
        assert.ok(Math.abs(Math.abs(after[changed[0]] - before[changed[0]]) - delta) < 1e-12);
        moved.push(changed[0]);
      }
      assert.deepEqual(moved.sort(), [0, 1, 2, 3, 4]);
    }
  }
});

Deno.test("morrisTrajectories() draws every level, direction and order, deterministically by seed", () => {
  const rows = morrisTrajectories(200, 3, { seed: 9 });
  assert.deepEqual(new Set(rows.flat()), new Set([0, 1 / 3, 2 / 3, 1]));
  const firstMoves = new Set<string>();
  for (let t = 0; t < 200; t++) {
    const [p, q] = rows.slice(t * 4, t * 4 + 2);
    const i = p.findIndex((v, k) => v !== q[k]);
    firstMoves.add(`${i}${q[i] > p[i] ? "+" : "-"}`);
  }
  assert.equal(firstMoves.size, 6);
  assert.deepEqual(rows, morrisTrajectories(200, 3, { seed: 9 }));
  assert.notDeepEqual(rows, morrisTrajectories(200, 3, { seed: 10 }));
});

Deno.test("morrisTrajectories() rejects odd levels", () => {
  assert.throws(
    () => morrisTrajectories(4, 2, { levels: 5, seed: 1 }),
    /levels must be an even integer.*got 5/,
  );
  assert.throws(() => morrisTrajectories(0, 2, { seed: 1 }), /r must be a positive integer/);
});

Deno.test("haltonSequence() starts at index 1 with the radical inverses in bases 2, 3 and 5", () => {
  const points = haltonSequence(5, 3);
  assert.deepEqual(column(points, 0), [1 / 2, 1 / 4, 3 / 4, 1 / 8, 5 / 8]);
  assert.deepEqual(column(points, 1), [1 / 3, 2 / 3, 1 / 9, 4 / 9, 7 / 9]);
  assert.deepEqual(column(points, 2), [1 / 5, 2 / 5, 3 / 5, 4 / 5, 1 / 25]);
  assert.deepEqual(haltonSequence(2, 3, { skip: 3 }), points.slice(3));
});

Deno.test("haltonSequence() with a seed permutes digits but keeps each base's points", () => {
  const plain = haltonSequence(27, 4);
  const scrambled = haltonSequence(27, 4, { seed: 3 });
  assert.deepEqual(scrambled, haltonSequence(27, 4, { seed: 3 }));
  // Base 2 has only the identity permutation fixing 0.
  assert.deepEqual(column(scrambled, 0), column(plain, 0));
  // 1..26 in base 3 use all digit strings of length <= 3, so the permuted set is the same set.
  const sorted = (values: number[]) => values.slice(0, 26).sort((a, b) => a - b);
  assert.deepEqual(sorted(column(scrambled, 1)), sorted(column(plain, 1)));
  assert.notDeepEqual(column(haltonSequence(27, 4, { seed: 1 }), 3), column(plain, 3));
  assert.ok(inUnitInterval(scrambled));
});

Deno.test("fullGrid() lists every combination with the last list varying fastest", () => {
  assert.deepEqual(fullGrid([[1, 2], [10, 20, 30]]), [
    [1, 10],
    [1, 20],
    [1, 30],
    [2, 10],
    [2, 20],
    [2, 30],
  ]);
  assert.deepEqual(fullGrid([["a"]]), [["a"]]);
  assert.equal(fullGrid([[1, 2], [3, 4], [5, 6, 7]]).length, 12);
  assert.throws(() => fullGrid([]), /at least one list/);
  assert.throws(() => fullGrid([[1], []]), /list 1 is empty/);
});
