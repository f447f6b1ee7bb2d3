/**
 * YAML -> validated {@link ScenarioConfig}. Errors name the file, the key path and the YAML
 * line, and say how to fix the problem.
 *
 * @module
 */
import type { ScenarioConfig } from "./schema.ts";
import { ScenarioError, validateScenario } from "./validate.ts";
import { parseYamlMapping } from "./yaml.ts";

export {
  isNumericParameter,
  ScenarioError,
  scenarioParameters,
  validateScenario,
} from "./validate.ts";

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
  const { data, locate } = parseYamlMapping(text, source, "scenario", "name:, random_seed:,");
  return validateScenario(data, source, locate);
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
