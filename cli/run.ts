/**
 * `main.ts run` and `main.ts validate`.
 * @module
 */
import { resumeRun, type RunResult, runScenario } from "../engine/run.ts";
import { loadScenario, parseScenario } from "../engine/scenario/load.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import type { Progress } from "../engine/run.ts";
import { progressBar } from "./progress.ts";
import { formatSummary, kpiLine } from "./summary.ts";
import { changesFromText, withChanges } from "../analysis/changes.ts";

/** Options of `run`. */
export interface RunFlags {
  scenario: string;
  ticks?: number;
  seed?: number;
  snapshotInterval?: number;
  out?: string;
  overwrite?: boolean;
  resume?: string;
  shock?: string[];
  /** `path=value` scenario changes (`--set`). */
  set?: string[];
  quiet?: boolean;
  /** True when --scenario was given on the command line (not its default). */
  scenarioGiven?: boolean;
}

/**
 * A `--shock` flag as a shock object: comma-separated key=value pairs; numbers are numbers.
 *
 * @example
 * ```ts
 * parseShock("at=180,parameter=economy.households.consume_income,value=0.8,duration=90");
 * ```
 */
export function parseShock(spec: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const part of spec.split(",")) {
    const i = part.indexOf("=");
    if (i <= 0) {
      throw new Error(
        `--shock "${spec}": "${part}" is not key=value; write e.g. ` +
          `at=180,parameter=economy.households.consume_income,op=scale,value=0.8,duration=90`,
      );
    }
    const key = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim();
    out[key] = raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** The scenario with `--set`, `--seed` and `--shock` applied, validated again. */
function withFlags(config: ScenarioConfig, flags: RunFlags): ScenarioConfig {
  const set = flags.set?.length ? withChanges(config, changesFromText(flags.set)) : config;
  if (flags.seed === undefined && !flags.shock?.length) return set;
  return parseScenario(
    JSON.stringify({
      ...set,
      random_seed: flags.seed ?? set.random_seed,
      shocks: [...set.shocks, ...(flags.shock ?? []).map(parseShock)],
    }),
    "the command line (--seed, --shock)",
  );
}

/** Whether the command line changes the scenario (beyond naming it). */
function changesScenario(flags: RunFlags): boolean {
  return flags.seed !== undefined || Boolean(flags.shock?.length) || Boolean(flags.set?.length);
}

/** Runs (or resumes) a scenario and prints the summary. */
export async function runCommand(flags: RunFlags): Promise<void> {
  const bar = progressBar("running");
  const onProgress = (p: Progress) => {
    const every = p.sim.world.config.logging.kpi_interval_days;
    if (!flags.quiet && p.tick % every === 0) bar.note(kpiLine(p.sim.world));
    bar.tick(p.done, p.ticks, p.lastMs);
  };
  let result: RunResult;
  if (flags.resume) {
    const given = flags.scenarioGiven ? await loadScenario(flags.scenario) : null;
    const changed = given !== null || changesScenario(flags);
    result = await resumeRun(flags.resume, {
      ticks: flags.ticks,
      out: flags.out,
      snapshotInterval: flags.snapshotInterval,
      overwrite: flags.overwrite,
      onProgress,
      scenario: changed ? (saved) => withFlags(given ?? saved, flags) : undefined,
    });
  } else {
    const config = withFlags(await loadScenario(flags.scenario), flags);
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
  const settled = result.sim.world.base.economy.settle_days;
  if (result.sim.world.base.systems.economy && settled > 0) {
    console.log(
      `the economy settled ${settled} days before day 0 (economy.settle_days; 0 starts from ` +
        `the solved balance, whose prices are the CPI's base)`,
    );
  }
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
export function pendingSubsystems(
  cfg: { finance: { enable_banks: boolean; simulate_banks: boolean } },
): string[] {
  const out = ["energy", "politics", "ai (rules policies are used)"];
  if (cfg.finance.enable_banks && !cfg.finance.simulate_banks) {
    out.unshift("finance (enable_banks; set finance.simulate_banks to run banks)");
  }
  return out;
}

/** Validates a scenario and prints it resolved. */
export async function validateCommand(file: string): Promise<void> {
  const cfg = await loadScenario(file);
  console.log(JSON.stringify(cfg, null, 2));
}
