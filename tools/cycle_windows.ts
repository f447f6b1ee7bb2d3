/**
 * The business-cycle facts window by window, in the US data and in long runs of a scenario: how
 * often a five-year window passes each fact (`analysis/facts/windows.ts`). For each cycle fact it
 * prints the US's value over 1959Q1-2009Q3 and the spread and pass share of its windows of
 * `--window` days (in quarters), then each seed's value over its whole span after the burn-in and
 * the pass share of its windows, stepped `--step` days apart.
 *
 *   deno run -A --lock=workbench.lock tools/cycle_windows.ts [--seeds 1-5] [--persons 20000]
 *     [--burn-in 730] [--years 20] [--window 1825] [--step 365] [--scenario tiny_island]
 *     [--set path=value ...] [--workers 2] [--markdown FILE] [--facts id,id...]
 *
 * `--facts` names the facts measured window by window (default: the cycle facts, and credit and
 * bankruptcies over the cycle); the US data have the cycle facts but Beveridge's and the banks',
 * and unemployment's drift (`--facts unemployment_drift`).
 *
 * Runs are in memory (the cycle facts read KPIs only). About 40 s a seed at 20,000 persons and
 * 22 years on one core (2026-12).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadScenario, withChanges } from "../mod.ts";
import { changesFromText } from "../analysis/changes.ts";
import { CYCLE_MOMENTS, MIN_QUARTERS } from "../analysis/facts/cycle.ts";
import { FACTS } from "../analysis/facts/catalogue.ts";
import { referenceWindows, usMacroData } from "../analysis/facts/windows.ts";
import { count, seedList } from "./_args.ts";
import { runSeedTasks, type SeedAnswer, type SeedTask } from "./_facts_worker.ts";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1-5" },
    persons: { type: "string", default: "20000" },
    "burn-in": { type: "string", default: "730" },
    years: { type: "string", default: "20" },
    window: { type: "string", default: "1825" },
    step: { type: "string", default: "365" },
    scenario: { type: "string", default: "tiny_island" },
    workers: { type: "string", default: "1" },
    markdown: { type: "string" },
    set: { type: "string", multiple: true, default: [] },
    facts: { type: "string" },
  },
});
const seeds = seedList(values.seeds);
const burnIn = count("burn-in", values["burn-in"]);
const span = 365 * count("years", values.years);
const window = count("window", values.window);
const step = Math.max(1, count("step", values.step));
const persons = count("persons", values.persons);
const workers = Math.max(1, count("workers", values.workers));
if (window > span) {
  throw new Error(`--window (${window} days) is longer than --years' ${span} days`);
}
const quarters = Math.floor(window / (365 / 4));
if (quarters < MIN_QUARTERS) {
  throw new Error(`--window (${window} days) needs at least ${MIN_QUARTERS} quarters (1095 days)`);
}
/** The cycle facts, with banks' credit and bankruptcies; `--facts a,b` for any of the catalogue. */
const ids = values.facts?.split(",") ??
  [...Object.keys(CYCLE_MOMENTS), "credit_procyclical", "bankruptcies_countercyclical"];
for (const id of ids) {
  if (!FACTS.some((s) => s.id === id)) throw new Error(`--facts: no fact "${id}" in the catalogue`);
}

const us = await usMacroData();
const ref = referenceWindows(us, quarters, seeds.length);
const base = await loadScenario(values.scenario);
const tasks: SeedTask[] = seeds.map((seed) => ({
  config: withChanges(base, {
    ...changesFromText(values.set),
    "population.persons": persons,
    random_seed: seed,
  }),
  ticks: burnIn + span,
  dir: null,
  snapshotInterval: 0,
  burnIn,
  window: span,
  windows: { ids, window, step },
}));
console.log(
  `${values.scenario}, ${persons} persons, ${burnIn + span} days in memory (burn-in ${burnIn}), ` +
    `windows of ${window} days every ${step}; seeds ${seeds.join(", ")}`,
);
const answers: SeedAnswer[] = [];
await runSeedTasks(tasks, workers, (answer, i) => {
  if (answer.error !== undefined) throw new Error(`seed ${seeds[i]}: ${answer.error}`);
  answers.push(answer);
});

const f = (x: number) => Number.isFinite(x) ? x.toPrecision(3) : "n/a";
const pct = (x: number) => `${Math.round(100 * x)}%`;
const header = [
  "fact",
  "target",
  `US ${us.quarters[0]}-${us.quarters.at(-1)}`,
  `US windows of ${quarters} quarters: median (p5-p95)`,
  "US windows passing",
  `US: all ${seeds.length} pass`,
  `model, ${span / 365} years: ${seeds.map((s) => `seed ${s}`).join(", ")}`,
  "model windows passing (per seed)",
  "model windows passing",
  `model: all ${seeds.length} pass`,
];
const lines: string[][] = [];
for (const id of ids) {
  const spec = FACTS.find((s) => s.id === id)!;
  const r = ref.find((x) => x.id === id);
  const whole = answers.map((a) => a.rows!.find((row) => row.id === id)!.value);
  const perSeed = answers.map((a) => a.windows![id]);
  const all = perSeed.flat();
  const share = all.filter((w) => w.pass).length / Math.max(1, all.length);
  lines.push([
    id,
    `${spec.target[0]} … ${spec.target[1]}`,
    r ? f(r.whole) : "n/a",
    r ? `${f(r.median)} (${f(r.p05)}-${f(r.p95)})` : "n/a",
    r ? pct(r.passShare) : "n/a",
    r ? pct(r.allPass) : "n/a",
    whole.map(f).join(", "),
    perSeed.map((ws) => `${ws.filter((w) => w.pass).length}/${ws.length}`).join(", "),
    pct(share),
    pct(share ** seeds.length),
  ]);
}
const table = [header, header.map(() => "---"), ...lines].map((l) => `| ${l.join(" | ")} |`)
  .join("\n");
console.log(`\n${table}`);
if (values.markdown) {
  await Deno.writeTextFile(values.markdown, table + "\n");
  console.log(`\nMarkdown table written to ${values.markdown}`);
}
