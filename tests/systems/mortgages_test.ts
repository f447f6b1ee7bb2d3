import assert from "node:assert/strict";
import { Simulation } from "../../engine/simulation.ts";
import { passDwelling } from "../../engine/systems/economy/housing.ts";
import { householdDebt, mortgagesOn } from "../../engine/systems/finance/mortgages.ts";
import { loadScenario } from "../../engine/scenario/load.ts";
import { withChanges } from "../../analysis/changes.ts";
import { FLOW } from "../../engine/events.ts";
import { assertResumesIdentically, smallScenario, ticksToHousingDay } from "../_fixtures.ts";

const MORTGAGES = {
  economy: { housing: { enabled: true } },
  finance: { enable_banks: true, simulate_banks: true, mortgages: { loan_to_value: 0.8 } },
};

Deno.test("banks open holding the mortgages the financing rule keeps, at their capital aim", () => {
  const sim = Simulation.create(smallScenario(2000, MORTGAGES));
  const w = sim.world;
  const Hh = w.tables.households;
  const m = w.config.finance.mortgages;
  const share = m.loan_to_value * w.config.economy.housing.depreciation * m.maturity_years;
  const price = w.tables.macro.col.house_price[0];
  for (let h = 0; h < Hh.length; h++) {
    const want = share * Hh.col.dwelling[h] * price;
    assert.ok(Math.abs(Hh.col.mortgage[h] - want) <= 1e-9 * want, `household row ${h}`);
  }
  const bc = w.tables.banks.col;
  for (let b = 0; b < w.tables.banks.length; b++) {
    const ratio = bc.equity[b] / bc.loans[b];
    assert.ok(ratio >= w.config.finance.banks.capital_aim - 1e-12, `bank row ${b}: ${ratio}`);
  }
  // Mortgages are most of the opening book (40% of the dwellings' value, which is more than a
  // year of income), the firms' loans the rest.
  const debt = householdDebt(w);
  const cb = w.tables.central_bank.col;
  assert.ok(debt > 0.5 * cb.loans_initial[0] && debt < cb.loans_initial[0]);
});

Deno.test("mortgages are drawn with purchases, serviced monthly and balance the books every tick", () => {
  const sim = Simulation.create(smallScenario(2000, MORTGAGES));
  const w = sim.world;
  const cb = w.tables.central_bank.col;
  const repaid = cb.repaid[0];
  let interest = 0;
  // Bookkeeping checks the transaction-flow and balance-sheet matrices, households' mortgages
  // included, every tick, and throws naming the item on a violation.
  sim.run(120, () => interest += w.ledger.flows[FLOW.mortgage_interest]);
  assert.ok(interest > 0, "households paid interest");
  assert.ok(cb.repaid[0] > repaid, "principal was repaid");
  const k = w.kpis;
  assert.ok(k.values[k.indexOf("mortgage_debt")] > 0);
  const rate = k.values[k.indexOf("mortgage_rate_mean")];
  assert.ok(rate > 0.03 && rate < 0.2, `mortgage rate ${rate}`);
});

Deno.test("a household that misses its payments sells what its mortgage is worth of its dwelling", () => {
  const sim = Simulation.create(smallScenario(2000, MORTGAGES));
  const w = sim.world;
  const Hh = w.tables.households;
  const P = w.tables.persons;
  const h = 3;
  const id = Hh.ids[h];
  sim.run(ticksToHousingDay(w, h));
  const r = Hh.row(id);
  assert.ok(Hh.col.mortgage[r] > 0);
  // Its money moves to another household (a transfer inside the sector: the books still
  // balance), so it cannot pay; two months are missed already.
  let other = -1;
  for (let p = 0; p < P.length && other < 0; p++) if (P.col.household[p] !== id) other = p;
  for (let p = 0; p < P.length; p++) {
    if (P.col.household[p] !== id) continue;
    P.col.wealth[other] += P.col.wealth[p];
    P.col.wealth[p] = 0;
  }
  Hh.col.arrears[r] = w.config.finance.mortgages.default_months - 1;
  const owed = Hh.col.mortgage[r];
  const held = Hh.col.dwelling[r];
  sim.run(1);
  const after = Hh.row(id);
  // The sale repays the bank: its debt falls, and so does its dwelling, by at most what the
  // debt was worth at the market price.
  assert.ok(Hh.col.mortgage[after] < owed, `${owed} -> ${Hh.col.mortgage[after]}`);
  assert.ok(Hh.col.dwelling[after] < held);
  const price = w.tables.macro.col.house_price[0];
  assert.ok(held - Hh.col.dwelling[after] <= 1.05 * owed / price + 0.01 * held);
});

Deno.test("a dissolving household's mortgage passes with its dwelling to an heir at another bank", () => {
  const sim = Simulation.create(smallScenario(2000, MORTGAGES));
  const w = sim.world;
  const Hh = w.tables.households;
  const hc = Hh.col;
  let a = -1;
  let b = -1;
  for (let h = 1; h < Hh.length && b < 0; h++) {
    if (hc.bank[h] !== hc.bank[0] && hc.mortgage[h] > 0) [a, b] = [0, h];
  }
  assert.ok(b > 0, "two households at different banks");
  hc.mortgage_rate[a] = 0.03; // so that the heir's rate visibly becomes the mean of the two
  const owed = hc.mortgage[a] + hc.mortgage[b];
  const rate = (hc.mortgage[a] * 0.03 + hc.mortgage[b] * hc.mortgage_rate[b]) / owed;
  const dwelling = hc.dwelling[a] + hc.dwelling[b];
  passDwelling(w, a, b);
  assert.equal(hc.mortgage[a], 0);
  assert.equal(hc.dwelling[a], 0);
  assert.ok(Math.abs(hc.mortgage[b] - owed) <= 1e-9 * owed);
  assert.ok(Math.abs(hc.mortgage_rate[b] - rate) <= 1e-12);
  assert.ok(Math.abs(hc.dwelling[b] - dwelling) <= 1e-9 * dwelling);
  // The heir's bank bought the loan for reserves: each bank's loans are still its contracts
  // and its households' mortgages (and bookkeeping, which checks every identity, passes a day).
  const Bk = w.tables.banks;
  const books = new Float64Array(Bk.length);
  const L = w.tables.loans;
  for (let l = 0; l < L.length; l++) books[Bk.row(L.col.bank[l])] += L.col.principal[l];
  for (let h = 0; h < Hh.length; h++) books[Bk.row(hc.bank[h])] += hc.mortgage[h];
  for (let r = 0; r < Bk.length; r++) {
    const loans = Bk.col.loans[r];
    assert.ok(Math.abs(loans - books[r]) <= 1e-9 * loans, `bank row ${r}: ${loans} ${books[r]}`);
  }
  sim.run(1);
});

Deno.test("a run with mortgages resumes byte-identically", async () => {
  await assertResumesIdentically(smallScenario(2000, MORTGAGES), [
    "households",
    "banks",
    "central_bank",
  ]);
});

Deno.test("scenarios/credit_island.yaml is overdraft_island with banks, the government and its public jobs' value, housing and mortgages, and a small copy keeps every book for a year", async () => {
  const credit = await loadScenario("credit_island");
  const base = await loadScenario("overdraft_island");
  const switches = {
    "systems.government": true,
    "government.public_employment.job_value": 0.49,
    "economy.housing.enabled": true,
    "finance.simulate_banks": true,
    "finance.mortgages.loan_to_value": 0.8,
  };
  assert.deepEqual({ ...credit, name: "" }, { ...withChanges(base, switches), name: "" });
  assert.ok(mortgagesOn(credit) && !mortgagesOn(base));
  // 3,000 persons, the settling days and a year: bookkeeping checks the flow and balance-sheet
  // matrices, households' mortgages and the governments' bonds included, every tick.
  const sim = Simulation.create(withChanges(credit, { "population.persons": 3000 }));
  const w = sim.world;
  let interest = 0;
  let built = 0;
  let taxes = 0;
  sim.run(365, () => {
    interest += w.ledger.flows[FLOW.mortgage_interest];
    built += w.ledger.flows[FLOW.residential_investment];
    taxes += w.ledger.flows[FLOW.income_tax];
  });
  assert.ok(interest > 0 && built > 0 && taxes > 0, `${interest} ${built} ${taxes}`);
  assert.ok(householdDebt(w) > 0);
});
