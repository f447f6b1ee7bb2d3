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
import { withChanges } from "../analysis/changes.ts";
import { quantile, sampleStandardDeviation } from "../analysis/stats.ts";
import { canonicalJson, engineFingerprint, sha256 } from "../sweep/identity.ts";
import { resolveBase, valueFromUnit } from "../sweep/plan.ts";
import { type Moment, MOMENTS, type RecordSpec, type WindowedMoment } from "../sweep/spec.ts";
import { factsCatalogue } from "../sweep/_workbench.ts";
import { withFolderLock } from "../sweep/dataset.ts";
import { type BatchContext, evaluate } from "./evaluate.ts";
import { gapVariance, loss, meanMoments, weighting } from "./loss.ts";
import { nextBatch } from "./propose.ts";
import type { CalibrationSlurm } from "./slurm.ts";
import { sensitivityOf } from "./sensitivity.ts";
import {
  calibrationError,
  type CalibrationSpec,
  loadCalibrationSpec,
  type Target,
} from "./spec.ts";
import {
  bestEvaluation,
  bestLossCurve,
  CALIBRATION_FORMAT,
  type CalibrationResult,
  type CalibrationState,
  type Estimate,
  readState,
  saveState,
  type Stage,
  STATE_FILE,
} from "./state.ts";
import {
  bootstrap,
  CHI2_1_95,
  identifiability,
  momentFit,
  msmStandardErrors,
  pointProfile,
  type Profile,
} from "./uncertainty.ts";

export {
  CALIBRATION_FORMAT,
  type CalibrationResult,
  type CalibrationState,
  type Evaluation,
  readState,
  STATE_FILE,
} from "./state.ts";

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
  /** Run every batch as a Slurm job array (see calibrate/slurm.ts); default: local workers. */
  slurm?: CalibrationSlurm;
}

/** The run-row column of a target: its moment, or for a window of its own `<moment>_<from>_<to>`. */
export function targetColumn(t: Target): string {
  return t.window ? `${t.moment}_${t.window.from}_${t.window.to}` : t.moment;
}

/**
 * Splits a target's moment `<kpi>_<moment>` at the KPI the scenario declares (a moment such as
 * `hp_sd` holds an underscore itself, and a KPI name may end like a moment).
 *
 * @returns the KPI and the moment, or null when no split names a declared KPI.
 */
export function splitMoment(name: string, declared: readonly string[]): [string, Moment] | null {
  for (const m of [...MOMENTS].sort((a, b) => b.length - a.length)) {
    const kpi = name.slice(0, -(m.length + 1));
    if (name.endsWith(`_${m}`) && declared.includes(kpi)) return [kpi, m];
  }
  return null;
}

/**
 * The record a calibration's runs keep: the KPIs and moments its targets name over the spec's
 * window, the moments of targets with windows of their own, and the facts.
 *
 * @returns the record, and the target moments that name no declared KPI.
 */
function recordOf(
  spec: CalibrationSpec,
  targets: readonly Target[],
  declared: readonly string[],
): { record: RecordSpec; unknown: string[] } {
  const kpis: string[] = [];
  const moments: Moment[] = [];
  const windowed: WindowedMoment[] = [];
  const correlations: [string, string][] = [];
  const unknown: string[] = [];
  for (const t of targets) {
    if (t.moment.startsWith("fact_")) continue;
    const corr = /^corr_(.+)__(.+)$/.exec(t.moment);
    if (corr) {
      if (declared.includes(corr[1]) && declared.includes(corr[2])) {
        correlations.push([corr[1], corr[2]]);
      } else unknown.push(t.moment);
      continue;
    }
    const split = splitMoment(t.moment, declared);
    if (!split) {
      unknown.push(t.moment);
      continue;
    }
    const [kpi, moment] = split;
    if (t.window) {
      windowed.push({ column: targetColumn(t), kpi, moment, ...t.window });
      continue;
    }
    if (!kpis.includes(kpi)) kpis.push(kpi);
    if (!moments.includes(moment)) moments.push(moment);
  }
  const record: RecordSpec = {
    kpis,
    window: spec.window,
    moments: moments.length > 0 ? moments : ["mean"],
    series: false,
    facts: spec.factTargets.length > 0 ? spec.facts : null,
    snapshots: 0,
    ...(windowed.length > 0 ? { windowed } : {}),
    ...(correlations.length > 0 ? { correlations } : {}),
  };
  return { record, unknown };
}

/** A calibration's base scenario, its targets and what each run records. */
interface Prepared {
  base: ScenarioConfig;
  targets: Target[];
  record: RecordSpec;
}

/** Loads the base scenario and resolves the targets of the facts catalogue; checks the KPIs. */
async function prepare(spec: CalibrationSpec): Promise<Prepared> {
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
  const declared = Simulation.kpisOf(base).map((k) => k.name);
  const { record, unknown } = recordOf(spec, targets, declared);
  if (unknown.length > 0) {
    throw problem(
      ["targets"],
      `no KPI behind the target moment${unknown.length > 1 ? "s" : ""} ${
        unknown.join(", ")
      } (a moment is <kpi>_<moment>); the scenario's KPIs are ${declared.join(", ")}`,
    );
  }
  return { base, targets, record };
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
  const prepared = await prepare(s);
  const dir = opts.out ?? `snapshots/calibrations/${s.name}`;
  // One calibration at a time in a folder: two would overwrite each other's state.
  return await withFolderLock(
    dir,
    { marker: STATE_FILE, what: "calibration" },
    () => calibrateIn(s, prepared, dir, opts, t0),
  );
}

/** {@link runCalibration} in its folder `dir`, which it holds. */
async function calibrateIn(
  s: CalibrationSpec,
  { base, targets, record }: Prepared,
  dir: string,
  opts: CalibrationOptions,
  t0: number,
): Promise<CalibrationState> {
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
    state = {
      format: CALIBRATION_FORMAT,
      name: s.name,
      engine,
      spec_hash: specHash,
      spec: plain,
      targets,
      columns: targets.map(targetColumn),
      seeds: s.seeds,
      plan: budgetPlan(s),
      weighting: null,
      evaluations: [],
      batches: 0,
      refine: null,
      done: false,
      result: null,
    };
    await saveState(dir, state);
  }
  const ctx: BatchContext = {
    spec: s,
    dir,
    base,
    record,
    engine,
    workers: opts.workers ?? navigator.hardwareConcurrency,
    slurm: opts.slurm,
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
    return xs.length > 0 ? [quantile(xs, 0.025), quantile(xs, 0.975)] : [NaN, NaN];
  });
  const toValue = (j: number, u: number) => {
    const p = spec.parameters[j];
    return valueFromUnit(u, p.bounds, p.scale, p.type === "integer");
  };
  const omega = gapVariance(state.targets, evals.map((e) => e.moments), spec.seeds.length);
  const se = msmStandardErrors(evals, bestIndex, state.targets, W, omega);
  const estimates: Estimate[] = spec.parameters.map((p, j) => {
    const lo = Math.max(0, best.unit[j] - 1.96 * se[j]);
    const hi = Math.min(1, best.unit[j] + 1.96 * se[j]);
    return {
      path: p.path,
      value: best.values[p.path],
      interval: [toValue(j, intervalsUnit[j][0]), toValue(j, intervalsUnit[j][1])],
      asymptotic: Number.isFinite(se[j]) ? [toValue(j, lo), toValue(j, hi)] : null,
      bounds: p.bounds,
    };
  });
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
  const lossNoise = sampleStandardDeviation(boot.lossAtEstimate.filter(Number.isFinite));
  const sensitivity = spec.sensitivity
    ? await sensitivityOf(spec, ctx.dir, state.targets, ctx.record, ctx.workers, ctx.slurm)
    : null;
  const baseline = spec.method.baseline ? await haltonBaseline(ctx, state) : null;
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
    baseline,
  };
}

/**
 * Runs the spec again with Halton sampling alone (the same starts, seeds and budget, no
 * refinement) into `<dir>/baseline/`, and compares: the baseline's curve, and the runs the
 * calibration needed to reach the baseline's final best loss. The starts are the same points on
 * the same seeds, so both weightings, and both losses, are the same.
 */
async function haltonBaseline(
  ctx: BatchContext,
  state: CalibrationState,
): Promise<NonNullable<CalibrationResult["baseline"]>> {
  const s = ctx.spec;
  const base = await runCalibration({
    ...s,
    name: `${s.name}-baseline`,
    method: { ...s.method, search: "halton", refine: 0, baseline: false },
    sensitivity: null,
  }, { out: join(ctx.dir, "baseline"), workers: ctx.workers, slurm: ctx.slurm });
  const curve = bestLossCurve(base);
  const target = curve.at(-1)?.loss ?? Infinity;
  const reached = bestLossCurve(state).find((c) => c.loss <= target);
  return { curve, reachedAfter: reached?.runs ?? null };
}
