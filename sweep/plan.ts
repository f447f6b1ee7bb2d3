/**
 * Planning a sweep: the spec's design becomes a list of points (parameter values), every point
 * runs once per seed, and every run gets an identity, a content hash of what determines its
 * result (the resolved scenario with its seed, the ticks, what it records, and the engine's
 * code). The plan is checked whole before any run starts: the base scenario, every point's
 * scenario, the KPIs to record.
 *
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";
import { loadScenario, PRESETS } from "../engine/scenario/load.ts";
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { ScenarioError } from "../engine/scenario/validate.ts";
import { Simulation } from "../engine/simulation.ts";
import { withChanges } from "../analysis/changes.ts";
import {
  fullGrid,
  haltonSequence,
  latinHypercube,
  morrisTrajectories,
  saltelli,
  sobolSequence,
} from "./designs.ts";
import { engineFingerprint, runIdentity } from "./identity.ts";
import {
  type ParameterSpec,
  SAMPLED,
  specError,
  sweepable,
  type SweepSpec,
  valueProblem,
} from "./spec.ts";

/** The format tag of a sweep's `sweep.json`. */
export const PLAN_FORMAT = "panarchy-sweep/1";

/** A value a point gives a parameter. */
export type ParameterValue = number | string | boolean;

/** A varied parameter: its scenario path and type ("number", "integer", "boolean", "string"). */
export interface PlannedParameter {
  path: string;
  type: string;
}

/** One point of the design. */
export interface PlannedPoint {
  point: number;
  /** The value of every varied parameter at this point (the base value where a subexperiment leaves it). */
  values: Record<string, ParameterValue>;
  /** Coordinates in the unit cube of a sampled design (what sensitivity estimators take). */
  unit?: number[];
}

/** One run: a point and a seed. */
export interface PlannedRun {
  /** Position in the plan (shards take `run % N === i`). */
  run: number;
  /** Content hash of the run (16 hex digits). */
  id: string;
  point: number;
  seed: number;
}

/** A whole plan, as stored in `sweep.json`. */
export interface SweepPlan {
  format: typeof PLAN_FORMAT;
  name: string;
  /** Engine version and fingerprint of its code. */
  engine: string;
  /** The base scenario as given and as resolved (path or preset). */
  scenario: { given: string; resolved: string };
  changes: Record<string, unknown>;
  ticks: number;
  design: SweepSpec["design"];
  parameters: PlannedParameter[];
  seeds: number[];
  record: SweepSpec["record"];
  /** The KPIs each run records (resolved: every KPI when the spec names none). */
  kpis: string[];
  points: PlannedPoint[];
  runs: PlannedRun[];
}

/** A plan with the scenario of every point (what the runs need; `sweep.json` holds the plan). */
export interface PlannedSweep {
  plan: SweepPlan;
  /** The scenario of each point, by point index, without a seed. */
  scenarios: ScenarioConfig[];
}

/** The scenario of one point (changes and the point's values on the base), without a seed. */
export function pointScenario(
  base: ScenarioConfig,
  changes: Record<string, unknown>,
  point: PlannedPoint,
): ScenarioConfig {
  return withChanges(base, { ...changes, ...point.values } as never);
}

/**
 * Maps a unit coordinate to a value of a numeric range: linearly, or logarithmically with
 * `scale: "log"`; an integer parameter gives each of lo..hi an equal share of the interval.
 *
 * @example
 * ```ts
 * valueFromUnit(0.5, [1, 100], "log", false); // 10
 * ```
 */
export function valueFromUnit(
  u: number,
  [lo, hi]: readonly [number, number],
  scale: "linear" | "log",
  integer: boolean,
): number {
  if (scale === "log") {
    const v = Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
    return integer ? Math.min(hi, Math.max(lo, Math.round(v))) : Math.min(hi, v);
  }
  if (integer) return Math.min(hi, Math.floor(lo + u * (hi - lo + 1)));
  return Math.min(hi, lo + u * (hi - lo));
}

/** Maps a unit coordinate to a value of a parameter's range. */
function fromUnit(u: number, spec: ParameterSpec, integer: boolean): number {
  return valueFromUnit(u, spec.range!, spec.scale, integer);
}

/** The values a grid takes of one parameter: its list, or `steps` points over its range. */
function gridValues(spec: ParameterSpec, integer: boolean): ParameterValue[] {
  if (spec.values) return spec.values;
  const n = spec.steps!;
  const [lo, hi] = spec.range!;
  const out = Array.from({ length: n }, (_, k) => {
    const u = k / (n - 1);
    const v = spec.scale === "log"
      ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)))
      : lo + u * (hi - lo);
    return integer ? Math.round(v) : k === n - 1 ? hi : v;
  });
  return [...new Set(out)];
}

function typeOf(path: string): string {
  const p = sweepable(path);
  return typeof p === "string" ? "unknown" : p.type;
}

/** The points of a grid over `params` (last parameter varying fastest). */
function gridPoints(params: Record<string, ParameterSpec>): Record<string, ParameterValue>[] {
  const paths = Object.keys(params);
  const lists = paths.map((p) => gridValues(params[p], typeOf(p) === "integer"));
  return fullGrid(lists).map((row) => Object.fromEntries(paths.map((p, i) => [p, row[i]])));
}

/** Unit-cube rows of a sampled design. */
function unitRows(spec: SweepSpec, dims: number): number[][] {
  const d = spec.design;
  const n = d.samples!;
  const seed = d.scramble ? d.seed : undefined;
  switch (d.type) {
    case "lhs":
      return latinHypercube(n, dims, d.seed);
    case "sobol":
      return sobolSequence(n, dims, { skip: d.skip, seed });
    case "halton":
      return haltonSequence(n, dims, { skip: d.skip, seed });
    case "saltelli":
      return saltelli(n, dims, { secondOrder: d.second_order, skip: d.skip, seed });
    case "morris":
      return morrisTrajectories(n, dims, { levels: d.levels, seed: d.seed });
    default:
      throw new Error(`design ${d.type} does not sample the unit cube`);
  }
}

/** Value of a dotted path in a scenario. */
function valueAt(cfg: ScenarioConfig, path: string): ParameterValue {
  let node: unknown = cfg;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  return node as ParameterValue;
}

/** The design's points, without checking them against the scenario. */
export function designPoints(spec: SweepSpec, base: ScenarioConfig): PlannedPoint[] {
  const type = spec.design.type;
  if (type === "grid") {
    return gridPoints(spec.parameters).map((values, point) => ({ point, values }));
  }
  if (type === "subexperiments") {
    const grids = spec.design.experiments!;
    const paths = [...new Set(grids.flatMap((g) => Object.keys(g)))];
    const seen = new Set<string>();
    const out: PlannedPoint[] = [];
    for (const grid of grids) {
      for (const v of gridPoints(grid)) {
        const values = Object.fromEntries(paths.map((p) => [p, p in v ? v[p] : valueAt(base, p)]));
        const key = JSON.stringify(paths.map((p) => values[p]));
        if (seen.has(key)) continue; // the union of the grids: a point two grids share runs once
        seen.add(key);
        out.push({ point: out.length, values });
      }
    }
    return out;
  }
  if (!SAMPLED.includes(type)) throw new Error(`unknown design ${type}`);
  const paths = Object.keys(spec.parameters);
  return unitRows(spec, paths.length).map((unit, point) => ({
    point,
    unit,
    values: Object.fromEntries(
      paths.map((p, i) => [p, fromUnit(unit[i], spec.parameters[p], typeOf(p) === "integer")]),
    ),
  }));
}

/**
 * Resolves `scenario:` of a spec (a sweep's or a calibration's): presets and names as they are,
 * paths from the spec's folder.
 */
export function resolveBase(spec: { scenario: string; source: string }): string {
  const s = spec.scenario;
  const named = (PRESETS as readonly string[]).includes(s) || /^[a-z0-9_]+$/i.test(s);
  if (named || isAbsolute(s) || spec.source.startsWith("<")) return s;
  return join(dirname(spec.source), s);
}

/**
 * Plans a sweep: loads the base scenario, applies the spec's changes, builds the design's
 * points, checks every point's scenario and the KPIs to record, and gives every run (point x
 * seed) its identity. Nothing is written.
 *
 * @param spec A validated spec ({@link parseSweepSpec}).
 * @returns the plan, as `sweep.json` stores it, and the scenario of every point.
 * @throws {ScenarioError} naming the spec, when the base scenario cannot be loaded, a change or
 *   a point makes an invalid scenario, or a KPI to record does not exist.
 *
 * @example
 * ```ts
 * const plan = await planSweep(parseSweepSpec(
 *   "name: s\nscenario: tiny\nticks: 30\nparameters:\n  " +
 *     "economy.households.consume_income: {values: [0.8, 0.9]}\nreplicates: 2\n",
 * ));
 * plan.plan.runs.length; // 4
 * ```
 */
export async function planSweep(spec: SweepSpec): Promise<PlannedSweep> {
  const line = (...path: (string | number)[]) => spec.locate?.(path) ?? 0;
  const problem = (path: (string | number)[], message: string) =>
    specError(spec.source, [{ path: path.join("."), line: line(...path), message }]);
  const resolved = resolveBase(spec);
  let base: ScenarioConfig;
  try {
    base = await loadScenario(resolved);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw problem(["scenario"], `the base scenario cannot be used: ${e.message}`);
  }
  try {
    base = withChanges(base, spec.changes as never);
  } catch (e) {
    throw problem(["changes"], e instanceof Error ? e.message : String(e));
  }
  const points = designPoints(spec, base);
  const paths = points.length > 0 ? Object.keys(points[0].values) : [];
  const parameters = paths.map((path) => ({ path, type: typeOf(path) }));
  const configs: ScenarioConfig[] = [];
  const bad: string[] = [];
  for (const pt of points) {
    for (const p of parameters) {
      const info = sweepable(p.path);
      const why = typeof info === "string" ? info : valueProblem(info, pt.values[p.path]);
      if (why) bad.push(`point ${pt.point}: ${why}`);
    }
    try {
      configs.push(pointScenario(base, {}, pt));
    } catch (e) {
      bad.push(
        `point ${pt.point} (${
          paths.map((p) => `${p}=${JSON.stringify(pt.values[p])}`).join(", ")
        }) makes an invalid scenario: ${e instanceof Error ? e.message : e}`,
      );
    }
  }
  if (bad.length > 0) {
    const more = bad.length > 5 ? `; and ${bad.length - 5} more` : "";
    throw problem(
      [spec.design.type === "subexperiments" ? "design" : "parameters"],
      bad.slice(0, 5).join("; ") + more,
    );
  }
  const declared = [...new Set(configs.flatMap((c) => Simulation.kpisOf(c).map((k) => k.name)))];
  const unknown = [
    ...new Set([...spec.record.kpis, ...(spec.record.correlations ?? []).flat()]),
  ].filter((k) => !declared.includes(k));
  if (unknown.length > 0) {
    throw problem(
      ["record", "kpis"],
      `no KPI ${unknown.map((k) => `"${k}"`).join(", ")}; the scenario's KPIs are ${
        declared.join(", ")
      }`,
    );
  }
  const kpis = spec.record.kpis.length > 0 ? spec.record.kpis : declared;
  const engine = await engineFingerprint();
  const runs: PlannedRun[] = [];
  for (const pt of points) {
    for (const seed of spec.seeds) {
      const id = await runIdentity({
        engine,
        scenario: { ...configs[pt.point], random_seed: seed },
        ticks: spec.ticks,
        record: { ...spec.record, kpis },
      });
      runs.push({ run: runs.length, id, point: pt.point, seed });
    }
  }
  const plan: SweepPlan = {
    format: PLAN_FORMAT,
    name: spec.name,
    engine,
    scenario: { given: spec.scenario, resolved },
    changes: spec.changes,
    ticks: spec.ticks,
    design: spec.design,
    parameters,
    seeds: spec.seeds,
    record: spec.record,
    kpis,
    points,
    runs,
  };
  return { plan, scenarios: configs };
}
