/**
 * Soak test of notebook outputs: runs the tutorial notebooks many times and counts outputs
 * that went missing or landed in another cell, against the expected outputs per cell in
 * `tests/notebook_outputs.json` (output types and MIME keys, see `outputSignature`).
 *
 * ```sh
 * deno task notebook-soak                    # 20 headless runs of each notebook, 5 Run-Alls
 * deno task notebook-soak --runs 5 --ui 0    # headless only, 5 runs each
 * deno task notebook-soak --ui 2 --runs 0 --notebooks 03_what_if
 * deno task notebook-soak --html             # also check each report in headless Chromium
 * ```
 *
 * Headless runs go through `executeNotebook` (the runner's nbclient driver). Run-Alls go
 * through a real classic Notebook server (`jupyter notebook`, Debian's jupyter-notebook)
 * driven by headless Chromium (Debian's chromium, npm playwright-core): the kernel is
 * restarted, outputs cleared, every cell run, and the outputs each cell shows are read from
 * the page after the kernel has been idle for a few seconds. The notebook files are never
 * saved (autosave is switched off) and are checked byte for byte afterwards.
 *
 * Not part of `task test` (it takes about 20 minutes); the README gives the last numbers.
 * Exits 1 when any output was missing or misplaced.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import {
  executeNotebook,
  type Notebook,
  outputSignature,
  readNotebook,
} from "../analysis/notebook_runner.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "20" },
    ui: { type: "string", default: "5" },
    notebooks: { type: "string", default: "01_quickstart,02_stylized_facts,03_what_if" },
    html: { type: "boolean", default: false },
    settle: { type: "string", default: "3" },
  },
});
const runs = Number(flags.runs);
const uiRuns = Number(flags.ui);
const settleS = Number(flags.settle);
const names = flags.notebooks!.split(",").map((n) => n.replace(/\.ipynb$/, ""));
const expected: Record<string, Record<string, string[]>> = JSON.parse(
  await Deno.readTextFile(join(ROOT, "tests/notebook_outputs.json")),
);

/** Cells whose outputs differ from the expected list, as readable lines. */
function differences(name: string, signature: Record<string, string[]>): string[] {
  const want = expected[`${name}.ipynb`];
  if (!want) throw new Error(`tests/notebook_outputs.json has no entry for ${name}.ipynb`);
  const out: string[] = [];
  for (const id of new Set([...Object.keys(want), ...Object.keys(signature)])) {
    const a = JSON.stringify(want[id] ?? null);
    const b = JSON.stringify(signature[id] ?? null);
    if (a !== b) out.push(`cell ${id}: expected ${a}, got ${b}`);
  }
  return out;
}

interface Tally {
  runs: number;
  bad: number;
  late: number;
  details: string[];
}

const tallies: Record<string, Tally> = {};
function tally(key: string): Tally {
  return tallies[key] ??= { runs: 0, bad: 0, late: 0, details: [] };
}

// --- headless ------------------------------------------------------------------------------

const chromiumChecks: string[] = [];
for (const name of names) {
  for (let i = 1; i <= runs; i++) {
    const t = tally(`headless ${name}`);
    const html = flags.html && i === 1
      ? join(ROOT, "snapshots", "notebooks", `${name}.soak.html`)
      : undefined;
    const run = await executeNotebook(join(ROOT, "notebooks", `${name}.ipynb`), { html });
    const diff = differences(name, outputSignature(run.notebook));
    t.runs++;
    t.late += run.lateOutputs.length;
    if (diff.length) {
      t.bad++;
      t.details.push(`run ${i}: ${diff.join("; ")}`);
    }
    console.log(
      `headless ${name} ${i}/${runs}: ${diff.length ? "DIFFERS" : "ok"} ` +
        `(${run.seconds.toFixed(1)} s, ${run.lateOutputs.length} late outputs put back)`,
    );
    if (html) chromiumChecks.push(html);
  }
}

// --- HTML reports in Chromium ----------------------------------------------------------------

async function withBrowser<T>(
  fn: (browser: import("npm:playwright-core@1.65.1").Browser) => Promise<T>,
): Promise<T> {
  // deno-lint-ignore no-import-prefix -- tool-only, outside the locks (run with --no-lock)
  const { chromium } = await import("npm:playwright-core@1.65.1");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

let htmlBad = 0;
if (chromiumChecks.length > 0) {
  await withBrowser(async (browser) => {
    for (const path of chromiumChecks) {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      await page.goto(`file://${path}`);
      await page.waitForTimeout(1000);
      const text = await page.innerText("body");
      const outputs = await page.locator(".jp-OutputArea-output").count();
      const loading = /Loading/.test(text);
      const ok = !loading && failed.length === 0 && outputs > 0;
      if (!ok) htmlBad++;
      console.log(
        `html ${path}: ${ok ? "ok" : "BAD"} (${outputs} outputs shown, ` +
          `${loading ? '"Loading" shown' : 'no "Loading"'}, ${failed.length} failed requests)`,
      );
      await page.close();
    }
  });
}

// --- Run-All in the classic Notebook ---------------------------------------------------------

/** A free TCP port on localhost. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The part of the classic Notebook's page API (`Jupyter.notebook`, notebook 6.4) used here. */
interface ClassicNotebook {
  kernel: {
    is_connected(): boolean;
    info_reply?: { status?: string };
    restart(ok: () => void, failed: () => void): void;
  };
  kernel_busy: boolean;
  get_cells(): {
    cell_type: string;
    input_prompt_number?: number | string | null;
    output_area?: { outputs: { output_type: string; name?: string; data?: unknown }[] };
  }[];
  set_autosave_interval(ms: number): void;
  clear_all_output(): void;
  execute_all_cells(): void;
}

/** The page's globals (a type only: `page.evaluate` sends the functions' source to the page). */
type NotebookPage = { Jupyter: { notebook: ClassicNotebook } };

async function runAllInNotebookUi(): Promise<void> {
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const originals = new Map<string, Uint8Array>();
  for (const name of names) {
    const path = join(ROOT, "notebooks", `${name}.ipynb`);
    originals.set(path, await Deno.readFile(path));
  }
  const args = [
    "notebook",
    "--no-browser",
    `--port=${port}`,
    "--ip=127.0.0.1",
    `--NotebookApp.token=${token}`,
    `--NotebookApp.notebook_dir=${ROOT}`,
  ];
  if (Deno.uid() === 0) args.push("--allow-root");
  const server = new Deno.Command("jupyter", { args, stdout: "null", stderr: "piped" }).spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0;; i++) {
      try {
        const r = await fetch(`${base}/api/status?token=${token}`);
        await r.body?.cancel();
        if (r.ok) break;
      } catch {
        // not up yet
      }
      if (i > 120) throw new Error("the Notebook server did not start within 60 s");
      await new Promise((r) => setTimeout(r, 500));
    }
    await withBrowser(async (browser) => {
      for (const name of names) {
        const nb = await readNotebook(join(ROOT, "notebooks", `${name}.ipynb`));
        const page = await browser.newPage();
        await page.goto(`${base}/notebooks/notebooks/${name}.ipynb?token=${token}`);
        await page.waitForFunction(
          () => {
            // deno-lint-ignore no-explicit-any
            const J = (globalThis as any).Jupyter;
            return J?.notebook?.kernel?.is_connected() && J.notebook.kernel.info_reply?.status;
          },
          undefined,
          { timeout: 120_000 },
        );
        // deno-lint-ignore no-explicit-any
        await page.evaluate(() => (globalThis as any).Jupyter.notebook.set_autosave_interval(0));
        for (let i = 1; i <= uiRuns; i++) {
          const t = tally(`Run All ${name}`);
          const started = performance.now();
          const shown = await runAllOnce(page, settleS);
          const executed: Notebook = {
            ...nb,
            cells: nb.cells.map((c, k) => ({ ...c, outputs: shown[k] ?? [] })),
          };
          const diff = differences(name, outputSignature(executed));
          t.runs++;
          if (diff.length) {
            t.bad++;
            t.details.push(`run ${i}: ${diff.join("; ")}`);
          }
          console.log(
            `Run All ${name} ${i}/${uiRuns}: ${diff.length ? "DIFFERS" : "ok"} ` +
              `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
        await page.close();
      }
    });
  } finally {
    server.kill("SIGTERM");
    await server.status;
    for (const [path, bytes] of originals) {
      const now = await Deno.readFile(path);
      if (now.length !== bytes.length || now.some((b, k) => b !== bytes[k])) {
        await Deno.writeFile(path, bytes);
        console.error(`${path} was changed by the Notebook server; restored`);
      }
    }
  }
}

/**
 * Restarts the kernel, clears every output, runs all cells, waits until every code cell has
 * run and no message arrived for `settleS` seconds, and returns each cell's outputs.
 */
async function runAllOnce(
  page: import("npm:playwright-core@1.65.1").Page,
  settleS: number,
): Promise<Record<string, unknown>[][]> {
  await page.evaluate(async () => {
    const nb = (globalThis as unknown as NotebookPage).Jupyter.notebook;
    await new Promise<void>((resolve, reject) =>
      nb.kernel.restart(() => resolve(), () => reject(new Error("kernel restart failed")))
    );
    nb.clear_all_output();
  });
  await page.waitForFunction(
    () => {
      const k = (globalThis as unknown as NotebookPage).Jupyter.notebook.kernel;
      return k.is_connected() && k.info_reply?.status === "ok";
    },
    undefined,
    { timeout: 120_000 },
  );
  await page.evaluate(() =>
    (globalThis as unknown as NotebookPage).Jupyter.notebook.execute_all_cells()
  );
  await page.waitForFunction(
    () => {
      const nb = (globalThis as unknown as NotebookPage).Jupyter.notebook;
      const code = nb.get_cells().filter((c) => c.cell_type === "code");
      return !nb.kernel_busy && code.every((c) => typeof c.input_prompt_number === "number");
    },
    undefined,
    { timeout: 600_000, polling: 200 },
  );
  // Late messages land after the kernel went idle: wait until the outputs stop changing.
  let last = "";
  for (let quiet = 0; quiet < settleS * 4;) {
    await page.waitForTimeout(250);
    const now = await page.evaluate(() =>
      JSON.stringify(
        (globalThis as unknown as NotebookPage).Jupyter.notebook.get_cells().map((c) =>
          c.output_area?.outputs.length ?? 0
        ),
      )
    );
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return await page.evaluate(() =>
    (globalThis as unknown as NotebookPage).Jupyter.notebook.get_cells().map((c) =>
      (c.output_area?.outputs ?? []).map((o) => ({
        output_type: o.output_type,
        name: o.name,
        data: o.data,
      }))
    )
  );
}

if (uiRuns > 0) await runAllInNotebookUi();

// --- summary ---------------------------------------------------------------------------------

console.log("\nsummary (a run is bad when any cell's outputs differ from the expected list):");
let bad = htmlBad;
for (const [key, t] of Object.entries(tallies)) {
  bad += t.bad;
  console.log(
    `  ${key}: ${t.bad} bad of ${t.runs}` +
      (key.startsWith("headless") ? `, ${t.late} late outputs put back by the runner` : ""),
  );
  for (const d of t.details.slice(0, 5)) console.log(`    ${d}`);
}
if (chromiumChecks.length) {
  console.log(`  HTML reports: ${htmlBad} bad of ${chromiumChecks.length}`);
}
Deno.exit(bad > 0 ? 1 : 0);
