/**
 * Finance verbs: `issue_loan` (a bank lends to a firm) and `set_policy_rate` (the central
 * bank's decision), as validated engine functions. The rules policy (the Taylor rule) calls
 * `set_policy_rate` today; AI providers and notebooks will call the same functions, so every
 * decision passes the same checks and bounds.
 *
 * @module
 */
import { banksOn } from "../../scenario/finance_schema.ts";
import { LoanKind } from "../../tables/loans.ts";
import type { SimWorld } from "../../world.ts";
import { overdraftLimit } from "../economy/credit.ts";
import { VerbError } from "../economy/verbs.ts";
import { firmBank, setRate } from "./accounts.ts";
import { grantLoan, lendingRoom } from "./lending.ts";

/** Highest lending rate `issue_loan` accepts, per year. */
export const MAX_LOAN_RATE = 1;

function requireBanks(world: SimWorld, verb: string): void {
  if (!banksOn(world.config) || world.tables.banks.length === 0) {
    throw new VerbError(
      `${verb}: banks are not running; set finance.enable_banks and finance.simulate_banks ` +
        `to true in the scenario`,
    );
  }
}

/**
 * `issue_loan`: the firm's bank lends `amount` to firm `firmId` at `rate` a year, as a term
 * loan repaid in monthly installments over `finance.banks.loan_maturity_days`. The money is
 * created as the firm's deposit. Returns the loan's id.
 *
 * @param world The world.
 * @param firmId The borrowing firm's id.
 * @param amount Principal, above 0, within the firm's credit left (its credit limit less its
 *   debt) and the bank's lending room (its capital ratio stays at the requirement or above).
 * @param rate Interest rate per year, from the policy rate to {@link MAX_LOAN_RATE}.
 * @returns the id of the loan (the year's term loan of the firm, which it may join).
 * @throws {VerbError} when banks do not run, the firm does not exist, or a bound is broken.
 * @example
 * ```ts
 * const id = issueLoan(world, firmId, 5_000, 0.06);
 * ```
 */
export function issueLoan(world: SimWorld, firmId: number, amount: number, rate: number): number {
  requireBanks(world, "issue_loan");
  const F = world.tables.firms;
  const f = F.row(firmId);
  if (f < 0) throw new VerbError(`issue_loan: firm ${firmId} does not exist`);
  if (!(amount > 0) || !Number.isFinite(amount)) {
    throw new VerbError(`issue_loan: firm ${firmId}: amount ${amount} must be a number above 0`);
  }
  const policy = world.tables.central_bank.col.policy_rate[0];
  if (!(rate >= policy && rate <= MAX_LOAN_RATE)) {
    throw new VerbError(
      `issue_loan: firm ${firmId}: rate ${rate} must be between the policy rate ${policy} and ` +
        `${MAX_LOAN_RATE} a year (a bank does not lend below its cost of funds)`,
    );
  }
  const left = overdraftLimit(world, f) - F.col.debt[f];
  if (amount > left * (1 + 1e-9)) {
    throw new VerbError(
      `issue_loan: firm ${firmId}: ${amount} exceeds its credit left ${Math.max(0, left)} ` +
        `(credit limit less debt ${F.col.debt[f]})`,
    );
  }
  const b = firmBank(world, f);
  const room = lendingRoom(world, b);
  if (amount > room * (1 + 1e-9)) {
    const bc = world.tables.banks.col;
    throw new VerbError(
      `issue_loan: firm ${firmId}: bank ${world.tables.banks.ids[b]} can lend ${room} more ` +
        `before its capital ratio (equity ${bc.equity[b]} over loans ${bc.loans[b]}) falls ` +
        `below the requirement ${world.config.finance.banks.capital_requirement}`,
    );
  }
  const l = grantLoan(world, f, amount, LoanKind.term, rate);
  return world.tables.loans.ids[l];
}

/**
 * `set_policy_rate`: sets the central bank's policy rate (per year) and moves the corridor
 * and the banks' deposit rates with it.
 *
 * @param world The world.
 * @param rate The rate, within `finance.central_bank.rate_floor` and `rate_ceiling`.
 * @throws {VerbError} when banks do not run or the rate is outside the bounds.
 * @example
 * ```ts
 * setPolicyRate(world, 0.05);
 * ```
 */
export function setPolicyRate(world: SimWorld, rate: number): void {
  requireBanks(world, "set_policy_rate");
  const cb = world.config.finance.central_bank;
  if (!(rate >= cb.rate_floor && rate <= cb.rate_ceiling)) {
    throw new VerbError(
      `set_policy_rate: rate ${rate} must be between finance.central_bank.rate_floor ` +
        `${cb.rate_floor} and rate_ceiling ${cb.rate_ceiling} a year`,
    );
  }
  setRate(world, rate);
}
