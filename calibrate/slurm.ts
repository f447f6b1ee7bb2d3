/**
 * A calibration's batches on a Slurm cluster: each batch's runs are written to
 * `<dir>/batches/<n>.json`, submitted as a job array whose tasks each do a share of them
 * (`main.ts calibrate-batch <dir> <n> --shard i/N`, writing only their own runs' rows), and the
 * loop waits for the jobs before it reads the rows, so the search itself stays where it was
 * started (a login node or a small job) while the model runs on the cluster.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { writeAtomic } from "../engine/snapshot/parquet.ts";
import { runPool } from "../sweep/pool.ts";
import { type RunTask, writeFailure } from "../sweep/record.ts";
import {
  shellQuote,
  type SlurmOptions,
  type SlurmResources,
  slurmScripts,
  submitSlurm,
  waitForSlurmJobs,
  writeSlurmScripts,
} from "../sweep/slurm.ts";

/** Where and how a calibration's batches run on Slurm. */
export type CalibrationSlurm =
  & SlurmResources
  & Pick<SlurmOptions, "denoPath">
  & {
    /** Array tasks per batch at most. @default one per run */
    tasks?: number;
    /** Environment of sbatch and squeue (e.g. SLURM_CONF). @default this process's */
    env?: Record<string, string>;
  };

const REPO = new URL("../", import.meta.url).pathname;

/** The file of a batch's runs. */
export function batchFile(dir: string, batch: number): string {
  return join(dir, "batches", `${batch}.json`);
}

/**
 * Runs a batch's tasks as a Slurm job array and waits for it; the rows are then in the folder.
 *
 * @throws {Error} when sbatch is missing or refuses the jobs (its message).
 */
export async function runBatchOnSlurm(
  dir: string,
  batch: number,
  name: string,
  tasks: readonly RunTask[],
  slurm: CalibrationSlurm,
): Promise<void> {
  const out = resolve(dir);
  const file = batchFile(out, batch);
  await Deno.mkdir(join(out, "batches"), { recursive: true });
  await writeAtomic(file, JSON.stringify(tasks));
  const deno = shellQuote(slurm.denoPath ?? Deno.execPath());
  const workers = slurm.cpusPerTask ?? 1;
  const scripts = slurmScripts({
    ...slurm,
    runs: tasks.length,
    tasks: Math.min(tasks.length, slurm.tasks ?? tasks.length),
    repo: REPO,
    spec: file,
    out,
    jobName: `${name}-batch${batch}`,
    command: (w) =>
      `${deno} run --allow-read --allow-write --allow-env --allow-sys ` +
      `${shellQuote(join(REPO, "main.ts"))} calibrate-batch ${w.out} ${batch} ` +
      `--shard ${w.shard} --workers ${workers}`,
    // Nothing to merge: the loop reads the rows itself once every task has ended.
    mergeCommand: () => "true",
  });
  await writeSlurmScripts(out, scripts);
  const jobs = await submitSlurm(out, slurm.env);
  await waitForSlurmJobs(jobs.map((j) => j.jobId), slurm.env);
}

/**
 * `main.ts calibrate-batch <dir> <batch> --shard i/N`: does the runs `k` of a batch with
 * `k % N === i` on local workers (what one array task of {@link runBatchOnSlurm} does).
 *
 * @throws {Error} naming the batch file when it is missing or not a batch.
 */
export async function calibrateBatchCommand(
  dir: string,
  batch: string,
  flags: { shard: { index: number; count: number }; workers?: number },
): Promise<void> {
  const file = batchFile(dir, Number(batch));
  let tasks: RunTask[];
  try {
    tasks = JSON.parse(await Deno.readTextFile(file));
  } catch (e) {
    throw new Error(`${file} is not a calibration batch (${e instanceof Error ? e.message : e})`);
  }
  const mine = tasks.filter((_, k) => k % flags.shard.count === flags.shard.index);
  await runPool(mine, flags.workers ?? 1, async (outcome, task) => {
    if (outcome.error?.startsWith("the worker died")) await writeFailure(task, outcome);
  });
}
