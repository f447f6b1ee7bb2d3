/**
 * YAML -> validated {@link ScenarioConfig}. Errors name the file, the key path and the YAML
 * line, and say how to fix the problem.
 *
 * @module
 */
import { isMap, LineCounter, parseDocument } from "yaml";
import type { ScenarioConfig } from "./schema.ts";
import { ScenarioError, validateScenario } from "./validate.ts";

export {
  isNumericParameter,
  ScenarioError,
  scenarioParameters,
  validateScenario,
} from "./validate.ts";

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

/**
 * Most aliases a scenario may expand: a scenario has no use for more, and a "billion laughs"
 * file (aliases of aliases) would otherwise expand into gigabytes (the `yaml` library's own
 * default is 100).
 */
const MAX_ALIAS_COUNT = 100;

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
  let doc: ReturnType<typeof parseDocument>;
  let data: unknown;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, customTags: [DIGIT_GROUPS] });
    if (doc.errors.length === 0 && isMap(doc.contents)) {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
  } catch (e) {
    // A missing permission (the library reads an environment variable) is not the file's
    // fault: the CLI names the flag to add.
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) throw e;
    // The YAML library throws (rather than reports) on excessive aliases and a few other
    // malformed documents: turn every such failure into a message naming the file.
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new ScenarioError(source, [{
      path: "",
      line: 0,
      message: `the YAML cannot be read (${why}). Write the scenario as plain keys and values; ` +
        `aliases (*name) may expand to at most ${MAX_ALIAS_COUNT} nodes`,
    }]);
  }
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
  const locate = (path: readonly (string | number)[]): number => {
    const keyOffset = path.length > 0
      ? findKeyOffset(doc, path.slice(0, -1), path[path.length - 1])
      : undefined;
    const node = doc.getIn(path as (string | number)[], true) as
      | { range?: [number, number, number] }
      | undefined;
    const offset = keyOffset ?? node?.range?.[0];
    return offset === undefined ? 0 : lineCounter.linePos(offset).line;
  };
  return validateScenario(data, source, locate);
}

function findKeyOffset(
  doc: ReturnType<typeof parseDocument>,
  parentPath: readonly (string | number)[],
  key: string | number,
): number | undefined {
  const parent = parentPath.length === 0
    ? doc.contents
    : doc.getIn(parentPath as (string | number)[], true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    const k = pair.key as { value?: unknown; range?: [number, number, number] };
    if (k?.value === key) return k.range?.[0];
  }
  return undefined;
}

/**
 * Reads and validates a scenario file or preset.
 *
 * @param nameOrPath A preset (`tiny`), a name in `scenarios/` (`tiny_island`) or a file path.
 * @throws {ScenarioError} when the name is empty, or the file is missing, unreadable or
 *   invalid.
 */
export async function loadScenario(nameOrPath: string): Promise<ScenarioConfig> {
  if (nameOrPath.trim() === "") {
    throw new ScenarioError("(none given)", [{
      path: "",
      line: 0,
      message: `--scenario is empty: give a preset (${PRESETS.join(", ")}), a scenario in ` +
        `scenarios/ (tiny_island, laptop_small) or a path to a YAML file`,
    }]);
  }
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
