import assert from "node:assert/strict";
import { EVENTS } from "../../engine/events.ts";
import { capitalPerCapacity } from "../../engine/systems/economy/capital.ts";
import { recipesOf } from "../../engine/systems/economy/recipes.ts";
import { Simulation } from "../../engine/simulation.ts";
import { Status } from "../../engine/tables/persons.ts";
import { smallScenario } from "../_fixtures.ts";

Deno.test("a firm's posted price stays put between repricings, which are larger than the band", () => {
  // No free repricings: every change must be the menu-cost rule's.
  const band = 0.07;
  const sim = Simulation.create(smallScenario(3000, {
    economy: { firm_behaviour: { price_band: band, price_reset_chance: 0 } },
  }));
  const F = sim.world.tables.firms;
  const last = new Map<number, number>();
  let days = 0;
  let changes = 0;
  for (let t = 0; t < 180; t++) {
    sim.step();
    for (let f = 0; f < F.length; f++) {
      const id = F.ids[f];
      const price = F.col.price[f];
      const before = last.get(id);
      if (before !== undefined) {
        days++;
        if (price !== before) {
          changes++;
          assert.ok(
            Math.abs(Math.log(price / before)) > band - 1e-6,
            `firm ${id} moved its price by ${Math.log(price / before)} at tick ${sim.world.tick}`,
          );
          assert.equal(F.col.price_since[f], sim.world.tick);
        }
      }
      last.set(id, price);
    }
  }
  assert.ok(changes > 0, "some firms repriced");
  // Firms decide weekly; with a band most decisions leave the price where it is.
  assert.ok(changes / days < 1 / 14, `${changes} changes over ${days} firm-days`);
});

Deno.test("a more educated worker earns more than a less educated one in the same firm", () => {
  const sim = Simulation.create(smallScenario(6000));
  sim.run(60);
  const P = sim.world.tables.persons;
  const c = P.col;
  const byFirm = new Map<number, { sum: number[]; n: number[] }>();
  for (let p = 0; p < P.length; p++) {
    if (c.employment[p] !== Status.employed) continue;
    const e = byFirm.get(c.employer[p]) ?? { sum: [0, 0, 0, 0], n: [0, 0, 0, 0] };
    e.sum[c.education[p]] += Math.log(c.wage[p]);
    e.n[c.education[p]]++;
    byFirm.set(c.employer[p], e);
  }
  let firms = 0;
  let ahead = 0;
  for (const { sum, n } of byFirm.values()) {
    if (n[3] === 0 || n[1] === 0) continue; // tertiary against primary only
    firms++;
    if (sum[3] / n[3] > sum[1] / n[1]) ahead++;
  }
  assert.ok(firms >= 20, `${firms} firms employ both`);
  assert.ok(ahead / firms > 0.9, `graduates earn more in ${ahead} of ${firms} firms`);
});

Deno.test("a worker's wage is the firm's pay per labor unit times the worker's productivity at hire", () => {
  const sim = Simulation.create(smallScenario(3000));
  const P = sim.world.tables.persons;
  const F = sim.world.tables.firms;
  let checked = 0;
  for (let t = 0; t < 30; t++) {
    sim.step();
    for (let p = 0; p < P.length; p++) {
      if (P.col.employment[p] !== Status.employed) continue;
      if (P.col.status_since[p] !== sim.world.tick) continue; // hired from unemployment today
      const f = F.row(P.col.employer[p]);
      const expected = F.col.wage_offer[f] * P.col.productivity[p];
      assert.ok(Math.abs(P.col.wage[p] / expected - 1) < 1e-5);
      checked++;
    }
  }
  assert.ok(checked > 10, `${checked} hires checked`);
});

Deno.test("an entrant's capacity is machines bought from capital-goods firms, and money and goods balance", () => {
  // Deep checks every day: money only moves between accounts and every good's stock balances.
  // No wear and no expansion, so incumbents buy no machines: what the capital good sells as
  // investment on a day is what the day's entrants installed.
  const sim = Simulation.create(smallScenario(4000, {
    economy: {
      production: { depreciation: 0 },
      firm_behaviour: { entry_per_year: 60, cost_of_capital: 0.0001, invest_rate: 0 },
    },
    logging: { deep_checks_days: 1 },
  }));
  const w = sim.world;
  const F = w.tables.firms;
  const k = recipesOf(w).capitalGood;
  const psi = capitalPerCapacity(w);
  let entrants = 0;
  let installed = 0;
  for (let t = 0; t < 200 && entrants < 3; t++) {
    sim.step();
    const n = w.events.countThisTick(EVENTS.code.firm_entry);
    if (n === 0) continue;
    let capacity = 0;
    for (let f = 0; f < F.length; f++) {
      if (F.col.founded[f] !== w.tick) continue;
      if (psi[F.col.product[f]] === 0) continue; // machine makers need no machines
      capacity += F.col.capacity[f] * psi[F.col.product[f]];
      if (F.col.capacity[f] > 0) installed++;
      entrants++;
    }
    const invested = w.tables.goods.col.invested[k];
    assert.ok(
      Math.abs(invested - capacity) <= 1e-6 * Math.max(1, capacity),
      `${invested} ${capacity}`,
    );
  }
  assert.ok(entrants > 0, "firms entered");
  assert.ok(installed > 0, "entrants installed machines");
});

Deno.test("firms replace the machines that wear out: investment runs near depreciation at the start", () => {
  const sim = Simulation.create(smallScenario(6000));
  const w = sim.world;
  const F = w.tables.firms;
  const psi = capitalPerCapacity(w);
  let wear = 0;
  for (let f = 0; f < F.length; f++) {
    wear += w.config.economy.production.depreciation * F.col.capacity[f] * psi[F.col.product[f]];
  }
  sim.run(28);
  const invested = w.kpis.series("investment_real");
  const base = w.tables.goods.col.base_price[recipesOf(w).capitalGood];
  let sum = 0;
  for (let i = 0; i < invested.length; i++) sum += invested[i];
  const ratio = sum / invested.length / (wear * base);
  assert.ok(ratio > 0.7 && ratio < 1.3, `investment / replacement = ${ratio}`);
});
