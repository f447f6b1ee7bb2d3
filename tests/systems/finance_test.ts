import assert from "node:assert/strict";
import fc from "fast-check";
import { InvariantError } from "../../engine/core/invariants.ts";
import { NULL_REF } from "../../engine/core/table.ts";
import { moneyTotal } from "../../engine/core/ledger.ts";
import { EVENTS, FLOW } from "../../engine/events.ts";
import { Simulation } from "../../engine/simulation.ts";
import type { ScenarioConfig } from "../../engine/scenario/schema.ts";
import { VerbError } from "../../engine/systems/economy/verbs.ts";
import { clearPayments, settleReserves } from "../../engine/systems/finance/accounts.ts";
import {
  balanceSheets,
  BSM_ROWS,
  checkFinance,
  SECTORS,
  TFM_ROWS,
  transactionFlows,
} from "../../engine/systems/finance/checks.ts";
import {
  decidePolicyRate,
  reviseNeutralRate,
  taylorRate,
  twelveMonthInflation,
} from "../../engine/systems/finance/central_bank.ts";
import {
  ExitingLoans,
  grantLoan,
  lendingRate,
  leverage,
  lineOwed,
  repayLine,
  settleExit,
} from "../../engine/systems/finance/lending.ts";
import { issueLoan, setPolicyRate } from "../../engine/systems/finance/verbs.ts";
import { capitalValue, machineValues } from "../../engine/systems/economy/capital.ts";
import { drawOverdrafts } from "../../engine/systems/economy/credit.ts";
import { closingIds } from "../../engine/systems/economy/firm_dynamics.ts";
import { LoanKind } from "../../engine/tables/loans.ts";
import type { SimWorld } from "../../engine/world.ts";
import {
  assertResumesIdentically,
  smallBankedIsland,
  smallScenario,
  smallScenarioWith,
} from "../_fixtures.ts";

const BANKS = { finance: { enable_banks: true, simulate_banks: true } };

function withBanks(persons = 3000, overrides: Record<string, unknown> = {}): ScenarioConfig {
  const finance = { ...BANKS.finance, ...(overrides.finance as object ?? {}) };
  return smallScenario(persons, { ...overrides, finance });
}

function money(world: SimWorld): number {
  return moneyTotal(Object.values(world.tables)).total;
}

/** The loans of firm rows `firms`, exiting today. */
function exiting(w: SimWorld, firms: number[]): ExitingLoans {
  const gone = new Uint8Array(w.tables.firms.length);
  for (const f of firms) gone[f] = 1;
  return new ExitingLoans().find(w, closingIds(w, gone));
}

/** A world after `days` days with banks, its flows zeroed so the checks see a quiet day. */
function quietWorld(days = 60): SimWorld {
  const sim = Simulation.create(withBanks(2000));
  sim.run(days);
  sim.world.ledger.beginTick();
  checkFinance(sim.world); // nothing moved since the end of the tick: every identity holds
  return sim.world;
}

/** A firm row with machines (so it has a credit limit), and its id. */
function borrower(world: SimWorld): number {
  const F = world.tables.firms;
  for (let f = 0; f < F.length; f++) if (F.col.capacity[f] > 0 && F.col.employees[f] > 0) return f;
  throw new Error("no firm with capacity");
}

Deno.test("with banks, every stock-flow identity holds every tick for a year, and loans live and die", () => {
  const sim = Simulation.create(withBanks(3000));
  const w = sim.world;
  // Bookkeeping checks every identity at the end of every tick and throws on a violation.
  let ticks = 0;
  sim.run(365, () => ticks++);
  assert.equal(ticks, 365);
  const kinds = new Set<number>();
  for (let i = 0; i < w.events.log.length; i++) kinds.add(w.events.log.kind[i]);
  assert.ok(kinds.has(EVENTS.code.loan_issued), "loans were issued");
  assert.ok(kinds.has(EVENTS.code.loan_repaid), "loans were repaid");
  const cb = w.tables.central_bank.col;
  assert.ok(cb.granted[0] > 0 && cb.repaid[0] > 0);
  assert.ok(w.tables.loans.length > 0);
  assert.ok(Number.isFinite(w.kpis.values[w.kpis.indexOf("policy_rate")]));
});

Deno.test("the balance-sheet matrix closes: every claim is someone's liability, and net worth is equity", () => {
  const sim = Simulation.create(
    smallScenarioWith("government", 2000, { finance: BANKS.finance }),
  );
  sim.run(120);
  const w = sim.world;
  const m = balanceSheets(w);
  const NS = SECTORS.length;
  const at = (row: typeof BSM_ROWS[number], sector: typeof SECTORS[number]) =>
    m[BSM_ROWS.indexOf(row) * NS + SECTORS.indexOf(sector)];
  let scale = 0;
  for (const x of m) scale = Math.max(scale, Math.abs(x));
  // Columns sum to zero by construction (net worth is what closes them); rows are the test.
  for (let r = 0; r < BSM_ROWS.length; r++) {
    let row = 0;
    for (let c = 0; c < NS; c++) row += m[r * NS + c];
    const outside = BSM_ROWS[r] === "base_money_bonds" || BSM_ROWS[r] === "net_worth";
    if (!outside) assert.ok(Math.abs(row) <= 1e-9 * scale, `${BSM_ROWS[r]} sums to ${row}`);
  }
  const cb = w.tables.central_bank.col;
  assert.ok(cb.bonds[0] > 0);
  assert.equal(at("base_money_bonds", "central_bank"), cb.bonds[0]);
  let equity = 0;
  for (let b = 0; b < w.tables.banks.length; b++) equity += w.tables.banks.col.equity[b];
  assert.ok(Math.abs(at("net_worth", "banks") + equity) <= 1e-9 * scale);
  assert.ok(Math.abs(at("net_worth", "central_bank") + cb.equity[0]) <= 1e-9 * scale);
  // The government borrowed and firms owe their banks: both have liabilities on the matrix.
  assert.ok(at("government_bonds", "government") < 0 && at("loans", "firms") < 0);
  assert.equal(at("net_worth", "households"), -at("deposits", "households"));
});

Deno.test("after a tick, transactionFlows gives that day's matrix, stock changes included, closing by row and column", () => {
  const sim = Simulation.create(withBanks(2000));
  sim.run(240); // a monthly payment day
  const m = transactionFlows(sim.world);
  const NS = SECTORS.length;
  let scale = 0;
  for (const x of m) scale = Math.max(scale, Math.abs(x));
  const deposits = TFM_ROWS.indexOf("change_in_deposits") * NS + SECTORS.indexOf("households");
  assert.ok(m[deposits] !== 0, "households' deposits changed that day");
  for (let r = 0; r < TFM_ROWS.length; r++) {
    let row = 0;
    for (let c = 0; c < NS; c++) row += m[r * NS + c];
    assert.ok(Math.abs(row) <= 1e-9 * scale, `row ${TFM_ROWS[r]} sums to ${row}`);
  }
  for (let c = 0; c < NS; c++) {
    let column = 0;
    for (let r = 0; r < TFM_ROWS.length; r++) column += m[r * NS + c];
    assert.ok(Math.abs(column) <= 1e-9 * scale, `column ${SECTORS[c]} sums to ${column}`);
  }
});

Deno.test("an error in a bank's balance sheet is caught, naming the bank and its items", () => {
  const w = quietWorld();
  w.tables.banks.col.equity[1] += 1000;
  assert.throws(() => checkFinance(w), (e) => {
    assert.ok(e instanceof InvariantError);
    assert.match(e.message, /bank 1: assets \(loans .* \+ reserves .*\) differ from liabilities/);
    assert.match(e.message, /equity/);
    return true;
  });
});

Deno.test("deposits on a bank's books that differ from its customers' money are caught", () => {
  const w = quietWorld();
  w.tables.persons.col.wealth[0] += 1000;
  assert.throws(
    () => checkFinance(w),
    /bank \d+: deposits on its books .* differ from its customers' money/,
  );
});

Deno.test("loans on a bank's books that differ from its loan contracts are caught", () => {
  const w = quietWorld();
  assert.ok(w.tables.loans.length > 0);
  w.tables.loans.col.principal[0] += 1000;
  assert.throws(
    () => checkFinance(w),
    /bank \d+: loans on its books .* differ from its loan contracts/,
  );
});

Deno.test("a loan whose borrower or bank does not exist is caught and named", () => {
  for (const [column, id] of [["borrower", 999_999], ["borrower", -1], ["bank", 77]] as const) {
    const w = quietWorld();
    const l = w.tables.loans.length - 1;
    assert.ok(l >= 0);
    w.tables.loans.col[column][l] = id;
    assert.throws(
      () => checkFinance(w),
      new RegExp(`loan ${w.tables.loans.ids[l]}: borrower .* or bank .* does not exist`),
    );
  }
});

Deno.test("a firm's debt that differs from its loans is caught", () => {
  const w = quietWorld();
  w.tables.firms.col.debt[0] += 1000;
  assert.throws(() => checkFinance(w), /firm \d+: debt .* differs from the principal of its loans/);
});

Deno.test("a firm's debt keeps the rounding of the large loans it repaid, and the check allows it", () => {
  // A 20-year run with banks failed in year 13: a debt of 1.39 was 3.5e-9 off the principal
  // of its loans, the rounding of the larger loans the firm had drawn and repaid before.
  const w = quietWorld();
  const f = borrower(w);
  const c = w.tables.firms.col;
  const before = c.debt[f];
  grantLoan(w, f, 1e9, LoanKind.line, 0.05);
  grantLoan(w, f, 1.39, LoanKind.term, 0.05);
  repayLine(w, f, lineOwed(w, f));
  const rounding = c.debt[f] - before - 1.39;
  assert.ok(rounding !== 0 && Math.abs(rounding) < 1e-6, `rounding ${rounding}`);
  assert.ok(c.borrowed[f] >= 1e9 + 1.39);
  checkFinance(w);
  // An error above 1e-9 of the credit drawn (here 1 currency unit) is still caught.
  c.debt[f] += 2;
  assert.throws(() => checkFinance(w), /firm \d+: debt .* differs from the principal of its loans/);
});

Deno.test("reserves on the central bank's books that differ from the banks' are caught", () => {
  const w = quietWorld();
  w.tables.central_bank.col.reserves[0] += 1000;
  assert.throws(() => checkFinance(w), /central bank: reserves on its books .* differ/);
});

Deno.test("money created outside the banks' operations is caught by the ledger identity", () => {
  const w = quietWorld();
  w.ledger.created += 1000;
  assert.throws(
    () => checkFinance(w),
    /ledger: money created .* differ from the banks' operations/,
  );
});

Deno.test("loans outstanding that differ from granted - repaid - written off are caught", () => {
  const w = quietWorld();
  w.tables.central_bank.col.capitalised[0] += 1000;
  assert.throws(() => checkFinance(w), /ledger: loans on banks' books .* written off/);
});

Deno.test("a flow tallied without moving money breaks its sector's column of the flow matrix", () => {
  const w = quietWorld();
  w.ledger.flows[FLOW.dividends] += 1000; // firms -> households, but no deposit moved
  assert.throws(() => checkFinance(w), /column households sums to 1000, not 0: dividends 1000/);
});

Deno.test("a loan creates money and its repayment destroys it", () => {
  const w = quietWorld();
  const f = borrower(w);
  const before = money(w);
  const bank = w.tables.banks.rowOf[w.tables.firms.col.bank[f]];
  const deposits = w.tables.banks.col.deposits[bank];
  const debt = w.tables.firms.col.debt[f];
  grantLoan(w, f, 5000, LoanKind.line, 0.05);
  assert.equal(money(w), before + 5000);
  assert.equal(w.tables.firms.col.debt[f], debt + 5000);
  assert.equal(w.tables.banks.col.deposits[bank], deposits + 5000);
  assert.ok(lineOwed(w, f) >= 5000);
  checkFinance(w);
  const owed = lineOwed(w, f);
  repayLine(w, f, owed);
  assert.equal(lineOwed(w, f), 0);
  assert.ok(Math.abs(money(w) - (before + 5000 - owed)) < 1e-6);
  checkFinance(w);
});

Deno.test("a default writes the loan off against the bank's equity", () => {
  const w = quietWorld();
  const f = borrower(w);
  const F = w.tables.firms;
  const id = F.ids[f];
  const bank = w.tables.banks.rowOf[F.col.bank[f]];
  grantLoan(w, f, 50_000, LoanKind.term, 0.06);
  // The firm's money goes (to a person, so money is conserved) and it exits owing.
  const cash = F.col.cash[f];
  F.col.cash[f] = 0;
  w.tables.persons.col.wealth[0] += cash;
  w.ledger.flows[FLOW.liquidation] += cash;
  clearPayments(w); // settled between the banks in reserves, as at the end of a day
  const equity = w.tables.banks.col.equity[bank];
  const debt = F.col.debt[f];
  const events = w.events.log.length;
  settleExit(w, f, exiting(w, [f]));
  assert.equal(F.col.debt[f], 0);
  assert.ok(Math.abs(w.tables.banks.col.equity[bank] - (equity - debt)) < 1e-6);
  let defaults = 0;
  for (let i = events; i < w.events.log.length; i++) {
    if (w.events.log.kind[i] === EVENTS.code.loan_defaulted) {
      assert.equal(w.events.log.object[i], id);
      defaults++;
    }
  }
  assert.ok(defaults >= 1);
  for (let l = 0; l < w.tables.loans.length; l++) {
    assert.notEqual(w.tables.loans.col.borrower[l], id);
  }
  checkFinance(w); // the write-off row balances the firm's and the bank's columns
});

Deno.test("an exit that repays a loan all but a rounding's worth leaves the other borrowers' loans alone", () => {
  // An exiting firm's cash covers its line but for a hair: repaying it settles the loan (the hair
  // is written off) and removes it, and the table's last loan, another firm's, takes its row. The
  // exit went on to default on that row, another firm's loan (seed 1 of the 50k island, 20 years,
  // 2026-12-07: a firm's debt then differed from its loans by 0.72).
  const w = quietWorld();
  const F = w.tables.firms;
  const L = w.tables.loans;
  let a = 0;
  while (F.col.credit_line[a] !== NULL_REF || !(F.col.capacity[a] > 0)) a++;
  let b = a + 1;
  while (!(F.col.capacity[b] > 0)) b++;
  const line = grantLoan(w, a, 20_000, LoanKind.line, 0.05);
  const principal = L.col.principal[line];
  const other = L.ids[grantLoan(w, b, 1_000, LoanKind.line, 0.05)];
  assert.equal(L.row(other), L.length - 1);
  // The firm's money but for a rounding's worth of its line goes to a person.
  const keep = principal * (1 - 1e-12);
  assert.ok(F.col.cash[a] > keep);
  const gone = F.col.cash[a] - keep;
  w.tables.persons.col.wealth[0] += gone;
  w.ledger.flows[FLOW.liquidation] += gone;
  F.col.cash[a] = keep;
  clearPayments(w);
  const owed = L.col.principal[L.row(other)];
  settleExit(w, a, exiting(w, [a]));
  assert.ok(L.row(other) >= 0, "the other firm's loan is gone");
  assert.equal(L.col.principal[L.row(other)], owed);
  assert.equal(L.col.borrower[L.row(other)], F.ids[b]);
  checkFinance(w); // every firm's debt against its loans, every bank's books
});

Deno.test("the loans of a day's exits are found in one pass: each firm settles its own, every one of them", () => {
  const w = quietWorld();
  const F = w.tables.firms;
  const L = w.tables.loans;
  const a = borrower(w);
  let b = a + 1;
  while (!(F.col.capacity[b] > 0 && F.col.employees[b] > 0)) b++;
  // Each firm a line and a term loan on top of what it owes, then its money goes to a person.
  for (const f of [a, b]) {
    grantLoan(w, f, 20_000, LoanKind.line, 0.05);
    grantLoan(w, f, 30_000, LoanKind.term, 0.06);
    w.tables.persons.col.wealth[0] += F.col.cash[f];
    w.ledger.flows[FLOW.liquidation] += F.col.cash[f];
    F.col.cash[f] = 0;
  }
  clearPayments(w);
  const owed = F.col.debt[a] + F.col.debt[b];
  const loansBefore = L.length;
  let theirs = 0;
  for (let l = 0; l < L.length; l++) {
    theirs += +(L.col.borrower[l] === F.ids[a] || L.col.borrower[l] === F.ids[b]);
  }
  assert.ok(theirs >= 4);
  const equity = () => {
    let e = 0;
    for (let r = 0; r < w.tables.banks.length; r++) e += w.tables.banks.col.equity[r];
    return e;
  };
  const before = equity();
  const found = exiting(w, [a, b]);
  settleExit(w, a, found);
  settleExit(w, b, found);
  assert.equal(F.col.debt[a], 0);
  assert.equal(F.col.debt[b], 0);
  assert.equal(L.length, loansBefore - theirs);
  for (let l = 0; l < L.length; l++) {
    assert.ok(L.col.borrower[l] !== F.ids[a] && L.col.borrower[l] !== F.ids[b]);
  }
  assert.ok(Math.abs(equity() - (before - owed)) < 1e-6 * owed);
  checkFinance(w);
});

Deno.test("a bank with equity above its capital aim pays a share of the excess out each month, and the money reaches households (same seed)", () => {
  // Banks that open with equity of half their deposits, far above the 15% of loans they aim at.
  const year = (banks: Record<string, number>) => {
    const sim = Simulation.create(
      withBanks(2000, { finance: { banks: { initial_equity_share: 0.5, ...banks } } }),
    );
    const w = sim.world;
    const bc = w.tables.banks.col;
    const excess = () => {
      let e = 0;
      for (let b = 0; b < w.tables.banks.length; b++) {
        e += bc.equity[b] - 0.15 * bc.loans[b];
      }
      return e;
    };
    const before = excess();
    let dividends = 0;
    // The bookkeeping checks every identity each tick (the dividends move deposits and reserves).
    sim.run(365, () => dividends += w.ledger.flows[FLOW.bank_dividends]);
    return { before, after: excess(), dividends };
  };
  const managed = year({}); // the default aim, 15% of loans
  // An aim of 100% of loans with no adjustment: the dividend on profit, as before the aim.
  const passive = year({ capital_aim: 1, capital_adjustment: 0 });
  assert.ok(managed.before > 0, `excess equity at the start ${managed.before}`);
  // A third of the gap a year (measured: 31%; with the dividend on profit alone the excess
  // moved by a few percent).
  assert.ok(
    managed.after < 0.8 * managed.before,
    `excess ${managed.before} -> ${managed.after} in a year`,
  );
  // With the dividend on profit alone the excess stays.
  assert.ok(passive.after > 0.95 * passive.before, `${passive.before} -> ${passive.after}`);
  // What left the banks went to their owners as dividends.
  assert.ok(
    managed.dividends - passive.dividends > 0.25 * managed.before,
    `dividends ${managed.dividends} against ${passive.dividends}`,
  );
});

/**
 * A world with banks (and the interbank market on or off) in which one bank has just lost
 * more reserves than it held: a customer borrowed half again its bank's reserves and paid it
 * all to a household of another bank. Returns the world, the bank's row and its shortfall.
 */
function shortBank(interbank: boolean): { w: SimWorld; b: number; short: number } {
  const sim = Simulation.create(withBanks(2000, { finance: { interbank_market: interbank } }));
  sim.run(60);
  const w = sim.world;
  w.ledger.beginTick();
  const F = w.tables.firms;
  const bc = w.tables.banks.col;
  const f = borrower(w);
  const b = w.tables.banks.rowOf[F.col.bank[f]];
  const P = w.tables.persons;
  const Hh = w.tables.households;
  let p = 0;
  while (Hh.col.bank[Hh.rowOf[P.col.household[p]]] === F.col.bank[f]) p++;
  const amount = 1.5 * bc.reserves[b];
  grantLoan(w, f, amount, LoanKind.line, 0.05);
  F.col.cash[f] -= amount;
  P.col.wealth[p] += amount;
  w.ledger.flows[FLOW.dividends] += amount;
  clearPayments(w);
  const short = w.config.finance.banks.reserve_requirement * bc.deposits[b] - bc.reserves[b];
  assert.ok(short > 0);
  return { w, b, short };
}

Deno.test("with the interbank market, a bank short of reserves borrows overnight from the others inside the corridor and repays with interest the next day", () => {
  const { w, b, short } = shortBank(true);
  const bc = w.tables.banks.col;
  const cb = w.tables.central_bank.col;
  const advances = bc.advances[b];
  settleReserves(w);
  // The other banks hold far more reserves than they must: the market covers the shortfall.
  assert.ok(Math.abs(bc.interbank[b] + short) < 1e-6 * short);
  assert.equal(bc.advances[b], advances);
  let lent = 0;
  for (let r = 0; r < w.tables.banks.length; r++) {
    if (r !== b) {
      assert.ok(bc.interbank[r] >= 0);
      // Each lender keeps its required reserves.
      assert.ok(bc.reserves[r] >= w.config.finance.banks.reserve_requirement * bc.deposits[r]);
      lent += bc.interbank[r];
    }
  }
  assert.ok(Math.abs(lent - short) < 1e-6 * short);
  // Surplus reserves abound, so the rate sits just above the deposit facility.
  const rate = cb.interbank_rate[0];
  assert.ok(rate > cb.deposit_facility[0] && rate < cb.policy_rate[0], `rate ${rate}`);
  checkFinance(w);
  // The next day the loans come back with a day's interest, and the bank borrows again.
  w.ledger.beginTick();
  settleReserves(w);
  const interest = w.ledger.flows[FLOW.interbank_interest];
  assert.ok(Math.abs(interest - (short * rate) / 365) < 1e-9 * short);
  assert.ok(bc.interbank[b] < 0);
  checkFinance(w);
});

Deno.test("without the interbank market, a bank short of reserves borrows them at the lending facility", () => {
  const { w, b, short } = shortBank(false);
  const bc = w.tables.banks.col;
  const advances = bc.advances[b];
  settleReserves(w);
  assert.ok(Math.abs(bc.advances[b] - advances - short) < 1e-6 * short);
  for (let r = 0; r < w.tables.banks.length; r++) assert.equal(bc.interbank[r], 0);
  checkFinance(w);
});

Deno.test("when reserves are scarce overall, the interbank rate rises above the policy rate and the facility lends the rest", () => {
  const { w } = shortBank(true);
  const B = w.tables.banks;
  const bc = B.col;
  const cb = w.tables.central_bank.col;
  let reserves = 0;
  let deposits = 0;
  for (let r = 0; r < B.length; r++) {
    reserves += bc.reserves[r];
    deposits += bc.deposits[r];
  }
  // A requirement above what the system holds, but below what the best-stocked bank holds.
  let best = 0;
  for (let r = 0; r < B.length; r++) best = Math.max(best, bc.reserves[r] / bc.deposits[r]);
  const rr = Math.min(1.1 * reserves / deposits, (reserves / deposits + best) / 2);
  assert.ok(rr < best && rr * deposits > reserves);
  (w.config.finance.banks as { reserve_requirement: number }).reserve_requirement = rr;
  const advances = cb.advances[0];
  settleReserves(w);
  assert.ok(cb.interbank_rate[0] > cb.policy_rate[0]);
  assert.ok(cb.interbank_rate[0] < cb.lending_facility[0]);
  assert.ok(cb.advances[0] > advances);
  let lent = 0;
  for (let r = 0; r < B.length; r++) {
    // Every bank ends with its required reserves, and the lenders lent all their surplus.
    assert.ok(bc.reserves[r] >= rr * bc.deposits[r] * (1 - 1e-12));
    if (bc.interbank[r] > 0) {
      lent += bc.interbank[r];
      assert.ok(Math.abs(bc.reserves[r] - rr * bc.deposits[r]) < 1e-6 * bc.deposits[r]);
    }
  }
  assert.ok(lent > 0);
  checkFinance(w);
});

Deno.test("overnight loans that do not match between lenders and borrowers are caught", () => {
  const { w, b } = shortBank(true);
  settleReserves(w);
  const bc = w.tables.banks.col;
  // Moved to equity, so each bank's balance sheet still balances and only the market does not.
  bc.interbank[b] += 1000;
  bc.equity[b] += 1000;
  assert.throws(() => checkFinance(w), /banks: overnight interbank loans lent .* differ/);
});

Deno.test("the Taylor rule raises the policy rate when inflation is above target", () => {
  const cfg = withBanks(1000).finance.central_bank;
  const neutral = cfg.neutral_real_rate + cfg.inflation_target;
  assert.ok(taylorRate(cfg, 0.06, 0.05, 0.05, neutral, cfg.neutral_real_rate) > neutral);
  assert.ok(taylorRate(cfg, 0.0, 0.05, 0.05, neutral, cfg.neutral_real_rate) < neutral);
  assert.ok(
    taylorRate(cfg, 0.02, 0.09, 0.05, neutral, cfg.neutral_real_rate) < neutral,
    "unemployment above u* lowers it",
  );
  assert.equal(taylorRate(cfg, -0.5, 0.3, 0.05, 0, cfg.neutral_real_rate), cfg.rate_floor);
  // In a world: published inflation of 8% moves the rate up at the next decision, and r* with
  // it; before the central bank has a year of its own CPI readings it reads the published rate.
  const sim = Simulation.create(
    withBanks(1000, { finance: { central_bank: { cadence_days: 1 } } }),
  );
  sim.run(40);
  const w = sim.world;
  const cb = w.tables.central_bank.col;
  const k = w.kpis.indexOf("inflation_annual");
  w.kpis.history[k][w.kpis.rows - 1] = 8;
  let before = cb.policy_rate[0];
  let neutralBefore = cb.neutral_rate[0];
  w.tick++;
  assert.equal(cb.cpi_readings[0], 2);
  assert.ok(Number.isNaN(twelveMonthInflation(w)));
  assert.ok(decidePolicyRate(w));
  assert.ok(cb.policy_rate[0] > before);
  assert.ok(cb.neutral_rate[0] > neutralBefore, "r* revised upward");
  // With thirteen readings it reads their twelve-month change, 100 to 108 over 360 days, and
  // no longer the published one.
  cb.cpi_readings[0] = 13;
  cb.cpi_months.fill(104);
  cb.cpi_months[0] = 100;
  cb.cpi_months[12] = 108;
  assert.ok(Math.abs(twelveMonthInflation(w) - (Math.pow(1.08, 365 / 360) - 1)) < 1e-12);
  w.kpis.history[k][w.kpis.rows - 1] = -50;
  before = cb.policy_rate[0];
  neutralBefore = cb.neutral_rate[0];
  w.tick++;
  assert.ok(decidePolicyRate(w));
  assert.ok(cb.policy_rate[0] > before);
  assert.ok(cb.neutral_rate[0] > neutralBefore, "r* revised upward again");
});

Deno.test("the central bank reads the CPI every 30 days, keeps thirteen readings, and its twelve-month inflation is the published yearly one", () => {
  const sim = Simulation.create(withBanks(1000));
  sim.run(400);
  const w = sim.world;
  const cb = w.tables.central_bank.col;
  // A reading every 30 days from the first day with yesterday's CPI: 14 in 400 days.
  assert.equal(cb.cpi_readings[0], 14);
  const cpi = Array.from(w.kpis.history[w.kpis.indexOf("cpi")].subarray(0, w.kpis.rows));
  const now = cb.cpi_months[13 % 13];
  const before = cb.cpi_months[14 % 13];
  const day = cpi.lastIndexOf(now);
  assert.ok(day >= 360 && cpi[day - 360] === before, "the newest reading and one 360 days back");
  const expected = Math.pow(now / before, 365 / 360) - 1;
  assert.ok(Math.abs(twelveMonthInflation(w) - expected) < 1e-12);
  // The same change the published yearly inflation measures, over 360 days rather than 365.
  const published = w.kpis.history[w.kpis.indexOf("inflation_annual")][day] / 100;
  assert.ok(Math.abs(published - expected) < 0.02, `${published} against ${expected}`);
});

Deno.test("the settling days hold monetary policy: the run's central bank starts at its opening rate, with a year of CPI readings", () => {
  const days = 420;
  const sim = Simulation.create(withBanks(1000, { economy: { settle_days: days } }));
  const w = sim.world;
  const cb = w.tables.central_bank.col;
  const cfg = w.config.finance.central_bank;
  assert.equal(w.tick, 0);
  assert.equal(cb.policy_rate[0], cfg.neutral_real_rate + cfg.inflation_target);
  assert.equal(cb.neutral_rate[0], cfg.neutral_real_rate);
  assert.ok(cb.cpi_readings[0] >= 13 && Number.isFinite(twelveMonthInflation(w)));
  // From day 0 it decides as usual.
  sim.run(cfg.cadence_days + 1);
  assert.notEqual(cb.policy_rate[0], cfg.neutral_real_rate + cfg.inflation_target);
});

Deno.test("the central bank revises its neutral rate by the inflation gap, within the bounds", () => {
  const cfg = withBanks(1000, { finance: { central_bank: { cadence_days: 73 } } }).finance
    .central_bank;
  // 73 days is a fifth of a year: a gap of 4 points at a gain of 0.5 moves r* by 0.4 points.
  const up = reviseNeutralRate(cfg, 0.02, cfg.inflation_target + 0.04);
  assert.ok(Math.abs(up - (0.02 + cfg.neutral_rate_learning * 0.04 / 5)) < 1e-12);
  assert.ok(reviseNeutralRate(cfg, 0.02, cfg.inflation_target - 0.04) < 0.02);
  assert.equal(reviseNeutralRate(cfg, 0.02, cfg.inflation_target), 0.02);
  // No wind-up: r* stays where the rate ceiling and floor can still deliver it.
  assert.equal(reviseNeutralRate(cfg, 0.5, 0.5), cfg.rate_ceiling - cfg.inflation_target);
  assert.equal(reviseNeutralRate(cfg, -0.5, -0.5), cfg.rate_floor - cfg.inflation_target);
  assert.equal(reviseNeutralRate({ ...cfg, neutral_rate_learning: 0 }, 0.02, 0.3), 0.02);
  // The Taylor rule's intercept is the estimate: a higher r* sets a higher rate.
  assert.ok(
    taylorRate(cfg, 0.02, 0.05, 0.05, 0.04, 0.06) > taylorRate(cfg, 0.02, 0.05, 0.05, 0.04, 0.02),
  );
});

Deno.test("issue_loan and set_policy_rate check their bounds and say why", () => {
  const w = quietWorld();
  const f = borrower(w);
  const id = w.tables.firms.ids[f];
  const policy = w.tables.central_bank.col.policy_rate[0];
  assert.throws(() => issueLoan(w, 999_999, 100, 0.05), /issue_loan: firm 999999 does not exist/);
  assert.throws(() => issueLoan(w, id, -5, 0.05), /amount -5 must be a number above 0/);
  assert.throws(() => issueLoan(w, id, 100, policy - 0.01), /between the policy rate/);
  assert.throws(() => issueLoan(w, id, 1e12, policy + 0.02), /exceeds its credit left/);
  const before = money(w);
  const loan = issueLoan(w, id, 100, policy + 0.02);
  assert.ok(w.tables.loans.row(loan) >= 0);
  assert.equal(money(w), before + 100);
  assert.throws(() => setPolicyRate(w, 0.9), /rate 0.9 must be between .*rate_floor/);
  assert.throws(() => setPolicyRate(w, NaN), VerbError);
  setPolicyRate(w, 0.05);
  assert.equal(w.tables.central_bank.col.policy_rate[0], 0.05);
  const off = Simulation.create(smallScenario(1000));
  assert.throws(
    () => setPolicyRate(off.world, 0.05),
    /banks are not running; set finance.enable_banks/,
  );
});

Deno.test("a policy-rate rise raises lending rates and lowers investment within months (same seed, tiny_island's banks)", () => {
  // The rule decides once a year here, so only the shock moves the rate. Measured on seeds 7, 1
  // and 2 (2026-12-06): a rate of 10% from day 150 raises new business's mean rate from 6.4% to
  // 12.5% and the book's by 0.21-0.23 points over four months, and cuts real investment by 44-46%.
  const cfg = smallBankedIsland(3000, { finance: { central_bank: { cadence_days: 365 } } });
  const run = (rate: number | null) => {
    const sim = Simulation.create(cfg);
    sim.run(150);
    if (rate !== null) setPolicyRate(sim.world, rate);
    let lending = 0;
    let invest = 0;
    let fresh = 0;
    let days = 0;
    const k = sim.world.kpis;
    sim.run(120, () => {
      lending += k.values[k.indexOf("lending_rate_mean")];
      invest += k.values[k.indexOf("investment_real")];
      const x = k.values[k.indexOf("lending_rate_new")];
      if (Number.isFinite(x)) {
        fresh += x;
        days++;
      }
    });
    return { lending: lending / 120, invest, fresh: fresh / days };
  };
  const base = run(null);
  const tight = run(0.1);
  // The book's mean rate rises only as new credit enters it: term loans keep the rate they were
  // granted at, and a book of machines' loans (`investment_loan_share`, 0.5 by default since
  // 2026-12-05) turns over in years (0.26 points in four months here for a shock of 6; over a
  // point when the book was mostly credit lines). As in the ECB's MFI interest rate statistics,
  // the rate on outstanding amounts lags the rate on new business.
  assert.ok(tight.lending > base.lending + 0.001, `lending ${tight.lending} vs ${base.lending}`);
  // New credit is priced at the day's rate: its mean rate rises by most of the shock.
  const shock = 0.1 - (cfg.finance.central_bank.neutral_real_rate +
    cfg.finance.central_bank.inflation_target);
  assert.ok(
    tight.fresh > base.fresh + 0.5 * shock,
    `new business ${tight.fresh} vs ${base.fresh}`,
  );
  assert.ok(tight.invest < 0.95 * base.invest, `investment ${tight.invest} vs ${base.invest}`);
});

Deno.test("with investment_loan_share, firms start with the loans that share implies and borrow it on new machines whatever their cash", () => {
  const share = 0.5;
  const levered = Simulation.create(
    withBanks(2000, { finance: { banks: { investment_loan_share: share } } }),
  );
  const plain = Simulation.create(
    withBanks(2000, { finance: { banks: { investment_loan_share: 0 } } }),
  );
  const w = levered.world;
  const F = w.tables.firms;
  const cb = w.tables.central_bank.col;
  // The start: the same money, now partly lent; each firm with machines owes share x daily wear
  // x maturity / 2 of their value, a book of constant issue: one loan per year of issue, each
  // repaid over what is left of its maturity, all of them repaying the same each day.
  assert.equal(money(w), money(plain.world));
  assert.ok(cb.loans_initial[0] > 0);
  const values = machineValues(w);
  const banks = w.config.finance.banks;
  const wear = w.config.economy.production.depreciation;
  let debt = 0;
  let withMachines = 0;
  for (let f = 0; f < F.length; f++) {
    debt += F.col.debt[f];
    const machines = capitalValue(w, f, values);
    if (!(machines > 0)) continue;
    withMachines++;
    const expected = share * wear * machines * banks.loan_maturity_days / 2;
    assert.ok(Math.abs(F.col.debt[f] - expected) <= 1e-9 * expected, `firm ${f}`);
    assert.equal(F.col.term_loan[f], NULL_REF, "new borrowing starts a loan of its own");
    const L = w.tables.loans;
    const mine: number[] = [];
    for (let l = 0; l < L.length; l++) if (L.col.borrower[l] === F.ids[f]) mine.push(l);
    const M = banks.loan_maturity_days;
    assert.equal(mine.length, Math.round(M / 365));
    const daily = mine.map((l) => L.col.principal[l] / (L.col.maturity[l] - w.tick));
    for (const x of daily) assert.ok(Math.abs(x / daily[0] - 1) < 0.01, `${daily}`);
    const remaining = mine.map((l) => L.col.maturity[l] - w.tick).sort((a, b) => a - b);
    assert.deepEqual(remaining, [183, 548, 913, 1278, 1643]);
  }
  assert.ok(withMachines > 0);
  assert.ok(Math.abs(debt - cb.loans_initial[0]) <= 1e-9 * debt);
  assert.equal(plain.world.tables.central_bank.col.loans_initial[0], 0);
  // A firm with cash to spare that buys machines still borrows the share of their cost.
  levered.run(30);
  const f = borrower(w);
  const cash = 1e9;
  w.tables.firms.col.cash[f] += cash;
  w.tables.banks.col.deposits[w.tables.banks.rowOf[F.col.bank[f]]] += cash;
  const before = F.col.debt[f];
  F.col.capex_today[f] = 1000;
  drawOverdrafts(w);
  assert.ok(
    Math.abs(F.col.debt[f] - before - share * 1000) < 1e-6,
    `debt ${F.col.debt[f] - before}`,
  );
  assert.equal(F.col.capex_today[f], 0);
  // Without the share, a firm pays from its cash.
  const p = plain.world;
  plain.run(30);
  const g = borrower(p);
  p.tables.firms.col.cash[g] += cash;
  const plainDebt = p.tables.firms.col.debt[g];
  p.tables.firms.col.capex_today[g] = 1000;
  drawOverdrafts(p);
  assert.equal(p.tables.firms.col.debt[g], plainDebt);
});

Deno.test("a year's term borrowing joins one loan, and a loan in its last month takes no more", () => {
  const sim = Simulation.create(withBanks(2000));
  sim.run(5);
  const w = sim.world;
  const F = w.tables.firms;
  const L = w.tables.loans;
  const f = borrower(w);
  F.col.term_loan[f] = NULL_REF; // whatever it drew in five days aside
  const first = grantLoan(w, f, 100, LoanKind.term, 0.05);
  const id = L.ids[first];
  w.tick += 200;
  const second = grantLoan(w, f, 300, LoanKind.term, 0.07);
  assert.equal(L.ids[second], id, "a draw 200 days on joins the loan");
  assert.equal(L.col.principal[second], 400);
  assert.ok(Math.abs(L.col.rate[second] - 0.065) < 1e-12, "at the draws' mean rate");
  w.tick += 200;
  const third = grantLoan(w, f, 50, LoanKind.term, 0.05);
  const thirdId = L.ids[third];
  assert.notEqual(thirdId, id, "a year on, a new loan");
  // A loan whose maturity is within a month takes no more draws.
  L.col.maturity[third] = w.tick + 20;
  const fourth = grantLoan(w, f, 50, LoanKind.term, 0.05);
  assert.notEqual(L.ids[fourth], thirdId);
  assert.equal(F.col.term_loan[f], L.ids[fourth]);
});

Deno.test("opening loans that take a bank's reserves below its requirement are funded by advances, and the books close", () => {
  const sim = Simulation.create(
    withBanks(2000, {
      finance: { banks: { investment_loan_share: 0.5, reserve_requirement: 0.99 } },
    }),
  );
  const w = sim.world;
  const b = w.tables.banks.col;
  const cb = w.tables.central_bank.col;
  let advances = 0;
  for (let r = 0; r < w.tables.banks.length; r++) {
    assert.ok(b.reserves[r] >= 0.99 * b.deposits[r] * (1 - 1e-12), `bank ${r}`);
    advances += b.advances[r];
  }
  assert.ok(advances > 0, "the opening loans left the banks short of reserves");
  assert.equal(cb.advances[0], advances);
  // The central bank's books: bonds + advances = reserves (no government here).
  assert.ok(Math.abs(cb.bonds[0] + cb.advances[0] - cb.reserves[0]) <= 1e-9 * cb.reserves[0]);
  // Bookkeeping checks every identity at the end of each tick.
  sim.run(60);
});

Deno.test("with investment_loan_share, every stock-flow identity holds every tick and credit stays a steady share of GDP", () => {
  const sim = Simulation.create(
    withBanks(3000, { finance: { banks: { investment_loan_share: 0.5 } } }),
  );
  const k = sim.world.kpis.indexOf("credit_to_gdp");
  const credit: number[] = [];
  // Bookkeeping checks every identity at the end of every tick and throws on a violation.
  sim.run(730, () => {
    if (sim.world.tick % 365 === 30) credit.push(sim.world.kpis.values[k]);
  });
  assert.equal(credit.length, 2);
  // Credit at the start is what the share keeps it at two years on (within a third).
  assert.ok(credit[0] > 0.05, `credit ${credit[0]} of GDP`);
  assert.ok(Math.abs(credit[1] / credit[0] - 1) < 1 / 3, `credit ${credit.join(", ")} of GDP`);
});

Deno.test("a firm drawing credit is priced on its balance sheet after the draw: leverage stays in 0..1", () => {
  const sim = Simulation.create(withBanks(1000));
  sim.run(5);
  const w = sim.world;
  const c = w.tables.firms.col;
  const f = 0;
  const b = w.config.finance.banks;
  const floor = w.tables.central_bank.col.policy_rate[0] + b.lending_markup;
  // Debt of 100 and machines of 50; cash of -149.999999 about to be drawn. Measured on the
  // negative cash the assets were 1e-6 and the leverage 1e8; after the draw the debt is
  // 249.999999 on assets of 299.999999.
  c.debt[f] = 100;
  c.cash[f] = -149.999999;
  assert.ok(Math.abs(leverage(w, f, 50) - 249.999999 / 299.999999) < 1e-12);
  assert.ok(lendingRate(w, f, 50) <= floor + b.risk_premium);
  // Nothing but the shortfall: all of it debt.
  c.debt[f] = 0;
  c.cash[f] = -10;
  assert.equal(leverage(w, f, 0), 1);
  // A firm with cash is measured as it stands.
  c.cash[f] = 30;
  c.debt[f] = 10;
  assert.equal(leverage(w, f, 60), 0.1);
});

Deno.test("a central bank that learns the neutral rate raises its estimate through an inflationary start and sets higher rates than a fixed r* (same seeds)", () => {
  // What learning was for: a fixed r* that differs from the economy's neutral rate keeps a
  // permanent inflation gap. Until 2026-12-05 this test asked that learning bring mean inflation
  // over years 2-12 closer to the target than the fixed r* of 2% (3,000 persons, seeds 1-3; on
  // seeds 1-6 learning was closer on five, its summed gap 6.4 points against 11.3). Since the
  // banks pay out equity above their capital aim they no longer drain money, the fixed r* is
  // less wrong, and the two are alike: learning closer on three seeds of six, summed gaps 6.9
  // against 6.4 points (docs/finance.md, "Banks' capital aim"). So the test now asks what learning does:
  // the solved start's first year runs above the target (the start-up boom of small worlds
  // without settling days), the estimate of r* rises, and the rule's rates over three years
  // with it (measured: r* 2.3-4.2% after three years, mean rates 0.5-1.5 points higher). Since
  // 2026-12-07 (afternoon: firms close once a cycle, other draws) the estimate is read after the
  // first year, where the claim is: 4.4%, 3.2% and 3.0% on seeds 1-3; after three years seed 1's
  // has come back to 1.7% (3.0% and 3.6% on seeds 2 and 3), the rates still 0.03-0.58 points
  // higher.
  const run = (seed: number, learning: number) => {
    const sim = Simulation.create(
      withBanks(3000, {
        random_seed: seed,
        finance: { central_bank: { neutral_rate_learning: learning } },
      }),
    );
    const w = sim.world;
    const cb = w.tables.central_bank.col;
    const opening = cb.neutral_rate[0];
    const k = w.kpis.indexOf("policy_rate");
    const cpi = w.kpis.indexOf("cpi");
    let rates = 0;
    let inflation = NaN; // over the first year
    let neutral = NaN; // the estimate after it
    const days = 3 * 365;
    sim.run(days, () => {
      rates += w.kpis.values[k];
      if (w.tick === 365) {
        inflation = w.kpis.values[cpi] / 100 - 1;
        neutral = cb.neutral_rate[0];
      }
    });
    return { opening, neutral, end: cb.neutral_rate[0], rate: rates / days, inflation };
  };
  const target = withBanks(3000).finance.central_bank.inflation_target;
  let higher = 0;
  const seen: string[] = [];
  for (const seed of [1, 2, 3]) {
    const learned = run(seed, 0.5);
    const fixed = run(seed, 0);
    seen.push(`seed ${seed}: ${JSON.stringify({ learned, fixed })}`);
    assert.ok(learned.inflation > target, seen.at(-1)); // the premise: an inflationary first year
    assert.ok(learned.neutral > learned.opening, seen.at(-1));
    assert.equal(fixed.neutral, fixed.opening, seen.at(-1));
    higher += learned.rate - fixed.rate;
  }
  // Higher rates on average over the seeds: each seed's path answers its own rates (with
  // overtime paid at time and a half, 2026-12-05, seed 3's learned rates average 3.69% against
  // 3.76%, as its higher rates took its inflation down faster).
  assert.ok(higher > 0, seen.join("\n"));
});

Deno.test("a credit crunch (a capital requirement above the banks' ratios) lowers lending, investment and output and raises unemployment (same seeds, tiny_island's banks)", () => {
  // After eight years credit is 17-25% of GDP and the banks' capital ratios are 12-15%; a
  // requirement of 25% then stops their new lending. The shock comes at day 2920 and we compare
  // months 4-9 after it with the same seed without it, on six seeds. Measured (2026-12-06, the
  // banks as tiny_island runs them) on seeds 7 and 1-5: credit -13.7%, -17.6%, -15.1%, -16.5%,
  // -16.9% and -15.5%, investment -12.1%, -2.2%, -8.2%, -8.4%, -5.3% and -7.0%, real GDP -6.8%,
  // -5.0%, -5.1%, -5.7%, -3.2% and -6.1%, unemployment +1.3, +2.1, +1.3, +0.9, +0.6 and +2.2
  // points. Investment falls less than credit: firms that lose their loans for machines pay
  // for them out of their deposits. Since dividends come out of profits only (2026-12-07), firms
  // keep more of their cash and investment falls on three seeds of six (-8.1%, -10.6% and
  // -11.2% on seeds 7, 1 and 5; +4.0%, +1.0% and +1.8% on 2-4; mean -3.9%), while credit falls
  // 15.7-18.9%, real GDP 1.8-7.4% and unemployment rises 1.6-1.9 points on every seed. The
  // issue's crunch asks for less lending and output and more unemployment; investment is held
  // to its mean fall. In the economy without banks' anchors (the schema's banks
  // on flexible_hours' economy, 2026-12-03) the same shock was a depression on two seeds and
  // raised credit on two, firms drawing on their lines (docs/finance.md, "Transmission, as
  // same-seed experiments").
  const at = 2920;
  const run = (seed: number, crunch: boolean) => {
    const shocks = crunch
      ? [{ at, parameter: "finance.banks.capital_requirement", op: "set", value: 0.25 }]
      : [];
    const sim = Simulation.create(smallBankedIsland(3000, { random_seed: seed, shocks }));
    sim.run(at - 1 + 90);
    const k = sim.world.kpis;
    const mean = { credit: 0, investment: 0, output: 0, unemployment: 0 };
    sim.run(180, () => {
      mean.credit += k.values[k.indexOf("credit")] / 180;
      mean.investment += k.values[k.indexOf("investment_real")] / 180;
      mean.output += k.values[k.indexOf("gdp_real")] / 180;
      mean.unemployment += k.values[k.indexOf("unemployment_rate")] / 180;
    });
    return mean;
  };
  const seeds = [7, 1, 2, 3, 4, 5];
  const effects = seeds.map((seed) => {
    const base = run(seed, false);
    const crunch = run(seed, true);
    return {
      seed,
      credit: crunch.credit / base.credit - 1,
      investment: crunch.investment / base.investment - 1,
      output: crunch.output / base.output - 1,
      unemployment: crunch.unemployment - base.unemployment,
    };
  });
  const say = JSON.stringify(effects);
  const mean = (k: "credit" | "investment" | "output" | "unemployment") =>
    effects.reduce((sum, e) => sum + e[k], 0) / effects.length;
  assert.ok(mean("credit") < -0.05, say);
  assert.ok(mean("investment") < -0.02, say);
  assert.ok(mean("output") < -0.01, say);
  assert.ok(mean("unemployment") > 0.003, say);
  // Every seed lends and produces less; all but one employ fewer, at least half invest less.
  // Since firms close once a firm cycle (2026-12-07, afternoon), seed 5's crunch bites little:
  // credit -4.4%, output -1.4%, unemployment -0.05 points (the others: credit -15% to -18%,
  // output -4.9% to -8.8%, unemployment +1.4 to +2.7 points).
  for (const k of ["credit", "output"] as const) {
    assert.ok(effects.every((e) => e[k] < 0), `${k}: ${say}`);
  }
  assert.ok(effects.filter((e) => e.unemployment > 0).length >= 5, `unemployment: ${say}`);
  assert.ok(effects.filter((e) => e.investment < 0).length >= 3, `investment: ${say}`);
});

Deno.test("a run with banks resumed from a snapshot is byte-identical to an uninterrupted run", async () => {
  await assertResumesIdentically(withBanks(2000), ["banks", "loans", "central_bank"]);
});

Deno.test("a run resumed from a snapshot taken with overnight interbank loans open is byte-identical", async () => {
  // Reserves scarce enough to trade: banks buy all the government's bonds with them and must
  // hold 99% of their deposits; the snapshot is taken on the first day that ends with overnight
  // loans open (with seed 7, day 56 since the labor market's change of 2026-12-03; day 62 before).
  // Without investment loans: their opening book takes every bank's reserves below 99% of its
  // deposits, and with every bank short no bank lends overnight.
  const cfg = smallScenarioWith("government", 2000, {
    government: { bonds: { central_bank_share: 0 } },
    finance: {
      ...BANKS.finance,
      interbank_market: true,
      banks: { reserve_requirement: 0.99, investment_loan_share: 0 },
    },
  });
  const sim = Simulation.create(cfg);
  const open = () => {
    let sum = 0;
    for (let r = 0; r < sim.world.tables.banks.length; r++) {
      sum += Math.abs(sim.world.tables.banks.col.interbank[r]);
    }
    return sum;
  };
  while (open() === 0 && sim.world.tick < 365) sim.run(1);
  assert.ok(open() > 0, "no overnight loan was open in the first year");
  await assertResumesIdentically(cfg, ["banks", "central_bank"], sim.world.tick);
});

Deno.test("without simulate_banks, enable_banks leaves the overdraft economy as it was", () => {
  const cfg = smallScenario(1000, { finance: { enable_banks: true } });
  const sim = Simulation.create(cfg);
  sim.run(30);
  assert.equal(sim.world.tables.banks.length, 0);
  assert.ok(!sim.activeSystems.active.includes("finance"));
});

Deno.test("with banks, every identity holds every tick over random small economies, with or without a government (property)", () => {
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 0, max: 10_000 }),
        persons: fc.integer({ min: 800, max: 2500 }),
        banks: fc.integer({ min: 1, max: 6 }),
        equity: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        requirement: fc.double({ min: 0, max: 0.2, noNaN: true }),
        reserves: fc.double({ min: 0, max: 0.2, noNaN: true }),
        passThrough: fc.double({ min: 0, max: 1, noNaN: true }),
        remunerate: fc.boolean(),
        cadence: fc.integer({ min: 1, max: 60 }),
        maturity: fc.integer({ min: 30, max: 1800 }),
        government: fc.boolean(),
        bondYears: fc.double({ min: 0.2, max: 30, noNaN: true }),
        centralBankShare: fc.double({ min: 0, max: 1, noNaN: true }),
        interbank: fc.boolean(),
      }),
      (p) => {
        const sim = Simulation.create(withBanks(p.persons, {
          random_seed: p.seed,
          // Half the economies have a government, whose bonds the banks and central bank buy.
          systems: { government: p.government },
          government: {
            bonds: { maturity_years: p.bondYears, central_bank_share: p.centralBankShare },
          },
          finance: {
            interbank_market: p.interbank,
            banks: {
              count: p.banks,
              initial_equity_share: p.equity,
              capital_requirement: p.requirement,
              reserve_requirement: p.reserves,
              deposit_pass_through: p.passThrough,
              loan_maturity_days: p.maturity,
            },
            central_bank: { cadence_days: p.cadence, remunerate_excess_reserves: p.remunerate },
          },
          logging: { deep_checks_days: 1 },
        }));
        // Bookkeeping checks every balance sheet, the deposits and loans on the banks' books,
        // the central bank, created and destroyed money and the flow matrix every tick, and
        // throws on any violation.
        sim.run(75);
        const w = sim.world;
        assert.equal(w.tables.banks.length, p.banks);
        assert.equal(w.tables.polities.length, p.government ? 1 : 0);
        assert.ok(Math.abs(money(w) - w.ledger.expected()) <= 1e-9 * Math.abs(money(w)) + 1e-6);
      },
    ),
    { numRuns: 8, seed: 7 },
  );
});
