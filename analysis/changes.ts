/**
 * Scenario changes by dotted path: the small edits a notebook makes to a scenario (a smaller
 * population, another consumption share) without writing YAML. The result is validated
 * against the scenario schema again, so a typo or an out-of-range value is an error naming
 * the path, and so is a combination of values that do not fit together (checked as a YAML
 * scenario is).
 *
 * @module
 */
import type { ScenarioConfig } from "../engine/scenario/schema.ts";
import { ScenarioError, validateScenario } from "../engine/scenario/validate.ts";

/** A value a change may set: a number, string or boolean, or a list of them. */
export type ChangeValue = number | string | boolean | number[] | string[];

/** Dotted parameter path -> new value, e.g. `{ "population.persons": 20_000 }`. */
export type ScenarioChanges = Record<string, ChangeValue>;

/** Paths under which new keys may be added (records keyed by good name). */
const OPEN_RECORDS = ["economy.recipes"];

/**
 * A copy of a scenario with parameters changed by dotted path, validated again.
 *
 * @param config A resolved scenario (e.g. from `loadScenario`).
 * @param changes Path -> value; a path must name an existing parameter of the same type
 *   (new keys are allowed only under `economy.recipes`).
 * @returns The changed, validated scenario (the input is not modified).
 * @throws {Error} Naming the path when it does not exist, the type differs, or the value is
 *   out of range (the schema's message).
 *
 * @example
 * ```ts
 * import { loadScenario } from "../engine/scenario/load.ts";
 * import { withChanges } from "./changes.ts";
 * const small = withChanges(await loadScenario("tiny_island"), {
 *   "population.persons": 20_000,
 *   "economy.households.consume_income": 0.85,
 * });
 * small.population.persons; // 20000
 * ```
 */
export function withChanges(config: ScenarioConfig, changes: ScenarioChanges): ScenarioConfig {
  const out = structuredClone(config) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const parts = path.split(".");
    let node: Record<string, unknown> = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (next === null || typeof next !== "object" || Array.isArray(next)) {
        const at = parts.slice(0, i + 1).join(".");
        throw new Error(
          `scenario change "${path}": ${at} is not a section of the scenario` +
            (next === undefined ? `; keys here: ${Object.keys(node).join(", ")}` : ""),
        );
      }
      node = next as Record<string, unknown>;
    }
    const key = parts[parts.length - 1];
    const parent = parts.slice(0, -1).join(".");
    if (!(key in node)) {
      if (!OPEN_RECORDS.includes(parent)) {
        throw new Error(
          `scenario change "${path}": no parameter "${key}"${
            parent ? ` in ${parent}` : ""
          }; parameters here: ${Object.keys(node).join(", ")}`,
        );
      }
    } else {
      const old = node[key];
      const kind = (v: unknown) => (Array.isArray(v) ? "list" : typeof v);
      if (old !== undefined && kind(old) !== kind(value)) {
        throw new Error(
          `scenario change "${path}": the parameter is a ${kind(old)}, got a ${kind(value)} ` +
            `(${JSON.stringify(value)})`,
        );
      }
    }
    node[key] = structuredClone(value);
  }
  try {
    return validateScenario(out, "changed");
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw new Error(
      `scenario changes ${JSON.stringify(changes)} make an invalid scenario: ${
        e.problems.map((p) => `${p.path}: ${p.message}`).join("; ")
      }`,
    );
  }
}

/**
 * Scenario changes from `path=value` texts, as the command line's `--set` gives them: each
 * value is read as JSON (a number, `true`, a list), else kept as text (an enum value, a name).
 *
 * @throws {Error} naming the flag and the text when one has no `=` or no path before it.
 *
 * @example
 * ```ts
 * changesFromText(["economy.settle_passes=2", "economy.market_model=posted_price"]);
 * // { "economy.settle_passes": 2, "economy.market_model": "posted_price" }
 * ```
 */
export function changesFromText(pairs: readonly string[], flag = "--set"): ScenarioChanges {
  const out: ScenarioChanges = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`${flag} needs path=value, got "${pair}"`);
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the text itself
    }
    out[pair.slice(0, eq)] = value as ChangeValue;
  }
  return out;
}

/**
 * The changes that turn scenario `from` into scenario `to`: every parameter (a leaf of the
 * resolved scenario, lists compared whole) whose value differs, by dotted path, with `to`'s
 * value. `withChanges(from, changesBetween(from, to))` is `to`, its `name` aside when
 * `ignore` holds it (the default).
 *
 * @throws {Error} naming the path where one scenario has a section and the other a value.
 *
 * @example
 * ```ts
 * import { loadScenario } from "../engine/scenario/load.ts";
 * const banks = changesBetween(
 *   await loadScenario("overdraft_island"),
 *   await loadScenario("tiny_island"),
 * );
 * banks["finance.simulate_banks"]; // true
 * ```
 */
export function changesBetween(
  from: ScenarioConfig,
  to: ScenarioConfig,
  ignore: readonly string[] = ["name"],
): ScenarioChanges {
  const out: ScenarioChanges = {};
  const isSection = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, prefix: string) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const path = prefix + key;
      if (ignore.includes(path)) continue;
      const x = a[key], y = b[key];
      if (isSection(x) && isSection(y)) {
        walk(x as Record<string, unknown>, y as Record<string, unknown>, path + ".");
      } else if (isSection(x) || isSection(y)) {
        throw new Error(`changesBetween: ${path} is a section in one scenario only`);
      } else if (JSON.stringify(x) !== JSON.stringify(y)) {
        out[path] = structuredClone(y) as ChangeValue;
      }
    }
  };
  walk(
    from as unknown as Record<string, unknown>,
    to as unknown as Record<string, unknown>,
    "",
  );
  return out;
}
