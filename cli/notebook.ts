/**
 * `main.ts notebook`, `notebooks`, `strip-notebooks` and `kernel-install`: execute notebooks
 * through the Deno kernel, keep the committed notebooks free of outputs, register the kernel.
 * @module
 */
import { basename, join } from "node:path";
import {
  executeAllNotebooks,
  executeNotebook,
  hasOutputs,
  installKernel,
  type ParamValue,
  readNotebook,
  stripNotebookFiles,
} from "../analysis/notebook_runner.ts";

/** Where executed notebooks and reports go unless told otherwise (git-ignored). */
export const NOTEBOOK_OUT_DIR = "snapshots/notebooks";

/** A CLI parameter value: JSON when it parses (numbers, booleans, quoted strings), else text. */
export function parseParam(text: string): ParamValue {
  try {
    const v = JSON.parse(text);
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  } catch {
    // plain text
  }
  return text;
}

/**
 * Executes one notebook with injected parameters; writes the executed copy (by default
 * `snapshots/notebooks/<name>.ipynb`, never beside the notebook) and, with `--html`, a report.
 */
export async function notebookCommand(
  file: string,
  flags: { param: Record<string, string>; out?: string; html?: string | boolean },
): Promise<void> {
  const params = Object.fromEntries(
    Object.entries(flags.param).map(([k, v]) => [k, parseParam(v)]),
  );
  const stem = basename(file).replace(/\.ipynb$/, "");
  const out = flags.out ?? join(NOTEBOOK_OUT_DIR, `${stem}.ipynb`);
  const html = flags.html === true
    ? out.replace(/\.ipynb$/, "") + ".html"
    : flags.html || undefined;
  const r = await executeNotebook(file, { params, outNotebook: out, html });
  console.log(
    `executed ${file} in ${r.seconds.toFixed(1)} s -> ${out}` +
      (r.html ? `, report ${r.html}` : ""),
  );
}

/** Executes every notebook of a folder; exits non-zero when any cell fails. */
export async function notebooksCommand(
  dir: string,
  flags: { outDir: string; html?: boolean },
): Promise<void> {
  await executeAllNotebooks(dir, {
    outDir: flags.outDir,
    html: flags.html ?? false,
    onResult: (r) =>
      console.log(
        `${r.ok ? "ok  " : "FAIL"} ${r.path} (${r.seconds.toFixed(1)} s)` +
          (r.error ? `\n${r.error}` : ""),
      ),
  });
}

/** The notebooks of a folder, not hidden, in name order. */
async function notebookFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && e.name.endsWith(".ipynb") && !e.name.startsWith(".")) {
        files.push(join(dir, e.name));
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`no folder ${dir}`);
    throw e;
  }
  return files.sort();
}

/**
 * Removes outputs and execution counts from notebooks (default: every notebook in
 * `notebooks/`); with `--check`, changes nothing and fails when any has outputs.
 */
export async function stripNotebooksCommand(
  files: string[],
  flags: { check?: boolean },
): Promise<void> {
  const paths = files.length > 0 ? files : await notebookFiles("notebooks");
  if (flags.check) {
    const dirty: string[] = [];
    for (const path of paths) if (hasOutputs(await readNotebook(path))) dirty.push(path);
    if (dirty.length > 0) {
      throw new Error(
        `${dirty.join(", ")} ${dirty.length === 1 ? "has" : "have"} outputs: run ` +
          "`deno task strip-notebooks` before committing",
      );
    }
    console.log(`${paths.length} notebooks, none with outputs`);
    return;
  }
  const changed = await stripNotebookFiles(paths);
  console.log(
    changed.length > 0
      ? `stripped outputs from ${changed.join(", ")}`
      : `${paths.length} notebooks, none with outputs`,
  );
}

/** Registers the Deno Jupyter kernel with a deno binary outside npm's cache. */
export async function kernelInstallCommand(flags: { binDir?: string }): Promise<void> {
  const k = await installKernel({ binDir: flags.binDir });
  console.log(
    `Jupyter kernel "deno" registered: ${k.argv.join(" ")}` +
      (k.copied ? `\n(copied the running deno binary to ${k.deno})` : ""),
  );
}
