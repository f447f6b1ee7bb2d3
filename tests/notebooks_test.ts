import assert from "node:assert/strict";
import { join } from "node:path";
import {
  declaredParameters,
  executeAllNotebooks,
  findJupyter,
  type Notebook,
} from "../analysis/notebook_runner.ts";

const DIR = new URL("../notebooks/", import.meta.url).pathname;
const names: string[] = [];
for await (const e of Deno.readDir(DIR)) {
  if (e.isFile && e.name.endsWith(".ipynb") && !e.name.startsWith(".")) names.push(e.name);
}
names.sort();

const source = (c: Notebook["cells"][number]) =>
  Array.isArray(c.source) ? c.source.join("") : c.source;

Deno.test("the tutorial notebooks are there", () => {
  assert.deepEqual(names, ["01_quickstart.ipynb", "02_stylized_facts.ipynb", "03_what_if.ipynb"]);
});

for (const name of names) {
  Deno.test(`${name} is committed without outputs, every cell has an id, it imports only ../mod.ts`, async () => {
    const nb: Notebook = JSON.parse(await Deno.readTextFile(join(DIR, name)));
    assert.equal(nb.nbformat, 4);
    assert.ok(nb.nbformat_minor >= 5, "cell ids need nbformat 4.5");
    assert.equal((nb.metadata.kernelspec as { name: string }).name, "deno");
    const ids = nb.cells.map((c) => c.id);
    assert.ok(ids.every((id) => typeof id === "string" && id.length > 0), "a cell has no id");
    assert.equal(new Set(ids).size, ids.length, "cell ids repeat");
    for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(c.outputs, [], `cell ${c.id} has outputs`);
      assert.equal(c.execution_count, null, `cell ${c.id} has an execution count`);
      for (const m of source(c).matchAll(/from\s+"([^"]+)"/g)) {
        assert.equal(m[1], "../mod.ts", `cell ${c.id} imports ${m[1]}`);
      }
    }
    assert.ok(nb.cells.some((c) => c.cell_type === "markdown"), "no markdown: not a tutorial");
    const params = nb.cells.filter((c) => c.metadata?.tags?.includes("parameters"));
    assert.equal(params.length, 1, "one cell tagged parameters");
    assert.ok(declaredParameters(source(params[0])).size > 0, "the parameters cell declares none");
  });
}

Deno.test("every notebook runs end to end through the Deno kernel", async () => {
  // No silent skip: without Jupyter, findJupyter() fails with the install instructions.
  await findJupyter();
  const results = await executeAllNotebooks(DIR, { timeoutS: 300 });
  assert.equal(results.length, names.length);
  for (const r of results) assert.ok(r.ok, `${r.path}: ${r.error}`);
});
