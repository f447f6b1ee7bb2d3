import assert from "node:assert/strict";
import { join } from "node:path";
import {
  hasOutputs,
  type Notebook,
  notebookText,
  outputSignature,
  readNotebook,
  stripNotebookFiles,
  stripOutputs,
} from "../../analysis/notebook_format.ts";

const executed: Notebook = {
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: "# Title" },
    {
      cell_type: "code",
      id: "params",
      metadata: { tags: ["parameters"], execution: { "iopub.status.idle": "2026-12-01" } },
      source: "let n = 1;",
      outputs: [],
      execution_count: 1,
    },
    {
      cell_type: "code",
      id: "injected-parameters-0a1b2c3d",
      metadata: { tags: ["injected-parameters"] },
      source: "n = 2;",
      outputs: [],
      execution_count: 2,
    },
    {
      cell_type: "code",
      id: "show",
      metadata: { collapsed: false },
      source: "console.log(n); run",
      outputs: [
        { output_type: "stream", name: "stdout", text: "2\n" },
        {
          output_type: "execute_result",
          data: { "text/plain": "Run", "text/html": "<b>Run</b>" },
          metadata: {},
          execution_count: 3,
        },
      ],
      execution_count: 3,
    },
  ],
  metadata: { kernelspec: { name: "deno" } },
  nbformat: 4,
  nbformat_minor: 5,
};

Deno.test("stripOutputs() empties outputs and counts, drops injected cells and timings, keeps ids", () => {
  const nb = stripOutputs(executed);
  assert.deepEqual(nb.cells.map((c) => c.id), ["intro", "params", "show"]);
  for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
    assert.deepEqual(c.outputs, []);
    assert.equal(c.execution_count, null);
    assert.equal(c.metadata?.execution, undefined);
  }
  assert.deepEqual(nb.cells[1].metadata?.tags, ["parameters"]);
  assert.deepEqual(nb.cells[2].metadata, { collapsed: false });
  assert.deepEqual(nb.metadata, executed.metadata);
  assert.equal(executed.cells[3].outputs?.length, 2, "the input is not modified");
  assert.ok(hasOutputs(executed));
  assert.ok(!hasOutputs(nb));
});

Deno.test("outputSignature() lists each code cell's output types and MIME keys in order", () => {
  assert.deepEqual(outputSignature(executed), {
    params: [],
    "injected-parameters-0a1b2c3d": [],
    show: ["stream:stdout", "execute_result:text/html+text/plain"],
  });
});

Deno.test("stripNotebookFiles() rewrites a notebook with outputs and leaves a clean one untouched", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy-strip-" });
  try {
    const dirty = join(dir, "dirty.ipynb");
    const clean = join(dir, "clean.ipynb");
    await Deno.writeTextFile(dirty, JSON.stringify(executed));
    // A clean file in another layout than notebookText() must not be rewritten either.
    const cleanText = JSON.stringify(stripOutputs(executed), null, 2);
    await Deno.writeTextFile(clean, cleanText);
    assert.deepEqual(await stripNotebookFiles([dirty, clean]), [dirty]);
    assert.equal(await Deno.readTextFile(dirty), notebookText(stripOutputs(executed)));
    assert.equal(await Deno.readTextFile(clean), cleanText);
    assert.deepEqual(await stripNotebookFiles([dirty, clean]), []);
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepEqual(names.sort(), ["clean.ipynb", "dirty.ipynb"], "no temporary files left");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readNotebook() names a missing relative path with where it was resolved from", async () => {
  await assert.rejects(
    () => readNotebook("no/such/notebook.ipynb"),
    (e: Error) => {
      assert.equal(
        e.message,
        `notebook no/such/notebook.ipynb (${
          join(Deno.cwd(), "no/such/notebook.ipynb")
        }, resolved from ${Deno.cwd()}) not found`,
      );
      return true;
    },
  );
});

Deno.test("readNotebook() rejects a file that is not an nbformat 4 notebook, naming it", async () => {
  const path = await Deno.makeTempFile({ suffix: ".ipynb" });
  try {
    await Deno.writeTextFile(path, '{"cells": [], "nbformat": 3}');
    await assert.rejects(() => readNotebook(path), /is not an nbformat 4 notebook/);
    await Deno.writeTextFile(path, "{oops");
    await assert.rejects(() => readNotebook(path), new RegExp(`${path} is not a notebook`));
  } finally {
    await Deno.remove(path);
  }
});
