import assert from "node:assert/strict";
import { fitGaussianProcess } from "../../calibrate/gaussian_process.ts";
import { fitRandomForest } from "../../calibrate/random_forest.ts";
import { expectedImprovement, proposeBatch } from "../../calibrate/acquisition.ts";
import { NelderMead, nelderMead } from "../../calibrate/local_search.ts";
import { haltonSequence, latinHypercube } from "../../sweep/designs.ts";

/** Branin–Hoo on the unit square (x1 = −5 + 15u, x2 = 15v); three global minima, f* = 0.397887. */
const branin = ([u, v]: number[]) => {
  const x1 = -5 + 15 * u;
  const x2 = 15 * v;
  return (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 +
    10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
};

/** Rosenbrock on [−2, 2]² mapped onto the unit square; minimum 0 at (0.75, 0.75). */
const rosenbrock = ([u, v]: number[]) => {
  const a = -2 + 4 * u;
  const b = -2 + 4 * v;
  return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
};

/** Coefficient of determination of `predicted` against `actual`. */
const rSquared = (actual: number[], predicted: number[]) => {
  const mean = actual.reduce((s, v) => s + v, 0) / actual.length;
  const residual = actual.reduce((s, v, i) => s + (v - predicted[i]) ** 2, 0);
  const total = actual.reduce((s, v) => s + (v - mean) ** 2, 0);
  return 1 - residual / total;
};

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, j) => v - b[j]));

const heldOut = haltonSequence(200, 2, { seed: 3 });
const heldOutLoss = heldOut.map(branin);

Deno.test("fitGaussianProcess() predicts Branin at 200 held-out points with R² > 0.9 from 40", () => {
  const x = latinHypercube(40, 2, 7);
  const gp = fitGaussianProcess(x, x.map(branin), { seed: 1 });
  const { mean, sd } = gp.predict(heldOut);
  assert.ok(rSquared(heldOutLoss, mean) > 0.9, `R² = ${rSquared(heldOutLoss, mean)}`);
  assert.ok(sd.every((s) => s >= 0 && Number.isFinite(s)));
  assert.equal(gp.hyper.lengthScales.length, 2);
});

Deno.test("a Gaussian process is sure at its training points and unsure far from them", () => {
  const x = latinHypercube(20, 2, 11).map(([u, v]) => [0.4 * u, 0.4 * v]);
  const y = x.map(branin);
  const gp = fitGaussianProcess(x, y, { seed: 2 });
  const scale = gp.hyper.outputScale;
  const atTraining = gp.predict(x);
  assert.ok(Math.max(...atTraining.sd) < 0.05 * scale, `sd at training ${atTraining.sd}`);
  atTraining.mean.forEach((m, i) => assert.ok(Math.abs(m - y[i]) < 0.05 * scale));
  const far = gp.predict([[0.95, 0.95], [0.05, 0.95]]).sd;
  assert.ok(far.every((s) => s > 10 * Math.max(...atTraining.sd)), `far sd ${far}`);
});

Deno.test("fitGaussianProcess() finds the same hyperparameters for the same seed", () => {
  const x = latinHypercube(25, 2, 5);
  const y = x.map(branin);
  const first = fitGaussianProcess(x, y, { seed: 9 });
  const second = fitGaussianProcess(x, y, { seed: 9 });
  assert.deepEqual(first.hyper, second.hyper);
  assert.equal(first.logLikelihood, second.logLikelihood);
  assert.deepEqual(first.predict(heldOut.slice(0, 5)), second.predict(heldOut.slice(0, 5)));
});

Deno.test("fitGaussianProcess() refuses points outside the cube and mismatched losses", () => {
  assert.throws(() => fitGaussianProcess([[0.5, 1.5]], [1], { seed: 1 }), /\[0, 1\]\^d/);
  assert.throws(() => fitGaussianProcess([[0.5], [0.6]], [1], { seed: 1 }), /y has 1 values/);
  assert.throws(() => fitGaussianProcess([[0.5], [0.6]], [1, NaN], { seed: 1 }), /not finite/);
  assert.throws(() => fitGaussianProcess([], [], { seed: 1 }), /at least one row/);
});

Deno.test("GaussianProcess.condition() pins the mean at a fake observation", () => {
  const x = latinHypercube(15, 2, 4);
  const gp = fitGaussianProcess(x, x.map(branin), { seed: 3 });
  const conditioned = gp.condition([[0.9, 0.1]], [0]);
  assert.deepEqual(conditioned.hyper, gp.hyper);
  const { mean, sd } = conditioned.predict([[0.9, 0.1]]);
  assert.ok(Math.abs(mean[0]) < 0.05 * gp.hyper.outputScale);
  assert.ok(sd[0] < gp.predict([[0.9, 0.1]]).sd[0]);
});

Deno.test("fitRandomForest() predicts Branin with R² > 0.7 from 80 points and a positive sd", () => {
  const x = latinHypercube(80, 2, 7);
  const forest = fitRandomForest(x, x.map(branin), { seed: 1, trees: 100 });
  const { mean, sd } = forest.predict(heldOut);
  assert.ok(rSquared(heldOutLoss, mean) > 0.7, `R² = ${rSquared(heldOutLoss, mean)}`);
  assert.ok(sd.every((s) => s > 0), "every held-out point has tree spread");
  const again = fitRandomForest(x, x.map(branin), { seed: 1, trees: 100 });
  assert.deepEqual(again.predict(heldOut), { mean, sd });
  assert.throws(() => fitRandomForest(x, x.map(branin), { seed: 1, trees: 1 }), /trees/);
});

Deno.test("expectedImprovement() is 0 when certain and no better, grows with sd, matches the closed form", () => {
  assert.equal(expectedImprovement(2, 0, 1), 0);
  assert.equal(expectedImprovement(1, 0, 1), 0);
  assert.equal(expectedImprovement(0.25, 0, 1), 0.75);
  const sds = [0.1, 0.5, 1, 2, 5];
  for (const mean of [-0.5, 0, 1]) {
    const values = sds.map((sd) => expectedImprovement(mean, sd, 0));
    for (let i = 1; i < values.length; i++) assert.ok(values[i] > values[i - 1]);
  }
  // mean 0, sd 1, best 0: EI = φ(0) = 1/√(2π).
  assert.ok(Math.abs(expectedImprovement(0, 1, 0) - 0.3989422804014327) < 1e-7);
  // mean 1, sd 2, best 0: z = −0.5, EI = −Φ(−0.5) + 2 φ(0.5) = −0.3085375387 + 0.7041306536.
  assert.ok(Math.abs(expectedImprovement(1, 2, 0) - 0.3955931149) < 1e-7);
  // xi shifts the best: EI(mean, sd, best, xi) = EI(mean, sd, best − xi).
  const shifted = expectedImprovement(0.2, 0.3, 1, 0.1) - expectedImprovement(0.2, 0.3, 0.9);
  assert.ok(Math.abs(shifted) < 1e-12);
  assert.throws(() => expectedImprovement(0, -1, 0), /sd >= 0/);
});

Deno.test("proposeBatch() returns distinct new points in the cube, the same for the same seed", () => {
  const x = latinHypercube(12, 2, 21);
  const evaluated = x.map((p) => ({ x: p, loss: branin(p) }));
  const gp = fitGaussianProcess(x, x.map(branin), { seed: 1 });
  const forest = fitRandomForest(x, x.map(branin), { seed: 1, trees: 30 });
  for (const surrogate of [gp, forest]) {
    const batch = proposeBatch(surrogate, evaluated, { batch: 5, dims: 2, seed: 4 });
    assert.equal(batch.length, 5);
    assert.ok(batch.every((p) => p.length === 2 && p.every((v) => v >= 0 && v <= 1)));
    for (let i = 0; i < batch.length; i++) {
      for (let j = 0; j < i; j++) assert.ok(distance(batch[i], batch[j]) > 1e-6);
      assert.ok(evaluated.every((e) => distance(batch[i], e.x) > 1e-6));
    }
    assert.deepEqual(proposeBatch(surrogate, evaluated, { batch: 5, dims: 2, seed: 4 }), batch);
    assert.notDeepEqual(proposeBatch(surrogate, evaluated, { batch: 5, dims: 2, seed: 5 }), batch);
  }
  assert.throws(() => proposeBatch(gp, [], { batch: 1, dims: 2, seed: 1 }), /evaluated is empty/);
  assert.throws(
    () => proposeBatch(gp, evaluated, { batch: 1, dims: 3, seed: 1 }),
    /has 2 values, not 3/,
  );
});

Deno.test("GP-EI batches reach Branin's minimum in 40 runs, closer than 120 Halton points get", () => {
  const evaluated = latinHypercube(8, 2, 1).map((x) => ({ x, loss: branin(x) }));
  for (let round = 0; evaluated.length < 40; round++) {
    const gp = fitGaussianProcess(evaluated.map((e) => e.x), evaluated.map((e) => e.loss), {
      seed: round,
    });
    const next = proposeBatch(gp, evaluated, { batch: 4, dims: 2, seed: round });
    for (const x of next) evaluated.push({ x, loss: branin(x) });
  }
  assert.equal(evaluated.length, 40);
  const bestBo = Math.min(...evaluated.map((e) => e.loss));
  const bestHalton = Math.min(...haltonSequence(120, 2).map(branin));
  assert.ok(bestBo < 0.5, `best after 40 runs: ${bestBo}`);
  assert.ok(bestBo < bestHalton, `BO ${bestBo} vs Halton ${bestHalton}`);
});

Deno.test("nelderMead() finds Rosenbrock's minimum within 1e-3 in under 500 evaluations", () => {
  const result = nelderMead(rosenbrock, [0.2, 0.8], { maxEvaluations: 500, tolerance: 1e-10 });
  assert.ok(result.evaluations < 500);
  assert.ok(result.x.every((v) => Math.abs(v - 0.75) < 1e-3), `x = ${result.x}`);
  assert.ok(result.loss < 1e-6);
});

/** Runs an ask/tell search to the end, saving and restoring it through JSON after `stopAt` tells. */
const runAskTell = (stopAt = -1) => {
  let search = new NelderMead([0.2, 0.8], { maxEvaluations: 500, tolerance: 1e-10 });
  let tells = 0;
  const batchSizes = new Set<number>();
  for (let points = search.ask(); points.length > 0; points = search.ask()) {
    batchSizes.add(points.length);
    search.tell(points.map(rosenbrock));
    if (++tells === stopAt) {
      search.ask(); // asking before saving must not change what a resumed search asks
      search = NelderMead.fromJSON(JSON.parse(JSON.stringify(search)));
    }
  }
  return { search, batchSizes };
};

Deno.test("NelderMead ask/tell matches nelderMead() and asks for the first simplex as one batch", () => {
  const { search, batchSizes } = runAskTell();
  const sync = nelderMead(rosenbrock, [0.2, 0.8], { maxEvaluations: 500, tolerance: 1e-10 });
  assert.ok(search.done && search.converged);
  assert.deepEqual(search.best, { x: sync.x, loss: sync.loss });
  assert.equal(search.evaluations, sync.evaluations);
  assert.ok(batchSizes.has(3), "the first simplex of a 2-D search is one batch of 3");
  assert.ok(search.best.x.every((v) => Math.abs(v - 0.75) < 1e-3));
  assert.deepEqual(search.ask(), []);
  assert.throws(() => search.tell([1]), /the search is done/);
});

Deno.test("a NelderMead search saved to JSON mid-way and restored ends as an uninterrupted one", () => {
  const whole = runAskTell().search;
  for (const stopAt of [1, 2, 37, 100]) {
    const resumed = runAskTell(stopAt).search;
    assert.deepEqual(resumed.toJSON(), whole.toJSON(), `resumed after ${stopAt} tells`);
  }
  assert.throws(() => NelderMead.fromJSON({} as never), /not a saved Nelder–Mead state/);
  const fresh = new NelderMead([0.5, 0.5]);
  assert.throws(() => fresh.tell([1, 2]), /expected 3 losses/);
  assert.throws(() => fresh.tell([1, NaN, 2]), /must be a number or Infinity/);
});

Deno.test("NelderMead keeps a failed run's Infinity loss through JSON and stays in the box", () => {
  const search = new NelderMead([0.95, 0.5], { step: 0.2 });
  assert.ok(search.ask().every((p) => p.every((v) => v >= 0 && v <= 1)));
  search.tell([1, Infinity, 2]);
  const restored = NelderMead.fromJSON(JSON.parse(JSON.stringify(search)));
  assert.deepEqual(restored.toJSON(), search.toJSON());
  assert.equal(restored.best.loss, 1);
});
