/**
 * Times two checkouts of the engine in one process, ticks alternated, so that both see the same
 * machine (on a shared machine, two benches an hour apart can differ by half). Prints the median
 * and 12th percentile ms/tick of each, in total and per system, and the paired difference B - A
 * tick by tick: its median, and its mean with the mean's standard error.
 *
 * The two sides take turns at going first (A then B on even ticks, B then A on odd ones): a side
 * that always ran first showed systems whose code was the same on both sides 0.2-0.7 ms slower
 * in their medians and up to 2 ms in their means (2026-12-06 and 12-07). What is left of such an
 * effect shows in a run of one checkout against itself; a change is worth a claim only past it.
 *
 *   git worktree add ../before <commit>
 *   deno run -A --lock=workbench.lock tools/ab_ticks.ts ../before . [--preset large]
 *     [--ticks 60] [--warmup 15] [--government] [--technology]
 *
 * Each checkout builds its own world of the preset (the same seed) with its own engine; a tick of
 * one is followed by a tick of the other. Both must have the systems asked for.
 *
 * The same checkout twice with scenario changes on one side times what a parameter costs, e.g.
 * the labor market at two on-the-job search rates:
 *
 *   deno run -A --lock=workbench.lock tools/ab_ticks.ts . . --preset large \
 *     --set-b economy.labor.on_the_job_search=0.07
 *
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { changesFromText } from "../analysis/changes.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    preset: { type: "string", default: "large" },
    ticks: { type: "string", default: "60" },
    warmup: { type: "string", default: "15" },
    government: { type: "boolean", default: false },
    technology: { type: "boolean", default: false },
    "set-a": { type: "string", multiple: true, default: [] },
    "set-b": { type: "string", multiple: true, default: [] },
  },
});
if (positionals.length !== 2) {
  console.error("usage: ab_ticks.ts <checkout A> <checkout B> [--preset P] [--ticks N] ...");
  Deno.exit(2);
}
const ticks = Number(values.ticks);
const warmup = Number(values.warmup);

interface Timed {
  run(ticks: number): void;
  scheduler: { timings: { names: string[]; times: Float64Array[]; total: Float64Array } };
  world: { tables: { persons: { length: number }; firms: { length: number } } };
}

async function build(root: string, set: string[]): Promise<Timed> {
  const at = (path: string) => pathToFileURL(resolve(root, path)).href;
  const { loadScenario } = await import(at("engine/scenario/load.ts"));
  const { Simulation } = await import(at("engine/simulation.ts"));
  let cfg = await loadScenario(values.preset);
  if (set.length > 0) {
    const { withChanges } = await import(at("analysis/changes.ts"));
    cfg = withChanges(cfg, changesFromText(set));
  }
  const systems = {
    ...cfg.systems,
    ...(values.government ? { government: true } : {}),
    ...(values.technology ? { technology: true } : {}),
  };
  const sim = Simulation.create({ ...cfg, systems });
  sim.run(warmup);
  return sim;
}

const sims = [
  await build(positionals[0], values["set-a"]),
  await build(positionals[1], values["set-b"]),
];
for (let i = 0; i < ticks; i++) {
  const first = i % 2;
  sims[first].run(1);
  sims[1 - first].run(1);
}

const quantile = (a: ArrayLike<number>, q: number) => {
  const b = Float64Array.from(a).sort();
  return b[Math.floor(q * (b.length - 1))];
};
const timed = (a: Float64Array) => a.subarray(warmup, warmup + ticks);
/** B - A tick by tick: the median, and the mean with its standard error. */
const paired = (a: Float64Array, b: Float64Array) => {
  const d = b.map((x, i) => x - a[i]);
  let mean = 0;
  for (const x of d) mean += x / d.length;
  let ss = 0;
  for (const x of d) ss += (x - mean) ** 2;
  const se = Math.sqrt(ss / Math.max(1, d.length - 1) / d.length);
  const sign = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
  return `${sign(quantile(d, 0.5))}   ${sign(mean)} ± ${se.toFixed(2)}`;
};
const row = (name: string, a: Float64Array | null, b: Float64Array | null) => {
  const cell = (x: Float64Array | null) =>
    x ? `${quantile(x, 0.5).toFixed(1)} (${quantile(x, 0.12).toFixed(1)})` : "-";
  const diff = a && b ? paired(a, b) : "-";
  console.log(`${name.padEnd(18)} ${cell(a).padStart(16)} ${cell(b).padStart(16)}   ${diff}`);
};
// Each side's world as it ended, so that a change that reshapes it shows it was applied.
const label = (root: string, set: string[], sim: Timed) =>
  `${[root, ...set].join(" ")} (${sim.world.tables.persons.length} persons, ` +
  `${sim.world.tables.firms.length} firms)`;
console.log(`A: ${label(positionals[0], values["set-a"], sims[0])}`);
console.log(`B: ${label(positionals[1], values["set-b"], sims[1])}`);
console.log(
  `${"ms/tick".padEnd(18)} ${"A".padStart(16)} ${"B".padStart(16)}   B - A: median, mean ± se`,
);
const [ta, tb] = sims.map((s) => s.scheduler.timings);
row("total", timed(ta.total), timed(tb.total));
for (const name of tb.names) {
  const i = ta.names.indexOf(name);
  row(name, i >= 0 ? timed(ta.times[i]) : null, timed(tb.times[tb.names.indexOf(name)]));
}
