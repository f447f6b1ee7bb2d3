import assert from "node:assert/strict";
import { join } from "node:path";
import {
  executeAllNotebooks,
  executeNotebook,
  findJupyter,
  injectParameters,
  type Notebook,
  NotebookExecutionError,
  outputSignature,
} from "../../analysis/notebook_runner.ts";
import { runCommand } from "../../analysis/jupyter.ts";

const jupyter = await findJupyter().catch(() => undefined);
const jupyterMissing = jupyter === undefined;
const LATE_KERNEL = new URL("./fixtures/late_kernel.py", import.meta.url).pathname;

function notebook(cells: [string, string, string[]?][]): Notebook {
  return {
    cells: cells.map(([id, source, tags]) => ({
      cell_type: "code",
      id,
      metadata: tags ? { tags } : {},
      source,
      outputs: [],
      execution_count: null,
    })),
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function streamText(nb: Notebook): string {
  return nb.cells.flatMap((c) => c.outputs ?? []).map((o) => {
    const text = o.text as string | string[] | undefined;
    return Array.isArray(text) ? text.join("") : text ?? "";
  }).join("");
}

/** The text/plain of each output of a cell, in order. */
function plainOutputs(nb: Notebook, id: string): string[] {
  const cell = nb.cells.find((c) => c.id === id)!;
  return (cell.outputs ?? []).map((o) => {
    const data = o.data as Record<string, string> | undefined;
    return String(data?.["text/plain"] ?? o.text ?? o.evalue ?? "").trim();
  });
}

/**
 * Runs `fn` with a Jupyter data folder holding only `kernels` (name -> kernel.json), as the
 * user's, and HOME pointing at `home` when given.
 */
async function withKernels<T>(
  kernels: Record<string, Record<string, unknown>>,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "panarchy-kernels-" });
  const saved = Deno.env.get("JUPYTER_PATH");
  try {
    for (const [name, spec] of Object.entries(kernels)) {
      await Deno.mkdir(join(dir, "kernels", name), { recursive: true });
      await Deno.writeTextFile(join(dir, "kernels", name, "kernel.json"), JSON.stringify(spec));
    }
    Deno.env.set("JUPYTER_PATH", dir);
    return await fn(dir);
  } finally {
    if (saved === undefined) Deno.env.delete("JUPYTER_PATH");
    else Deno.env.set("JUPYTER_PATH", saved);
    await Deno.remove(dir, { recursive: true });
  }
}

/** The fake kernel of fixtures/late_kernel.py, registered as "panarchy-late". */
function lateKernel(): Record<string, Record<string, unknown>> {
  return {
    "panarchy-late": {
      argv: [jupyter!.python, LATE_KERNEL, "-f", "{connection_file}"],
      display_name: "late outputs",
      language: "typescript",
    },
  };
}

const params = notebook([
  ["params", 'let ticks = 30;\nconst scenario = "tiny_island";', ["parameters"]],
  ["body", "console.log(`ran ${scenario} for ${ticks * 2} half-days`);"],
]);

Deno.test("findJupyter() without Jupyter names the Debian packages and the kernel install", async () => {
  await assert.rejects(
    () => findJupyter({ jupyter: "/nonexistent/bin/jupyter" }),
    (e: Error) => {
      assert.match(
        e.message,
        /apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client/,
      );
      assert.match(e.message, /deno@2\.9\.6 task kernel-install/);
      return true;
    },
  );
});

Deno.test({
  name: "findJupyter() names a missing kernelspec and how to register it",
  ignore: jupyterMissing,
  async fn() {
    await assert.rejects(
      () => findJupyter({ kernelName: "no-such-kernel" }),
      /No "no-such-kernel" Jupyter kernel is registered .*task kernel-install/,
    );
  },
});

Deno.test({
  name: "findJupyter() names a kernel whose deno binary has gone (a cleared npx cache)",
  ignore: jupyterMissing,
  async fn() {
    const gone = "/nonexistent/.npm/_npx/0123/node_modules/.bin/deno";
    await withKernels({
      "gone-deno": { argv: [gone, "jupyter", "--kernel", "--conn", "{connection_file}"] },
    }, async () => {
      await assert.rejects(
        () => findJupyter({ kernelName: "gone-deno" }),
        (e: Error) => {
          assert.ok(e.message.includes(`runs ${gone}, which does not exist`), e.message);
          assert.match(e.message, /task kernel-install/);
          return true;
        },
      );
    });
  },
});

Deno.test("injectParameters() adds a tagged cell after the parameters cell", () => {
  const nb = injectParameters(params, { ticks: 90, scenario: 'say "hi"' });
  assert.equal(nb.cells.length, 3);
  const injected = nb.cells[1];
  assert.deepEqual(injected.metadata?.tags, ["injected-parameters"]);
  assert.match(injected.id!, /^injected-parameters-[0-9a-f]{8}$/);
  const source = (injected.source as string[]).join("");
  assert.ok(source.includes("ticks = 90;"));
  assert.ok(source.includes('const scenario = "say \\"hi\\"";'));
  // A second injection replaces the first instead of stacking.
  assert.equal(injectParameters(nb, { ticks: 1 }).cells.length, 3);
});

Deno.test("injectParameters() rejects an unknown parameter and lists the known ones", () => {
  assert.throws(
    () => injectParameters(params, { tick: 5 }, "demo.ipynb"),
    /demo.ipynb has no parameter "tick"; its parameters cell declares: ticks, scenario/,
  );
  const noParams = notebook([["a", "1 + 1"]]);
  assert.throws(() => injectParameters(noParams, { n: 1 }), /no cell tagged "parameters"/);
});

Deno.test({
  name: "executeNotebook() keeps outputs a kernel sends after its cell finished in that cell",
  ignore: jupyterMissing,
  async fn() {
    await withKernels(lateKernel(), async () => {
      const dir = await Deno.makeTempDir({ prefix: "panarchy-nb-" });
      try {
        const path = join(dir, "late.ipynb");
        await Deno.writeTextFile(
          path,
          JSON.stringify(notebook([
            ["a", "print:first"],
            ["b", "late:after idle, with its own header"],
            ["c", "stale:after idle, with the next request's header"],
            ["d", "print:last"],
          ])),
        );
        const run = await executeNotebook(path, { kernelName: "panarchy-late", timeoutS: 60 });
        assert.deepEqual(plainOutputs(run.notebook, "a"), ["first"]);
        assert.deepEqual(plainOutputs(run.notebook, "b"), ["after idle, with its own header"]);
        assert.deepEqual(plainOutputs(run.notebook, "c"), [
          "after idle, with the next request's header",
        ]);
        assert.deepEqual(plainOutputs(run.notebook, "d"), ["last"]);
        assert.deepEqual(
          run.lateOutputs.map((l) => [l.cellId, l.msgType, l.stamped]),
          [["b", "execute_result", "cell"], ["c", "execute_result", "flush"]],
        );
        // The same kernel through plain nbconvert: one output lost, one in the wrong cell.
        const out = join(dir, "plain.ipynb");
        const r = await runCommand(jupyter!.jupyter, [
          "nbconvert",
          "--to",
          "notebook",
          "--execute",
          "--ExecutePreprocessor.kernel_name=panarchy-late",
          "--output",
          out,
          path,
        ]);
        assert.equal(r.code, 0, r.stderr);
        const plain: Notebook = JSON.parse(await Deno.readTextFile(out));
        assert.deepEqual(plainOutputs(plain, "b"), []);
        assert.deepEqual(plainOutputs(plain, "c"), []);
        assert.deepEqual(plainOutputs(plain, "d"), [
          "after idle, with the next request's header",
          "last",
        ]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: "a failing cell is one line, printed once, naming where a relative path was resolved",
  ignore: jupyterMissing,
  async fn() {
    await withKernels(lateKernel(), async () => {
      const dir = await Deno.makeTempDir({ prefix: "panarchy-nb-" });
      try {
        const failing = async (message: string) => {
          const path = join(dir, "fails.ipynb");
          await Deno.writeTextFile(
            path,
            JSON.stringify(notebook([["ok", "print:fine"], ["open", `fail:${message}`]])),
          );
          try {
            await executeNotebook(path, { kernelName: "panarchy-late", timeoutS: 60 });
          } catch (e) {
            assert.ok(e instanceof NotebookExecutionError);
            assert.equal(e.cellId, "open");
            // The kernel's stack trace is kept for PANARCHY_DEBUG, not put in the message.
            assert.match(e.traceback, /at <anonymous>/);
            return e.message;
          }
          throw new Error("the notebook did not fail");
        };
        const head = `Notebook ${dir}/fails.ipynb failed in cell 2 (id "open"): Error: `;
        assert.equal(
          await failing("openRun(): run directory snapshots/x/run1 not found"),
          `${head}openRun(): run directory snapshots/x/run1 not found; snapshots/x/run1 ` +
            `(${dir}/snapshots/x/run1, resolved from ${dir}, the notebook's folder where the ` +
            "kernel runs) does not exist",
        );
        // A message that already names the resolved path is left as it is.
        const named = `openRun(): run directory snapshots/x (${dir}/snapshots/x, resolved from ` +
          `${dir}) not found`;
        assert.equal(await failing(named), `${head}${named}`);
        // A path-like word in an error that is not about a missing file gets no note.
        const layout = "run directory x holds a run in an older layout (panarchy-run/2)";
        assert.equal(await failing(layout), `${head}${layout}`);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: "executeNotebook() runs a notebook in the Deno kernel with an injected parameter",
  ignore: jupyterMissing,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "panarchy-nb-" });
    try {
      const path = join(dir, "demo.ipynb");
      await Deno.writeTextFile(path, JSON.stringify(params));
      const run = await executeNotebook(path, {
        params: { ticks: 45, scenario: "laptop_small" },
        outNotebook: join(dir, "out", "demo.executed.ipynb"),
        html: join(dir, "out", "demo.html"),
        timeoutS: 120,
      });
      assert.ok(streamText(run.notebook).includes("ran laptop_small for 90 half-days"));
      assert.deepEqual(outputSignature(run.notebook), {
        params: [],
        [run.notebook.cells[1].id!]: [],
        body: ["stream:stdout"],
      });
      const written: Notebook = JSON.parse(
        await Deno.readTextFile(join(dir, "out", "demo.executed.ipynb")),
      );
      assert.ok(streamText(written).includes("ran laptop_small for 90 half-days"));
      assert.ok(written.cells.some((c) => c.metadata?.tags?.includes("injected-parameters")));
      const html = await Deno.readTextFile(join(dir, "out", "demo.html"));
      assert.ok(html.includes("ran laptop_small for 90 half-days"));
      // Self-contained: nothing to load, so no "Loading" box where MathJax is missing.
      assert.doesNotMatch(html, /<script[^>]*\ssrc=/i);
      assert.doesNotMatch(html, /<link[^>]*\shref="(?!#|data:)/i);
      assert.doesNotMatch(html, /MathJax|require(\.min)?\.js/);
      // Only the source and the outputs remain: nothing was written beside the notebook.
      const names = [];
      for await (const e of Deno.readDir(dir)) names.push(e.name);
      assert.deepEqual(names.sort(), ["demo.ipynb", "out"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "executeAllNotebooks() names the notebook and cell that failed, once, without a stack",
  ignore: jupyterMissing,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "panarchy-nb-" });
    try {
      const broken = notebook([
        ["setup", "let n = 1;", ["parameters"]],
        ["boom", 'throw new Error("tile 7 has no owner");'],
      ]);
      await Deno.writeTextFile(join(dir, "broken.ipynb"), JSON.stringify(broken));
      await assert.rejects(
        () => executeAllNotebooks(dir, { params: { n: 2 }, timeoutS: 120 }),
        (e: Error) => {
          assert.match(e.message, /1 of 1 notebooks failed/);
          assert.match(
            e.message,
            /broken\.ipynb failed in cell 2 \(id "boom"\): Error: tile 7 has no owner$/m,
          );
          assert.equal(e.message.split("tile 7 has no owner").length, 2, "printed once");
          assert.doesNotMatch(e.message, /\n\s+at /, "no stack trace");
          return true;
        },
      );
      await assert.rejects(
        () => executeNotebook(join(dir, "broken.ipynb")),
        (e: unknown) =>
          e instanceof NotebookExecutionError && e.cellId === "boom" && e.cellIndex === 1,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
