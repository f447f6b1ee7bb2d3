import assert from "node:assert/strict";
import { join } from "node:path";
import { findJupyter, installKernel } from "../../analysis/jupyter.ts";

const jupyterMissing = await findJupyter().then(() => false, () => true);

Deno.test({
  name: "installKernel() registers a deno binary outside npm's cache, and again without error",
  ignore: jupyterMissing,
  async fn() {
    // A private HOME: the kernelspec and the copied binary land there, not in the real one.
    const home = await Deno.makeTempDir({ prefix: "panarchy-home-" });
    const saved = Object.fromEntries(
      ["HOME", "XDG_DATA_HOME", "JUPYTER_DATA_DIR", "JUPYTER_PATH"].map((
        k,
      ) => [k, Deno.env.get(k)]),
    );
    try {
      Deno.env.set("HOME", home);
      for (const k of ["XDG_DATA_HOME", "JUPYTER_DATA_DIR", "JUPYTER_PATH"]) Deno.env.delete(k);
      const first = await installKernel();
      assert.doesNotMatch(first.deno, /\/(_npx|node_modules|\.npm|\.cache)\//);
      assert.deepEqual(first.argv, [
        first.deno,
        "jupyter",
        "--kernel",
        "--conn",
        "{connection_file}",
      ]);
      if (first.copied) {
        assert.equal(first.deno, join(home, ".local", "bin", `deno-${Deno.version.deno}`));
      }
      const spec = JSON.parse(
        await Deno.readTextFile(join(home, ".local/share/jupyter/kernels/deno/kernel.json")),
      );
      assert.equal(spec.argv[0], first.deno);
      // Running it again replaces the kernelspec and reuses the copy.
      const again = await installKernel();
      assert.equal(again.deno, first.deno);
      assert.equal(again.copied, false);
      assert.equal((await findJupyter()).kernelArgv[0], first.deno);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) Deno.env.delete(k);
        else Deno.env.set(k, v);
      }
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test("installKernel() refuses a binary that is not deno", async () => {
  await assert.rejects(
    () => installKernel({ deno: "/bin/true" }),
    /\/bin\/true is not a deno binary/,
  );
});
