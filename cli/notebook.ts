/**
 * `main.ts notebook` and `main.ts notebooks`: execute notebooks through the Deno kernel.
 * @module
 */
import {
  executeAllNotebooks,
  executeNotebook,
  type ParamValue,
} from "../analysis/notebook_runner.ts";

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

/** Executes one notebook with injected parameters; writes the executed copy and HTML. */
export async function notebookCommand(
  file: string,
  flags: { param: Record<string, string>; out?: string; html?: string },
): Promise<void> {
  const params = Object.fromEntries(
    Object.entries(flags.param).map(([k, v]) => [k, parseParam(v)]),
  );
  const out = flags.out ?? file.replace(/\.ipynb$/, "") + ".out.ipynb";
  const r = await executeNotebook(file, { params, outNotebook: out, html: flags.html });
  console.log(
    `executed ${file} in ${r.seconds.toFixed(1)} s -> ${out}` +
      (r.html ? `, report ${r.html}` : ""),
  );
}

/** Executes every notebook of a folder; exits non-zero when any cell fails. */
export async function notebooksCommand(dir: string, flags: { outDir: string }): Promise<void> {
  await Deno.mkdir(flags.outDir, { recursive: true });
  await executeAllNotebooks(dir, {
    outDir: flags.outDir,
    onResult: (r) =>
      console.log(
        `${r.ok ? "ok  " : "FAIL"} ${r.path} (${r.seconds.toFixed(1)} s)` +
          (r.error ? `\n${r.error}` : ""),
      ),
  });
}
