/**
 * A sweep worker: a Web Worker that does the runs it is sent, one at a time, and answers each
 * with its outcome. Workers share nothing with each other, so runs proceed on separate cores.
 *
 * @module
 */
import { executeRun, type RunTask } from "./record.ts";

/** The worker's global scope, as far as it is used here. */
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<RunTask>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (e) => {
  scope.postMessage(await executeRun(e.data));
};
