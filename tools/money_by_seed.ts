/**
 * The quantity equation on several seeds: runs a scenario (default tiny_island with 20,000
 * persons) in memory once per seed for `--to-year` years and prints a Markdown table, a row per
 * seed, of what MV = PY decomposes: over years `--from-year` to `--to-year` (yearly means of the
 * daily KPIs), the log growth a year of money (`money_total`), nominal and real GDP and the CPI;
 * the credit added a year (`credit_outstanding`) as a share of the first year's money; velocity
 * (a year's nominal GDP over money) in the first and the last year; credit over a year's GDP in the
 * last; and the share of the firms' debt owed by firms with a negative smoothed profit (every 30th
 * day of those years). With velocity steady, nominal GDP grows with money (Friedman & Schwartz
 * 1963), and without banks money grows with the firms' credit (docs/economy.md, "What sets the
 * price level").
 *
 *   deno run -A --lock=workbench.lock tools/money_by_seed.ts [--seeds 1-5] [--persons 20000]
 *     [--from-year 3] [--to-year 7] [--scenario tiny_island] [--set path=value ...]
 *
 * About 25 s per seed at 20,000 persons and seven years on one core (2026-12).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadScenario, Simulation, withChanges } from "../mod.ts";
import { count, seedList } from "./_args.ts";
import { changesFromText } from "../analysis/changes.ts";
import { yearlyMeans } from "./_runs.ts";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1-5" },
    persons: { type: "string", default: "20000" },
    "from-year": { type: "string", default: "3" },
    "to-year": { type: "string", default: "7" },
    scenario: { type: "string", default: "tiny_island" },
    set: { type: "string", multiple: true, default: [] },
  },
});

const seeds = seedList(values.seeds);
const changes = changesFromText(values.set);
const persons = count("persons", values.persons);
const from = count("from-year", values["from-year"]);
const to = count("to-year", values["to-year"]);
if (from < 1 || to <= from) {
  throw new Error(`--from-year (${from}) must be at least 1 and below --to-year (${to})`);
}
const KPIS = ["cpi", "gdp_nominal", "gdp_real", "money_total", "credit_outstanding"] as const;
const [CPI, NOMINAL, REAL, MONEY, CREDIT] = [0, 1, 2, 3, 4];
const base = await loadScenario(values.scenario);

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
console.log(
  `${values.scenario}, ${persons} persons, years ${from}-${to}, seeds ${seeds.join(", ")}\n`,
);
console.log(
  "| seed | money | credit added / money | nominal GDP | real GDP | CPI | velocity, first -> last " +
    "| credit / GDP | debt at loss-makers |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const seed of seeds) {
  const sim = Simulation.create(
    withChanges(base, { ...changes, "population.persons": persons, random_seed: seed }),
  );
  const w = sim.world;
  const index = KPIS.map((name) => w.kpis.indexOf(name));
  const missing = KPIS.filter((_, i) => index[i] < 0);
  if (missing.length > 0) {
    throw new Error(`scenario ${values.scenario} has no KPI ${missing.join(", ")}`);
  }
  let debt = 0;
  let losing = 0;
  const yearly = yearlyMeans(sim, KPIS, to, () => {
    if (w.tick > 365 * (from - 1) && w.tick % 30 === 0) {
      const c = w.tables.firms.col;
      for (let f = 0; f < w.tables.firms.length; f++) {
        debt += c.debt[f];
        if (c.profit[f] < 0) losing += c.debt[f];
      }
    }
  });
  const first = yearly[from - 1];
  const last = yearly[to - 1];
  const years = to - from;
  const growth = (k: number) => Math.log(last[k] / first[k]) / years;
  const velocity = (y: Float64Array) => (365 * y[NOMINAL]) / y[MONEY];
  console.log(
    `| ${seed} | ${pct(growth(MONEY))} | ${
      pct((last[CREDIT] - first[CREDIT]) / years / first[MONEY])
    } ` +
      `| ${pct(growth(NOMINAL))} | ${pct(growth(REAL))} | ${pct(growth(CPI))} ` +
      `| ${velocity(first).toFixed(2)} -> ${velocity(last).toFixed(2)} ` +
      `| ${pct(last[CREDIT] / (365 * last[NOMINAL]))} ` +
      `| ${debt > 0 ? pct(losing / debt) : "no debt"} |`,
  );
}
