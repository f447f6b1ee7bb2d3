/**
 * Borrowing: the firm's side of bank credit, which `economy/credit.ts` calls in place of the
 * overdraft when banks run.
 *
 * - {@link drawCredit}: at the end of the production and entry passes, a firm whose payments
 *   went past its deposit borrows the difference from its bank: what it spent on machines
 *   since the last drawing as a term loan, the rest on its credit line, each at the lending
 *   rate of the day (firms finance investment with long-term and working capital with
 *   short-term debt, the maturity matching of Caiani et al. 2016, JEDC 69:375).
 * - {@link bankCreditLeft}: the credit a firm may still plan on (inputs, machines): its limit
 *   less its debt, 0 when its bank rations, and no more than the bank's lending room.
 * - {@link userCostFactor}: how the lending rate scales the capacity a firm wants, through
 *   the user cost of capital (Jorgenson 1963, AER 53:247).
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { capitalValue, machineValues } from "../economy/capital.ts";
import { LoanKind } from "../../tables/loans.ts";
import { firmBank } from "./accounts.ts";
import {
  grantLoan,
  investmentLoanShare,
  lendingRate,
  lendingRoom,
  neutralLendingRate,
} from "./lending.ts";

/**
 * Every firm borrows `investment_loan_share` of the machines it bought since the last
 * drawing on a term loan, as far as its bank still lends, and a firm with a negative deposit
 * borrows the rest of the difference: machines on the term loan, the rest on its line.
 * Returns the amount lent.
 */
export function drawCredit(world: SimWorld): number {
  const F = world.tables.firms;
  const c = F.col;
  const values = machineValues(world);
  const share = investmentLoanShare(world.config);
  let lent = 0;
  for (let f = 0; f < F.length; f++) {
    const capex = c.capex_today[f];
    c.capex_today[f] = 0;
    const short = c.cash[f] < 0 ? -c.cash[f] : 0;
    // What the machines' loan-to-value asks for, if the bank lends, and at least what the
    // firm's cash could not pay for them.
    const secured = share > 0 && capex > 0
      ? Math.min(share * capex, lendingRoom(world, firmBank(world, f)))
      : 0;
    const term = Math.min(capex, Math.max(short, secured));
    if (term <= 0 && short === 0) continue;
    const rate = lendingRate(world, f, capitalValue(world, f, values));
    if (term > 0) grantLoan(world, f, term, LoanKind.term, rate);
    // The line takes exactly what is left, so the deposit ends at 0 (x + -x is exactly 0).
    if (c.cash[f] < 0) grantLoan(world, f, -c.cash[f], LoanKind.line, rate);
    lent += Math.max(short, term);
  }
  return lent;
}

/**
 * Credit firm row `f` may still plan on: `limit` (its credit limit) less its debt, 0 when its
 * bank rations credit, and at most the bank's lending room.
 */
export function bankCreditLeft(world: SimWorld, f: number, limit: number): number {
  const left = limit - world.tables.firms.col.debt[f];
  if (!(left > 0)) return 0;
  return Math.min(left, lendingRoom(world, firmBank(world, f)));
}

/**
 * Factor on the capacity firm row `f` wants: ((r0 + d) / (r + d))^s, with r the lending
 * rate it would pay today, r0 the lending rate at the neutral policy rate for a firm without
 * debt, d the yearly depreciation rate and s `user_cost_elasticity`. The desired capital
 * stock falls with the user cost of capital, r + d per unit of capital (Jorgenson 1963;
 * Hall & Jorgenson 1967, AER 57:391), with an elasticity below 1 as measured (Chirinko,
 * Fazzari & Meyer 1999, J. Public Econ. 74:53; Chirinko 2008, J. Macroeconomics 30:671).
 */
export function userCostFactor(world: SimWorld, f: number): number {
  const d = 365 * world.config.economy.production.depreciation;
  const r = lendingRate(world, f, capitalValue(world, f));
  const r0 = neutralLendingRate(world);
  const ratio = (r0 + d) / Math.max(1e-6, r + d);
  return Math.pow(ratio, world.config.finance.banks.user_cost_elasticity);
}
