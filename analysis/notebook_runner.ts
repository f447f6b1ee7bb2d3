/**
 * Runs Jupyter notebooks headless through the real Deno kernel, papermill-style.
 *
 * `jupyter nbconvert --execute` does the running; this module finds it, injects parameters,
 * turns a failing cell into a clear error, and writes results atomically (temporary name, then
 * rename).
 *
 * ## Parameters convention
 *
 * A notebook marks one code cell with the tag `parameters` and declares each parameter there,
 * one declaration per statement, with a JSON-compatible default:
 *
 * ```ts
 * let ticks = 30;
 * const scenario = "tiny_island";
 * ```
 *
 * {@linkcode executeNotebook} inserts a new code cell right after it, tagged
 * `injected-parameters` (with its own unique cell `id`), holding the overrides as JSON literals:
 * a `let`/`var` name is assigned (`ticks = 90;`), a `const` name is declared again
 * (`const scenario = "laptop_small";`). The Deno kernel evaluates cells with REPL semantics, so
 * a later cell may re-declare a `const` or `let` (checked with Deno 2.9.6); assigning to a
 * `const` would throw. The cell ends with `void 0;` so it shows no result. A name not declared in the parameters cell is an error listing the known
 * ones. An `injected-parameters` cell left from an earlier run is replaced.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";

/** Debian packages and the command that make {@linkcode findJupyter} succeed. */
export const JUPYTER_INSTALL_HINT: string =
  "install Jupyter with `apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client` " +
  "and register the Deno kernel with `deno jupyter --install`";

/** What {@linkcode findJupyter} found. */
export interface JupyterInstall {
  /** The `jupyter` executable used. */
  jupyter: string;
  /** nbconvert version, e.g. "6.5.3". */
  nbconvert: string;
  /** nbclient version, e.g. "0.7.2". */
  nbclient: string;
  /** The kernelspec name that runs notebooks. */
  kernelName: string;
  /** The kernel's command line from its kernelspec. */
  kernelArgv: string[];
}

/** Options of {@linkcode findJupyter}. */
export interface FindJupyterOptions {
  /** The jupyter executable. @default {"jupyter"} */
  jupyter?: string;
  /** Kernelspec that must be installed. @default {"deno"} */
  kernelName?: string;
}

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

/** A parameter value; it is written into the notebook as a JSON literal. */
export type ParamValue = string | number | boolean;

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Overrides of names declared in the `parameters` cell. */
  params?: Record<string, ParamValue>;
  /** Where to write the executed notebook; not written when omitted. */
  outNotebook?: string;
  /** Where to write an HTML report of the executed notebook; none when omitted. */
  html?: string;
  /** Seconds one cell may run before the run fails. @default {600} */
  timeoutS?: number;
  /** Kernelspec to run with. @default {"deno"} */
  kernelName?: string;
  /** The jupyter executable. @default {"jupyter"} */
  jupyter?: string;
}

/** Result of {@linkcode executeNotebook}. */
export interface NotebookRun {
  /** The notebook that ran. */
  path: string;
  /** The executed notebook, outputs included. */
  notebook: Notebook;
  /** Where the executed notebook was written, if asked. */
  outNotebook?: string;
  /** Where the HTML report was written, if asked. */
  html?: string;
  /** Wall-clock seconds of the execution (kernel start included, HTML excluded). */
  seconds: number;
}

/** A notebook cell failed (or timed out) while executing. */
export class NotebookExecutionError extends Error {
  /** The notebook that failed. */
  readonly notebook: string;
  /** 0-based index of the failing cell in the notebook as executed (injected cell included), or -1. */
  readonly cellIndex: number;
  /** The failing cell's id, if known. */
  readonly cellId?: string;
  /** The kernel's error text (ANSI colors removed). */
  readonly detail: string;

  /**
   * Builds the error; the message names the notebook, the cell (1-based position as a person
   * counts cells in the notebook's own file, plus its id) and the error.
   */
  constructor(
    notebook: string,
    cellIndex: number,
    cellId: string | undefined,
    detail: string,
    position?: string,
  ) {
    const where = position ??
      (cellIndex >= 0
        ? `cell ${cellIndex + 1}${cellId ? ` (id "${cellId}")` : ""}`
        : "an unidentified cell");
    super(`Notebook ${notebook} failed in ${where}:\n${detail}`);
    this.name = "NotebookExecutionError";
    this.notebook = notebook;
    this.cellIndex = cellIndex;
    this.cellId = cellId;
    this.detail = detail;
  }
}

async function run(
  cmd: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Checks that `jupyter nbconvert` and nbclient are installed and that the Deno kernelspec is
 * registered.
 *
 * @param opts Executable and kernel name.
 * @returns Versions and the kernel's command line.
 * @throws {Error} Naming what is missing and how to install it (see
 *   {@linkcode JUPYTER_INSTALL_HINT}).
 *
 * @example
 * ```ts
 * import { findJupyter } from "./notebook_runner.ts";
 * const jupyter = await findJupyter(); // throws with install instructions when absent
 * console.log(`nbconvert ${jupyter.nbconvert}, kernel ${jupyter.kernelName}`);
 * ```
 */
export async function findJupyter(opts: FindJupyterOptions = {}): Promise<JupyterInstall> {
  const jupyter = opts.jupyter ?? "jupyter";
  const kernelName = opts.kernelName ?? "deno";
  let versions: string;
  try {
    const r = await run(jupyter, ["--version"]);
    versions = r.stdout + r.stderr;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `Jupyter is not installed (no \`${jupyter}\` on PATH): ${JUPYTER_INSTALL_HINT}`,
      );
    }
    throw e;
  }
  const version = (pkg: string) => {
    const m = versions.match(new RegExp(`^${pkg}\\s*:\\s*(\\S.*)$`, "m"));
    return m && !/not installed/.test(m[1]) ? m[1].trim() : undefined;
  };
  const nbconvert = version("nbconvert");
  const nbclient = version("nbclient");
  const missing = [!nbconvert && "nbconvert", !nbclient && "nbclient"].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(`Jupyter is missing ${missing.join(" and ")}: ${JUPYTER_INSTALL_HINT}`);
  }
  const specs = await run(jupyter, ["kernelspec", "list", "--json"]);
  let kernelspecs: Record<string, { spec?: { argv?: string[] } }> = {};
  try {
    kernelspecs = JSON.parse(specs.stdout).kernelspecs ?? {};
  } catch {
    throw new Error(
      `\`${jupyter} kernelspec list --json\` did not print JSON (${specs.stderr.trim()}): ` +
        JUPYTER_INSTALL_HINT,
    );
  }
  const spec = kernelspecs[kernelName];
  if (!spec) {
    const known = Object.keys(kernelspecs);
    throw new Error(
      `No "${kernelName}" Jupyter kernel is registered (known: ${
        known.length ? known.join(", ") : "none"
      }): run \`deno jupyter --install\``,
    );
  }
  return {
    jupyter,
    nbconvert: nbconvert!,
    nbclient: nbclient!,
    kernelName,
    kernelArgv: spec.spec?.argv ?? [],
  };
}

function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

function hasTag(cell: NotebookCell, tag: string): boolean {
  return cell.metadata?.tags?.includes(tag) ?? false;
}

/**
 * Names declared in a parameters cell, with their keyword. One declaration per statement;
 * destructuring is not recognised.
 *
 * @param source The parameters cell's source.
 * @returns Name -> `let`, `const` or `var`, in order of declaration.
 *
 * @example
 * ```ts
 * import { declaredParameters } from "./notebook_runner.ts";
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
 * import { injectParameters, type Notebook } from "./notebook_runner.ts";
 * const nb: Notebook = {
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
  const declared = declaredParameters(sourceText(cells[at]));
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

// Kernel tracebacks carry terminal colors; strip them from error messages.
const ANSI = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");

/** Turns nbconvert's stderr on failure into a NotebookExecutionError. */
function executionError(label: string, nb: Notebook, stderr: string): NotebookExecutionError {
  const text = stderr.replace(ANSI, "");
  const m = text.match(
    /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n([\s\S]*)$/,
  );
  if (m) {
    const source = m[1].trim();
    const index = nb.cells.findIndex((c) => sourceText(c).trim() === source);
    const cell = nb.cells[index];
    let position: string | undefined;
    if (cell && hasTag(cell, "injected-parameters")) {
      position = "the injected parameters cell (check the parameter values)";
    } else if (cell) {
      // Count as in the user's file: the injected cell is not there.
      const own = nb.cells.slice(0, index + 1).filter((c) => !hasTag(c, "injected-parameters"));
      position = `cell ${own.length}${cell.id ? ` (id "${cell.id}")` : ""}`;
    }
    return new NotebookExecutionError(label, index, cell?.id, m[2].trim(), position);
  }
  const timeout = text.match(/(Cell execution timed out|Timeout waiting for execute reply)[^\n]*/);
  if (timeout) return new NotebookExecutionError(label, -1, undefined, timeout[0]);
  const tail = text.trim().split("\n").slice(-12).join("\n");
  return new NotebookExecutionError(label, -1, undefined, tail);
}

/** Writes via `write(tmpPath)` next to `dest`, then renames into place. */
async function atomically(dest: string, write: (tmp: string) => Promise<void>): Promise<void> {
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
 * Executes a notebook through the Deno kernel (`jupyter nbconvert --execute`), with parameters
 * injected after its `parameters` cell (see the module doc). The kernel runs in the notebook's
 * directory, so relative imports such as `../mod.ts` work. Outputs are written to a temporary
 * name and renamed.
 *
 * @param path The `.ipynb` to run (not modified).
 * @param opts Parameters, output paths, timeout.
 * @returns The executed notebook and where it was written.
 * @throws {NotebookExecutionError} When a cell fails or times out: the message names the
 *   notebook, the cell (index and id) and the kernel's error.
 * @throws {Error} When Jupyter is missing (see {@linkcode findJupyter}), the file is not a
 *   notebook, or a parameter is unknown.
 *
 * @example
 * ```ts
 * import { executeNotebook } from "./notebook_runner.ts";
 * const run = await executeNotebook("notebooks/quickstart.ipynb", {
 *   params: { ticks: 30 },
 *   outNotebook: "snapshots/quickstart.executed.ipynb",
 *   html: "snapshots/quickstart.html",
 * });
 * console.log(`ran in ${run.seconds.toFixed(1)} s`);
 * ```
 */
export async function executeNotebook(
  path: string,
  opts: ExecuteNotebookOptions = {},
): Promise<NotebookRun> {
  const jupyter = opts.jupyter ?? "jupyter";
  const kernelName = opts.kernelName ?? "deno";
  await findJupyter({ jupyter, kernelName });
  let nb: Notebook;
  try {
    nb = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new Error(`Cannot read notebook ${path}: ${(e as Error).message}`);
  }
  if (!nb || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`${path} is not an nbformat 4 notebook (no "cells" list or nbformat != 4)`);
  }
  const toRun = injectParameters(nb, opts.params ?? {}, path);

  // The modified notebook sits next to the original so the kernel's working directory (and so
  // relative imports) are the same as when a person runs it.
  const dir = dirname(resolve(path));
  const stem = basename(path).replace(/\.ipynb$/, "");
  const tag = crypto.randomUUID().slice(0, 8);
  const inputTmp = join(dir, `.${stem}.run-${tag}.ipynb`);
  const outputBase = `.${stem}.executed-${tag}`;
  const outputTmp = join(dir, `${outputBase}.ipynb`);
  const started = performance.now();
  let executed: Notebook;
  try {
    await Deno.writeTextFile(inputTmp, JSON.stringify(toRun, null, 1) + "\n");
    const r = await run(jupyter, [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      `--ExecutePreprocessor.kernel_name=${kernelName}`,
      `--ExecutePreprocessor.timeout=${opts.timeoutS ?? 600}`,
      "--output-dir",
      dir,
      "--output",
      outputBase,
      inputTmp,
    ]);
    if (r.code !== 0) throw executionError(path, toRun, r.stderr);
    executed = JSON.parse(await Deno.readTextFile(outputTmp));
  } finally {
    await Deno.remove(inputTmp).catch(() => {});
  }
  const seconds = (performance.now() - started) / 1000;
  try {
    if (opts.html) {
      const html = resolve(opts.html);
      await atomically(html, async (tmp) => {
        // nbconvert appends ".html" to --output, so ask for the name without it.
        const r = await run(jupyter, [
          "nbconvert",
          "--to",
          "html",
          "--output-dir",
          dirname(tmp),
          "--output",
          basename(tmp),
          outputTmp,
        ]);
        if (r.code !== 0) {
          throw new Error(
            `HTML report of ${path} failed: ${r.stderr.replace(ANSI, "").trim().split("\n").pop()}`,
          );
        }
        await Deno.rename(`${tmp}.html`, tmp);
      });
    }
    if (opts.outNotebook) {
      const out = resolve(opts.outNotebook);
      await atomically(out, (tmp) => Deno.copyFile(outputTmp, tmp));
    }
  } finally {
    await Deno.remove(outputTmp).catch(() => {});
  }
  return { path, notebook: executed, outNotebook: opts.outNotebook, html: opts.html, seconds };
}

/** Options of {@linkcode executeAllNotebooks}. */
export interface ExecuteAllOptions {
  /** Folder for executed notebooks (`<name>.ipynb`); none written when omitted. */
  outDir?: string;
  /** Also write `<name>.html` reports into `outDir`. @default {false} */
  html?: boolean;
  /** Parameters passed to every notebook that declares them (others are skipped per notebook). */
  params?: Record<string, ParamValue>;
  /** Seconds one cell may run. @default {600} */
  timeoutS?: number;
  /** Called after each notebook, e.g. to print progress. */
  onResult?: (result: NotebookResult) => void;
}

/** Outcome of one notebook in {@linkcode executeAllNotebooks}. */
export interface NotebookResult {
  /** The notebook's path. */
  path: string;
  /** Whether every cell ran. */
  ok: boolean;
  /** Wall-clock seconds. */
  seconds: number;
  /** The error message when `ok` is false. */
  error?: string;
}

/**
 * Executes every `*.ipynb` in `dir` (not recursive, hidden files skipped), in name order, one
 * after the other, and throws at the end if any failed. Meant for `deno task notebooks` and CI.
 *
 * @param dir Folder holding the notebooks.
 * @param opts Output folder, HTML reports, shared parameters, timeout.
 * @returns One result per notebook, all ok.
 * @throws {Error} Listing every notebook that failed and why, after all have run.
 *
 * @example
 * ```ts
 * import { executeAllNotebooks } from "./notebook_runner.ts";
 * const results = await executeAllNotebooks("notebooks", { outDir: "snapshots/notebooks", html: true });
 * console.log(results.map((r) => `${r.path} ${r.seconds.toFixed(1)} s`).join("\n"));
 * ```
 */
export async function executeAllNotebooks(
  dir: string,
  opts: ExecuteAllOptions = {},
): Promise<NotebookResult[]> {
  await findJupyter();
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb") && !entry.name.startsWith(".")) {
      names.push(entry.name);
    }
  }
  names.sort();
  if (opts.outDir) await Deno.mkdir(opts.outDir, { recursive: true });
  const results: NotebookResult[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const started = performance.now();
    let result: NotebookResult;
    try {
      const nb: Notebook = JSON.parse(await Deno.readTextFile(path));
      const paramsCell = nb.cells?.find((c) => hasTag(c, "parameters"));
      const declared = paramsCell ? declaredParameters(sourceText(paramsCell)) : new Map();
      const params = Object.fromEntries(
        Object.entries(opts.params ?? {}).filter(([k]) => declared.has(k)),
      );
      const stem = name.replace(/\.ipynb$/, "");
      await executeNotebook(path, {
        params,
        timeoutS: opts.timeoutS,
        outNotebook: opts.outDir ? join(opts.outDir, `${stem}.ipynb`) : undefined,
        html: opts.outDir && opts.html ? join(opts.outDir, `${stem}.html`) : undefined,
      });
      result = { path, ok: true, seconds: (performance.now() - started) / 1000 };
    } catch (e) {
      result = {
        path,
        ok: false,
        seconds: (performance.now() - started) / 1000,
        error: (e as Error).message,
      };
    }
    results.push(result);
    opts.onResult?.(result);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${results.length} notebooks failed:\n` +
        failed.map((r) => `- ${r.error}`).join("\n"),
    );
  }
  return results;
}
