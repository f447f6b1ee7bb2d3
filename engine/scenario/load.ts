/**
 * YAML -> validated {@link ScenarioConfig}. Errors name the file, the key path and the YAML
 * line, and say how to fix the problem.
 *
 * @module
 */
import { isMap, LineCounter, parseDocument } from "yaml";
import { type ScenarioConfig, scenarioSchema } from "./schema.ts";

/**
 * YAML 1.2 integers with digit separators (`50_000`, as the spec's scenarios write them),
 * without YAML 1.1's other surprises (`off` as false, `010` as octal, `1:30` as 90).
 */
const DIGIT_GROUPS = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?[0-9]+(_[0-9]+)+$/,
  resolve: (s: string) => Number(s.replace(/_/g, "")),
};

/** A scenario that cannot be used, with every problem found (path, line, message). */
export class ScenarioError extends Error {
  /** Each problem: dotted key path, 1-based YAML line (0 when unknown) and message. */
  readonly problems: { path: string; line: number; message: string }[];
  constructor(source: string, problems: { path: string; line: number; message: string }[]) {
    const lines = problems.map((p) =>
      `  ${p.path || "(top level)"}${p.line ? ` (line ${p.line})` : ""}: ${p.message}`
    );
    super(`invalid scenario ${source}:\n${lines.join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/** Names of the built-in presets, resolved to `scenarios/presets/<name>.yaml`. */
export const PRESETS = ["tiny", "small", "medium", "large", "xl"] as const;

const SCENARIO_DIR = new URL("../../scenarios/", import.meta.url);

/**
 * Where a `--scenario` argument points: a preset name, a scenario name in `scenarios/`, or a
 * path to a YAML file.
 *
 * @example
 * ```ts
 * scenarioPath("tiny"); // .../scenarios/presets/tiny.yaml
 * scenarioPath("tiny_island"); // .../scenarios/tiny_island.yaml
 * ```
 */
export function scenarioPath(nameOrPath: string): string {
  if ((PRESETS as readonly string[]).includes(nameOrPath)) {
    return new URL(`presets/${nameOrPath}.yaml`, SCENARIO_DIR).pathname;
  }
  if (/^[a-z0-9_]+$/i.test(nameOrPath)) {
    return new URL(`${nameOrPath}.yaml`, SCENARIO_DIR).pathname;
  }
  return nameOrPath;
}

/**
 * Parses and validates scenario YAML text.
 *
 * @param text YAML source.
 * @param source Name used in error messages (usually the file path).
 * @returns the resolved scenario with every default filled in.
 * @throws {ScenarioError} on bad YAML, unknown keys, wrong types or out-of-range values.
 *
 * @example
 * ```ts
 * const cfg = parseScenario("name: demo\nrandom_seed: 3\n");
 * cfg.population.persons; // 50000, the default
 * ```
 */
export function parseScenario(text: string, source = "<text>"): ScenarioConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, customTags: [DIGIT_GROUPS] });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      source,
      doc.errors.map((e) => ({
        path: "",
        line: e.linePos?.[0].line ?? 0,
        message: `YAML syntax: ${
          e.message.split("\n")[0].replace(/:$/, "")
        }. Fix the YAML syntax at this line.`,
      })),
    );
  }
  if (!isMap(doc.contents)) {
    throw new ScenarioError(source, [{
      path: "",
      line: 1,
      message: "a scenario must be a YAML mapping of keys (name:, random_seed:, ...)",
    }]);
  }
  const result = scenarioSchema.safeParse(doc.toJS());
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      return keys.map((key) => {
        const path = key === undefined ? issue.path : [...issue.path, key];
        const node = doc.getIn(path as (string | number)[], true) as
          | { range?: [number, number, number] }
          | undefined;
        const keyNode = key === undefined ? undefined : findKeyOffset(doc, issue.path, key);
        const offset = keyNode ?? node?.range?.[0];
        const line = offset === undefined ? 0 : lineCounter.linePos(offset).line;
        return { path: path.join("."), line, message: explain(issue, key) };
      });
    });
    throw new ScenarioError(source, problems);
  }
  checkConsistency(result.data, source, doc, lineCounter);
  return result.data;
}

function findKeyOffset(
  doc: ReturnType<typeof parseDocument>,
  parentPath: PropertyKey[],
  key: string,
): number | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath as string[], true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    const k = pair.key as { value?: unknown; range?: [number, number, number] };
    if (k?.value === key) return k.range?.[0];
  }
  return undefined;
}

function explain(issue: { code: string; message: string }, key?: string): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key "${key}": check its spelling against docs/scenario.md`;
  }
  return `${issue.message}; see docs/scenario.md for the allowed values`;
}

function checkConsistency(
  cfg: ScenarioConfig,
  source: string,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): void {
  const problems: { path: string; line: number; message: string }[] = [];
  const lineOf = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 0;
  };
  const dup = (list: string[]) => list.find((x, i) => list.indexOf(x) !== i);
  const dupGood = dup(cfg.economy.goods);
  if (dupGood) {
    problems.push({
      path: "economy.goods",
      line: lineOf(["economy", "goods"]),
      message: `good "${dupGood}" is listed twice; list each good once`,
    });
  }
  const dupSector = dup(cfg.economy.sectors);
  if (dupSector) {
    problems.push({
      path: "economy.sectors",
      line: lineOf(["economy", "sectors"]),
      message: `sector "${dupSector}" is listed twice; list each sector once`,
    });
  }
  for (const [good, r] of Object.entries(cfg.economy.recipes)) {
    if (!cfg.economy.goods.includes(good)) {
      problems.push({
        path: `economy.recipes.${good}`,
        line: lineOf(["economy", "recipes", good]),
        message: `recipe for unknown good "${good}"; goods are ${cfg.economy.goods.join(", ")}`,
      });
    }
    if (r.sector !== undefined && !cfg.economy.sectors.includes(r.sector)) {
      problems.push({
        path: `economy.recipes.${good}.sector`,
        line: lineOf(["economy", "recipes", good, "sector"]),
        message: `unknown sector "${r.sector}"; sectors are ${cfg.economy.sectors.join(", ")}`,
      });
    }
    for (const input of Object.keys(r.inputs ?? {})) {
      if (!cfg.economy.goods.includes(input)) {
        problems.push({
          path: `economy.recipes.${good}.inputs.${input}`,
          line: lineOf(["economy", "recipes", good, "inputs", input]),
          message: `unknown input good "${input}"`,
        });
      }
    }
  }
  if (!cfg.population.use_representative_households && cfg.population.household_weight !== 1) {
    problems.push({
      path: "population.household_weight",
      line: lineOf(["population", "household_weight"]),
      message: "a weight other than 1 needs population.use_representative_households: true",
    });
  }
  const pp = cfg.population_params;
  if (pp.fertility_min_age >= pp.fertility_max_age) {
    problems.push({
      path: "population_params.fertility_min_age",
      line: lineOf(["population_params", "fertility_min_age"]),
      message: "must be below fertility_max_age",
    });
  }
  if (cfg.environment.latitude_south_deg >= cfg.environment.latitude_north_deg) {
    problems.push({
      path: "environment.latitude_south_deg",
      line: lineOf(["environment", "latitude_south_deg"]),
      message: "must be below latitude_north_deg",
    });
  }
  cfg.shocks.forEach((s, i) => {
    if (!isNumericParameter(cfg, s.parameter)) {
      problems.push({
        path: `shocks.${i}.parameter`,
        line: lineOf(["shocks", i, "parameter"]),
        message: `"${s.parameter}" is not a numeric scenario parameter (use a dotted path such ` +
          `as economy.households.consume_income)`,
      });
    }
  });
  if (problems.length > 0) throw new ScenarioError(source, problems);
}

/** True when a dotted path names a numeric parameter of the scenario. */
export function isNumericParameter(cfg: ScenarioConfig, path: string): boolean {
  let node: unknown = cfg;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "number";
}

/**
 * Reads and validates a scenario file or preset.
 *
 * @param nameOrPath A preset (`tiny`), a name in `scenarios/` (`tiny_island`) or a file path.
 * @throws {ScenarioError} when the file is missing, unreadable or invalid.
 */
export async function loadScenario(nameOrPath: string): Promise<ScenarioConfig> {
  const path = scenarioPath(nameOrPath);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "file not found" : String(e);
    throw new ScenarioError(path, [{
      path: "",
      line: 0,
      message: `${why}. Give a path to a YAML file or one of: ${PRESETS.join(", ")}, ` +
        `tiny_island, laptop_small`,
    }]);
  }
  return parseScenario(text, path);
}
