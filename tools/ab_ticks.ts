/**
 * Times two checkouts of the engine in one process, ticks alternated, so that both see the same
 * machine (on a shared machine, two benches an hour apart can differ by half). Prints the median
 * and 12th percentile ms/tick of each, in total and per system.
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
for (let i = 0; i < ticks; i++) for (const sim of sims) sim.run(1);

const quantile = (a: ArrayLike<number>, q: number) => {
  const b = Float64Array.from(a).sort();
  return b[Math.floor(q * (b.length - 1))];
};
const timed = (a: Float64Array) => a.subarray(warmup, warmup + ticks);
const row = (name: string, a: Float64Array | null, b: Float64Array | null) => {
  const cell = (x: Float64Array | null) =>
    x ? `${quantile(x, 0.5).toFixed(1)} (${quantile(x, 0.12).toFixed(1)})` : "-";
  console.log(`${name.padEnd(18)} ${cell(a).padStart(16)} ${cell(b).padStart(16)}`);
};
// Each side's world as it ended, so that a change that reshapes it shows it was applied.
const label = (root: string, set: string[], sim: Timed) =>
  `${[root, ...set].join(" ")} (${sim.world.tables.persons.length} persons, ` +
  `${sim.world.tables.firms.length} firms)`;
console.log(`A: ${label(positionals[0], values["set-a"], sims[0])}`);
console.log(`B: ${label(positionals[1], values["set-b"], sims[1])}`);
console.log(`${"ms/tick".padEnd(18)} ${"A".padStart(16)} ${"B".padStart(16)}`);
const [ta, tb] = sims.map((s) => s.scheduler.timings);
row("total", timed(ta.total), timed(tb.total));
for (const name of tb.names) {
  const i = ta.names.indexOf(name);
  row(name, i >= 0 ? timed(ta.times[i]) : null, timed(tb.times[tb.names.indexOf(name)]));
}
