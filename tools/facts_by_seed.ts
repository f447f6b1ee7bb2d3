/**
 * Stylized facts on several seeds: runs a 20,000-person island per seed (the test fixture's
 * island) for `--ticks` days and prints, per seed, which facts pass after `--burn-in` days, then
 * how many seeds pass each fact. The README's "facts per seed" figures come from here.
 *
 *   deno run -A tools/facts_by_seed.ts [--seeds 1-8] [--ticks 610] [--burn-in 250]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runScenario } from "../engine/run.ts";
import { facts, runFromResult } from "../mod.ts";
import { smallScenario } from "../tests/_fixtures.ts";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1-8" },
    ticks: { type: "string", default: "610" },
    "burn-in": { type: "string", default: "250" },
    persons: { type: "string", default: "20000" },
  },
});
const [lo, hi] = values.seeds.split("-").map(Number);
const seeds = Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
const passes = new Map<string, number>();
for (const seed of seeds) {
  const config = smallScenario(Number(values.persons), { random_seed: seed });
  const result = await runScenario(config, { ticks: Number(values.ticks), out: null });
  const table = facts(runFromResult(result), { burnIn: Number(values["burn-in"]) });
  const rows = table.rows;
  const passed = rows.filter((r) => r.status === "pass");
  for (const r of passed) passes.set(r.id, (passes.get(r.id) ?? 0) + 1);
  const failed = rows.filter((r) => r.status !== "pass").map((r) =>
    `${r.id}=${Number.isFinite(r.value) ? r.value.toPrecision(3) : r.status}`
  );
  console.log(`seed ${seed}: ${passed.length}/${rows.length} pass; not: ${failed.join(", ")}`);
}
console.log("\nseeds passing each fact:");
for (const [name, n] of [...passes].sort()) {
  console.log(`  ${name.padEnd(28)} ${n}/${seeds.length}`);
}
