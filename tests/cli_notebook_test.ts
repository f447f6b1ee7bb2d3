/** `main.ts notebook` and `main.ts strip-notebooks` as a person runs them. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { findJupyter } from "../analysis/jupyter.ts";
import { hasOutputs, type Notebook, readNotebook } from "../analysis/notebook_format.ts";
import { runMain } from "./_fixtures.ts";

const jupyterMissing = await findJupyter().then(() => false, () => true);

/** Runs `main.ts` with `args` from `cwd`. */
const cli = runMain;

function notebook(outputs: Record<string, unknown>[]): Notebook {
  return {
    cells: [{
      cell_type: "code",
      id: "hello",
      metadata: {},
      source: 'console.log("hello from the kernel")',
      outputs,
      execution_count: outputs.length ? 1 : null,
    }],
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("main.ts strip-notebooks strips a notebook saved with outputs; --check names it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy-cli-strip-" });
  try {
    await Deno.mkdir(join(dir, "notebooks"));
    const saved = join(dir, "notebooks", "saved.ipynb");
    await Deno.writeTextFile(
      saved,
      JSON.stringify(notebook([{ output_type: "stream", name: "stdout", text: "hello\n" }])),
    );
    const check = await cli(dir, "strip-notebooks", "--check");
    assert.equal(check.code, 1);
    assert.match(
      check.stderr,
      /notebooks\/saved\.ipynb has outputs: run `deno task strip-notebooks`/,
    );
    assert.ok(!check.stderr.includes("    at "), check.stderr);
    const strip = await cli(dir, "strip-notebooks");
    assert.equal(strip.code, 0, strip.stderr);
    assert.match(strip.stdout, /stripped outputs from notebooks\/saved\.ipynb/);
    assert.ok(!hasOutputs(await readNotebook(saved)));
    assert.equal((await cli(dir, "strip-notebooks", "--check")).code, 0);
    assert.deepEqual(await listDir(join(dir, "notebooks")), ["saved.ipynb"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "main.ts notebook writes its copy and report to snapshots/notebooks/, not beside it",
  ignore: jupyterMissing,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "panarchy-cli-nb-" });
    try {
      await Deno.mkdir(join(dir, "notebooks"));
      await Deno.writeTextFile(join(dir, "notebooks", "hello.ipynb"), JSON.stringify(notebook([])));
      const r = await cli(dir, "notebook", "notebooks/hello.ipynb", "--html");
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /-> snapshots\/notebooks\/hello\.ipynb, report snapshots\/notebooks\/hello\.html/,
      );
      assert.deepEqual(await listDir(join(dir, "notebooks")), ["hello.ipynb"]);
      assert.deepEqual(await listDir(join(dir, "snapshots", "notebooks")), [
        "hello.html",
        "hello.ipynb",
      ]);
      const executed = await readNotebook(join(dir, "snapshots", "notebooks", "hello.ipynb"));
      assert.match(JSON.stringify(executed.cells[0].outputs), /hello from the kernel/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
