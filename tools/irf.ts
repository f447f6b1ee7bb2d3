/**
 * Impulse responses over several seeds: runs a scenario twice per seed, in memory, once as it is
 * and once with a shock (a scenario `shocks` entry), and prints, quarter by quarter from the
 * shock's tick, the mean over seeds of the difference between the two (shocked - baseline) and
 * its standard error. Draws are keyed by seed, system, tick and entity, so the two runs of a seed
 * share their random numbers wherever the shock does not reach; a difference is the shock's
 * effect plus the divergence of two paths of an economy with a cycle, which averages out over
 * seeds and which the standard error measures.
 *
 *   deno run -A --lock=workbench.lock tools/irf.ts [--scenario tiny_island] [--persons 20000]
 *     [--seeds 1-10] [--at 1095] [--shock finance.central_bank.policy_shock=add:0.01]
 *     [--duration 365] [--quarters 12] [--kpis a,b] [--markdown irf.md] [--set path=value ...]
 *
 * `--kpis` defaults to investment, GDP, consumption, unemployment and the CPI, with the policy
 * rate first when banks run. The shocked scenario is validated before anything runs.
 * Rates (`policy_rate`, `unemployment_rate`, `vacancy_rate`, `lending_rate_mean`) are compared in
 * percentage points, every other KPI in percent of the baseline's quarterly mean. A quarter is 91
 * days.
 *
 * What to compare a monetary policy shock with: estimated responses are hump-shaped, with output
 * at its trough one to two years after the shock and prices slow to move (Christiano, Eichenbaum
 * & Evans 1999, Handbook of Macroeconomics 1A:65; 2005, JPE 113:1), and their size differs with
 * the identification (Ramey 2016, Handbook of Macroeconomics 2A:71). docs/finance.md, "How
 * strongly the policy rate reaches the economy", has the model's.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadScenario, runFromResult, runScenario, validateScenario, withChanges } from "../mod.ts";
import type { ScenarioConfig } from "../mod.ts";
import { banksOn } from "../engine/scenario/finance_schema.ts";
import { count, seedList } from "./_args.ts";
import { changesFromText } from "../analysis/changes.ts";

const QUARTER = 91;
/** KPIs compared in percentage points (the others in percent of the baseline). */
/** KPIs compared by default (and `policy_rate` first, with banks). */
const DEFAULT_KPIS = [
  "investment_real",
  "gdp_real",
  "consumption_real",
  "unemployment_rate",
  "cpi",
];
const RATES = new Set(["policy_rate", "unemployment_rate", "lending_rate_mean", "vacancy_rate"]);

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "tiny_island" },
    persons: { type: "string", default: "20000" },
    seeds: { type: "string", default: "1-10" },
    at: { type: "string", default: "1095" },
    shock: { type: "string", default: "finance.central_bank.policy_shock=add:0.01" },
    duration: { type: "string", default: "365" },
    quarters: { type: "string", default: "12" },
    kpis: { type: "string" },
    markdown: { type: "string" },
    set: { type: "string", multiple: true, default: [] },
  },
});

/** `path=op:value` (op one of set, add, scale) as a shock entry. */
function shockOf(text: string, at: number, duration: number) {
  const m = /^([\w.]+)=(set|add|scale):(-?[\d.eE+-]+)$/.exec(text);
  if (!m || !Number.isFinite(Number(m[3]))) {
    throw new Error(
      `--shock needs path=op:value with op set, add or scale, got "${text}" ` +
        `(e.g. finance.central_bank.policy_shock=add:0.01)`,
    );
  }
  return {
    at,
    parameter: m[1],
    op: m[2] as "set" | "add" | "scale",
    value: Number(m[3]),
    duration,
  };
}

const seeds = seedList(values.seeds);
const at = count("at", values.at);
if (at < 1) throw new Error(`--at must be a day of the run, 1 or later, got ${at}`);
const duration = count("duration", values.duration);
const quarters = count("quarters", values.quarters);
const persons = count("persons", values.persons);
const shock = shockOf(values.shock, at, duration);
const base = withChanges(await loadScenario(values.scenario), {
  ...changesFromText(values.set),
  "population.persons": persons,
});
// The shocked scenario is checked before anything runs (the parameter exists, is read while the
// world runs, and every value it takes is in range).
validateScenario({ ...base, shocks: [...base.shocks, shock] }, "tools/irf.ts --shock");
const names = values.kpis === undefined
  ? [...(banksOn(base) ? ["policy_rate"] : []), ...DEFAULT_KPIS]
  : values.kpis.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
const ticks = at + quarters * QUARTER;

/**
 * Quarterly means of each KPI from the shock's tick on (its first day included), [kpi][quarter].
 * A name the run lacks is an error from `kpiSeries`, which lists similar ones.
 */
async function quarterly(config: ScenarioConfig): Promise<number[][]> {
  const run = runFromResult(await runScenario(config, { ticks, out: null }));
  const first = run.ticks().indexOf(at);
  return names.map((name) => {
    const series = run.kpiSeries(name);
    const out: number[] = [];
    for (let q = 0; q < quarters; q++) {
      let sum = 0;
      const from = first + q * QUARTER;
      for (let row = from; row < from + QUARTER; row++) sum += series[row];
      out.push(sum / QUARTER);
    }
    return out;
  });
}

console.log(
  `${values.scenario}, ${persons} persons, shock ${values.shock} at day ${at} for ${duration} ` +
    `days, ${quarters} quarters, seeds ${seeds.join(", ")}`,
);
/** Responses, [kpi][quarter][seed]. */
const responses = names.map(() => Array.from({ length: quarters }, () => [] as number[]));
for (const seed of seeds) {
  const t0 = performance.now();
  const config = withChanges(base, { random_seed: seed });
  const plain = await quarterly(config);
  const shocked = await quarterly({ ...config, shocks: [...config.shocks, shock] });
  names.forEach((name, k) => {
    for (let q = 0; q < quarters; q++) {
      const a = plain[k][q];
      const b = shocked[k][q];
      responses[k][q].push(RATES.has(name) ? 100 * (b - a) : 100 * (b / a - 1));
    }
  });
  console.log(`seed ${seed}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Mean and standard error of `xs`. */
function meanSe(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const v = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : NaN;
  return [mean, Math.sqrt(v / n)];
}

const header = ["quarter", ...names.map((n) => `${n} (${RATES.has(n) ? "points" : "%"})`)];
const rows = Array.from({ length: quarters }, (_, q) => [
  String(q + 1),
  ...names.map((_, k) => {
    const [m, se] = meanSe(responses[k][q]);
    return `${m.toFixed(2)} ± ${se.toFixed(2)}`;
  }),
]);
const markdown = [
  `| ${header.join(" | ")} |`,
  `| ${header.map(() => "---").join(" | ")} |`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");
console.log(`\nmean response over ${seeds.length} seeds ± its standard error:\n${markdown}`);
if (values.markdown) {
  await Deno.writeTextFile(values.markdown, markdown + "\n");
  console.log(`\nMarkdown table written to ${values.markdown}`);
}
