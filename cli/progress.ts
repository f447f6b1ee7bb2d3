/**
 * A progress bar on a terminal, with the elapsed time and an estimate of the time left; silent
 * when stderr is piped or redirected.
 * @module
 */

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * The bar's text: ticks done, ms per tick, elapsed time and the time left at the mean pace so
 * far (`elapsedMs` counted from the first tick).
 */
export function progressLine(
  label: string,
  done: number,
  total: number,
  ms: number,
  elapsedMs: number,
): string {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const eta = done > 0 ? (elapsedMs / done) * (total - done) / 1000 : NaN;
  return `${label} [${bar}] ${done}/${total}  ${ms.toFixed(2)} ms/tick  ` +
    `elapsed ${clock(elapsedMs / 1000)}  ETA ${done === total ? "0:00" : clock(eta)}`;
}

/** Progress reporter of a run. */
export function progressBar(label: string): {
  tick(done: number, total: number, ms: number): void;
  /** Prints a line on stdout above the bar (the bar is redrawn on the next tick). */
  note(line: string): void;
  end(): void;
} {
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  let last = 0;
  let lastDrawn = -1;
  let start = NaN;
  return {
    tick(done, total, ms) {
      if (!tty) return;
      const now = performance.now();
      if (Number.isNaN(start)) start = now - ms; // the first tick's own time counts
      if (done !== total && now - last < 100) return;
      last = now;
      if (done === lastDrawn) return;
      lastDrawn = done;
      const line = progressLine(label, done, total, ms, now - start);
      Deno.stderr.writeSync(enc.encode(`\r${line.padEnd(110)}`));
    },
    note(line) {
      if (tty && lastDrawn >= 0) Deno.stderr.writeSync(enc.encode(`\r${" ".repeat(110)}\r`));
      console.log(line);
      lastDrawn = -1;
      last = 0;
    },
    end() {
      if (tty && lastDrawn >= 0) Deno.stderr.writeSync(enc.encode("\n"));
    },
  };
}
