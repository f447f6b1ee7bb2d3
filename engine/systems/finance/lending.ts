/**
 * Lending: the price of credit, who gets it, and the life of a loan.
 *
 * - Price: lending rate = policy rate + `lending_markup` + `risk_premium` x the borrower's
 *   leverage (debt over debt, cash and machines), the bank's markup over its funding cost
 *   with a premium that rises with the borrower's default risk (Dosi, Fagiolo, Napoletano
 *   & Roventini 2013, JEDC 37:1598; Caiani et al. 2016, JEDC 69:375, sec. 3.5).
 * - Quantity: a firm may owe up to its credit limit (working capital plus what its machines
 *   secure, `economy/credit.ts`), and a bank whose capital ratio is below
 *   `capital_requirement` grants no new planned credit: its borrowers' credit left is 0
 *   (credit rationing by a capital constraint, Stiglitz & Weiss 1981, AER 71:393 for
 *   rationing; the Basel ratio as in Dosi et al. 2013). Wages already paid past a firm's
 *   cash are still funded on its committed line; a firm over its limit exits.
 * - Instruments: a revolving credit line (interest only, repaid from cash above the firm's
 *   buffer) and term loans for machines, amortised in equal monthly installments over
 *   `loan_maturity_days` (Caiani et al. 2016 use amortising loans).
 * - Life: loans create deposits when granted and repayment destroys them (McLeay, Radia &
 *   Thomas 2014, BoE Quarterly Bulletin Q1); interest is paid monthly, unpaid interest is
 *   added to the loan (arrears); a firm that exits repays what its cash can and the rest is
 *   written off against the bank's equity (default).
 *
 * @module
 */
import { NULL_REF } from "../../core/table.ts";
import { EVENTS, FLOW } from "../../events.ts";
import { LoanKind, LoanStatus } from "../../tables/loans.ts";
import { grownScratch, scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";
import { firmBank } from "./accounts.ts";

/** Days between loan payments. */
export const PAYMENT_DAYS = 30;

/**
 * Days over which a firm's term borrowing joins one loan: what it borrows for machines within a
 * year of a term loan's start adds to that loan (a delayed-draw term loan, drawn as the machines
 * are bought), so a firm holds about one loan per year of maturity rather than one per month.
 * (Monthly loans, with `investment_loan_share` on, made 27 loans a firm on the 50k island, and
 * servicing and checking them cost time in proportion: 1 ms of finance and 1.2 ms of bookkeeping
 * a day at 90,000 loans, which at the large preset's 25,000 firms would pass the 5 ms goal.)
 */
export const DRAW_DAYS = 365;

/**
 * Leverage of firm row `f`: debt over debt + cash + the value of its machines
 * (`machines`, from `capitalValue`), 0..1. A firm that is about to draw credit holds negative
 * cash for a moment; it is measured as it will stand once it has drawn (the shortfall added to
 * its debt, its cash at 0), so leverage stays in 0..1. Measured on the negative cash, a firm
 * whose debt and machines barely covered the shortfall came out with a leverage of millions,
 * and its credit line with a rate of 3e13 (a 50k run with banks, seed 3, day 6081).
 */
export function leverage(world: SimWorld, f: number, machines: number): number {
  const c = world.tables.firms.col;
  return leverageOf(c.debt[f], c.cash[f], machines);
}

/**
 * Leverage of a balance sheet of `debt`, `cash` and `machines`: debt over debt + cash +
 * machines, negative cash counted as debt drawn (see {@link leverage}).
 */
export function leverageOf(debt: number, cash: number, machines: number): number {
  const owed = cash < 0 ? debt - cash : debt;
  const assets = owed + (cash < 0 ? 0 : cash) + machines;
  return assets > 0 ? owed / assets : 0;
}

/**
 * The rate firm row `f` pays on new credit: policy rate + markup + risk premium x leverage
 * (see the module doc).
 *
 * @example
 * ```ts
 * lendingRate(world, f, capitalValue(world, f)); // e.g. 0.065
 * ```
 */
export function lendingRate(world: SimWorld, f: number, machines: number): number {
  const b = world.config.finance.banks;
  return world.tables.central_bank.col.policy_rate[0] + b.lending_markup +
    b.risk_premium * leverage(world, f, machines);
}

/**
 * The lending rate at the neutral policy rate for a firm without debt: the reference of the
 * user cost of capital.
 */
export function neutralLendingRate(world: SimWorld): number {
  const cfg = world.config.finance;
  return cfg.central_bank.neutral_real_rate + cfg.central_bank.inflation_target +
    cfg.banks.lending_markup;
}

/**
 * Credit bank row `b` can still grant before its capital ratio falls to the requirement.
 */
export function lendingRoom(world: SimWorld, b: number): number {
  const c = world.tables.banks.col;
  if (c.lending[b] === 0) return 0;
  const req = world.config.finance.banks.capital_requirement;
  return req > 0 ? Math.max(0, c.equity[b] / req - c.loans[b]) : Infinity;
}

/** Updates bank row `b`'s capital ratio and whether it still lends. */
export function updateCapital(world: SimWorld, b: number): void {
  const c = world.tables.banks.col;
  c.capital_ratio[b] = c.loans[b] > 0 ? c.equity[b] / c.loans[b] : 1e9;
  c.lending[b] = c.capital_ratio[b] >= world.config.finance.banks.capital_requirement ? 1 : 0;
}

function newLoan(
  world: SimWorld,
  f: number,
  b: number,
  kind: number,
  rate: number,
): number {
  const L = world.tables.loans;
  const l = L.add(1);
  const c = L.col;
  c.borrower[l] = world.tables.firms.ids[f];
  c.bank[l] = world.tables.banks.ids[b];
  c.kind[l] = kind;
  c.status[l] = LoanStatus.performing;
  c.rate[l] = rate;
  c.start[l] = world.tick;
  c.maturity[l] = kind === LoanKind.term
    ? world.tick + world.config.finance.banks.loan_maturity_days
    : NULL_REF;
  return l;
}

/** Monthly installments of a term loan. */
function installments(world: SimWorld): number {
  return Math.max(1, Math.round(world.config.finance.banks.loan_maturity_days / PAYMENT_DAYS));
}

/**
 * The share of each machine purchase firms finance with a term loan whatever their cash:
 * `investment_loan_share`, at most `collateral_share` (what the machines secure).
 */
export function investmentLoanShare(cfg: SimWorld["config"]): number {
  return Math.min(
    cfg.finance.banks.investment_loan_share,
    cfg.economy.firm_behaviour.collateral_share,
  );
}

/**
 * A term loan firm row `f` holds when the banks open: `principal` owed to its bank at `rate`,
 * amortised in equal monthly installments over `days`. It is part of the initial state, not
 * new credit: the bank's reserves fund it (its deposits are the money that already exists), it
 * counts in `loans_initial`, and no money is created and no event emitted. The firm's
 * `term_loan` is left alone: new borrowing starts a loan of its own.
 */
export function openingLoan(
  world: SimWorld,
  f: number,
  principal: number,
  rate: number,
  days: number,
): void {
  if (!(principal > 0)) return;
  const fc = world.tables.firms.col;
  fc.debt[f] += principal;
  // The scales of the bookkeeping's rounding tolerance (see checks.ts): credit that went through.
  fc.borrowed[f] += principal;
  const b = firmBank(world, f);
  const l = newLoan(world, f, b, LoanKind.term, rate);
  const L = world.tables.loans;
  L.col.maturity[l] = world.tick + days;
  L.col.principal[l] = principal;
  L.col.installment[l] = principal / Math.max(1, Math.round(days / PAYMENT_DAYS));
  const bc = world.tables.banks.col;
  bc.loans[b] += principal;
  bc.lent[b] += principal;
  bc.reserves[b] -= principal;
  world.tables.central_bank.col.loans_initial[0] += principal;
}

/**
 * Lends `amount` to firm row `f` from its bank at `rate`, as its credit line or as a term
 * loan (the year's term loan grows if one began less than {@link DRAW_DAYS} ago). The
 * money is created: the firm's deposit and the bank's loans and deposits rise together.
 * Returns the loan's row.
 */
export function grantLoan(
  world: SimWorld,
  f: number,
  amount: number,
  kind: number,
  rate: number,
): number {
  if (!(amount >= 0) || !Number.isFinite(amount)) {
    throw new RangeError(`finance: a loan of ${amount} is not allowed`);
  }
  const F = world.tables.firms;
  const fc = F.col;
  const L = world.tables.loans;
  const b = firmBank(world, f);
  const ptr = kind === LoanKind.line ? fc.credit_line : fc.term_loan;
  let l = ptr[f] === NULL_REF ? -1 : L.row(ptr[f]);
  // A term loan takes draws for DRAW_DAYS, and never in its last month (loans shorter than a
  // year take them only while more than a payment remains).
  if (
    l >= 0 && kind === LoanKind.term &&
    (world.tick - L.col.start[l] >= DRAW_DAYS || world.tick + PAYMENT_DAYS >= L.col.maturity[l])
  ) l = -1;
  const lc = L.col;
  if (l < 0) {
    l = newLoan(world, f, b, kind, rate);
    ptr[f] = L.ids[l];
    world.events.emit(EVENTS.code.loan_issued, L.ids[l], F.ids[f], fc.tile[f], amount);
  } else {
    const p = lc.principal[l];
    lc.rate[l] = p + amount > 0 ? (p * lc.rate[l] + amount * rate) / (p + amount) : rate;
  }
  const lcol = world.tables.loans.col;
  lcol.principal[l] += amount;
  if (kind === LoanKind.term) lcol.installment[l] += amount / installments(world);
  fc.cash[f] += amount;
  fc.debt[f] += amount;
  fc.borrowed[f] += amount;
  bookCredit(world, b, amount, rate);
  return l;
}

/**
 * The bank's side of new credit of `amount` at `rate` from bank row `b` (to a firm or a
 * household, whose own books the caller keeps): its loans and the deposit the loan creates rise
 * together, the ledger counts the money created and the central bank the credit granted.
 */
export function bookCredit(world: SimWorld, b: number, amount: number, rate: number): void {
  const bc = world.tables.banks.col;
  bc.loans[b] += amount;
  bc.lent[b] += amount;
  bc.deposits[b] += amount;
  world.ledger.created += amount;
  const cb = world.tables.central_bank.col;
  cb.granted[0] += amount;
  cb.granted_today[0] += amount;
  cb.granted_interest_today[0] += amount * rate;
  updateCapital(world, b);
}

/**
 * Repays `amount` of loan row `l` from its borrower's deposit (row `f`), destroying the
 * money; removes the loan when it is paid off, what rounding leaves of it (at most 1e-9 of the
 * payment) written off. Returns whether it removed the loan: its row then holds the table's
 * last loan, or none.
 */
function repayPrincipal(world: SimWorld, l: number, f: number, amount: number): boolean {
  const L = world.tables.loans;
  const lc = L.col;
  const b = world.tables.banks.rowOf[lc.bank[l]];
  const fc = world.tables.firms.col;
  lc.principal[l] -= amount;
  const bc = world.tables.banks.col;
  bc.loans[b] -= amount;
  bc.deposits[b] -= amount;
  fc.cash[f] -= amount;
  fc.debt[f] = Math.max(0, fc.debt[f] - amount); // rounding must not leave a debt below 0
  world.ledger.destroyed += amount;
  world.tables.central_bank.col.repaid[0] += amount;
  if (lc.principal[l] <= 1e-9 * Math.max(1, amount)) {
    // Paid off: what rounding leaves is written off.
    const rest = lc.principal[l];
    bc.loans[b] -= rest;
    fc.debt[f] = Math.max(0, fc.debt[f] - rest);
    bc.equity[b] -= rest;
    bc.profit[b] -= rest;
    world.tables.central_bank.col.written_off[0] += rest;
    world.events.emit(EVENTS.code.loan_repaid, L.ids[l], lc.borrower[l], fc.tile[f], amount);
    removeLoan(world, l, f);
    return true;
  }
  return false;
}

function removeLoan(world: SimWorld, l: number, f: number): void {
  const L = world.tables.loans;
  const fc = world.tables.firms.col;
  const id = L.ids[l];
  if (fc.credit_line[f] === id) fc.credit_line[f] = NULL_REF;
  if (fc.term_loan[f] === id) fc.term_loan[f] = NULL_REF;
  L.remove(l);
}

/** Principal firm row `f` owes on its credit line. */
export function lineOwed(world: SimWorld, f: number): number {
  const id = world.tables.firms.col.credit_line[f];
  const l = id === NULL_REF ? -1 : world.tables.loans.row(id);
  return l >= 0 ? world.tables.loans.col.principal[l] : 0;
}

/** Firm row `f` repays up to `amount` of its credit line from its deposit. */
export function repayLine(world: SimWorld, f: number, amount: number): void {
  const id = world.tables.firms.col.credit_line[f];
  const l = id === NULL_REF ? -1 : world.tables.loans.row(id);
  if (l < 0) return;
  const x = Math.min(amount, world.tables.loans.col.principal[l], world.tables.firms.col.cash[f]);
  if (x > 0) repayPrincipal(world, l, f, x);
}

/**
 * Monthly payments: on each loan's payment day its borrower pays the month's interest and
 * (term loans) its installment from its deposit. Interest the deposit cannot pay is added to
 * the loan and the loan goes into arrears; a full payment brings it back to performing.
 */
export function serviceLoans(world: SimWorld): void {
  const L = world.tables.loans;
  const F = world.tables.firms;
  const lc = L.col;
  const fc = F.col;
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  const tick = world.tick;
  let interest = 0;
  let received = 0;
  for (let l = L.length - 1; l >= 0; l--) {
    const age = tick - lc.start[l];
    if (age <= 0 || age % PAYMENT_DAYS !== 0) continue;
    const f = F.rowOf[lc.borrower[l]];
    const b = world.tables.banks.rowOf[lc.bank[l]];
    const due = lc.principal[l] * lc.rate[l] * PAYMENT_DAYS / 365;
    const paid = Math.max(0, Math.min(fc.cash[f], due));
    const unpaid = due - paid;
    fc.cash[f] -= paid;
    bc.deposits[b] -= paid;
    bc.equity[b] += due;
    bc.profit[b] += due;
    interest += due;
    received += paid;
    if (unpaid !== 0) {
      lc.principal[l] += unpaid;
      bc.loans[b] += unpaid;
      bc.lent[b] += unpaid;
      fc.debt[f] += unpaid;
      fc.borrowed[f] += unpaid;
      cb.capitalised[0] += unpaid;
    }
    let owed = 0;
    if (lc.kind[l] === LoanKind.term) {
      owed = tick >= lc.maturity[l]
        ? lc.principal[l]
        : Math.min(lc.principal[l], lc.installment[l]);
    }
    const pay = Math.min(owed, fc.cash[f]);
    lc.status[l] = unpaid > 0 || pay < owed ? LoanStatus.arrears : LoanStatus.performing;
    if (pay > 0) repayPrincipal(world, l, f, pay);
  }
  world.ledger.destroyed += received;
  cb.bank_received[0] += received;
  world.ledger.record(FLOW.loan_interest, interest);
}

/**
 * Firm row `f` exits: its deposit repays what it can of each of its loans and the rest is
 * written off against the bank's equity (a default, one event per loan). The loans leave the
 * table; the firm's debt is 0 afterwards.
 */
export function settleExit(world: SimWorld, f: number, exiting: ExitingLoans): void {
  const L = world.tables.loans;
  const lc = L.col;
  const F = world.tables.firms;
  const fc = F.col;
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  const id = F.ids[f];
  const rows = exiting.rowsOf(world, f);
  for (let i = 0; i < rows.length; i++) {
    const l = rows[i];
    const pay = Math.min(fc.cash[f], lc.principal[l]);
    const rest = lc.principal[l] - pay;
    if (rest <= 0) {
      repayPrincipal(world, l, f, pay);
      continue;
    }
    // A loan repaid all but a rounding's worth is settled and gone: its row now holds another
    // borrower's loan, which is not this exit's to write off.
    if (pay > 0 && repayPrincipal(world, l, f, pay)) continue;
    const b = world.tables.banks.rowOf[lc.bank[l]];
    lc.status[l] = LoanStatus.default;
    bc.loans[b] -= rest;
    bc.equity[b] -= rest;
    bc.profit[b] -= rest;
    fc.debt[f] -= rest;
    cb.written_off[0] += rest;
    cb.defaults_year[0] += rest;
    world.events.emit(EVENTS.code.loan_defaulted, L.ids[l], id, fc.tile[f], rest);
    removeLoan(world, l, f);
    updateCapital(world, b);
  }
  fc.debt[f] = 0;
}

/**
 * The loans of the day's exiting firms, found in one pass over the loans for all of them: a
 * pass per exit cost about 1 ms a day at the large preset (a dozen exits, tens of thousands of
 * loans). Built before the first exit is settled; settling removes loans, so each exit looks
 * its loans' rows up by id when its turn comes. The lists are the world's scratch
 * (`finance.exitingLoans`: [firm row, loan id] pairs in the loans' row order;
 * `finance.exitRows`).
 */
export class ExitingLoans {
  #n = 0;

  /**
   * Finds the loans of the firms marked 1 in `closing` (by firm id + 1: a borrower is looked up
   * in one read, where the firms' row index and then a mark by row took two in a chain).
   */
  find(world: SimWorld, closing: Uint8Array): this {
    const F = world.tables.firms;
    const L = world.tables.loans;
    const borrower = L.col.borrower;
    const firmRow = F.rowOf;
    let pairs = scratch(world, PAIRS, Int32Array, 64);
    let n = 0;
    for (let l = 0; l < L.length; l++) {
      if (closing[borrower[l] + 1] !== 1) continue;
      const f = firmRow[borrower[l]];
      if (2 * n + 2 > pairs.length) pairs = grownScratch(world, PAIRS, pairs);
      pairs[2 * n] = f;
      pairs[2 * n + 1] = L.ids[l];
      n++;
    }
    this.#n = n;
    return this;
  }

  /**
   * Rows of firm row `f`'s loans now, from the last row down: the order of a pass from the
   * end, which removing a loan (its row takes the table's last) leaves valid.
   */
  rowsOf(world: SimWorld, f: number): Int32Array {
    const L = world.tables.loans;
    const pairs = scratch(world, PAIRS, Int32Array, 2 * this.#n);
    let rows = scratch(world, ROWS, Int32Array, 16);
    let n = 0;
    for (let i = 0; i < this.#n; i++) {
      if (pairs[2 * i] !== f) continue;
      const l = L.row(pairs[2 * i + 1]);
      if (l < 0) continue;
      if (n === rows.length) rows = grownScratch(world, ROWS, rows);
      // Insertion, largest row first.
      let j = n++;
      while (j > 0 && rows[j - 1] < l) {
        rows[j] = rows[j - 1];
        j--;
      }
      rows[j] = l;
    }
    return rows.subarray(0, n);
  }
}

const PAIRS = "finance.exitingLoans";
const ROWS = "finance.exitRows";
