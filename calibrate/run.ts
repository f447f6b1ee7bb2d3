/**
 * Running a calibration: the space-filling starts, then batches proposed by a surrogate (or
 * more of a design, as a baseline), then a Nelder–Mead refinement from the best point, all on
 * the sweep's workers; the state is saved after every batch, so a killed calibration continues
 * where it stopped and ends with exactly the result of an uninterrupted one. Then the
 * uncertainty: bootstrap intervals, profiles, identifiability warnings, the fit table, and
 * (when the spec asks) Sobol' or Morris sensitivity indices of every target moment.
 *
 * The folder (`--out`, default `snapshots/calibrations/<name>`) holds `calibration.json` (the
 * state and, once done, the result) and the runs as a sweep's dataset
 * (`runs/point=<evaluation>/seed=<s>/part-<id>.parquet`), which DuckDB and polars read with one
 * glob. Every point's proposal is a pure function of the evaluations before it and the
 * method's seed; a run's identity is the content hash a sweep uses, so a batch that was cut
 * short reruns only its missing runs.
 *
 * @module
 */
import { join } from "node:path";
import { loadScenario } from "../engine/scenario/load.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { ScenarioError } from "../engine/scenario/validate.ts";
import { Simulation } from "../engine/simulation.ts";
import { readParquetFile, writeAtomic } from "../engine/snapshot/parquet.ts";
import { withChanges } from "../analysis/changes.ts";
import { haltonSequence, latinHypercube } from "../sweep/designs.ts";
import { scanRuns } from "../sweep/dataset.ts";
import { canonicalJson, engineFingerprint, runIdentity, sha256 } from "../sweep/identity.ts";
import { type PlannedRun, pointScenario, resolveBase, valueFromUnit } from "../sweep/plan.ts";
import { runPool } from "../sweep/pool.ts";
import { measuresOf, type RunTask, writeFailure } from "../sweep/record.ts";
import type { Moment, RecordSpec } from "../sweep/spec.ts";
import { factsCatalogue } from "../sweep/_workbench.ts";
import { proposeBatch } from "./acquisition.ts";
import { fitGaussianProcess } from "./gaussian_process.ts";
import { NelderMead, type NelderMeadState } from "./local_search.ts";
import { loss, meanMoments, type PointMoments, type Weighting, weighting } from "./loss.ts";
import { fitRandomForest } from "./random_forest.ts";
import {
  calibrationError,
  type CalibrationSpec,
  loadCalibrationSpec,
  type Target,
} from "./spec.ts";
import {
  bootstrap,
  CHI2_1_95,
  identifiability,
  type IdentifiabilityWarning,
  type MomentFit,
  momentFit,
  pointProfile,
  type Profile,
  quantileOf,
  sdOf,
} from "./uncertainty.ts";
import { sensitivityOf, type SensitivityResult } from "./sensitivity.ts";

/** The format tag of `calibration.json`. */
export const CALIBRATION_FORMAT = "panarchy-calibration/1";
/** The state file in a calibration's folder. */
export const STATE_FILE = "calibration.json";

/** Where a point came from. */
export type Stage = "start" | "search" | "refine";

/** One evaluated point. */
export interface Evaluation {
  /** Index of the point (its partition in the dataset). */
  point: number;
  stage: Stage;
  /** The batch it was evaluated in. */
  batch: number;
  /** Coordinates in the unit cube. */
  unit: number[];
  /** The parameters' values. */
  values: Record<string, number>;
  /** Per target moment, the value of each seed (null when not measured). */
  moments: PointMoments;
  /** Runs of the point that failed. */
  failed: number;
  /** The loss under the calibration's weighting (Infinity when a moment is missing). */
  loss: number;
}

/** A parameter's estimate. */
export interface Estimate {
  path: string;
  value: number;
  /** 95% bootstrap percentile interval. */
  interval: [number, number];
  bounds: [number, number];
}

/** The result of a finished calibration. */
export interface CalibrationResult {
  /** The evaluation of least loss. */
  best: number;
  loss: number;
  estimates: Estimate[];
  fit: MomentFit[];
  /** Standard deviation of the loss at the estimate over the bootstrap draws. */
  lossNoise: number;
  /** Bootstrap draws of the estimate, in parameter values (for trade-off plots). */
  draws: Record<string, number>[];
  profiles: Profile[];
  warnings: IdentifiabilityWarning[];
  sensitivity: SensitivityResult | null;
}

/** The state and result of a calibration, as `calibration.json` holds them. */
export interface CalibrationState {
  format: typeof CALIBRATION_FORMAT;
  name: string;
  engine: string;
  /** SHA-256 of the spec as resolved (a different spec cannot continue this state). */
  spec_hash: string;
  spec: Omit<CalibrationSpec, "locate">;
  /** Every target, those of the facts catalogue included, in moment order. */
  targets: Target[];
  /** The run-row column of each target. */
  columns: string[];
  seeds: number[];
  /** Points the budget pays for, by stage. */
  plan: { starts: number; search: number; refine: number };
  /** Fixed after the starts. */
  weighting: Weighting | null;
  evaluations: Evaluation[];
  batches: number;
  /** The Nelder–Mead search, between batches of the refinement. */
  refine: NelderMeadState | null;
  done: boolean;
  result: CalibrationResult | null;
}

/** Progress after each batch. */
export interface CalibrationProgress {
  batch: number;
  stage: Stage;
  /** Runs so far (points x seeds), and the budget. */
  runs: number;
  budget: number;
  bestLoss: number;
  elapsedMs: number;
}

/** Options of {@link runCalibration}. */
export interface CalibrationOptions {
  /** The calibration's folder. @default {"snapshots/calibrations/<name>"} */
  out?: string;
  /** Runs at once. @default {navigator.hardwareConcurrency} */
  workers?: number;
  /** Called after every batch. */
  onProgress?: (p: CalibrationProgress) => void | Promise<void>;
  /** Stop after this many batches (the state is saved; a later call continues). For tests. */
  stopAfterBatches?: number;
}

/** The record a calibration's runs keep: the KPIs and moments its targets name, and the facts. */
function recordOf(spec: CalibrationSpec, targets: readonly Target[]): RecordSpec {
  const kpis: string[] = [];
  const moments: Moment[] = [];
  for (const t of targets) {
    if (t.moment.startsWith("fact_")) continue;
    const m = /^(.+)_([a-z0-9]+)$/.exec(t.moment)!;
    if (!kpis.includes(m[1])) kpis.push(m[1]);
    if (!moments.includes(m[2] as Moment)) moments.push(m[2] as Moment);
  }
  return {
    kpis,
    window: spec.window,
    moments: moments.length > 0 ? moments : ["mean"],
    series: false,
    facts: spec.factTargets.length > 0 ? spec.facts : null,
    snapshots: 0,
  };
}

/** Loads the base scenario and resolves the targets of the facts catalogue; checks the KPIs. */
async function prepare(spec: CalibrationSpec) {
  const line = (...path: (string | number)[]) => spec.locate?.(path) ?? 0;
  const problem = (path: (string | number)[], message: string) =>
    calibrationError(spec.source, [{ path: path.join("."), line: line(...path), message }]);
  let base: ScenarioConfig;
  try {
    base = withChanges(await loadScenario(resolveBase(spec)), spec.changes as never);
  } catch (e) {
    if (e instanceof ScenarioError) {
      throw problem(["scenario"], `the base scenario cannot be used: ${e.message}`);
    }
    throw problem(["changes"], e instanceof Error ? e.message : String(e));
  }
  const targets = [...spec.targets];
  if (spec.factTargets.length > 0) {
    const catalogue = await factsCatalogue();
    spec.factTargets.forEach((id, i) => {
      const f = catalogue.find((c) => c.id === id);
      if (!f) {
        throw problem(
          ["fact_targets", i],
          `no fact "${id}"; the catalogue has ${catalogue.map((c) => c.id).join(", ")}`,
        );
      }
      targets.push({
        moment: `fact_${id}`,
        value: (f.target[0] + f.target[1]) / 2,
        // The catalogue gives a range of published values: its half-width as two standard errors.
        se: (f.target[1] - f.target[0]) / 4,
        weight: 1,
        source: `${f.fact} (${f.source})`,
      });
    });
  }
  const record = recordOf(spec, targets);
  const declared = Simulation.kpisOf(base).map((k) => k.name);
  const unknown = record.kpis.filter((k) => !declared.includes(k));
  if (unknown.length > 0) {
    throw problem(
      ["targets"],
      `no KPI ${unknown.join(", ")} behind the target moments; the scenario's KPIs are ${
        declared.join(", ")
      }`,
    );
  }
  return { base, targets, record };
}

/** The parameters' values at a unit point. */
function valuesAt(spec: CalibrationSpec, unit: readonly number[]): Record<string, number> {
  return Object.fromEntries(
    spec.parameters.map((p, j) => [
      p.path,
      valueFromUnit(unit[j], p.bounds, p.scale, p.type === "integer"),
    ]),
  );
}

/** The stages' shares of the budget, in points. */
function budgetPlan(spec: CalibrationSpec): CalibrationState["plan"] {
  const points = Math.floor(spec.method.budget / spec.seeds.length);
  const starts = spec.method.starts.points;
  const refine = Math.floor(spec.method.refine * points);
  return { starts, search: Math.max(0, points - starts - refine), refine };
}

/**
 * Runs (or continues) a calibration and analyses its uncertainty.
 *
 * @param spec A spec file's path or a parsed spec.
 * @param opts Folder, workers, progress.
 * @returns the final state, its result filled in.
 * @throws {ScenarioError} when the spec is invalid (before any run); {Error} when the folder
 *   holds another spec's calibration or something else.
 * @example
 * ```ts
 * const state = await runCalibration("scenarios/calibrations/labor.yaml", { workers: 2 });
 * state.result?.estimates;
 * ```
 */
export async function runCalibration(
  spec: string | CalibrationSpec,
  opts: CalibrationOptions = {},
): Promise<CalibrationState> {
  const t0 = performance.now();
  const s = typeof spec === "string" ? await loadCalibrationSpec(spec) : spec;
  const { base, targets, record } = await prepare(s);
  const dir = opts.out ?? `snapshots/calibrations/${s.name}`;
  const engine = await engineFingerprint();
  const { locate: _locate, ...plain } = s;
  const specHash = await sha256(canonicalJson({ spec: { ...plain, source: "" }, engine }));
  let state = await readState(dir);
  if (state && state.spec_hash !== specHash) {
    throw new Error(
      `${dir} holds a calibration of another spec (or another engine): give another --out, or ` +
        `move that folder away to start afresh`,
    );
  }
  if (!state) {
    await refuseForeign(dir);
    state = {
      format: CALIBRATION_FORMAT,
      name: s.name,
      engine,
      spec_hash: specHash,
      spec: plain,
      targets,
      columns: targets.map((t) => t.moment),
      seeds: s.seeds,
      plan: budgetPlan(s),
      weighting: null,
      evaluations: [],
      batches: 0,
      refine: null,
      done: false,
      result: null,
    };
    await Deno.mkdir(dir, { recursive: true });
    await saveState(dir, state);
  }
  const ctx: BatchContext = {
    spec: s,
    dir,
    base,
    record,
    engine,
    workers: opts.workers ?? navigator.hardwareConcurrency,
  };
  let batches = 0;
  while (!state.done) {
    if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) return state;
    const next = nextBatch(s, state);
    if (next === null) {
      state.result = await analyse(ctx, state);
      state.done = true;
      await saveState(dir, state);
      break;
    }
    const evaluated = await evaluate(ctx, state, next.units, next.stage);
    state.evaluations.push(...evaluated);
    if (state.weighting === null) {
      state.weighting = weighting(
        s.weighting,
        state.targets,
        state.evaluations.map((e) => e.moments),
        s.seeds.length,
      );
    }
    for (const e of state.evaluations) {
      e.loss = loss(meanMoments(e.moments), state.targets, state.weighting);
    }
    if (next.stage === "refine" && next.search) {
      next.search.tell(evaluated.map((e) => e.loss));
      state.refine = next.search.toJSON();
    }
    state.batches++;
    batches++;
    await saveState(dir, state);
    await opts.onProgress?.({
      batch: state.batches,
      stage: next.stage,
      runs: state.evaluations.length * s.seeds.length,
      budget: s.method.budget,
      bestLoss: Math.min(...state.evaluations.map((e) => e.loss)),
      elapsedMs: performance.now() - t0,
    });
  }
  return state;
}

/** The next batch's unit points and stage, or null when the budget is spent. */
function nextBatch(
  spec: CalibrationSpec,
  state: CalibrationState,
): { units: number[][]; stage: Stage; search?: NelderMead } | null {
  const m = spec.method;
  const dims = spec.parameters.length;
  const done = (stage: Stage) => state.evaluations.filter((e) => e.stage === stage).length;
  if (state.evaluations.length === 0) {
    const units = m.starts.design === "halton"
      ? haltonSequence(state.plan.starts, dims, {})
      : latinHypercube(state.plan.starts, dims, m.seed);
    return { units, stage: "start" };
  }
  const searched = done("search");
  if (searched < state.plan.search) {
    const batch = Math.min(m.batch, state.plan.search - searched);
    const seed = m.seed * 7919 + state.batches;
    const finite = state.evaluations.filter((e) => Number.isFinite(e.loss));
    if (m.search === "halton") {
      // More of the same low-discrepancy sequence, after the points already taken.
      return {
        units: haltonSequence(batch, dims, { skip: state.evaluations.length }),
        stage: "search",
      };
    }
    if (m.search === "lhs") return { units: latinHypercube(batch, dims, seed), stage: "search" };
    const x = finite.map((e) => e.unit);
    const y = surrogateTarget(finite.map((e) => e.loss));
    const surrogate = m.search === "gp"
      ? fitGaussianProcess(x, y, { seed })
      : fitRandomForest(x, y, { seed });
    const units = proposeBatch(surrogate, finite.map((e, i) => ({ x: e.unit, loss: y[i] })), {
      batch,
      dims,
      seed,
    });
    return { units, stage: "search" };
  }
  const refined = done("refine");
  if (state.plan.refine > 0 && refined < state.plan.refine) {
    let search: NelderMead;
    if (state.refine) search = NelderMead.fromJSON(state.refine);
    else {
      const best = bestEvaluation(state);
      search = new NelderMead(best.unit, { step: 0.1, maxEvaluations: state.plan.refine });
    }
    const units = search.ask();
    if (units.length === 0 || units.length > state.plan.refine - refined) return null;
    return { units, stage: "refine", search };
  }
  return null;
}

/**
 * The surrogates model the log of the loss: losses of a calibration span orders of magnitude
 * (far from the targets a moment's gap dominates), and a surrogate of the raw loss would spend
 * itself on the worst points.
 */
function surrogateTarget(losses: readonly number[]): number[] {
  const sorted = [...losses].sort((a, b) => a - b);
  const floor = Math.max(1e-12, 1e-3 * (sorted[Math.floor(sorted.length / 2)] ?? 1));
  return losses.map((l) => Math.log(l + floor));
}

function bestEvaluation(state: CalibrationState): Evaluation {
  return state.evaluations.reduce((a, b) => (b.loss < a.loss ? b : a));
}

/** What evaluating a batch needs. */
interface BatchContext {
  spec: CalibrationSpec;
  dir: string;
  base: ScenarioConfig;
  record: RecordSpec;
  engine: string;
  workers: number;
}

/** Runs every point of a batch on every seed (skipping runs already written) and reads their moments. */
async function evaluate(
  ctx: BatchContext,
  state: CalibrationState,
  units: number[][],
  stage: Stage,
): Promise<Evaluation[]> {
  const { spec, dir, record } = ctx;
  const factIds = spec.factTargets;
  const { runs: found } = await scanRuns(dir);
  const ok = new Map(found.filter((f) => f.status === "ok").map((f) => [f.id, f.path]));
  const tasks: RunTask[] = [];
  const measures = new Map<string, Record<string, number | null>>();
  const points = units.map((unit, i) => {
    const point = state.evaluations.length + i;
    const values = valuesAt(spec, unit);
    const scenario = pointScenario(ctx.base, {}, { point, values });
    return { point, unit, values, scenario, runs: [] as PlannedRun[] };
  });
  for (const p of points) {
    for (const seed of spec.seeds) {
      const config = { ...p.scenario, random_seed: seed };
      const id = await runIdentity({
        engine: ctx.engine,
        scenario: config,
        ticks: spec.ticks,
        record,
      });
      const run: PlannedRun = {
        run: p.point * spec.seeds.length + p.runs.length,
        id,
        point: p.point,
        seed,
      };
      p.runs.push(run);
      // Written before (a batch cut short, or the same point proposed again): read it back.
      const path = ok.get(id);
      if (path) {
        measures.set(id, measuresOf(await readParquetFile(join(dir, path))));
        continue;
      }
      tasks.push({
        dir,
        run,
        scenario: config,
        ticks: spec.ticks,
        record,
        kpis: record.kpis,
        facts: factIds,
        parameters: spec.parameters.map((q) => ({
          path: q.path,
          type: q.type,
          value: p.values[q.path],
        })),
      });
    }
  }
  await runPool(tasks, ctx.workers, async (outcome, task) => {
    if (outcome.status === "ok" && outcome.measures) measures.set(outcome.id, outcome.measures);
    if (outcome.error?.startsWith("the worker died")) await writeFailure(task, outcome);
  });
  return points.map((p) => {
    const moments = state.columns.map((c) =>
      p.runs.map((r) => {
        const v = measures.get(r.id)?.[c];
        return typeof v === "number" && Number.isFinite(v) ? v : null;
      })
    );
    return {
      point: p.point,
      stage,
      batch: state.batches,
      unit: p.unit,
      values: p.values,
      moments,
      failed: p.runs.filter((r) => !measures.has(r.id)).length,
      loss: Infinity,
    };
  });
}

/** The uncertainty analysis of a finished search (and the sensitivity, when the spec asks). */
async function analyse(ctx: BatchContext, state: CalibrationState): Promise<CalibrationResult> {
  const spec = ctx.spec;
  const W = state.weighting!;
  const evals = state.evaluations;
  const bestIndex = evals.indexOf(bestEvaluation(state));
  const best = evals[bestIndex];
  const boot = bootstrap(
    evals,
    state.targets,
    W,
    bestIndex,
    spec.uncertainty.bootstrap,
    spec.method.seed,
  );
  const paths = spec.parameters.map((p) => p.path);
  const intervalsUnit = paths.map((_, j): [number, number] => {
    const xs = boot.estimates.map((e) => e[j]);
    return xs.length > 0 ? [quantileOf(xs, 0.025), quantileOf(xs, 0.975)] : [NaN, NaN];
  });
  const toValue = (j: number, u: number) => {
    const p = spec.parameters[j];
    return valueFromUnit(u, p.bounds, p.scale, p.type === "integer");
  };
  const estimates: Estimate[] = spec.parameters.map((p, j) => ({
    path: p.path,
    value: best.values[p.path],
    interval: [toValue(j, intervalsUnit[j][0]), toValue(j, intervalsUnit[j][1])],
    bounds: p.bounds,
  }));
  const finite = evals.filter((e) => Number.isFinite(e.loss));
  // Profiles from the evaluated points, not from a surrogate: far from its data a Gaussian
  // process reverts to its mean and would draw a flat profile where the model is steep.
  const profiles: Profile[] = paths.map((path, j) => ({
    path,
    ...pointProfile(
      finite.map((e) => e.unit),
      finite.map((e) => e.loss),
      j,
      spec.uncertainty.profile_points,
    ),
    method: "points" as const,
  }));
  const lossNoise = sdOf(boot.lossAtEstimate);
  const sensitivity = spec.sensitivity
    ? await sensitivityOf(spec, ctx.dir, state.targets, ctx.workers)
    : null;
  return {
    best: bestIndex,
    loss: best.loss,
    estimates,
    fit: momentFit(state.targets, best.moments),
    lossNoise,
    draws: boot.estimates.map((u) =>
      Object.fromEntries(paths.map((p, j) => [p, toValue(j, u[j])]))
    ),
    profiles,
    warnings: identifiability(
      paths,
      profiles,
      spec.weighting === "identity" ? 2 * lossNoise : CHI2_1_95,
      boot.estimates,
      intervalsUnit,
    ),
    sensitivity,
  };
}

/** Reads a calibration's state, or null when the folder has none. */
export async function readState(dir: string): Promise<CalibrationState | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(dir, STATE_FILE));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  let state: CalibrationState;
  try {
    state = JSON.parse(text, (_k, v) => (v === "Infinity" ? Infinity : v));
  } catch (e) {
    throw new Error(
      `${join(dir, STATE_FILE)} is not valid JSON (${e instanceof Error ? e.message : e}); ` +
        `the calibration cannot continue from it: give another --out`,
    );
  }
  if (state?.format !== CALIBRATION_FORMAT) {
    throw new Error(
      `${join(dir, STATE_FILE)} is not a PANARCHY calibration (format ` +
        `"${state?.format}", expected "${CALIBRATION_FORMAT}")`,
    );
  }
  return state;
}

/** Writes the state atomically (Infinity as the string "Infinity": JSON has no infinities). */
async function saveState(dir: string, state: CalibrationState): Promise<void> {
  const text = JSON.stringify(state, (_k, v) => (v === Infinity ? "Infinity" : v), 1);
  await writeAtomic(join(dir, STATE_FILE), text + "\n");
}

/** Refuses a folder that exists, is not empty and holds no calibration. */
async function refuseForeign(dir: string): Promise<void> {
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  if (names.length > 0) {
    throw new Error(
      `--out ${dir} holds files that are not a calibration's (${names.slice(0, 4).join(", ")}): ` +
        `give an empty or new folder`,
    );
  }
}
