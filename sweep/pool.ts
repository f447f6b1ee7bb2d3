/**
 * A pool of sweep workers: each of `workers` Web Workers takes the next run as soon as it has
 * finished its last, so a slow run holds up only its own worker. A worker that dies (out of
 * memory, a crash of the runtime) has its run recorded as failed and is replaced.
 *
 * @module
 */
import type { RunOutcome, RunTask } from "./record.ts";

const WORKER = new URL("./worker.ts", import.meta.url).href;

/**
 * Does every task on `workers` workers; `onDone` hears of each run as it ends.
 *
 * @param tasks The runs to do, in the order they are started.
 * @param workers How many runs at once (at least 1).
 * @param onDone Called after each run with its outcome and the task.
 * @returns every outcome, in the tasks' order.
 */
export async function runPool(
  tasks: readonly RunTask[],
  workers: number,
  onDone: (outcome: RunOutcome, task: RunTask) => void | Promise<void> = () => {},
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    let worker: Worker | null = null;
    try {
      while (next < tasks.length) {
        const i = next++;
        worker ??= new Worker(WORKER, { type: "module" });
        const w: Worker = worker;
        const t0 = performance.now();
        const outcome = await new Promise<RunOutcome>((resolve) => {
          w.onmessage = (e: MessageEvent<RunOutcome>) => resolve(e.data);
          w.onerror = (e: ErrorEvent) => {
            e.preventDefault();
            resolve({
              id: tasks[i].run.id,
              status: "failed",
              error: `the worker died: ${e.message}`,
              wall_s: (performance.now() - t0) / 1000,
            });
          };
          w.postMessage(tasks[i]);
        });
        if (outcome.status === "failed" && outcome.error?.startsWith("the worker died")) {
          worker.terminate();
          worker = null;
        }
        outcomes[i] = outcome;
        await onDone(outcome, tasks[i]);
      }
    } finally {
      worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) }, lane));
  return outcomes;
}
