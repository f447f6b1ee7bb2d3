/**
 * A pool of Web Workers: each of `workers` workers takes the next task as soon as it has
 * finished its last, so a slow task holds up only its own worker. A worker that dies (out of
 * memory, a crash of the runtime) has its task answered by `died` and is replaced. Sweeps and
 * calibrations run their runs on it ({@link runPool}); `tools/facts_by_seed.ts` its seeds.
 *
 * @module
 */
import type { RunOutcome, RunTask } from "./record.ts";

const WORKER = new URL("./worker.ts", import.meta.url).href;

/**
 * Does every task on `workers` workers of module `url`, each of which answers a task it is sent
 * with one message.
 *
 * @param tasks The tasks, in the order they are started.
 * @param workers How many at once (at least 1).
 * @param url The worker module.
 * @param died The answer for a task whose worker died, from the task, the error's message and
 *   the seconds since the task was sent.
 * @param onDone Called after each task with its answer and the task.
 * @returns every answer, in the tasks' order.
 */
export async function workPool<T, R>(
  tasks: readonly T[],
  workers: number,
  url: string,
  died: (task: T, message: string, seconds: number) => R,
  onDone: (answer: R, task: T) => void | Promise<void> = () => {},
): Promise<R[]> {
  const answers: R[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    let worker: Worker | null = null;
    try {
      while (next < tasks.length) {
        const i = next++;
        worker ??= new Worker(url, { type: "module" });
        const w: Worker = worker;
        const t0 = performance.now();
        let dead = false;
        const answer = await new Promise<R>((resolve) => {
          w.onmessage = (e: MessageEvent<R>) => resolve(e.data);
          w.onerror = (e: ErrorEvent) => {
            e.preventDefault();
            dead = true;
            resolve(died(tasks[i], e.message, (performance.now() - t0) / 1000));
          };
          w.postMessage(tasks[i]);
        });
        if (dead) {
          worker.terminate();
          worker = null;
        }
        answers[i] = answer;
        await onDone(answer, tasks[i]);
      }
    } finally {
      worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) }, lane));
  return answers;
}

/**
 * Does every run on `workers` sweep workers; `onDone` hears of each run as it ends. A run whose
 * worker died is recorded as failed.
 *
 * @param tasks The runs to do, in the order they are started.
 * @param workers How many runs at once (at least 1).
 * @param onDone Called after each run with its outcome and the task.
 * @returns every outcome, in the tasks' order.
 */
export function runPool(
  tasks: readonly RunTask[],
  workers: number,
  onDone: (outcome: RunOutcome, task: RunTask) => void | Promise<void> = () => {},
): Promise<RunOutcome[]> {
  return workPool<RunTask, RunOutcome>(
    tasks,
    workers,
    WORKER,
    (task, message, seconds) => ({
      id: task.run.id,
      status: "failed",
      error: `the worker died: ${message}`,
      wall_s: seconds,
    }),
    onDone,
  );
}
