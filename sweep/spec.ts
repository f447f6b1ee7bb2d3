/**
 * The sweep spec: a YAML file that declares an experiment (the base scenario, the parameters
 * to vary with their values or ranges, the design that picks the points, the seeds every point
 * runs with, and what each run records). {@link parseSweepSpec} checks it against the
 * scenario's own schema before anything runs, and every problem comes back with its key path
 * and YAML line.
 *
 * ```yaml
 * name: thrift
 * scenario: tiny_island          # a preset, a scenario in scenarios/, or a path (from this file)
 * changes: { population.persons: 2000 }   # fixed changes to the base, by dotted path
 * ticks: 365
 * parameters:
 *   economy.households.consume_income: { range: [0.7, 0.95] }
 *   economy.labor.matching_efficiency: { values: [0.3, 0.45, 0.6] }
 * design: { type: lhs, samples: 16, seed: 7 }
 * replicates: 3                  # seeds 1, 2, 3 at every point (common random numbers)
 * record: { kpis: [unemployment_rate, cpi], moments: [mean, sd, q50], window: { from: 180 } }
 * ```
 *
 * @module
 */
import { z } from "zod";
import type { ScenarioProblem } from "../engine/scenario/validate.ts";
import { type Locate, type ParameterInfo, ScenarioError } from "../engine/scenario/validate.ts";
import { scenarioParameters } from "../engine/scenario/load.ts";
import { parseChecked, readYamlFile } from "../engine/scenario/yaml.ts";

/** What the errors call a sweep spec. */
export const SPEC = "sweep spec";

/** The designs a sweep may use. */
export const DESIGNS = [
  "grid",
  "subexperiments",
  "lhs",
  "sobol",
  "saltelli",
  "morris",
  "halton",
] as const;
/** A design's name. */
export type DesignType = (typeof DESIGNS)[number];

/** Designs that sample continuous ranges (from the unit cube), so need `range` per parameter. */
export const SAMPLED: readonly DesignType[] = ["lhs", "sobol", "saltelli", "morris", "halton"];

/**
 * Summary statistics a run can record of a KPI over the window: of the daily values, or (the
 * filtered ones) of quarterly means (91-day blocks, as the business-cycle facts take them):
 * `hp_sd` the standard deviation of the Hodrick–Prescott cycle (λ = 1600; Hodrick & Prescott
 * 1997), `hp_pct_sd` the same in percent of the trend (for levels such as GDP), `ac1` the
 * first-order autocorrelation.
 */
export const MOMENTS = [
  "mean",
  "sd",
  "min",
  "max",
  "last",
  "q05",
  "q10",
  "q25",
  "q50",
  "q75",
  "q90",
  "q95",
  "hp_sd",
  "hp_pct_sd",
  "ac1",
] as const;
/** A moment's name. */
export type Moment = (typeof MOMENTS)[number];

const scalar = z.union([z.number(), z.string(), z.boolean()]);

const parameterSchema = z.object({
  values: z.array(scalar).min(1, "give at least one value").optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
  steps: z.number().int().min(2, "a grid over a range needs at least 2 steps").optional(),
  scale: z.enum(["linear", "log"]).default("linear"),
}).strict();

const specSchema = z.object({
  name: z.string().regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "use letters, digits, _ . - (it names the output folder)",
  ),
  scenario: z.string().min(1),
  changes: z.record(z.string(), z.union([scalar, z.array(scalar)])).default({}),
  ticks: z.number().int().min(1),
  parameters: z.record(z.string(), parameterSchema).default({}),
  design: z.object({
    type: z.enum(DESIGNS).default("grid"),
    samples: z.number().int().min(1).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    levels: z.number().int().min(2).default(4),
    second_order: z.boolean().default(true),
    skip: z.number().int().min(0).default(0),
    scramble: z.boolean().default(false),
    experiments: z.array(z.record(z.string(), parameterSchema)).min(1).optional(),
  }).strict().default({
    type: "grid",
    seed: 1,
    levels: 4,
    second_order: true,
    skip: 0,
    scramble: false,
  }),
  replicates: z.number().int().optional(),
  seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).optional(),
  record: z.object({
    kpis: z.array(z.string()).optional(),
    window: z.object({
      from: z.number().int().min(0).default(1),
      to: z.number().int().min(1).optional(),
    }).strict().optional(),
    moments: z.array(z.enum(MOMENTS)).min(1).default(["mean", "sd", "q10", "q50", "q90", "last"]),
    series: z.boolean().default(true),
    facts: z.union([
      z.boolean(),
      z.object({
        burn_in: z.number().int().min(0).default(730),
        window: z.number().int().min(1).default(1825),
        snapshot_every: z.number().int().min(1).default(30),
      }).strict(),
    ]).default(false),
    snapshots: z.number().int().min(0).default(0),
    correlations: z.array(z.tuple([z.string(), z.string()])).default([]),
  }).strict().default({
    correlations: [],
    moments: ["mean", "sd", "q10", "q50", "q90", "last"],
    series: true,
    facts: false,
    snapshots: 0,
  }),
}).strict();

/** A parameter's values or range, as written in the spec. */
export type ParameterSpec = z.infer<typeof parameterSchema>;
/** A sweep spec as parsed (defaults filled in, not yet checked against the scenario). */
export type SweepSpecInput = z.infer<typeof specSchema>;

/** What a run records, resolved. */
export interface RecordSpec {
  /** KPI names whose series and moments are kept (empty: every KPI). */
  kpis: string[];
  /** First and last tick of the moments' window (inclusive). */
  window: { from: number; to: number };
  moments: Moment[];
  /** Keep each run's KPI series. */
  series: boolean;
  /** Evaluate `facts()` with this burn-in, window and snapshot spacing (null: no facts). */
  facts: { burn_in: number; window: number; snapshot_every: number } | null;
  /** Snapshot interval of each run's kept run directory (0: no run directory is kept). */
  snapshots: number;
  /**
   * Moments over windows of their own (a calibration's targets may each name one), each a
   * column of the run's row. Absent in sweeps.
   */
  windowed?: WindowedMoment[];
  /**
   * Pairs of KPIs whose co-movement is recorded as `corr_<a>__<b>`: the correlation of their
   * Hodrick–Prescott cycles of quarterly means over the window (the business-cycle
   * co-movements of King & Rebelo 1999).
   */
  correlations?: [string, string][];
}

/** A KPI's moment over a window of its own, recorded as the column `column`. */
export interface WindowedMoment {
  column: string;
  kpi: string;
  moment: Moment;
  from: number;
  to: number;
}

/** A validated sweep spec. */
export interface SweepSpec {
  name: string;
  /** The base scenario: a preset, a scenario name, or a path resolved against the spec's folder. */
  scenario: string;
  changes: Record<string, unknown>;
  ticks: number;
  parameters: Record<string, ParameterSpec>;
  design: SweepSpecInput["design"];
  /** The seeds every point runs with (common random numbers). */
  seeds: number[];
  record: RecordSpec;
  /** Where the spec came from (a file path or "<text>"). */
  source: string;
  /** Finds the YAML line of a key path of the spec (for errors found when planning). */
  locate?: Locate;
}

/** A {@link ScenarioError} about a sweep spec. */
export function specError(source: string, problems: ScenarioProblem[]): ScenarioError {
  return new ScenarioError(source, problems, SPEC);
}

const PARAMETERS = new Map(scenarioParameters().map((p) => [p.path, p]));

/** The scenario parameter a sweep may vary at `path`, or a message saying why not. */
export function sweepable(path: string): ParameterInfo | string {
  if (path === "random_seed") {
    return "the seed is not a parameter of a sweep: list the seeds under `seeds:` or give " +
      "`replicates: N`";
  }
  const p = PARAMETERS.get(path);
  if (!p) {
    const last = path.split(".").pop() ?? path;
    const near = [...PARAMETERS.keys()].filter((k) => k.endsWith(`.${last}`) || k === last);
    return `no scenario parameter "${path}"` +
      (near.length > 0 ? `; did you mean ${near.slice(0, 3).join(" or ")}?` : "") +
      ` (docs/scenario.md lists them)`;
  }
  if (!["number", "integer", "boolean", "string"].includes(p.type)) {
    return `${path} is a ${p.type === "array" ? "list" : p.type}: a sweep varies numbers, ` +
      `switches and choices; change it under \`changes:\` instead`;
  }
  return p;
}

/** The allowed values of a parameter, in words. */
function allowed(p: ParameterInfo): string {
  if (p.values) return `one of ${p.values.map((v) => JSON.stringify(v)).join(", ")}`;
  const kind = p.type === "integer" ? "an integer" : p.type === "number" ? "a number" : p.type;
  if (p.minimum !== undefined && p.maximum !== undefined) {
    return `${kind} in ${p.minimum}..${p.maximum}`;
  }
  if (p.minimum !== undefined) return `${kind} >= ${p.minimum}`;
  if (p.maximum !== undefined) return `${kind} <= ${p.maximum}`;
  return kind;
}

/** Why `value` cannot be given to the parameter, or undefined when it can. */
export function valueProblem(p: ParameterInfo, value: unknown): string | undefined {
  const numeric = p.type === "number" || p.type === "integer";
  const ok = p.values
    ? p.values.includes(value)
    : numeric
    ? typeof value === "number" && Number.isFinite(value) &&
      (p.type !== "integer" || Number.isInteger(value)) &&
      (p.minimum === undefined || value >= p.minimum) &&
      (p.maximum === undefined || value <= p.maximum)
    : p.type === "boolean"
    ? typeof value === "boolean"
    : typeof value === "string";
  return ok
    ? undefined
    : `${JSON.stringify(value)} is not allowed for ${p.path}: give ${allowed(p)}`;
}

/** Checks one parameter's entry against the scenario's schema and the design. */
function parameterProblems(
  path: string,
  spec: ParameterSpec,
  design: DesignType,
  at: string,
): string[] {
  const p = sweepable(path);
  if (typeof p === "string") return [p];
  const out: string[] = [];
  const sampled = SAMPLED.includes(design);
  if ((spec.values === undefined) === (spec.range === undefined)) {
    return [`give either \`values: [...]\` or \`range: [low, high]\` for ${path}`];
  }
  if (spec.values) {
    if (sampled) {
      out.push(
        `design ${design} samples continuous ranges: give \`range: [low, high]\` for ${path} ` +
          `instead of a list of values (or use design grid or subexperiments for lists)`,
      );
    }
    if (spec.steps !== undefined) out.push(`\`steps\` goes with \`range\`, not with \`values\``);
    for (const v of spec.values) {
      const why = valueProblem(p, v);
      if (why) out.push(why);
    }
    return out;
  }
  const [lo, hi] = spec.range!;
  if (p.type !== "number" && p.type !== "integer") {
    return [`${path} is a ${p.type}: give \`values: [...]\`, a range needs a numeric parameter`];
  }
  if (!(lo < hi)) out.push(`range [${lo}, ${hi}] of ${at} must have low < high`);
  for (const v of [lo, hi]) {
    const why = valueProblem(p, p.type === "integer" ? Math.round(v) : v);
    if (why) out.push(`range [${lo}, ${hi}]: ${why}`);
  }
  if (spec.scale === "log" && lo <= 0) out.push(`a log-scale range needs low > 0, got ${lo}`);
  if (sampled && spec.steps !== undefined) {
    out.push(`design ${design} samples the range itself: remove \`steps\``);
  }
  if (!sampled && spec.steps === undefined) {
    out.push(
      `design ${design} needs the points of a range: add \`steps: N\` (N evenly spaced values) ` +
        `or give \`values: [...]\``,
    );
  }
  return out;
}

/**
 * Parses and checks a sweep spec: the schema, every parameter against the scenario's own
 * schema (it exists, may be varied, its values or range are allowed), the design against the
 * parameters (sampled designs need ranges, grids need lists or steps, Saltelli a power of two),
 * the seeds, and the record's window. The base scenario and the resolved points are checked
 * when the sweep is planned (`planSweep`), still before any run starts.
 *
 * @param text YAML source.
 * @param source Names the spec in messages and resolves a relative `scenario:` path.
 * @returns the validated spec.
 * @throws {ScenarioError} listing every problem with its key path and line.
 *
 * @example
 * ```ts
 * const spec = parseSweepSpec("name: s\nscenario: tiny\nticks: 30\nreplicates: 2\n");
 * spec.seeds; // [1, 2]
 * ```
 */
export function parseSweepSpec(text: string, source = "<text>"): SweepSpec {
  const { value: s, locate, problems, add } = parseChecked(
    text,
    source,
    SPEC,
    "name:, scenario:, ticks:,",
    specSchema,
    "the sweep spec in the README",
  );
  const type = s.design.type;
  for (const [path, p] of Object.entries(s.parameters)) {
    for (const m of parameterProblems(path, p, type, path)) add(["parameters", path], m);
  }
  if (type === "subexperiments") {
    if (!s.design.experiments) {
      add(["design"], "design subexperiments needs `experiments:`, a list of grids");
    }
    if (Object.keys(s.parameters).length > 0) {
      add(
        ["parameters"],
        "with design subexperiments the parameters go inside each of `design.experiments`",
      );
    }
    s.design.experiments?.forEach((grid, i) => {
      if (Object.keys(grid).length === 0) add(["design", "experiments", i], "an empty grid");
      for (const [path, p] of Object.entries(grid)) {
        for (const m of parameterProblems(path, p, "grid", path)) {
          add(["design", "experiments", i, path], m);
        }
      }
    });
  } else {
    if (s.design.experiments) {
      add(["design", "experiments"], `\`experiments\` belongs to design subexperiments`);
    }
    if (Object.keys(s.parameters).length === 0) {
      add(["parameters"], "list at least one parameter to vary, by its scenario path");
    }
  }
  if (SAMPLED.includes(type)) {
    if (s.design.samples === undefined) {
      add(
        ["design"],
        `design ${type} needs \`samples: N\` (${
          type === "morris"
            ? "trajectories"
            : type === "saltelli"
            ? "base samples, a power of two"
            : "points"
        })`,
      );
    } else if (type === "saltelli" && (s.design.samples & (s.design.samples - 1)) !== 0) {
      const n = s.design.samples;
      const lo = 2 ** Math.floor(Math.log2(n));
      add(
        ["design", "samples"],
        `Saltelli sampling needs a power of two, got ${n}: use ${lo} or ${lo * 2}`,
      );
    }
  } else if (s.design.samples !== undefined) {
    add(["design", "samples"], `design ${type} takes its points from the lists: remove samples`);
  }
  if (type === "morris" && s.design.levels % 2 !== 0) {
    add(["design", "levels"], `Morris needs an even number of levels, got ${s.design.levels}`);
  }
  let seeds: number[] = [];
  if (s.seeds !== undefined && s.replicates !== undefined) {
    add(["replicates"], "give `replicates: N` or `seeds: [...]`, not both");
  } else if (s.seeds !== undefined) {
    if (s.seeds.length === 0) add(["seeds"], "list at least one seed");
    if (new Set(s.seeds).size !== s.seeds.length) add(["seeds"], "a seed is listed twice");
    seeds = s.seeds;
  } else {
    const n = s.replicates ?? 1;
    if (n < 1) {
      add(
        ["replicates"],
        `replicates must be at least 1 (each point runs once per seed), got ${n}`,
      );
    }
    seeds = Array.from({ length: Math.max(0, n) }, (_, i) => i + 1);
  }
  const from = s.record.window?.from ?? 1;
  const to = s.record.window?.to ?? s.ticks;
  if (to > s.ticks) add(["record", "window", "to"], `the window ends after the run (${s.ticks})`);
  if (from > to) add(["record", "window"], `the window starts (${from}) after it ends (${to})`);
  if (problems.length > 0) throw specError(source, problems);
  const facts = s.record.facts === false
    ? null
    : s.record.facts === true
    ? { burn_in: 730, window: 1825, snapshot_every: 30 }
    : s.record.facts;
  return {
    name: s.name,
    scenario: s.scenario,
    changes: s.changes,
    ticks: s.ticks,
    parameters: s.parameters,
    design: s.design,
    seeds,
    record: {
      kpis: s.record.kpis ?? [],
      window: { from, to },
      moments: s.record.moments,
      series: s.record.series,
      facts,
      snapshots: s.record.snapshots,
      ...(s.record.correlations.length > 0 ? { correlations: s.record.correlations } : {}),
    },
    source,
    locate,
  };
}

/**
 * Reads and checks a sweep spec file.
 *
 * @throws {ScenarioError} when the file is missing, unreadable or invalid.
 */
export async function loadSweepSpec(path: string): Promise<SweepSpec> {
  return parseSweepSpec(await readYamlFile(path, SPEC), path);
}
