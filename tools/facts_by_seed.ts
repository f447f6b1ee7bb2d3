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
 *     [--workers N]
 *
 * `--set economy.labor.quit_rate=0.0002` changes one scenario key on every seed (the value is
 * read as JSON, else kept as text); repeat it for several.
 *
 * `--ticks` defaults to burn-in + window (2555 days: 730 days of burn-in, then five years).
 * About 30 s per seed at 20,000 persons and 2555 days on one core (2026-12).
 *
 * `--workers N` runs N seeds at once, each in a Web Worker of its own (the sweeps' pool), and
 * prints the same tables in the same order; 1, the default, runs them one after the other in this
 * process.
 *
 * `--in-memory` writes nothing: each seed runs in memory and the facts read its KPI series and
 * its last day's tables (the cross-section facts that need snapshots over the window then say
 * "not available"; those of one day read the last). For the time-series facts (the cycle, prices,
 * the labor market's flows), about a fifth faster.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { FactsBySeed, FactsTable, loadScenario, withChanges } from "../mod.ts";
import { count, seedList } from "./_args.ts";
import { changesFromText } from "../analysis/changes.ts";
import { runSeedTasks, type SeedAnswer, type SeedTask } from "./_facts_worker.ts";

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
    workers: { type: "string", default: "1" },
    set: { type: "string", multiple: true, default: [] },
  },
});

const seeds = seedList(values.seeds);
const changes = changesFromText(values.set);
const burnIn = count("burn-in", values["burn-in"]);
const window = count("window", values.window);
const ticks = values.ticks === undefined ? burnIn + window : count("ticks", values.ticks);
const persons = count("persons", values.persons);
const interval = count("snapshot-every", values["snapshot-every"]);
const workers = Math.max(1, count("workers", values.workers));
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

const tasks: SeedTask[] = seeds.map((seed) => ({
  config: withChanges(base, { ...changes, "population.persons": persons, random_seed: seed }),
  ticks,
  dir: root === null ? null : `${root}/seed${seed}`,
  snapshotInterval: interval,
  burnIn,
  window,
}));
/** Prints a seed's table and drops its run's folder unless `--keep`. */
async function report(seed: number, answer: SeedAnswer, dir: string | null): Promise<FactsTable> {
  if (answer.error !== undefined || answer.rows === undefined) {
    throw new Error(`seed ${seed}: ${answer.error ?? "no facts"}`);
  }
  const table = new FactsTable(answer.rows);
  if (dir !== null && values.keep === undefined) await Deno.remove(dir, { recursive: true });
  console.log(
    `\nseed ${seed}: ${table.passed.length} pass, ${table.failed.length} fail, ` +
      `${table.notAvailable.length} not available (run ${answer.run_s.toFixed(1)} s, ` +
      `facts ${answer.facts_s.toFixed(1)} s)\n${table}`,
  );
  return table;
}

const tables: FactsTable[] = [];
const labels = seeds.map((seed) => `seed ${seed}`);
try {
  await runSeedTasks(tasks, workers, async (answer, i) => {
    tables.push(await report(seeds[i], answer, tasks[i].dir));
  });
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
