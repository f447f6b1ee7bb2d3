import assert from "node:assert/strict";
import { Histogram } from "../../engine/systems/economy/distribution.ts";
import { hillExponent } from "../../engine/systems/economy/economy_stats.ts";
import { Simulation } from "../../engine/simulation.ts";
import { capitalValue, machineValues } from "../../engine/systems/economy/capital.ts";
import { gini } from "../../analysis/stats.ts";
import { smallScenario } from "../_fixtures.ts";

function lognormalSample(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 99;
  for (let i = 0; i < n; i += 2) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const u1 = (x + 1) / 4294967297;
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const u2 = x / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = Math.exp(0.8 * r * Math.cos(2 * Math.PI * u2));
    if (i + 1 < n) out[i + 1] = Math.exp(0.8 * r * Math.sin(2 * Math.PI * u2));
  }
  return out;
}

function exactGini(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  let cum = 0;
  let weighted = 0;
  for (let i = 0; i < s.length; i++) {
    cum += s[i];
    weighted += (i + 1) * s[i];
  }
  return (2 * weighted) / (s.length * cum) - (s.length + 1) / s.length;
}

Deno.test("Histogram's Gini and median match the exact values within 1%", () => {
  const v = lognormalSample(50_000);
  const h = new Histogram();
  h.fill(v, v.length);
  const g = exactGini(v);
  assert.ok(Math.abs(h.gini() - g) < 0.01 * g, `${h.gini()} vs ${g}`);
  const sorted = Float64Array.from(v).sort();
  const median = sorted[sorted.length >> 1];
  assert.ok(Math.abs(h.quantile(0.5) / median - 1) < 0.01, `${h.quantile(0.5)} vs ${median}`);
});

Deno.test("Histogram counts zeros and treats equal values as perfect equality", () => {
  const h = new Histogram();
  h.fill(Float64Array.of(5, 5, 5, 5), 4);
  assert.ok(Math.abs(h.gini()) < 1e-12);
  h.fill(Float64Array.of(0, 0, 0, 8), 4);
  assert.ok(Math.abs(h.gini() - 0.75) < 1e-12);
  assert.equal(h.quantile(0.25), 0);
});

Deno.test("hillExponent recovers the tail of a Pareto sample", () => {
  const n = 20_000;
  const a = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    a[i] = Math.pow(1 - (x + 0.5) / 4294967296, -1 / 1.5);
  }
  const alpha = hillExponent(a, 0.1);
  assert.ok(Math.abs(alpha - 1.5) < 0.1, `alpha ${alpha}`);
  assert.ok(Number.isNaN(hillExponent(Float64Array.of(0, 0, 1), 0.1)));
});

/** Every day measures the distribution KPIs (the tests below compare them with today's state). */
const DAILY = { logging: { distribution_days: 1 } };

Deno.test("gini_income is the Gini of income equivalised by the square root of household size, over persons", () => {
  const sim = Simulation.create(smallScenario(3000, DAILY));
  sim.run(60);
  const Hh = sim.world.tables.households;
  const income = new Float64Array(Hh.length);
  const persons = new Float64Array(Hh.length);
  for (let h = 0; h < Hh.length; h++) {
    persons[h] = Math.max(1, Hh.col.size[h]);
    income[h] = Hh.col.permanent_income[h] / Math.sqrt(persons[h]);
  }
  const exact = gini(income, persons);
  const k = sim.world.kpis;
  const kpi = k.values[k.indexOf("gini_income")];
  assert.ok(Math.abs(kpi - exact) < 0.01 * exact, `KPI ${kpi} vs exact ${exact}`);
  // Income per member, the measure before, reads higher: children count as whole adults.
  const perMember = Float64Array.from(income, (x, h) => x / Math.sqrt(persons[h]));
  assert.ok(gini(perMember, persons) > exact, "per member above equivalised");
});

Deno.test("gini_wealth is the Gini of net worth per adult: money, the owners' share of their firms and the fund's units", () => {
  for (const share of [0, 0.5]) {
    const sim = Simulation.create(
      smallScenario(3000, { ...DAILY, economy: { ownership: { outside_share: share } } }),
    );
    sim.run(60);
    const w = sim.world;
    const P = w.tables.persons;
    const Hh = w.tables.households;
    const F = w.tables.firms;
    const money = new Float64Array(Hh.length);
    const adults = new Float64Array(Hh.length);
    for (let p = 0; p < P.length; p++) {
      const h = Hh.rowOf[P.col.household[p]];
      money[h] += P.col.wealth[p];
      if (P.col.age[p] >= 18) adults[h]++;
    }
    const worth = Float64Array.from(money);
    const values = machineValues(w);
    let fund = 0;
    for (let f = 0; f < F.length; f++) {
      const h = Hh.rowOf[F.col.owner[f]];
      const equity = F.col.cash[f] + capitalValue(w, f, values) - F.col.debt[f];
      if (equity <= 0) continue;
      fund += F.col.outside_share[f] * equity;
      if (h >= 0) worth[h] += (1 - F.col.outside_share[f]) * equity;
    }
    const units = Hh.col.fund_units.subarray(0, Hh.length).reduce((a, b) => a + b, 0);
    for (let h = 0; h < Hh.length; h++) {
      if (units > 0) worth[h] += (Hh.col.fund_units[h] * fund) / units;
    }
    const heads = Float64Array.from(adults, (a) => Math.max(1, a));
    const exact = gini(Float64Array.from(worth, (x, h) => x / heads[h]), heads);
    const k = w.kpis;
    const kpi = k.values[k.indexOf("gini_wealth")];
    assert.ok(Math.abs(kpi - exact) < 0.01 * exact, `share ${share}: KPI ${kpi} vs exact ${exact}`);
    if (share === 0) {
      // Firms held by their owners alone make wealth more unequal than money alone.
      const moneyOnly = gini(Float64Array.from(money, (x, h) => x / heads[h]), heads);
      assert.ok(exact > moneyOnly + 0.01, `net worth ${exact} vs money ${moneyOnly}`);
    } else assert.ok(units > 0 && fund > 0, "the fund holds equity and households its units");
  }
});

/** Held KPIs that may not move for weeks in a small world (see below). */
const STILL = ["households_without_income", "fund_share_of_equity"];

Deno.test("the distribution KPIs are measured every distribution_days and repeated in between; nothing else changes", () => {
  const held = [
    "median_wage",
    "firm_size_tail_exponent",
    "gini_income",
    "gini_wealth",
    "fund_value",
    "fund_nav",
    "fund_share_of_equity",
    "gini_market_income",
    "poverty_rate",
    "households_without_income",
  ];
  const run = (days: number) => {
    const sim = Simulation.create(
      smallScenario(3000, {
        systems: { government: true },
        economy: { ownership: { outside_share: 0.5 } },
        logging: { distribution_days: days },
      }),
    );
    sim.run(40);
    return sim.world.kpis;
  };
  const daily = run(1);
  const weekly = run(7);
  assert.equal(weekly.rows, 40);
  assert.ok(held.every((name) => daily.indexOf(name) >= 0), "every held KPI is in the run");
  let moving = 0;
  for (const spec of daily.specs) {
    const a = daily.series(spec.name);
    const b = weekly.series(spec.name);
    if (!held.includes(spec.name)) {
      assert.deepEqual(b, a, `${spec.name} is the same whatever the cadence`);
      continue;
    }
    assert.ok(spec.doc.includes("distribution_days"), `${spec.name}'s doc says it is held`);
    for (let t = 0; t < 40; t++) {
      // Row t (day t + 1) repeats the measurement of row t - t % 7 (days 1, 8, 15, ...), the
      // state that day being the same in both runs.
      assert.ok(Object.is(b[t], a[t - (t % 7)]), `${spec.name} on day ${t}: ${b[t]}`);
    }
    // Measured daily they move from day to day, but for two that can sit still for weeks in a
    // small world: the share of households without income, and the fund's share of firms' equity,
    // which is the outside share while every firm has the same one (until an entrant comes).
    if (!STILL.includes(spec.name)) {
      assert.ok(new Set(a).size > 7, `${spec.name} moves daily: ${new Set(a).size} values`);
      moving++;
    }
    assert.ok(new Set(b).size <= 6, `${spec.name} takes at most one value a week`);
  }
  assert.equal(moving, held.length - STILL.length);
});
