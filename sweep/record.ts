/**
 * One run of a sweep, end to end: simulate the run's scenario, reduce its KPIs to the recorded
 * moments over the window (and, when asked, evaluate the stylized facts), and write its row and
 * its KPI series to the sweep's dataset. A run that throws is recorded as failed with its
 * error; the sweep goes on. Runs inside a worker ({@link ./worker.ts}) or in the caller.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { runScenario } from "../engine/run.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { kpisToArrow } from "../engine/snapshot/run_dir.ts";
import type { KpiRegistry } from "../engine/core/kpis.ts";
import {
  hpFilter,
  mean,
  pearson,
  quantile,
  sampleStandardDeviation,
  standardDeviation,
} from "../analysis/stats.ts";
import type { Moment, RecordSpec } from "./spec.ts";
import type { ParameterValue, PlannedRun } from "./plan.ts";
import { factsOfRun } from "./_workbench.ts";
import { removeFile, runFile, scratchDir, seriesFile, snapshotDir, writeTable } from "./dataset.ts";

/** Everything a worker needs to do one run. */
export interface RunTask {
  /** The sweep's folder. */
  dir: string;
  run: PlannedRun;
  /** The run's scenario, its seed set. */
  scenario: ScenarioConfig;
  ticks: number;
  record: RecordSpec;
  /** The KPIs to record (resolved). */
  kpis: string[];
  /** Ids of the stylized facts to record (empty without facts). */
  facts: string[];
  /** The varied parameters with their type and this run's value, in column order. */
  parameters: { path: string; type: string; value: ParameterValue }[];
}

/** What became of a run. */
export interface RunOutcome {
  id: string;
  status: "ok" | "failed";
  /** The error of a failed run. */
  error: string | null;
  /** Wall time of the run, seconds. */
  wall_s: number;
  /** The run's measures by column (moments and fact values; null when not measured). */
  measures?: Record<string, number | null>;
}

const QUANTILES: Partial<Record<Moment, number>> = {
  q05: 0.05,
  q10: 0.1,
  q25: 0.25,
  q50: 0.5,
  q75: 0.75,
  q90: 0.9,
  q95: 0.95,
};

/**
 * A moment of a KPI's values over the window (finite values only; NaN when there are none, or
 * for `sd` fewer than two). `sd` is the sample standard deviation.
 *
 * @example
 * ```ts
 * momentOf([1, 2, 3, 4], "q50"); // 2.5
 * ```
 */
export function momentOf(values: Float64Array, m: Moment): number {
  if (values.length === 0) return NaN;
  switch (m) {
    case "hp_sd":
    case "hp_pct_sd":
    case "ac1":
      return quarterlyMoment(values, m);
    case "mean":
      return mean(values);
    case "sd":
      return sampleStandardDeviation(values);
    case "min":
      return values.reduce((a, b) => Math.min(a, b), Infinity);
    case "max":
      return values.reduce((a, b) => Math.max(a, b), -Infinity);
    case "last":
      return values[values.length - 1];
    default:
      return quantile(values, QUANTILES[m]!);
  }
}

/** Days in a quarter, the block of the filtered moments. */
const QUARTER = 91;

/**
 * A moment of the quarterly means of a daily series: the HP cycle's standard deviation (in
 * levels or in percent of the trend) or the first-order autocorrelation. NaN with fewer than 8
 * quarters (or a trend that is not positive, for the percent).
 */
function quarterlyMoment(values: Float64Array, m: "hp_sd" | "hp_pct_sd" | "ac1"): number {
  const means = quarterlyMeans(values);
  const q = means.length;
  if (q < 8) return NaN;
  if (m === "ac1") {
    const mu = mean(means);
    let num = 0;
    let den = 0;
    for (let i = 0; i < q; i++) {
      den += (means[i] - mu) ** 2;
      if (i > 0) num += (means[i] - mu) * (means[i - 1] - mu);
    }
    return den > 0 ? num / den : NaN;
  }
  const { trend, cycle } = hpFilter(means, 1600);
  if (m === "hp_sd") return standardDeviation(cycle);
  if (trend.some((t) => !(t > 0))) return NaN;
  return standardDeviation(cycle.map((c, i) => (100 * c) / trend[i]));
}

/** Quarterly means of a daily series (whole 91-day blocks only). */
function quarterlyMeans(values: Float64Array): Float64Array {
  const q = Math.floor(values.length / QUARTER);
  const means = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = 0;
    for (let d = 0; d < QUARTER; d++) s += values[i * QUARTER + d];
    means[i] = s / QUARTER;
  }
  return means;
}

/** The column of a co-movement, e.g. `corr_consumption_real__gdp_real`. */
export function correlationColumn(a: string, b: string): string {
  return `corr_${a}__${b}`;
}

/**
 * The correlation of two daily series' Hodrick–Prescott cycles (λ = 1600) of quarterly means:
 * the co-movement of two aggregates over the business cycle (King & Rebelo 1999). NaN with
 * fewer than 8 quarters, series of different lengths, or a flat cycle.
 *
 * @example
 * ```ts
 * cycleCorrelation(gdpDaily, consumptionDaily); // about 0.8 in US data
 * ```
 */
export function cycleCorrelation(a: Float64Array, b: Float64Array): number {
  const qa = quarterlyMeans(a);
  const qb = quarterlyMeans(b);
  if (qa.length < 8 || qa.length !== qb.length) return NaN;
  const ca = hpFilter(qa, 1600).cycle;
  const cb = hpFilter(qb, 1600).cycle;
  return pearson(ca, cb);
}

/** The finite values of a KPI whose tick lies in the window. */
function windowValues(kpis: KpiRegistry, name: string, from: number, to: number): Float64Array {
  const k = kpis.indexOf(name);
  if (k < 0) return new Float64Array(0);
  const h = kpis.history[k];
  const out: number[] = [];
  for (let r = 0; r < kpis.rows; r++) {
    const t = kpis.ticks[r];
    if (t >= from && t <= to && Number.isFinite(h[r])) out.push(h[r]);
  }
  return Float64Array.from(out);
}

/** The column name of a KPI's moment, e.g. `unemployment_rate_mean`. */
export function momentColumn(kpi: string, m: Moment): string {
  return `${kpi}_${m}`;
}

function parameterVector(type: string, value: ParameterValue): arrow.Vector {
  if (type === "integer") return arrow.vectorFromArray([value as number], new arrow.Int32());
  if (type === "number") return arrow.vectorFromArray([value as number], new arrow.Float64());
  if (type === "boolean") return arrow.vectorFromArray([value as boolean], new arrow.Bool());
  return arrow.vectorFromArray([String(value)], new arrow.Utf8());
}

const num = (v: number) =>
  arrow.vectorFromArray([Number.isFinite(v) ? v : null], new arrow.Float64());
const text = (v: string | null) => arrow.vectorFromArray([v], new arrow.Utf8());

/**
 * A run's row: identity, status, error, wall time, the parameters' values, the moments of
 * every recorded KPI and the facts' values and verdicts. A failed run has the same columns,
 * its measures null, so every file of the dataset has one schema.
 */
export function runRow(
  task: RunTask,
  outcome: RunOutcome,
  kpis: KpiRegistry | null,
  facts: Map<string, { value: number; status: string }>,
): arrow.Table {
  const cols: Record<string, arrow.Vector> = {
    run_id: text(task.run.id),
    status: text(outcome.status),
    error: text(outcome.error),
    ticks: arrow.vectorFromArray([task.ticks], new arrow.Int32()),
    wall_s: arrow.vectorFromArray([outcome.wall_s], new arrow.Float64()),
  };
  for (const p of task.parameters) cols[p.path] = parameterVector(p.type, p.value);
  const { from, to } = task.record.window;
  for (const k of task.kpis) {
    const values = kpis ? windowValues(kpis, k, from, to) : new Float64Array(0);
    for (const m of task.record.moments) cols[momentColumn(k, m)] = num(momentOf(values, m));
  }
  for (const [a, b] of task.record.correlations ?? []) {
    cols[correlationColumn(a, b)] = num(
      kpis
        ? cycleCorrelation(windowValues(kpis, a, from, to), windowValues(kpis, b, from, to))
        : NaN,
    );
  }
  for (const w of task.record.windowed ?? []) {
    const values = kpis ? windowValues(kpis, w.kpi, w.from, w.to) : new Float64Array(0);
    cols[w.column] = num(momentOf(values, w.moment));
  }
  for (const id of task.facts) {
    const f = facts.get(id);
    cols[`fact_${id}`] = num(f?.value ?? NaN);
    cols[`fact_${id}_status`] = text(f?.status ?? null);
  }
  return new arrow.Table(cols);
}

/** The measures of a run's row (moments and fact values): its Float64 columns but the wall time and the parameters (whose names are dotted paths). */
export function measuresOf(row: arrow.Table): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const f of row.schema.fields) {
    if (f.name === "wall_s" || f.name.includes(".") || !arrow.DataType.isFloat(f.type)) continue;
    const v = row.getChild(f.name)!.get(0);
    out[f.name] = typeof v === "number" ? v : null;
  }
  return out;
}

/** The recorded KPI series of a run: `tick` and one column per recorded KPI. */
function seriesTable(kpis: KpiRegistry, names: string[]): arrow.Table {
  const all = kpisToArrow(kpis);
  const cols: Record<string, arrow.Vector> = { tick: all.getChild("tick")! };
  for (const n of names) {
    cols[n] = all.getChild(n) ??
      arrow.makeVector(new Float64Array(all.numRows).fill(NaN));
  }
  return new arrow.Table(cols);
}

/**
 * Does one run and writes its files: the KPI series (when recorded), then the run's row (its
 * presence marks the run done), each atomically. A failed run writes a `-failed` row instead,
 * which a later sweep retries; a run that succeeds removes its earlier `-failed` row.
 *
 * @returns what became of the run (never throws for a failure of the simulation itself).
 */
export async function executeRun(task: RunTask): Promise<RunOutcome> {
  const t0 = performance.now();
  const { dir, run, record } = task;
  const keep = record.snapshots > 0;
  const out = keep ? snapshotDir(dir, run) : record.facts ? scratchDir(dir, run) : null;
  try {
    const result = await runScenario(task.scenario, {
      ticks: task.ticks,
      out,
      overwrite: true,
      snapshotInterval: keep ? record.snapshots : record.facts?.snapshot_every ?? 0,
    });
    const kpis = result.sim.world.kpis;
    const facts = record.facts && out
      ? await factsOfRun(out, { burnIn: record.facts.burn_in, window: record.facts.window })
      : new Map();
    if (out && !keep) await Deno.remove(out, { recursive: true });
    const outcome: RunOutcome = {
      id: run.id,
      status: "ok",
      error: null,
      wall_s: (performance.now() - t0) / 1000,
    };
    if (record.series) await writeTable(seriesFile(dir, run), seriesTable(kpis, task.kpis));
    const row = runRow(task, outcome, kpis, facts);
    await writeTable(runFile(dir, run, "ok"), row);
    await removeFile(runFile(dir, run, "failed"));
    return { ...outcome, measures: measuresOf(row) };
  } catch (e) {
    if (out && !keep) await Deno.remove(out, { recursive: true }).catch(() => {});
    const outcome: RunOutcome = {
      id: run.id,
      status: "failed",
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      wall_s: (performance.now() - t0) / 1000,
    };
    await writeFailure(task, outcome);
    return outcome;
  }
}

/** Writes the row of a failed run (its measures null), which the next sweep retries. */
export async function writeFailure(task: RunTask, outcome: RunOutcome): Promise<void> {
  await writeTable(runFile(task.dir, task.run, "failed"), runRow(task, outcome, null, new Map()));
}
