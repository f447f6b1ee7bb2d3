/**
 * Notebook parameters, papermill-style.
 *
 * A notebook marks one code cell with the tag `parameters` and declares each parameter there,
 * one declaration per statement, with a JSON-compatible default:
 *
 * ```ts
 * let ticks = 30;
 * const scenario = "tiny_island";
 * ```
 *
 * {@linkcode injectParameters} inserts a new code cell right after it, tagged
 * `injected-parameters` (with its own unique cell `id`), holding the overrides as JSON literals:
 * a `let`/`var` name is assigned (`ticks = 90;`), a `const` name is declared again
 * (`const scenario = "laptop_small";`). The Deno kernel evaluates cells with REPL semantics, so
 * a later cell may re-declare a `const` or `let` (checked with Deno 2.9.6); assigning to a
 * `const` would throw. The cell ends with `void 0;` so it shows no result. A name not declared
 * in the parameters cell is an error listing the known ones. An `injected-parameters` cell left
 * from an earlier run is replaced.
 *
 * @module
 */
import { cellSource, hasTag, type Notebook, type NotebookCell } from "./notebook_format.ts";

/** A parameter value; it is written into the notebook as a JSON literal. */
export type ParamValue = string | number | boolean;

/**
 * Names declared in a parameters cell, with their keyword. One declaration per statement;
 * destructuring is not recognised.
 *
 * @param source The parameters cell's source.
 * @returns Name -> `let`, `const` or `var`, in order of declaration.
 *
 * @example
 * ```ts
 * import { declaredParameters } from "./notebook_params.ts";
 * declaredParameters('let ticks = 30;\nconst scenario = "tiny_island";');
 * // Map { "ticks" => "let", "scenario" => "const" }
 * ```
 */
export function declaredParameters(source: string): Map<string, "let" | "const" | "var"> {
  const names = new Map<string, "let" | "const" | "var">();
  const decl = /(?:^|[;{}])\s*(let|const|var)\s+([A-Za-z_$][\w$]*)/gm;
  for (const m of source.matchAll(decl)) {
    names.set(m[2], m[1] as "let" | "const" | "var");
  }
  return names;
}

/**
 * Returns a copy of `nb` with a cell of parameter overrides after its `parameters` cell (see the
 * module doc for the convention). With no params the notebook is returned unchanged.
 *
 * @param nb The notebook.
 * @param params Overrides, name -> value.
 * @param label How to name the notebook in errors.
 * @returns The notebook to execute.
 * @throws {Error} When params are given but no cell is tagged `parameters`, or a name is not
 *   declared there (the message lists the known names).
 *
 * @example
 * ```ts
 * import { injectParameters } from "./notebook_params.ts";
 * const nb = {
 *   cells: [{ cell_type: "code", id: "p", metadata: { tags: ["parameters"] }, source: "let n = 1;" }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * };
 * injectParameters(nb, { n: 5 }).cells[1].source; // includes "n = 5;"
 * ```
 */
export function injectParameters(
  nb: Notebook,
  params: Record<string, ParamValue>,
  label = "notebook",
): Notebook {
  const names = Object.keys(params);
  const cells = nb.cells.filter((c) => !hasTag(c, "injected-parameters"));
  if (names.length === 0) return { ...nb, cells };
  const at = cells.findIndex((c) => c.cell_type === "code" && hasTag(c, "parameters"));
  if (at < 0) {
    throw new Error(
      `${label} has no cell tagged "parameters", so it takes no parameters (got ${
        names.join(", ")
      }); tag the cell that declares them`,
    );
  }
  const declared = declaredParameters(cellSource(cells[at]));
  const unknown = names.filter((n) => !declared.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `${label} has no parameter ${unknown.map((n) => `"${n}"`).join(", ")}; its parameters cell ` +
        `declares: ${[...declared.keys()].join(", ") || "nothing"}`,
    );
  }
  const lines = ["// Parameters injected by executeNotebook()\n"];
  for (const name of names) {
    const value = params[name];
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new Error(`${label}: parameter "${name}" must be a finite number, got ${value}`);
    }
    const literal = JSON.stringify(value);
    lines.push(
      declared.get(name) === "const" ? `const ${name} = ${literal};\n` : `${name} = ${literal};\n`,
    );
  }
  // An assignment's value would show as the cell's result; keep the cell's output empty.
  lines.push("void 0;");
  const injected: NotebookCell = {
    cell_type: "code",
    id: `injected-parameters-${crypto.randomUUID().slice(0, 8)}`,
    metadata: { tags: ["injected-parameters"] },
    source: lines,
    outputs: [],
    execution_count: null,
  };
  return { ...nb, cells: [...cells.slice(0, at + 1), injected, ...cells.slice(at + 1)] };
}
