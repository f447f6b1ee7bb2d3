/**
 * Reading our YAML documents (scenarios, sweep specs) with the line of every key, so that a
 * problem found later by validation can be reported at its line.
 *
 * @module
 */
import { isMap, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { type Locate, ScenarioError, type ScenarioProblem } from "./validate.ts";

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
 * Most aliases a document may expand: ours have no use for more, and a "billion laughs" file
 * (aliases of aliases) would otherwise expand into gigabytes (the `yaml` library's own default
 * is 100).
 */
export const MAX_ALIAS_COUNT = 100;

/** A YAML mapping as plain data, with a way to find the line of any key path in it. */
export interface YamlMapping {
  data: Record<string, unknown>;
  locate: Locate;
}

/**
 * Parses YAML text that must be a mapping of keys.
 *
 * @param text YAML source.
 * @param source Names the document in error messages (usually the file path).
 * @param what What the document is ("scenario", "sweep spec"), for messages.
 * @param example Keys to show when the document is not a mapping, e.g. "name:, random_seed:".
 * @returns the data and a {@link Locate} for its key paths.
 * @throws {ScenarioError} on bad YAML, too many aliases or a document that is not a mapping.
 *
 * @example
 * ```ts
 * const { data, locate } = parseYamlMapping("a:\n  b: 1\n", "x.yaml", "scenario", "a:");
 * locate(["a", "b"]); // 2
 * ```
 */
export function parseYamlMapping(
  text: string,
  source: string,
  what: string,
  example: string,
): YamlMapping {
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
      message: `the YAML cannot be read (${why}). Write the ${what} as plain keys and values; ` +
        `aliases (*name) may expand to at most ${MAX_ALIAS_COUNT} nodes`,
    }], what);
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
      what,
    );
  }
  if (!isMap(doc.contents)) {
    throw new ScenarioError(source, [{
      path: "",
      line: 1,
      message: `a ${what} must be a YAML mapping of keys (${example} ...)`,
    }], what);
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
  return { data: data as Record<string, unknown>, locate };
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
 * A schema's complaints about a document as problems at their key paths and lines: one problem
 * per unknown key (naming where the keys are documented), the schema's message otherwise.
 *
 * @param issues The zod issues of a failed `safeParse`.
 * @param locate Finds the line of a key path.
 * @param docs Where the document's keys are listed, e.g. "the sweep spec in the README".
 */
function schemaProblems(
  issues: readonly z.core.$ZodIssue[],
  locate: Locate,
  docs: string,
): ScenarioProblem[] {
  return issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const path = (key === undefined ? issue.path : [...issue.path, key]) as (string | number)[];
      return {
        path: path.join("."),
        line: locate(path),
        message: issue.code === "unrecognized_keys"
          ? `unknown key "${key}": check its spelling against ${docs}`
          : issue.message,
      };
    });
  });
}

/**
 * The text of a YAML file of ours (a sweep or calibration spec).
 *
 * @param path The file.
 * @param what What the document is, for the message.
 * @throws {ScenarioError} naming the file when it is missing or unreadable.
 */
export async function readYamlFile(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "file not found" : String(e);
    throw new ScenarioError(path, [{
      path: "",
      line: 0,
      message: `${why}: give the path of a YAML file`,
    }], what);
  }
}

/** A YAML document checked by a schema, and where to collect the problems found after it. */
export interface CheckedDocument<T> {
  /** The document as the schema parsed it (defaults filled in). */
  value: T;
  locate: Locate;
  /** The problems found so far by the caller's own checks. */
  problems: ScenarioProblem[];
  /** Adds a problem at a key path (its line looked up). */
  add(path: (string | number)[], message: string): void;
}

/**
 * Parses a YAML mapping and checks it against a schema: what every spec of ours (sweeps,
 * calibrations) does before its own checks.
 *
 * @param text YAML source.
 * @param source Names the document in messages.
 * @param what What the document is ("sweep spec"), for messages.
 * @param example Keys to show when the document is not a mapping.
 * @param schema The document's zod schema.
 * @param docs Where its keys are listed, for unknown keys.
 * @throws {ScenarioError} on bad YAML or any schema problem, each at its line.
 */
export function parseChecked<S extends z.ZodType>(
  text: string,
  source: string,
  what: string,
  example: string,
  schema: S,
  docs: string,
): CheckedDocument<z.output<S>> {
  const { data, locate } = parseYamlMapping(text, source, what, example);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ScenarioError(source, schemaProblems(parsed.error.issues, locate, docs), what);
  }
  const problems: ScenarioProblem[] = [];
  const add = (path: (string | number)[], message: string) =>
    problems.push({ path: path.join("."), line: locate(path), message });
  return { value: parsed.data, locate, problems, add };
}
