/**
 * The engine's lockfile stays light: `deno task run` installs every package that `deno.lock`
 * and the import map name, so a workbench package there would make the CLI's first run
 * download it (danfojs pulls about 450 MB with TensorFlow.js).
 */
import assert from "node:assert/strict";

const WORKBENCH_ONLY = ["danfojs", "@tensorflow", "@observablehq/plot", "linkedom"];

Deno.test("deno.lock and the import map name no workbench-only package", async () => {
  const root = new URL("../", import.meta.url);
  for (const file of ["deno.lock", "import_map.json"]) {
    const text = await Deno.readTextFile(new URL(file, root));
    const found = WORKBENCH_ONLY.filter((name) => text.includes(name));
    assert.deepEqual(
      found,
      [],
      `${file} names ${
        found.join(", ")
      }: regenerate it with \`deno cache main.ts\` (see README, dependencies)`,
    );
  }
});
