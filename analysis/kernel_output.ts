/**
 * Keeps a cell's outputs inside the cell in the Deno Jupyter kernel.
 *
 * ## The kernel's race (Deno 2.9.6)
 *
 * The kernel's protocol loop runs on one thread and user code on another. Everything user code
 * sends (the cell's value as `execute_result`, `Deno.jupyter.display`, `console.log`, progress
 * updates) is queued by a fire-and-forget op and published by a separate drainer, which stamps
 * each message with the parent header of the request running *when it publishes*. The loop
 * meanwhile sends `execute_reply` and `status: idle` as soon as the cell's value has been
 * handed to that queue. So a message can leave after its cell's `idle` (nbclient, and so
 * nbconvert, drop it), or after the next request has started, stamped with that request's
 * header (the classic Notebook shows it under the next cell). It does not depend on the
 * object: `tools/notebook_iopub_probe.py` measured it on plain numbers, sync and async display
 * methods of 1 kB to 200 kB, `Deno.jupyter.display` and `console.log` alike, in 2-20 % of cells
 * (more for large values; see the README's notebook section). Cells that throw are not held.
 *
 * ## The fix
 *
 * After the kernel has formatted and queued a cell's value (its internal `broadcastResult`,
 * which the loop awaits before it sends `idle`), the cell now also waits {@linkcode
 * OUTPUT_FLUSH_MS}: the queued ops run and the drainer publishes them while the loop is still
 * waiting. Measured with the probe on 360 cells of six kinds sent at once (as Run All does):
 * without the wait 22 outputs came after their cell's `idle` and 10 under another cell; with
 * it, none. This is a margin, not a guarantee: a machine stalled for longer than the wait can
 * still reorder. The headless runner (`executeNotebook`) does not rely on it: it collects every
 * message of a cell before it sends the next one.
 *
 * Importing the library inside the kernel installs the fix once (the root `mod.ts` re-exports
 * this module); elsewhere {@linkcode holdCellsForOutputs} does nothing.
 *
 * @module
 */

/** Milliseconds a cell waits, after its value is queued, for its outputs to be published. */
export const OUTPUT_FLUSH_MS = 20;

const INSTALLED = Symbol.for("panarchy.holdCellsForOutputs");

type BroadcastResult = (executionCount: number, result: unknown) => Promise<void>;

interface KernelInternals {
  jupyter?: { broadcastResult?: BroadcastResult & { [INSTALLED]?: true } };
}

/** The runtime's internals when running inside the Deno Jupyter kernel, else undefined. */
function kernelInternals(): KernelInternals | undefined {
  try {
    // Deno.jupyter's getter throws outside `deno jupyter`.
    if (!(Deno as unknown as { jupyter?: unknown }).jupyter) return undefined;
    const key = (Deno as unknown as { internal?: symbol }).internal;
    if (key === undefined) return undefined;
    return (Deno as unknown as Record<symbol, KernelInternals | undefined>)[key];
  } catch {
    return undefined;
  }
}

/**
 * Makes every cell of this kernel wait `ms` after its value is queued, so its outputs are
 * published before the kernel reports the cell finished (see the module doc). Idempotent; a
 * no-op outside the Deno kernel or when the kernel's internals are not as in Deno 2.9.6.
 *
 * @param ms The wait after each cell's value. @default {OUTPUT_FLUSH_MS}
 * @returns True when the wait is in place (now or from an earlier call).
 *
 * @example
 * ```ts
 * import { holdCellsForOutputs } from "./kernel_output.ts";
 * holdCellsForOutputs(); // false outside the kernel: nothing to fix
 * ```
 */
export function holdCellsForOutputs(ms: number = OUTPUT_FLUSH_MS): boolean {
  const jupyter = kernelInternals()?.jupyter;
  const original = jupyter?.broadcastResult;
  if (!jupyter || typeof original !== "function") return false;
  if (original[INSTALLED]) return true;
  const held: BroadcastResult & { [INSTALLED]?: true } = async (executionCount, result) => {
    try {
      await original(executionCount, result);
    } finally {
      // A timer lets the runtime run the queued send ops, and the protocol thread, idle while
      // it waits for this promise, publish them before it sends `idle`.
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  };
  held[INSTALLED] = true;
  jupyter.broadcastResult = held;
  return true;
}

holdCellsForOutputs();
