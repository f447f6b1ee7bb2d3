/**
 * A sweep on a Slurm cluster: the job-array scripts that run its shards, the merge job that
 * runs once they have all ended, and their submission.
 *
 * One array task runs one shard (`main.ts sweep <spec> --shard i/N --no-merge`); the merge job
 * (`main.ts sweep merge <DIR>`) depends on every array with `afterany`, so it runs, and lists
 * the failures, even when some tasks failed. A cluster refuses array indices at or above its
 * `MaxArraySize`, so more tasks than that are split into several array scripts, each adding
 * its own offset to `SLURM_ARRAY_TASK_ID`.
 *
 * @module
 */

/** What the command of one array task may use: shell words, already quoted. */
export interface ShardWords {
  /** This task's index in the whole sweep, 0 to `tasks - 1` (`"$TASK"`). */
  task: string;
  /** The number of tasks in all the array scripts together (`"$TASKS"`). */
  tasks: string;
  /** The sweep's output folder (`"$OUT"`). */
  out: string;
  /** The value of `--shard`: task/tasks (`"$TASK/$TASKS"`). */
  shard: string;
}

/** Options of {@link slurmScripts}. */
export interface SlurmOptions {
  /** Runs in the sweep (from its plan). */
  runs: number;
  /** Array tasks (shards) in all; each runs the runs k with k % tasks == its index. @default min(runs, 100) */
  tasks?: number;
  /** At most this many tasks of one array script run at once (`--array=...%K`). @default no limit */
  throttle?: number;
  /** The cluster's MaxArraySize: every array index must be below it. @default 1001 (Slurm's default) */
  maxArraySize?: number;
  /** `--partition`. @default the cluster's default partition */
  partition?: string;
  /** `--time` per task: D-HH:MM:SS, HH:MM:SS or minutes. @default the partition's limit */
  time?: string;
  /** `--mem` per task, e.g. 4G or 2000M. @default the partition's default */
  mem?: string;
  /** `--account`. @default the user's default account */
  account?: string;
  /** `--qos`. @default the account's default QOS */
  qos?: string;
  /** `--cpus-per-task`; the sweep's `--workers` follows it. @default 1 */
  cpusPerTask?: number;
  /** The deno binary the jobs run. @default Deno.execPath() */
  denoPath?: string;
  /** Absolute path of the checkout (the folder of main.ts). */
  repo: string;
  /** Absolute path of the sweep spec. */
  spec: string;
  /** Absolute path of the sweep's output folder (DIR). */
  out: string;
  /** Absolute path of the folder for the jobs' logs. @default `<out>/slurm/logs` */
  logs?: string;
  /** `--job-name` of the arrays; the merge job adds `-merge`. @default "panarchy-sweep" */
  jobName?: string;
  /** The shell command of one array task. @default the `main.ts sweep ... --shard` line */
  command?: (words: ShardWords) => string;
  /** The shell command of the merge job. @default the `main.ts sweep merge` line */
  mergeCommand?: (words: { out: string }) => string;
}

/** The resources of a job array, as `sbatch` takes them (shared by sweeps and calibrations). */
export type SlurmResources = Pick<
  SlurmOptions,
  "partition" | "time" | "mem" | "account" | "qos" | "cpusPerTask" | "throttle" | "maxArraySize"
>;

/** One file to write into the sweep's `slurm/` folder. */
export interface SlurmFile {
  /** File name, e.g. `array_0.sbatch`. */
  name: string;
  /** Its contents. */
  text: string;
  /** True for submit.sh (mode 755). */
  executable: boolean;
}

/** One array script: array index i runs sweep task `offset + i`. */
export interface SlurmArray {
  /** File name, e.g. `array_1.sbatch`. */
  script: string;
  /** The sweep task of array index 0. */
  offset: number;
  /** Array indices 0 to size - 1. */
  size: number;
}

/** What {@link slurmScripts} returns. */
export interface SlurmScripts {
  /** Array tasks in all. */
  tasks: number;
  /** The array scripts in submission order. */
  arrays: SlurmArray[];
  /** Every file: the array scripts, merge.sbatch, submit.sh. */
  files: SlurmFile[];
}

/** Permissions of the jobs' deno: the sweep reads the spec, writes DIR, reads env and cores. */
const DENO_PERMISSIONS = "--allow-read --allow-write --allow-env --allow-sys";

/**
 * Quotes a string as one shell word (single quotes; a quote inside becomes `'\''`).
 *
 * @example
 * ```ts
 * shellQuote("/data/my sweep"); // "'/data/my sweep'"
 * ```
 */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=+@%-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The Slurm scripts of a sweep: `array_<n>.sbatch` (one per block of at most `maxArraySize`
 * tasks), `merge.sbatch` and `submit.sh`. Pure: it writes nothing.
 *
 * @param opts the sweep's size, the cluster's limits and the jobs' resources.
 * @returns the files, and each array's offset and size.
 * @throws {Error} naming the flag and a valid value when an option is out of range.
 * @example
 * ```ts
 * const { arrays } = slurmScripts({
 *   runs: 2500, tasks: 2500, throttle: 50, repo: "/src/panarchy",
 *   spec: "/data/sweep.yaml", out: "/data/sweep", denoPath: "/usr/bin/deno",
 * });
 * arrays.map((a) => a.offset); // [0, 1001, 2002]
 * ```
 */
export function slurmScripts(opts: SlurmOptions): SlurmScripts {
  const o = validated(opts);
  const arrays: SlurmArray[] = [];
  for (let offset = 0, n = 0; offset < o.tasks; offset += o.maxArraySize, n++) {
    arrays.push({
      script: `array_${n}.sbatch`,
      offset,
      size: Math.min(o.maxArraySize, o.tasks - offset),
    });
  }
  const files: SlurmFile[] = arrays.map((a, n) => ({
    name: a.script,
    text: arrayScript(o, a, n, arrays.length),
    executable: false,
  }));
  files.push({ name: "merge.sbatch", text: mergeScript(o), executable: false });
  files.push({ name: "submit.sh", text: submitScript(o, arrays), executable: true });
  return { tasks: o.tasks, arrays, files };
}

type Resolved =
  & Required<Pick<SlurmOptions, "runs" | "repo" | "spec" | "out" | "command" | "mergeCommand">>
  & Omit<SlurmOptions, "tasks" | "maxArraySize" | "logs" | "jobName" | "denoPath">
  & { tasks: number; maxArraySize: number; logs: string; jobName: string; denoPath: string };

/** The options with defaults filled in, or an error naming the flag to fix. */
function validated(opts: SlurmOptions): Resolved {
  const count = (flag: string, v: number | undefined, min: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) {
      throw new Error(`${flag} must be an integer >= ${min}, got ${v}`);
    }
  };
  count("runs", opts.runs, 1);
  count("--tasks", opts.tasks, 1);
  count("--throttle", opts.throttle, 1);
  count("--max-array-size", opts.maxArraySize, 1);
  count("--cpus-per-task", opts.cpusPerTask, 1);
  const tasks = opts.tasks ?? Math.min(opts.runs, 100);
  if (tasks > opts.runs) {
    throw new Error(
      `--tasks ${tasks} is more than the sweep's ${opts.runs} runs (a task would have none); ` +
        `give --tasks ${opts.runs} or fewer`,
    );
  }
  if (opts.time !== undefined && !isSlurmTime(opts.time)) {
    throw new Error(
      `--time "${opts.time}" is not a Slurm time limit; write D-HH:MM:SS, HH:MM:SS or ` +
        `minutes, e.g. --time 1-00:00:00, --time 02:30:00 or --time 90`,
    );
  }
  if (opts.mem !== undefined && !/^[1-9][0-9]*[KMGT]?$/.test(opts.mem)) {
    throw new Error(
      `--mem "${opts.mem}" is not a Slurm memory size; write a whole number with K, M, G or T ` +
        `(megabytes without one), e.g. --mem 4G or --mem 2000M`,
    );
  }
  name("--partition", opts.partition);
  name("--account", opts.account);
  name("--qos", opts.qos);
  name("job name", opts.jobName);
  absolute("--out", opts.out);
  absolute("spec", opts.spec);
  absolute("repo", opts.repo);
  if (opts.logs !== undefined) absolute("logs", opts.logs);
  const logs = opts.logs ?? `${opts.out.replace(/\/+$/, "")}/slurm/logs`;
  if (logs.includes("\\")) {
    throw new Error(
      `the logs folder "${logs}" holds a backslash, which turns off Slurm's %A/%a in --output; ` +
        `choose an --out without one`,
    );
  }
  const denoPath = opts.denoPath ?? Deno.execPath();
  absolute("--deno", denoPath);
  const repo = opts.repo.replace(/\/+$/, "");
  return {
    ...opts,
    tasks,
    maxArraySize: opts.maxArraySize ?? 1001,
    logs,
    jobName: opts.jobName ?? "panarchy-sweep",
    denoPath,
    repo,
    command: opts.command ??
      ((w) =>
        `${shellQuote(denoPath)} run ${DENO_PERMISSIONS} ${shellQuote(`${repo}/main.ts`)} sweep ` +
        `${shellQuote(opts.spec)} --out ${w.out} --shard ${w.shard} ` +
        `--workers "\${SLURM_CPUS_PER_TASK:-1}" --no-merge`),
    mergeCommand: opts.mergeCommand ??
      ((w) =>
        `${shellQuote(denoPath)} run ${DENO_PERMISSIONS} ${shellQuote(`${repo}/main.ts`)} ` +
        `sweep merge ${w.out}`),
  };
}

/** Slurm's time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
function isSlurmTime(t: string): boolean {
  const m = t.match(/^(?:(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?|(\d+)(?::(\d+)(?::(\d+))?)?)$/);
  if (!m) return false;
  // Minutes and seconds after a colon are 0-59 (a leading count may be any size).
  const sixty = m[1] !== undefined ? [m[3], m[4]] : m[7] !== undefined ? [m[6], m[7]] : [m[6]];
  return sixty.every((v) => v === undefined || Number(v) < 60) &&
    (m[1] === undefined || Number(m[2]) < 24);
}

/** Partition, account and QOS names go into #SBATCH lines unquoted: keep them plain. */
function name(flag: string, v: string | undefined): void {
  if (v !== undefined && !/^[A-Za-z0-9_.,+-]+$/.test(v)) {
    throw new Error(
      `${flag} "${v}" is not a plain Slurm name; give it as \`sinfo\`/\`sacctmgr\` list it ` +
        `(letters, digits and _ . , + -)`,
    );
  }
}

function absolute(what: string, p: string | undefined): void {
  if (!p?.startsWith("/")) throw new Error(`${what} must be an absolute path, got "${p}"`);
  if (p.includes("\n")) throw new Error(`${what} must not contain a line break, got "${p}"`);
}

/**
 * A log file as an #SBATCH argument: sbatch reads "..." with \ escapes; a % of the folder is
 * doubled so that only the file name's %A, %a, %j are Slurm's patterns.
 */
function sbatchLog(dir: string, pattern: string): string {
  return `"${`${dir.replaceAll("%", "%%")}/${pattern}`.replaceAll('"', '\\"')}"`;
}

/** The #SBATCH lines of the resources shared by every job, each with what it sets. */
function resourceLines(o: Resolved, cpus: number): string[] {
  const lines: string[] = [];
  const add = (why: string, directive: string) => lines.push(`# ${why}`, `#SBATCH ${directive}`);
  if (o.partition) add("Partition (queue) to run in.", `--partition=${o.partition}`);
  if (o.account) add("Account charged for the jobs.", `--account=${o.account}`);
  if (o.qos) add("Quality of service.", `--qos=${o.qos}`);
  if (o.time) add("Wall-clock limit of each job; Slurm ends it after that.", `--time=${o.time}`);
  if (o.mem) add("Memory of each job (on its node).", `--mem=${o.mem}`);
  add("One process per job ...", "--ntasks=1");
  add("... with this many cores (it sets SLURM_CPUS_PER_TASK).", `--cpus-per-task=${cpus}`);
  return lines;
}

function arrayScript(o: Resolved, a: SlurmArray, n: number, of: number): string {
  const last = a.offset + a.size - 1;
  const throttle = o.throttle ? `%${o.throttle}` : "";
  return [
    "#!/usr/bin/env bash",
    `# PANARCHY sweep on Slurm: array script ${n + 1} of ${of}, sweep tasks ${a.offset}-${last} ` +
    `of ${o.tasks} (${o.runs} runs).`,
    "# Written by `main.ts slurm`; run that again rather than editing this file.",
    "#",
    "# Array index i runs sweep task TASK = i + OFFSET: the sweep's runs k with k % TASKS == TASK.",
    "# Each task writes only its own per-run files under OUT; merge.sbatch gathers them.",
    "#",
    "# Submit every script (arrays, then the merge): bash submit.sh",
    "# Resubmit only some tasks of this script, e.g. the failed array indices 3 and 7:",
    `#   sbatch --array=3,7 ${a.script}`,
    "# then, once they have ended, the merge again: sbatch merge.sbatch",
    "#",
    "# Name shown by squeue.",
    `#SBATCH --job-name=${o.jobName}`,
    `# Array indices 0-${a.size - 1}` +
    (o.throttle ? `; %${o.throttle}: at most ${o.throttle} run at once.` : "."),
    `#SBATCH --array=0-${a.size - 1}${throttle}`,
    "# One log per task: %A is the array's job id, %a the array index.",
    `#SBATCH --output=${sbatchLog(o.logs, "%A_%a.out")}`,
    ...resourceLines(o, o.cpusPerTask ?? 1),
    "",
    "# Stop at the first failing command, unset variable or failing pipe.",
    "set -euo pipefail",
    "",
    `OFFSET=${a.offset} # the sweep task of array index 0 in this script`,
    `TASKS=${o.tasks} # tasks in all the array scripts together`,
    "TASK=$((SLURM_ARRAY_TASK_ID + OFFSET))",
    `OUT=${shellQuote(o.out)}`,
    "# The checkout, whose deno.json resolves main.ts's imports.",
    `cd ${shellQuote(o.repo)}`,
    'echo "sweep task $TASK of $TASKS on $(hostname), array job ${SLURM_ARRAY_JOB_ID:-?}"',
    o.command({ task: '"$TASK"', tasks: '"$TASKS"', out: '"$OUT"', shard: '"$TASK/$TASKS"' }),
    "",
  ].join("\n");
}

function mergeScript(o: Resolved): string {
  return [
    "#!/usr/bin/env bash",
    `# PANARCHY sweep on Slurm: the merge of ${o.runs} runs.`,
    "# Written by `main.ts slurm`; run that again rather than editing this file.",
    "#",
    "# Checks that every run of OUT/sweep.json is done, builds OUT/results.parquet and lists the",
    "# failures; it exits 1 when runs are missing. submit.sh submits it with",
    "# --dependency=afterany:<every array>, so it runs once every task has ended, failed or not.",
    "# After resubmitting failed tasks (see the array scripts), run it again:",
    "#   sbatch --dependency=afterany:<their job id> merge.sbatch",
    "#",
    "# Name shown by squeue.",
    `#SBATCH --job-name=${o.jobName}-merge`,
    "# Its log: %j is its job id.",
    `#SBATCH --output=${sbatchLog(o.logs, "merge_%j.out")}`,
    ...resourceLines(o, 1),
    "",
    "# Stop at the first failing command, unset variable or failing pipe.",
    "set -euo pipefail",
    "",
    `OUT=${shellQuote(o.out)}`,
    "# The checkout, whose deno.json resolves main.ts's imports.",
    `cd ${shellQuote(o.repo)}`,
    o.mergeCommand({ out: '"$OUT"' }),
    "",
  ].join("\n");
}

function submitScript(o: Resolved, arrays: SlurmArray[]): string {
  return [
    "#!/usr/bin/env bash",
    `# Submits the PANARCHY sweep's ${arrays.length} array script(s) (${o.tasks} tasks), then`,
    "# merge.sbatch, which waits for all of them (afterany: it runs even when tasks failed).",
    '# Prints "submitted <script> as job <id>" for each; cancel them all with scancel <ids>.',
    "set -euo pipefail",
    "",
    "# The scripts sit beside this file.",
    'cd "$(dirname "${BASH_SOURCE[0]}")"',
    "# Slurm does not create the logs folder: a job whose log cannot be opened fails at once.",
    `mkdir -p ${shellQuote(o.logs)}`,
    "",
    "arrays=()",
    "submit() { # submit <script> [sbatch options...]: prints and records its job id",
    "  local script=$1 id",
    "  shift",
    '  id=$(sbatch --parsable "$@" "$script")',
    '  id=${id%%;*} # --parsable prints "id" or "id;cluster"',
    '  echo "submitted $script as job $id"',
    "  last=$id",
    "}",
    "",
    ...arrays.flatMap((a) => [`submit ${a.script}`, 'arrays+=("$last")']),
    "",
    'submit merge.sbatch --dependency="afterany:$(IFS=:; echo "${arrays[*]}")"',
    "",
  ].join("\n");
}

/** A job that {@link submitSlurm} submitted. */
export interface SubmittedJob {
  /** The script, e.g. `array_0.sbatch` or `merge.sbatch`. */
  script: string;
  /** Slurm's job id (for an array, the array's job id). */
  jobId: string;
}

/**
 * Submits a sweep's Slurm scripts by running `<out>/slurm/submit.sh`.
 *
 * @param out the sweep's output folder (the one given to `main.ts slurm --out`).
 * @param env extra environment for sbatch (e.g. `SLURM_CONF` of a test cluster).
 * @returns the submitted jobs in order: the arrays, then the merge.
 * @throws {Error} when sbatch is not on PATH, or sbatch fails (with its message and the jobs
 *   submitted before it, to cancel or keep).
 * @example
 * ```ts
 * const jobs = await submitSlurm("/data/sweep");
 * console.log(jobs.map((j) => `${j.script}: ${j.jobId}`).join("\n"));
 * ```
 */
export async function submitSlurm(
  out: string,
  env: Record<string, string> = {},
): Promise<SubmittedJob[]> {
  const submit = `${out.replace(/\/+$/, "")}/slurm/submit.sh`;
  if (!(await onPath("sbatch", env.PATH ?? Deno.env.get("PATH") ?? ""))) {
    throw new Error(
      `sbatch not found on PATH: run this on a Slurm login node, or submit ${submit} there`,
    );
  }
  try {
    await Deno.stat(submit);
  } catch {
    throw new Error(
      `${submit} is missing: write it first with \`main.ts slurm <spec> --out ${out}\``,
    );
  }
  const r = await new Deno.Command("bash", {
    args: [submit],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(r.stdout);
  const jobs = [...stdout.matchAll(/^submitted (\S+) as job (\S+)$/gm)].map((m) => ({
    script: m[1],
    jobId: m[2],
  }));
  if (!r.success) {
    const stderr = new TextDecoder().decode(r.stderr).trim();
    const done = jobs.length
      ? `; submitted before it: ${jobs.map((j) => `${j.script} as ${j.jobId}`).join(", ")} ` +
        `(scancel ${jobs.map((j) => j.jobId).join(" ")} to withdraw them)`
      : "";
    throw new Error(`sbatch failed (${submit}, exit ${r.code}): ${stderr || "no message"}${done}`);
  }
  return jobs;
}

/** True when an executable `name` is in one of PATH's folders. */
async function onPath(name: string, path: string): Promise<boolean> {
  for (const dir of path.split(":").filter(Boolean)) {
    try {
      const info = await Deno.stat(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/**
 * Writes a sweep's Slurm scripts into `<out>/slurm/`, each through a temp name and a rename,
 * creates `<out>/slurm/logs/`, and removes array scripts of an earlier, larger generation.
 *
 * @param out the sweep's output folder.
 * @param scripts what {@link slurmScripts} returned.
 * @returns the paths written, in the order of `scripts.files`.
 * @example
 * ```ts
 * const paths = await writeSlurmScripts("/data/sweep", slurmScripts(opts));
 * ```
 */
export async function writeSlurmScripts(out: string, scripts: SlurmScripts): Promise<string[]> {
  const dir = `${out.replace(/\/+$/, "")}/slurm`;
  await Deno.mkdir(`${dir}/logs`, { recursive: true });
  const written: string[] = [];
  for (const f of scripts.files) {
    const path = `${dir}/${f.name}`;
    const tmp = `${path}.tmp-${Deno.pid}`;
    await Deno.writeTextFile(tmp, f.text);
    await Deno.chmod(tmp, f.executable ? 0o755 : 0o644);
    await Deno.rename(tmp, path);
    written.push(path);
  }
  const keep = new Set(scripts.files.map((f) => f.name));
  for await (const e of Deno.readDir(dir)) {
    if (/^array_\d+\.sbatch$/.test(e.name) && !keep.has(e.name)) {
      await Deno.remove(`${dir}/${e.name}`);
    }
  }
  return written;
}

/**
 * Waits until none of the jobs is pending or running (polling `squeue`).
 *
 * @param ids Job ids (an array job's id covers its tasks).
 * @param env Environment of squeue (e.g. SLURM_CONF).
 * @param pollMs Time between polls. @default 2000
 * @throws {Error} when squeue fails (its message).
 */
export async function waitForSlurmJobs(
  ids: readonly string[],
  env: Record<string, string> = {},
  pollMs = 2000,
): Promise<void> {
  while (true) {
    const r = await new Deno.Command("squeue", {
      args: ["-h", "-j", ids.join(","), "-o", "%i"],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(r.stderr);
    // squeue reports jobs it no longer knows (long finished) as invalid: they have ended.
    if (!r.success && !/Invalid job id/i.test(err)) {
      throw new Error(`squeue failed (exit ${r.code}): ${err.trim() || "no message"}`);
    }
    if (r.success && new TextDecoder().decode(r.stdout).trim() === "") return;
    if (!r.success) return;
    await new Promise((done) => setTimeout(done, pollMs));
  }
}
