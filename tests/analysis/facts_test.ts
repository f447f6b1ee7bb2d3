import assert from "node:assert/strict";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import {
  beveridgeCorrelation,
  FACTS,
  facts,
  inflationRate,
  okunCoefficient,
  plotFact,
  unemploymentRate,
} from "../../analysis/facts/mod.ts";
import { runFromResult, runFromTables, type RunTablesInput } from "../../analysis/run_sources.ts";
import { withChanges } from "../../analysis/changes.ts";
import { runScenario } from "../../engine/run.ts";
import { loadScenario } from "../../engine/scenario/load.ts";

const N = 400;
const ticks = Array.from({ length: N }, (_, t) => t);
const cycle = (t: number) => Math.sin((2 * Math.PI * t) / 120);

/** A synthetic economy built to meet every target. */
function textbook(over: Partial<Record<string, number[]>> = {}): RunTablesInput {
  // Okun by construction: u = 0.06 − 0.4·ln(Y/Y0), so Δu (pp) ≈ −0.4 · growth (%).
  const lnY = ticks.map((t) => 0.02 * cycle(t));
  const nFirms = 1000;
  const nPersons = 2000;
  return {
    kpis: {
      tick: ticks,
      crude_birth_rate: ticks.map(() => 10),
      crude_death_rate: ticks.map(() => 9),
      dependency_ratio: ticks.map(() => 0.55),
      gdp_real: lnY.map((l) => 1e6 * Math.exp(l)),
      unemployment_rate: lnY.map((l) => 0.06 - 0.4 * l),
      vacancy_rate: ticks.map((t) => 0.03 + 0.004 * cycle(t)),
      inflation_annual: ticks.map((t) => 2 + 0.5 * cycle(t)),
      price_cv_food: ticks.map((t) => 0.15 + 0.01 * cycle(t)),
      price_cv_tools: ticks.map(() => 0.2),
      ...over,
    },
    kpiUnits: { inflation_annual: "% per year", unemployment_rate: "share" },
    tables: {
      // Zipf firm sizes (α = 1), very right-skewed.
      firms: {
        employees: Array.from({ length: nFirms }, (_, i) => Math.round(1000 / (i + 1))),
        price: Array.from({ length: nFirms }, (_, i) => 1 + 0.1 * (i % 7)),
        product: Array.from({ length: nFirms }, (_, i) => i % 2),
      },
      // Pareto wealth (α ≈ 1.2, Gini ≈ 0.7).
      persons: {
        wealth: Array.from(
          { length: nPersons },
          (_, i) => (1 - (i + 0.5) / nPersons) ** (-1 / 1.2),
        ),
        age: Array.from({ length: nPersons }, (_, i) => i % 90),
      },
      // Uniform income on [0.2, 3]: Gini ≈ 0.29.
      households: {
        permanent_income: Array.from({ length: 1000 }, (_, i) => 0.2 + (2.8 * i) / 999),
        weight: Array.from({ length: 1000 }, () => 1),
      },
    },
  };
}

Deno.test("facts() passes every fact on a synthetic economy built to meet the targets", () => {
  const table = facts(runFromTables(textbook()), { burnIn: 100 });
  assert.equal(table.rows.length, FACTS.length);
  for (const r of table.rows) assert.equal(r.status, "pass", `${r.id}: ${r.value} (${r.note})`);
  assert.ok(Math.abs(table.get("okun").value + 0.4) < 0.02, `okun ${table.get("okun").value}`);
  assert.ok(table.get("beveridge").value < -0.99);
  assert.ok(Math.abs(table.get("firm_size_tail").value - 1) < 0.15);
});

Deno.test("facts() fails what contradicts the literature", () => {
  const bad = textbook({
    unemployment_rate: ticks.map((t) => 0.3 + 0.01 * cycle(t)), // too high; Okun slope positive
    vacancy_rate: ticks.map((t) => 0.03 + 0.01 * cycle(t)), // moves with unemployment
    inflation_annual: ticks.map(() => 25), // 25 % per year
  });
  (bad.tables!.persons as Record<string, number[]>).wealth = Array(2000).fill(5); // equal wealth
  const table = facts(runFromTables(bad), { burnIn: 100 });
  for (const id of ["unemployment", "beveridge", "okun", "inflation"]) {
    assert.equal(table.get(id).status, "fail", `${id}: ${table.get(id).value}`);
  }
  assert.equal(table.get("beveridge").value > 0.9, true);
  assert.equal(table.get("crude_birth_rate").status, "pass");
  // The KPI gini_wealth is absent, so the persons table decides: equal wealth, Gini 0.
  assert.equal(table.get("wealth_gini").value, 0);
  assert.equal(table.get("wealth_gini").status, "fail");
});

Deno.test("facts() reports what a run lacks as not available, never as a pass", () => {
  const run = runFromTables({
    kpis: { tick: ticks, crude_birth_rate: ticks.map(() => 12), population: ticks.map(() => 1) },
  });
  const table = facts(run);
  assert.equal(table.get("crude_birth_rate").status, "pass");
  for (const r of table.rows.filter((r) => r.id !== "crude_birth_rate")) {
    assert.equal(r.status, "not available", r.id);
    assert.ok(Number.isNaN(r.value));
    assert.ok(r.note.length > 0, r.id);
  }
  assert.match(table.get("okun").note, /no KPI gdp_real/);
  // Every figure degrades to a note instead of throwing.
  for (const f of FACTS.filter((f) => f.id !== "crude_birth_rate")) {
    const fig = plotFact(run, f.id);
    assert.match(fig[JUPYTER_DISPLAY]()["text/html"], /not available/, f.id);
  }
});

Deno.test("the burn-in keeps the initial transient out of time-series facts", () => {
  const u = ticks.map((t) => (t < 100 ? 0.5 : 0.06));
  const run = runFromTables(textbook({ unemployment_rate: u }));
  assert.equal(unemploymentRate(run, { burnIn: 100 }).value, 0.06);
  assert.ok(unemploymentRate(run, { burnIn: 0 }).value > 0.15);
  // Default burn-in: a quarter of the span (100 ticks here).
  assert.equal(unemploymentRate(run).value, 0.06);
});

Deno.test("rates declared in % are read as shares", () => {
  const run = runFromTables(textbook());
  assert.ok(Math.abs(inflationRate(run, { burnIn: 100 }).value - 0.02) < 0.001);
});

Deno.test("Beveridge and Okun need enough periods after the burn-in", () => {
  const run = runFromTables(textbook());
  const short = beveridgeCorrelation(run, { burnIn: 300 }); // 100 ticks: 3 periods of 30
  assert.ok(Number.isNaN(short.value));
  assert.match(short.note, /only 3 periods/);
  assert.ok(Number.isFinite(okunCoefficient(run, { burnIn: 100 }).value));
});

Deno.test("facts() on an engine run gives a verdict per fact and a figure or note for each", async () => {
  const config = withChanges(await loadScenario("tiny_island"), { "population.persons": 20_000 });
  const run = runFromResult(await runScenario(config, { ticks: 90, out: null }));
  const table = facts(run, { burnIn: 30 });
  assert.equal(table.rows.length, FACTS.length);
  for (const r of table.rows) assert.ok(["pass", "fail", "not available"].includes(r.status));
  // Demography exists: the crude rates are measured.
  assert.ok(Number.isFinite(table.get("crude_birth_rate").value));
  assert.ok(Number.isFinite(table.get("dependency_ratio").value));
  const html = table[JUPYTER_DISPLAY]()["text/html"];
  assert.match(html, /Stylized facts — \d+ pass · \d+ fail · \d+ not available/);
  assert.equal(table.frame().shape[0], FACTS.length);
  for (const f of FACTS) {
    const fig = plotFact(run, f.id, { burnIn: 30 });
    assert.ok(fig[JUPYTER_DISPLAY]()["text/html"]!.length > 0, f.id);
  }
});
