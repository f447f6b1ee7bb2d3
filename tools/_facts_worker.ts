/**
 * A worker of `tools/facts_by_seed.ts --workers N`: runs the seed it is sent, measures its facts
 * and answers with their rows (or the error), so seeds run on separate cores.
 *
 * @module
 */
import { type FactRow, facts, openRun, type Run, runFromResult, runScenario } from "../mod.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { factOverWindows, type WindowValue } from "../analysis/facts/windows.ts";
import { workPool } from "../sweep/pool.ts";

/** One seed's run: the scenario, its length, where to write it (null: in memory). */
export interface SeedTask {
  config: ScenarioConfig;
  ticks: number;
  /** The run's folder, or null to run in memory. */
  dir: string | null;
  snapshotInterval: number;
  burnIn: number;
  window: number;
  /**
   * Also measure these facts on every window of `window` days, `step` days apart, after the
   * burn-in (`tools/cycle_windows.ts`).
   */
  windows?: { ids: string[]; window: number; step: number };
}

/** A seed's facts (or why there are none) and the seconds its run and its facts took. */
export interface SeedAnswer {
  rows?: FactRow[];
  /** The facts of `SeedTask.windows`, by id, window by window. */
  windows?: Record<string, WindowValue[]>;
  error?: string;
  run_s: number;
  facts_s: number;
}

/** Runs one seed and measures its facts (in this process: the worker and the tool alike). */
export async function seedFacts(task: SeedTask): Promise<SeedAnswer> {
  const t0 = performance.now();
  const { config, ticks, dir } = task;
  let run: Run;
  if (dir === null) run = runFromResult(await runScenario(config, { ticks, out: null }));
  else {
    const snapshotInterval = task.snapshotInterval;
    await runScenario(config, { ticks, out: dir, overwrite: true, snapshotInterval });
    run = await openRun(dir);
  }
  const t1 = performance.now();
  const table = facts(run, { burnIn: task.burnIn, window: task.window });
  const w = task.windows;
  const windows = w === undefined ? undefined : Object.fromEntries(
    w.ids.map((id) => [
      id,
      factOverWindows(run, id, { burnIn: task.burnIn, window: w.window, step: w.step }),
    ]),
  );
  return {
    rows: table.rows,
    windows,
    run_s: (t1 - t0) / 1000,
    facts_s: (performance.now() - t1) / 1000,
  };
}

/**
 * Runs the seeds' tasks, one after the other in this process (`workers` 1) or `workers` at a time,
 * each in a Web Worker of this module, and hands `each` every answer in the tasks' order: as each
 * finishes in this process, all at the end with workers (so a tool prints the same with any N).
 */
export async function runSeedTasks(
  tasks: SeedTask[],
  workers: number,
  each: (answer: SeedAnswer, i: number) => void | Promise<void>,
): Promise<void> {
  if (workers <= 1) {
    for (const [i, task] of tasks.entries()) await each(await seedFacts(task), i);
    return;
  }
  const answers = await workPool<SeedTask, SeedAnswer>(
    tasks,
    workers,
    import.meta.url,
    (_, message) => ({ error: `the worker died: ${message}`, run_s: 0, facts_s: 0 }),
  );
  for (const [i, answer] of answers.entries()) await each(answer, i);
}

/** The worker's global scope, as far as it is used here. */
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<SeedTask>) => void) | null;
  postMessage(message: unknown): void;
};

if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  scope.onmessage = async (e) => {
    try {
      scope.postMessage(await seedFacts(e.data));
    } catch (err) {
      scope.postMessage({ error: String((err as Error)?.message ?? err), run_s: 0, facts_s: 0 });
    }
  };
}
