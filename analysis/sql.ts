/**
 * SQL over runs with DuckDB, in the notebook's own process (`@duckdb/node-api` loads in Deno
 * and in the Deno Jupyter kernel). Every dataset of a run becomes a view of its Hive-partitioned
 * Parquet files: `persons`, `households`, `firms`, … and `world` carry the snapshot's `tick`;
 * `kpis` and `events` carry their rows' `tick` (so `kpis JOIN persons USING (tick)` pairs a
 * snapshot with the KPIs of the same day). Over several runs each view gains a `run` column.
 *
 * @module
 */
import * as path from "node:path";
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import type { DuckDBInstance } from "npm:@duckdb/node-api@1.5.6-r.1";
import type { Manifest } from "../engine/snapshot/run_dir.ts";
import { type DataFrame, toDataFrame } from "./dataframe.ts";
import type { Run } from "./run.ts";
import { openRun } from "./run_sources.ts";

/** A run for {@linkcode runSql}: an opened {@linkcode Run} on disk, or a run directory. */
export type SqlRun = Run | string;

/** Options of {@linkcode runSql}. */
export interface RunSqlOptions {
  /** Labels of the runs in the `run` column (several runs). @default {each run's folder name} */
  labels?: string[];
  /** Rows the frame shows in the kernel. @default {20} */
  maxRows?: number;
}

let instance: Promise<DuckDBInstance> | null = null;

/**
 * Runs one SQL query over one or more runs and returns the result as a DataFrame.
 *
 * @param query A DuckDB SQL query over the views named after the datasets (see the module doc).
 * @param runs One run or several (then each view has a `run` column naming the run).
 * @param opts Labels of the runs, rows shown.
 * @returns The result as a danfojs DataFrame (64-bit integers as numbers; displays in Jupyter).
 * @throws {Error} Naming the run that is in memory or not a run directory, or DuckDB's message
 *   with the query when the SQL is wrong.
 *
 * @example
 * ```ts
 * import { runSql } from "./sql.ts";
 * const df = await runSql(
 *   "SELECT tick, count(*) AS persons, any_value(k.population) AS kpi " +
 *     "FROM persons JOIN kpis k USING (tick) GROUP BY tick ORDER BY tick",
 *   "snapshots/tiny_island/20261125-120000-s7",
 * );
 * ```
 */
export async function runSql(
  query: string,
  runs: SqlRun | SqlRun[],
  opts: RunSqlOptions = {},
): Promise<DataFrame> {
  const list = Array.isArray(runs) ? runs : [runs];
  if (list.length === 0) throw new Error("runSql(): give at least one run");
  const opened = await Promise.all(list.map(openForSql));
  const labels = opts.labels ?? opened.map((r) => path.basename(r.dir));
  if (labels.length !== opened.length) {
    throw new Error(`runSql(): ${labels.length} labels for ${opened.length} runs`);
  }
  // Loaded on first use: its native library needs --allow-ffi, which only SQL should ask for.
  // deno-lint-ignore no-import-prefix -- as above
  instance ??= import("npm:@duckdb/node-api@1.5.6-r.1").then((m) => m.DuckDBInstance.create());
  const conn = await (await instance).connect();
  try {
    for (const name of datasetNames(opened)) {
      const parts = opened.map((r, i) => {
        const d = r.manifest.datasets[name];
        const glob = sqlString(path.join(r.dir, d.glob));
        const from = `read_parquet(${glob}, hive_partitioning = true)`;
        return opened.length === 1
          ? `SELECT * FROM ${from}`
          : `SELECT ${sqlString(labels[i])} AS run, * FROM ${from}`;
      });
      await conn.run(
        `CREATE OR REPLACE TEMP VIEW "${name}" AS ${parts.join(" UNION ALL BY NAME ")}`,
      );
    }
    let reader;
    try {
      reader = await conn.runAndReadAll(query);
    } catch (e) {
      throw new Error(`runSql(): ${e instanceof Error ? e.message : e}\nquery: ${query}`);
    }
    const columns = reader.getColumnsObjectJS() as Record<string, unknown[]>;
    for (const [name, values] of Object.entries(columns)) {
      columns[name] = values.map((v) => typeof v === "bigint" ? Number(v) : v);
    }
    return toDataFrame(columns, { display: { maxRows: opts.maxRows ?? 20, caption: query } });
  } finally {
    conn.closeSync();
  }
}

/** The datasets every run has (views need them all). */
function datasetNames(runs: { manifest: Manifest }[]): string[] {
  const [first, ...rest] = runs.map((r) => Object.keys(r.manifest.datasets));
  return first.filter((n) => rest.every((names) => names.includes(n)));
}

async function openForSql(run: SqlRun): Promise<{ dir: string; manifest: Manifest }> {
  const opened = typeof run === "string" ? await openRun(run) : run;
  if (opened.dir === null) {
    throw new Error(
      `runSql(): run ${opened.name} is held in memory; SQL reads runs on disk: run it with \`out\``,
    );
  }
  return { dir: opened.dir, manifest: opened.manifest };
}

/** A SQL string literal. */
function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
