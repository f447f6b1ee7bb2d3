/**
 * PANARCHY's public API: what a notebook or another program imports. Everything not exported
 * here is private to the engine.
 *
 * @example
 * ```ts
 * import { loadScenario, runScenario } from "./mod.ts";
 * const { sim } = await runScenario(await loadScenario("tiny_island"), { ticks: 30, out: null });
 * console.log(sim.world.kpis.series("population"));
 * ```
 * @module
 */
export {
  loadScenario,
  parseScenario,
  PRESETS,
  ScenarioError,
  scenarioParameters,
  validateScenario,
} from "./engine/scenario/load.ts";
export type { ScenarioConfig, ScenarioInput, Shock } from "./engine/scenario/schema.ts";
export { configAt } from "./engine/scenario/shocks.ts";
export { Simulation } from "./engine/simulation.ts";
export type { SimWorld } from "./engine/world.ts";
export {
  type Progress,
  resumeRun,
  type RunOptions,
  type RunResult,
  runScenario,
  type SystemTiming,
  timingSummary,
} from "./engine/run.ts";
export { type LoadOptions, loadSnapshot, readManifest } from "./engine/snapshot/resume.ts";
export { kpisToArrow, type Manifest, type ScenarioChange } from "./engine/snapshot/run_dir.ts";
export { partitionFile } from "./engine/snapshot/output_dir.ts";
export { tableToArrow } from "./engine/snapshot/arrow.ts";
export { readParquetFile } from "./engine/snapshot/parquet.ts";
export { InvariantError } from "./engine/core/invariants.ts";
export { TABLE_SPECS } from "./engine/tables/mod.ts";
export { EVENTS } from "./engine/events.ts";
export { harvestForest, openMine, protectArea, stopHarvest } from "./engine/systems/environment.ts";
export {
  chooseSupplier,
  invest,
  postVacancies,
  setPrice,
  VerbError,
} from "./engine/systems/economy/verbs.ts";
export { migrate } from "./engine/systems/economy/migration.ts";
export { issueLoan, setPolicyRate } from "./engine/systems/finance/verbs.ts";
export {
  balanceSheets,
  BSM_ROWS,
  SECTORS,
  TFM_ROWS,
  transactionFlows,
} from "./engine/systems/finance/checks.ts";
export {
  investPublic,
  setEducation,
  setPublicInvestment,
  setPurchases,
  setTaxRate,
  setTransfers,
  type Tax,
  TAXES,
  type Transfer,
  TRANSFERS,
} from "./engine/systems/government/verbs.ts";
export { BUDGET_ITEMS } from "./engine/tables/polities.ts";
export { adoptTech, startRnD } from "./engine/systems/technology/verbs.ts";
export { technologyNodes } from "./engine/systems/technology/dag.ts";
export {
  runSweep,
  type SweepOptions,
  type SweepProgress,
  type SweepResult,
  sweepSpec,
} from "./sweep/run.ts";
export type { SweepSpec } from "./sweep/spec.ts";
export type { SweepPlan } from "./sweep/plan.ts";
export {
  type CalibrationOptions,
  type CalibrationProgress,
  runCalibration,
} from "./calibrate/run.ts";
export type {
  CalibrationResult,
  CalibrationState,
  Estimate,
  Evaluation,
  Stage,
} from "./calibrate/state.ts";
export {
  type CalibratedParameter,
  type CalibrationSpec,
  loadCalibrationSpec,
  parseCalibrationSpec,
  type Target,
} from "./calibrate/spec.ts";
export type { IdentifiabilityWarning, MomentFit, Profile } from "./calibrate/uncertainty.ts";
export type { MomentSensitivity, SensitivityResult } from "./calibrate/sensitivity.ts";
export * from "./analysis/mod.ts";
