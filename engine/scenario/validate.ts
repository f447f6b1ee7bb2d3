/**
 * Validation of a scenario: the one gate every scenario passes before a world is built from
 * it, whether it comes from YAML ({@link parseScenario}), the command line, a resumed run's
 * manifest or a fork. It checks, in order:
 * 1. the schema (types, unknown keys, every numeric parameter within its range);
 * 2. the consistency of the parameters with each other (goods and sectors, recipes, switched
 *    systems that need each other, a grid with land to settle, a mortality shape);
 * 3. every shock: its parameter exists, is numeric and is read while the world runs (not only
 *    when it is built), and the scenario in force at every shock boundary (tick 0 and each
 *    shock's `at` and `at + duration`, see {@link configAt}) passes 1 and 2 as well. The
 *    scenario in force only changes at those ticks, so this covers every tick of the run.
 *
 * @module
 */
import { z } from "zod";
import { recipeProblems } from "../systems/economy/recipes.ts";
import { technologyProblems } from "../systems/technology/dag.ts";
import { housingUpkeepShare } from "./housing_schema.ts";
import { type ScenarioConfig, scenarioSchema } from "./schema.ts";
import { configAt, shockActive } from "./shocks.ts";

/** One problem of a scenario: dotted key path, 1-based YAML line (0 when unknown), message. */
export interface ScenarioProblem {
  path: string;
  line: number;
  message: string;
}

/**
 * A scenario (or another YAML document of ours, such as a sweep spec) that cannot be used, with
 * every problem found (path, line, message).
 */
export class ScenarioError extends Error {
  /** Each problem: dotted key path, 1-based YAML line (0 when unknown) and message. */
  readonly problems: ScenarioProblem[];
  /**
   * @param source The file (or other source) the problems are in.
   * @param problems Every problem found.
   * @param what What the document is, for the message. @default {"scenario"}
   */
  constructor(source: string, problems: ScenarioProblem[], what = "scenario") {
    const lines = problems.map((p) =>
      `  ${p.path || "(top level)"}${p.line ? ` (line ${p.line})` : ""}: ${p.message}`
    );
    super(`invalid ${what} ${source}:\n${lines.join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/** Finds the 1-based line of a key path in the source (0 when unknown). */
export type Locate = (path: readonly (string | number)[]) => number;

/** What the schema says about one parameter (a leaf of the scenario tree). */
export interface ParameterInfo {
  /** Dotted path, e.g. `economy.households.consume_income`. */
  path: string;
  /** JSON Schema type: "number", "integer", "boolean", "string", "array", "object". */
  type: string;
  /** Allowed values of an enum or literal. */
  values?: unknown[];
  minimum?: number;
  maximum?: number;
  /** Why shocks may not change it (set on it or on a section above it), if they may not. */
  fixed?: string;
}

interface JsonNode {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  fixed?: string;
  properties?: Record<string, JsonNode>;
}

/**
 * Every leaf parameter of the scenario schema (sections are walked, records and lists are
 * leaves), with its type, range and whether shocks may change it. Derived from the schema.
 *
 * @returns the parameters in schema order.
 * @example
 * ```ts
 * scenarioParameters().find((p) => p.path === "economy.households.shopping_days");
 * // { path: "economy.households.shopping_days", type: "integer", minimum: 1, maximum: 30 }
 * ```
 */
export function scenarioParameters(): ParameterInfo[] {
  const root = z.toJSONSchema(scenarioSchema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonNode;
  const out: ParameterInfo[] = [];
  const walk = (node: JsonNode, path: string, fixedAbove: string | undefined) => {
    const why = node.fixed ?? fixedAbove;
    if (node.type === "object" && node.properties && path !== "shocks") {
      for (const [k, v] of Object.entries(node.properties)) {
        walk(v, path ? `${path}.${k}` : k, why);
      }
      return;
    }
    const values = node.enum ?? (node.const !== undefined ? [node.const] : undefined);
    out.push({
      path,
      type: node.type ?? (values ? typeof values[0] : "unknown"),
      ...(values ? { values } : {}),
      ...(node.minimum !== undefined ? { minimum: node.minimum } : {}),
      ...(node.maximum !== undefined ? { maximum: node.maximum } : {}),
      ...(why ? { fixed: why } : {}),
    });
  };
  walk(root, "", undefined);
  return out;
}

const PARAMETERS = new Map(scenarioParameters().map((p) => [p.path, p]));

/** The allowed range of a parameter in words, e.g. "an integer in 1..30". */
function rangeOf(path: string): string {
  const p = PARAMETERS.get(path);
  if (!p || (p.type !== "number" && p.type !== "integer")) return "";
  const kind = p.type === "integer" ? "an integer" : "a number";
  if (p.minimum !== undefined && p.maximum !== undefined) {
    return `${kind} in ${p.minimum}..${p.maximum}`;
  }
  if (p.minimum !== undefined) return `${kind} >= ${p.minimum}`;
  if (p.maximum !== undefined) return `${kind} <= ${p.maximum}`;
  return kind;
}

/** Why shocks may not change `path` (the parameter or a section above it), or undefined. */
function fixedReason(path: string): string | undefined {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const p = PARAMETERS.get(parts.slice(0, n).join("."));
    if (p?.fixed) return p.fixed;
  }
  return undefined;
}

/** A problem of the consistency checks, with the parameters it involves. */
interface Inconsistency {
  path: string;
  message: string;
  /** Parameters whose values make the problem (a shock to any of them is blamed). */
  params: string[];
}

/**
 * Whether the parameters of a schema-valid scenario fit together. Each problem names the
 * parameters involved, so a problem that appears only under a shock can be blamed on it.
 */
function inconsistencies(cfg: ScenarioConfig): Inconsistency[] {
  const out: Inconsistency[] = [];
  const dup = (list: string[]) => list.find((x, i) => list.indexOf(x) !== i);
  const dupGood = dup(cfg.economy.goods);
  if (dupGood) {
    out.push({
      path: "economy.goods",
      message: `good "${dupGood}" is listed twice; list each good once`,
      params: ["economy.goods"],
    });
  }
  const dupSector = dup(cfg.economy.sectors);
  if (dupSector) {
    out.push({
      path: "economy.sectors",
      message: `sector "${dupSector}" is listed twice; list each sector once`,
      params: ["economy.sectors"],
    });
  }
  for (const [good, r] of Object.entries(cfg.economy.recipes)) {
    if (!cfg.economy.goods.includes(good)) {
      out.push({
        path: `economy.recipes.${good}`,
        message: `recipe for unknown good "${good}"; goods are ${cfg.economy.goods.join(", ")}`,
        params: [],
      });
    }
    if (r.sector !== undefined && !cfg.economy.sectors.includes(r.sector)) {
      out.push({
        path: `economy.recipes.${good}.sector`,
        message: `unknown sector "${r.sector}"; sectors are ${cfg.economy.sectors.join(", ")}`,
        params: [],
      });
    }
    for (const input of Object.keys(r.inputs ?? {})) {
      if (!cfg.economy.goods.includes(input)) {
        out.push({
          path: `economy.recipes.${good}.inputs.${input}`,
          message: `unknown input good "${input}"`,
          params: [],
        });
      }
    }
  }
  for (const sector of Object.keys(cfg.economy.skill_weights)) {
    if (!cfg.economy.sectors.includes(sector)) {
      out.push({
        path: `economy.skill_weights.${sector}`,
        message: `skill weights for unknown sector "${sector}"; sectors are ${
          cfg.economy.sectors.join(", ")
        }`,
        params: [],
      });
    }
  }
  if (out.length === 0 && cfg.systems.economy) {
    for (const p of recipeProblems(cfg)) out.push(p);
  }
  if (!cfg.population.use_representative_households && cfg.population.household_weight !== 1) {
    out.push({
      path: "population.household_weight",
      message: "a weight other than 1 needs population.use_representative_households: true",
      params: ["population.household_weight"],
    });
  }
  const pp = cfg.population_params;
  if (pp.fertility_min_age >= pp.fertility_max_age) {
    out.push({
      path: "population_params.fertility_min_age",
      message: `must be below fertility_max_age (${pp.fertility_max_age})`,
      params: ["population_params.fertility_min_age", "population_params.fertility_max_age"],
    });
  }
  const ms = pp.mortality_shape;
  if (!(ms.infant > 0 || ms.background > 0 || ms.senescent > 0)) {
    out.push({
      path: "population_params.mortality_shape",
      message: "infant, background and senescent are all 0: give at least one a weight above 0 " +
        "(the shape is scaled to mortality_base, so only their ratios matter)",
      params: [
        "population_params.mortality_shape.infant",
        "population_params.mortality_shape.background",
        "population_params.mortality_shape.senescent",
      ],
    });
  }
  const env = cfg.environment;
  if (env.latitude_south_deg >= env.latitude_north_deg) {
    out.push({
      path: "environment.latitude_south_deg",
      message: `must be below latitude_north_deg (${env.latitude_north_deg})`,
      params: ["environment.latitude_south_deg", "environment.latitude_north_deg"],
    });
  }
  const banks = cfg.finance.banks;
  if (banks.capital_aim < banks.capital_target) {
    out.push({
      path: "finance.banks.capital_aim",
      message: `${banks.capital_aim} is below capital_target (${banks.capital_target}): a bank ` +
        `pays out equity above its aim, and pays no dividend below its target; raise the aim ` +
        `or lower the target`,
      params: ["finance.banks.capital_aim", "finance.banks.capital_target"],
    });
  }
  if (cfg.finance.central_bank.asset_purchases && !(cfg.economy.ownership.outside_share > 0)) {
    out.push({
      path: "finance.central_bank.asset_purchases",
      message: "the central bank buys units of the equity fund, and there is none " +
        "(economy.ownership.outside_share is 0): set outside_share above 0 or turn " +
        "asset_purchases off",
      params: ["finance.central_bank.asset_purchases", "economy.ownership.outside_share"],
    });
  }
  const upkeep = housingUpkeepShare(cfg);
  const hb = cfg.economy.households;
  if (cfg.economy.housing.enabled && upkeep >= 1 - hb.consume_income) {
    out.push({
      path: "economy.housing.dwelling_to_income",
      message: `keeping up the dwelling households want costs ${upkeep.toFixed(3)} of their ` +
        `income (depreciation x dwelling_to_income), not less than the ` +
        `${(1 - hb.consume_income).toFixed(3)} they do not consume (1 - ` +
        `economy.households.consume_income): lower dwelling_to_income or depreciation, or ` +
        `consume_income`,
      params: [
        "economy.housing.dwelling_to_income",
        "economy.housing.depreciation",
        "economy.households.consume_income",
      ],
    });
  }
  const sys = cfg.systems;
  const needs: [keyof typeof sys, keyof typeof sys, string][] = [
    ["population", "environment", "people are settled on its tiles"],
    ["economy", "population", "its workers and customers are the persons"],
    ["migration", "economy", "households move toward expected wages"],
    ["government", "economy", "it taxes wages, profits and sales and pays transfers"],
    ["technology", "economy", "firms research, imitate and adopt technologies"],
  ];
  for (const [system, needed, why] of needs) {
    if (sys[system] && !sys[needed]) {
      out.push({
        path: `systems.${needed}`,
        message: `systems.${system} needs systems.${needed} (${why}); switch ${needed} on or ` +
          `${system} off`,
        params: [],
      });
    }
  }
  if (sys.government) { for (const p of polityProblems(cfg)) out.push(p); }
  for (const p of technologyProblems(cfg)) out.push({ ...p, params: [] });
  const s = cfg.spatial;
  const land = Math.round(s.land_share * s.width_tiles * s.height_tiles);
  if (sys.population && land < 2) {
    out.push({
      path: "spatial.land_share",
      message: `${s.land_share} of a ${s.width_tiles} x ${s.height_tiles} grid is ${land} land ` +
        `tile(s); the population needs at least 2 (the highest tile is a bare peak): raise ` +
        `land_share or enlarge the grid`,
      params: [],
    });
  }
  return out;
}

/**
 * Whether the polities tile the map: each rectangle inside the grid (clipped to it) and not
 * empty, names unique, no two overlapping, every tile in one.
 */
function polityProblems(cfg: ScenarioConfig): Inconsistency[] {
  const out: Inconsistency[] = [];
  const { width_tiles: w, height_tiles: h } = cfg.spatial;
  const list = cfg.government.polities;
  const rects = list.map((p) => ({
    x0: p.x[0],
    x1: Math.min(p.x[1], w - 1),
    y0: p.y[0],
    y1: Math.min(p.y[1], h - 1),
  }));
  let area = 0;
  list.forEach((p, i) => {
    const r = rects[i];
    const path = `government.polities.${i}`;
    if (list.findIndex((q) => q.name === p.name) !== i) {
      out.push({ path: `${path}.name`, message: `polity "${p.name}" is named twice`, params: [] });
    }
    if (r.x0 > r.x1 || r.y0 > r.y1) {
      out.push({
        path,
        message: `polity "${p.name}" holds no tile of the ${w} x ${h} grid (columns ` +
          `${p.x.join("-")}, rows ${p.y.join("-")}); give first <= last, inside the grid`,
        params: [],
      });
      return;
    }
    area += (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
    for (let j = 0; j < i; j++) {
      const q = rects[j];
      if (r.x0 <= q.x1 && q.x0 <= r.x1 && r.y0 <= q.y1 && q.y0 <= r.y1) {
        out.push({
          path,
          message: `polity "${p.name}" overlaps polity "${list[j].name}" (tile ` +
            `${Math.max(r.x0, q.x0)},${Math.max(r.y0, q.y0)} is in both); every tile belongs ` +
            `to one polity`,
          params: [],
        });
      }
    }
  });
  const brackets = cfg.government.income_tax;
  for (let k = 1; k < brackets.length; k++) {
    if (!(brackets[k].above > brackets[k - 1].above)) {
      out.push({
        path: `government.income_tax.${k}.above`,
        message: `brackets must rise: ${brackets[k].above} follows ${
          brackets[k - 1].above
        }; list them lowest first`,
        params: [],
      });
    }
  }
  if (out.length === 0 && area !== w * h) {
    out.push({
      path: "government.polities",
      message: `the polities cover ${area} of the ${w * h} tiles of the ${w} x ${h} grid; every ` +
        `tile must belong to one (widen a polity's x or y)`,
      params: [],
    });
  }
  const sector = cfg.government.public_employment.sector;
  if (sector !== null && !cfg.economy.sectors.includes(sector)) {
    out.push({
      path: "government.public_employment.sector",
      message: `unknown sector "${sector}"; sectors are ${cfg.economy.sectors.join(", ")} (or ` +
        `null for services or the last one)`,
      params: [],
    });
  }
  return out;
}

/** The value at a dotted path of a scenario (undefined when absent). */
function valueAt(cfg: unknown, path: string): unknown {
  let node = cfg;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** True when a dotted path names a numeric parameter of the scenario. */
export function isNumericParameter(cfg: ScenarioConfig, path: string): boolean {
  return typeof valueAt(cfg, path) === "number";
}

/** Messages of the zod issues of a value that fails the schema, by dotted path. */
function schemaIssues(input: unknown) {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return { data: result.data, issues: [] };
  const issues = result.error.issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const path = key === undefined ? issue.path : [...issue.path, key];
      const message = issue.code === "unrecognized_keys"
        ? `unknown key "${key}": check its spelling against docs/scenario.md`
        : `${issue.message}${
          rangeOf(path.join(".")) ? ` (allowed: ${rangeOf(path.join("."))})` : ""
        }; see docs/scenario.md for the allowed values`;
      return { path: path as (string | number)[], message };
    });
  });
  return { data: undefined, issues };
}

/**
 * Validates a scenario (parsed YAML, JSON from a manifest, or a config changed in code) and
 * fills in every default. See the module doc for what is checked.
 *
 * @param input The scenario as plain data (defaults may be missing).
 * @param source Names the scenario in error messages (a file path, "the command line", ...).
 * @param locate Finds the source line of a key path, for messages (default: no lines).
 * @returns the resolved scenario.
 * @throws {ScenarioError} listing every problem: its key path, line and how to fix it.
 * @example
 * ```ts
 * const cfg = validateScenario({ name: "demo", random_seed: 3 }, "demo");
 * cfg.population.persons; // 50000, the default
 * validateScenario({ name: "demo", shocks: [{ at: 10, parameter: "spatial.width_tiles",
 *   op: "set", value: 10 }] }, "demo"); // throws: the grid is built once
 * ```
 */
export function validateScenario(
  input: unknown,
  source: string,
  locate: Locate = () => 0,
): ScenarioConfig {
  const parsed = schemaIssues(input);
  if (!parsed.data) {
    throw new ScenarioError(
      source,
      parsed.issues.map((i) => ({
        path: i.path.join("."),
        line: locate(i.path),
        message: i.message,
      })),
    );
  }
  const cfg = parsed.data;
  const lineOf = (path: string) =>
    path ? locate(path.split(".").map((k) => /^\d+$/.test(k) ? Number(k) : k)) : 0;
  const problems: ScenarioProblem[] = inconsistencies(cfg).map((p) => ({
    path: p.path,
    line: lineOf(p.path),
    message: p.message,
  }));
  if (problems.length > 0) throw new ScenarioError(source, problems);

  // Shocks: each on a numeric parameter read while the world runs.
  cfg.shocks.forEach((s, i) => {
    const where = { path: `shocks.${i}`, line: locate(["shocks", i]) };
    if (!isNumericParameter(cfg, s.parameter)) {
      problems.push({
        ...where,
        message: `parameter "${s.parameter}" is not a numeric scenario parameter (use a dotted ` +
          `path such as economy.households.consume_income; see docs/scenario.md)`,
      });
      return;
    }
    const why = fixedReason(s.parameter);
    if (why) {
      problems.push({
        ...where,
        message: `parameter ${s.parameter} cannot be shocked: it is ${why}, so the shock would ` +
          `do nothing; set it in the scenario itself (a new run) instead`,
      });
    }
  });
  if (problems.length > 0) throw new ScenarioError(source, problems);

  // The scenario in force at every shock boundary is validated like the YAML.
  const boundaries = new Set<number>([0]);
  for (const s of cfg.shocks) {
    boundaries.add(s.at);
    if (s.duration > 0) boundaries.add(s.at + s.duration);
  }
  const reported = new Set<string>();
  for (const tick of [...boundaries].sort((a, b) => a - b)) {
    const active = cfg.shocks.map((s, i) => ({ s, i })).filter(({ s }) => shockActive(s, tick));
    if (active.length === 0) continue;
    const now = configAt(cfg, tick);
    const checked = schemaIssues(now);
    const found = checked.data
      ? inconsistencies(checked.data).map((p) => ({
        path: p.path,
        params: p.params,
        message: p.message,
      }))
      : checked.issues.map((i) => ({
        path: i.path.join("."),
        params: [i.path.join(".")],
        message: i.message,
      }));
    for (const f of found) {
      const blamed = active.filter(({ s }) => f.params.includes(s.parameter));
      for (const { s, i } of blamed.length > 0 ? blamed : active) {
        const key = `${i}:${f.path}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const value = valueAt(now, s.parameter);
        const base = valueAt(cfg, s.parameter);
        const how = s.op === "set"
          ? `set to ${s.value}`
          : s.op === "add"
          ? `${base} + ${s.value}`
          : `${base} x ${s.value}`;
        const range = rangeOf(s.parameter);
        problems.push({
          path: `shocks.${i}`,
          line: locate(["shocks", i]),
          message: `at tick ${tick} this shock makes ${s.parameter} = ${value} (${how})` +
            (f.path === s.parameter ? "" : `, and then ${f.path}`) + `: ${f.message}` +
            (range && f.path === s.parameter ? "" : range ? ` (${s.parameter}: ${range})` : "") +
            `. Change the shock's value or op so the result stays in range`,
        });
      }
    }
  }
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return cfg;
}
