/**
 * Mortgages (`finance.mortgages`, with `economy.housing` and banks): households borrow for their
 * dwellings from their bank. `economy/housing.ts` calls these on each household's housing day.
 *
 * - Quantity: a household borrows `loan_to_value` of every dwelling purchase (its down payment
 *   comes from its money above the buffer), as long as its monthly payment stays within
 *   `payment_to_income` of its monthly permanent income and its bank still lends (the capital
 *   constraint of `lending.ts`): the LTV and PTI limits of mortgage underwriting, whose
 *   interplay Greenwald (2018, "The mortgage credit channel of macroeconomic transmission",
 *   MIT Sloan WP 5184-16) shows carries monetary policy to house purchases and credit.
 * - Price: a long-term rate (the policy rate averaged over `long_rate_years`) + `markup`, fixed
 *   at each draw (the mortgage's rate is the mean of its draws by principal): mortgages are
 *   long loans, priced on long yields that move less than the policy rate.
 * - Life: one balance per household, at its bank. Each month it pays the month's interest and
 *   repays 1/(12 x `maturity_years`) of the balance (an exponentially amortising balance whose
 *   mean life is the maturity: a book of constant issue I a month then settles at I x the
 *   maturity's months, as the firms' term loans do); a payment its money cannot make is
 *   missed, its interest added to the balance. After `default_months` missed payments in a row
 *   the household sells as much of its dwelling as repays the bank (again each month while
 *   buyers are short); what it owes once it has sold everything is written off against the
 *   bank's equity. A household selling part of its dwelling repays the same part of its
 *   mortgage from the sale; a household that dissolves passes its mortgage with its dwelling to
 *   its heir (the loan sold to the heir's bank for reserves when it banks elsewhere).
 * - Money: a mortgage creates the deposit it pays the seller with and repayment destroys money
 *   (McLeay, Radia & Thomas 2014, BoE Quarterly Bulletin Q1): inside money that grows with the
 *   value of the dwellings bought.
 *
 * @module
 */
import { EVENTS, FLOW } from "../../events.ts";
import { banksOn } from "../../scenario/finance_schema.ts";
import { housingOn } from "../../scenario/housing_schema.ts";
import type { SimWorld } from "../../world.ts";
import { householdBank } from "./accounts.ts";
import { bookCredit, lendingRoom, PAYMENT_DAYS, updateCapital } from "./lending.ts";

/** Whether households borrow on mortgages: housing, banks and a loan-to-value above 0. */
export function mortgagesOn(cfg: SimWorld["config"]): boolean {
  return housingOn(cfg) && banksOn(cfg) && cfg.finance.mortgages.loan_to_value > 0;
}

/** Months of a mortgage's maturity. */
function months(world: SimWorld): number {
  return world.config.finance.mortgages.maturity_years * 12;
}

/** The rate on a mortgage drawn today: the long-term rate + `markup`. */
export function mortgageRate(world: SimWorld): number {
  return world.tables.central_bank.col.long_rate[0] + world.config.finance.mortgages.markup;
}

/**
 * Today's step of the long-term rate toward the policy rate (an exponential mean over
 * `long_rate_years`).
 */
export function updateLongRate(world: SimWorld): void {
  const cb = world.tables.central_bank.col;
  const w = 1 / (365 * world.config.finance.mortgages.long_rate_years);
  cb.long_rate[0] = (1 - w) * cb.long_rate[0] + w * cb.policy_rate[0];
}

/** The mortgage rate at the neutral policy rate (the reference of housing's user cost). */
export function neutralMortgageRate(world: SimWorld): number {
  const cb = world.config.finance.central_bank;
  return cb.neutral_real_rate + cb.inflation_target + world.config.finance.mortgages.markup;
}

/**
 * Monthly payment on a balance of `principal` at `rate`: the month's interest and
 * 1/(maturity months) of the balance.
 */
export function monthlyPayment(world: SimWorld, principal: number, rate: number): number {
  return principal * (rate * PAYMENT_DAYS / 365 + 1 / months(world));
}

/**
 * The most household row `h`, of permanent income `income` a day, may borrow today: what
 * keeps its monthly payment within `payment_to_income` of its monthly income, at most its
 * bank's lending room (0 when the bank rations).
 */
export function mortgageRoom(world: SimWorld, h: number, income: number): number {
  const m = world.config.finance.mortgages;
  const hc = world.tables.households.col;
  const perUnit = monthlyPayment(world, 1, mortgageRate(world));
  const limit = m.payment_to_income * PAYMENT_DAYS * income;
  const room = (limit - monthlyPayment(world, hc.mortgage[h], hc.mortgage_rate[h])) / perUnit;
  if (!(room > 0)) return 0;
  return Math.min(room, lendingRoom(world, householdBank(world, h)));
}

/**
 * Lends `amount` to household row `h` at today's mortgage rate; the loan pays the seller
 * directly (the deposit it creates is spent at once), so the household's own money is
 * untouched: its bank's loans and deposits rise together.
 */
export function grantMortgage(world: SimWorld, h: number, amount: number): void {
  if (!(amount > 0)) return;
  const hc = world.tables.households.col;
  const b = householdBank(world, h);
  const rate = mortgageRate(world);
  const p = hc.mortgage[h];
  hc.mortgage_rate[h] = (p * hc.mortgage_rate[h] + amount * rate) / (p + amount);
  hc.mortgage[h] = p + amount;
  bookCredit(world, b, amount, rate);
}

/**
 * Household row `h`'s monthly payment, out of `available` (its money left today). Returns the
 * money paid: the month's interest and principal when it can pay them (arrears cleared), else
 * nothing (the interest added to the balance, a month more in arrears).
 */
export function serviceMortgage(world: SimWorld, h: number, available: number): number {
  const hc = world.tables.households.col;
  const owed = hc.mortgage[h];
  if (!(owed > 0)) return 0;
  const b = householdBank(world, h);
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  const interest = owed * hc.mortgage_rate[h] * PAYMENT_DAYS / 365;
  const principal = Math.min(owed, owed / months(world));
  bc.equity[b] += interest;
  bc.profit[b] += interest;
  world.ledger.record(FLOW.mortgage_interest, interest);
  if (available >= interest + principal) {
    hc.arrears[h] = 0;
    bc.deposits[b] -= interest;
    world.ledger.destroyed += interest;
    cb.bank_received[0] += interest;
    repay(world, h, principal);
    return interest + principal;
  }
  // Missed: the interest joins the balance.
  hc.arrears[h] = Math.min(255, hc.arrears[h] + 1);
  hc.mortgage[h] = owed + interest;
  bc.loans[b] += interest;
  bc.lent[b] += interest;
  cb.capitalised[0] += interest;
  return 0;
}

/** Whether household row `h` has missed `default_months` payments: its dwelling is sold. */
export function inDefault(world: SimWorld, h: number): boolean {
  return world.tables.households.col.arrears[h] >= world.config.finance.mortgages.default_months;
}

/**
 * Household row `h` repays `amount` of its mortgage from money it holds or receives today
 * (the caller takes it from the household): the money is destroyed.
 */
export function repay(world: SimWorld, h: number, amount: number): void {
  if (!(amount > 0)) return;
  const hc = world.tables.households.col;
  const b = householdBank(world, h);
  const bc = world.tables.banks.col;
  const x = Math.min(amount, hc.mortgage[h]);
  hc.mortgage[h] -= x;
  bc.loans[b] -= x;
  bc.deposits[b] -= x;
  world.ledger.destroyed += x;
  world.tables.central_bank.col.repaid[0] += x;
  if (hc.mortgage[h] <= 1e-9 * Math.max(1, x)) writeOff(world, h, b); // rounding's rest
}

/**
 * Writes off what household row `h` still owes against its bank's equity (a default when it
 * is more than rounding: an event, the default rate) and clears its arrears.
 */
export function writeOff(world: SimWorld, h: number, b = householdBank(world, h)): void {
  const hc = world.tables.households.col;
  const rest = hc.mortgage[h];
  hc.mortgage[h] = 0;
  hc.arrears[h] = 0;
  if (rest === 0) return;
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  bc.loans[b] -= rest;
  bc.equity[b] -= rest;
  bc.profit[b] -= rest;
  cb.written_off[0] += rest;
  cb.written_off_households[0] += rest;
  if (rest > 1e-9 * Math.max(1, bc.lent[b])) {
    cb.defaults_year[0] += rest;
    world.events.emit(
      EVENTS.code.mortgage_defaulted,
      world.tables.households.ids[h],
      world.tables.banks.ids[b],
      hc.tile[h],
      rest,
    );
  }
  updateCapital(world, b);
}

/**
 * Household row `from` dissolves and its heir is row `to` (-1: none, the mortgage is written
 * off): the heir takes over the balance at the mean rate of the two. When the heir banks
 * elsewhere, the heir's bank buys the loan from the other for reserves.
 */
export function passMortgage(world: SimWorld, from: number, to: number): void {
  const hc = world.tables.households.col;
  const owed = hc.mortgage[from];
  if (!(owed > 0)) return;
  if (to < 0) {
    writeOff(world, from);
    return;
  }
  const a = householdBank(world, from);
  const b = householdBank(world, to);
  const bc = world.tables.banks.col;
  if (a !== b) {
    bc.loans[a] -= owed;
    bc.reserves[a] += owed;
    bc.loans[b] += owed;
    bc.lent[b] += owed;
    bc.reserves[b] -= owed;
    updateCapital(world, a);
    updateCapital(world, b);
  }
  const p = hc.mortgage[to];
  hc.mortgage_rate[to] = (p * hc.mortgage_rate[to] + owed * hc.mortgage_rate[from]) / (p + owed);
  hc.mortgage[to] = p + owed;
  hc.arrears[to] = Math.max(hc.arrears[to], hc.arrears[from]);
  hc.mortgage[from] = 0;
  hc.arrears[from] = 0;
}

/**
 * The mortgages households hold when the banks open, where the financing rule keeps them at the
 * solved start: each household buys its dwelling's upkeep, `depreciation` of its value a year,
 * and borrows `loan_to_value` of it; a balance repaid over the maturity's months settles at
 * that issue times the maturity, `loan_to_value` x `depreciation` x `maturity_years` of the
 * dwelling's value (40% with the defaults), at the neutral mortgage rate. The loans come out of
 * the banks' reserves, as the firms' opening loans do: the money of the start is unchanged.
 */
export function openingMortgages(world: SimWorld): void {
  if (!mortgagesOn(world.config)) return;
  const m = world.config.finance.mortgages;
  const Hh = world.tables.households;
  const hc = Hh.col;
  const price = world.tables.macro.col.dwelling_price[0];
  const share = m.loan_to_value * world.config.economy.housing.depreciation * m.maturity_years;
  const rate = neutralMortgageRate(world);
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  let total = 0;
  for (let h = 0; h < Hh.length; h++) {
    const owed = share * hc.dwelling[h] * price;
    if (!(owed > 0)) continue;
    const b = householdBank(world, h);
    hc.mortgage[h] = owed;
    hc.mortgage_rate[h] = rate;
    bc.loans[b] += owed;
    bc.lent[b] += owed;
    bc.reserves[b] -= owed;
    total += owed;
  }
  cb.loans_initial[0] += total;
  cb.prev_debt_households[0] = total;
}

/** Households' mortgages in all. */
export function householdDebt(world: SimWorld): number {
  const Hh = world.tables.households;
  const m = Hh.col.mortgage;
  let sum = 0;
  for (let h = 0; h < Hh.length; h++) sum += m[h];
  return sum;
}
