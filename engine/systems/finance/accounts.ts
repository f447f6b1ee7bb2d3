/**
 * Accounts: who banks where, the banks' deposits and the settlement of payments in reserves.
 *
 * Money is deposits (Caiani et al. 2016, JEDC 69:375; Godley & Lavoie 2007, Monetary
 * Economics, ch. 7): a person's `wealth` is a deposit at the bank of the person's household
 * and a firm's `cash` a deposit at the firm's bank. Wages, purchases and the other payments
 * of the economy move deposits between customers during the day; when payer and payee bank
 * at different banks, the payer's bank owes the payee's bank the amount, which it settles in
 * central-bank reserves (clearing through the central bank; BIS 2003, "The role of central
 * bank money in payment systems"). {@link clearPayments} does this once a day for the net
 * position of each bank, so the hot loops of the economy never touch a bank.
 *
 * Then each bank tops its reserves up to the requirement with advances from the central
 * bank's lending facility, or repays advances from reserves above it (the standing
 * facilities of a corridor system: Poole 1968, J. Finance 23:769), and interest on both
 * runs at the facilities' rates (on the reserves `deposit_rates.ts` says are remunerated).
 * With `finance.interbank_market`, banks short of reserves first borrow overnight from banks
 * with reserves above their requirement (and their advances repaid), and only what that
 * market cannot supply comes from the facility ({@link lendOvernight}).
 *
 * @module
 */
import { hash32, streamOf, tickKey } from "../../core/rng.ts";
import { InvariantError } from "../../core/invariants.ts";
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { priceDeposits, remuneratedReserves } from "./deposit_rates.ts";
import { capitalValue, machineValues } from "../economy/capital.ts";
import {
  investmentLoanShare,
  leverageOf,
  neutralLendingRate,
  openingLoan,
  PAYMENT_DAYS,
} from "./lending.ts";
import { mortgagesOn, openingMortgages } from "./mortgages.ts";

/** Relative tolerance of the banking identities. */
export const FINANCE_TOLERANCE = 1e-9;

/** The bank id a new customer gets: a keyed draw on its id, the same in every run of a seed. */
function drawBank(world: SimWorld, id: number, kind: number): number {
  const B = world.tables.banks;
  const key = tickKey(world.seed, streamOf("finance.accounts"), 0);
  return B.ids[hash32(key, id, kind) % B.length];
}

/** Bank row of firm row `f`, opening its account first if it has none. */
export function firmBank(world: SimWorld, f: number): number {
  const c = world.tables.firms.col;
  if (c.bank[f] === NULL_REF) c.bank[f] = drawBank(world, world.tables.firms.ids[f], 1);
  return world.tables.banks.rowOf[c.bank[f]];
}

/**
 * A payment of `amount` from firm row `f`'s deposit to a government, booked on the banks as it
 * happens rather than at the next clearing: the firm's bank loses the deposit and the reserves
 * that settle it, and the central bank moves those reserves to the treasury's account. The
 * caller moves the firm's cash and the polity's money. (The same booking as
 * {@link clearPayments} gives it; the profit tax, paid after the day's clearing, uses it so as
 * not to clear every customer's deposit a second time.)
 */
export function bookFirmToGovernment(world: SimWorld, f: number, amount: number): void {
  const b = firmBank(world, f);
  const bc = world.tables.banks.col;
  bc.deposits[b] -= amount;
  bc.reserves[b] -= amount;
  const cb = world.tables.central_bank.col;
  cb.reserves[0] -= amount;
  cb.treasury[0] += amount;
}

/** Bank row of household row `h`, opening its account first if it has none. */
export function householdBank(world: SimWorld, h: number): number {
  const c = world.tables.households.col;
  if (c.bank[h] === NULL_REF) c.bank[h] = drawBank(world, world.tables.households.ids[h], 0);
  return world.tables.banks.rowOf[c.bank[h]];
}

/** Opens an account for every household and firm without one. */
export function openAccounts(world: SimWorld): void {
  const Hh = world.tables.households;
  const F = world.tables.firms;
  const hb = Hh.col.bank;
  for (let h = 0; h < Hh.length; h++) {
    if (hb[h] === NULL_REF) hb[h] = drawBank(world, Hh.ids[h], 0);
  }
  for (let f = 0; f < F.length; f++) if (F.col.bank[f] === NULL_REF) firmBank(world, f);
}

/**
 * Deposits of each bank's customers as they hold them now (persons' wealth by their
 * household's bank, firms' cash by theirs), into `out` by bank row. Returns households' and
 * firms' totals in `sectors` ([households, firms]).
 */
export function customerDeposits(world: SimWorld, out: Float64Array, sectors: Float64Array): void {
  sectors[0] = householdDeposits(world, out);
  sectors[1] = addFirmDeposits(world, out);
}

/**
 * Persons' wealth by the bank of their household, into `out` by bank row; returns the total.
 * The bank row of each household is looked up by id in a table built first (one random read a
 * person instead of three: household row, its bank, the bank's row).
 */
function householdDeposits(world: SimWorld, out: Float64Array): number {
  const B = world.tables.banks;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  out.fill(0, 0, B.length);
  const bankOf = scratch(world, "finance.bankByHousehold", Uint16Array, Hh.nextId);
  const hBank = Hh.col.bank;
  const bRow = B.rowOf;
  for (let h = 0; h < Hh.length; h++) bankOf[Hh.ids[h]] = bRow[hBank[h]];
  const wealth = P.col.wealth;
  const household = P.col.household;
  let total = 0;
  for (let p = 0; p < P.length; p++) {
    const w = wealth[p];
    out[bankOf[household[p]]] += w;
    total += w;
  }
  return total;
}

/** Adds firms' cash to `out` by the row of their bank; returns the total. */
function addFirmDeposits(world: SimWorld, out: Float64Array): number {
  const F = world.tables.firms;
  const bRow = world.tables.banks.rowOf;
  const cash = F.col.cash;
  const fBank = F.col.bank;
  let total = 0;
  for (let f = 0; f < F.length; f++) {
    out[bRow[fBank[f]]] += cash[f];
    total += cash[f];
  }
  return total;
}

/**
 * Settles the day's payments between customers of different banks, and between customers
 * and the governments or the central bank (its fund purchases): each bank's deposits on its
 * books move to what its customers hold, and its reserves by the same amount; the treasury
 * accounts move by what the governments paid or received. The net positions sum to zero, since
 * the economy's payments only move money (credit, interest and dividends are booked on the
 * banks as they happen, bond sales on the treasury); a sum that is not zero means some payment
 * created or destroyed money outside the banks, and is an invariant violation.
 *
 * @throws {InvariantError} naming the amounts when the clearing does not net out.
 */
export function clearPayments(world: SimWorld): void {
  const B = world.tables.banks;
  const b = B.col;
  const now = scratch(world, "finance.customerDeposits", Float64Array, B.length);
  const sectors = scratch(world, "finance.sectorDeposits", Float64Array, 2);
  customerDeposits(world, now, sectors);
  let net = 0;
  let scale = 0;
  for (let r = 0; r < B.length; r++) {
    const d = now[r] - b.deposits[r];
    net += d;
    scale += now[r];
    b.deposits[r] = now[r];
    b.reserves[r] += d;
  }
  // Payments to and from the governments (taxes, transfers, public pay and purchases) move
  // money between the treasury accounts and the banks' customers: they settle in reserves.
  // So do the central bank's own payments to customers, its fund purchases (`paid_today`).
  const cb = world.tables.central_bank.col;
  const treasury = governmentMoney(world);
  const government = treasury - cb.treasury[0];
  cb.treasury[0] = treasury;
  cb.reserves[0] += net;
  const own = cb.paid_today[0];
  cb.paid_today[0] = 0;
  if (Math.abs(net + government - own) > FINANCE_TOLERANCE * Math.max(1, scale + treasury)) {
    throw new InvariantError(
      `tick ${world.tick}: clearing: customers' deposits changed by ${net}, the governments' ` +
        `accounts by ${government} and the central bank paid customers ${own} outside the ` +
        `banks' own operations; payments between customers, governments and the central bank ` +
        `must net out to 0`,
    );
  }
}

/** Money in the governments' accounts at the central bank (0 without a government). */
export function governmentMoney(world: SimWorld): number {
  const Pol = world.tables.polities;
  let m = 0;
  for (let q = 0; q < Pol.length; q++) m += Pol.col.money[q];
  return m;
}

/**
 * Reserve management and the standing facilities, once a day: interest on reserves (deposit
 * facility) and on advances (lending facility), then each bank borrows what it lacks of
 * its required reserves and repays advances from what it holds above them.
 */
export function settleReserves(world: SimWorld): void {
  const B = world.tables.banks;
  const b = B.col;
  const cb = world.tables.central_bank.col;
  const rr = world.config.finance.banks.reserve_requirement;
  repayOvernight(world);
  const market = world.config.finance.interbank_market;
  const short = scratch(world, "finance.reserveShortfall", Float64Array, B.length);
  const onReserves = cb.deposit_facility[0] / 365;
  const onAdvances = cb.lending_facility[0] / 365;
  let paid = 0;
  let charged = 0;
  for (let r = 0; r < B.length; r++) {
    const earn = remuneratedReserves(world, r) * onReserves;
    const owe = b.advances[r] * onAdvances;
    b.reserves[r] += earn - owe;
    b.equity[r] += earn - owe;
    b.profit[r] += earn - owe;
    paid += earn;
    charged += owe;
    const required = rr * b.deposits[r];
    short[r] = 0;
    if (market && b.reserves[r] < required) {
      short[r] = required - b.reserves[r]; // the interbank market first, below
    } else if (b.reserves[r] < required) {
      const a = required - b.reserves[r];
      b.advances[r] += a;
      b.reserves[r] = required;
      cb.advances[0] += a;
      cb.reserves[0] += a;
    } else if (b.advances[r] > 0) {
      const a = Math.min(b.advances[r], b.reserves[r] - required);
      b.advances[r] -= a;
      b.reserves[r] -= a;
      // The central bank's book is a running sum of every advance and repayment, so the last
      // repayment can leave an ulp of it below zero (-4.7e-10 at tick 3180 of a 3,000-person
      // run, 2026-12-05): not below what the banks owe, which is 0 then.
      cb.advances[0] = Math.max(0, cb.advances[0] - a);
      cb.reserves[0] -= a;
    }
  }
  cb.reserves[0] += paid - charged;
  cb.equity[0] += charged - paid;
  world.ledger.record(FLOW.reserve_interest, paid);
  world.ledger.record(FLOW.advance_interest, charged);
  if (market) lendOvernight(world, short);
}

/**
 * The overnight interbank market: banks with reserves above their requirement lend to banks
 * short of it (`short`, by bank row), each lender in proportion to its surplus and each
 * borrower to its shortfall, and the facility lends the rest of the shortfall. The rate lies
 * inside the corridor, at the policy rate when surplus and shortfall are equal, toward the
 * deposit facility as surplus reserves abound and toward the lending facility as they grow
 * scarce: a bank lends overnight for more than the deposit facility pays and borrows for less
 * than the lending facility charges (Poole 1968, J. Finance 23:769; Whitesell 2006, J.
 * Monetary Econ. 53:1177; Bindseil 2004, Monetary Policy Implementation, ch. 3).
 */
function lendOvernight(world: SimWorld, short: Float64Array): void {
  const B = world.tables.banks;
  const b = B.col;
  const cb = world.tables.central_bank.col;
  const rr = world.config.finance.banks.reserve_requirement;
  let need = 0;
  let surplus = 0;
  for (let r = 0; r < B.length; r++) {
    need += short[r];
    if (short[r] === 0) surplus += Math.max(0, b.reserves[r] - rr * b.deposits[r]);
  }
  const volume = Math.min(need, surplus);
  cb.interbank_rate[0] = 0;
  if (volume > 0) {
    const half = (cb.lending_facility[0] - cb.deposit_facility[0]) / 2;
    cb.interbank_rate[0] = cb.policy_rate[0] + (half * (need - surplus)) / (need + surplus);
  }
  const borrowShare = need > 0 ? volume / need : 0;
  const lendShare = surplus > 0 ? volume / surplus : 0;
  for (let r = 0; r < B.length; r++) {
    if (short[r] > 0) {
      const x = short[r] * borrowShare;
      b.interbank[r] -= x;
      b.reserves[r] += x;
      // The facility lends what the market could not.
      const a = short[r] - x;
      if (a > 0) {
        b.advances[r] += a;
        b.reserves[r] += a;
        cb.advances[0] += a;
        cb.reserves[0] += a;
      }
    } else if (volume > 0) {
      const y = Math.max(0, b.reserves[r] - rr * b.deposits[r]) * lendShare;
      b.interbank[r] += y;
      b.reserves[r] -= y;
    }
  }
}

/**
 * Yesterday's overnight interbank loans come back with a day's interest at their rate: each
 * borrower pays its lenders in reserves, and interest moves equity from borrowers to lenders.
 */
function repayOvernight(world: SimWorld): void {
  const B = world.tables.banks;
  const b = B.col;
  const day = world.tables.central_bank.col.interbank_rate[0] / 365;
  let interest = 0;
  for (let r = 0; r < B.length; r++) {
    const x = b.interbank[r];
    if (x === 0) continue;
    b.reserves[r] += x * (1 + day);
    b.equity[r] += x * day;
    b.profit[r] += x * day;
    if (x < 0) interest -= x * day;
    b.interbank[r] = 0;
  }
  world.ledger.record(FLOW.interbank_interest, interest);
}

/**
 * The term loans firms hold when the banks open, so that credit starts where the
 * `investment_loan_share` of their replacement investment keeps it: a firm that borrows that
 * share s of the machines it buys each day, I = s x daily replacement, on loans amortised over
 * `loan_maturity_days` M, owes I x M / 2 once the first loans have matured (a loan book of
 * constant issue, each vintage half repaid on average), and repays I a day. Each firm starts
 * with that book as it would stand: one loan per year of issue (K = M / 365 vintages, at
 * least one), vintage k issued about a_k = (k + 1/2) M / K days ago, owing I x (M / K) x
 * (1 - a_k / M) and repaid over its remaining M - a_k days, at the lending rate of the neutral
 * policy rate. Each vintage then repays I / K a day, so the book runs off as a book of vintages
 * does while new loans replace it. (A single loan repaid over M / 2 ran off too soon: credit
 * fell by a quarter by day M / 2 before the new vintages made it up, destroying the money it had
 * lent, and the 20k island with `investment_loan_share: 0.5` started in a slump, 18.5% of its
 * labor force unemployed in the first year, seed 1.) The loans come out of the banks' reserves,
 * so the money of the start is unchanged and consistent with the financing rule: firms do not
 * borrow their way up to it in the first years, creating money as they go (measured: credit
 * 4.6% of GDP in year two and 14% in year eleven without them, about 20% throughout with
 * them; docs/finance.md).
 */
function openingLoans(world: SimWorld): void {
  const share = investmentLoanShare(world.config);
  if (!(share > 0)) return;
  const maturity = world.config.finance.banks.loan_maturity_days;
  const vintages = Math.max(1, Math.round(maturity / 365));
  const F = world.tables.firms;
  const values = machineValues(world);
  const wear = world.config.economy.production.depreciation;
  for (let f = 0; f < F.length; f++) {
    const machines = capitalValue(world, f, values);
    const issue = share * wear * machines;
    // Every vintage at the lending rate of the neutral policy rate for the firm's leverage with
    // the whole book.
    const book = (issue * maturity) / 2;
    const rate = neutralLendingRate(world) + world.config.finance.banks.risk_premium *
        leverageOf(F.col.debt[f] + book, F.col.cash[f], machines);
    for (let k = 0; k < vintages; k++) {
      const age = ((k + 0.5) * maturity) / vintages;
      const days = Math.max(PAYMENT_DAYS, Math.round(maturity - age));
      openingLoan(world, f, issue * (maturity / vintages) * (1 - age / maturity), rate, days);
    }
  }
}

/**
 * Opens the banks of a new world: `banks.count` rows, an account for every household and
 * firm, and balance sheets in which each bank's deposits are its customers' money, its loans
 * the firms' opening loans ({@link openingLoans}; none with `investment_loan_share` 0) and,
 * with housing, the households' opening mortgages (`mortgages.ts`), its
 * equity `initial_equity_share` of its deposits and its reserves the rest (deposits + equity -
 * loans; advances from the central bank make up any shortfall of required reserves). The
 * central bank holds bonds worth those reserves less its advances (the base money of the
 * initial state), sets its policy rate at the neutral rate and takes
 * the unemployment of the start as its first estimate of the natural rate.
 */
export function openBanks(world: SimWorld): void {
  const cfg = world.config.finance;
  const B = world.tables.banks;
  B.add(cfg.banks.count);
  const CB = world.tables.central_bank;
  if (CB.length === 0) CB.add(1);
  openAccounts(world);
  const F = world.tables.firms;
  const b = B.col;
  const now = scratch(world, "finance.customerDeposits", Float64Array, B.length);
  const sectors = scratch(world, "finance.sectorDeposits", Float64Array, 2);
  customerDeposits(world, now, sectors);
  const cb = CB.col;
  const eq = cfg.banks.initial_equity_share;
  for (let r = 0; r < B.length; r++) {
    b.deposits[r] = now[r];
    b.equity[r] = eq * now[r];
    b.reserves[r] = now[r] + b.equity[r];
    b.lending[r] = 1;
    b.capital_ratio[r] = 1e9;
  }
  let owed = 0;
  for (let f = 0; f < F.length; f++) owed += F.col.debt[f];
  if (owed > 0) {
    throw new InvariantError(
      `finance: firms owe ${owed} of overdraft credit when the banks open; start banks with ` +
        `the world (the economy's init leaves firms without debt)`,
    );
  }
  openingLoans(world);
  openingMortgages(world);
  for (let r = 0; r < B.length; r++) {
    // With households' mortgages the opening book is several times the firms' loans, and a bank
    // would start below its requirement, rationing all credit from the first day: one whose
    // book leaves it below its capital aim starts at the aim (its owners paid the equity in, in
    // reserves). Without mortgages the opening equity already covers the aim.
    const short = mortgagesOn(world.config) ? cfg.banks.capital_aim * b.loans[r] - b.equity[r] : 0;
    if (short > 0) {
      b.equity[r] += short;
      b.reserves[r] += short;
    }
    // A bank whose opening loans leave it short of required reserves borrows them.
    const lacking = cfg.banks.reserve_requirement * b.deposits[r] - b.reserves[r];
    if (lacking > 0) {
      b.reserves[r] += lacking;
      b.advances[r] += lacking;
      cb.advances[0] += lacking;
    }
    cb.reserves[0] += b.reserves[r];
  }
  cb.treasury[0] = governmentMoney(world);
  cb.bonds[0] = cb.reserves[0] + cb.treasury[0] - cb.advances[0];
  const cbc = cfg.central_bank;
  setRate(world, cbc.neutral_real_rate + cbc.inflation_target);
  cb.long_rate[0] = cb.policy_rate[0];
  cb.neutral_rate[0] = cbc.neutral_real_rate;
  cb.growth_learned[0] = 0;
  // The natural-rate estimate starts at today's unemployment (a NaN "unknown" would break the
  // no-NaN invariant of the deep checks until the first observation).
  const P = world.tables.persons;
  let employed = 0;
  let unemployed = 0;
  for (let p = 0; p < P.length; p++) {
    if (P.col.employment[p] === Status.employed) employed++;
    else if (P.col.employment[p] === Status.unemployed) unemployed++;
  }
  cb.nairu[0] = employed + unemployed > 0 ? unemployed / (employed + unemployed) : 0;
  cb.prev_money_households[0] = sectors[0];
  cb.prev_money_firms[0] = sectors[1];
  // Firms owed nothing before their opening loans (checked above); the rest of the opening
  // book is households' mortgages.
  cb.prev_debt_firms[0] = cb.loans_initial[0] - cb.prev_debt_households[0];
  cb.prev_bank_loans[0] = cb.loans_initial[0];
  let deposits = 0;
  let reserves = 0;
  let advances = 0;
  for (let r = 0; r < B.length; r++) {
    deposits += b.deposits[r];
    reserves += b.reserves[r];
    advances += b.advances[r];
  }
  cb.prev_bank_deposits[0] = deposits;
  cb.prev_bank_reserves[0] = reserves;
  cb.prev_bank_advances[0] = advances;
  cb.prev_cb_advances[0] = cb.advances[0];
  cb.prev_cb_reserves[0] = cb.reserves[0];
  cb.prev_treasury[0] = cb.treasury[0];
}

/**
 * Sets the policy rate and the corridor around it (deposit facility below, lending facility
 * above, `corridor_width` apart), then the banks' deposit rates (`deposit_rates.ts`).
 */
export function setRate(world: SimWorld, rate: number): void {
  const cfg = world.config.finance;
  const cb = world.tables.central_bank.col;
  const half = cfg.central_bank.corridor_width / 2;
  cb.policy_rate[0] = rate;
  cb.deposit_facility[0] = rate - half;
  cb.lending_facility[0] = rate + half;
  priceDeposits(world);
}

/**
 * Closes the account of firm row `f`, which exits with money nobody claims (its owner's
 * household is gone): the balance goes to its bank, as unclaimed balances do in the end.
 */
export function closeUnclaimed(world: SimWorld, f: number): void {
  const c = world.tables.firms.col;
  const x = c.cash[f];
  if (!(x > 0)) return;
  const b = firmBank(world, f);
  const bc = world.tables.banks.col;
  c.cash[f] = 0;
  bc.deposits[b] -= x;
  bc.equity[b] += x;
  bc.profit[b] += x;
  world.ledger.destroyed += x;
  world.tables.central_bank.col.bank_received[0] += x;
  world.ledger.record(FLOW.unclaimed_balances, x);
}
