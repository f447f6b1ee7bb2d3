/**
 * `main.ts run` and `main.ts validate`.
 * @module
 */
import { resumeRun, type RunResult, runScenario } from "../engine/run.ts";
import { loadScenario, parseScenario } from "../engine/scenario/load.ts";
import { progressBar } from "./progress.ts";
import { formatSummary } from "./summary.ts";

/** Options of `run`. */
export interface RunFlags {
  scenario: string;
  ticks?: number;
  seed?: number;
  snapshotInterval?: number;
  out?: string;
  overwrite?: boolean;
  resume?: string;
  quiet?: boolean;
}

/** Runs (or resumes) a scenario and prints the summary. */
export async function runCommand(flags: RunFlags): Promise<void> {
  const bar = progressBar("running");
  const onProgress = (p: { done: number; ticks: number; lastMs: number }) => {
    bar.tick(p.done, p.ticks, p.lastMs);
  };
  let result: RunResult;
  if (flags.resume) {
    if (flags.seed !== undefined) throw new Error("--seed cannot change a resumed run");
    result = await resumeRun(flags.resume, {
      ticks: flags.ticks,
      out: flags.out,
      snapshotInterval: flags.snapshotInterval,
      overwrite: flags.overwrite,
      onProgress,
    });
  } else {
    let config = await loadScenario(flags.scenario);
    if (flags.seed !== undefined) {
      config = parseScenario(JSON.stringify({ ...config, random_seed: flags.seed }), "--seed");
    }
    if (!flags.quiet) describe(config.name, config.random_seed, flags.ticks ?? config.ticks);
    result = await runScenario(config, {
      ticks: flags.ticks,
      out: flags.out,
      snapshotInterval: flags.snapshotInterval,
      overwrite: flags.overwrite,
      onProgress,
    });
  }
  bar.end();
  if (flags.quiet) {
    console.log(result.dir);
    return;
  }
  const { active, off } = result.sim.activeSystems;
  console.log(`systems: ${active.join(", ")}${off.length ? ` (off: ${off.join(", ")})` : ""}`);
  const pending = pendingSubsystems(result.sim.world.base);
  if (pending.length) {
    console.log(`configured but not implemented yet (validated, no effect): ${pending.join(", ")}`);
  }
  console.log(formatSummary(result));
}

function describe(name: string, seed: number, ticks: number) {
  console.log(`scenario ${name}, seed ${seed}, ${ticks} ticks`);
}

/** Scenario sections that are validated but drive no system yet. */
export function pendingSubsystems(cfg: { finance: { enable_banks: boolean } }): string[] {
  const out = ["energy", "politics", "ai (rules policies are used)"];
  if (cfg.finance.enable_banks) out.unshift("finance (enable_banks)");
  return out;
}

/** Validates a scenario and prints it resolved. */
export async function validateCommand(file: string): Promise<void> {
  const cfg = await loadScenario(file);
  console.log(JSON.stringify(cfg, null, 2));
}
