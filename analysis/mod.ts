/**
 * The analysis library: open a run (from disk or memory), read its KPIs and snapshot tables as
 * Arrow tables and danfojs DataFrames, draw figures, measure stylized facts against their
 * literature targets, run live from a notebook, fork a snapshot into what-if branches, and
 * execute notebooks headless. Re-exported by the root `mod.ts`, which is what notebooks import.
 *
 * @example
 * ```ts
 * import { facts, forkRun, loadScenario, runLive } from "../mod.ts";
 * const run = await runLive(await loadScenario("tiny_island"), {
 *   ticks: 365,
 *   changes: { "population.persons": 20_000 },
 * });
 * facts(run, { burnIn: 365 }); // a table of pass / fail / not available
 * ```
 *
 * @module
 */
export { Run, type TileGrid } from "./run.ts";
export { openRun, runFromResult, runFromTables, type RunTablesInput } from "./run_sources.ts";
export { changesBetween, type ChangeValue, type ScenarioChanges, withChanges } from "./changes.ts";
export { runLive, type RunLiveOptions, runSweepLive, type RunSweepLiveOptions } from "./live.ts";
export {
  type FanOptions,
  type HeatmapOptions,
  type PlotParameterOptions,
  type RunStatus,
  type SobolOptions,
  type SweepBand,
  type SweepFailure,
  SweepResults,
} from "./sweep.ts";
export { openSweep } from "./sweep_sources.ts";
export { type SensitivityRow, SensitivityTable } from "./sweep_sensitivity.ts";
export { runSql, type RunSqlOptions, type SqlRun } from "./sql.ts";
export {
  type Fork,
  type ForkOptions,
  forkRun,
  KpiDiff,
  plotFork,
  type ShockInput,
} from "./fork.ts";
export {
  bassImitationCoefficient,
  bassInnovationCoefficient,
  beveridgeCorrelation,
  BURN_IN_DAYS,
  consumptionCorrelation,
  consumptionVolatility,
  CYCLE_MOMENTS,
  type CycleFactId,
  type CycleMoment,
  dependencyRatio,
  entrantSurvival,
  evaluateFact,
  factFigures,
  type FactOptions,
  factOverWindows,
  type FactRow,
  FACTS,
  facts,
  FactsBySeed,
  type FactSpec,
  FactsTable,
  type FactStatus,
  firmCountDrift,
  firmEntryRate,
  firmExitRate,
  firmGrowthShape,
  firmSizeTailExponent,
  householdSizeDrift,
  impliedDurationMonths,
  incomeGini,
  inflationRate,
  investmentCorrelation,
  investmentShare,
  investmentVolatility,
  jobFindingRate,
  jobToJobRate,
  layoffRate,
  meanHouseholdSize,
  type Measure,
  mincerReturn,
  type NotAvailable,
  okunCoefficient,
  onePersonHouseholdShare,
  outputVolatility,
  overtimeShare,
  parseUsMacrodata,
  partneredShare,
  plotFact,
  plotReferenceWindows,
  priceChangeSize,
  priceDispersion,
  pricePhillipsSlope,
  priceSpellMonths,
  productivityDispersion,
  productivityGrowth,
  type ReferenceEconomy,
  referenceMoment,
  type ReferenceWindows,
  referenceWindows,
  type SeedFactRow,
  separationRate,
  technologyGrowth,
  unemploymentDrift,
  unemploymentDurationMean,
  unemploymentDurationMedian,
  unemploymentRate,
  usMacroData,
  vacancyRate,
  vacancyYield,
  wagePhillipsSlope,
  wageProductivityGap,
  wageRatio9010,
  wealthGini,
  WINDOW_DAYS,
  type WindowValue,
} from "./facts/mod.ts";
export {
  type ColumnRecord,
  type DataFrame,
  type Series,
  toDataFrame,
  type ToDataFrameOptions,
  type TypedColumn,
  withFrameDisplay,
} from "./dataframe.ts";
export {
  type Displayable,
  escapeHtml,
  formatCell,
  htmlTable,
  type HtmlTableOptions,
  installHtmlDisplay,
  JUPYTER_DISPLAY,
  type JupyterBroadcaster,
  type LiveDisplay,
  liveDisplay,
  type LiveDisplayOptions,
  type MimeBundle,
  tableHtml,
  type TableSource,
  withHtmlDisplay,
} from "./display.ts";
export {
  type AgeBins,
  agePyramid,
  ccdf,
  type CcdfOptions,
  type ColorClassScale,
  type ColorScheme,
  defaults as plotDefaults,
  type Figure,
  type FigureElement,
  type FigureOptions,
  type KpiColumns,
  kpiLines,
  type KpiLinesOptions,
  scatterFit,
  type ScatterFitOptions,
  tileMap,
  type TileMapOptions,
} from "./plots.ts";
export {
  type CcdfPoints,
  ccdfPoints,
  coefficientOfVariation,
  gini,
  hillTailExponent,
  hpFilter,
  type HpResult,
  logGamma,
  mean,
  type MultiOlsFit,
  type Numbers,
  ols,
  type OlsFit,
  olsSlope,
  pearson,
  quantile,
  skewness,
  standardDeviation,
  subbotinMomentRatio,
  subbotinShape,
} from "./stats.ts";
export { BASS_MIN_POINTS, type BassFit, bassShare, fitBass } from "./diffusion.ts";
export {
  declaredParameters,
  executeAllNotebooks,
  type ExecuteAllOptions,
  executeNotebook,
  type ExecuteNotebookOptions,
  findJupyter,
  type FindJupyterOptions,
  hasOutputs,
  injectParameters,
  installKernel,
  type InstallKernelOptions,
  JUPYTER_INSTALL_HINT,
  type JupyterInstall,
  type KernelInstall,
  type LateOutput,
  type Notebook,
  type NotebookCell,
  NotebookExecutionError,
  type NotebookResult,
  type NotebookRun,
  outputSignature,
  type ParamValue,
  readNotebook,
  stripNotebookFiles,
  stripOutputs,
} from "./notebook_runner.ts";
// Imported for its effect inside the Deno kernel: cells wait until their outputs are sent.
export { holdCellsForOutputs, OUTPUT_FLUSH_MS } from "./kernel_output.ts";
export {
  CalibrationReport,
  type CalibrationRow,
  CalibrationTable,
  CalibrationWarnings,
  openCalibration,
} from "./calibration.ts";
