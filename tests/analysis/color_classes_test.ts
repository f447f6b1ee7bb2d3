import assert from "node:assert/strict";
import { colorClasses } from "../../analysis/_color_classes.ts";

Deno.test("colorClasses() gives zero its own class and each decade one on a log scale", () => {
  const c = colorClasses([0, 0, 1, 3, 40, 900, 20_000], "log", 9);
  assert.equal(c.scale, "log");
  assert.equal(c.zeroClass, true);
  assert.deepEqual(c.thresholds, [1, 10, 100, 1000, 10000]);
  assert.deepEqual([0, 1, 3, 40, 900, 20_000].map((v) => c.classOf(v)), [0, 1, 1, 2, 3, 5]);
  assert.equal(c.count, 6);
  assert.equal(c.classOf(NaN), -1);
});

Deno.test("colorClasses() uses 1-2-5 steps when the classes allow it", () => {
  const c = colorClasses([1, 2, 5, 10, 20, 50], "log", 9);
  assert.equal(c.zeroClass, false);
  assert.deepEqual(c.thresholds, [2, 5, 10, 20, 50]);
});

Deno.test("colorClasses('auto') is log for a town among empty tiles, linear for an even field", () => {
  const town = new Float64Array(1000);
  town[17] = 5000;
  town[18] = 40;
  assert.equal(colorClasses(town, "auto", 9).scale, "log");
  const field = Float64Array.from({ length: 1000 }, (_, i) => (i % 100) / 100);
  const c = colorClasses(field, "auto", 9);
  assert.equal(c.scale, "linear");
  assert.deepEqual(c.thresholds, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  assert.equal(colorClasses([-1, 0, 1e6], "auto", 9).scale, "linear"); // negatives: no log
});

Deno.test("colorClasses() quantile classes hold about as many values each", () => {
  const values = Float64Array.from({ length: 1000 }, (_, i) => i ** 3);
  const c = colorClasses(values, "quantile", 4);
  const counts = new Array(c.count).fill(0);
  for (const v of values) counts[c.classOf(v)]++;
  for (const n of counts) assert.ok(Math.abs(n - 250) < 30, `class sizes ${counts}`);
});

Deno.test("colorClasses() keeps thresholds inside the data and refuses log of negatives", () => {
  const sqrt = colorClasses([0, 100, 400, 10_000], "sqrt", 4);
  assert.deepEqual(sqrt.thresholds, [630, 2500, 5600]);
  assert.equal(colorClasses([3, 3, 3], "linear", 9).count, 1);
  assert.equal(colorClasses([], "auto", 9).count, 1);
  assert.throws(() => colorClasses([-5, 1], "sqrt", 9), /sqrt color scale needs values ≥ 0/);
});
