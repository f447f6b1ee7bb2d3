import assert from "node:assert/strict";
import { join } from "node:path";
import {
  executeAllNotebooks,
  executeNotebook,
  findJupyter,
  injectParameters,
  type Notebook,
  NotebookExecutionError,
} from "../../analysis/notebook_runner.ts";

const jupyterMissing = await findJupyter().then(() => false, () => true);

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
      assert.match(e.message, /deno jupyter --install/);
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
      /No "no-such-kernel" Jupyter kernel is registered .*deno jupyter --install/,
    );
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
  name: "executeNotebook() runs a notebook in the Deno kernel with an injected parameter",
  ignore: jupyterMissing,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "panarchy-nb-" });
    try {
      const path = join(dir, "demo.ipynb");
      await Deno.writeTextFile(path, JSON.stringify(params));
      const run = await executeNotebook(path, {
        params: { ticks: 45, scenario: "laptop_small" },
        outNotebook: join(dir, "demo.executed.ipynb"),
        html: join(dir, "demo.html"),
        timeoutS: 120,
      });
      assert.ok(streamText(run.notebook).includes("ran laptop_small for 90 half-days"));
      const written: Notebook = JSON.parse(
        await Deno.readTextFile(join(dir, "demo.executed.ipynb")),
      );
      assert.ok(streamText(written).includes("ran laptop_small for 90 half-days"));
      assert.ok(written.cells.some((c) => c.metadata?.tags?.includes("injected-parameters")));
      const html = await Deno.readTextFile(join(dir, "demo.html"));
      assert.ok(html.includes("laptop_small"));
      // Only the source, the executed notebook and the report remain: temp files are gone.
      const names = [];
      for await (const e of Deno.readDir(dir)) names.push(e.name);
      assert.deepEqual(names.sort(), ["demo.executed.ipynb", "demo.html", "demo.ipynb"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "executeAllNotebooks() names the notebook and cell that failed",
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
          assert.match(e.message, /broken\.ipynb failed in cell 2 \(id "boom"\)/);
          assert.match(e.message, /tile 7 has no owner/);
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
