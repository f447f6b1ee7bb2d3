/**
 * The tutorial notebooks as committed: their shape, no outputs, and a run through the Deno
 * kernel that leaves the expected outputs in every cell. Only the notebooks git tracks are
 * checked (`git ls-files`), in the version staged for commit: a copy a person opened and saved
 * with outputs, or an executed copy in the folder, does not make the tests fail.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cellSource,
  hasOutputs,
  type Notebook,
  outputSignature,
  parseNotebook,
} from "../analysis/notebook_format.ts";
import { declaredParameters } from "../analysis/notebook_params.ts";
import { executeAllNotebooks, findJupyter } from "../analysis/notebook_runner.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const TUTORIALS = [
  "01_quickstart.ipynb",
  "02_stylized_facts.ipynb",
  "03_what_if.ipynb",
  "04_sweeps.ipynb",
  "05_calibration.ipynb",
  "06_technology.ipynb",
];
const EXPECTED: Record<string, Record<string, string[]>> = JSON.parse(
  await Deno.readTextFile(new URL("./notebook_outputs.json", import.meta.url)),
);

async function git(args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("git", { args, cwd: ROOT, stdout: "piped", stderr: "null" })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout) : undefined;
  } catch {
    return undefined; // no git
  }
}

// Outside a git checkout (an unpacked archive) the tutorials are the files themselves.
const tracked = await git(["ls-files", "-z", "--", "notebooks/*.ipynb"]);
const committed = tracked === undefined
  ? TUTORIALS.map((n) => `notebooks/${n}`)
  : tracked.split("\0").filter(Boolean).sort();

/** The notebook as staged for commit (`git show :path`), else as on disk. */
async function committedNotebook(path: string): Promise<Notebook> {
  const text = tracked === undefined ? undefined : await git(["show", `:${path}`]);
  return parseNotebook(text ?? await Deno.readTextFile(join(ROOT, path)), path);
}

Deno.test("the tutorial notebooks are committed", () => {
  assert.deepEqual(committed, TUTORIALS.map((n) => `notebooks/${n}`));
});

for (const path of committed) {
  Deno.test(`${path} is committed without outputs, every cell has an id, it imports only ../mod.ts`, async () => {
    const nb = await committedNotebook(path);
    assert.equal(nb.nbformat, 4);
    assert.ok(nb.nbformat_minor >= 5, "cell ids need nbformat 4.5");
    assert.equal((nb.metadata.kernelspec as { name: string }).name, "deno");
    const ids = nb.cells.map((c) => c.id);
    assert.ok(ids.every((id) => typeof id === "string" && id.length > 0), "a cell has no id");
    assert.equal(new Set(ids).size, ids.length, "cell ids repeat");
    assert.ok(!hasOutputs(nb), `${path} has outputs: run \`deno task strip-notebooks\``);
    for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
      for (const m of cellSource(c).matchAll(/from\s+"([^"]+)"/g)) {
        assert.equal(m[1], "../mod.ts", `cell ${c.id} imports ${m[1]}`);
      }
    }
    assert.ok(nb.cells.some((c) => c.cell_type === "markdown"), "no markdown: not a tutorial");
    const params = nb.cells.filter((c) => c.metadata?.tags?.includes("parameters"));
    assert.equal(params.length, 1, "one cell tagged parameters");
    assert.ok(
      declaredParameters(cellSource(params[0])).size > 0,
      "the parameters cell declares none",
    );
  });
}

Deno.test("every notebook runs through the Deno kernel and leaves each cell its outputs", async () => {
  // No silent skip: without Jupyter, findJupyter() fails with the install instructions.
  await findJupyter();
  const results = await executeAllNotebooks(committed.map((p) => join(ROOT, p)), { timeoutS: 300 });
  assert.equal(results.length, committed.length);
  for (const r of results) {
    assert.ok(r.ok, `${r.path}: ${r.error}`);
    const name = r.path.split("/").pop()!;
    assert.deepEqual(
      outputSignature(r.notebook!),
      EXPECTED[name],
      `${name}: outputs per cell (after an intended change, update tests/notebook_outputs.json)`,
    );
  }
});
