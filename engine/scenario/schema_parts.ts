/**
 * Building blocks of the scenario schema, shared by its section files: number helpers, the
 * strict section with defaults, and {@link fixed} with the reasons a shock may not change a
 * parameter.
 *
 * @module
 */
import { z } from "zod";

/** An integer parameter with its doc line. */
export const int = (doc: string) => z.number().int().describe(doc);
/** A number parameter with its doc line. */
export const num = (doc: string) => z.number().describe(doc);
/** A share in [0, 1] with its doc line. */
export const share = (doc: string) => z.number().min(0).max(1).describe(doc);
/** A strict section (unknown keys are errors) whose omitted keys take their defaults. */
export const section = <T extends z.ZodRawShape>(doc: string, shape: T) =>
  z.strictObject(shape).prefault({} as never).describe(doc);

/** Why shocks may not change a parameter read only when the world is built. */
export const AT_START = "read only when the world is built";
/** Why shocks may not change a setting of the run rather than of the world. */
export const RUN_SETTING = "a setting of the run, read before the first tick";
/** Why shocks may not change a parameter of a subsystem that does not exist yet. */
export const NOT_IMPLEMENTED = "its subsystem is not implemented yet, so nothing reads it";

/**
 * Marks a parameter (or a whole section) that shocks may not change, with the reason. The
 * reason is kept as schema metadata (`fixed`, read by validation) and appended to the doc
 * line, so docs/scenario.md shows it.
 *
 * @param schema The parameter's schema.
 * @param why Why a shock would do nothing.
 * @returns the same schema, marked.
 * @example
 * ```ts
 * const persons = fixed(int("Persons at the start.").min(1).default(100), AT_START);
 * ```
 */
export function fixed<T extends z.ZodType>(schema: T, why: string): T {
  // The doc line lives on the innermost schema; the JSON Schema export resolves it.
  const doc = (z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    description?: string;
  }).description ?? "";
  return schema.meta({ description: `${doc} Shocks cannot change it (${why}).`, fixed: why });
}
