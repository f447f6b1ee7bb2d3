/**
 * Times two checkouts of the engine in one process, ticks alternated, so that both see the same
 * machine (on a shared machine, two benches an hour apart can differ by half). Prints the median
 * and 12th percentile ms/tick of each, in total and per system, and the paired difference B - A
 * tick by tick: its median, and its mean with the mean's standard error.
 *
 * The two sides take turns at going first (A then B on even ticks, B then A on odd ones): a side
 * that always ran first showed systems whose code was the same on both sides 0.2-0.7 ms slower
 * in their medians and up to 2 ms in their means (2026-12-06 and 12-07). The order in which the
 * worlds are built matters too: with two checkouts at large, the world built second ran some 5 ms
 * a tick faster whichever code it had (2026-12-07, afternoon: B - A was -6.0 ms with the new code
 * second and -5.5 with it first). So by default each side builds two worlds, in the order A B B A,
 * every tick runs all four in turn, and the differences pair each A with the B built next to it:
 * the build order's effect enters the two pairs with opposite signs and cancels in the pooled
 * figures; each pair's median difference is printed too (`--pairs 1`: one world a side, A first,
 * as before). What is left of such effects shows in a run of one checkout against itself; a change
 * is worth a claim only past it.
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
    pairs: { type: "string", default: "2" },
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
const pairs = Number(values.pairs);
if (pairs !== 1 && pairs !== 2) {
  console.error(`ab_ticks.ts: --pairs ${values.pairs}: use 1 (A B) or 2 (A B B A)`);
  Deno.exit(2);
}

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

// Worlds in build order, and each side's worlds: pair k is (as[k], bs[k]).
const as: Timed[] = [];
const bs: Timed[] = [];
as.push(await build(positionals[0], values["set-a"]));
bs.push(await build(positionals[1], values["set-b"]));
if (pairs === 2) {
  bs.push(await build(positionals[1], values["set-b"]));
  as.push(await build(positionals[0], values["set-a"]));
}
const sims = [as[0], bs[0], ...(pairs === 2 ? [bs[1], as[1]] : [])];
for (let i = 0; i < ticks; i++) {
  for (let j = 0; j < sims.length; j++) sims[(i + j) % sims.length].run(1);
}

const quantile = (a: ArrayLike<number>, q: number) => {
  const b = Float64Array.from(a).sort();
  return b[Math.floor(q * (b.length - 1))];
};
const sign = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
/** The timed ticks of one system (or the total, `null`) of each of a side's worlds, in turn. */
const timed = (side: Timed[], name: string | null): Float64Array[] | null => {
  const out: Float64Array[] = [];
  for (const sim of side) {
    const t = sim.scheduler.timings;
    const k = name === null ? -1 : t.names.indexOf(name);
    if (name !== null && k < 0) return null;
    out.push((k < 0 ? t.total : t.times[k]).subarray(warmup, warmup + ticks));
  }
  return out;
};
const pooled = (parts: Float64Array[]) => {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
/**
 * B - A tick by tick, each B against the A of its pair, pooled: the median, and the mean with its
 * standard error; with two pairs, each pair's median after it.
 */
const paired = (a: Float64Array[], b: Float64Array[]) => {
  const parts = b.map((bk, k) => bk.map((x, i) => x - a[k][i]));
  const d = pooled(parts);
  let mean = 0;
  for (const x of d) mean += x / d.length;
  let ss = 0;
  for (const x of d) ss += (x - mean) ** 2;
  const se = Math.sqrt(ss / Math.max(1, d.length - 1) / d.length);
  const each = parts.length > 1
    ? `   (${parts.map((p) => sign(quantile(p, 0.5))).join(", ")})`
    : "";
  return `${sign(quantile(d, 0.5))}   ${sign(mean)} ± ${se.toFixed(2)}${each}`;
};
const row = (name: string, a: Float64Array[] | null, b: Float64Array[] | null) => {
  const cell = (x: Float64Array[] | null) => {
    if (!x) return "-";
    const all = pooled(x);
    return `${quantile(all, 0.5).toFixed(1)} (${quantile(all, 0.12).toFixed(1)})`;
  };
  const diff = a && b ? paired(a, b) : "-";
  console.log(`${name.padEnd(18)} ${cell(a).padStart(16)} ${cell(b).padStart(16)}   ${diff}`);
};
// Each side's world as it ended, so that a change that reshapes it shows it was applied.
const label = (root: string, set: string[], sim: Timed) =>
  `${[root, ...set].join(" ")} (${sim.world.tables.persons.length} persons, ` +
  `${sim.world.tables.firms.length} firms)`;
console.log(`A: ${label(positionals[0], values["set-a"], as[0])}`);
console.log(`B: ${label(positionals[1], values["set-b"], bs[0])}`);
const pairText = pairs === 2 ? " (pair A-first, pair B-first)" : "";
console.log(
  `${"ms/tick".padEnd(18)} ${"A".padStart(16)} ${"B".padStart(16)}   B - A: median, mean ± se` +
    pairText,
);
row("total", timed(as, null), timed(bs, null));
for (const name of bs[0].scheduler.timings.names) row(name, timed(as, name), timed(bs, name));
