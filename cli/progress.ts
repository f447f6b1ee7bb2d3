/**
 * A progress bar on a terminal; silent when stderr is piped or redirected.
 * @module
 */

/** Progress reporter of a run. */
export function progressBar(label: string): {
  tick(done: number, total: number, ms: number): void;
  end(): void;
} {
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  let last = 0;
  let lastDrawn = -1;
  return {
    tick(done, total, ms) {
      if (!tty) return;
      const now = performance.now();
      if (done !== total && now - last < 100) return;
      last = now;
      if (done === lastDrawn) return;
      lastDrawn = done;
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const bar = "#".repeat(filled) + ".".repeat(width - filled);
      const line = `\r${label} [${bar}] ${done}/${total}  ${ms.toFixed(2)} ms/tick`;
      Deno.stderr.writeSync(enc.encode(line.padEnd(100)));
    },
    end() {
      if (tty && lastDrawn >= 0) Deno.stderr.writeSync(enc.encode("\n"));
    },
  };
}
