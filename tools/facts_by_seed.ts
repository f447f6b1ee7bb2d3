/**
 * Stylized facts on several seeds: runs a scenario (default tiny_island with 20,000 persons) once
 * per seed for the burn-in plus the facts' window, writes snapshots every `--snapshot-every` days
 * (the cross-section facts read them) into a temporary folder, and prints each seed's facts
 * table, then the facts over all seeds (passes out of n, median, min–max, each seed's value).
 * `--markdown FILE` also writes that table as Markdown for the README.
 *
 *   deno run -A --lock=workbench.lock tools/facts_by_seed.ts [--seeds 1-5] [--persons 20000]
 *     [--burn-in 730] [--window 1825] [--ticks N] [--scenario tiny_island]
 *     [--snapshot-every 30] [--markdown facts.md] [--keep DIR] [--set path=value ...]
 *
 * `--set economy.labor.quit_rate=0.0002` changes one scenario key on every seed (the value is
 * read as JSON, else kept as text); repeat it for several.
 *
 * `--ticks` defaults to burn-in + window (2555 days: 730 days of burn-in, then five years).
 * About 30 s per seed at 20,000 persons and 2555 days on one core (2026-12).
 *
 * `--in-memory` writes nothing: each seed runs in memory and the facts read its KPI series and
 * its last day's tables (the cross-section facts that need snapshots over the window then say
 * "not available"; those of one day read the last). For the time-series facts (the cycle, prices,
 * the labor market's flows), about a fifth faster.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  facts,
  FactsBySeed,
  loadScenario,
  openRun,
  type Run,
  runFromResult,
  runScenario,
  type ScenarioConfig,
  withChanges,
} from "../mod.ts";
import { changesOf, count, seedList } from "./_args.ts";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1-5" },
    persons: { type: "string", default: "20000" },
    "burn-in": { type: "string", default: "730" },
    window: { type: "string", default: "1825" },
    ticks: { type: "string" },
    scenario: { type: "string", default: "tiny_island" },
    "snapshot-every": { type: "string", default: "30" },
    markdown: { type: "string" },
    keep: { type: "string" },
    "in-memory": { type: "boolean", default: false },
    set: { type: "string", multiple: true, default: [] },
  },
});

const seeds = seedList(values.seeds);
const changes = changesOf(values.set);
const burnIn = count("burn-in", values["burn-in"]);
const window = count("window", values.window);
const ticks = values.ticks === undefined ? burnIn + window : count("ticks", values.ticks);
const persons = count("persons", values.persons);
const interval = count("snapshot-every", values["snapshot-every"]);
const base = await loadScenario(values.scenario);
if (values["in-memory"] && values.keep !== undefined) {
  throw new Error("--keep keeps the runs' folders, which --in-memory does not write: give one");
}
/** Where the runs are written (null: in memory). */
const root = values["in-memory"]
  ? null
  : values.keep ?? await Deno.makeTempDir({ prefix: "facts_by_seed_" });

console.log(
  `${values.scenario}, ${persons} persons, ${ticks} days (burn-in ${burnIn}, window ${window}), ` +
    `${root === null ? "in memory" : `snapshots every ${interval} days`}, seeds ${
      seeds.join(", ")
    }`,
);

/** Runs one seed and opens it: in memory, or written to `dir` with its snapshots. */
async function runSeed(config: ScenarioConfig, dir: string | null): Promise<Run> {
  if (dir === null) return runFromResult(await runScenario(config, { ticks, out: null }));
  await runScenario(config, { ticks, out: dir, overwrite: true, snapshotInterval: interval });
  return await openRun(dir);
}

const tables = [];
const labels = [];
try {
  for (const seed of seeds) {
    const t0 = performance.now();
    const config = withChanges(base, {
      ...changes,
      "population.persons": persons,
      random_seed: seed,
    });
    const dir = root === null ? null : `${root}/seed${seed}`;
    const run = await runSeed(config, dir);
    const t1 = performance.now();
    const table = facts(run, { burnIn, window });
    const t2 = performance.now();
    if (dir !== null && values.keep === undefined) await Deno.remove(dir, { recursive: true });
    tables.push(table);
    labels.push(`seed ${seed}`);
    console.log(
      `\nseed ${seed}: ${table.passed.length} pass, ${table.failed.length} fail, ` +
        `${table.notAvailable.length} not available (run ${((t1 - t0) / 1000).toFixed(1)} s, ` +
        `facts ${((t2 - t1) / 1000).toFixed(1)} s)\n${table}`,
    );
  }
} finally {
  if (root !== null && values.keep === undefined) {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
}
const all = new FactsBySeed(tables, labels);
console.log(`\nfacts over ${seeds.length} seeds:\n${all}`);
if (values.markdown) {
  await Deno.writeTextFile(values.markdown, all.toMarkdown() + "\n");
  console.log(`\nMarkdown table written to ${values.markdown}`);
}
