/**
 * A run, opened for analysis: its manifest, the KPI series, the snapshot tables as Arrow and
 * as danfojs DataFrames, age pyramids and tile grids, whether the run lives in a run directory
 * (`openRun`) or only in memory (`runFromResult`, `runFromTables`); those live in
 * run_sources.ts.
 *
 * Every accessor is synchronous (a notebook writes `run.frame("persons")`, no `await`); tables
 * read from disk are cached on the {@linkcode Run}. In the Deno Jupyter kernel a run displays
 * as an HTML summary.
 *
 * @example
 * ```ts
 * import { openRun } from "./run_sources.ts";
 * const run = await openRun("snapshots/tiny_island/20261125-120000-s7");
 * run.kpiSeries("population"); // Float64Array, one value per tick
 * run.frame("persons").describe(); // danfojs
 * ```
 *
 * @module
 */
import * as arrow from "apache-arrow";
import type { RunResult } from "../engine/run.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { levelCodes } from "../engine/snapshot/arrow.ts";
import type { Manifest } from "../engine/snapshot/run_dir.ts";
import type { Simulation } from "../engine/simulation.ts";
import { type DataFrame, toDataFrame, type ToDataFrameOptions } from "./dataframe.ts";
import { escapeHtml, formatCell, htmlTable, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import {
  type AgeBins,
  type Figure,
  kpiLines,
  type KpiLinesOptions,
  tileMap,
  type TileMapOptions,
} from "./plots.ts";

/** Where a {@linkcode Run}'s data comes from (a run directory or memory). */
export interface RunSource {
  dir: string | null;
  manifest: Manifest;
  kpis(): arrow.Table;
  events(): arrow.Table;
  /** Table `name` at snapshot `tick` (both already checked). */
  table(name: string, tick: number): arrow.Table;
  /** Row count of a table when it is known without reading a file. */
  rowCount(name: string, tick: number): number | undefined;
  result?: RunResult;
}

/** A tile column laid out for {@linkcode tileMap}: north up, row-major. */
export interface TileGrid {
  /** One value per tile, index = row·width + x, row 0 the northernmost. */
  values: Float64Array;
  /** Tiles per row. */
  width: number;
  /** Rows. */
  height: number;
}

/**
 * KPIs shown in a run's summary, when the run has them: states, at the first and the last tick
 * (a windowed rate such as `inflation_annual` is left out: its first values cover less than its
 * window).
 */
const HEADLINE_KPIS = [
  "population",
  "households",
  "tfr",
  "life_expectancy",
  "gdp_real",
  "cpi",
  "unemployment_rate",
  "vacancy_rate",
  "mean_wage",
  "firms",
  "gini_wealth",
];

/** Daily flows shown as their totals over the run (one day's count says little). */
const HEADLINE_TOTALS = ["births", "deaths"];

/** Width of the age-pyramid bins, years; the last bin (100+) is open. */
const PYRAMID_BIN = 5;
const PYRAMID_TOP = 100;

/**
 * An opened run. Build one with {@linkcode openRun} (a run directory),
 * {@linkcode runFromResult} (an in-memory result of `runScenario`) or
 * {@linkcode runFromTables} (columns you made, e.g. for tests). The same methods work on all.
 */
export class Run {
  readonly #src: RunSource;
  readonly #cache = new Map<string, arrow.Table>();
  #kpis?: arrow.Table;
  #kpiIndex?: Map<string, number>;
  readonly #defaultTick?: number;

  /** @internal Use {@linkcode openRun}, {@linkcode runFromResult} or {@linkcode runFromTables}. */
  constructor(src: RunSource, defaultTick?: number) {
    this.#src = src;
    this.#defaultTick = defaultTick;
  }

  /** The run directory, or null for a run held in memory. */
  get dir(): string | null {
    return this.#src.dir;
  }

  /** The run's manifest (resolved scenario, seed, versions, tables, KPIs, snapshots). */
  get manifest(): Manifest {
    return this.#src.manifest;
  }

  /** Scenario name. */
  get name(): string {
    return this.#src.manifest.scenario_name;
  }

  /** Seed of every draw. */
  get seed(): number {
    return this.#src.manifest.seed;
  }

  /** The resolved scenario the run used (shocks listed, not applied). */
  get scenario(): ScenarioConfig {
    return this.#src.manifest.scenario as ScenarioConfig;
  }

  /** Ticks of the snapshots, ascending (an in-memory run has one: its final state). */
  get snapshots(): number[] {
    return this.#src.manifest.snapshots;
  }

  /** The tick {@linkcode Run.table} reads when none is given: the last snapshot (or the one opened). */
  get defaultTick(): number {
    if (this.#defaultTick !== undefined) return this.#defaultTick;
    const s = this.snapshots;
    if (s.length === 0) {
      throw new Error(
        `run ${this.#label()} has no snapshots: run it with a snapshot interval, or keep the ` +
          `final state (every run written by runScenario has one)`,
      );
    }
    return s[s.length - 1];
  }

  /** The result of the run when it was made in this process ({@linkcode runFromResult}). */
  get result(): RunResult | undefined {
    return this.#src.result;
  }

  /** The live simulation of an in-memory run (its world is the final state), else undefined. */
  get sim(): Simulation | undefined {
    return this.#src.result?.sim;
  }

  /** Names of the tables of a snapshot. */
  get tableNames(): string[] {
    return Object.keys(this.#src.manifest.tables);
  }

  /** Names of the KPIs, in column order (`tick` not included). */
  get kpiNames(): string[] {
    return this.kpis().schema.fields.map((f) => f.name).filter((n) => n !== "tick");
  }

  /** The KPI history: `tick` and one Float64 column per KPI, one row per tick. */
  kpis(): arrow.Table {
    this.#kpis ??= this.#src.kpis();
    return this.#kpis;
  }

  /** True when the run has a KPI of this name. */
  hasKpi(name: string): boolean {
    return this.#kpiColumnIndex().has(name);
  }

  /** The unit of a KPI as the manifest declares it ("" when unknown). */
  kpiUnit(name: string): string {
    return this.#src.manifest.kpis.find((k) => k.name === name)?.unit ?? "";
  }

  /** The tick of each KPI row. */
  ticks(): Int32Array {
    return toInt32(this.kpis().getChild("tick")!);
  }

  /**
   * One KPI's values, one per tick (aligned with {@linkcode Run.ticks}).
   *
   * @param name A KPI name, e.g. "population" or "unemployment_rate".
   * @returns The series (NaN where the KPI was not set).
   * @throws {Error} When the run has no such KPI; the message lists similar names.
   *
   * @example
   * ```ts
   * const pop = run.kpiSeries("population");
   * pop[pop.length - 1]; // population at the last tick
   * ```
   */
  kpiSeries(name: string): Float64Array {
    const i = this.#kpiColumnIndex().get(name);
    if (i === undefined) {
      const names = this.kpiNames;
      const near = names.filter((n) => n.includes(name) || name.includes(n)).slice(0, 8);
      throw new Error(
        `run ${this.#label()} has no KPI "${name}"` +
          (near.length ? `; similar: ${near.join(", ")}` : "") +
          ` (${names.length} KPIs: ${names.slice(0, 12).join(", ")}${
            names.length > 12 ? ", …" : ""
          })`,
      );
    }
    return toFloat64(this.kpis().getChildAt(i)!);
  }

  /**
   * KPI columns in the shape `kpiLines` takes: `tick` plus the named KPIs.
   *
   * @param names KPIs to include (default all).
   * @throws {Error} When a name is not a KPI of the run.
   */
  kpiColumns(
    names: string[] = this.kpiNames,
  ): { tick: Int32Array; [name: string]: Float64Array | Int32Array } {
    const out: { tick: Int32Array; [name: string]: Float64Array | Int32Array } = {
      tick: this.ticks(),
    };
    for (const n of names) out[n] = this.kpiSeries(n);
    return out;
  }

  /**
   * The KPI history as a danfojs DataFrame (`tick` first).
   *
   * @param names KPIs to include (default all).
   */
  kpiFrame(names?: string[]): DataFrame {
    return toDataFrame(this.kpiColumns(names), {
      display: { caption: `KPIs of ${this.name}` },
    });
  }

  /**
   * Line chart of KPIs over ticks.
   *
   * @param names KPIs to draw.
   * @param opts Figure options (title, yLabel, logY, targetBand, ...).
   * @example
   * ```ts
   * run.plotKpis(["crude_birth_rate", "crude_death_rate"], { yLabel: "per 1000 per year" });
   * ```
   */
  plotKpis(names: string[], opts: KpiLinesOptions = {}): Figure {
    return kpiLines(this.kpiColumns(names), names, opts);
  }

  /** The event log: tick, kind, subject, object, tile, value. */
  events(): arrow.Table {
    return this.#cached("events", () => this.#src.events());
  }

  /**
   * A snapshot table as Arrow.
   *
   * @param name "persons", "households", "tiles", "firms", "goods", "cohorts" or "world".
   * @param tick A snapshot tick (default {@linkcode Run.defaultTick}).
   * @throws {Error} When the table or the snapshot does not exist (both listed), or its file
   *   is missing or unreadable (the path is named).
   */
  table(name: string, tick?: number): arrow.Table {
    const t = this.#checkTick(tick);
    if (!this.tableNames.includes(name) && name !== "world") {
      throw new Error(
        `run ${this.#label()} has no table "${name}"; tables: ${this.tableNames.join(", ")}`,
      );
    }
    return this.#cached(`${name}@${t}`, () => this.#src.table(name, t));
  }

  /**
   * One column of a snapshot table as a typed array (vector columns flattened; a categorical
   * column as the codes of its declared levels, e.g. `sex` 0 female, 1 male; nulls as NaN).
   *
   * @param table Table name.
   * @param column Column name.
   * @param tick A snapshot tick (default the last).
   * @throws {Error} When the column does not exist (the columns are listed).
   */
  column(table: string, column: string, tick?: number): ArrayLike<number> {
    const t = this.table(table, tick);
    const v = t.getChild(column);
    if (!v) {
      throw new Error(
        `table ${table} has no column "${column}"; columns: ${
          t.schema.fields.map((f) => f.name).join(", ")
        }`,
      );
    }
    if (arrow.DataType.isFixedSizeList(v.type)) return toFloat64(v.getChildAt(0)!);
    if (arrow.DataType.isDictionary(v.type)) return this.#levelCodes(table, column, v);
    return v.nullCount > 0 ? toFloat64(v) : v.toArray() as ArrayLike<number>;
  }

  /** A dictionary-encoded column as codes of the manifest's levels (else dictionary order). */
  #levelCodes(table: string, column: string, v: arrow.Vector): Uint8Array {
    const spec = this.manifest.tables[table]?.columns[column] as { levels?: string[] } | undefined;
    const dict = v.data[0]?.dictionary;
    const levels = spec?.levels ?? (dict ? Array.from(dict, String) : []);
    const out = new Uint8Array(v.length);
    levelCodes(v, levels, out, `table ${table} column "${column}"`);
    return out;
  }

  /**
   * A snapshot table as a danfojs DataFrame, built column by column; vector columns such as
   * `skills` become `skills_0` … `skills_7`. Displays as an HTML table in the kernel.
   *
   * @param name Table name.
   * @param tick A snapshot tick (default the last).
   * @param opts Column selection and display options.
   * @example
   * ```ts
   * const persons = run.frame("persons", undefined, { columns: ["age", "sex", "wealth"] });
   * persons.describe();
   * ```
   */
  frame(name: string, tick?: number, opts: ToDataFrameOptions = {}): DataFrame {
    const t = this.#checkTick(tick);
    return toDataFrame(this.table(name, t), {
      ...opts,
      display: { caption: `${name} at tick ${t}`, ...opts.display },
    });
  }

  /**
   * Persons by 5-year age bin (100+ open) and sex at a snapshot, for `agePyramid()` plots. When
   * `tick` is not a snapshot the bins come from the run's age-pyramid KPIs (`pop_f_00_4`,
   * `pop_m_05_9`, …, `pop_f_95_plus`) at that tick.
   *
   * @param tick A tick (default the last snapshot).
   * @returns Lower age of each bin and the male and female counts.
   * @throws {Error} When neither a snapshot nor the pyramid KPIs cover the tick.
   */
  agePyramid(tick?: number): AgeBins {
    const nBins = PYRAMID_TOP / PYRAMID_BIN + 1;
    const age_lo = Array.from({ length: nBins }, (_, i) => i * PYRAMID_BIN);
    const male = new Array<number>(nBins).fill(0);
    const female = new Array<number>(nBins).fill(0);
    const t = tick ?? this.defaultTick;
    if (this.snapshots.includes(t)) {
      const age = this.column("persons", "age", t);
      const sex = this.column("persons", "sex", t); // levels: 0 female, 1 male
      for (let i = 0; i < age.length; i++) {
        const b = Math.min(nBins - 1, Math.floor(age[i] / PYRAMID_BIN));
        if (sex[i] === 1) male[b]++;
        else female[b]++;
      }
      return { age_lo, male, female };
    }
    const row = Array.prototype.indexOf.call(this.ticks(), t);
    if (row < 0 || !this.kpiNames.some((n) => /^pop_[fm]_\d\d_/.test(n))) {
      throw new Error(
        `run ${this.#label()}: tick ${t} is neither a snapshot (${
          snapshotList(this.snapshots)
        }) nor a KPI row with the age-pyramid KPIs`,
      );
    }
    for (const name of this.kpiNames) {
      const m = name.match(/^pop_([fm])_(\d\d)_/);
      if (!m) continue;
      const b = Math.min(nBins - 1, Number(m[2]) / PYRAMID_BIN);
      (m[1] === "m" ? male : female)[b] += this.kpiSeries(name)[row];
    }
    return { age_lo, male, female };
  }

  /**
   * A tile column laid out as a map: north up (tile rows count from the south), for
   * `tileMap(grid.values, grid.width, grid.height)`.
   *
   * @param column A tiles column, e.g. "residents", "fertility", "temperature".
   * @param tick A snapshot tick (default the last).
   */
  tileGrid(column: string, tick?: number): TileGrid {
    const values = this.column("tiles", column, tick);
    const xs = this.column("tiles", "x", tick);
    const ys = this.column("tiles", "y", tick);
    let width = this.scenario?.spatial?.width_tiles ?? 0;
    let height = this.scenario?.spatial?.height_tiles ?? 0;
    if (width * height !== values.length) {
      width = 0;
      height = 0;
      for (let i = 0; i < xs.length; i++) {
        width = Math.max(width, xs[i] + 1);
        height = Math.max(height, ys[i] + 1);
      }
    }
    const out = new Float64Array(width * height);
    for (let i = 0; i < values.length; i++) {
      out[(height - 1 - ys[i]) * width + xs[i]] = values[i];
    }
    return { values: out, width, height };
  }

  /**
   * Map of a tile column (north up).
   *
   * @param column A tiles column, e.g. "residents".
   * @param opts Map options, plus `tick` (default the last snapshot).
   * @example
   * ```ts
   * run.plotTiles("residents", { label: "persons per tile", scheme: "blues" });
   * ```
   */
  plotTiles(column: string, opts: TileMapOptions & { tick?: number } = {}): Figure {
    const g = this.tileGrid(column, opts.tick);
    return tileMap(g.values, g.width, g.height, { label: column, ...opts });
  }

  /**
   * Address of a snapshot (`<run>/tick=N`), e.g. to fork or resume from it.
   *
   * @param tick A snapshot tick (default the last).
   * @throws {Error} For a run held in memory (it has no folders).
   */
  snapshotPath(tick?: number): string {
    const t = this.#checkTick(tick);
    if (this.dir === null) {
      throw new Error(
        `run ${this.name} is held in memory and has no snapshot folders; run it with \`out\` ` +
          `set to a directory to fork from it`,
      );
    }
    return `${this.dir}/tick=${t}`;
  }

  /** Text summary (what `console.log` shows). */
  toString(): string {
    const m = this.manifest;
    return `Run ${m.scenario_name} (seed ${m.seed}, ticks ${m.start_tick}–${m.end_tick}, ` +
      `${this.dir ?? "in memory"})`;
  }

  /** HTML summary for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.#summaryHtml(), "text/plain": this.toString() };
  }

  #summaryHtml(): string {
    const m = this.manifest;
    const head = `<b>PANARCHY run</b> ${escapeHtml(m.scenario_name)} · seed ${m.seed} · ticks ` +
      `${m.start_tick}–${m.end_tick} · ${
        this.dir ? `<code>${escapeHtml(this.dir)}</code>` : "in memory"
      }`;
    const snaps = `snapshots: ${escapeHtml(snapshotList(m.snapshots))}`;
    const systems = m.systems?.active?.length
      ? `systems: ${escapeHtml(m.systems.active.join(", "))}` +
        (m.systems.off.length ? ` (off: ${escapeHtml(m.systems.off.join(", "))})` : "")
      : "";
    const ticks = this.ticks();
    const names: string[] = [];
    const units: string[] = [];
    // Blank (not null, which reads as missing data) where a column does not apply.
    const first: (number | "")[] = [];
    const last: (number | "")[] = [];
    const total: (number | "")[] = [];
    for (const k of HEADLINE_KPIS.filter((k) => this.hasKpi(k))) {
      const s = this.kpiSeries(k);
      names.push(k);
      units.push(this.kpiUnit(k));
      first.push(firstFinite(s));
      last.push(lastFinite(s));
      total.push("");
    }
    for (const k of HEADLINE_TOTALS.filter((k) => this.hasKpi(k))) {
      const s = this.kpiSeries(k);
      let sum = 0;
      for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) sum += s[i];
      names.push(k);
      units.push(this.kpiUnit(k));
      first.push("");
      last.push("");
      total.push(sum);
    }
    const span = ticks.length ? [ticks[0], ticks[ticks.length - 1]] : [];
    const kpiTable = names.length
      ? htmlTable({
        kpi: names,
        unit: units,
        [span.length ? `tick ${span[0]}` : "first"]: first,
        [span.length ? `tick ${span[1]}` : "last"]: last,
        [span.length ? `total ${span[0]}–${span[1]}` : "total"]: total,
      }, { caption: "headline KPIs" })
      : "<p>no headline KPIs in this run</p>";
    const tick = m.snapshots.length ? this.defaultTick : undefined;
    const tables = this.tableNames.map((n) => {
      const rows = tick === undefined ? undefined : this.#knownRows(n, tick);
      return rows === undefined ? escapeHtml(n) : `${escapeHtml(n)} (${formatCell(rows)})`;
    }).join(", ");
    return `<div class="panarchy-run"><p>${head}<br>${snaps}${systems ? `<br>${systems}` : ""}` +
      `<br>tables${tick === undefined ? "" : ` at tick ${tick}`}: ${tables}</p>${kpiTable}</div>`;
  }

  #knownRows(name: string, tick: number): number | undefined {
    const cached = this.#cache.get(`${name}@${tick}`);
    return cached ? cached.numRows : this.#src.rowCount(name, tick);
  }

  #kpiColumnIndex(): Map<string, number> {
    if (!this.#kpiIndex) {
      const fields = this.kpis().schema.fields;
      this.#kpiIndex = new Map(fields.map((f, i) => [f.name, i]));
      this.#kpiIndex.delete("tick");
    }
    return this.#kpiIndex;
  }

  #checkTick(tick: number | undefined): number {
    if (tick === undefined) return this.defaultTick;
    if (!this.snapshots.includes(tick)) {
      throw new Error(
        `run ${this.#label()} has no snapshot at tick ${tick}; snapshots: ${
          snapshotList(this.snapshots)
        }`,
      );
    }
    return tick;
  }

  #cached(key: string, make: () => arrow.Table): arrow.Table {
    let t = this.#cache.get(key);
    if (!t) {
      t = make();
      this.#cache.set(key, t);
    }
    return t;
  }

  #label(): string {
    return this.dir ?? `${this.name} (in memory)`;
  }
}

export function toFloat64(v: arrow.Vector): Float64Array {
  const raw = v.toArray() as ArrayLike<number | bigint>;
  if (raw instanceof Float64Array && v.nullCount === 0) return raw;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    out[i] = v.nullCount > 0 && !v.isValid(i) ? NaN : Number(raw[i]);
  }
  return out;
}

export function toInt32(v: arrow.Vector): Int32Array {
  const raw = v.toArray() as ArrayLike<number | bigint>;
  if (raw instanceof Int32Array) return raw;
  return Int32Array.from(raw as ArrayLike<number>, Number);
}

function firstFinite(s: ArrayLike<number>): number {
  for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) return s[i];
  return NaN;
}

function lastFinite(s: ArrayLike<number>): number {
  for (let i = s.length - 1; i >= 0; i--) if (Number.isFinite(s[i])) return s[i];
  return NaN;
}

export function snapshotList(ticks: number[]): string {
  if (ticks.length === 0) return "none";
  if (ticks.length <= 8) return ticks.join(", ");
  return `${ticks.slice(0, 3).join(", ")}, … , ${ticks.slice(-3).join(", ")} (${ticks.length})`;
}
