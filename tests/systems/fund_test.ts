import assert from "node:assert/strict";
import { NULL_REF } from "../../engine/core/table.ts";
import { Simulation } from "../../engine/simulation.ts";
import { fundUnits, fundValue, payHolders, tradeFund } from "../../engine/systems/economy/fund.ts";
import { thrift } from "../../engine/systems/economy/shopping.ts";
import { joinHousehold } from "../../engine/systems/population/household_moves.ts";
import type { SimWorld } from "../../engine/world.ts";
import { assertResumesIdentically, householdMoney, smallScenario } from "../_fixtures.ts";

const FUND = { economy: { ownership: { outside_share: 0.5 } } };

/** Row of the first household of one person that holds units of the fund. */
function onePersonHolder(world: SimWorld): number {
  const Hh = world.tables.households;
  for (let h = 0; h < Hh.length; h++) {
    if (Hh.col.size[h] === 1 && Hh.col.fund_units[h] > 0) return h;
  }
  assert.fail("no one-person household holds units");
}

/** What each household wants to hold in the fund by the portfolio rule, less what it holds. */
function orders(world: SimWorld): Float64Array {
  const hb = world.config.economy.households;
  const Hh = world.tables.households;
  const money = householdMoney(world);
  const nav = fundValue(world) / fundUnits(world);
  const phi = world.tables.macro.col.fund_target[0];
  let income = 0;
  for (let h = 0; h < Hh.length; h++) income += Hh.col.permanent_income[h] / Hh.length;
  const least = world.tables.macro.col.fund_threshold[0] * income;
  const out = new Float64Array(Hh.length);
  for (let h = 0; h < Hh.length; h++) {
    const t = Hh.col.thrift[h] || thrift(world.seed, Hh.ids[h], hb.thrift_sigma);
    const buffer = hb.buffer_months * 30 * t * Hh.col.permanent_income[h];
    const held = Hh.col.fund_units[h] * nav;
    const wanted = phi * Math.max(0, money[h] + held - buffer);
    out[h] = (wanted < least ? 0 : wanted) - held;
  }
  return out;
}

Deno.test("the fund opens with its share of every firm, and households' holdings are the portfolio rule's", () => {
  const sim = Simulation.create(smallScenario(3000, FUND));
  const w = sim.world;
  const F = w.tables.firms;
  for (let f = 0; f < F.length; f++) assert.equal(F.col.outside_share[f], 0.5);
  const value = fundValue(w);
  assert.ok(value > 0);
  // Units open at a net asset value of 1.
  assert.ok(Math.abs(fundUnits(w) - value) <= 1e-9 * value, `${fundUnits(w)} units, ${value}`);
  const phi = w.tables.macro.col.fund_target[0];
  assert.ok(phi > 0 && phi < 1, `portfolio share ${phi}`);
  // Nobody wants to trade at the start: each household holds what the rule asks of it.
  const o = orders(w);
  for (let h = 0; h < o.length; h++) {
    assert.ok(Math.abs(o[h]) <= 1e-9 * value, `household row ${h} would trade ${o[h]}`);
  }
  // The participation share holds units: those with the most money above their buffer.
  const Hh = w.tables.households;
  let holders = 0;
  for (let h = 0; h < o.length; h++) holders += +(Hh.col.fund_units[h] > 0);
  assert.equal(holders, Math.round(0.53 * Hh.length));
  const money = householdMoney(w);
  const hb = w.config.economy.households;
  const above = (h: number) =>
    money[h] - hb.buffer_months * 30 * Hh.col.thrift[h] * Hh.col.permanent_income[h];
  let least = Infinity;
  let most = -Infinity;
  for (let h = 0; h < o.length; h++) {
    if (Hh.col.fund_units[h] > 0) least = Math.min(least, above(h));
    else most = Math.max(most, above(h));
  }
  assert.ok(least >= most, `a holder with ${least} above its buffer, a non-holder with ${most}`);
  assert.ok(w.tables.macro.col.fund_threshold[0] > 0, "a least holding worth having");
});

Deno.test("a household whose holding falls below the least worth having offers all of it", () => {
  const sim = Simulation.create(smallScenario(3000, FUND));
  const w = sim.world;
  const days = w.config.ai.cadence.firm_days;
  sim.run(2 * days);
  const Hh = w.tables.households;
  const P = w.tables.persons;
  const h = onePersonHolder(w);
  const r = Array.from(P.col.household).indexOf(Hh.ids[h]);
  // Another household comes into money, so that buyers outnumber sellers and every sale is
  // served.
  const buyer = Array.from(P.col.household).indexOf(Hh.ids[h === 0 ? 1 : 0]);
  P.col.wealth[buyer] += fundValue(w);
  // The holder keeps a tenth of the least holding, and money above its buffer for which the
  // rule would want half the least: worth buying more of were it not for the cost of holding.
  const income = Hh.col.permanent_income.subarray(0, Hh.length).reduce((a, b) => a + b, 0) /
    Hh.length;
  const least = w.tables.macro.col.fund_threshold[0] * income;
  const phi = w.tables.macro.col.fund_target[0];
  Hh.col.fund_units[h] = (0.1 * least) / (fundValue(w) / fundUnits(w));
  const small = Hh.col.fund_units[h];
  const price = fundValue(w) / fundUnits(w); // fewer units: each is worth a little more
  const hb = w.config.economy.households;
  const buffer = hb.buffer_months * 30 * Hh.col.thrift[h] * Hh.col.permanent_income[h];
  const cash = buffer + (0.5 * least) / phi - small * price;
  P.col.wealth[r] = cash;
  tradeFund(w);
  assert.ok(Hh.col.fund_units[h] < 1e-9 * small, `${Hh.col.fund_units[h]} of ${small} units left`);
  const got = P.col.wealth[r] - cash;
  assert.ok(Math.abs(got - small * price) < 1e-6 * small * price, `${got} for ${small * price}`);
});

Deno.test("the fund's share of each dividend goes to unit holders in proportion to their units", () => {
  // Same seed with and without the fund: up to the first dividend day (tick firm_days) the
  // two worlds are the same, and that day's dividends differ only by how they are shared.
  const off = Simulation.create(
    smallScenario(3000, { economy: { ownership: { outside_share: 0 } } }),
  );
  const on = Simulation.create(smallScenario(3000, FUND));
  const days = on.world.config.ai.cadence.firm_days;
  const units = Float64Array.from(on.world.tables.households.col.fund_units);
  const total = units.reduce((a, b) => a + b, 0);
  off.run(days);
  on.run(days);
  const paid = on.world.kpis.values[on.world.kpis.indexOf("flow_dividends")];
  assert.ok(paid > 0, "dividends were paid");
  assert.equal(off.world.kpis.values[off.world.kpis.indexOf("flow_dividends")], paid);
  const Hh = on.world.tables.households;
  const owners = new Set(Array.from(on.world.tables.firms.col.owner));
  let checked = 0;
  for (let h = 0; h < Hh.length; h++) {
    const id = Hh.ids[h];
    assert.equal(off.world.tables.households.ids[h], id);
    if (owners.has(id)) continue;
    // A household without a firm gains its units' part of the fund's half of the dividends.
    const gain = Hh.col.income_today[h] - off.world.tables.households.col.income_today[h];
    const expected = (0.5 * paid * units[h]) / total;
    assert.ok(
      Math.abs(gain - expected) <= 1e-4 * Math.max(1, expected),
      `household ${id}: ${gain} against ${expected}`,
    );
    if (expected > 0) checked++;
  }
  assert.ok(checked > 50, `${checked} holders without a firm`);
});

Deno.test("payHolders shares an amount by units and hands out nothing when nobody holds any", () => {
  const sim = Simulation.create(smallScenario(3000, FUND));
  const w = sim.world;
  const Hh = w.tables.households;
  const due = new Float64Array(Hh.length);
  // Without banks there is no central bank to pay: households get all of it.
  assert.equal(payHolders(w, due, 1000), 0);
  const total = fundUnits(w);
  let sum = 0;
  for (let h = 0; h < Hh.length; h++) {
    assert.ok(Math.abs(due[h] - (1000 * Hh.col.fund_units[h]) / total) < 1e-9);
    sum += due[h];
  }
  assert.ok(Math.abs(sum - 1000) < 1e-6);
  Hh.col.fund_units.fill(0);
  due.fill(0);
  assert.equal(payHolders(w, due, 1000), 0);
  assert.ok(due.every((x) => x === 0));
});

Deno.test("the fund's market moves money and units between households and sells entrants' shares", () => {
  const sim = Simulation.create(smallScenario(3000, FUND));
  const w = sim.world;
  const days = w.config.ai.cadence.firm_days;
  sim.run(4 * days);
  const Hh = w.tables.households;
  const P = w.tables.persons;
  const F = w.tables.firms;
  // One household comes into money, far above its buffer; an entrant sells no share yet.
  const rich = Hh.ids[0];
  const member = Array.from(P.col.household).indexOf(rich);
  const windfall = 50 * (fundValue(w) / Hh.length);
  P.col.wealth[member] += windfall;
  F.col.outside_share[0] = 0;
  // A firm whose owning household is gone (everyone in it died without an heir) sells nothing.
  F.col.outside_share[1] = 0;
  F.col.owner[1] = NULL_REF;
  const moneyBefore = householdMoney(w).reduce((a, b) => a + b, 0);
  const unitsBefore = fundUnits(w);
  const richUnits = Hh.col.fund_units[0];
  const ownerRow = Hh.row(F.col.owner[0]);
  const ownerMoney = householdMoney(w)[ownerRow];
  const nav = fundValue(w) / unitsBefore;
  const paid = tradeFund(w);
  assert.ok(paid > 0, "households traded");
  // Money only changes hands.
  const moneyAfter = householdMoney(w).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(moneyAfter - moneyBefore) <= 1e-9 * moneyBefore, `${moneyAfter}`);
  for (let p = 0; p < P.length; p++) assert.ok(P.col.wealth[p] >= 0, `person row ${p}`);
  // The newcomer to wealth bought; the entrant sold the fund up to its share, and the units
  // issued for it are worth what the owner was paid.
  assert.ok(Hh.col.fund_units[0] > richUnits, "the household with the windfall bought units");
  assert.ok(F.col.outside_share[0] > 0, "the firm sold the fund a share");
  assert.equal(F.col.outside_share[1], 0, "the ownerless firm sold nothing");
  const issued = fundUnits(w) - unitsBefore;
  const ownerGot = householdMoney(w)[ownerRow] - ownerMoney;
  if (ownerRow !== 0) {
    assert.ok(issued > 0, "new units for the offering");
    assert.ok(ownerGot > 0, "the owner was paid");
  }
  // Units issued at the NAV for equity bought at book value leave the NAV as it was.
  const after = fundValue(w) / fundUnits(w);
  assert.ok(Math.abs(after - nav) <= 1e-9 * nav, `NAV ${after} after, ${nav} before`);
  // The rule's orders are (nearly) met by the day after: a second market trades far less.
  const second = tradeFund(w);
  assert.ok(second < 0.5 * paid, `a second market the same day trades ${second} after ${paid}`);
});

Deno.test("a household that dissolves passes its units of the fund to the one its last member joins", () => {
  const sim = Simulation.create(smallScenario(3000, FUND));
  const w = sim.world;
  const Hh = w.tables.households;
  const P = w.tables.persons;
  const h = onePersonHolder(w);
  const units = Hh.col.fund_units[h];
  const r = Array.from(P.col.household).indexOf(Hh.ids[h]);
  const to = Hh.ids[h === 0 ? 1 : 0];
  const before = Hh.col.fund_units[Hh.row(to)];
  const total = fundUnits(w);
  joinHousehold(w, r, to);
  assert.equal(Hh.row(P.col.household[r]), Hh.row(to));
  assert.ok(Math.abs(Hh.col.fund_units[Hh.row(to)] - (before + units)) < 1e-9 * total);
  assert.ok(Math.abs(fundUnits(w) - total) < 1e-9 * total);
});

Deno.test("with the fund, wealth is less concentrated than with every firm held by one household", () => {
  const gini = (overrides: Record<string, unknown>) => {
    const sim = Simulation.create(smallScenario(3000, overrides));
    sim.run(120);
    return sim.world.kpis.values[sim.world.kpis.indexOf("gini_wealth")];
  };
  const alone = gini({ economy: { ownership: { outside_share: 0 } } });
  const shared = gini(FUND);
  assert.ok(shared < alone - 0.1, `Gini ${shared} with the fund against ${alone} without`);
});

Deno.test("a run with the fund resumes byte-identically", async () => {
  await assertResumesIdentically(smallScenario(2000, FUND), ["households", "firms", "macro"]);
});
