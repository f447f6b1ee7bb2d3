/**
 * `main.ts init <dir>`: a folder outside the repository whose notebooks and scripts import
 * "panarchy", and whose set-up never overwrites what is there.
 */
import assert from "node:assert/strict";
import { IMPORT_MAP, initFolder } from "../cli/init.ts";

const decoder = new TextDecoder();

Deno.test("init sets up a folder outside the repo whose scripts import panarchy", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy_init_" });
  try {
    const written = await initFolder(`${dir}/mine`);
    assert.deepEqual(written, [`${dir}/mine/deno.json`, `${dir}/mine/my_first.ipynb`]);
    const config = JSON.parse(await Deno.readTextFile(`${dir}/mine/deno.json`));
    assert.equal(config.importMap, IMPORT_MAP);
    await Deno.writeTextFile(
      `${dir}/mine/first.ts`,
      'import { loadScenario, runScenario } from "panarchy";\n' +
        'const r = await runScenario(await loadScenario("tiny"), { ticks: 2, out: null });\n' +
        "console.log(r.sim.world.tick, r.sim.world.tables.persons.length > 0);\n",
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", "--allow-sys", "first.ts"],
      cwd: `${dir}/mine`,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, decoder.decode(out.stderr));
    assert.equal(decoder.decode(out.stdout).trim(), "2 true");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("init never overwrites: a second init keeps the files, a foreign deno.json is refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy_init_" });
  try {
    await initFolder(dir);
    await Deno.writeTextFile(`${dir}/my_first.ipynb`, "my edits");
    assert.deepEqual(await initFolder(dir), []);
    assert.equal(await Deno.readTextFile(`${dir}/my_first.ipynb`), "my edits");
    const other = `${dir}/other`;
    await Deno.mkdir(other);
    await Deno.writeTextFile(`${other}/deno.json`, '{"imports": {}}');
    await assert.rejects(
      () => initFolder(other),
      /other\/deno.json exists and is not this checkout's/,
    );
    assert.equal(await Deno.readTextFile(`${other}/deno.json`), '{"imports": {}}');
    await Deno.writeTextFile(`${dir}/file`, "x");
    await assert.rejects(() => initFolder(`${dir}/file`), /is a file; give a folder/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the starter notebook runs through the Deno kernel from a folder outside the repo", async () => {
  const jupyter = await new Deno.Command("jupyter", { args: ["nbconvert", "--version"] })
    .output().catch(() => null);
  if (!jupyter?.success) throw new Error("Jupyter is needed: see the README (notebooks)");
  const dir = await Deno.makeTempDir({ prefix: "panarchy_init_" });
  try {
    await initFolder(dir);
    const out = await new Deno.Command("jupyter", {
      args: [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--output",
        "ran.ipynb",
        "my_first.ipynb",
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, decoder.decode(out.stderr));
    const ran = JSON.parse(await Deno.readTextFile(`${dir}/ran.ipynb`));
    const errors = ran.cells.flatMap((c: { outputs?: { output_type: string }[] }) =>
      (c.outputs ?? []).filter((o) => o.output_type === "error")
    );
    assert.deepEqual(errors, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
