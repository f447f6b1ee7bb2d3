/**
 * Running a sweep: plan it, make its folder ready (what finished is kept and skipped), do the
 * remaining runs on a pool of workers, and merge the dataset. The CLI's `sweep` command and the
 * notebooks both go through {@link runSweep}.
 *
 * @module
 */
import { stringify } from "yaml";
import {
  type MergeSummary,
  mergeSweep,
  preparePlan,
  SWEEP_FOLDER,
  withFolderLock,
} from "./dataset.ts";
import { planSweep, type SweepPlan } from "./plan.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { runPool } from "./pool.ts";
import { type RunOutcome, type RunTask, writeFailure } from "./record.ts";
import { loadSweepSpec, parseSweepSpec, type SweepSpec } from "./spec.ts";
import { factsCatalogue } from "./_workbench.ts";

/** A shard of a sweep: the runs `k` with `k % count === index`. */
export interface Shard {
  index: number;
  count: number;
}

/** Progress of a sweep, after each run. */
export interface SweepProgress {
  /** Runs finished (ok or failed) in this call. */
  done: number;
  /** Runs this call does. */
  total: number;
  failed: number;
  /** Runs skipped because an earlier call finished them. */
  skipped: number;
  elapsedMs: number;
  /** Estimated time left, from the mean pace so far. */
  etaMs: number;
  /** The run that just ended. */
  last: RunOutcome;
}

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** The sweep's folder. @default {"snapshots/sweeps/<name>"} */
  out?: string;
  /** Runs at once, one worker each. @default {navigator.hardwareConcurrency} */
  workers?: number;
  /** Do only this shard's runs (as a Slurm array task does), and do not merge. */
  shard?: Shard;
  /** Merge the dataset at the end. @default {true without a shard} */
  merge?: boolean;
  /** Called after every run. */
  onProgress?: (p: SweepProgress) => void | Promise<void>;
}

/** What a sweep did. */
export interface SweepResult {
  dir: string;
  plan: SweepPlan;
  /** Runs done by this call. */
  ran: number;
  /** Runs skipped: finished before (or another shard's). */
  skipped: number;
  /** Runs of this call that failed. */
  failed: RunOutcome[];
  /** The merge, or null for a shard. */
  merge: MergeSummary | null;
  wallMs: number;
}

/**
 * A sweep spec from plain data, as a notebook writes it (checked like a YAML file; lines refer
 * to the data written as YAML).
 *
 * @throws {ScenarioError} listing every problem.
 * @example
 * ```ts
 * const spec = sweepSpec({ name: "s", scenario: "tiny", ticks: 30, replicates: 2,
 *   parameters: { "economy.households.consume_income": { values: [0.8, 0.9] } } });
 * ```
 */
export function sweepSpec(data: Record<string, unknown>, source = "<notebook>"): SweepSpec {
  return parseSweepSpec(stringify(data), source);
}

/**
 * Plans a sweep into its folder without running anything (what `main.ts slurm` does before it
 * writes the job arrays): the folder is made ready as {@link runSweep} would (runs an earlier
 * spec no longer has moved aside) and `sweep.json` written.
 *
 * @param spec A spec file's path.
 * @param out The sweep's folder.
 * @returns the number of runs in the plan and the folder.
 * @throws {ScenarioError} when the spec is invalid; {Error} when `out` holds something else.
 */
export async function planSweepInto(
  spec: string,
  out: string,
): Promise<{ runs: number; dir: string }> {
  const { plan } = await planSweep(await loadSweepSpec(spec));
  await withFolderLock(out, SWEEP_FOLDER, () => preparePlan(out, plan));
  return { runs: plan.runs.length, dir: out };
}

/**
 * Runs a sweep (or one shard of it) and merges its dataset.
 *
 * @param spec A spec file's path, or a spec ({@link sweepSpec}, {@link parseSweepSpec}).
 * @param opts Folder, workers, shard, progress.
 * @returns the plan, what ran, what failed and the merge.
 * @throws {ScenarioError} when the spec or a point's scenario is invalid (before any run);
 *   {Error} when `out` holds something else than a sweep.
 *
 * @example
 * ```ts
 * const result = await runSweep("scenarios/sweeps/thrift.yaml", { workers: 2 });
 * result.merge?.results; // ".../results.parquet"
 * ```
 */
export async function runSweep(
  spec: string | SweepSpec,
  opts: SweepOptions = {},
): Promise<SweepResult> {
  const t0 = performance.now();
  const s = typeof spec === "string" ? await loadSweepSpec(spec) : spec;
  const { plan, scenarios } = await planSweep(s);
  const dir = opts.out ?? `snapshots/sweeps/${plan.name}`;
  // The shards of a Slurm sweep share the folder; anything else holds it alone.
  const folder = { ...SWEEP_FOLDER, shared: opts.shard !== undefined };
  return await withFolderLock(dir, folder, () => sweepIn(dir, plan, scenarios, opts, t0));
}

/** {@link runSweep} in its folder `dir`, which it holds. */
async function sweepIn(
  dir: string,
  plan: SweepPlan,
  scenarios: ScenarioConfig[],
  opts: SweepOptions,
  t0: number,
): Promise<SweepResult> {
  const done = await preparePlan(dir, plan, { shard: opts.shard !== undefined });
  const mine = plan.runs.filter((r) =>
    opts.shard === undefined || r.run % opts.shard.count === opts.shard.index
  );
  const todo = mine.filter((r) => !done.has(r.id));
  const facts = plan.record.facts ? (await factsCatalogue()).map((f) => f.id) : [];
  const tasks: RunTask[] = todo.map((run) => ({
    dir,
    run,
    scenario: { ...scenarios[run.point], random_seed: run.seed },
    ticks: plan.ticks,
    record: plan.record,
    kpis: plan.kpis,
    facts,
    parameters: plan.parameters.map((p) => ({
      ...p,
      value: plan.points[run.point].values[p.path],
    })),
  }));
  const failed: RunOutcome[] = [];
  let finished = 0;
  const workers = opts.workers ?? navigator.hardwareConcurrency;
  await runPool(tasks, workers, async (outcome, task) => {
    finished++;
    if (outcome.status === "failed") {
      failed.push(outcome);
      // A worker that died wrote nothing: the failure is recorded here.
      if (outcome.error?.startsWith("the worker died")) await writeFailure(task, outcome);
    }
    const elapsedMs = performance.now() - t0;
    await opts.onProgress?.({
      done: finished,
      total: tasks.length,
      failed: failed.length,
      skipped: plan.runs.length - tasks.length,
      elapsedMs,
      etaMs: (elapsedMs / finished) * (tasks.length - finished),
      last: outcome,
    });
  });
  const merge = (opts.merge ?? opts.shard === undefined) ? await mergeSweep(dir) : null;
  return {
    dir,
    plan,
    ran: tasks.length,
    skipped: plan.runs.length - tasks.length,
    failed,
    merge,
    wallMs: performance.now() - t0,
  };
}
