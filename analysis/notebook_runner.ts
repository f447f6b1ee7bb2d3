/**
 * Runs Jupyter notebooks headless through the real Deno kernel, papermill-style (parameters:
 * see `notebook_params.ts`).
 *
 * A small nbclient driver (`_notebook_driver.py`, run by the Python that runs `jupyter`) does
 * the executing. Unlike `jupyter nbconvert --execute` it keeps every output in its cell: the
 * Deno kernel (2.9.6) can send a cell's outputs after it reported the cell finished, and the
 * driver collects them before it sends the next cell (see the driver and `kernel_output.ts`).
 * This module finds Jupyter, injects parameters, turns a failing cell into one clear error,
 * and writes the executed notebook and a self-contained HTML report (no scripts to load)
 * atomically (temporary name, then rename).
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findJupyter, runCommand } from "./jupyter.ts";
import {
  cellSource,
  hasTag,
  type Notebook,
  parseNotebook,
  readNotebook,
  writeAtomically,
} from "./notebook_format.ts";
import { declaredParameters, injectParameters, type ParamValue } from "./notebook_params.ts";

export {
  findJupyter,
  type FindJupyterOptions,
  installKernel,
  type InstallKernelOptions,
  JUPYTER_INSTALL_HINT,
  type JupyterInstall,
  type KernelInstall,
} from "./jupyter.ts";
export {
  hasOutputs,
  type Notebook,
  type NotebookCell,
  outputSignature,
  readNotebook,
  stripNotebookFiles,
  stripOutputs,
} from "./notebook_format.ts";
export { declaredParameters, injectParameters, type ParamValue } from "./notebook_params.ts";

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Overrides of names declared in the `parameters` cell. */
  params?: Record<string, ParamValue>;
  /** Where to write the executed notebook (folders are created); not written when omitted. */
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

/** An output the kernel sent after its cell had finished, which the runner put back. */
export interface LateOutput {
  /** 0-based index of the cell in the notebook as executed (injected cell included). */
  cellIndex: number;
  /** The cell's id. */
  cellId?: string;
  /** The message type, e.g. "execute_result". */
  msgType: string;
  /** Whose header the kernel stamped on it: the cell's, or the runner's flush request's. */
  stamped: "cell" | "flush";
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
  /** Outputs that came after their cell had finished (plain nbconvert would have lost them). */
  lateOutputs: LateOutput[];
}

/** A notebook cell failed (or timed out) while executing. */
export class NotebookExecutionError extends Error {
  /** The notebook that failed. */
  readonly notebook: string;
  /** 0-based index of the failing cell in the notebook as executed (injected cell included), or -1. */
  readonly cellIndex: number;
  /** The failing cell's id, if known. */
  readonly cellId?: string;
  /** The kernel's error, `name: message` (ANSI colors removed). */
  readonly detail: string;
  /** The kernel's stack trace (shown by the CLI only with PANARCHY_DEBUG=1). */
  readonly traceback: string;

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
    traceback = "",
  ) {
    const where = position ??
      (cellIndex >= 0
        ? `cell ${cellIndex + 1}${cellId ? ` (id "${cellId}")` : ""}`
        : "an unidentified cell");
    super(`Notebook ${notebook} failed in ${where}: ${detail}`);
    this.name = "NotebookExecutionError";
    this.notebook = notebook;
    this.cellIndex = cellIndex;
    this.cellId = cellId;
    this.detail = detail;
    this.traceback = traceback;
    if (traceback) this.stack = `${this.message}\nkernel traceback:\n${traceback}`;
  }
}

// Kernel tracebacks carry terminal colors; strip them from error messages.
const ANSI = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");

/** The error the driver reports for a failing cell. */
interface DriverError {
  cell_index: number;
  cell_id: string | null;
  ename: string;
  evalue: string;
  traceback: string | string[];
}

/**
 * A relative path named in an error that does not exist from the kernel's working directory,
 * said with where it was resolved: the usual mistake is a path relative to the shell's folder
 * rather than the notebook's.
 */
function missingPathNote(text: string, cwd: string): string {
  // Only errors about a missing file: a version such as "panarchy-run/2" also looks like a path.
  if (!/no such file|not ?found|does not exist|os error 2\b|ENOENT/i.test(text)) return "";
  const candidates = text.match(/(?<![\w/.:~-])(?:\.{1,2}\/)*[\w.=-]+(?:\/[\w.=-]+)+/g) ?? [];
  for (const candidate of candidates) {
    const path = resolve(cwd, candidate);
    if (text.includes(path)) continue; // the message already says where it looked
    try {
      Deno.statSync(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) continue;
      return `; ${candidate} (${path}, resolved from ${cwd}, the notebook's folder where the ` +
        "kernel runs) does not exist";
    }
  }
  return "";
}

/** Turns the driver's report of a failing cell into a NotebookExecutionError. */
function executionError(
  label: string,
  nb: Notebook,
  error: DriverError,
  cwd: string,
): NotebookExecutionError {
  const index = error.cell_index;
  const cell = nb.cells[index];
  let position: string | undefined;
  if (cell && hasTag(cell, "injected-parameters")) {
    position = "the injected parameters cell (check the parameter values)";
  } else if (cell) {
    // Count as in the user's file: the injected cell is not there.
    const own = nb.cells.slice(0, index + 1).filter((c) => !hasTag(c, "injected-parameters"));
    position = `cell ${own.length}${cell.id ? ` (id "${cell.id}")` : ""}`;
  }
  const evalue = (error.evalue ?? "").replace(ANSI, "").trim();
  const ename = (error.ename ?? "Error").replace(ANSI, "").trim();
  const detail = (evalue.startsWith(`${ename}:`) ? evalue : `${ename}: ${evalue}`) +
    missingPathNote(evalue, cwd);
  const traceback = (Array.isArray(error.traceback) ? error.traceback.join("\n") : error.traceback)
    .replace(ANSI, "");
  return new NotebookExecutionError(
    label,
    index,
    cell?.id ?? error.cell_id ?? undefined,
    detail,
    position,
    traceback,
  );
}

/** The driver script's path; copied into `tmpDir` when this module is not a local file. */
async function driverPath(tmpDir: string): Promise<string> {
  const url = new URL("./_notebook_driver.py", import.meta.url);
  if (url.protocol === "file:") return fileURLToPath(url);
  const path = join(tmpDir, "_notebook_driver.py");
  await Deno.writeTextFile(path, await (await fetch(url)).text());
  return path;
}

/** Runs the driver and returns the JSON object it printed last. */
async function callDriver(
  python: string,
  driver: string,
  args: string[],
): Promise<Record<string, unknown>> {
  const r = await runCommand(python, [driver, ...args]);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last);
  } catch {
    const why = r.stderr.replace(ANSI, "").trim().split("\n").slice(-6).join("\n");
    throw new Error(`the notebook driver (${python} ${driver}) failed (exit ${r.code}): ${why}`);
  }
}

/**
 * Executes a notebook through the Deno kernel with parameters injected after its `parameters`
 * cell (see `notebook_params.ts`). The kernel runs in the notebook's folder, so relative
 * imports such as `../mod.ts` and relative paths work as when a person runs it. Every output
 * stays in its cell, including those the kernel sends late. Outputs are written to a
 * temporary name and renamed; nothing is written beside the notebook.
 *
 * @param path The `.ipynb` to run (not modified).
 * @param opts Parameters, output paths, timeout.
 * @returns The executed notebook, where it was written, and the outputs that came late.
 * @throws {NotebookExecutionError} When a cell fails or times out: one line naming the
 *   notebook, the cell (position and id) and the kernel's error, plus where a missing relative
 *   path was resolved.
 * @throws {Error} When Jupyter is missing (see `findJupyter`), the file is not a notebook, or
 *   a parameter is unknown.
 *
 * @example
 * ```ts
 * import { executeNotebook } from "./notebook_runner.ts";
 * const run = await executeNotebook("notebooks/01_quickstart.ipynb", {
 *   params: { ticks: 30 },
 *   outNotebook: "snapshots/notebooks/01_quickstart.ipynb",
 *   html: "snapshots/notebooks/01_quickstart.html",
 * });
 * console.log(`ran in ${run.seconds.toFixed(1)} s`);
 * ```
 */
export async function executeNotebook(
  path: string,
  opts: ExecuteNotebookOptions = {},
): Promise<NotebookRun> {
  const kernelName = opts.kernelName ?? "deno";
  const install = await findJupyter({ jupyter: opts.jupyter, kernelName });
  const nb = await readNotebook(path);
  const toRun = injectParameters(nb, opts.params ?? {}, path);
  const cwd = dirname(resolve(path));
  const tmpDir = await Deno.makeTempDir({ prefix: "panarchy-notebook-" });
  try {
    const driver = await driverPath(tmpDir);
    const input = join(tmpDir, "input.ipynb");
    const executedPath = join(tmpDir, "executed.ipynb");
    await Deno.writeTextFile(input, JSON.stringify(toRun, null, 1) + "\n");
    const started = performance.now();
    const result = await callDriver(install.python, driver, [
      "run",
      input,
      executedPath,
      "--kernel",
      kernelName,
      "--timeout",
      String(opts.timeoutS ?? 600),
      "--cwd",
      cwd,
    ]);
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok) throw executionError(path, toRun, result.error as DriverError, cwd);
    const executed = parseNotebook(await Deno.readTextFile(executedPath), executedPath);
    const lateOutputs = ((result.late ?? []) as Record<string, unknown>[]).map((l) => ({
      cellIndex: l.cell_index as number,
      cellId: (l.cell_id as string | null) ?? undefined,
      msgType: l.msg_type as string,
      stamped: l.stamped as "cell" | "flush",
    }));
    if (opts.html) {
      const html = resolve(opts.html);
      await Deno.mkdir(dirname(html), { recursive: true });
      await writeAtomically(html, async (tmp) => {
        const r = await callDriver(install.python, driver, ["html", executedPath, tmp]);
        if (!r.ok) throw new Error(`HTML report of ${path} failed: ${JSON.stringify(r)}`);
      });
    }
    if (opts.outNotebook) {
      const out = resolve(opts.outNotebook);
      await Deno.mkdir(dirname(out), { recursive: true });
      await writeAtomically(out, (tmp) => Deno.copyFile(executedPath, tmp));
    }
    return {
      path,
      notebook: executed,
      outNotebook: opts.outNotebook,
      html: opts.html,
      seconds,
      lateOutputs,
    };
  } finally {
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
  }
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
  /** The executed notebook when `ok` is true. */
  notebook?: Notebook;
}

/** The `*.ipynb` files of a folder (not recursive, hidden files skipped), in name order. */
async function notebooksIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb") && !entry.name.startsWith(".")) {
      names.push(entry.name);
    }
  }
  return names.sort().map((name) => join(dir, name));
}

/**
 * Executes notebooks one after the other and throws at the end if any failed: every `*.ipynb`
 * of a folder (not recursive, hidden files skipped, in name order), or the files listed.
 * Meant for `deno task notebooks` and the tests.
 *
 * @param notebooks A folder of notebooks, or the notebook files to run.
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
  notebooks: string | string[],
  opts: ExecuteAllOptions = {},
): Promise<NotebookResult[]> {
  await findJupyter();
  const paths = typeof notebooks === "string" ? await notebooksIn(notebooks) : notebooks;
  const results: NotebookResult[] = [];
  for (const path of paths) {
    const started = performance.now();
    let result: NotebookResult;
    try {
      const nb = await readNotebook(path);
      const paramsCell = nb.cells.find((c) => hasTag(c, "parameters"));
      const declared = paramsCell ? declaredParameters(cellSource(paramsCell)) : null;
      const params = Object.fromEntries(
        Object.entries(opts.params ?? {}).filter(([k]) => declared?.has(k)),
      );
      const stem = basename(path).replace(/\.ipynb$/, "");
      const run = await executeNotebook(path, {
        params,
        timeoutS: opts.timeoutS,
        outNotebook: opts.outDir ? join(opts.outDir, `${stem}.ipynb`) : undefined,
        html: opts.outDir && opts.html ? join(opts.outDir, `${stem}.html`) : undefined,
      });
      result = {
        path,
        ok: true,
        seconds: (performance.now() - started) / 1000,
        notebook: run.notebook,
      };
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
