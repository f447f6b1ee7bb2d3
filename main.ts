/**
 * The PANARCHY command line: `run`, `sweep`, `slurm`, `calibrate`, `bench`, `notebook`, `notebooks`,
 * `strip-notebooks`, `kernel-install`, `docs`, `validate`.
 * Every command has `--help`. Errors a user can cause print one clear message and exit 1.
 *
 * @module
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { benchCommand, benchOneCommand, PASS_NAMES } from "./cli/bench.ts";
import { docsCommand } from "./cli/docs.ts";
import { initCommand } from "./cli/init.ts";
import { ENGINE_VERSION } from "./engine/snapshot/run_dir.ts";
import {
  kernelInstallCommand,
  notebookCommand,
  notebooksCommand,
  stripNotebooksCommand,
} from "./cli/notebook.ts";
import { runCommand, validateCommand } from "./cli/run.ts";
import { parseShard, sweepCommand, sweepMergeCommand } from "./cli/sweep.ts";
import { slurmCommand } from "./cli/slurm.ts";
import { calibrateCommand } from "./cli/calibrate.ts";
import { calibrateBatchCommand } from "./calibrate/slurm.ts";
import { SEARCHES } from "./calibrate/spec.ts";

function integer(name: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got "${value}"`);
    }
    return n;
  };
}

function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const i = value.indexOf("=");
  if (i <= 0) throw new InvalidArgumentError(`--param needs key=value, got "${value}"`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

/** Builds the CLI program (exported for tests). */
export function program(): Command {
  const p = new Command("panarchy")
    .description("PANARCHY: a deterministic agent-based world simulation engine.")
    .version(`panarchy ${ENGINE_VERSION} (deno ${Deno.version.deno})`, "-V, --version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => Deno.stderr.writeSync(new TextEncoder().encode(s)) });

  p.command("run")
    .description("Run a scenario, write snapshots and print KPIs and timings.")
    .option(
      "--scenario <file|preset>",
      "YAML file, preset (tiny, small, medium, large, xl) or " +
        "scenario name in scenarios/",
      "tiny_island",
    )
    .option("--ticks <n>", "ticks (days) to run; default: the scenario's ticks", integer("--ticks"))
    .option("--seed <s>", "override the scenario's random_seed", integer("--seed"))
    .option(
      "--snapshot-interval <n>",
      "snapshot every N ticks (0: final state only)",
      integer("--snapshot-interval"),
    )
    .option("--out <dir>", "run directory (default snapshots/<scenario>/<stamp>-s<seed>)")
    .option(
      "--overwrite",
      "replace a directory that holds a PANARCHY run (and nothing else), once the new run has " +
        "started",
    )
    .option(
      "--resume <snapshot dir>",
      "continue from <run>/tick=N of an earlier run (or <run>: its last snapshot) into a new --out; with --scenario, " +
        "--set, --seed or --shock the changes are recorded (the world's structure must stay)",
    )
    .option(
      "--shock <spec>",
      "add a shock, e.g. at=180,parameter=economy.households.consume_income,op=scale," +
        "value=0.8,duration=90 (repeatable)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      "--set <path=value>",
      "change one scenario parameter, e.g. economy.settle_passes=2 or population.persons=20000 " +
        "(the value read as JSON, else as text; validated; repeatable)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option("--quiet", "print only the run directory")
    .action((flags, cmd: Command) =>
      runCommand({ ...flags, scenarioGiven: cmd.getOptionValueSource("scenario") === "cli" })
    );

  const sweep = p.command("sweep")
    .description(
      "Run a parameter sweep from a spec (see the README): every point of its design once per " +
        "seed, on a pool of workers; finished runs are skipped, so a killed sweep resumes.",
    )
    .argument("<spec>", "sweep spec (YAML)")
    .option("--out <dir>", "the sweep's folder (default snapshots/sweeps/<name>)")
    .option(
      "--workers <n>",
      `runs at once (default: the machine's ${navigator.hardwareConcurrency} cores)`,
      integer("--workers", 1),
    )
    .option("--shard <i/N>", "do only the runs k with k % N == i, and do not merge", parseShard)
    .option("--no-merge", "do not write results.parquet at the end")
    .option("--quiet", "no progress bar")
    .action(sweepCommand);
  sweep.command("merge")
    .description("Check that every run of a sweep is done and write its results.parquet.")
    .argument("<dir>", "the sweep's folder")
    .action(sweepMergeCommand);

  p.command("validate")
    .description("Check a scenario file and print the resolved scenario as JSON.")
    .argument("<file|preset>", "scenario to check")
    .action(validateCommand);

  p.command("calibrate")
    .description(
      "Estimate parameters against target moments (method of simulated moments): space-filling " +
        "starts, a surrogate search, a local refinement, bootstrap intervals, profiles; a killed " +
        "calibration continues where it stopped.",
    )
    .argument("<spec>", "calibration spec (YAML)")
    .option("--out <dir>", "the calibration's folder (default snapshots/calibrations/<name>)")
    .option(
      "--workers <n>",
      `runs at once (default: the machine's ${navigator.hardwareConcurrency} cores)`,
      integer("--workers", 1),
    )
    .option("--report <file.html>", "also write the calibration report (notebook 05) as HTML")
    .option("--quiet", "no progress lines")
    .option(
      "--slurm",
      "run every batch as a Slurm job array (sbatch on PATH); the search stays in this process",
    )
    .option("--partition <name>", "with --slurm: partition (queue) to run in")
    .option("--time <limit>", "with --slurm: time limit per task (D-HH:MM:SS, HH:MM:SS, minutes)")
    .option("--mem <size>", "with --slurm: memory per task, e.g. 4G")
    .option("--account <name>", "with --slurm: account to charge")
    .option(
      "--cpus-per-task <n>",
      "with --slurm: cores (workers) per task",
      integer("--cpus-per-task", 1),
    )
    .option("--deno <path>", "with --slurm: deno binary on the nodes (default: this one)")
    .action(calibrateCommand);

  p.command("calibrate-batch", { hidden: true })
    .description("Do a share of a calibration batch's runs (one task of its Slurm job array).")
    .argument("<dir>", "the calibration's folder")
    .argument("<batch>", "the batch number")
    .requiredOption("--shard <i/N>", "the runs k with k % N == i", parseShard)
    .option("--workers <n>", "runs at once", integer("--workers", 1), 1)
    .action(calibrateBatchCommand);

  p.command("bench")
    .description("Time the presets (ms/tick median and p95, peak memory, bytes per person).")
    .option("--presets <list>", "comma-separated presets", "tiny,small,medium,large,xl")
    .option(
      "--passes <list>",
      `comma-separated passes (default all): ${PASS_NAMES.join(", ")}`,
    )
    .option(
      "--repeat <n>",
      "runs of each preset per pass; the table shows the middle one and the range",
      integer("--repeat", 1),
      1,
    )
    .option("--ticks <n>", "timed ticks per preset", integer("--ticks", 1), 30)
    .option(
      "--warmup <n>",
      "untimed ticks first (JIT and start-up settle)",
      integer("--warmup"),
      20,
    )
    .option("--json <file>", "also write the results as JSON")
    .option("--no-sweep", "skip the sweep throughput (one worker against two)")
    .option(
      "--no-calibration",
      "skip the calibration bench (3 parameters recovered on a 5,000-person island; minutes)",
    )
    .addOption(
      new Option("--calibration-search <search>", "the calibration bench's search")
        .choices(SEARCHES)
        .default("gp_moments"),
    )
    .action(benchCommand);

  p.command("bench-one", { hidden: true })
    .requiredOption("--preset <name>")
    .option("--ticks <n>", "timed ticks", integer("--ticks", 1), 30)
    .option("--warmup <n>", "untimed ticks", integer("--warmup"), 5)
    .option("--core", "environment and population only")
    .option("--government", "every system, the government too")
    .option("--technology", "every system, technology too")
    .option("--banks", "tiny_island's banks too (its keys beyond overdraft_island's)")
    .action(benchOneCommand);

  p.command("notebook")
    .description("Execute a notebook through the Deno kernel with injected parameters.")
    .argument("<file>", ".ipynb to execute")
    .option("--param <key=value>", "set a parameter (repeatable)", keyValue, {})
    .option("--out <file>", "executed notebook (default snapshots/notebooks/<name>.ipynb)")
    .option("--html [file]", "also write a self-contained HTML report (default: --out as .html)")
    .action(notebookCommand);

  p.command("notebooks")
    .description("Execute every notebook in a folder; fail on any cell error.")
    .argument("[dir]", "folder of notebooks", "notebooks")
    .option("--out-dir <dir>", "where executed notebooks go", "snapshots/notebooks")
    .option("--html", "also write an HTML report of each")
    .action(notebooksCommand);

  p.command("strip-notebooks")
    .description("Remove outputs and execution counts from notebooks before committing them.")
    .argument("[files...]", "notebooks (default: every notebook in notebooks/)")
    .option("--check", "change nothing; fail when a notebook has outputs")
    .action(stripNotebooksCommand);

  p.command("kernel-install")
    .description(
      "Register the Deno Jupyter kernel with a deno binary outside npm's cache (repeatable).",
    )
    .option("--bin-dir <dir>", "where to copy a cached deno binary (default ~/.local/bin)")
    .action(kernelInstallCommand);

  p.command("init")
    .description(
      "Set up a folder of your own for notebooks that import PANARCHY: a deno.json using this " +
        "checkout's import map, and a starter notebook (existing files are never overwritten).",
    )
    .argument("<dir>", "folder to set up (created if missing)")
    .action(initCommand);

  p.command("slurm")
    .description(
      "Plan a sweep and write the Slurm job arrays that run it (DIR/slurm/*.sbatch, submit.sh); " +
        "--submit also submits them.",
    )
    .argument("<spec>", "sweep spec (YAML)")
    .requiredOption("--out <dir>", "the sweep's output folder (on a filesystem the nodes share)")
    .option(
      "--tasks <n>",
      "array tasks in all, each running every n-th run (default: runs, at most 100)",
      integer("--tasks", 1),
    )
    .option(
      "--throttle <k>",
      "at most K tasks of each array at once (%K)",
      integer("--throttle", 1),
    )
    .option("--partition <name>", "partition (queue) to run in")
    .option("--time <limit>", "time limit per task: D-HH:MM:SS, HH:MM:SS or minutes")
    .option("--mem <size>", "memory per task, e.g. 4G or 2000M")
    .option("--account <name>", "account to charge")
    .option("--qos <name>", "quality of service")
    .option(
      "--cpus-per-task <n>",
      "cores per task; the sweep runs that many workers",
      integer("--cpus-per-task", 1),
    )
    .option(
      "--max-array-size <n>",
      "the cluster's MaxArraySize (scontrol show config); more tasks are split into several " +
        "arrays",
      integer("--max-array-size", 1),
      1001,
    )
    .option("--deno <path>", "deno binary on the nodes (default: this one)")
    .option("--submit", "submit with sbatch now (on a login node) and print the job ids")
    .action(async (spec: string, flags) => {
      await slurmCommand(spec, flags);
    });

  p.command("docs")
    .description("Generate docs/scenario.md and docs/tables.md from the declarations.")
    .option("--out-dir <dir>", "output folder", "docs")
    .action(docsCommand);
  return p;
}

/** True when PANARCHY_DEBUG is set; false without --allow-env rather than an error. */
function debugging(): boolean {
  try {
    const state = Deno.permissions.querySync({ name: "env", variable: "PANARCHY_DEBUG" }).state;
    return state === "granted" && Boolean(Deno.env.get("PANARCHY_DEBUG"));
  } catch {
    return false;
  }
}

/** One line for an error a user can cause; a missing permission says which flag to add. */
export function errorLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    const flag = msg.match(/--allow-[a-z]+/)?.[0];
    if (flag) {
      return `missing permission: ${msg.split(/[,;]/)[0]}; run the command through ` +
        `\`deno task\` (see the README) or add ${flag}`;
    }
  }
  return msg;
}

if (import.meta.main) {
  try {
    await program().parseAsync(Deno.args, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) Deno.exit(e.exitCode);
    console.error(`error: ${errorLine(e)}`);
    if (debugging() && e instanceof Error) console.error(e.stack);
    Deno.exit(1);
  }
}
