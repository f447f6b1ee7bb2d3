/**
 * Opening a sweep's folder ({@linkcode openSweep}): the plan from `sweep.json` and one row per
 * run, from the merge when it holds the plan's runs, else from the run files a running sweep
 * has written so far.
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { join } from "node:path";
import { readParquetFile } from "../engine/snapshot/parquet.ts";
import { readPlan, RESULTS_FILE, scanRuns } from "../sweep/dataset.ts";
import { SweepResults } from "./sweep.ts";

/**
 * Opens a sweep's folder: its plan and every run's row, from `results.parquet` when the merge
 * holds exactly the plan's runs, else from the run files under `runs/` (a sweep still running).
 *
 * @param dir The sweep's folder (the `--out` of `main.ts sweep`, or `runSweep`'s `out`).
 * @returns The {@linkcode SweepResults}.
 * @throws {Error} When the folder is not a sweep's (no `sweep.json`), or no run has finished yet.
 * @example
 * ```ts
 * const sweep = await openSweep("snapshots/sweeps/thrift");
 * sweep.frame().describe();
 * ```
 */
export async function openSweep(dir: string): Promise<SweepResults> {
  const plan = await readPlan(dir);
  const planned = new Set(plan.runs.map((r) => r.id));
  const merged = await readParquetFile(join(dir, RESULTS_FILE)).catch(() => null);
  if (merged) {
    const ids = merged.getChild("run_id")?.toArray() as string[] | undefined;
    const same = ids !== undefined && merged.numRows === planned.size &&
      Array.from(ids).every((id) => planned.has(String(id)));
    if (same) return new SweepResults(dir, plan, columnsOf([merged]), "results");
  }
  const { runs } = await scanRuns(dir);
  const found = new Map<string, string>();
  for (const r of runs) {
    // A run that failed and then finished on a retry keeps its finished row.
    if (planned.has(r.id) && (!found.has(r.id) || r.status === "ok")) found.set(r.id, r.path);
  }
  if (found.size === 0) {
    throw new Error(
      `sweep ${plan.name} in ${dir} has no runs yet (no files under ${dir}/runs): run it with ` +
        `\`main.ts sweep <spec> --out ${dir}\` or runSweep(), then open it again`,
    );
  }
  const tables: arrow.Table[] = [];
  const where: { point: number; seed: number }[] = [];
  for (const run of plan.runs) {
    const path = found.get(run.id);
    if (!path) continue;
    tables.push(await readParquetFile(join(dir, path)));
    where.push(run);
  }
  return new SweepResults(dir, plan, columnsOf(tables, where), "runs");
}

/** One column per field over the tables' rows (point and seed first when given). */
function columnsOf(
  tables: arrow.Table[],
  where?: { point: number; seed: number }[],
): Map<string, unknown[]> {
  const cols = new Map<string, unknown[]>();
  if (where) {
    cols.set("point", where.map((w) => w.point));
    cols.set("seed", where.map((w) => w.seed));
  }
  let offset = 0;
  const total = tables.reduce((s, t) => s + t.numRows, 0);
  for (const t of tables) {
    for (const f of t.schema.fields) {
      let col = cols.get(f.name);
      if (!col) cols.set(f.name, col = new Array(total).fill(null));
      const v = t.getChild(f.name)!;
      for (let i = 0; i < t.numRows; i++) {
        const x = v.get(i);
        col[offset + i] = typeof x === "bigint" ? Number(x) : x ?? null;
      }
    }
    offset += t.numRows;
  }
  return cols;
}
