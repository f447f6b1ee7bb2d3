/**
 * Evaluating a batch of a calibration: every point on every seed, as runs of the sweep
 * machinery (a run already written, by its identity, is read back instead of run again), and
 * the moments of each point read from the runs' rows.
 *
 * @module
 */
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { join } from "node:path";
import { readParquetFile } from "../engine/snapshot/parquet.ts";
import { scanRuns } from "../sweep/dataset.ts";
import { runIdentity } from "../sweep/identity.ts";
import { type PlannedRun, pointScenario, valueFromUnit } from "../sweep/plan.ts";
import { runPool } from "../sweep/pool.ts";
import { measuresOf, type RunTask, writeFailure } from "../sweep/record.ts";
import type { RecordSpec } from "../sweep/spec.ts";
import { type CalibrationSlurm, runBatchOnSlurm } from "./slurm.ts";
import type { CalibrationSpec } from "./spec.ts";
import type { CalibrationState, Evaluation, Stage } from "./state.ts";

/** The parameters' values at a unit point. */
export function valuesAt(spec: CalibrationSpec, unit: readonly number[]): Record<string, number> {
  return Object.fromEntries(
    spec.parameters.map((p, j) => [
      p.path,
      valueFromUnit(unit[j], p.bounds, p.scale, p.type === "integer"),
    ]),
  );
}

/** What evaluating a batch needs. */
export interface BatchContext {
  spec: CalibrationSpec;
  dir: string;
  base: ScenarioConfig;
  record: RecordSpec;
  engine: string;
  workers: number;
  /** Run the batches as Slurm job arrays instead of on local workers. */
  slurm?: CalibrationSlurm;
}

/** Runs every point of a batch on every seed (skipping runs already written) and reads their moments. */
export async function evaluate(
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
  if (ctx.slurm && tasks.length > 0) {
    await runBatchOnSlurm(dir, state.batches, spec.name, tasks, ctx.slurm);
    const written = new Map(
      (await scanRuns(dir)).runs.filter((f) => f.status === "ok").map((f) => [f.id, f.path]),
    );
    for (const t of tasks) {
      const path = written.get(t.run.id);
      if (path) measures.set(t.run.id, measuresOf(await readParquetFile(join(dir, path))));
    }
  } else {
    await runPool(tasks, ctx.workers, async (outcome, task) => {
      if (outcome.status === "ok" && outcome.measures) measures.set(outcome.id, outcome.measures);
      if (outcome.error?.startsWith("the worker died")) await writeFailure(task, outcome);
    });
  }
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
