/**
 * Notebook files (nbformat 4): reading and checking them, stripping their outputs, and the
 * list of outputs a run left in each cell.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { resolvedFrom } from "../engine/snapshot/output_dir.ts";

/** A notebook cell as nbformat 4 stores it (only the fields used here are typed). */
export interface NotebookCell {
  /** "code", "markdown" or "raw". */
  cell_type: string;
  /** Unique cell id (nbformat ≥ 4.5). */
  id?: string;
  /** Cell metadata; `tags` marks the parameters cell. */
  metadata?: { tags?: string[]; [key: string]: unknown };
  /** Source as one string or a list of lines. */
  source: string | string[];
  /** Outputs of a code cell. */
  outputs?: Record<string, unknown>[];
  /** Other nbformat fields. */
  [key: string]: unknown;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  /** The cells in order. */
  cells: NotebookCell[];
  /** Notebook metadata (kernelspec, language_info). */
  metadata: Record<string, unknown>;
  /** Major format version, 4. */
  nbformat: number;
  /** Minor format version. */
  nbformat_minor: number;
}

/**
 * A cell's source as one string.
 *
 * @param cell A notebook cell.
 * @returns Its source, lines joined.
 *
 * @example
 * ```ts
 * import { cellSource } from "./notebook_format.ts";
 * cellSource({ cell_type: "code", source: ["let a = 1;\n", "a"] }); // "let a = 1;\na"
 * ```
 */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Whether a cell carries a tag in its metadata.
 *
 * @param cell A notebook cell.
 * @param tag The tag, e.g. "parameters".
 * @returns True when `cell.metadata.tags` holds `tag`.
 *
 * @example
 * ```ts
 * import { hasTag } from "./notebook_format.ts";
 * hasTag({ cell_type: "code", source: "", metadata: { tags: ["parameters"] } }, "parameters"); // true
 * ```
 */
export function hasTag(cell: NotebookCell, tag: string): boolean {
  return cell.metadata?.tags?.includes(tag) ?? false;
}

/**
 * Parses notebook JSON and checks that it is nbformat 4.
 *
 * @param text The file's text.
 * @param label How to name the notebook in errors (its path).
 * @returns The notebook.
 * @throws {Error} When the text is not JSON or not an nbformat 4 notebook, naming `label`.
 *
 * @example
 * ```ts
 * import { parseNotebook } from "./notebook_format.ts";
 * const nb = parseNotebook('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "a.ipynb");
 * nb.cells.length; // 0
 * ```
 */
export function parseNotebook(text: string, label: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new Error(`${label} is not a notebook: ${(e as Error).message}`);
  }
  if (!nb || typeof nb !== "object" || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`${label} is not an nbformat 4 notebook (no "cells" list or nbformat != 4)`);
  }
  return nb;
}

/**
 * Reads and checks a notebook file.
 *
 * @param path The `.ipynb` file.
 * @returns The notebook.
 * @throws {Error} When the file cannot be read (naming the absolute path it was resolved to and
 *   the working directory) or is not an nbformat 4 notebook.
 *
 * @example
 * ```ts
 * import { readNotebook } from "./notebook_format.ts";
 * const nb = await readNotebook("notebooks/01_quickstart.ipynb");
 * console.log(nb.cells.length);
 * ```
 */
export async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`notebook ${resolvedFrom(path)} not found`);
    }
    throw new Error(`cannot read notebook ${resolvedFrom(path)}: ${(e as Error).message}`);
  }
  return parseNotebook(text, path);
}

/**
 * Returns a copy of a notebook without outputs: every code cell's outputs emptied and its
 * execution count cleared, execution timings dropped, cells injected by a parameterised run
 * (tagged `injected-parameters`) removed. Other metadata and every cell id stay.
 *
 * @param nb The notebook.
 * @returns The stripped copy (`nb` is not modified).
 *
 * @example
 * ```ts
 * import { stripOutputs } from "./notebook_format.ts";
 * const nb = stripOutputs({
 *   cells: [{ cell_type: "code", id: "a", source: "1", outputs: [{ output_type: "execute_result" }], execution_count: 3 }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * });
 * nb.cells[0].outputs; // []
 * ```
 */
export function stripOutputs(nb: Notebook): Notebook {
  const cells = nb.cells.filter((c) => !hasTag(c, "injected-parameters")).map((cell) => {
    if (cell.cell_type !== "code") return cell;
    const metadata = { ...cell.metadata };
    delete metadata.execution;
    return { ...cell, metadata, outputs: [], execution_count: null };
  });
  return { ...nb, cells };
}

/**
 * Whether any code cell holds outputs or an execution count.
 *
 * @param nb The notebook.
 * @returns True when {@linkcode stripOutputs} would change a cell's outputs.
 *
 * @example
 * ```ts
 * import { hasOutputs } from "./notebook_format.ts";
 * hasOutputs({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }); // false
 * ```
 */
export function hasOutputs(nb: Notebook): boolean {
  return nb.cells.some((c) =>
    c.cell_type === "code" &&
    ((c.outputs?.length ?? 0) > 0 || (c.execution_count ?? null) !== null)
  );
}

/**
 * Serialises a notebook as Jupyter writes it: one-space indent, keys in the notebook's own
 * order, a final newline.
 *
 * @param nb The notebook.
 * @returns The file's text.
 *
 * @example
 * ```ts
 * import { notebookText } from "./notebook_format.ts";
 * notebookText({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }).endsWith("}\n"); // true
 * ```
 */
export function notebookText(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/**
 * Writes `text` to `dest` through a temporary name beside it and a rename, so `dest` is
 * either the old file or the whole new one.
 *
 * @param dest The file to write.
 * @param write Writes the content to the temporary path it is given.
 * @throws {Error} Whatever `write` or the rename throws; the temporary file is removed.
 *
 * @example
 * ```ts
 * import { writeAtomically } from "./notebook_format.ts";
 * await writeAtomically("/tmp/report.txt", (tmp) => Deno.writeTextFile(tmp, "done\n"));
 * ```
 */
export async function writeAtomically(
  dest: string,
  write: (tmp: string) => Promise<void>,
): Promise<void> {
  const tmp = join(dirname(dest), `.${basename(dest)}.tmp-${crypto.randomUUID().slice(0, 8)}`);
  try {
    await write(tmp);
    await Deno.rename(tmp, dest);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Removes the outputs of notebook files in place (see {@linkcode stripOutputs}); a file that
 * has none is left untouched, byte for byte. Each file is rewritten through a temporary name.
 *
 * @param paths The `.ipynb` files.
 * @returns The files that changed.
 * @throws {Error} When a file cannot be read or is not a notebook, naming it.
 *
 * @example
 * ```ts
 * import { stripNotebookFiles } from "./notebook_format.ts";
 * const changed = await stripNotebookFiles(["notebooks/01_quickstart.ipynb"]);
 * console.log(changed.length ? `stripped ${changed.join(", ")}` : "nothing to strip");
 * ```
 */
export async function stripNotebookFiles(paths: string[]): Promise<string[]> {
  const changed: string[] = [];
  for (const path of paths) {
    const nb = await readNotebook(path);
    const stripped = stripOutputs(nb);
    if (notebookText(stripped) === notebookText(nb)) continue;
    await writeAtomically(path, (tmp) => Deno.writeTextFile(tmp, notebookText(stripped)));
    changed.push(path);
  }
  return changed;
}

/**
 * What a run left in each code cell, as short labels: `stream:stdout`, `error`, or the output
 * type with its MIME keys (`execute_result:text/html`, `display_data:text/html+text/plain`);
 * consecutive outputs of one stream count once. Used to check that no output went missing or
 * landed in the wrong cell.
 *
 * @param nb An executed notebook.
 * @returns Cell id (or `#index`) -> its outputs' labels, in order, for every code cell.
 *
 * @example
 * ```ts
 * import { outputSignature } from "./notebook_format.ts";
 * outputSignature({
 *   cells: [{ cell_type: "code", id: "a", source: "1", outputs: [{ output_type: "execute_result", data: { "text/plain": "1" } }] }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * }); // { a: ["execute_result:text/plain"] }
 * ```
 */
export function outputSignature(nb: Notebook): Record<string, string[]> {
  const signature: Record<string, string[]> = {};
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const labels = (cell.outputs ?? []).map((o) => {
      const type = String(o.output_type);
      if (type === "stream") return `stream:${o.name}`;
      if (type === "error") return "error";
      const data = (o.data ?? {}) as Record<string, unknown>;
      return `${type}:${Object.keys(data).sort().join("+")}`;
    });
    // The kernel may send two prints as one stream message or two; they show as one text.
    signature[cell.id ?? `#${i}`] = labels.filter((label, k) =>
      !(label.startsWith("stream:") && label === labels[k - 1])
    );
  });
  return signature;
}
