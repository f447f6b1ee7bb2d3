import assert from "node:assert/strict";
import { InvariantError } from "../../engine/core/invariants.ts";
import { EVENTS, FLOW } from "../../engine/events.ts";
import { loadScenario } from "../../engine/scenario/load.ts";
import { changesBetween } from "../../analysis/changes.ts";
import { Simulation } from "../../engine/simulation.ts";
import { VerbError } from "../../engine/systems/economy/verbs.ts";
import { publicStaffShare } from "../../engine/systems/government/agencies.ts";
import { checkBudgets } from "../../engine/systems/government/checks.ts";
import { clearPayments } from "../../engine/systems/finance/accounts.ts";
import { ExitingLoans, grantLoan, settleExit } from "../../engine/systems/finance/lending.ts";
import { payBanksMonth } from "../../engine/systems/finance/payouts.ts";
import { LoanKind } from "../../engine/tables/loans.ts";
import {
  checkFinance,
  SECTORS,
  TFM_ROWS,
  transactionFlows,
} from "../../engine/systems/finance/checks.ts";
import {
  bracketBases,
  incomeTax,
  openBudgetDay,
  taxAndTransfer,
} from "../../engine/systems/government/transfers.ts";
import { endJob } from "../../engine/systems/economy/jobs.ts";
import { closingIds } from "../../engine/systems/economy/firm_dynamics.ts";
import { applyFiscalRule } from "../../engine/systems/government/rule.ts";
import { issueBonds, redeemBonds } from "../../engine/systems/government/bonds.ts";
import {
  investPublic,
  setEducation,
  setPublicInvestment,
  setPurchases,
  setTaxRate,
  setTransfers,
} from "../../engine/systems/government/verbs.ts";
import { shiftOdds } from "../../engine/systems/population/life_stage.ts";
import { BUDGET_ITEMS, ITEM } from "../../engine/tables/polities.ts";
import { Status } from "../../engine/tables/persons.ts";
import {
  assertResumesIdentically,
  problemsOf,
  smallScenario,
  smallScenarioWith,
  sumKpi,
} from "../_fixtures.ts";

type Tree = Record<string, unknown>;

const withGovernment = (persons?: number, overrides?: Tree) =>
  smallScenarioWith("government", persons, overrides);

/** Mean of KPI `name` over the next `days` days of `sim`. */
const meanKpi = (sim: Simulation, name: string, days: number) => sumKpi(sim, name, days) / days;

Deno.test("income tax: brackets tax each slice of a wage at its marginal rate", () => {
  const thr = [0, 10, 40];
  const rate = [0, 0.2, 0.5];
  const bases = new Float64Array(3);
  bracketBases(thr, rate, 0, 3, bases);
  assert.deepEqual([...bases], [0, 0, 0.2 * 30]);
  assert.equal(incomeTax(0, thr, rate, bases, 0, 3), 0);
  assert.equal(incomeTax(5, thr, rate, bases, 0, 3), 0);
  assert.equal(incomeTax(10, thr, rate, bases, 0, 3), 0);
  assert.equal(incomeTax(20, thr, rate, bases, 0, 3), 0.2 * 10);
  assert.equal(incomeTax(40, thr, rate, bases, 0, 3), 0.2 * 30);
  assert.equal(incomeTax(50, thr, rate, bases, 0, 3), 0.2 * 30 + 0.5 * 10);
  // The offset reads a polity's own schedule from a packed array.
  const packed = new Float64Array(6);
  bracketBases([9, 9, 9, ...thr], [9, 9, 9, ...rate], 3, 3, packed);
  assert.equal(incomeTax(50, [9, 9, 9, ...thr], [9, 9, 9, ...rate], packed, 3, 3), 11);
});

Deno.test("with a government, the budget identity holds every tick for a year and every item moves money", () => {
  const sim = Simulation.create(withGovernment(3000));
  const w = sim.world;
  const seen = new Float64Array(BUDGET_ITEMS.length);
  // Bookkeeping checks the identity and the money of every account at the end of each tick.
  sim.run(365, () => {
    for (const item of BUDGET_ITEMS) seen[ITEM[item]] += w.ledger.flows[FLOW[item]];
  });
  for (const item of BUDGET_ITEMS) {
    if (["interest", "public_dividends", "bank_support"].includes(item)) {
      assert.equal(seen[ITEM[item]], 0, `${item}: bonds and bank takeovers come with banks`);
    } else assert.ok(seen[ITEM[item]] > 0, `${item} moved money`);
  }
  // Without the standing order, once its backlog is bought, invest_public's order alone.
  setPublicInvestment(w, 0, 0);
  sim.run(31);
  const before = w.tables.polities.col.public_capital[0];
  investPublic(w, 0, 1000);
  sim.run(5);
  const bought = w.tables.polities.col.public_capital[0] - before;
  assert.ok(bought > 0 && bought <= 1000 + 1e-9, `invest_public buys capital goods: ${bought}`);
});

Deno.test("employers pay their social contributions on top of the wages: the item is the rate times the day's wages, and firms' wage bills carry it as a labour cost", () => {
  const sim = Simulation.create(withGovernment(3000));
  const w = sim.world;
  const F = w.tables.firms;
  const rate = w.tables.polities.col.employer_contribution_rate[0];
  assert.equal(rate, 0.232);
  sim.run(20);
  const day = () => {
    sim.run(1);
    const wages = w.ledger.flows[FLOW.wages];
    let bills = 0;
    for (let f = 0; f < F.length; f++) bills += F.col.wage_bill[f];
    return { wages, bills, charged: w.ledger.flows[FLOW.employer_contributions] };
  };
  for (let d = 0; d < 5; d++) {
    const { wages, bills, charged } = day();
    // The wage bills are f32 sums: equal to the wages paid to about 1e-6.
    assert.ok(Math.abs(charged - rate * wages) < 1e-5 * wages, `charged ${charged} on ${wages}`);
    assert.ok(Math.abs(bills - (1 + rate) * wages) < 1e-5 * wages, `bills ${bills}`);
  }
  setTaxRate(w, 0, "employer_contributions", 0);
  const { wages, bills, charged } = day();
  assert.equal(charged, 0);
  assert.ok(Math.abs(bills - wages) < 1e-5 * wages, `bills ${bills} without contributions`);
});

Deno.test("a government invests investment_share of its trend GDP a day in machines from the capital-goods makers, and the goods balance", () => {
  const sim = Simulation.create(withGovernment(3000));
  const w = sim.world;
  const pol = w.tables.polities.col;
  sim.run(60);
  const capital = pol.public_capital[0];
  let ordered = 0;
  let paid = 0;
  // Bookkeeping checks the money and the goods balance every tick.
  sim.run(90, () => {
    ordered += pol.investment_share[0] * pol.gdp_trend[0];
    paid += w.ledger.flows[FLOW.public_investment];
  });
  assert.equal(pol.investment_share[0], 0.033);
  // Bought at the makers' prices, the orders are met to within what waits for tomorrow.
  assert.ok(Math.abs(paid - ordered) < 0.05 * ordered, `paid ${paid} of ${ordered} ordered`);
  const added = pol.public_capital[0] - capital;
  assert.ok(Math.abs(added - paid) < 1e-9 * paid, `public capital +${added}, paid ${paid}`);
  // Set to 0, the standing order stops once the backlog is bought.
  setPublicInvestment(w, 0, 0);
  sim.run(10);
  let after = 0;
  sim.run(30, () => after += w.ledger.flows[FLOW.public_investment]);
  assert.equal(after, 0);
});

Deno.test("shiftOdds() moves a probability's log-odds and leaves 0, 1 and no shift alone", () => {
  assert.equal(shiftOdds(0.85, 0), 0.85);
  assert.ok(Math.abs(shiftOdds(0.5, Math.log(3)) - 0.75) < 1e-12);
  assert.ok(Math.abs(shiftOdds(0.4, -Math.log(2)) - 0.25) < 1e-12);
  assert.equal(shiftOdds(0, 5), 0);
  assert.equal(shiftOdds(1, -5), 1);
});

Deno.test("education spending: the schools the run starts with keep the scenario's rates, and four times as much sends more of each later cohort through school (same seed)", () => {
  const run = (share: number) => {
    const sim = Simulation.create(withGovernment(3000));
    const P = sim.world.tables.persons;
    // Those aged 15-17 at the start end secondary school during the run.
    const cohort = new Set<number>();
    for (let p = 0; p < P.length; p++) {
      if (P.col.age[p] >= 15 && P.col.age[p] < 18) cohort.add(P.ids[p]);
    }
    setEducation(sim.world, 0, share);
    const effort = sumKpi(sim, "education_effort", 1095) / 1095;
    const schooling = new Map<number, [number, number]>();
    for (let p = 0; p < P.length; p++) {
      if (!cohort.has(P.ids[p]) || P.col.age[p] < 19) continue;
      const tertiary = P.col.education[p] === 3 ||
        (P.col.education[p] === 2 && P.col.employment[p] === Status.student);
      schooling.set(P.ids[p], [P.col.education[p] >= 2 ? 1 : 0, tertiary ? 1 : 0]);
    }
    return { effort, schooling };
  };
  const base = run(0.045);
  const more = run(0.18);
  // Within 3%: the staff half of the spending loses the posts vacant between a leaver and a
  // hire.
  assert.ok(Math.abs(base.effort - 1) < 0.03, `effort at the start's spending: ${base.effort}`);
  // The effort is a 12-year exponential mean, so four times the spending, all of it spent from
  // the first day, would average 1.35 over these three years; the staff half is spent only as
  // teachers are hired through the labor market (measured 1.19 on 2026-12-02, 1.2-1.3 before
  // the start gave workers the careers of their best sector).
  assert.ok(more.effort > 1.1, `effort with four times the spending: ${more.effort}`);
  // The same persons (their school draws are keyed by id) in both runs.
  let secondary = [0, 0];
  let tertiary = [0, 0];
  for (const [id, [s, t]] of base.schooling) {
    const other = more.schooling.get(id);
    if (!other) continue;
    assert.ok(other[0] >= s && other[1] >= t, `person ${id} was not taught worse`);
    secondary = [secondary[0] + s, secondary[1] + other[0]];
    tertiary = [tertiary[0] + t, tertiary[1] + other[1]];
  }
  assert.ok(tertiary[1] > tertiary[0], `tertiary entrants ${tertiary[1]} vs ${tertiary[0]}`);
  assert.ok(secondary[1] >= secondary[0]);
});

Deno.test("firms see prices before VAT: a good's basic price is its consumer price over 1 + VAT", () => {
  const sim = Simulation.create(withGovernment(2000));
  sim.run(40);
  const gc = sim.world.tables.goods.col;
  const vat = sim.world.tables.polities.col.vat_rate[0];
  let consumerGoods = 0;
  for (let g = 0; g < sim.world.tables.goods.length; g++) {
    if (!(gc.consumed[g] > 0)) {
      assert.equal(gc.basic_price[g], gc.price[g], "unsold to households: the posted mean");
      continue;
    }
    consumerGoods++;
    const ratio = gc.price[g] / gc.basic_price[g];
    assert.ok(Math.abs(ratio - (1 + vat)) < 1e-9, `good ${g}: ${ratio} against 1 + ${vat}`);
  }
  assert.ok(consumerGoods >= 3);
  const off = Simulation.create(smallScenario(2000));
  off.run(40);
  assert.deepEqual(off.world.tables.goods.col.basic_price, off.world.tables.goods.col.price);
});

Deno.test("a budget that does not add up is caught, naming the polity or the item", () => {
  const sim = Simulation.create(withGovernment(2000));
  sim.run(30);
  const w = sim.world;
  checkBudgets(w);
  w.tables.polities.col.money[0] += 5;
  assert.throws(
    () => checkBudgets(w),
    (e: Error) =>
      e instanceof InvariantError && /budget of polity "state" does not add up/.test(e.message),
  );
  w.tables.polities.col.money[0] -= 5;
  w.ledger.flows[FLOW.pensions] += 1;
  assert.throws(
    () => checkBudgets(w),
    (e: Error) => e instanceof InvariantError && /budget item pensions/.test(e.message),
  );
});

Deno.test("taxes and transfers: every household of retirees has an income, and disposable income is more equal than market income", () => {
  const sim = Simulation.create(withGovernment(3000));
  sim.run(180);
  const w = sim.world;
  const P = w.tables.persons;
  const Hh = w.tables.households;
  const retired = new Int32Array(Hh.length);
  for (let p = 0; p < P.length; p++) {
    if (P.col.employment[p] === Status.retired) retired[Hh.rowOf[P.col.household[p]]]++;
  }
  let retireeHouseholds = 0;
  for (let h = 0; h < Hh.length; h++) {
    if (retired[h] !== Hh.col.size[h]) continue;
    retireeHouseholds++;
    assert.ok(Hh.col.permanent_income[h] > 0, `household ${Hh.ids[h]} of retirees has an income`);
  }
  assert.ok(retireeHouseholds > 20, `${retireeHouseholds} households of retirees`);
  const k = w.kpis;
  const market = k.values[k.indexOf("gini_market_income")];
  const disposable = k.values[k.indexOf("gini_income")];
  assert.ok(disposable < market - 0.05, `disposable ${disposable} vs market ${market}`);
  assert.ok(disposable > 0.2 && disposable < 0.45, `disposable-income Gini ${disposable}`);
  assert.ok(k.values[k.indexOf("households_without_income")] < 0.01);
});

Deno.test("a cut in the income tax raises disposable income by what it gives back, and consumption follows (same seeds)", () => {
  // The income tax halved from day 120, against the same seed without the cut. Over days 31-90
  // after the cut households' disposable income (pay net of taxes, transfers, dividends:
  // `income_today`) rises by about the tax given back, the mechanical pass-through; over days
  // 91-180 consumption rises by a share of that: households spend out of permanent income, which
  // follows income at 1% a day (the MPC out of persistent income changes is 0.5-1 in the data,
  // Jappelli & Pistaferri 2010, Annu. Rev. Econ. 2:479). On 3,000 persons that share is a noisy
  // measure: 0.17-0.49 by seed over seeds 1-12 (2026-12-07, mean 0.34), and the code before that
  // day gave 0.27, 0.29, 0.32 and 0.29 on seeds 7, 1, 2 and 3 with its own stream of the
  // government's seller draws but 0.23, 0.25, 0.19 and 0.41 with another. The pass-through varies
  // too (0.97-1.15 on those four seeds then, 1.03-1.32 with public purchases in lots: the extra
  // spending comes back as wages and dividends). So the test asks for both on the mean of four
  // seeds.
  const run = (seed: number, scale: number) => {
    const sim = Simulation.create(withGovernment(3000, { random_seed: seed }));
    sim.run(120);
    setTaxRate(sim.world, 0, "income", scale);
    const k = sim.world.kpis;
    const tax = k.indexOf("flow_income_tax");
    const purchases = k.indexOf("flow_purchases");
    const Hh = sim.world.tables.households;
    let day = 0;
    const out = { income: 0, tax: 0, spending: 0 };
    sim.run(180, () => {
      day++;
      if (day > 30 && day <= 90) {
        for (let h = 0; h < Hh.length; h++) out.income += Hh.col.income_today[h];
        out.tax += k.values[tax];
      }
      if (day > 90) out.spending += k.values[purchases];
    });
    return out;
  };
  const passThrough: number[] = [];
  const shares: number[] = [];
  for (const seed of [7, 1, 2, 3]) {
    const base = run(seed, 1);
    const cut = run(seed, 0.5);
    const givenBack = base.tax - cut.tax;
    assert.ok(
      givenBack > 0.4 * base.tax,
      `seed ${seed}: tax ${cut.tax} after the cut, ${base.tax}`,
    );
    passThrough.push((cut.income - base.income) / givenBack);
    shares.push(((cut.spending - base.spending) / 90) / ((cut.income - base.income) / 60));
  }
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
  assert.ok(
    mean(passThrough) > 0.8 && mean(passThrough) < 1.3,
    `disposable income rose by ${passThrough.join(", ")} of the tax given back`,
  );
  assert.ok(mean(shares) > 0.25, `consumption rose by ${shares.join(", ")} of the extra income`);
});

Deno.test("with unemployment benefits, a demand shock lowers consumption less than without (same seed)", () => {
  // Households' propensity to spend falls by a fifth for half a year from day 120; consumption
  // over that half year relative to the same economy without the shock, with and without
  // benefits.
  const shocks = [{
    at: 120,
    parameter: "economy.households.consume_income",
    op: "scale",
    value: 0.8,
    duration: 180,
  }];
  const consumption = (replacement: number, shocked: boolean) => {
    const sim = Simulation.create(
      withGovernment(3000, {
        government: { unemployment_replacement: replacement },
        shocks: shocked ? shocks : [],
      }),
    );
    sim.run(120);
    return meanKpi(sim, "flow_purchases", 180);
  };
  const withBenefits = consumption(0.55, true) / consumption(0.55, false);
  const without = consumption(0, true) / consumption(0, false);
  assert.ok(withBenefits < 1 && without < 1, `${withBenefits}, ${without}`);
  assert.ok(withBenefits > without, `with benefits ${withBenefits} vs without ${without}`);
});

Deno.test("two polities keep separate budgets and their own tax rates", () => {
  const cfg = withGovernment(3000, {
    government: {
      polities: [
        { name: "west", x: [0, 19] },
        { name: "east", x: [20, 4095], vat_rate: 0.02, income_tax_scale: 1.5 },
      ],
    },
  });
  const sim = Simulation.create(cfg);
  sim.run(120);
  const w = sim.world;
  const Pol = w.tables.polities;
  const pol = Pol.col;
  assert.equal(Pol.length, 2);
  assert.deepEqual([pol.vat_rate[0], pol.vat_rate[1]], [0.107, 0.02]);
  const T = w.tables.tiles;
  for (let t = 0; t < T.length; t++) {
    assert.equal(T.col.polity[t], Pol.ids[T.col.x[t] < 20 ? 0 : 1]);
  }
  const W = Pol.widths.flows;
  for (let q = 0; q < 2; q++) {
    assert.ok(pol.persons[q] > 0, `polity ${q} has residents`);
    assert.ok(pol.flows[q * W + ITEM.income_tax] > 0, `polity ${q} collects income tax`);
  }
  // Each polity's VAT over its firms' sales at posted prices is its own rate.
  const vatShare = (q: number) => pol.flows[q * W + ITEM.vat] / pol.gdp_today[q];
  assert.ok(vatShare(0) > 2 * vatShare(1), `VAT per GDP ${vatShare(0)} vs ${vatShare(1)}`);
  checkBudgets(w);
});

Deno.test("scenarios/two_polities.yaml is tiny_island with two governments, their own levers, and the labor flows and public jobs' value estimated with a government", async () => {
  const cfg = await loadScenario("two_polities");
  assert.equal(cfg.systems.government, true);
  assert.deepEqual(cfg.government.polities.map((p) => p.name), ["west", "east"]);
  assert.equal(cfg.government.polities[1].vat_rate, 0.06);
  // Banks as tiny_island runs them; only the government, the labor flows and the value of a
  // public job differ (scenarios/calibrations/labor_flows_government.yaml).
  const changes = changesBetween(await loadScenario("tiny_island"), cfg);
  delete changes["government.polities"];
  assert.deepEqual(changes, {
    "systems.government": true,
    "economy.labor.matching_efficiency": 0.68,
    "economy.labor.discharge_rate": 0.00037,
    "economy.labor.on_the_job_search": 0.28,
    "government.public_employment.job_value": 0.49,
  });
});

Deno.test("the fiscal rule cuts purchases when the budget runs a deficit, and debt stays bounded", () => {
  // Purchases of 35% of GDP run a deficit; a rule that aims at balance with no debt cuts them.
  const sim = Simulation.create(
    withGovernment(3000, {
      government: { purchases_share: 0.35, fiscal_rule: { debt_target: 0, deficit_target: 0 } },
    }),
  );
  const pol = sim.world.tables.polities.col;
  const k = sim.world.kpis;
  sim.run(90);
  assert.ok(k.values[k.indexOf("gov_balance_gdp")] < 0, "a deficit at first");
  sim.run(275);
  assert.ok(pol.purchases_share[0] < 0.33, `purchases ${pol.purchases_share[0]}`);
  // The deficit is borrowed until purchases are down; then debt/GDP turns down again.
  let worst = 0;
  sim.run(2 * 365, () => worst = Math.max(worst, k.values[k.indexOf("gov_debt_gdp")]));
  const last = k.values[k.indexOf("gov_debt_gdp")];
  assert.ok(worst < 0.2, `debt/GDP reached ${worst}`);
  assert.ok(last < worst, `debt/GDP ${last} after a peak of ${worst}`);
});

Deno.test("the fiscal rule closes its gap at the pace of a yearly budget: a monthly decision moves 30/365 of what a yearly one does", () => {
  // A rule that decides only at the start; then, from the state of day 120, one decision at
  // a yearly and one at a monthly cadence (max_step out of the way).
  const sim = Simulation.create(
    withGovernment(3000, {
      ai: { cadence: { government_days: 3650 } },
      government: { purchases_share: 0.3, fiscal_rule: { max_step: 1 } },
    }),
  );
  sim.run(120);
  const world = sim.world;
  const pol = world.tables.polities.col;
  const before = pol.purchases_share[0];
  const change = (days: number) => {
    world.config.ai.cadence.government_days = days;
    applyFiscalRule(world);
    const moved = pol.purchases_share[0] - before;
    setPurchases(world, world.tables.polities.ids[0], before);
    return moved;
  };
  const yearly = change(365);
  const monthly = change(30);
  assert.ok(yearly < -0.005, `purchases of 30% run a deficit the rule cuts: ${yearly}`);
  assert.ok(
    Math.abs(monthly - (30 / 365) * yearly) < 1e-12,
    `monthly ${monthly} against ${(30 / 365) * yearly}`,
  );
});

Deno.test("government verbs check their bounds and say why", () => {
  const sim = Simulation.create(withGovernment(2000));
  sim.run(5);
  const w = sim.world;
  const refuses = (f: () => void, re: RegExp) =>
    assert.throws(f, (e: Error) => e instanceof VerbError && re.test(e.message), String(re));
  refuses(() => setTaxRate(w, 7, "vat", 0.1), /polity 7 does not exist/);
  refuses(() => setTaxRate(w, 0, "vat", 1.5), /vat 1.5 must be a number in \[0, 1\]/);
  refuses(() => setTaxRate(w, 0, "wealth" as never, 0.1), /unknown tax "wealth"/);
  refuses(() => setTransfers(w, 0, "pension_replacement", -1), /must be a number/);
  refuses(() => setPurchases(w, 0, Number.NaN), /share NaN/);
  refuses(() => investPublic(w, 0, -1), /amount -1/);
  refuses(() => setEducation(w, 0, 2), /set_education: polity 0: share 2/);
  refuses(() => setPublicInvestment(w, 0, -0.1), /set_public_investment: polity 0: share -0.1/);
  setTaxRate(w, 0, "vat", 0.1);
  setTransfers(w, 0, "unemployment_days", 90);
  assert.equal(w.tables.polities.col.vat_rate[0], 0.1);
  assert.equal(w.tables.polities.col.unemployment_days[0], 90);
  const off = Simulation.create(smallScenario(2000));
  refuses(() => setTaxRate(off.world, 0, "vat", 0.1), /no government/);
});

Deno.test("polities that overlap or leave tiles out, and public work in no sector, are refused, with the path", () => {
  const base =
    "name: x\nsystems: { government: true }\nspatial: { width_tiles: 24, height_tiles: 16 }\n";
  const problems = (yaml: string) => problemsOf(base + yaml).map((p) => `${p.path}: ${p.message}`);
  assert.match(
    problems(
      "government:\n  polities:\n    - { name: a, x: [0, 12] }\n    - { name: b, x: [10, 23] }\n",
    )
      .join("\n"),
    /government\.polities\.1: polity "b" overlaps polity "a"/,
  );
  assert.match(
    problems("government:\n  polities:\n    - { name: a, x: [0, 12] }\n").join("\n"),
    /cover 208 of the 384 tiles/,
  );
  assert.match(
    problems("government:\n  income_tax: [{ above: 1, rate: 0.1 }, { above: 0.5, rate: 0.2 }]\n")
      .join("\n"),
    /government\.income_tax\.1\.above: brackets must rise/,
  );
  assert.match(
    problems("government: { public_employment: { sector: mining } }\n").join("\n"),
    /government\.public_employment\.sector: unknown sector "mining"; sectors are agri/,
  );
});

Deno.test("a run with a government resumed from a snapshot is byte-identical to an uninterrupted run", async () => {
  const cfg = withGovernment(2000, { ai: { cadence: { government_days: 20 } } });
  await assertResumesIdentically(cfg, ["polities", "agencies"]);
});

Deno.test("public employment: agencies start with the staff their budgets pay, hire through the labor market and pay from the government's account, and their pay is GDP", () => {
  const cfg = withGovernment(3000);
  const sim = Simulation.create(cfg);
  const w = sim.world;
  const P = w.tables.persons;
  const A = w.tables.agencies;
  const employedAt = (pub: boolean) => {
    let n = 0;
    for (let p = 0; p < P.length; p++) {
      if (P.col.employment[p] === Status.employed && (P.col.agency[p] >= 0) === pub) n++;
    }
    return n;
  };
  const staff0 = employedAt(true);
  const share0 = staff0 / (staff0 + employedAt(false));
  assert.ok(
    Math.abs(share0 - publicStaffShare(cfg)) < 0.01,
    `public share at the start ${share0} against ${publicStaffShare(cfg)}`,
  );
  // Both services, in every inhabited district.
  assert.ok(A.length >= 2 && A.col.service.includes(0) && A.col.service.includes(1));
  const before = new Set<number>();
  for (let p = 0; p < P.length; p++) if (P.col.agency[p] >= 0) before.add(P.ids[p]);
  let pay = 0;
  let gdpGap = 0;
  sim.run(180, () => {
    const day = w.ledger.flows[FLOW.public_employment];
    pay += day;
    // The GDP KPI includes the day's public pay (general and education staff).
    let staffPay = 0;
    for (let a = 0; a < A.length; a++) staffPay += A.col.wage_bill[a];
    let market = 0;
    const gc = w.tables.goods.col;
    for (let g = 0; g < w.tables.goods.length; g++) {
      market += gc.price[g] * (gc.produced[g] - gc.intermediate[g]);
    }
    gdpGap = Math.max(
      gdpGap,
      Math.abs(w.kpis.values[w.kpis.indexOf("gdp_nominal")] - market - staffPay),
    );
  });
  assert.ok(pay > 0, "the general staff were paid from the budget");
  assert.ok(gdpGap < 1e-6, `GDP = market value added + public pay (gap ${gdpGap})`);
  let hired = 0;
  for (let p = 0; p < P.length; p++) {
    if (P.col.agency[p] >= 0 && !before.has(P.ids[p])) hired++;
  }
  assert.ok(hired > 0, "agencies hired in the labor market");
  // Staff and vacancies stay within the budget: posts are opened only for what it leaves.
  for (let a = 0; a < A.length; a++) {
    const post = A.col.employees[a] > 0 ? A.col.wage_bill[a] / A.col.employees[a] : 0;
    assert.ok(
      A.col.vacancies[a] * post <= A.col.budget[a] * 1.01 + post,
      `agency ${A.ids[a]}: ${A.col.vacancies[a]} vacancies within its budget`,
    );
  }
});

Deno.test("public employment: a cut in public purchases shrinks the public staff, and its pay with it (same seed)", () => {
  const staffAfter = (share: number) => {
    const sim = Simulation.create(withGovernment(3000));
    setPurchases(sim.world, 0, share);
    const pay = sumKpi(sim, "flow_public_employment", 120);
    return { staff: meanKpi(sim, "public_employees", 30), pay };
  };
  const kept = staffAfter(0.135);
  const cut = staffAfter(0.07);
  assert.ok(cut.staff < 0.8 * kept.staff, `staff ${cut.staff} against ${kept.staff}`);
  assert.ok(cut.pay < kept.pay, `pay ${cut.pay} against ${kept.pay}`);
});

Deno.test("public employment: a value of public jobs beyond pay keeps public employees in them and fills the agencies' posts (same seed)", () => {
  // 3,000 persons, 180 days after the settling days, vacancies drawn by post. With a job value of
  // 0.3 log points every agency offer is worth that much more, and an employee leaves a public
  // job for another only for that much more: public separations (the KPI, counted in the labor
  // market) fall, and the agencies keep more staff.
  const run = (jobValue: number) => {
    const sim = Simulation.create(withGovernment(3000, {
      government: { public_employment: { job_value: jobValue } },
    }));
    // Separations and staff over the same 180 days: separations per public employee-month.
    const k = sim.world.kpis;
    const [leaving, heads] = [k.indexOf("public_separations"), k.indexOf("public_employees")];
    let left = 0;
    let staffDays = 0;
    sim.run(180, () => {
      left += k.values[leaving];
      staffDays += k.values[heads];
    });
    const perMonth = (left / staffDays) * (365 / 12);
    return { left, staff: staffDays / 180, perMonth };
  };
  const worth = run(0);
  const valued = run(0.3);
  assert.ok(worth.left > 0, "public employees leave");
  assert.ok(
    valued.perMonth < 0.7 * worth.perMonth,
    `public separations ${valued.perMonth} a month against ${worth.perMonth}`,
  );
  assert.ok(valued.staff > worth.staff, `staff ${valued.staff} against ${worth.staff}`);
});

const withBanks = (persons = 3000, bonds: Tree = {}) =>
  withGovernment(persons, {
    finance: { enable_banks: true, simulate_banks: true },
    government: { bonds },
  });

Deno.test("with banks, the government sells bonds to the banks, pays interest on them, and every stock-flow identity, its column of the flow matrix included, holds every tick for a year", () => {
  const sim = Simulation.create(withBanks());
  const w = sim.world;
  let interest = 0;
  let tfmChecked = 0;
  // Bookkeeping checks the budget identity, the banks' and central bank's balance sheets, the
  // bond books and every row and column of the transaction-flow matrix each tick.
  sim.run(365, () => {
    interest += w.ledger.flows[FLOW.interest];
    const m = transactionFlows(w);
    const G = SECTORS.indexOf("government");
    let tax = 0;
    for (const item of ["income_tax", "social_contributions", "vat", "profit_tax"]) {
      tax += m[TFM_ROWS.indexOf(item as typeof TFM_ROWS[number]) * SECTORS.length + G];
    }
    assert.ok(tax > 0, "the government's column receives taxes");
    tfmChecked++;
  });
  assert.equal(tfmChecked, 365);
  const pol = w.tables.polities.col;
  const bc = w.tables.banks.col;
  let held = 0;
  for (let b = 0; b < w.tables.banks.length; b++) held += bc.bonds[b];
  assert.ok(pol.debt[0] > 0, "the government borrowed");
  assert.ok(Math.abs(held - pol.debt[0]) <= 1e-9 * pol.debt[0], "banks hold all of its bonds");
  assert.equal(w.tables.central_bank.col.gov_bonds[0], 0, "no monetary financing by default");
  assert.ok(interest > 0, "interest was paid on the bonds");
  // The average coupon follows the policy rate plus the term premium, lagged by the maturity.
  const Bo = w.tables.bonds.col;
  const rate = w.tables.central_bank.col.policy_rate[0] + 0.01;
  for (let r = 0; r < w.tables.bonds.length; r++) {
    assert.ok(
      Bo.coupon[r] >= 0 && Bo.coupon[r] < Math.max(0.5, 2 * rate),
      `coupon ${Bo.coupon[r]}`,
    );
  }
});

Deno.test("with banks, the central bank buys its share of each issue, and the ledger counts it as money created", () => {
  const sim = Simulation.create(withBanks(2000, { central_bank_share: 0.4 }));
  sim.run(120);
  const w = sim.world;
  const cb = w.tables.central_bank.col;
  const debt = w.tables.polities.col.debt[0];
  assert.ok(
    cb.gov_bonds[0] > 0.2 * debt && cb.gov_bonds[0] < 0.6 * debt,
    `${cb.gov_bonds[0]} of ${debt}`,
  );
  assert.ok(cb.gov_financed[0] > 0);
});

Deno.test("a bank's bonds or the treasury account that differ from the bond books and the governments' money are caught", () => {
  const sim = Simulation.create(withBanks(2000));
  sim.run(40);
  const w = sim.world;
  w.ledger.beginTick();
  checkFinance(w); // a quiet moment: every identity holds
  w.tables.banks.col.bonds[0] += 1000;
  w.tables.banks.col.equity[0] += 1000;
  assert.throws(() => checkFinance(w), /bank \d+: bonds on its books .* differ from its holdings/);
  w.tables.banks.col.bonds[0] -= 1000;
  w.tables.banks.col.equity[0] -= 1000;
  w.tables.polities.col.money[0] += 1000;
  assert.throws(
    () => checkFinance(w),
    /central bank: the treasury accounts on its books .* differ from the governments' money/,
  );
  w.tables.polities.col.money[0] -= 1000;
  w.ledger.flows[FLOW.interest] += 1000; // government -> banks, but no money moved
  assert.throws(() => checkFinance(w), /column banks sums to 1000, not 0: interest 1000/);
});

Deno.test("a government that redeems all its bonds owes exactly nothing, whatever the rounding of the issues", () => {
  const sim = Simulation.create(withBanks(2000, { central_bank_share: 0.3 }));
  sim.run(40);
  const w = sim.world;
  const pol = w.tables.polities.col;
  const d0 = pol.debt[0];
  assert.ok(d0 > 0, "the government borrowed");
  // Issues of odd sizes, sold to the central bank and to each bank in proportion to its
  // deposits: the debt is their running sum, the holdings each their own.
  for (const k of [3, 7, 11, 13, 17, 19, 23]) issueBonds(w, 0, (1.7 * d0) / k);
  redeemBonds(w, 0, pol.debt[0]);
  assert.equal(pol.debt[0], 0);
  const Bo = w.tables.bonds.col;
  for (let r = 0; r < w.tables.bonds.length; r++) assert.equal(Bo.principal[r], 0);
  w.ledger.beginTick();
  checkFinance(w); // the bond books: a debt of 0 against no bonds outstanding
});

Deno.test("a bank short of reserves for the bonds it buys ends with exactly none, whatever the rounding", () => {
  const sim = Simulation.create(withBanks(2000, { central_bank_share: 0 }));
  sim.run(40);
  const w = sim.world;
  const bc = w.tables.banks.col;
  const last = w.tables.banks.length - 1;
  // Every bank but the last without deposits, so the last buys the whole issue; its reserves and
  // the price are a pair for which r + (x - r) - x is -9.1e-13 in floating point.
  const deposits = Float64Array.from(bc.deposits);
  for (let b = 0; b < last; b++) bc.deposits[b] = 0;
  const r = 64.54743786916742;
  const x = 6492.311535175409;
  assert.ok(r + (x - r) - x < 0, "the pair rounds below zero");
  bc.reserves[last] = r;
  const advances = bc.advances[last];
  issueBonds(w, 0, x);
  assert.equal(bc.reserves[last], 0);
  assert.equal(bc.advances[last], advances + (x - r));
  bc.deposits.set(deposits);
});

Deno.test("a run with a government and banks resumed from a snapshot is byte-identical to an uninterrupted run", async () => {
  const cfg = withBanks(2000);
  await assertResumesIdentically(cfg, ["polities", "bonds", "banks", "central_bank"]);
});

Deno.test("with banks and a government, a failed bank is taken over: the governments pay in its new equity, own it and receive its dividends", () => {
  const sim = Simulation.create(withBanks(2000));
  sim.run(40);
  const w = sim.world;
  w.ledger.beginTick();
  const F = w.tables.firms;
  let f = 0;
  while (!(F.col.capacity[f] > 0 && F.col.employees[f] > 0)) f++;
  const bank = w.tables.banks.rowOf[F.col.bank[f]];
  const bc = w.tables.banks.col;
  // A loan larger than the bank's equity, and a default on it.
  grantLoan(w, f, 2 * bc.equity[bank] + 1e5, LoanKind.term, 0.06);
  const cash = F.col.cash[f];
  F.col.cash[f] = 0;
  w.tables.persons.col.wealth[0] += cash;
  w.ledger.flows[FLOW.liquidation] += cash;
  clearPayments(w);
  const gone = new Uint8Array(F.length);
  gone[f] = 1;
  settleExit(w, f, new ExitingLoans().find(w, closingIds(w, gone)));
  assert.ok(bc.equity[bank] < 0, "the bank failed");
  const money = w.tables.polities.col.money[0];
  const events = w.events.log.length;
  payBanksMonth(w);
  assert.equal(bc.public_stake[bank], 1, "the governments own it");
  // Recapitalised to the capital target on its (remaining) loans.
  const target = w.config.finance.banks.capital_target * bc.loans[bank];
  assert.ok(bc.equity[bank] >= target - 1e-6, `equity ${bc.equity[bank]}, target ${target}`);
  const support = w.ledger.flows[FLOW.bank_support];
  assert.ok(support > 0 && Math.abs(w.tables.polities.col.money[0] - (money - support)) < 1e-6);
  let resolved = 0;
  for (let i = events; i < w.events.log.length; i++) {
    if (w.events.log.kind[i] !== EVENTS.code.bank_resolved) continue;
    assert.equal(w.events.log.object[i], w.tables.polities.ids[0]);
    resolved++;
  }
  assert.equal(resolved, 1);
  checkFinance(w); // the support row balances the government's and the banks' columns
  let dividends = 0;
  sim.run(360, () => dividends += w.ledger.flows[FLOW.public_dividends]);
  assert.ok(dividends > 0, "the public bank's dividends reach the governments");
});

Deno.test("benefit recipients find jobs more slowly, and without benefits the response changes nothing (same seed)", () => {
  const unemployment = (semi: number, days = 365) => {
    const sim = Simulation.create(withGovernment(3000, {
      economy: { labor: { benefit_semi_elasticity: semi } },
      government: { unemployment_days: days },
    }));
    sim.run(120);
    return meanKpi(sim, "unemployment_rate", 245);
  };
  const slow = unemployment(0.9);
  const none = unemployment(0);
  assert.ok(slow > 1.05 * none, `unemployment ${slow} with the response, ${none} without`);
  // Nobody draws benefits: the response has nobody to act on.
  assert.equal(unemployment(0.9, 0), unemployment(0, 0));
});

Deno.test("a layoff entitles to unemployment benefits, a quit does not", () => {
  const sim = Simulation.create(withGovernment(2000));
  sim.run(60);
  const w = sim.world;
  const P = w.tables.persons;
  const pc = P.col;
  const staff: number[] = [];
  for (let p = 0; p < P.length && staff.length < 2; p++) {
    if (pc.employment[p] === Status.employed && pc.agency[p] < 0 && pc.age[p] >= 18) staff.push(p);
  }
  const [laid, quit] = staff;
  endJob(w, laid, w.tables.firms.rowOf[pc.employer[laid]], true);
  endJob(w, quit, w.tables.firms.rowOf[pc.employer[quit]], false);
  const before = [pc.wealth[laid], pc.wealth[quit]];
  openBudgetDay(w);
  taxAndTransfer(w);
  const replacement = w.tables.polities.col.unemployment_replacement[0];
  assert.ok(Math.abs(pc.wealth[laid] - before[0] - replacement * pc.last_wage[laid]) < 1e-6);
  assert.ok(pc.last_wage[quit] > 0);
  assert.equal(pc.wealth[quit], before[1], "a quit draws no benefit");
});
