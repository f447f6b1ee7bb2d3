import assert from "node:assert/strict";
import { fitGaussianProcess } from "../../calibrate/gaussian_process.ts";
import { fitRandomForest } from "../../calibrate/random_forest.ts";
import { expectedImprovement, proposeBatch } from "../../calibrate/acquisition.ts";
import { NelderMead, nelderMead } from "../../calibrate/local_search.ts";
import { fitMomentSurrogate } from "../../calibrate/moment_surrogate.ts";
import { surrogateTarget } from "../../calibrate/propose.ts";
import { seededUniform, standardNormal } from "../../sweep/_random.ts";
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

/**
 * A noisy method-of-simulated-moments problem shaped like the labour market the bench calibrates:
 * three parameters, five moments (an unemployment rate from a finding and a separation rate,
 * hires, quits, a mix of quits and finding, prices), one valley where finding and quitting trade
 * off. Each point's moments carry the noise of a mean over 8 seeds, seeded by the point's index.
 */
const MSM_TRUTH = [0.4, 0.55, 0.35];
const MSM_SD = [0.004, 3, 1.5, 1, 4];
const MSM_SEEDS = 8;
const msmMoments = (t: number[]) => {
  const finding = 0.05 + 0.3 * t[0];
  const quit = 0.002 * Math.exp(2.3 * t[1]);
  const separation = 0.01 + quit;
  return [
    separation / (separation + finding),
    6 * finding,
    300 * quit,
    200 * quit + 5 * t[0],
    50 * Math.exp(3 * (t[2] - 0.5)),
  ];
};
const MSM_TARGET = msmMoments(MSM_TRUTH);
const MSM_WEIGHTING = MSM_SD.map((s, i) =>
  MSM_SD.map((_, j) => (i === j ? MSM_SEEDS / s ** 2 : 0))
);
const msmEvaluate = (x: number[], index: number) => {
  const next = seededUniform(1 + 7919 * index);
  const m = msmMoments(x).map((v, i) =>
    v + (MSM_SD[i] / Math.sqrt(MSM_SEEDS)) * standardNormal(next)
  );
  return {
    x,
    m,
    loss: m.reduce((s, v, i) => s + MSM_WEIGHTING[i][i] * (v - MSM_TARGET[i]) ** 2, 0),
  };
};

Deno.test("fitMomentSurrogate() predicts the loss its moments imply and is sure where it was told", () => {
  const x = [[0.1], [0.3], [0.5], [0.7], [0.9]];
  const s = fitMomentSurrogate(x, x.map(([t]) => [2 * t, t * t]), [1, 0.25], [[1, 0], [0, 4]], {
    seed: 1,
  });
  const { mean, sd } = s.predict([[0.5], [0.9]]);
  assert.ok(Math.abs(mean[0]) < 0.01, `loss at the target point ${mean[0]}`);
  // At 0.9: (1.8 − 1)² + 4 (0.81 − 0.25)² = 0.64 + 1.2544.
  assert.ok(Math.abs(mean[1] - 1.8944) < 0.02, `loss at 0.9: ${mean[1]}`);
  assert.ok(sd[0] < 0.01 && sd[1] < 0.05);
  // Expected improvement is larger between the points than at one, and the believer removes it.
  const [between, at] = s.expectedImprovement([[0.45], [0.5]], 0.5, 0);
  assert.ok(between > 0 && at >= 0);
  const believed = s.believe([[0.2]]);
  assert.ok(believed.predict([[0.2]]).sd[0] < s.predict([[0.2]]).sd[0]);
  assert.deepEqual(
    fitMomentSurrogate(x, x.map(([t]) => [2 * t, t * t]), [1, 0.25], [[1, 0], [0, 4]], { seed: 1 })
      .predict([[0.37]]),
    s.predict([[0.37]]),
  );
  assert.throws(
    () => fitMomentSurrogate(x, x.map(([t]) => [t]), [1, 0.25], [[1, 0], [0, 4]], { seed: 1 }),
    /point 0 has 1 moments, not 2/,
  );
  assert.throws(
    () => fitMomentSurrogate(x, x.map(([t]) => [t]), [1], [[1, 0]], { seed: 1 }),
    /1 x 1/,
  );
});

Deno.test("moment-surrogate batches beat 60 Halton points within 20 on a noisy 3-parameter MSM problem, and the loss GP", () => {
  const halton = haltonSequence(60, 3).map((x, i) => msmEvaluate(x, 1000 + i));
  const haltonBest = Math.min(...halton.map((e) => e.loss));
  const search = (composite: boolean) => {
    const evaluated = halton.slice(0, 8);
    for (let round = 0; evaluated.length < 20; round++) {
      const x = evaluated.map((e) => e.x);
      const surrogate = composite
        ? fitMomentSurrogate(x, evaluated.map((e) => e.m), MSM_TARGET, MSM_WEIGHTING, {
          seed: round,
        })
        : fitGaussianProcess(x, surrogateTarget(evaluated.map((e) => e.loss)), { seed: round });
      const y = composite
        ? evaluated.map((e) => e.loss)
        : surrogateTarget(evaluated.map((e) => e.loss));
      const next = proposeBatch(surrogate, evaluated.map((e, i) => ({ x: e.x, loss: y[i] })), {
        batch: 4,
        dims: 3,
        seed: round,
      });
      for (const p of next) evaluated.push(msmEvaluate(p, evaluated.length));
    }
    return evaluated.reduce((a, b) => (b.loss < a.loss ? b : a));
  };
  const moments = search(true);
  assert.ok(moments.loss < haltonBest, `moment surrogate ${moments.loss} vs Halton ${haltonBest}`);
  assert.ok(distance(moments.x, MSM_TRUTH) < 0.05, `estimate [${moments.x}]`);
  const loss = search(false);
  assert.ok(
    moments.loss < loss.loss,
    `moment surrogate ${moments.loss} vs the loss GP ${loss.loss}`,
  );
});
