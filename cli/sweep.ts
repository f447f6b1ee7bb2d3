/**
 * `main.ts sweep <spec>` and `main.ts sweep merge <dir>`.
 * @module
 */
import { InvalidArgumentError } from "commander";
import {
  type MergeSummary,
  mergeSweep,
  readPlan,
  SWEEP_FOLDER,
  withFolderLock,
} from "../sweep/dataset.ts";
import { runSweep, type Shard, type SweepProgress } from "../sweep/run.ts";
import { clock } from "./progress.ts";

/** Options of `sweep`. */
export interface SweepFlags {
  out?: string;
  workers?: number;
  shard?: Shard;
  merge?: boolean;
  quiet?: boolean;
}

/**
 * A `--shard i/N` flag: this process does the runs `k` with `k % N === i`.
 *
 * @example
 * ```ts
 * parseShard("2/8"); // { index: 2, count: 8 }
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    throw new InvalidArgumentError(
      `--shard needs i/N with 0 <= i < N (this process does runs k with k % N == i), got "${text}"`,
    );
  }
  return { index, count };
}

/** The progress line: runs done, failures, elapsed time and time left. */
export function sweepLine(p: SweepProgress): string {
  const width = 30;
  const filled = Math.round((p.done / Math.max(1, p.total)) * width);
  return `sweep [${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} runs` +
    `${p.failed ? `, ${p.failed} failed` : ""}${p.skipped ? ` (${p.skipped} done before)` : ""}` +
    `  elapsed ${clock(p.elapsedMs / 1000)}  ETA ${
      p.done === p.total ? "0:00" : clock(p.etaMs / 1000)
    }`;
}

/** Draws the progress line on a terminal; on a pipe, one line per tenth of the runs. */
function reporter(quiet: boolean): (p: SweepProgress) => void {
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  let printed = 0;
  return (p) => {
    if (quiet) return;
    const line = sweepLine(p);
    if (tty) {
      Deno.stderr.writeSync(enc.encode(`\r${line.padEnd(110)}${p.done === p.total ? "\n" : ""}`));
    } else if (p.done === p.total || p.done >= printed + Math.max(1, Math.ceil(p.total / 10))) {
      printed = p.done;
      console.error(line);
    }
  };
}

function mergeReport(dir: string, m: MergeSummary): string[] {
  const lines = [
    `${m.ok} of ${m.runs} runs ok, ${m.failed.length} failed, ${m.missing.length} missing`,
  ];
  for (const f of m.failed.slice(0, 10)) {
    lines.push(`  failed: point ${f.point} seed ${f.seed} (run ${f.id}): ${f.error}`);
  }
  if (m.failed.length > 10) lines.push(`  ... and ${m.failed.length - 10} more failures`);
  if (m.missing.length > 0) {
    lines.push(
      `  missing: ${
        m.missing.slice(0, 10).map((r) => `point ${r.point} seed ${r.seed}`).join(", ")
      }${m.missing.length > 10 ? ", ..." : ""}: run \`main.ts sweep <spec> --out ${dir}\` ` +
        `to do them`,
    );
  }
  if (m.results) {
    lines.push(`results: ${m.results}`);
    lines.push(
      `dataset: ${dir}/runs/**/*.parquet and ${dir}/series/**/*.parquet (Hive partitions)`,
    );
  }
  return lines;
}

/** Failures as an error (exit 1) once everything is written. */
function failIf(m: MergeSummary | null, failed: number): void {
  const missing = m?.missing.length ?? 0;
  const bad = Math.max(failed, m?.failed.length ?? 0);
  if (bad > 0 || missing > 0) {
    throw new Error(
      [
        bad > 0 ? `${bad} runs failed (status "failed" with the error in their row)` : "",
        missing > 0 ? `${missing} runs are missing` : "",
      ].filter(Boolean).join(", ") + ": run the sweep again to retry them",
    );
  }
}

/** `main.ts sweep <spec>`: plans, runs and merges a sweep; exit 1 when a run failed. */
export async function sweepCommand(spec: string, flags: SweepFlags): Promise<void> {
  const result = await runSweep(spec, {
    out: flags.out,
    workers: flags.workers,
    shard: flags.shard,
    merge: flags.merge === false ? false : undefined,
    onProgress: reporter(flags.quiet ?? false),
  });
  const { plan } = result;
  const shard = flags.shard ? ` (shard ${flags.shard.index}/${flags.shard.count})` : "";
  console.log(
    `sweep ${plan.name}${shard}: ${plan.points.length} points x ${plan.seeds.length} seeds = ` +
      `${plan.runs.length} runs; ran ${result.ran}, skipped ${result.skipped} done before; ` +
      `${result.failed.length} failed; ${(result.wallMs / 1000).toFixed(1)} s on ` +
      `${
        Math.min(flags.workers ?? navigator.hardwareConcurrency, Math.max(1, result.ran))
      } workers`,
  );
  console.log(`folder: ${result.dir}`);
  if (result.merge) { for (const l of mergeReport(result.dir, result.merge)) console.log(l); }
  failIf(result.merge, result.failed.length);
}

/** `main.ts sweep merge <dir>`: checks every run is done and writes results.parquet. */
export async function sweepMergeCommand(dir: string): Promise<void> {
  await readPlan(dir); // a folder that is not a sweep's is refused before it is locked
  const m = await withFolderLock(dir, SWEEP_FOLDER, () => mergeSweep(dir));
  for (const l of mergeReport(dir, m)) console.log(l);
  failIf(m, 0);
}
