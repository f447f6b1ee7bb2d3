/**
 * `facts()`: every stylized fact on one run, or on several runs of a scenario (one per seed).
 * @module
 */
import type { Run } from "../run.ts";
import type { FactOptions } from "./_common.ts";
import { FactsBySeed } from "./by_seed.ts";
import { FACTS } from "./catalogue.ts";
import { evaluateFact, FactsTable } from "./table.ts";

/**
 * Evaluates every stylized fact of {@linkcode FACTS} on a run, or on several runs.
 *
 * Each fact is measured on the same fixed window: `burnIn` days (730) after the run's first KPI
 * tick, then `window` days (1825, five years); see each measure's doc for its estimator and the
 * least it needs. What a run cannot measure is "not available" with a note, never a pass.
 *
 * @param run A run ({@linkcode openRun}, {@linkcode runFromResult}, ...), or an array of runs
 *   (e.g. one per seed).
 * @param opts Burn-in, window, snapshot tick, Hill tail share, smallest firm for growth rates.
 * @returns For one run a {@linkcode FactsTable} (value, target, source, status, note per fact);
 *   for an array a {@linkcode FactsBySeed} (pass count out of n, median, min–max, each run's
 *   value). Both display as tables in the kernel and give `.frame()`.
 * @throws {Error} When given an empty array.
 *
 * @example
 * ```ts
 * import { facts } from "./facts.ts";
 * facts(run).get("unemployment").status; // "pass" | "fail" | "not available"
 * facts([run1, run2, run3]).get("okun").passes; // 0..3
 * ```
 */
export function facts(run: Run, opts?: FactOptions): FactsTable;
export function facts(runs: readonly Run[], opts?: FactOptions): FactsBySeed;
export function facts(
  run: Run | readonly Run[],
  opts: FactOptions = {},
): FactsTable | FactsBySeed {
  if (!Array.isArray(run)) {
    return new FactsTable(FACTS.map((f) => evaluateFact(run as Run, f, opts)));
  }
  const runs = run as readonly Run[];
  const tables = runs.map((r) => new FactsTable(FACTS.map((f) => evaluateFact(r, f, opts))));
  const seeds = runs.map((r) => r.seed);
  const unique = new Set(seeds).size === seeds.length;
  return new FactsBySeed(tables, runs.map((r, i) => unique ? `seed ${r.seed}` : `run ${i + 1}`));
}
