/**
 * Stylized facts: does a run look like an economy and a population? Each measure is a plain
 * function of a {@linkcode Run} whose doc comment gives how it is measured (window, estimator),
 * the literature target and its source; {@linkcode facts} evaluates them all into a table of
 * value, target range, source and pass / fail / not available (or, over several runs, pass
 * counts), and {@linkcode plotFact} draws each against its target.
 *
 * The window: every fact is measured on the same fixed span, `burnIn` days (default 730) after
 * the run's first KPI tick and then `window` days (default 1825, five years). A longer run is cut
 * at the window's end, so a verdict does not flip with the run's length; a shorter run is
 * measured on the part it covers when that reaches the fact's minimum (a year for means and
 * rates, three years for drifts and HP-filtered cycles, two snapshots a year apart for firm
 * growth), and is otherwise "not available" with a note saying how many days it needs.
 * Time-series facts read the daily KPIs; cross-sections (wages, schooling, unemployment spells,
 * firm growth) read the snapshots inside the window. Nothing a run lacks is ever a pass.
 *
 * Rates are shares (0.05 = 5 %); a KPI whose unit says "%" or "percent" is divided by 100.
 *
 * How much a verdict owes to its window: {@linkcode referenceWindows} measures the cycle facts on
 * every window of n quarters of the US data, 1959Q1-2009Q3 ({@linkcode usMacroData}), and
 * {@linkcode factOverWindows} any fact on successive windows of a long run (`windows.ts`).
 *
 * @example
 * ```ts
 * import { openRun } from "../run_sources.ts";
 * import { facts } from "./mod.ts";
 * const table = facts(await openRun("snapshots/tiny_island/run1"), { burnIn: 365 });
 * table.rows.filter((r) => r.status === "fail");
 * ```
 *
 * @module
 */
export { FACTS } from "./catalogue.ts";
export { facts } from "./facts.ts";
export { FactsBySeed, type SeedFactRow } from "./by_seed.ts";
export { evaluateFact, factFigures, FactsTable, plotFact } from "./table.ts";
export {
  dependencyRatio,
  householdSizeDrift,
  meanHouseholdSize,
  onePersonHouseholdShare,
  partneredShare,
} from "./demography.ts";
export {
  entrantSurvival,
  firmCountDrift,
  firmEntryRate,
  firmExitRate,
  firmGrowthBySize,
  firmGrowthShape,
  firmSizeTailExponent,
  type GrowthBySize,
  type SizeClass,
} from "./firms.ts";
export {
  impliedDurationMonths,
  inflationRate,
  priceChangeSize,
  priceDispersion,
  priceSpellMonths,
} from "./prices.ts";
export {
  jobFindingRate,
  jobToJobRate,
  layoffRate,
  mincerReturn,
  overtimeShare,
  separationRate,
  unemploymentDrift,
  unemploymentDurationMean,
  unemploymentDurationMedian,
  unemploymentRate,
  vacancyRate,
  vacancyYield,
  wageProductivityGap,
  wageRatio9010,
} from "./labor.ts";
export {
  beveridgeCorrelation,
  consumptionCorrelation,
  consumptionVolatility,
  investmentCorrelation,
  investmentShare,
  investmentVolatility,
  okunCoefficient,
  outputVolatility,
  pricePhillipsSlope,
  wagePhillipsSlope,
} from "./cycle.ts";
export { CYCLE_MOMENTS, type CycleMoment } from "./cycle.ts";
export {
  type CycleFactId,
  factOverWindows,
  parseUsMacrodata,
  plotReferenceWindows,
  type ReferenceEconomy,
  type ReferenceFactId,
  referenceMoment,
  type ReferenceWindows,
  referenceWindows,
  usMacroData,
  type WindowValue,
} from "./windows.ts";
export { bankruptcyCorrelation, creditCorrelation } from "./finance.ts";
export { incomeGini, wealthGini } from "./inequality.ts";
export {
  bassImitationCoefficient,
  bassInnovationCoefficient,
  productivityDispersion,
  productivityGrowth,
  technologyGrowth,
} from "./technology.ts";
export { BURN_IN_DAYS, WINDOW_DAYS } from "./_common.ts";
export type {
  FactOptions,
  FactRow,
  FactSpec,
  FactStatus,
  Measure,
  NotAvailable,
} from "./_common.ts";
