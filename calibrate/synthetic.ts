/**
 * Targets simulated by the model itself, for recovery checks: run the model at known parameter
 * values (a sweep of one point), take each moment's mean over the seeds as the target and the
 * seeds' spread over √n as its standard error, and see whether a calibration finds the values.
 *
 * @module
 */
import { readParquetFile } from "../engine/snapshot/parquet.ts";
import { RESULTS_FILE } from "../sweep/dataset.ts";
import { mean, sampleStandardDeviation } from "../analysis/stats.ts";
import type { Target } from "./spec.ts";

/**
 * The targets of a finished sweep: for each moment column, the mean over all its ok runs and
 * the standard error of that mean.
 *
 * @param sweepDir A sweep's folder (its `results.parquet` is read).
 * @param moments Run-row columns, e.g. `unemployment_rate_mean`.
 * @param source What the targets' `source` says.
 * @throws {Error} when a moment is not in the sweep's rows.
 */
export async function simulatedTargets(
  sweepDir: string,
  moments: readonly string[],
  source: string,
): Promise<Target[]> {
  const rows = (await readParquetFile(`${sweepDir}/${RESULTS_FILE}`)).toArray()
    .map((r) => r.toJSON() as Record<string, unknown>)
    .filter((r) => r.status === "ok");
  return moments.map((moment) => {
    const v = rows.map((r) => r[moment]).filter((x): x is number => typeof x === "number");
    if (v.length === 0) throw new Error(`${sweepDir}: no run recorded ${moment}`);
    const se = sampleStandardDeviation(v) / Math.sqrt(v.length);
    return { moment, value: mean(v), se, weight: 1, source };
  });
}

/** Targets as the lines of a spec's `targets:` list. */
export function targetsYaml(targets: readonly Target[]): string {
  return targets.map((t) =>
    `  - { moment: ${t.moment}, value: ${t.value}` +
    `${t.se !== null && Number.isFinite(t.se) ? `, se: ${t.se}` : ""}` +
    `${t.source ? `, source: ${JSON.stringify(t.source)}` : ""} }`
  ).join("\n");
}
