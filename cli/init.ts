/**
 * `main.ts init <dir>`: a folder of one's own for notebooks and scripts that import PANARCHY.
 * It gets a `deno.json` whose import map is this checkout's (`import_map.json`, which maps
 * `panarchy` to `mod.ts` and pins every dependency), its own lockfile, and a starter notebook.
 * Nothing there is copied from the engine, so pulling a new engine version updates the folder.
 *
 * @module
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeAtomic } from "../engine/snapshot/parquet.ts";

/** The checkout's import map, which `panarchy` and every dependency resolve through. */
export const IMPORT_MAP: string = fileURLToPath(new URL("../import_map.json", import.meta.url));

/** The starter notebook `init` writes (nbformat 4.5, Deno kernel, no outputs). */
export function starterNotebook(): Record<string, unknown> {
  const code = (id: string, source: string) => ({
    cell_type: "code",
    id,
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  });
  return {
    cells: [
      {
        cell_type: "markdown",
        id: "intro",
        metadata: {},
        source: "# My PANARCHY notebook\n\n" +
          '`import ... from "panarchy"` resolves through this folder\'s `deno.json`, which ' +
          "`main.ts init` wrote. Runs are written under `snapshots/` here.",
      },
      code(
        "run",
        'import { loadScenario, runFromResult, runScenario } from "panarchy";\n\n' +
          'const config = await loadScenario("tiny_island");\n' +
          "const result = await runScenario(config, { ticks: 30, out: null });\n" +
          "const run = runFromResult(result);\n" +
          "run;",
      ),
      code("plot", 'run.plotKpis(["population", "unemployment_rate"]);'),
    ],
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * Prepares `dir` for notebooks: writes `deno.json` and `my_first.ipynb` (each only when absent:
 * an existing file is never overwritten, and a folder with a `deno.json` of its own is refused
 * unless it already points at this checkout).
 *
 * @returns The files written (absolute paths).
 * @throws {Error} Naming the file and the fix when `dir` is a file or holds another deno.json.
 */
export async function initFolder(dir: string): Promise<string[]> {
  const abs = path.resolve(dir);
  try {
    const info = await Deno.stat(abs);
    if (!info.isDirectory) throw new Error(`init: ${abs} is a file; give a folder`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    await Deno.mkdir(abs, { recursive: true });
  }
  const written: string[] = [];
  const config = path.join(abs, "deno.json");
  const wanted = { importMap: IMPORT_MAP, lock: "deno.lock", nodeModulesDir: "none" };
  let existing: string | null = null;
  try {
    existing = await Deno.readTextFile(config);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (existing === null) {
    await writeAtomic(config, JSON.stringify(wanted, null, 2) + "\n");
    written.push(config);
  } else {
    let ours = false;
    try {
      ours = JSON.parse(existing).importMap === IMPORT_MAP;
    } catch {
      // not JSON: not ours
    }
    if (!ours) {
      throw new Error(
        `init: ${config} exists and is not this checkout's (its importMap is not ${IMPORT_MAP}); ` +
          `it is left as it is: add "importMap": "${IMPORT_MAP}" to it yourself, or choose ` +
          `another folder`,
      );
    }
  }
  const notebook = path.join(abs, "my_first.ipynb");
  const have = await Deno.stat(notebook).then(() => true, () => false);
  if (!have) {
    await writeAtomic(notebook, JSON.stringify(starterNotebook(), null, 1) + "\n");
    written.push(notebook);
  }
  return written;
}

/** CLI entry: `main.ts init <dir>`. */
export async function initCommand(dir: string): Promise<void> {
  const written = await initFolder(dir);
  const abs = path.resolve(dir);
  console.log(
    written.length ? `wrote ${written.join(", ")}` : `${abs} is already set up`,
  );
  console.log(
    `notebooks in ${abs} import from "panarchy" (this checkout's mod.ts);\n` +
      `open them with: cd ${abs} && jupyter notebook  (root: add --allow-root)`,
  );
}
