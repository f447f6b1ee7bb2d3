import assert from "node:assert/strict";
import fc from "fast-check";
import { hpFilter, mean, pearson } from "../../analysis/stats.ts";
import { InvariantError } from "../../engine/core/invariants.ts";
import { EVENTS, FLOW } from "../../engine/events.ts";
import {
  BALANCE_TOLERANCE,
  checkMembership,
  checkMoney,
} from "../../engine/systems/bookkeeping.ts";
import { drawOverdrafts } from "../../engine/systems/economy/credit.ts";
import { entrantPrice } from "../../engine/systems/economy/firm_dynamics.ts";
import { NULL_REF } from "../../engine/core/table.ts";
import { Simulation } from "../../engine/simulation.ts";
import {
  chooseSupplier,
  postVacancies,
  setPrice,
  VerbError,
} from "../../engine/systems/economy/verbs.ts";
import { Status } from "../../engine/tables/persons.ts";
import { smallScenario } from "../_fixtures.ts";

const BURN_IN = 250;
const TICKS = 540;
const persons = 15000;

/** The seeded baseline every fact test reads (run once). */
const baseline = (() => {
  let sim: Simulation | undefined;
  return () => {
    if (!sim) {
      sim = Simulation.create(smallScenario(persons));
      sim.run(TICKS);
    }
    return sim;
  };
})();

function window(sim: Simulation, name: string, from = BURN_IN, to = TICKS): Float64Array {
  return sim.world.kpis.series(name).slice(from, to);
}
Deno.test("unemployment settles in a plausible band and never explodes or collapses", () => {
  const u = window(baseline(), "unemployment_rate");
  const m = mean(u);
  assert.ok(m > 0.03 && m < 0.15, `mean unemployment ${m}`);
  for (const x of u) assert.ok(x > 0.01 && x < 0.25, `unemployment ${x}`);
});

Deno.test("annual inflation after the burn-in stays in a plausible band", () => {
  const cpi = baseline().world.kpis.series("cpi");
  const yoy = cpi[TICKS - 1] / cpi[TICKS - 366] - 1;
  assert.ok(yoy > -0.1 && yoy < 0.15, `inflation over the last year ${yoy}`);
});

Deno.test("firm sizes are right-skewed with a heavy upper tail", () => {
  const sim = baseline();
  const skew = mean(window(sim, "firm_size_skewness"));
  assert.ok(skew > 1.5, `firm size skewness ${skew}`);
  const tail = mean(window(sim, "firm_size_tail_exponent"));
  assert.ok(tail > 0.5 && tail < 3.5, `tail exponent ${tail}`);
  const F = sim.world.tables.firms;
  const sizes = Array.from(F.col.employees.subarray(0, F.length)).sort((a, b) => b - a);
  const top = sizes.slice(0, Math.ceil(sizes.length / 10)).reduce((a, b) => a + b, 0);
  const all = sizes.reduce((a, b) => a + b, 0);
  assert.ok(top / all > 0.35, `top 10% of firms employ ${top / all}`);
});

Deno.test("prices are dispersed within goods sold by many firms, persistently", () => {
  const sim = baseline();
  const F = sim.world.tables.firms;
  const goods = sim.world.config.economy.goods;
  let checked = 0;
  goods.forEach((g, k) => {
    let sellers = 0;
    for (let f = 0; f < F.length; f++) if (F.col.product[f] === k) sellers++;
    if (sellers < 20) return;
    checked++;
    const cv = window(sim, `price_cv_${g}`);
    for (let i = 0; i < cv.length; i += 30) assert.ok(cv[i] > 0.02, `${g} CV ${cv[i]} at ${i}`);
  });
  assert.ok(checked >= 3, `${checked} goods with 20+ sellers`);
});

Deno.test("the markup KPIs are the sales-weighted markup and the shares of firms the stock signals move", () => {
  const sim = baseline();
  const w = sim.world;
  const F = w.tables.firms;
  const c = F.col;
  const G = w.tables.goods.length;
  const fb = w.config.economy.firm_behaviour;
  let sold = 0;
  let weighted = 0;
  let short = 0;
  let long = 0;
  for (let f = 0; f < F.length; f++) {
    const value = c.sales_today[f] * c.price[f];
    sold += value;
    weighted += c.markup[f] * value;
    const stock = c.inventory[f * G + c.product[f]];
    const target = fb.inventory_cover_days * c.expected_demand[f];
    if (stock < (1 - fb.stock_band) * target) short++;
    if (stock > (1 + fb.stock_band) * target) long++;
  }
  const last = (name: string) => w.kpis.series(name)[TICKS - 1];
  assert.ok(sold > 0 && short + long > 0 && short + long < F.length);
  assert.ok(Math.abs(last("markup_mean") - weighted / sold) < 1e-12 * (weighted / sold));
  assert.equal(last("stock_short_share"), short / F.length);
  assert.equal(last("stock_long_share"), long / F.length);
  for (const m of window(sim, "markup_mean")) {
    assert.ok(m >= fb.markup_floor && m < 10, `mean markup ${m}`);
  }
});

Deno.test("unemployment and vacancies move against each other (Beveridge curve)", () => {
  // Cycles, not trends: 30-day means over three years after a year of burn-in, HP-filtered
  // (monthly lambda 129,600, Ravn & Uhlig 2002), as the stylized fact measures it on quarters.
  const sim = Simulation.create(smallScenario(8000, { random_seed: 3 }));
  sim.run(365 * 4);
  const months = (name: string) => {
    const d = sim.world.kpis.series(name).slice(365);
    return Array.from(
      { length: Math.floor(d.length / 30) },
      (_, i) => mean(d.slice(30 * i, 30 * i + 30)),
    );
  };
  const u = hpFilter(months("unemployment_rate"), 129_600).cycle;
  const v = hpFilter(months("vacancy_rate"), 129_600).cycle;
  const r = pearson(u, v);
  assert.ok(r < -0.2, `u-v correlation of the cycles ${r}`);
});

Deno.test("a negative demand shock raises unemployment and lowers wage growth", () => {
  const base = baseline();
  const shocked = Simulation.create(smallScenario(persons, {
    shocks: [{
      at: 300,
      parameter: "economy.households.consume_income",
      op: "scale",
      value: 0.8,
      duration: 180,
    }],
  }));
  shocked.run(480);
  const before = (s: Simulation, n: string) => s.world.kpis.series(n).slice(280, 300);
  assert.deepEqual(before(shocked, "unemployment_rate"), before(base, "unemployment_rate"));
  const after = (s: Simulation, n: string) => mean(s.world.kpis.series(n).slice(360, 480));
  const uBase = after(base, "unemployment_rate");
  const uShock = after(shocked, "unemployment_rate");
  assert.ok(uShock > uBase + 0.01, `unemployment ${uShock} vs ${uBase}`);
  const growth = (s: Simulation) => {
    const w = s.world.kpis.series("mean_wage");
    return w[479] / w[299] - 1;
  };
  assert.ok(growth(shocked) < growth(base), `wage growth ${growth(shocked)} vs ${growth(base)}`);
});

Deno.test("invariants hold every tick over random small economies (property)", () => {
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 0, max: 10_000 }),
        persons: fc.integer({ min: 800, max: 3000 }),
        consume: fc.double({ min: 0.6, max: 1, noNaN: true }),
        latency: fc.boolean(),
        ces: fc.boolean(),
        step: fc.double({ min: 0.005, max: 0.2, noNaN: true }),
        barrier: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      (p) => {
        const sim = Simulation.create(smallScenario(p.persons, {
          random_seed: p.seed,
          economy: {
            enable_supply_chain_latency: p.latency,
            production: { function: p.ces ? "ces" : "cobb_douglas" },
            households: { consume_income: p.consume },
            firm_behaviour: { price_step_max: p.step, markup_step_max: p.step },
            migration: { policy_barrier: p.barrier, base_rate: 0.3, check_days: 5 },
          },
          logging: { deep_checks_days: 1 },
        }));
        sim.run(25); // bookkeeping throws on any violation (money, goods, bounds, employment)
        const w = sim.world;
        const P = w.tables.persons;
        const Hh = w.tables.households;
        for (let r = 0; r < P.length; r++) {
          assert.ok(P.col.wealth[r] >= 0);
          assert.equal(P.col.tile[r], Hh.col.tile[Hh.row(P.col.household[r])]);
        }
        const total = w.kpis.series("money_total");
        assert.ok(Math.abs(total[24] - w.ledger.expected()) <= 1e-9 * Math.abs(total[24]) + 1e-6);
      },
    ),
    { numRuns: 8, seed: 42 },
  );
});

Deno.test("bookkeeping stops the run when money appears from nowhere", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(2);
  sim.world.tables.persons.col.wealth[10] += 1000;
  assert.throws(() => sim.step(), (e: Error) => {
    assert.ok(e instanceof InvariantError);
    assert.match(e.message, /tick 3: money is not conserved/);
    return true;
  });
});

Deno.test("bookkeeping names the good whose stock does not balance", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(2);
  const F = sim.world.tables.firms;
  const G = F.widths.inventory;
  const f = 3;
  F.col.inventory[f * G + F.col.product[f]] += 50;
  const good = sim.world.config.economy.goods[F.col.product[f]];
  assert.throws(() => sim.step(), new RegExp(`good ${good} does not balance`));
});

Deno.test("bookkeeping catches an employee count that disagrees with persons", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(1);
  sim.world.tables.firms.col.employees[0] += 1;
  assert.throws(() => sim.step(), /counts \d+ employees but/);
});

Deno.test("bookkeeping's membership check names the person behind a reference to no firm or household", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(1);
  const w = sim.world;
  const P = w.tables.persons;
  const F = w.tables.firms;
  checkMembership(w);
  let p = 0;
  while (P.col.employment[p] !== Status.employed || P.col.employer[p] === NULL_REF) p++;
  const employer = P.col.employer[p];
  // A firm that is gone (an id past the last one), a household that never was, a second job.
  P.col.employer[p] = F.nextId + 3;
  F.col.employees[F.rowOf[employer]]--;
  assert.throws(() => checkMembership(w), new RegExp(`person ${P.ids[p]} has status`));
  P.col.employer[p] = employer;
  F.col.employees[F.rowOf[employer]]++;
  checkMembership(w);
  const household = P.col.household[p];
  P.col.household[p] = w.tables.households.nextId + 1;
  assert.throws(() => checkMembership(w), /which does not exist/);
  P.col.household[p] = household;
  // An agency that does not exist (the government is off), next to the firm.
  P.col.agency[p] = 0;
  assert.throws(() => checkMembership(w), /one live employer/);
});

Deno.test("firm verbs refuse decisions beyond their bounds", () => {
  const sim = Simulation.create(smallScenario(1500));
  const w = sim.world;
  const F = w.tables.firms;
  const id = F.ids[0];
  assert.throws(() => setPrice(w, id, F.col.price[0] * 2), VerbError);
  assert.throws(() => setPrice(w, id, -1), /positive/);
  assert.throws(() => setPrice(w, 999_999, 1), /does not exist/);
  setPrice(w, id, F.col.price[0] * 1.01);
  assert.throws(() => postVacancies(w, id, -1, F.col.wage_offer[0]), /whole numbers/);
  assert.throws(
    () => postVacancies(w, id, 0, F.col.wage_offer[0], F.col.employees[0] + 1),
    /cannot lay off/,
  );
  const other = Array.from(F.ids.subarray(0, F.length)).find((x) => F.col.product[F.row(x)] !== 1)!;
  assert.throws(() => chooseSupplier(w, id, 1, other), /not good 1/);
});

Deno.test("employment, employer and wage agree on every person", () => {
  const sim = baseline();
  const P = sim.world.tables.persons;
  for (let r = 0; r < P.length; r++) {
    const employed = P.col.employment[r] === Status.employed;
    assert.equal(employed, P.col.employer[r] >= 0);
    assert.equal(employed, P.col.wage[r] > 0);
  }
});

Deno.test("bookkeeping catches a household size that disagrees with its members", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(1);
  sim.world.tables.households.col.size[0] += 1;
  assert.throws(() => sim.step(), /household \d+ has size \d+ but \d+ members/);
});

Deno.test("an overdraft becomes debt: the money is created, and repaying destroys it", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(1);
  const w = sim.world;
  const F = w.tables.firms;
  const P = w.tables.persons;
  const f = 2;
  const debt = F.col.debt[f];
  const created = w.ledger.created;
  const destroyed = w.ledger.destroyed;
  // The firm pays 500 more than it holds.
  w.ledger.transfer(F.col.cash, f, P.col.wealth, 0, F.col.cash[f] + 500, FLOW.wages);
  assert.equal(drawOverdrafts(w), 500);
  assert.equal(F.col.cash[f], 0);
  assert.equal(F.col.debt[f], debt + 500);
  assert.equal(w.ledger.created, created + 500);
  checkMoney(w);
  // Later revenue repays part of it.
  w.ledger.transfer(P.col.wealth, 0, F.col.cash, f, 300, FLOW.purchases);
  w.ledger.repay(F.col.cash, F.col.debt, f, 300);
  assert.equal(F.col.debt[f], debt + 200);
  assert.equal(w.ledger.destroyed, destroyed + 300);
  checkMoney(w);
  assert.throws(() => w.ledger.repay(F.col.cash, F.col.debt, f, 1), /repaying 1 of debt/);
});

Deno.test("the money check allows the rounding of the ledger's running sums, but not a leak", () => {
  const sim = Simulation.create(smallScenario(1500));
  sim.run(1);
  const w = sim.world;
  const left = checkMoney(w);
  // Flows created and destroyed since the start whose rounding leaves the expected total 20
  // times the old tolerance (1e-9 of the money) off: a tenth of what 1e-12 of the flows allows.
  const off = 20 * BALANCE_TOLERANCE * left;
  const flows = 5e12 * off;
  w.ledger.created += flows;
  w.ledger.destroyed += flows - off;
  checkMoney(w);
  // A leak of a thousandth of the money is a leak whatever the flows.
  w.ledger.destroyed -= 1e-3 * left;
  assert.throws(() => checkMoney(w), /money is not conserved/);
});

Deno.test("households migrate toward better expected income and their members move with them", () => {
  const sim = Simulation.create(smallScenario(3000, {
    economy: { migration: { policy_barrier: 0, distance_cost: 0, base_rate: 1, check_days: 7 } },
  }));
  const w = sim.world;
  const Hh = w.tables.households;
  const P = w.tables.persons;
  const moved = new Map<number, number>();
  for (let t = 0; t < 28; t++) {
    sim.step();
    const q = w.events.queue;
    for (let e = 0; e < q.length; e++) {
      if (q.kind[e] !== EVENTS.code.migration) continue;
      assert.notEqual(q.object[e], q.tile[e], "a move changes the tile");
      moved.set(q.subject[e], q.tile[e]);
    }
  }
  assert.ok(moved.size > 10, `${moved.size} households moved`);
  assert.ok(w.kpis.series("migrations").reduce((a, b) => a + b, 0) >= moved.size);
  for (let p = 0; p < P.length; p++) {
    assert.equal(P.col.tile[p], Hh.col.tile[Hh.row(P.col.household[p])]);
  }
});

Deno.test("entrantPrice() is positive for any spread and draw, and keeps the market price as its mean", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: -40, max: 40, noNaN: true }),
      (market, spread, z) => {
        const p = entrantPrice(market, spread, z);
        assert.ok(p > 0 && Number.isFinite(p), `${market} ${spread} ${z} -> ${p}`);
      },
    ),
  );
  // The mean over the normal distribution (Gauss-Hermite by a fine grid) is the market price.
  for (const spread of [0.05, 0.35, 0.7, 1]) {
    let sum = 0;
    let weight = 0;
    for (let z = -10; z <= 10; z += 0.001) {
      const w = Math.exp(-z * z / 2);
      sum += w * entrantPrice(100, spread, z);
      weight += w;
    }
    assert.ok(Math.abs(sum / weight - 100) < 1e-6, `spread ${spread}: mean ${sum / weight}`);
  }
});
