/**
 * What-if experiments: {@linkcode forkRun} continues a snapshot twice, once as it was
 * (baseline) and once with changed parameters or added shocks (branch), both in memory and
 * with the same seed. Draws are keyed by (seed, system, tick, entity), so the two branches
 * share their random numbers wherever the change does not reach (common random numbers): a
 * difference between them is the effect of the change, not noise.
 *
 * @example
 * ```ts
 * import { forkRun } from "./fork.ts";
 * const fork = await forkRun("snapshots/tiny_island/run1/tick=180", {
 *   ticks: 180,
 *   shocks: [{ at: 200, parameter: "economy.households.consume_income", op: "scale", value: 0.8 }],
 * });
 * fork.diff; // branch − baseline per tick, per KPI
 * fork.plot("gdp_real");
 * ```
 *
 * @module
 */
import { resumeRun } from "../engine/run.ts";
import { parseSnapshotPath } from "../engine/snapshot/resume.ts";
import { type ScenarioConfig, scenarioSchema } from "../engine/scenario/schema.ts";
import { type ScenarioChanges, withChanges } from "./changes.ts";
import { type DataFrame, toDataFrame } from "./dataframe.ts";
import { formatCell, htmlTable, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { type Figure, kpiLines, type KpiLinesOptions } from "./plots.ts";
import type { Run } from "./run.ts";
import { runFromResult } from "./run_sources.ts";

/** A shock to add to the branch (`op` defaults to "scale", `duration` to 0 = for good). */
export interface ShockInput {
  /** Tick the shock starts: the first day it is in force (absolute; after the snapshot's tick). */
  at: number;
  /** Dotted path of a numeric parameter, e.g. "economy.households.consume_income". */
  parameter: string;
  /** How `value` changes the parameter. @default {"scale"} */
  op?: "set" | "add" | "scale";
  /** The new value, the amount added or the factor. */
  value: number;
  /** Ticks the shock lasts; 0 = for the rest of the run. @default {0} */
  duration?: number;
}

/** Options of {@linkcode forkRun}. */
export interface ForkOptions {
  /** Ticks to run each branch from the snapshot. */
  ticks: number;
  /** Parameter changes of the branch, by dotted path (from the snapshot's tick on). */
  changes?: ScenarioChanges;
  /** Shocks added to the branch. */
  shocks?: ShockInput[];
  /** KPIs in the diff. @default {the headline KPIs the run has} */
  kpis?: string[];
  /** Snapshot tick when forking from a {@linkcode Run} (default its last snapshot). */
  tick?: number;
}

/** The result of {@linkcode forkRun}. */
export interface Fork {
  /** The snapshot folder both branches started from. */
  snapshot: string;
  /** Its tick. */
  tick: number;
  /** The unchanged continuation. */
  baseline: Run;
  /** The changed continuation. */
  branch: Run;
  /** Branch − baseline per tick for the chosen KPIs (displays as a summary table). */
  diff: KpiDiff;
  /** Both branches of one KPI in one chart. */
  plot(kpi: string, opts?: KpiLinesOptions): Figure;
}

const DIFF_KPIS = [
  "population",
  "births",
  "deaths",
  "gdp_real",
  "gdp_nominal",
  "cpi",
  "inflation_annual",
  "unemployment_rate",
  "vacancy_rate",
  "employment",
  "mean_wage",
  "firms",
  "unmet_demand_share",
];

/** Per-tick difference of KPIs between two runs over the ticks they share. */
export class KpiDiff {
  /** Ticks of the rows. */
  readonly tick: Int32Array;
  /** KPI names, in column order. */
  readonly names: string[];
  /** Baseline values by KPI. */
  readonly baseline: Record<string, Float64Array>;
  /** Branch values by KPI. */
  readonly branch: Record<string, Float64Array>;
  /** branch − baseline by KPI. */
  readonly delta: Record<string, Float64Array>;

  /**
   * Aligns two runs' KPIs on the ticks both have, from `fromTick` on.
   *
   * @param baseline The reference run.
   * @param branch The changed run.
   * @param names KPIs to compare (each must be in both runs).
   * @param fromTick First tick of the comparison. @default {the first shared tick}
   * @throws {Error} When a KPI is missing from either run.
   */
  constructor(baseline: Run, branch: Run, names: string[], fromTick = -Infinity) {
    const tb = baseline.ticks();
    const tr = branch.ticks();
    const rowOf = new Map<number, number>();
    for (let i = 0; i < tr.length; i++) rowOf.set(tr[i], i);
    const rowsB: number[] = [];
    const rowsR: number[] = [];
    for (let i = 0; i < tb.length; i++) {
      const j = rowOf.get(tb[i]);
      if (tb[i] >= fromTick && j !== undefined) {
        rowsB.push(i);
        rowsR.push(j);
      }
    }
    this.tick = Int32Array.from(rowsB, (i) => tb[i]);
    this.names = names;
    this.baseline = {};
    this.branch = {};
    this.delta = {};
    for (const n of names) {
      const a = baseline.kpiSeries(n);
      const b = branch.kpiSeries(n);
      this.baseline[n] = Float64Array.from(rowsB, (i) => a[i]);
      this.branch[n] = Float64Array.from(rowsR, (j) => b[j]);
      this.delta[n] = Float64Array.from(rowsB, (_, k) => this.branch[n][k] - this.baseline[n][k]);
    }
  }

  /**
   * First tick at which the branch differs from the baseline (NaN in both counts as equal).
   *
   * @param name A KPI of the diff.
   * @returns The tick, or undefined when the two never differ.
   */
  firstDifference(name: string): number | undefined {
    const a = this.baseline[this.#check(name)];
    const b = this.branch[name];
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return this.tick[i];
    }
    return undefined;
  }

  /** Largest absolute difference of a KPI over the ticks (0 when identical). */
  maxAbs(name: string): number {
    const d = this.delta[this.#check(name)];
    let m = 0;
    for (let i = 0; i < d.length; i++) if (Math.abs(d[i]) > m) m = Math.abs(d[i]);
    return m;
  }

  /** Per-tick frame: tick, then `<kpi>` (branch − baseline) for each KPI. */
  frame(): DataFrame {
    return toDataFrame({ tick: this.tick, ...this.delta }, {
      display: { caption: "branch − baseline per tick" },
    });
  }

  /** One row per KPI: first differing tick, end values, end difference (and relative), max |Δ|. */
  summary(): Record<string, (string | number | null)[]> {
    const last = this.tick.length - 1;
    const end = (r: Record<string, Float64Array>, n: string) => (last >= 0 ? r[n][last] : NaN);
    return {
      kpi: this.names,
      first_difference: this.names.map((n) => this.firstDifference(n) ?? null),
      baseline_end: this.names.map((n) => end(this.baseline, n)),
      branch_end: this.names.map((n) => end(this.branch, n)),
      difference_end: this.names.map((n) => end(this.delta, n)),
      relative_end: this.names.map((n) => {
        const b = end(this.baseline, n);
        return b !== 0 && Number.isFinite(b) ? end(this.delta, n) / Math.abs(b) : null;
      }),
      max_abs_difference: this.names.map((n) => this.maxAbs(n)),
    };
  }

  /** HTML summary for the kernel (`frame()` has every tick). */
  [JUPYTER_DISPLAY](): MimeBundle {
    const t0 = this.tick.length ? this.tick[0] : NaN;
    const t1 = this.tick.length ? this.tick[this.tick.length - 1] : NaN;
    return {
      "text/html": htmlTable(this.summary(), {
        caption: `branch − baseline, ticks ${formatCell(t0)}–${
          formatCell(t1)
        } (diff.frame() for every tick)`,
        digits: 5,
      }),
      "text/plain": this.names.map((n) =>
        `${n}: first difference at ${this.firstDifference(n) ?? "never"}, max |Δ| ${
          formatCell(this.maxAbs(n), 4)
        }`
      ).join("\n"),
    };
  }

  #check(name: string): string {
    if (!this.names.includes(name)) {
      throw new Error(`KpiDiff has no KPI "${name}"; it compares ${this.names.join(", ")}`);
    }
    return name;
  }
}

/** Checks a shock's path names a numeric parameter of the scenario. */
function checkShock(config: ScenarioConfig, s: ShockInput): void {
  let node: unknown = config;
  for (const p of s.parameter.split(".")) {
    node = node !== null && typeof node === "object"
      ? (node as Record<string, unknown>)[p]
      : undefined;
  }
  if (typeof node !== "number") {
    throw new Error(
      `forkRun(): shock parameter "${s.parameter}" is ${
        node === undefined ? "not a parameter of the scenario" : `a ${typeof node}, not a number`
      } (e.g. economy.households.consume_income)`,
    );
  }
}

/** The saved scenario with the branch's changes and shocks, validated. */
function branchScenario(
  saved: ScenarioConfig,
  changes: ScenarioChanges,
  shocks: ShockInput[],
): ScenarioConfig {
  if ("random_seed" in changes) {
    throw new Error(
      "forkRun(): a branch keeps the baseline's random_seed (common random numbers); to vary " +
        "the seed, run the scenario again instead",
    );
  }
  const changed = Object.keys(changes).length ? withChanges(saved, changes) : saved;
  for (const s of shocks) checkShock(changed, s);
  const parsed = scenarioSchema.safeParse({ ...changed, shocks: [...changed.shocks, ...shocks] });
  if (!parsed.success) {
    throw new Error(
      `forkRun(): invalid shocks: ${
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      }`,
    );
  }
  return parsed.data;
}

/**
 * Continues a snapshot twice with the same seed: the baseline as saved, and a branch with
 * `changes` and `shocks` applied; both in memory. Their KPI histories before the snapshot are
 * the source run's; from the snapshot on they are identical until the change takes effect.
 *
 * @param from A snapshot address `<run>/tick=N`, or an opened {@linkcode Run} written to
 *   disk (its snapshot `opts.tick`, default the last).
 * @param opts Ticks to run, the branch's changes and shocks, KPIs for the diff.
 * @returns Baseline, branch, their {@linkcode KpiDiff} from the snapshot's tick, and `plot`.
 * @throws {Error} When the snapshot is missing (named), a change or shock names no parameter
 *   (the path is named), or the seed is changed.
 *
 * @example
 * ```ts
 * import { forkRun } from "./fork.ts";
 * const fork = await forkRun(run, {
 *   ticks: 120,
 *   shocks: [{ at: run.defaultTick + 30, parameter: "economy.households.consume_income", value: 0.8 }],
 * });
 * fork.diff.firstDifference("gdp_real"); // about run.defaultTick + 30
 * ```
 */
export async function forkRun(from: string | Run, opts: ForkOptions): Promise<Fork> {
  const snapshot = typeof from === "string"
    ? from.replace(/\/+$/, "")
    : from.snapshotPath(opts.tick);
  const { tick } = parseSnapshotPath(snapshot);
  if (tick === null) {
    throw new Error(
      `forkRun(): ${snapshot} is not a snapshot address; give <run>/tick=N or an opened run`,
    );
  }
  if (!Number.isInteger(opts.ticks) || opts.ticks < 0) {
    throw new Error(`forkRun(): ticks must be a whole number ≥ 0, got ${opts.ticks}`);
  }
  const changes = opts.changes ?? {};
  const shocks = opts.shocks ?? [];
  const baseResult = await resumeRun(snapshot, { ticks: opts.ticks, out: null });
  const branchResult = await resumeRun(snapshot, {
    ticks: opts.ticks,
    out: null,
    scenario: (saved) => branchScenario(saved, changes, shocks),
  });
  const baseline = runFromResult(baseResult);
  const branch = runFromResult(branchResult);
  const names = opts.kpis ?? defaultKpis(baseline);
  for (const n of names) {
    if (!baseline.hasKpi(n)) baseline.kpiSeries(n); // throws, listing the KPIs
  }
  const diff = new KpiDiff(baseline, branch, names, tick);
  const shockNote = shocks.map((s) => `${s.parameter} ${s.op ?? "scale"} ${s.value} at ${s.at}`);
  const changeNote = Object.entries(changes).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  const note = [...changeNote, ...shockNote].join("; ");
  return {
    snapshot,
    tick,
    baseline,
    branch,
    diff,
    plot: (kpi, plotOpts = {}) =>
      plotFork({ baseline, branch, tick }, kpi, {
        caption: `fork at tick ${tick}${note ? `; branch: ${note}` : ""}`,
        ...plotOpts,
      }),
  };
}

function defaultKpis(run: Run): string[] {
  const present = DIFF_KPIS.filter((k) => run.hasKpi(k));
  return present.length ? present : run.kpiNames.slice(0, 8);
}

/**
 * Baseline and branch of one KPI as two lines, from the fork's tick on.
 *
 * @param fork A {@linkcode Fork} (or any `{ baseline, branch, tick }`).
 * @param kpi The KPI to draw.
 * @param opts Figure options.
 * @returns A figure with lines "baseline" and "branch".
 * @throws {Error} When the KPI is not in the runs.
 *
 * @example
 * ```ts
 * import { plotFork } from "./fork.ts";
 * plotFork(fork, "unemployment_rate", { yLabel: "share" });
 * ```
 */
export function plotFork(
  fork: Pick<Fork, "baseline" | "branch" | "tick">,
  kpi: string,
  opts: KpiLinesOptions = {},
): Figure {
  const d = new KpiDiff(fork.baseline, fork.branch, [kpi], fork.tick);
  return kpiLines(
    { tick: d.tick, baseline: d.baseline[kpi], branch: d.branch[kpi] },
    ["baseline", "branch"],
    { title: kpi, yLabel: kpi, ...opts },
  );
}
