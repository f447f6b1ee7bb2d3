/**
 * A sweep, opened for analysis: its plan, one row per run (parameters, moments, facts) as a
 * danfojs DataFrame, the KPI series of every run as a long table, per-point summaries over
 * replicates, figures (a measure against a parameter with a band, a heatmap over two
 * parameters, a fan of a KPI over time) and sensitivity indices (Sobol' for a Saltelli design,
 * Morris for a Morris design).
 *
 * `openSweep` (sweep_sources.ts) reads `results.parquet` when the merge has been written, else
 * the run files under `runs/` (a sweep still running, or one with runs missing), so a notebook
 * can look at a sweep before it ends. Every accessor after opening is synchronous except
 * {@linkcode SweepResults.series} and {@linkcode SweepResults.fan}, which read the series files.
 *
 * @example
 * ```ts
 * import { openSweep } from "./sweep_sources.ts";
 * const sweep = await openSweep("snapshots/sweeps/thrift");
 * sweep.summary("unemployment_rate_mean"); // one row per point
 * sweep.plotParameter("unemployment_rate_mean", "economy.households.consume_income");
 * ```
 *
 * @module
 */
import type * as arrow from "apache-arrow";
import { readParquetFile } from "../engine/snapshot/parquet.ts";
import { RESULTS_FILE, seriesFile } from "../sweep/dataset.ts";
import type { PlannedRun, SweepPlan } from "../sweep/plan.ts";
import { morrisEffects, sobolIndices } from "../sweep/sensitivity.ts";
import { type DataFrame, toDataFrame } from "./dataframe.ts";
import { escapeHtml, htmlTable, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import type { Figure, FigureOptions } from "./plots.ts";
import { mean, quantile, sampleStandardDeviation } from "./stats.ts";
import {
  type Cell,
  compareLevels,
  fanFigure,
  type GroupStat,
  heatmapFigure,
  type Level,
  levelLabel,
  parameterFigure,
} from "./_sweep_plots.ts";
import { SensitivityTable } from "./sweep_sensitivity.ts";

/** Columns every run row has that are neither parameters nor measures. */
const RUN_COLUMNS = ["point", "seed", "run_id", "status", "error", "ticks", "wall_s"];

/** Which runs a table holds: finished ones (the default), failed ones, or both. */
export type RunStatus = "ok" | "failed" | "all";

/** A failed run: where it was in the plan and why it failed. */
export interface SweepFailure {
  point: number;
  seed: number;
  run_id: string;
  error: string;
}

/** How {@linkcode SweepResults.plotParameter} draws the spread over replicates. */
export type SweepBand = "minmax" | "sd" | "q10q90" | "none";

/** Options of {@linkcode SweepResults.plotParameter}. */
export interface PlotParameterOptions extends FigureOptions {
  /** The band around the mean: min–max, mean ± one sd, 10th–90th percentile, none. @default {"minmax"} */
  band?: SweepBand;
  /** Another parameter: one line per value of it. */
  color?: string;
  /** Label of the y axis. @default {the measure} */
  yLabel?: string;
}

/** Options of {@linkcode SweepResults.heatmap}. */
export interface HeatmapOptions extends FigureOptions {
  /** A parameter with more distinct values than this is cut into `bins` equal-width bins. @default {20} */
  maxLevels?: number;
  /** Bins of a parameter with many values (a sampled design). @default {8} */
  bins?: number;
}

/** Options of {@linkcode SweepResults.fan}. */
export interface FanOptions extends FigureOptions {
  /** Only this point's replicates. @default {every run} */
  point?: number;
  /** Quantile levels across runs, ascending; symmetric pairs make bands, an odd middle one a line. @default {[0.05, 0.25, 0.5, 0.75, 0.95]} */
  quantiles?: number[];
  /** Label of the y axis. @default {the KPI} */
  yLabel?: string;
}

/** Options of {@linkcode SweepResults.sobol}. */
export interface SobolOptions {
  /** Bootstrap 95 % half-widths: `true` for 200 resamples with seed 1, or your own. @default {false} */
  confidence?: boolean | { resamples: number; seed: number };
}

/**
 * A sweep's results. Open one with `openSweep(dir)`; it displays as a summary in the kernel.
 */
export class SweepResults {
  /** The sweep's folder. */
  readonly dir: string;
  /** The plan (`sweep.json`): spec, points, runs. */
  readonly plan: SweepPlan;
  /** Where the rows came from: the merge (`results.parquet`) or the run files (`runs/`). */
  readonly source: "results" | "runs";
  readonly #cols: Map<string, unknown[]>;
  readonly #n: number;
  readonly #series = new Map<string, arrow.Table>();

  /** @internal Use `openSweep(dir)`. */
  constructor(
    dir: string,
    plan: SweepPlan,
    cols: Map<string, unknown[]>,
    source: "results" | "runs",
  ) {
    this.dir = dir;
    this.plan = plan;
    this.#cols = cols;
    this.#n = cols.get("run_id")?.length ?? 0;
    this.source = source;
  }

  /** The sweep's name. */
  get name(): string {
    return this.plan.name;
  }

  /** The varied parameters' paths, e.g. "economy.households.consume_income". */
  get parameters(): string[] {
    return this.plan.parameters.map((p) => p.path);
  }

  /** The measure columns of a run row: KPI moments (`cpi_mean`) and fact values (`fact_<id>`). */
  get measures(): string[] {
    const params = new Set(this.parameters);
    return [...this.#cols.keys()].filter((c) =>
      !RUN_COLUMNS.includes(c) && !params.has(c) && !/^fact_.*_status$/.test(c)
    );
  }

  /** Runs found (finished or failed); the plan has `plan.runs.length`. */
  get runCount(): number {
    return this.#n;
  }

  /**
   * The runs as a danfojs DataFrame: point, seed, run_id, status, error, ticks, wall_s, one
   * column per parameter, then the measures; in the plan's order.
   *
   * @param opts `status`: "ok" (default), "failed" or "all".
   */
  frame(opts: { status?: RunStatus } = {}): DataFrame {
    const rows = this.#select(opts.status ?? "ok");
    const cols: Record<string, unknown[]> = {};
    for (const [name, values] of this.#cols) cols[name] = rows.map((r) => values[r]);
    return toDataFrame(cols, {
      display: { caption: `runs of sweep ${this.name} (${opts.status ?? "ok"})` },
    });
  }

  /**
   * The runs as plain objects, one per run (column name -> value).
   *
   * @param opts `status`: "ok" (default), "failed" or "all".
   */
  rows(opts: { status?: RunStatus } = {}): Record<string, unknown>[] {
    return this.#select(opts.status ?? "ok").map((r) =>
      Object.fromEntries([...this.#cols].map(([name, values]) => [name, values[r]]))
    );
  }

  /** The failed runs with their errors (empty when every run finished). */
  failures(): SweepFailure[] {
    const col = (name: string) => this.#cols.get(name)!;
    return this.#select("failed").map((r) => ({
      point: col("point")[r] as number,
      seed: col("seed")[r] as number,
      run_id: col("run_id")[r] as string,
      error: String(col("error")[r] ?? ""),
    }));
  }

  /**
   * One value per point, over its finished replicates: the point, its parameter values, n (the
   * finite values), mean, sd (sample, n − 1; null for one value), min and max.
   *
   * @param measure A measure column, e.g. "unemployment_rate_mean".
   * @throws {Error} When the measure is not a column of the runs (the measures are listed).
   * @example
   * ```ts
   * sweep.summary("cpi_last");
   * ```
   */
  summary(measure: string): DataFrame {
    const values = this.#measure(measure);
    const byPoint = this.#groupBy((r) => this.#cols.get("point")![r] as number);
    const points = [...byPoint.keys()].sort((a, b) => a - b);
    const cols: Record<string, unknown[]> = { point: points };
    for (const p of this.parameters) {
      cols[p] = points.map((pt) => this.plan.points[pt].values[p]);
    }
    const stats = points.map((pt) => describe(byPoint.get(pt)!.map((r) => values[r])));
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    cols.n = stats.map((s) => s.n);
    for (const k of ["mean", "sd", "min", "max"] as const) cols[k] = stats.map((s) => num(s[k]));
    return toDataFrame(cols, { display: { caption: `${measure} by point, over replicates` } });
  }

  /**
   * A KPI's series of every finished run as a long table: point, seed, tick, value.
   *
   * @param kpi A recorded KPI (see `plan.kpis`).
   * @throws {Error} When the KPI was not recorded, the sweep kept no series, or a file is missing.
   */
  async series(kpi: string): Promise<DataFrame> {
    const runs = await this.#seriesOf(kpi);
    const point: number[] = [];
    const seed: number[] = [];
    const tick: number[] = [];
    const value: (number | null)[] = [];
    for (const { run, tick: t, value: v } of runs) {
      for (let i = 0; i < t.length; i++) {
        point.push(run.point);
        seed.push(run.seed);
        tick.push(t[i]);
        value.push(Number.isFinite(v[i]) ? v[i] : null);
      }
    }
    return toDataFrame({ point, seed, tick, value }, {
      display: { caption: `${kpi} over time, ${runs.length} runs` },
    });
  }

  /**
   * A measure against a parameter: the mean over the runs at each value (replicates, and any
   * parameter not drawn) with a band, one line per value of `opts.color`.
   *
   * @param measure A measure column, e.g. "unemployment_rate_mean".
   * @param parameter A parameter path (the x axis).
   * @param opts Band, color parameter, figure options.
   * @throws {Error} When the measure or a parameter is not the sweep's.
   * @example
   * ```ts
   * sweep.plotParameter("gdp_real_mean", "economy.households.consume_income", {
   *   band: "sd",
   *   color: "economy.labor.matching_efficiency",
   * });
   * ```
   */
  plotParameter(measure: string, parameter: string, opts: PlotParameterOptions = {}): Figure {
    const values = this.#measure(measure);
    const x = this.#parameter(parameter);
    const g = opts.color === undefined ? undefined : this.#parameter(opts.color);
    const band = opts.band ?? "minmax";
    const groups = this.#groupBy((r) => JSON.stringify([x[r], g?.[r] ?? null]));
    const stats: GroupStat[] = [];
    for (const rows of groups.values()) {
      const d = describe(rows.map((r) => values[r]));
      const [lo, hi] = band === "minmax"
        ? [d.min, d.max]
        : band === "sd"
        ? [d.mean - d.sd, d.mean + d.sd]
        : band === "q10q90"
        ? [d.q10, d.q90]
        : [NaN, NaN];
      stats.push({ x: x[rows[0]], group: g?.[rows[0]], mean: d.mean, lo, hi, n: d.n });
    }
    const bandLabel = { minmax: "min–max", sd: "mean ± sd", q10q90: "10–90 %", none: "" }[band];
    return parameterFigure(stats, {
      x: parameter,
      y: opts.yLabel ?? measure,
      group: opts.color,
      band: band === "none" ? undefined : `${bandLabel} over runs`,
      line: `mean of ${measure}`,
    }, opts);
  }

  /**
   * A 2-D grid of a measure's mean over the runs in each cell (replicates and any other
   * parameter). A parameter with many values (a sampled design) is cut into equal-width bins.
   *
   * @param measure A measure column.
   * @param p1 The parameter across (x).
   * @param p2 The parameter up (y).
   * @throws {Error} When the measure or a parameter is not the sweep's.
   */
  heatmap(measure: string, p1: string, p2: string, opts: HeatmapOptions = {}): Figure {
    const values = this.#measure(measure);
    const x = binned(this.#parameter(p1), opts.maxLevels ?? 20, opts.bins ?? 8);
    const y = binned(this.#parameter(p2), opts.maxLevels ?? 20, opts.bins ?? 8);
    const cells: Cell[] = [];
    for (const rows of this.#groupBy((r) => JSON.stringify([x[r], y[r]])).values()) {
      const d = describe(rows.map((r) => values[r]));
      cells.push({ x: x[rows[0]], y: y[rows[0]], mean: d.mean, n: d.n });
    }
    return heatmapFigure(cells, { x: p1, y: p2, value: `mean of ${measure}` }, opts);
  }

  /**
   * A KPI over time: quantiles across the finished runs (or one point's replicates) at each
   * tick, as nested bands around the median.
   *
   * @param kpi A recorded KPI.
   * @param opts `point`, `quantiles`, figure options.
   * @throws {Error} When the KPI was not recorded, the point does not exist or has no runs.
   */
  async fan(kpi: string, opts: FanOptions = {}): Promise<Figure> {
    const levels = opts.quantiles ?? [0.05, 0.25, 0.5, 0.75, 0.95];
    if (levels.some((q, i) => !(q >= 0 && q <= 1) || (i > 0 && q < levels[i - 1]))) {
      throw new Error(`fan(): quantiles must ascend within [0, 1], got [${levels.join(", ")}]`);
    }
    if (opts.point !== undefined && !this.plan.points[opts.point]) {
      throw new Error(
        `sweep ${this.name} has no point ${opts.point} (points 0–${this.plan.points.length - 1})`,
      );
    }
    const runs = (await this.#seriesOf(kpi))
      .filter(({ run }) => opts.point === undefined || run.point === opts.point);
    if (runs.length === 0) {
      throw new Error(`sweep ${this.name}: no finished run at point ${opts.point}`);
    }
    const byTick = new Map<number, number[]>();
    for (const { tick, value } of runs) {
      for (let i = 0; i < tick.length; i++) {
        if (!Number.isFinite(value[i])) continue;
        const list = byTick.get(tick[i]) ?? byTick.set(tick[i], []).get(tick[i])!;
        list.push(value[i]);
      }
    }
    const ticks = [...byTick.keys()].sort((a, b) => a - b);
    const q = levels.map((l) => Float64Array.from(ticks, (t) => quantile(byTick.get(t)!, l)));
    const where = opts.point === undefined
      ? `${runs.length} runs`
      : `point ${opts.point}, ${runs.length} replicates`;
    return fanFigure({ tick: ticks, levels, q, runs: runs.length }, { y: opts.yLabel ?? kpi }, {
      caption: `${kpi} across ${where} of sweep ${this.name}`,
      ...opts,
    });
  }

  /**
   * Sobol' indices of a measure from a Saltelli sweep: each point's replicates are averaged,
   * and the means, in the plan's order, go to `sobolIndices`.
   *
   * @param measure A measure column.
   * @param opts `confidence`: bootstrap 95 % half-widths.
   * @returns A table: parameter, S1, ST (and S1_conf, ST_conf).
   * @throws {Error} When the sweep is not a Saltelli design, or a point has no finished run.
   * @example
   * ```ts
   * sweep.sobol("unemployment_rate_mean", { confidence: true });
   * ```
   */
  sobol(measure: string, opts: SobolOptions = {}): SensitivityTable {
    this.#design("saltelli", "sobol");
    const y = this.#pointMeans(measure);
    const dims = this.parameters.length;
    const c = opts.confidence;
    const confidence = c === true ? { resamples: 200, seed: 1 } : c || undefined;
    const s = sobolIndices(y, dims, {
      secondOrder: this.plan.design.second_order ?? true,
      confidence,
    });
    const columns = confidence ? ["S1", "S1_conf", "ST", "ST_conf"] : ["S1", "ST"];
    const rows = this.parameters.map((parameter, i) => ({
      parameter,
      S1: s.S1[i],
      ST: s.ST[i],
      ...(confidence ? { S1_conf: s.S1_conf![i], ST_conf: s.ST_conf![i] } : {}),
    }));
    return new SensitivityTable("sobol", measure, columns, rows, this.#note(y.length));
  }

  /**
   * Morris elementary effects of a measure from a Morris sweep (per unit of the [0, 1] design
   * scale), from the points' unit coordinates and the mean over each point's replicates.
   *
   * @param measure A measure column.
   * @returns A table: parameter, mu, mu_star, sigma.
   * @throws {Error} When the sweep is not a Morris design, or a point has no finished run.
   */
  morris(measure: string): SensitivityTable {
    this.#design("morris", "morris");
    const y = this.#pointMeans(measure);
    const x = this.plan.points.map((p) => p.unit!);
    const m = morrisEffects(x, y, this.parameters.length, { levels: this.plan.design.levels });
    const rows = this.parameters.map((parameter, i) => ({
      parameter,
      mu: m.mu[i],
      mu_star: m.muStar[i],
      sigma: m.sigma[i],
    }));
    return new SensitivityTable(
      "morris",
      measure,
      ["mu", "mu_star", "sigma"],
      rows,
      this.#note(y.length),
    );
  }

  /** Text summary. */
  toString(): string {
    const failed = this.#select("failed").length;
    return `Sweep ${this.name} (${this.plan.design.type}, ${this.plan.points.length} points x ` +
      `${this.plan.seeds.length} seeds; ${this.#n - failed} ok, ${failed} failed, ` +
      `${this.plan.runs.length - this.#n} missing; ${this.dir})`;
  }

  /** HTML summary for the Deno Jupyter kernel: the design, the runs, the parameters' values. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const failed = this.#select("failed").length;
    const p = this.plan;
    const head = `<b>PANARCHY sweep</b> ${escapeHtml(p.name)} · ${escapeHtml(p.design.type)} · ` +
      `${p.points.length} points × ${p.seeds.length} seeds · ${p.ticks} ticks of ` +
      `${escapeHtml(p.scenario.given)} · <code>${escapeHtml(this.dir)}</code>`;
    const runs = `runs: ${this.#n - failed} ok, ${failed} failed, ${p.runs.length - this.#n} ` +
      `missing (read from ${this.source === "results" ? RESULTS_FILE : "runs/"})`;
    const table = htmlTable({
      parameter: this.parameters,
      type: p.parameters.map((x) => x.type),
      values: this.parameters.map((path) => valuesText(p.points.map((pt) => pt.values[path]))),
    }, { caption: "parameters" });
    const kpis = `KPIs: ${escapeHtml(p.kpis.join(", "))}; ${this.measures.length} measures`;
    return {
      "text/html": `<div class="panarchy-sweep"><p>${head}<br>${runs}<br>${kpis}</p>${table}</div>`,
      "text/plain": this.toString(),
    };
  }

  // --- Internals ---------------------------------------------------------------------------

  #select(status: RunStatus): number[] {
    if (!["ok", "failed", "all"].includes(status)) {
      throw new Error(`status must be "ok", "failed" or "all", got "${status}"`);
    }
    const s = this.#cols.get("status") ?? [];
    const out: number[] = [];
    for (let r = 0; r < this.#n; r++) if (status === "all" || s[r] === status) out.push(r);
    return out;
  }

  /** Finished runs grouped by a key, groups in first-seen (plan) order. */
  #groupBy<K>(key: (row: number) => K): Map<K, number[]> {
    const out = new Map<K, number[]>();
    for (const r of this.#select("ok")) {
      const k = key(r);
      const list = out.get(k);
      if (list) list.push(r);
      else out.set(k, [r]);
    }
    return out;
  }

  #measure(name: string): number[] {
    if (!this.measures.includes(name)) {
      const near = this.measures.filter((m) => m.startsWith(name) || name.startsWith(m));
      throw new Error(
        `sweep ${this.name} has no measure "${name}"` +
          (near.length ? `; similar: ${near.slice(0, 8).join(", ")}` : "") +
          `; measures: ${this.measures.slice(0, 12).join(", ")}${
            this.measures.length > 12 ? ", …" : ""
          }`,
      );
    }
    return this.#cols.get(name)!.map((v) => (typeof v === "number" ? v : NaN));
  }

  #parameter(path: string): Level[] {
    if (!this.parameters.includes(path)) {
      throw new Error(
        `sweep ${this.name} does not vary "${path}"; parameters: ${this.parameters.join(", ")}`,
      );
    }
    return this.#cols.get(path)! as Level[];
  }

  #design(type: string, method: string): void {
    if (this.plan.design.type !== type) {
      throw new Error(
        `${method}() needs a ${type} sweep, but ${this.dir} is a ${this.plan.design.type} ` +
          `design: run a sweep with \`design: { type: ${type}, samples: N }\``,
      );
    }
  }

  /** The mean of a measure over each point's finished replicates, in plan order. */
  #pointMeans(measure: string): number[] {
    const values = this.#measure(measure);
    const byPoint = this.#groupBy((r) => this.#cols.get("point")![r] as number);
    const missing: number[] = [];
    const y = this.plan.points.map((pt) => {
      const m = mean(
        (byPoint.get(pt.point) ?? []).map((r) => values[r]).filter(Number.isFinite),
      );
      if (!Number.isFinite(m)) missing.push(pt.point);
      return m;
    });
    if (missing.length > 0) {
      throw new Error(
        `sweep ${this.name}: ${missing.length} points have no finished run with a value of ` +
          `${measure} (points ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", …" : ""}` +
          `): finish the sweep (rerun \`main.ts sweep\`, which retries failed runs)`,
      );
    }
    return y;
  }

  #note(points: number): string {
    const reps = this.plan.seeds.length;
    return `${points} points, ${reps === 1 ? "1 run each" : `mean of ${reps} replicates each`}`;
  }

  /** The series of every finished run of the plan, in plan order. */
  async #seriesOf(
    kpi: string,
  ): Promise<{ run: PlannedRun; tick: number[]; value: Float64Array }[]> {
    if (!this.plan.kpis.includes(kpi)) {
      throw new Error(
        `sweep ${this.name} did not record the KPI "${kpi}"; recorded: ${
          this.plan.kpis.join(", ")
        }`,
      );
    }
    if (!this.plan.record.series) {
      throw new Error(
        `sweep ${this.name} kept no series (record.series is false): rerun it with ` +
          `\`record: { series: true }\``,
      );
    }
    const ok = new Set(this.#select("ok").map((r) => this.#cols.get("run_id")![r]));
    const out = [];
    for (const run of this.plan.runs.filter((r) => ok.has(r.id))) {
      let t = this.#series.get(run.id);
      if (!t) {
        const path = seriesFile(this.dir, run);
        t = await readParquetFile(path).catch((e) => {
          throw new Error(
            `sweep ${this.name}: the series of run ${run.id} (point ${run.point}, seed ` +
              `${run.seed}) cannot be read from ${path} (${e instanceof Error ? e.message : e}): ` +
              `remove its row file under runs/ and rerun the sweep to redo the run`,
          );
        });
        this.#series.set(run.id, t);
      }
      const col = t.getChild(kpi);
      const tick = Array.from(t.getChild("tick")!.toArray() as ArrayLike<number | bigint>, Number);
      const value = Float64Array.from({ length: t.numRows }, (_, i) => {
        const v = col?.get(i);
        return v === null || v === undefined ? NaN : Number(v);
      });
      out.push({ run, tick, value });
    }
    return out;
  }
}

/** n (finite values), mean, sample sd, min, max, 10th and 90th percentiles. */
function describe(values: number[]) {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  const m = mean(v);
  return {
    n,
    mean: m,
    sd: sampleStandardDeviation(v),
    min: n ? Math.min(...v) : NaN,
    max: n ? Math.max(...v) : NaN,
    q10: quantile(v, 0.1),
    q90: quantile(v, 0.9),
  };
}

/** A parameter's values, numbers cut into `bins` equal-width bins (labeled by their centre) when they take more than `maxLevels` values. */
function binned(values: Level[], maxLevels: number, bins: number): Level[] {
  const distinct = new Set(values);
  if (distinct.size <= maxLevels || !values.every((v) => typeof v === "number")) return values;
  const nums = values as number[];
  const lo = Math.min(...nums);
  const w = (Math.max(...nums) - lo) / bins || 1;
  return nums.map((v) => lo + (Math.min(bins - 1, Math.floor((v - lo) / w)) + 0.5) * w);
}

/** A parameter's values over the points as text: a short list, or "min – max (n values)". */
function valuesText(values: unknown[]): string {
  const distinct = [...new Set(values)] as Level[];
  distinct.sort(compareLevels);
  if (distinct.length <= 6) return distinct.map(levelLabel).join(", ");
  return `${levelLabel(distinct[0])} – ${levelLabel(distinct.at(-1)!)} (${distinct.length} values)`;
}
