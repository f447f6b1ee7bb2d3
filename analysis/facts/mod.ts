/**
 * Stylized facts: does a run look like an economy and a population? Each measure is a plain
 * function of a {@linkcode Run} whose doc comment gives the literature target and its source;
 * {@linkcode facts} evaluates them all into a table of value, target range, source and
 * pass / fail / not available, and {@linkcode plotFact} draws each against its target.
 *
 * Where the data comes from: a fact measured on a KPI uses the KPI's mean over the window after
 * the burn-in (ticks ≥ first tick + `burnIn`); a cross-section (firm sizes, Gini) uses the
 * engine's KPI when the run has it and otherwise the last snapshot's table. Anything a run
 * lacks (no economy yet, too short a window) is "not available" with a note saying why, never
 * a pass and never an exception.
 *
 * Rates are shares (0.05 = 5 %); a KPI whose unit says "%" or "percent" is divided by 100.
 *
 * @example
 * ```ts
 * import { openRun } from "../run.ts";
 * import { facts } from "./mod.ts";
 * const table = facts(await openRun("snapshots/tiny_island/run1"), { burnIn: 90 });
 * table.rows.filter((r) => r.status === "fail");
 * ```
 *
 * @module
 */
export { evaluateFact, factFigures, FACTS, facts, FactsTable, plotFact } from "./catalogue.ts";
export { crudeBirthRate, crudeDeathRate, dependencyRatio } from "./demography.ts";
export {
  firmSizeSkewness,
  firmSizeTailExponent,
  priceDispersion,
  priceDispersionPersistence,
} from "./firms.ts";
export { beveridgeCorrelation, inflationRate, okunCoefficient, unemploymentRate } from "./macro.ts";
export { incomeGini, wealthGini } from "./inequality.ts";
export type {
  FactOptions,
  FactRow,
  FactSpec,
  FactStatus,
  Measure,
  NotAvailable,
} from "./_common.ts";
