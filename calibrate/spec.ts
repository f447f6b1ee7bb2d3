/**
 * The calibration spec: a YAML file that says which parameters to estimate within which
 * bounds, against which target moments (with their standard errors and sources), how the
 * moments are measured, how many seeds each point runs with, the loss, the search and its run
 * budget. {@link parseCalibrationSpec} checks it whole before anything runs; every problem comes
 * back with its key path and YAML line.
 *
 * ```yaml
 * name: labor
 * scenario: tiny_island
 * changes: { population.persons: 2000, economy.firms: 120 }
 * ticks: 365
 * window: { from: 180 }             # moments over ticks 180..365
 * parameters:
 *   economy.labor.matching_efficiency: { bounds: [0.2, 0.8] }
 *   economy.labor.quit_rate: { bounds: [0.00005, 0.0005], scale: log }
 * targets:
 *   - { moment: unemployment_rate_mean, value: 0.065, se: 0.004, source: "BLS CPS 1990-2019" }
 *   - { moment: vacancy_rate_mean, value: 0.03, se: 0.003 }
 * replicates: 4                     # seeds 1..4 at every point (common random numbers)
 * loss: { weighting: covariance }   # identity | diagonal | covariance
 * method: { budget: 240, batch: 4, starts: { design: halton, points: 12 }, search: gp_moments }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { dirname, isAbsolute, join } from "node:path";
import type { Locate, ScenarioProblem } from "../engine/scenario/validate.ts";
import { ScenarioError } from "../engine/scenario/validate.ts";
import { parseChecked, readYamlFile } from "../engine/scenario/yaml.ts";
import { MOMENTS, sweepable, valueProblem } from "../sweep/spec.ts";

/** What the errors call a calibration spec. */
export const CALIBRATION_SPEC = "calibration spec";

/** Searches after the space-filling starts. */
export const SEARCHES = ["gp", "gp_moments", "rf", "halton", "lhs"] as const;
/**
 * A search's name: a surrogate of the loss (Gaussian process, random forest), Gaussian processes
 * of the moments the loss is made of, or more of a design.
 */
export type Search = (typeof SEARCHES)[number];

/** Weighting matrices of the method of simulated moments. */
export const WEIGHTINGS = ["identity", "diagonal", "covariance"] as const;

const boundsSchema = z.object({
  bounds: z.tuple([z.number(), z.number()]),
  scale: z.enum(["linear", "log"]).default("linear"),
}).strict();

const targetSchema = z.object({
  moment: z.string().min(1),
  window: z.object({
    from: z.number().int().min(0),
    to: z.number().int().min(1),
  }).strict().optional(),
  value: z.number(),
  se: z.number().positive().optional(),
  weight: z.number().positive().default(1),
  source: z.string().optional(),
}).strict();

const specSchema = z.object({
  name: z.string().regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "use letters, digits, _ . - (it names the output folder)",
  ),
  scenario: z.string().min(1),
  changes: z.record(z.string(), z.unknown()).default({}),
  ticks: z.number().int().min(1),
  window: z.object({
    from: z.number().int().min(0).default(1),
    to: z.number().int().min(1).optional(),
  }).strict().optional(),
  facts: z.object({
    burn_in: z.number().int().min(0).default(730),
    window: z.number().int().min(1).default(1825),
    snapshot_every: z.number().int().min(1).default(30),
  }).strict().optional(),
  parameters: z.record(z.string(), boundsSchema),
  targets: z.array(targetSchema).default([]),
  targets_file: z.string().optional(),
  fact_targets: z.array(z.string()).default([]),
  replicates: z.number().int().default(4),
  loss: z.object({
    weighting: z.enum(WEIGHTINGS).default("diagonal"),
  }).strict().default({ weighting: "diagonal" }),
  method: z.object({
    budget: z.number().int().min(1),
    batch: z.number().int().min(1).default(4),
    starts: z.object({
      design: z.enum(["halton", "lhs"]).default("halton"),
      points: z.number().int().min(2).default(12),
    }).strict().default({ design: "halton", points: 12 }),
    search: z.enum(SEARCHES).default("gp_moments"),
    refine: z.number().min(0).max(0.9).default(0.2),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    baseline: z.boolean().default(false),
  }).strict(),
  uncertainty: z.object({
    bootstrap: z.number().int().min(0).default(200),
    profile_points: z.number().int().min(3).default(11),
  }).strict().default({ bootstrap: 200, profile_points: 11 }),
  sensitivity: z.object({
    design: z.enum(["saltelli", "morris"]),
    samples: z.number().int().min(1),
    levels: z.number().int().min(2).default(4),
  }).strict().optional(),
}).strict();

/** A parameter to estimate: its scenario path, type, bounds and scale. */
export interface CalibratedParameter {
  path: string;
  type: "number" | "integer";
  bounds: [number, number];
  scale: "linear" | "log";
}

/** A target moment. */
export interface Target {
  /** The run-row column it compares with: `<kpi>_<moment>` or `fact_<id>`. */
  moment: string;
  value: number;
  /** Standard error of the observed value (null when unknown). */
  se: number | null;
  /** Extra weight of the moment in the loss. */
  weight: number;
  source: string;
  /** The moment's own window (ticks, inclusive), or null for the spec's `window`. */
  window?: { from: number; to: number } | null;
}

/** A validated calibration spec. */
export interface CalibrationSpec {
  name: string;
  scenario: string;
  changes: Record<string, unknown>;
  ticks: number;
  window: { from: number; to: number };
  facts: { burn_in: number; window: number; snapshot_every: number } | null;
  parameters: CalibratedParameter[];
  /** Targets from `targets:` and `targets_file:` (fact targets are added when planned). */
  targets: Target[];
  /** Ids of stylized facts whose catalogue targets are moments too. */
  factTargets: string[];
  /** The seeds every point runs with (common random numbers). */
  seeds: number[];
  weighting: (typeof WEIGHTINGS)[number];
  method: z.infer<typeof specSchema>["method"];
  uncertainty: { bootstrap: number; profile_points: number };
  sensitivity: { design: "saltelli" | "morris"; samples: number; levels: number } | null;
  /** Where the spec came from, and the lines of its keys. */
  source: string;
  locate?: Locate;
}

/** The problems of a calibration spec, as one error. */
export function calibrationError(source: string, problems: ScenarioProblem[]): ScenarioError {
  return new ScenarioError(source, problems, CALIBRATION_SPEC);
}

const MOMENT = new RegExp(`^(.+)_(${MOMENTS.join("|")})$`);

/** Why a target's moment name cannot be a recorded column, or undefined. */
function momentProblem(name: string): string | undefined {
  if (name.startsWith("fact_")) {
    return `fact moments are named with \`fact_targets: [${name.slice(5)}]\`, which takes ` +
      `the catalogue's target and source`;
  }
  if (/^corr_.+__.+$/.test(name)) return undefined;
  if (!MOMENT.test(name)) {
    return `"${name}" is not a moment: write <kpi>_<moment> with moment one of ${
      MOMENTS.join(", ")
    } (e.g. unemployment_rate_mean), or corr_<kpi>__<kpi> for a co-movement`;
  }
  return undefined;
}

/** Parses a targets CSV: a header with moment,value and optionally se,weight,source. */
export function parseTargetsCsv(text: string, source: string): Target[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const head = (lines.shift() ?? "").split(",").map((s) => s.trim());
  const col = (n: string) => head.indexOf(n);
  if (col("moment") < 0 || col("value") < 0) {
    throw new Error(
      `${source}: the first line must name the columns moment,value[,se,weight,source]`,
    );
  }
  return lines.map((line, i) => {
    const cells = line.split(",").map((s) => s.trim());
    const num = (n: string, fallback: number | null) => {
      const c = col(n);
      if (c < 0 || cells[c] === undefined || cells[c] === "") return fallback;
      const v = Number(cells[c]);
      if (!Number.isFinite(v)) {
        throw new Error(`${source} line ${i + 2}: ${n} "${cells[c]}" is not a number`);
      }
      return v;
    };
    return {
      moment: cells[col("moment")],
      value: num("value", NaN)!,
      se: num("se", null),
      weight: num("weight", 1)!,
      source: col("source") >= 0 ? cells.slice(col("source")).join(",") : source,
    };
  });
}

/**
 * Parses and checks a calibration spec: the schema; every parameter against the scenario's own
 * schema (it exists, is numeric, its bounds lie in its range); the targets (moment names,
 * duplicates, a targets file that reads); the seeds and the loss (covariance and diagonal
 * weighting without standard errors estimate variances from replicates, so need two or more);
 * the budget against the method (it must pay for the starts and one batch). The base scenario,
 * the KPIs behind the moments and the facts are checked when the calibration is planned, still
 * before any run.
 *
 * @param text YAML source.
 * @param source Names the spec in messages; resolves `targets_file` and a relative scenario.
 * @throws {ScenarioError} listing every problem with its key path and line.
 * @example
 * ```ts
 * const spec = await parseCalibrationSpec(yamlText, "labor.yaml");
 * spec.parameters.map((p) => p.path);
 * ```
 */
export async function parseCalibrationSpec(
  text: string,
  source = "<text>",
): Promise<CalibrationSpec> {
  const { value: s, locate, problems, add } = parseChecked(
    text,
    source,
    CALIBRATION_SPEC,
    "name:, scenario:, parameters:, targets:,",
    specSchema,
    "the calibration spec in the README",
  );
  const parameters: CalibratedParameter[] = [];
  for (const [path, p] of Object.entries(s.parameters)) {
    const info = sweepable(path);
    if (typeof info === "string") {
      add(["parameters", path], info);
      continue;
    }
    if (info.type !== "number" && info.type !== "integer") {
      add(["parameters", path], `${path} is a ${info.type}: calibration estimates numbers`);
      continue;
    }
    const [lo, hi] = p.bounds;
    if (!(lo < hi)) add(["parameters", path], `bounds [${lo}, ${hi}] must have low < high`);
    for (const v of [lo, hi]) {
      const why = valueProblem(info, info.type === "integer" ? Math.round(v) : v);
      if (why) add(["parameters", path], `bounds [${lo}, ${hi}]: ${why}`);
    }
    if (p.scale === "log" && lo <= 0) {
      add(["parameters", path], `log-scale bounds need low > 0, got ${lo}`);
    }
    parameters.push({ path, type: info.type, bounds: [lo, hi], scale: p.scale });
  }
  if (parameters.length === 0 && Object.keys(s.parameters).length === 0) {
    add(["parameters"], "list at least one parameter to estimate, by its scenario path");
  }
  const targets: Target[] = s.targets.map((t) => ({
    moment: t.moment,
    value: t.value,
    se: t.se ?? null,
    weight: t.weight,
    source: t.source ?? "",
    window: t.window ?? null,
  }));
  s.targets.forEach((t, i) => {
    const why = momentProblem(t.moment);
    if (why) add(["targets", i, "moment"], why);
    if (t.window && t.moment.startsWith("corr_")) {
      add(["targets", i, "window"], "a co-movement is measured over the spec's `window:`");
    } else if (t.window && (t.window.from > t.window.to || t.window.to > s.ticks)) {
      add(
        ["targets", i, "window"],
        `the window ${t.window.from}..${t.window.to} must lie within the run (1..${s.ticks}) ` +
          `and start before it ends`,
      );
    }
  });
  if (s.targets_file !== undefined) {
    const path = isAbsolute(s.targets_file) || source.startsWith("<")
      ? s.targets_file
      : join(dirname(source), s.targets_file);
    try {
      const fromFile = parseTargetsCsv(await Deno.readTextFile(path), path);
      fromFile.forEach((t) => {
        const why = momentProblem(t.moment);
        if (why) add(["targets_file"], `${path}: ${why}`);
      });
      targets.push(...fromFile);
    } catch (e) {
      const why = e instanceof Deno.errors.NotFound ? `${path}: file not found` : String(e);
      add(["targets_file"], `${why}; give a CSV with the columns moment,value[,se,weight,source]`);
    }
  }
  const seen = new Set<string>();
  for (const t of targets) {
    const key = t.window ? `${t.moment} over ${t.window.from}..${t.window.to}` : t.moment;
    if (seen.has(key)) add(["targets"], `moment ${key} is targeted twice`);
    seen.add(key);
  }
  if (targets.length + s.fact_targets.length === 0) {
    add(["targets"], "give at least one target: `targets:`, `targets_file:` or `fact_targets:`");
  }
  if (s.fact_targets.length > 0 && !s.facts) {
    add(
      ["fact_targets"],
      "fact targets need `facts: { burn_in, window, snapshot_every }` (how the facts are " +
        "measured), and ticks >= burn_in + window",
    );
  } else if (s.facts && s.facts.burn_in + s.facts.window > s.ticks) {
    add(
      ["facts"],
      `the facts' burn-in and window (${s.facts.burn_in + s.facts.window} days) ` +
        `do not fit in ticks: ${s.ticks}`,
    );
  }
  if (s.replicates < 1) {
    add(["replicates"], `replicates must be at least 1, got ${s.replicates}`);
  }
  const noSe = targets.some((t) => t.se === null) || s.fact_targets.length > 0;
  if (
    s.replicates < 2 &&
    (s.loss.weighting === "covariance" || (s.loss.weighting === "diagonal" && noSe))
  ) {
    add(
      ["loss", "weighting"],
      `${s.loss.weighting} weighting estimates the moments' variances from replicates: give ` +
        `replicates >= 2, or standard errors and diagonal weighting, or identity`,
    );
  }
  const to = s.window?.to ?? s.ticks;
  const from = s.window?.from ?? 1;
  if (to > s.ticks) add(["window", "to"], `the window ends after the run (${s.ticks})`);
  if (from > to) add(["window"], `the window starts (${from}) after it ends (${to})`);
  const m = s.method;
  const perPoint = Math.max(1, s.replicates);
  const least = (m.starts.points + m.batch) * perPoint;
  if (m.budget < least) {
    add(
      ["method", "budget"],
      `a budget of ${m.budget} runs does not pay for the ${m.starts.points} starts and one ` +
        `batch of ${m.batch} points at ${perPoint} seeds each: give at least ${least}`,
    );
  }
  if (problems.length > 0) throw calibrationError(source, problems);
  return {
    name: s.name,
    scenario: s.scenario,
    changes: s.changes,
    ticks: s.ticks,
    window: { from, to },
    facts: s.facts ?? null,
    parameters,
    targets,
    factTargets: s.fact_targets,
    seeds: Array.from({ length: s.replicates }, (_, i) => i + 1),
    weighting: s.loss.weighting,
    method: s.method,
    uncertainty: s.uncertainty,
    sensitivity: s.sensitivity ?? null,
    source,
    locate,
  };
}

/**
 * Reads and checks a calibration spec file.
 *
 * @throws {ScenarioError} when the file is missing, unreadable or invalid.
 */
export async function loadCalibrationSpec(path: string): Promise<CalibrationSpec> {
  return await parseCalibrationSpec(await readYamlFile(path, CALIBRATION_SPEC), path);
}
