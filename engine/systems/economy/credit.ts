/**
 * Firms' credit. Without banks (`finance.enable_banks` and `finance.simulate_banks` not both
 * on) it is an overdraft: a firm that pays out more than it holds draws the difference as
 * credit (the money is created and recorded as its debt), repays it from cash above its
 * buffer, and a firm whose debt passes its overdraft limit exits and defaults on what its
 * cash cannot repay. With banks the same calls go to the firm's bank (`finance/`): priced
 * credit lines and term loans, rationed by the bank's capital, written off on default.
 *
 * @module
 */
import { banksOn } from "../../scenario/finance_schema.ts";
import { derived } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";
import { capitalValue, machineValues } from "./capital.ts";
import { bankCreditLeft, drawCredit, userCostFactor } from "../finance/borrowing.ts";
import { ExitingLoans, lineOwed, repayLine, settleExit } from "../finance/lending.ts";
import { closeUnclaimed } from "../finance/accounts.ts";

/** Turns every negative cash balance into credit drawn; returns the amount lent. */
export function drawOverdrafts(world: SimWorld): number {
  if (banksOn(world.config)) return drawCredit(world);
  const F = world.tables.firms;
  const c = F.col;
  let lent = 0;
  for (let f = 0; f < F.length; f++) {
    if (c.cash[f] < 0) {
      const amount = -c.cash[f];
      world.ledger.lend(c.cash, c.debt, f, amount);
      c.cash[f] = 0; // exactly, whatever the rounding of the sum
      lent += amount;
    }
    c.capex_today[f] = 0;
  }
  return lent;
}

/**
 * The most a firm may owe: `overdraft_days` of its wage bill (or of one wage offer) as
 * working capital, plus `collateral_share` of the value of its machines. Lending against
 * collateral is the credit constraint of Kiyotaki & Moore 1997 (JPE 105:211) and of the
 * financial accelerator (Bernanke, Gertler & Gilchrist 1999, Handbook of Macroeconomics 1C):
 * a firm can borrow for investment as far as what it buys secures the loan.
 */
export function overdraftLimit(
  world: SimWorld,
  f: number,
  values: Float64Array = machineValues(world),
): number {
  const c = world.tables.firms.col;
  const fb = world.config.economy.firm_behaviour;
  return fb.overdraft_days * Math.max(c.wage_bill[f], c.wage_offer[f]) +
    fb.collateral_share * capitalValue(world, f, values);
}

/**
 * Credit a firm can still draw (`values`: {@link machineValues}, passed by loops over firms);
 * with banks, 0 while its bank rations credit.
 */
export function creditLeft(
  world: SimWorld,
  f: number,
  values: Float64Array = machineValues(world),
): number {
  if (banksOn(world.config)) return bankCreditLeft(world, f, overdraftLimit(world, f, values));
  return Math.max(0, overdraftLimit(world, f, values) - world.tables.firms.col.debt[f]);
}

/** Credit firm row `f` repays from cash before it pays dividends (with banks: its line). */
export function creditToRepay(world: SimWorld, f: number): number {
  return banksOn(world.config) ? lineOwed(world, f) : world.tables.firms.col.debt[f];
}

/** Firm row `f` repays `amount` of {@link creditToRepay} from its cash, destroying the money. */
export function repayCredit(world: SimWorld, f: number, amount: number): void {
  if (banksOn(world.config)) repayLine(world, f, amount);
  else world.ledger.repay(world.tables.firms.col.cash, world.tables.firms.col.debt, f, amount);
}

/**
 * The debts of the day's exiting firms (marked 1 in `closing`, by firm id + 1), found once for
 * {@link settleDebtAtExit}: with banks their loans, without banks nothing (a firm's overdraft
 * is one number).
 */
export function exitingDebts(world: SimWorld, closing: Uint8Array): ExitingLoans {
  const loans = derived(world, "credit.exitingLoans", () => new ExitingLoans());
  return banksOn(world.config) ? loans.find(world, closing) : loans;
}

/**
 * Firm row `f` exits: its cash repays what it can of its debt and the rest is defaulted on.
 * `exiting` holds the day's exiting firms' debts ({@link exitingDebts}). Returns the amount
 * defaulted on.
 */
export function settleDebtAtExit(world: SimWorld, f: number, exiting: ExitingLoans): number {
  const c = world.tables.firms.col;
  const debt = c.debt[f];
  if (banksOn(world.config)) {
    const repaid = Math.min(c.cash[f], debt);
    settleExit(world, f, exiting);
    return Math.max(0, debt - repaid);
  }
  // The money once lent stays in circulation.
  if (debt > 0) world.ledger.repay(c.cash, c.debt, f, Math.min(c.cash[f], debt));
  const defaulted = c.debt[f];
  c.debt[f] = 0;
  return defaulted;
}

/**
 * Factor on the capacity firm row `f` wants, from the cost of credit: 1 without banks, the
 * user-cost factor of `finance/borrowing.ts` with them.
 */
export function capitalCostFactor(world: SimWorld, f: number): number {
  return banksOn(world.config) ? userCostFactor(world, f) : 1;
}

/**
 * Closes the account of exiting firm row `f` whose cash no owner claims: without banks the
 * balance is written off the books, with banks it goes to the firm's bank.
 */
export function closeAccount(world: SimWorld, f: number): void {
  if (banksOn(world.config)) closeUnclaimed(world, f);
  else world.ledger.writeOff(world.tables.firms.col.cash, f);
}
