import assert from "node:assert/strict";
import { bassShare } from "../../analysis/diffusion.ts";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import {
  FACTS,
  facts,
  FactsBySeed,
  firmGrowthBySize,
  impliedDurationMonths,
  inflationRate,
  okunCoefficient,
  plotFact,
  pricePhillipsSlope,
  unemploymentRate,
  wagePhillipsSlope,
} from "../../analysis/facts/mod.ts";
import { runFromResult, runFromTables, type RunTablesInput } from "../../analysis/run_sources.ts";
import { runScenario } from "../../engine/run.ts";
import { gini } from "../../analysis/stats.ts";
import { hashUniform, smallScenario } from "../_fixtures.ts";

const DAYS = 2555; // 730 days of burn-in, then the five-year window
const MONTH = 365 / 12;

const laplace = (seed: number, i: number, scale: number) => {
  const u = hashUniform(seed, i) - 0.5;
  return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u)) * scale;
};

type Cols = Record<string, number[]>;

/** Persons, firms and households at one snapshot (tick `t`, the k-th snapshot). */
function cross(k: number): Record<string, Cols> {
  const persons: Cols = { age: [], sex: [], education: [], employment: [], wage: [] };
  persons.status_since = [];
  persons.wealth = [];
  const t = 1095 + 365 * k;
  for (let i = 0; i < 3000; i++) {
    const level = Math.floor(hashUniform(1, i) * 4);
    const school = [0, 6, 12, 16][level];
    const age = 22 + Math.floor(hashUniform(2, i) * 43);
    const x = age - school - 6;
    const unemployed = hashUniform(3, i + 7919 * k) < 0.06;
    // ln w = 1 + 0.08 S + 0.03 X − 0.0005 X² + noise: a Mincer return of 8 %.
    const lnw = 1 + 0.08 * school + 0.03 * x - 0.0005 * x * x + 0.5 * (hashUniform(4, i) - 0.5);
    persons.age.push(age);
    persons.sex.push(i % 2);
    persons.education.push(level);
    persons.employment.push(unemployed ? 3 : 2);
    persons.wage.push(unemployed ? 0 : Math.exp(lnw));
    // Spells exponential with a mean of 20 weeks (median 13.9).
    persons.status_since.push(
      unemployed ? t - Math.round(-140 * Math.log(hashUniform(5, i + k))) : 0,
    );
    // Pareto wealth (α ≈ 1.2, Gini ≈ 0.7).
    persons.wealth.push((1 - (i + 0.5) / 3000) ** (-1 / 1.2));
  }
  // 1000 Zipf firms whose head counts grow by Laplace shocks (scale 0.1 a year).
  const firms: Cols = { id: [], employees: [], price: [], product: [] };
  for (let i = 0; i < 1000; i++) {
    let g = 0;
    for (let j = 0; j < k; j++) g += laplace(6 + j, i, 0.1);
    firms.id.push(i + 1);
    firms.employees.push(Math.max(1, Math.round((20_000 / (i + 1)) * Math.exp(g))));
    firms.price.push(1 + 0.1 * (i % 7));
    firms.product.push(i % 2);
  }
  // Uniform income on [0.2, 3]: Gini ≈ 0.29.
  const households: Cols = {
    permanent_income: Array.from({ length: 1000 }, (_, i) => 0.2 + (2.8 * i) / 999),
    weight: Array.from({ length: 1000 }, () => 1),
    size: Array.from({ length: 1000 }, (_, i) => 1 + (i % 3)),
  };
  return { persons, firms, households };
}

/** A synthetic economy built to meet every target, `days` long. */
function textbook(days = DAYS, over: Partial<Record<string, (t: number) => number>> = {}) {
  const ticks = Array.from({ length: days }, (_, i) => i + 1);
  const cyc = (t: number) =>
    0.02 * Math.sin((2 * Math.PI * t) / 900) + 0.01 * Math.sin((2 * Math.PI * t) / 1400);
  const L = 10_000;
  const hFind = 1 - Math.pow(0.6, 1 / MONTH); // 40 % find a job within a month
  const hPrice = 1 - Math.pow(0.8, 1 / MONTH); // 20 % of prices change in a month
  const f: Record<string, (t: number) => number> = {
    dependency_ratio: () => 0.55,
    mean_household_size: (t) => 2.3 * (1 - 0.003 * (t / 365)),
    one_person_household_share: () => 0.33,
    partnered_share: () => 0.55,
    gdp_real: (t) => 1e6 * Math.exp(cyc(t) + 0.01 * (t / 365)),
    gdp_nominal: (t) => 1e6 * Math.exp(cyc(t) + 0.03 * (t / 365)),
    consumption_real: (t) => 6e5 * Math.exp(0.75 * cyc(t)),
    investment_real: (t) => 2e5 * Math.exp(3 * cyc(t)),
    investment_nominal: (t) => 0.2 * 1e6 * Math.exp(cyc(t) + 0.03 * (t / 365)),
    // Okun by construction: u = 0.06 − 0.4·cycle, so the gap slope is −0.4.
    unemployment_rate: (t) => 0.06 - 0.4 * cyc(t),
    vacancy_rate: (t) => 0.03 + 0.5 * cyc(t),
    employment: (t) => L * (0.94 + 0.4 * cyc(t)),
    unemployed: (t) => L * (0.06 - 0.4 * cyc(t)),
    // Separations 3.5 % a month: 20 % quits, 30 % layoffs, 40 % job-to-job, 10 % closures.
    quits: (t) => 0.2 * L * (0.94 + 0.4 * cyc(t)) * 0.035 / MONTH,
    layoffs: (t) => 0.3 * L * (0.94 + 0.4 * cyc(t)) * 0.035 / MONTH,
    job_to_job: (t) => 0.4 * L * (0.94 + 0.4 * cyc(t)) * 0.035 / MONTH,
    closure_layoffs: (t) => 0.1 * L * (0.94 + 0.4 * cyc(t)) * 0.035 / MONTH,
    hires: (t) => L * (0.06 - 0.4 * cyc(t)) * hFind + 0.4 * L * 0.94 * 0.035 / MONTH,
    // Openings that fill in 1/1.2 of a month on average: a vacancy yield of 1.2.
    vacancies: (t) => (f.hires(t) * MONTH) / 1.2,
    overtime_share: (t) => 0.03 + 0.01 * cyc(t),
    cpi: (t) => 100 * Math.exp(0.02 * (t / 365)),
    inflation_annual: () => 2,
    mean_wage: (t) => Math.exp(0.03 * (t / 365)),
    firms: () => 1000,
    firm_entries: () => 100 / 365,
    // Four in five entrants reach their first birthday.
    firm_first_birthdays: () => (0.8 * 100) / 365,
    // Insolvencies rise when output falls (bankruptcies countercyclical), closures of idle
    // firms with it, so much that exits in all are procyclical: the fact reads insolvencies.
    // Real credit (credit over cpi, which grows 2 % a year) moves with output.
    firm_insolvencies: (t) => (60 / 365) * (1 - 10 * cyc(t)),
    firm_exits: (t) => f.firm_insolvencies(t) + (40 / 365) * (1 + 30 * cyc(t)),
    credit: (t) => 3e5 * Math.exp(2 * cyc(t) + 0.03 * (t / 365)),
    // Revenue 35 % of GDP; the deficit 3 % of GDP, rising by half a point per point of output
    // gap lost (and so with unemployment).
    gov_revenue: (t) => 0.35 * f.gdp_nominal(t),
    gov_balance: (t) => -(0.03 - 0.5 * cyc(t)) * f.gdp_nominal(t),
    gov_spending: (t) => f.gov_revenue(t) - f.gov_balance(t),
    gini_market_income: () => 0.47,
    // 2,000 public employees of whom 1.5 % leave a month.
    public_employees: () => 2000,
    public_separations: () => (2000 * 0.015) / MONTH,
    price_changes: () => 1000 * hPrice,
    price_change_size: () => 0.1,
    price_cv_food: (t) => 0.15 + 0.01 * Math.sin(t / 50),
    price_cv_tools: () => 0.2,
    // Technology: labor productivity grows 2 % a year, the 90/10 TFP ratio is 2.2, one root
    // node, one never adopted and two Bass diffusions inside the window (median p 0.03, q 0.9).
    tech_discoveries: () => 0.02,
    labor_productivity: (t) => 100 * Math.exp(Math.log(1.02) * (t / 365) + 0.3 * cyc(t)),
    embodied_productivity: (t) => Math.exp(Math.log(1.015) * (t / 365)),
    tfp_dispersion: () => 2.2,
    tech_adopters_food_0: () => 1,
    tech_adopters_food_1: () => 0,
    tech_adopters_tools_1: (t) => (t < 760 ? 0 : bassShare((t - 760) / 365, 0.02, 0.8, 1)),
    tech_adopters_tools_2: (t) => (t < 900 ? 0 : bassShare((t - 900) / 365, 0.04, 1, 0.8)),
    ...over,
  } as Record<string, (t: number) => number>;
  // Real wage and productivity both grow about 1 % a year; hires from unemployment are
  // `hires − job_to_job` only approximately (job_to_job moves with the cycle): close enough.
  const kpis: Record<string, number[]> = { tick: ticks };
  for (const [k, fn] of Object.entries(f)) kpis[k] = ticks.map(fn);
  const snapshots: RunTablesInput["snapshots"] = {};
  for (let k = 0; 1095 + 365 * k <= days; k++) snapshots[1095 + 365 * k] = cross(k);
  const input: RunTablesInput = {
    kpis,
    kpiUnits: { inflation_annual: "% per year", unemployment_rate: "share" },
    snapshots,
  };
  return input;
}

Deno.test("facts() passes every fact on a synthetic economy built to meet the targets", () => {
  const table = facts(runFromTables(textbook()));
  assert.equal(table.rows.length, FACTS.length);
  for (const r of table.rows) assert.equal(r.status, "pass", `${r.id}: ${r.value} (${r.note})`);
  const near = (id: string, want: number, eps: number) => {
    const v = table.get(id).value;
    assert.ok(Math.abs(v - want) <= eps, `${id}: ${v}, expected ${want} ± ${eps}`);
  };
  near("okun", -0.4, 0.01);
  // Cycles of 2 % and 1 % amplitude: sd sqrt(0.02² + 0.01²) / sqrt(2), a little less after HP.
  near("output_volatility", Math.sqrt(0.0005 / 2), 0.002);
  near("investment_volatility", 3, 0.05);
  near("consumption_volatility", 0.75, 0.01);
  near("consumption_procyclical", 1, 1e-6);
  near("beveridge", -1, 1e-6);
  near("credit_procyclical", 1, 1e-6);
  near("bankruptcies_countercyclical", -1, 1e-6);
  near("public_separation_rate", 0.015, 1e-9);
  near("investment_share", 0.2, 1e-9);
  near("price_spell", impliedDurationMonths(0.2), 1e-6);
  near("price_change_size", 0.1, 1e-9);
  near("separation_rate", 0.035, 1e-9);
  near("layoff_rate", 0.4 * 0.035, 1e-9);
  near("job_to_job_rate", 0.4 * 0.035, 1e-9);
  near("job_finding_rate", 0.4, 0.02);
  near("vacancy_yield", 1.2, 1e-9);
  near("overtime_share", 0.03, 0.002);
  near("firm_entry_rate", 0.1, 1e-9);
  near("entrant_survival", 0.8, 1e-9);
  near("firm_count_drift", 0, 1e-12);
  near("household_size_drift", -0.003, 0.0005);
  near("mincer_return", 0.08, 0.005);
  near("firm_growth_shape", 1, 0.25);
  near("firm_size_tail", 1, 0.2);
  near("unemployment_duration_mean", 20, 3);
  near("unemployment_duration_median", 20 * Math.LN2, 3);
  near("inflation", 0.02, 1e-9);
  near("wage_productivity_gap", 0, 0.005);
  near("automatic_stabilisers", 1, 1e-6);
  near("government_revenue", 0.35, 1e-9);
  near("market_income_gini", 0.47, 1e-9);
  near("productivity_growth", 0.02, 0.001);
  near("technology_growth", 0.015, 1e-9);
  near("bass_innovation_p", 0.03, 0.0005);
  near("bass_imitation_q", 0.9, 0.01);
  near("productivity_dispersion", 2.2, 1e-9);
  // Without the KPI the income Gini is read off the snapshots' households as the KPI measures it:
  // income equivalised by the square root of household size, over persons.
  const hh = cross(0).households;
  near(
    "income_gini",
    gini(
      Float64Array.from(hh.permanent_income, (x, i) => x / Math.sqrt(hh.size[i])),
      Float64Array.from(hh.size),
    ),
    1e-9,
  );
});

Deno.test("facts() fails what contradicts the literature", () => {
  const bad = textbook(DAYS, {
    unemployment_rate: (t) => 0.3 + 0.01 * Math.sin(t / 100), // too high, Okun slope wrong
    vacancy_rate: (t) => 0.12 + 0.01 * Math.sin(t / 100), // too high, moves with unemployment
    vacancies: () => 1200, // about 14 hires a day: openings that last two months and more
    overtime_share: () => 0.12, // a working day of nine hours on average
    inflation_annual: () => 25, // 25 % per year
    price_changes: () => 900, // 90 % of firms change their price every day
    firms: (t) => 1000 * Math.exp(0.1 * (t / 365)), // 10 % more firms every year
    credit: (t) => 3e5 * Math.exp(-2 * Math.sin((2 * Math.PI * t) / 900)), // countercyclical
    // procyclical
    firm_insolvencies: (t) => (60 / 365) * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 900)),
    firm_first_birthdays: () => (0.45 * 100) / 365, // fewer than half the entrants live a year
  });
  const table = facts(runFromTables(bad));
  const failing = [
    "unemployment",
    "vacancy_rate",
    "vacancy_yield",
    "overtime_share",
    "beveridge",
    "okun",
    "inflation",
    "price_spell",
    "entrant_survival",
  ];
  for (const id of [...failing, "credit_procyclical", "bankruptcies_countercyclical"]) {
    assert.equal(table.get(id).status, "fail", `${id}: ${table.get(id).value}`);
  }
  assert.ok(table.get("beveridge").value > 0.9);
  assert.ok(Math.abs(table.get("entrant_survival").value - 0.45) < 1e-9);
  assert.ok(Math.abs(table.get("firm_count_drift").value - 0.1) < 0.005);
  assert.equal(table.get("firm_count_drift").status, "fail");
  assert.equal(table.get("dependency_ratio").status, "pass");
});

Deno.test("an economy that swings five times too much fails output volatility, not the ratios", () => {
  // Every series of the textbook cycle scaled by 5: output's log cycle has an sd of about 8 %,
  // while investment and consumption keep their volatility relative to it.
  const big = (t: number) =>
    5 * (0.02 * Math.sin((2 * Math.PI * t) / 900) + 0.01 * Math.sin((2 * Math.PI * t) / 1400));
  const table = facts(runFromTables(textbook(DAYS, {
    gdp_real: (t) => 1e6 * Math.exp(big(t) + 0.01 * (t / 365)),
    consumption_real: (t) => 6e5 * Math.exp(0.75 * big(t)),
    investment_real: (t) => 2e5 * Math.exp(3 * big(t)),
  })));
  const sd = table.get("output_volatility");
  assert.equal(sd.status, "fail", `${sd.value}`);
  assert.ok(Math.abs(sd.value - 5 * Math.sqrt(0.0005 / 2)) < 0.01, `${sd.value}`);
  for (const id of ["investment_volatility", "consumption_volatility"]) {
    assert.equal(table.get(id).status, "pass", `${id}: ${table.get(id).value}`);
  }
});

Deno.test("separations in range with the wrong mix fail the layoff and job-to-job facts", () => {
  // 3.5 % a month as in JOLTS, but 80 % of it layoffs and almost no moves between employers.
  const L = 10_000;
  const rate = (share: number) => () => share * L * 0.94 * 0.035 / MONTH;
  const table = facts(runFromTables(textbook(DAYS, {
    quits: rate(0.1),
    layoffs: rate(0.8),
    job_to_job: rate(0.05),
    closure_layoffs: rate(0.05),
  })));
  assert.equal(table.get("separation_rate").status, "pass");
  assert.ok(Math.abs(table.get("layoff_rate").value - 0.85 * 0.035) < 1e-3);
  assert.equal(table.get("layoff_rate").status, "fail");
  assert.equal(table.get("job_to_job_rate").status, "fail");
  assert.match(table.get("layoff_rate").note, /layoffs \+ closure_layoffs/);
});

Deno.test("a run without banks, a government or technology has no credit, bankruptcy, fiscal or technology fact, and says so", () => {
  const input = textbook();
  const { credit: _, gov_revenue: _r, tech_discoveries: _t, ...kpis } = input.kpis as Record<
    string,
    number[]
  >;
  input.kpis = kpis;
  const table = facts(runFromTables(input));
  for (const id of ["credit_procyclical", "bankruptcies_countercyclical"]) {
    assert.equal(table.get(id).status, "not available", id);
    assert.match(table.get(id).note, /the run has no banks/);
  }
  for (
    const id of [
      "automatic_stabilisers",
      "government_revenue",
      "market_income_gini",
      "public_separation_rate",
    ]
  ) {
    assert.equal(table.get(id).status, "not available", id);
    assert.match(table.get(id).note, /the run has no government/);
  }
  for (
    const id of [
      "productivity_growth",
      "technology_growth",
      "bass_innovation_p",
      "productivity_dispersion",
    ]
  ) {
    assert.equal(table.get(id).status, "not available", id);
    assert.match(table.get(id).note, /the run has no technology system/);
  }
  // Credit that is never granted has no logarithm: not available, never a pass.
  const none = facts(runFromTables(textbook(DAYS, { credit: () => 0 })));
  assert.equal(none.get("credit_procyclical").status, "not available");
});

Deno.test("a run too short for a fact's window is not available, with the days it needs", () => {
  // 900 days: 170 after the burn-in; means need 365, drifts and HP cycles 1095.
  const short = textbook(900);
  short.snapshots = {};
  const table = facts(runFromTables(short));
  for (const r of table.rows) {
    assert.equal(r.status, "not available", `${r.id}: ${r.value} (${r.note})`);
    assert.ok(Number.isNaN(r.value));
  }
  assert.match(table.get("unemployment").note, /needs 365 days after a burn-in of 730 days/);
  assert.match(table.get("unemployment").note, /at least 1095 days\); this run has 170/);
  assert.match(table.get("okun").note, /needs 1095 days .* at least 1825 days/);
  assert.match(table.get("firm_count_drift").note, /needs 1095 days/);
  assert.match(table.get("mincer_return").note, /no snapshot with persons/);
  // The same run with a shorter burn-in measures what its window allows.
  const early = facts(runFromTables(short), { burnIn: 100 });
  assert.equal(early.get("unemployment").status, "pass");
  assert.match(early.get("unemployment").note, /partial window: 800 of 1825 days/);
  assert.equal(early.get("okun").status, "not available");
});

Deno.test("what a run lacks is not available, never a pass, and every figure degrades to a note", () => {
  const ticks = Array.from({ length: DAYS }, (_, i) => i + 1);
  const run = runFromTables({ kpis: { tick: ticks, population: ticks.map(() => 1) } });
  const table = facts(run);
  for (const r of table.rows) {
    assert.equal(r.status, "not available", r.id);
    assert.ok(r.note.length > 0, r.id);
  }
  assert.match(table.get("okun").note, /no KPI gdp_real/);
  assert.match(table.get("one_person_households").note, /no KPI one_person_household_share/);
  for (const f of FACTS) {
    assert.match(plotFact(run, f.id)[JUPYTER_DISPLAY]()["text/html"], /not available/, f.id);
  }
});

Deno.test("a verdict does not change when the run goes on past the window", () => {
  const exact = facts(runFromTables(textbook()));
  // Twice as long, and wild after the window: the window cuts it off.
  const long = textbook(2 * DAYS, {
    unemployment_rate: (
      t,
    ) => (t > DAYS ? 0.5 : 0.06 -
      0.4 *
        (0.02 * Math.sin((2 * Math.PI * t) / 900) + 0.01 * Math.sin((2 * Math.PI * t) / 1400))),
  });
  const later = facts(runFromTables(long));
  for (const r of exact.rows) {
    assert.equal(later.get(r.id).value, r.value, r.id);
    assert.equal(later.get(r.id).status, r.status, r.id);
  }
});

Deno.test("burnIn and window move the measured span", () => {
  const run = runFromTables(textbook(DAYS, { unemployment_rate: (t) => (t <= 1000 ? 0.5 : 0.06) }));
  assert.ok(Math.abs(unemploymentRate(run, { burnIn: 1000 }).value - 0.06) < 1e-12);
  assert.ok(unemploymentRate(run).value > 0.1); // 270 of its 1825 days at 0.5
  assert.match(unemploymentRate(run, { burnIn: 1000, window: 400 }).note, /ticks 1001–1400/);
  assert.ok(Number.isFinite(okunCoefficient(run, { burnIn: 0, window: 1200 }).value));
});

Deno.test("the Phillips curves recover the slope of four-quarter growth on unemployment", () => {
  // Log levels whose change over 365 days is a - b (u - 0.06) day by day: wages with b = 0.5,
  // prices with b = 0.2 (the first year is flat, inside the burn-in).
  const cyc = (t: number) =>
    0.02 * Math.sin((2 * Math.PI * t) / 900) + 0.01 * Math.sin((2 * Math.PI * t) / 1400);
  const u = (t: number) => 0.06 - 0.4 * cyc(t);
  const level = (a: number, b: number) => {
    const log = (t: number): number => (t <= 365 ? 0 : log(t - 365) + a - b * (u(t) - 0.06));
    return (t: number) => 100 * Math.exp(log(t));
  };
  const run = runFromTables(textbook(DAYS, { mean_wage: level(0.03, 0.5), cpi: level(0.02, 0.2) }));
  const wage = wagePhillipsSlope(run);
  const price = pricePhillipsSlope(run);
  assert.ok(Math.abs(wage.value + 0.5) < 0.01, `${wage.value}`);
  assert.ok(Math.abs(price.value + 0.2) < 0.01, `${price.value}`);
  assert.match(wage.note, /16 quarters of ticks 731–2555 \(r -1\.00\)/);
  // Too short a window, and unemployment that never moves, say why.
  assert.match(wagePhillipsSlope(run, { window: 1000 }).note, /needs 12 four-quarter changes/);
  const short = runFromTables(textbook(1500, { mean_wage: level(0.03, 0.5) }));
  assert.match(wagePhillipsSlope(short).note, /needs 1460 days/);
  const still = runFromTables(textbook(DAYS, { unemployment_rate: () => 0.06 }));
  assert.match(pricePhillipsSlope(still).note, /does not move/);
});

Deno.test("rates declared in % are read as shares", () => {
  const run = runFromTables(textbook());
  assert.ok(Math.abs(inflationRate(run).value - 0.02) < 1e-9);
});

Deno.test("impliedDurationMonths() inverts a monthly frequency as Bils & Klenow do", () => {
  assert.ok(Math.abs(impliedDurationMonths(0.209) - 4.27) < 0.01);
  assert.ok(Math.abs(impliedDurationMonths(1 - Math.exp(-1 / 6)) - 6) < 1e-9);
  assert.equal(impliedDurationMonths(0), Infinity);
  assert.equal(impliedDurationMonths(1), 0);
});

Deno.test("facts(runs) counts passes per fact over seeds, with median, range and each value", () => {
  const runs = [0.06, 0.3, 0.08].map((level, k) =>
    runFromTables({
      ...textbook(DAYS, { unemployment_rate: () => level }),
      seed: k + 1,
    })
  );
  const all = facts(runs);
  assert.ok(all instanceof FactsBySeed);
  assert.deepEqual(all.labels, ["seed 1", "seed 2", "seed 3"]);
  const u = all.get("unemployment");
  assert.equal(u.n, 3);
  assert.equal(u.passes, 2);
  assert.equal(u.fails, 1);
  assert.deepEqual(u.statuses, ["pass", "fail", "pass"]);
  assert.ok(Math.abs(u.median - 0.08) < 1e-9);
  assert.ok(Math.abs(u.min - 0.06) < 1e-9 && Math.abs(u.max - 0.3) < 1e-9);
  assert.equal(u.values.length, 3);
  const opo = all.get("one_person_households");
  assert.equal(opo.passes, 3);
  const md = all.toMarkdown();
  assert.match(
    md,
    /^\| fact \| target \| unit \| pass \| median \| min–max \| seed 1 \| seed 2 \| seed 3 \|/,
  );
  assert.match(
    md,
    /\| `unemployment` \| 0\.03 … 0\.15 \| share \| 2\/3 \| 0\.08 \| 0\.06 – 0\.3 \|/,
  );
  const bundle = all[JUPYTER_DISPLAY]();
  assert.match(bundle["text/html"], /Stylized facts over 3 runs/);
  assert.match(bundle["text/plain"]!, /unemployment\s+0\.03 … 0\.15\s+2\/3/);
  assert.deepEqual(all.frame().shape, [FACTS.length, 8 + 3]);
  // Runs sharing a seed are told apart by their position.
  assert.deepEqual(facts([runs[0], runs[0]]).labels, ["run 1", "run 2"]);
  assert.throws(() => facts([]), /at least one run/);
});

Deno.test("every fact draws a figure on the synthetic economy", () => {
  const run = runFromTables(textbook());
  for (const f of FACTS) {
    const html = plotFact(run, f.id)[JUPYTER_DISPLAY]()["text/html"] ?? "";
    assert.match(html, /<svg/, f.id);
  }
});

Deno.test("facts() on an engine run gives a verdict per fact and a figure or note for each", async () => {
  const run = runFromResult(await runScenario(smallScenario(8000), { ticks: 90, out: null }));
  const opts = { burnIn: 30 };
  const table = facts(run, opts);
  assert.equal(table.rows.length, FACTS.length);
  for (const r of table.rows) assert.ok(["pass", "fail", "not available"].includes(r.status));
  // 60 days after the burn-in: means need a year, the final snapshot's cross-sections measure.
  assert.match(table.get("unemployment").note, /needs 365 days/);
  for (const id of ["wage_p90_p10", "mincer_return", "unemployment_duration_mean"]) {
    assert.ok(Number.isFinite(table.get(id).value), `${id}: ${table.get(id).note}`);
  }
  const html = table[JUPYTER_DISPLAY]()["text/html"];
  assert.match(html, /Stylized facts — \d+ pass · \d+ fail · \d+ not available/);
  assert.equal(table.frame().shape[0], FACTS.length);
  for (const f of FACTS) {
    const fig = plotFact(run, f.id, opts);
    assert.ok(fig[JUPYTER_DISPLAY]()["text/html"]!.length > 0, f.id);
  }
});

/**
 * Firms whose yearly log growth has a slope of `slope` on log size and a standard deviation
 * falling as size^−beta: three snapshots a year apart in the window.
 */
function growingFirms(slope: number, beta: number, n = 4000): RunTablesInput {
  const snapshots: RunTablesInput["snapshots"] = {};
  let size = Array.from({ length: n }, (_, i) => Math.round(50 * 100 ** hashUniform(11, i)));
  for (let k = 0; k < 3; k++) {
    snapshots[1095 + 365 * k] = {
      firms: { id: size.map((_, i) => i + 1), employees: size.slice() },
    };
    size = size.map((s, i) => {
      // A standard normal by Box-Muller from two keyed uniforms.
      const z = Math.sqrt(-2 * Math.log(1 - hashUniform(12 + k, i))) *
        Math.cos(2 * Math.PI * hashUniform(20 + k, i));
      const g = slope * Math.log(s) + 0.4 * (s / 50) ** -beta * z;
      return Math.max(1, Math.round(s * Math.exp(g)));
    });
  }
  const ticks = Array.from({ length: DAYS }, (_, i) => i + 1);
  return { kpis: { tick: ticks, firms: ticks.map(() => n) }, snapshots };
}

Deno.test("firmGrowthBySize() recovers the slope of growth on size and the volatility's power of size, and Gibrat's law as zeros", () => {
  const run = (slope: number, beta: number) => {
    const g = firmGrowthBySize(runFromTables(growingFirms(slope, beta)));
    if (typeof g === "string") throw new Error(g);
    return g;
  };
  const shrinking = run(-0.05, 0.2);
  assert.equal(shrinking.classes.length, 10);
  assert.deepEqual(shrinking.pairs, [[1095, 1460], [1460, 1825]]);
  assert.equal(shrinking.firmYears, 8000);
  assert.ok(Math.abs(shrinking.gibratSlope + 0.05) < 0.01, `slope ${shrinking.gibratSlope}`);
  assert.ok(
    Math.abs(shrinking.volatilityExponent - 0.2) < 0.05,
    `β ${shrinking.volatilityExponent}`,
  );
  // The classes run from small to large and the largest swing least.
  const first = shrinking.classes[0];
  const last = shrinking.classes[9];
  assert.ok(first.size < last.size && first.to <= last.from);
  assert.ok(first.sdGrowth > 1.5 * last.sdGrowth, `sd ${first.sdGrowth} and ${last.sdGrowth}`);
  assert.ok(first.meanGrowth > last.meanGrowth);
  // A notebook shows the classes as a table, the slope and β in the caption.
  const html = shrinking[JUPYTER_DISPLAY]()["text/html"];
  assert.match(html, /Gibrat slope -0\.0\d\d, sd ∝ size\^-0\.\d\d, 8000 firm-years/);
  assert.match(html, /10 rows × 6 columns/);
  const gibrat = run(0, 0);
  assert.ok(Math.abs(gibrat.gibratSlope) < 0.01, `slope ${gibrat.gibratSlope}`);
  assert.ok(Math.abs(gibrat.volatilityExponent) < 0.05, `β ${gibrat.volatilityExponent}`);
  // Too few firms, or snapshots not a year apart, give a reason.
  const few = growingFirms(0, 0, 40);
  assert.match(String(firmGrowthBySize(runFromTables(few))), /only 80 firm-years/);
  assert.throws(
    () => firmGrowthBySize(runFromTables(growingFirms(0, 0)), { classes: 1 }),
    /classes 1/,
  );
});
