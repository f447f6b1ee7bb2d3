/**
 * `main.ts slurm <spec.yaml> --out DIR`: plans a sweep, writes the Slurm job-array scripts that
 * run it on a cluster (DIR/slurm/array_*.sbatch, merge.sbatch, submit.sh) and, with --submit,
 * submits them.
 *
 * @module
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import {
  shellQuote,
  type SlurmOptions,
  type SlurmResources,
  slurmScripts,
  submitSlurm,
  type SubmittedJob,
  writeSlurmScripts,
} from "../sweep/slurm.ts";
import { planSweepInto } from "../sweep/run.ts";

/** Options of `slurm`: the job arrays' resources as {@link SlurmOptions} takes them, and more. */
export type SlurmFlags =
  & SlurmResources
  & Pick<SlurmOptions, "tasks">
  & {
    /** The sweep's folder. */
    out: string;
    /** The deno binary on the nodes. */
    deno?: string;
    /** Submit with sbatch now. */
    submit?: boolean;
  };

/** What `slurm` did (for tests). */
export interface SlurmCommandResult {
  /** The sweep's output folder. */
  dir: string;
  /** The files written. */
  written: string[];
  /** The jobs submitted (with --submit). */
  jobs: SubmittedJob[];
}

/** The checkout: the folder of main.ts, which the jobs run. */
const REPO: string = fileURLToPath(new URL("../", import.meta.url));

/**
 * Plans the sweep in `spec` into `flags.out`, writes its Slurm scripts under `<out>/slurm/`,
 * prints them and how to submit; with `--submit`, submits them and prints the job ids.
 *
 * @param spec the sweep spec (YAML).
 * @param flags the command line's flags.
 * @returns the folder, the files written and the jobs submitted.
 * @throws {Error} naming the flag to fix, a missing sbatch, or sbatch's message.
 * @example
 * ```ts
 * await slurmCommand("sweeps/tax.yaml", { out: "/scratch/tax", throttle: 20 });
 * ```
 */
export async function slurmCommand(
  spec: string,
  flags: SlurmFlags,
): Promise<SlurmCommandResult> {
  const specPath = path.resolve(spec);
  const out = path.resolve(flags.out);
  const options = (runs: number, dir: string): SlurmOptions => ({
    runs,
    tasks: flags.tasks,
    throttle: flags.throttle,
    maxArraySize: flags.maxArraySize,
    partition: flags.partition,
    time: flags.time,
    mem: flags.mem,
    account: flags.account,
    qos: flags.qos,
    cpusPerTask: flags.cpusPerTask,
    denoPath: flags.deno === undefined ? undefined : path.resolve(flags.deno),
    repo: REPO,
    spec: specPath,
    out: dir,
  });
  // Bad flags fail before the plan writes anything (--tasks against the runs is checked after).
  slurmScripts(options(flags.tasks ?? 1, out));
  const planned = await planSweepInto(specPath, out);
  const dir = path.resolve(planned.dir);
  const scripts = slurmScripts(options(planned.runs, dir));
  const written = await writeSlurmScripts(dir, scripts);
  const throttle = flags.throttle ? `, at most ${flags.throttle} at once per array` : "";
  console.log(
    `${planned.runs} runs in ${scripts.tasks} Slurm array tasks` +
      ` (${scripts.arrays.length} array script${scripts.arrays.length > 1 ? "s" : ""}` +
      `${throttle}); wrote:`,
  );
  for (const p of written) console.log(`  ${p}`);
  const submit = written.find((p) => p.endsWith("/submit.sh"))!;
  if (!flags.submit) {
    console.log(`submit on a Slurm login node with: bash ${shellQuote(submit)}`);
    return { dir, written, jobs: [] };
  }
  const jobs = await submitSlurm(dir);
  for (const j of jobs) console.log(`submitted ${j.script} as job ${j.jobId}`);
  console.log(`follow with: squeue -j ${jobs.map((j) => j.jobId).join(",")}`);
  return { dir, written, jobs };
}
