/**
 * Live runs from a notebook: {@linkcode runLive} runs a scenario while ONE output area of the
 * cell shows its progress (tick, speed, time left, headline KPIs), updated in place, and hands
 * back a {@linkcode Run} in memory (or written to `out`); {@linkcode runSweepLive} does the same
 * for a sweep (runs done, failures, time left) and hands back its {@linkcode SweepResults}.
 *
 * It runs through `runScenario`, awaiting each display update, so progress messages leave
 * while the run goes on.
 *
 * @module
 */
import { runScenario } from "../engine/run.ts";
import { loadScenario } from "../engine/scenario/load.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import type { Simulation } from "../engine/simulation.ts";
import { type ScenarioChanges, withChanges } from "./changes.ts";
import { escapeHtml, formatCell, liveDisplay, type LiveDisplayOptions } from "./display.ts";
import type { Run } from "./run.ts";
import { runFromResult } from "./run_sources.ts";
import { runSweep, type SweepOptions, type SweepProgress } from "../sweep/run.ts";
import { loadSweepSpec, type SweepSpec } from "../sweep/spec.ts";
import type { SweepResults } from "./sweep.ts";
import { openSweep } from "./sweep_sources.ts";

/** Options of {@linkcode runLive}. */
export interface RunLiveOptions {
  /** Ticks (days) to run. @default {the scenario's `ticks`} */
  ticks?: number;
  /** Run directory to write; the run stays in memory when omitted or null. @default {null} */
  out?: string | null;
  /** Replace an existing run directory at `out`. @default {false} */
  overwrite?: boolean;
  /** Snapshot every N ticks when writing to `out` (0 = final only). @default {the scenario's} */
  snapshotInterval?: number;
  /** Update the progress display every N ticks. @default {about 50 updates per run} */
  every?: number;
  /** Parameter changes by dotted path applied before the run (see `withChanges`). */
  changes?: ScenarioChanges;
  /** KPIs shown in the progress line. @default {population, gdp_real, unemployment_rate, cpi} */
  kpis?: string[];
  /** Display options (fallback outside the kernel, display id). @default {{ fallback: "stderr" }} */
  display?: LiveDisplayOptions;
}

const PROGRESS_KPIS = ["population", "gdp_real", "unemployment_rate", "cpi"];

/**
 * Runs a scenario with live progress in one notebook output area and returns the run.
 *
 * @param scenario A scenario name or path (as `loadScenario` takes) or a resolved config.
 * @param opts Ticks, output directory, update cadence, changes.
 * @returns A {@linkcode Run} over the finished simulation (its `result` holds timings).
 * @throws {Error} When the scenario cannot be loaded or changed, or `out` already holds a run
 *   and `overwrite` is not set.
 *
 * @example
 * ```ts
 * import { runLive } from "./live.ts";
 * const run = await runLive("tiny_island", { ticks: 365, changes: { "population.persons": 20_000 } });
 * run.plotKpis(["population"]);
 * ```
 */
export async function runLive(
  scenario: string | ScenarioConfig,
  opts: RunLiveOptions = {},
): Promise<Run> {
  const base = typeof scenario === "string" ? await loadScenario(scenario) : scenario;
  const config = opts.changes ? withChanges(base, opts.changes) : base;
  const ticks = opts.ticks ?? config.ticks;
  const every = Math.max(1, opts.every ?? Math.ceil(ticks / 50));
  const display = liveDisplay(opts.display);
  await display.update(`<b>${escapeHtml(config.name)}</b>: building the world…`);
  let shown: string[] = [];
  let t1 = 0;
  const result = await runScenario(config, {
    ticks,
    out: opts.out ?? null,
    overwrite: opts.overwrite,
    snapshotInterval: opts.snapshotInterval,
    onProgress: async ({ done, ticks, sim }) => {
      if (done === 1) {
        t1 = performance.now();
        shown = (opts.kpis ?? PROGRESS_KPIS).filter((k) => sim.world.kpis.indexOf(k) >= 0);
      }
      if (done % every === 0 && done < ticks) {
        await display.update(progressHtml(sim, done, ticks, performance.now() - t1, shown));
      }
    },
  });
  await display.update(progressHtml(result.sim, ticks, ticks, result.runMs, shown, result.initMs));
  return runFromResult(result);
}

function progressHtml(
  sim: Simulation,
  done: number,
  ticks: number,
  elapsedMs: number,
  kpis: string[],
  initMs?: number,
): string {
  const w = sim.world;
  const pct = ticks > 0 ? Math.round((100 * done) / ticks) : 100;
  const perTick = done > 0 ? elapsedMs / done : 0;
  const finished = done >= ticks;
  const time = finished
    ? `done in ${(elapsedMs / 1000).toFixed(1)} s` +
      (initMs !== undefined ? ` (+ ${(initMs / 1000).toFixed(1)} s to build the world)` : "")
    : `${(elapsedMs / 1000).toFixed(1)} s, about ${
      ((perTick * (ticks - done)) / 1000).toFixed(1)
    } s left`;
  const values = kpis.map((k) => {
    const v = w.kpis.rows > 0 ? w.kpis.lagged(w.kpis.indexOf(k), 0) : NaN;
    return `${escapeHtml(k)} <b>${escapeHtml(formatCell(v, 4))}</b>`;
  }).join(" · ");
  return `<div class="panarchy-progress"><b>${escapeHtml(w.base.name)}</b> tick ${w.tick} ` +
    `(${done} / ${ticks}) <progress value="${done}" max="${ticks}"></progress> ${pct}% · ` +
    `${perTick.toFixed(1)} ms/tick · ${time}${values ? `<br>${values}` : ""}</div>`;
}

/** Options of {@linkcode runSweepLive}: those of `runSweep` (no shard), plus the display. */
export interface RunSweepLiveOptions extends Omit<SweepOptions, "shard" | "onProgress" | "merge"> {
  /** Display options (fallback outside the kernel, display id). @default {{ fallback: "stderr" }} */
  display?: LiveDisplayOptions;
}

/**
 * Runs a sweep with its progress in one notebook output area (runs done of all, failures,
 * elapsed time, time left), then opens it. Runs finished by an earlier call are kept and
 * skipped, as with `main.ts sweep`.
 *
 * @param spec A spec file's path, or a spec made with `sweepSpec({...})`.
 * @param opts Folder (`out`), workers, display.
 * @returns The sweep's {@linkcode SweepResults}.
 * @throws {ScenarioError} When the spec is invalid; {Error} when `out` holds something else.
 *
 * @example
 * ```ts
 * import { runSweepLive } from "./live.ts";
 * const sweep = await runSweepLive("scenarios/sweeps/thrift.yaml", { out: "/tmp/thrift", workers: 2 });
 * sweep.frame();
 * ```
 */
export async function runSweepLive(
  spec: string | SweepSpec,
  opts: RunSweepLiveOptions = {},
): Promise<SweepResults> {
  const s = typeof spec === "string" ? await loadSweepSpec(spec) : spec;
  const display = liveDisplay(opts.display);
  await display.update(`<b>sweep ${escapeHtml(s.name)}</b>: planning…`);
  const result = await runSweep(s, {
    out: opts.out,
    workers: opts.workers,
    onProgress: (p) => display.update(sweepProgressHtml(s.name, p)),
  });
  const failed = result.failed.length;
  const done = `<b>sweep ${escapeHtml(s.name)}</b>: ${result.ran} runs done` +
    (result.skipped ? `, ${result.skipped} done before` : "") +
    ` · ${failed} failed · ${seconds(result.wallMs)} · <code>${escapeHtml(result.dir)}</code>`;
  await display.update(`<div class="panarchy-progress">${done}</div>`);
  return openSweep(result.dir);
}

function sweepProgressHtml(name: string, p: SweepProgress): string {
  const pct = p.total > 0 ? Math.round((100 * p.done) / p.total) : 100;
  return `<div class="panarchy-progress"><b>sweep ${escapeHtml(name)}</b> ${p.done} / ` +
    `${p.total} runs <progress value="${p.done}" max="${p.total}"></progress> ${pct}% · ` +
    `${p.failed} failed · ${seconds(p.elapsedMs)}, about ${seconds(p.etaMs)} left` +
    (p.skipped ? ` · ${p.skipped} done before` : "") + `</div>`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
