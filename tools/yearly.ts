/**
 * One run year by year: runs a scenario (default tiny_island with 20,000 persons) in memory for
 * `--years` years and prints a Markdown table, a row per year, of the macro KPIs' yearly means:
 * inflation (the log change of the year's mean CPI over the year before's), unemployment and
 * vacancy rates, the policy rate and the central bank's estimate of r* (with banks), credit over
 * a year's GDP, the growth of money (`money_total`), real GDP and the mean wage, the annual
 * default rate, central-bank reserves and bank loans as shares of the deposits (with banks: the
 * outside and the inside money, whose shares say how far money can grow with credit) and
 * residential investment over GDP (with housing), firms' sales-weighted markup (`markup_mean`)
 * and the share of firms short of stock (`stock_short_share`), the two sides of the markup rule's
 * steady state (docs/finance.md, "What amplifies prices"); firm demography: the number of firms,
 * entries and exits a year per 100 firms, and the share of would-be entrants no resident had the
 * money to found (`entries_unfunded` over `entry_attempts`), and the share of the year before's
 * entrants in business a year after their entry (`firm_first_birthdays` over the year before's
 * `firm_entries`, the fact `entrant_survival` year by year); then, over years
 * `--from-year` to the last, mean inflation, mean unemployment and the standard deviation of real
 * GDP growth. The README's year-by-year figures on the nominal side come from it.
 *
 *   deno run -A --lock=workbench.lock tools/yearly.ts [--seed 1] [--years 22] [--persons 20000]
 *     [--from-year 3] [--scenario tiny_island] [--set path=value ...]
 *
 * About 1.5 s per simulated year at 20,000 persons and 3.5 s at 50,000 on one core (2026-12).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadScenario, Simulation, withChanges } from "../mod.ts";
import { count } from "./_args.ts";
import { changesFromText } from "../analysis/changes.ts";
import { yearlyMeans } from "./_runs.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    years: { type: "string", default: "22" },
    persons: { type: "string", default: "20000" },
    "from-year": { type: "string", default: "3" },
    scenario: { type: "string", default: "tiny_island" },
    set: { type: "string", multiple: true, default: [] },
  },
});

const seed = count("seed", values.seed);
const years = count("years", values.years);
const persons = count("persons", values.persons);
const from = count("from-year", values["from-year"]);
if (from < 2 || from > years) {
  throw new Error(
    `--from-year (${from}) must be at least 2 (inflation needs the year before) and at most ` +
      `--years (${years})`,
  );
}
/**
 * The KPIs read every day; those after `credit_outstanding` exist only with banks (and
 * `residential_investment` only with housing).
 */
const KPIS = [
  "cpi",
  "unemployment_rate",
  "vacancy_rate",
  "gdp_nominal",
  "gdp_real",
  "money_total",
  "mean_wage",
  "markup_mean",
  "stock_short_share",
  "firms",
  "firm_entries",
  "firm_exits",
  "entry_attempts",
  "entries_unfunded",
  "firm_first_birthdays",
  "credit_outstanding",
  "policy_rate",
  "neutral_rate_estimate",
  "growth_estimate",
  "default_rate_annual",
  "bank_reserves",
  "credit",
  "money_deposits",
  // With housing only.
  "residential_investment",
] as const;
const K = Object.fromEntries(KPIS.map((name, i) => [name, i])) as Record<
  (typeof KPIS)[number],
  number
>;
const BANKS_ONLY = K.policy_rate;

const sim = Simulation.create(
  withChanges(await loadScenario(values.scenario), {
    ...changesFromText(values.set),
    "population.persons": persons,
    random_seed: seed,
  }),
);
const missing = KPIS.filter((name, i) => i < BANKS_ONLY && sim.world.kpis.indexOf(name) < 0);
if (missing.length > 0) {
  throw new Error(`scenario ${values.scenario} has no KPI ${missing.join(", ")}`);
}

const yearly = yearlyMeans(sim, KPIS, years);

const pct = (x: number, digits = 1) => Number.isFinite(x) ? (100 * x).toFixed(digits) : "–";
const growth = (y: number, k: number) => y > 0 ? Math.log(yearly[y][k] / yearly[y - 1][k]) : NaN;
console.log(
  `${values.scenario}, ${persons} persons, seed ${seed}, ${years} years (yearly means; growth ` +
    `and inflation in % a year, log changes of the yearly means)\n`,
);
console.log(
  "| year | inflation % | unemployment % | vacancies % | policy rate % | r* % | assumed growth % " +
    "| credit / GDP % " +
    "| money growth % | real GDP growth % | mean wage growth % | defaults % a year " +
    "| reserves / money % | loans / money % | residential investment / GDP % | markup " +
    "| firms short of stock % | firms | entries / 100 firms | exits / 100 firms " +
    "| unfunded entries % | entrants alive a year later % |",
);
console.log(`|${" --- |".repeat(22)}`);
for (let y = 0; y < yearly.length; y++) {
  const m = yearly[y];
  const cells = [
    String(y + 1),
    pct(growth(y, K.cpi)),
    pct(m[K.unemployment_rate]),
    pct(m[K.vacancy_rate]),
    pct(m[K.policy_rate], 2),
    pct(m[K.neutral_rate_estimate], 2),
    pct(m[K.growth_estimate], 2),
    pct(m[K.credit_outstanding] / (365 * m[K.gdp_nominal])),
    pct(growth(y, K.money_total)),
    pct(growth(y, K.gdp_real)),
    pct(growth(y, K.mean_wage)),
    pct(m[K.default_rate_annual]),
    pct(m[K.bank_reserves] / m[K.money_deposits]),
    pct(m[K.credit] / m[K.money_deposits]),
    pct(m[K.residential_investment] / m[K.gdp_nominal]),
    Number.isFinite(m[K.markup_mean]) ? m[K.markup_mean].toFixed(3) : "–",
    pct(m[K.stock_short_share]),
    m[K.firms].toFixed(0),
    (36500 * m[K.firm_entries] / m[K.firms]).toFixed(1),
    (36500 * m[K.firm_exits] / m[K.firms]).toFixed(1),
    pct(m[K.entries_unfunded] / m[K.entry_attempts]),
    y > 0 ? pct(m[K.firm_first_birthdays] / yearly[y - 1][K.firm_entries]) : "–",
  ];
  console.log(`| ${cells.join(" | ")} |`);
}
let inflation = 0;
let unemployment = 0;
const growths: number[] = [];
for (let y = from - 1; y < yearly.length; y++) {
  inflation += growth(y, K.cpi);
  unemployment += yearly[y][K.unemployment_rate];
  growths.push(growth(y, K.gdp_real));
}
const n = yearly.length - from + 1;
const meanGrowth = growths.reduce((a, b) => a + b, 0) / n;
const sdGrowth = Math.sqrt(growths.reduce((a, g) => a + (g - meanGrowth) ** 2, 0) / n);
console.log(
  `\nmean inflation over years ${from}-${years}: ${pct(inflation / n, 2)}% a year; mean ` +
    `unemployment ${pct(unemployment / n)}%; sd of real GDP growth ${pct(sdGrowth)} points`,
);
