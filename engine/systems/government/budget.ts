/**
 * The government's day after the markets (phase politics): the tax on profits, GDP by polity,
 * the financing of the budget, and the indicators approval is made of.
 *
 * - **Profit tax**: `profit_tax_rate` of each firm's taxable profit, its (smoothed daily) profit
 *   less the depreciation of its machines at replacement cost (the depreciation allowance of
 *   corporate tax codes), when positive; paid from its cash (what the cash cannot pay is not
 *   collected).
 * - **GDP by polity**: national GDP at market prices split by the polities' shares of sales.
 * - **Financing**: the government keeps `cash_buffer_days` of its spending in its account at
 *   the central bank; below that it borrows the shortfall from the central bank (ways-and-means
 *   advances: money is created, as with any credit), above twice that it repays debt (money is
 *   destroyed). The central bank remits its income to the treasury, so the advances bear no net
 *   interest. With banks (`finance.simulate_banks`) the government sells bonds instead, mostly
 *   to the banks, and pays interest on them (`bonds.ts`).
 * - **Approval** (Nannestad & Paldam 1994, Public Choice 79:213): a popularity function of
 *   unemployment, inflation away from 2% and the growth of real disposable income, smoothed
 *   over `approval.memory_days`.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import { ITEM, REVENUE_ITEMS } from "../../tables/polities.ts";
import type { SimWorld } from "../../world.ts";
import { capitalValue, machineValues } from "../economy/capital.ts";
import { consumerPriceIndex, marketValueAdded } from "../economy/economy_stats.ts";
import { banksOn } from "../../scenario/finance_schema.ts";
import { bookFirmToGovernment } from "../finance/accounts.ts";
import { issueBonds, redeemBonds, serviceBonds } from "./bonds.ts";
import { firmPolities, tilePolities } from "./polities.ts";

/** Daily weight of a one-year exponential mean. */
const YEAR = 1 / 365;
/** Daily weight of the 90-day means. */
const QUARTER = 1 / 90;

/** Collects the tax on profits and measures each polity's GDP today. */
export function taxProfits(world: SimWorld): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const nq = Pol.length;
  const W = Pol.widths.flows;
  const F = world.tables.firms;
  const fc = F.col;
  const tq = tilePolities(world);
  const fq = firmPolities(world, tq);
  const sales = scratch(world, "government.sales", Float64Array, nq);
  sales.fill(0, 0, nq);
  let total = 0;
  let allSales = 0;
  const values = machineValues(world);
  const depreciation = world.config.economy.production.depreciation;
  // With banks the tax leaves the firms' deposits after the day's clearing: each payment is
  // booked on the banks as it happens.
  const banks = banksOn(world.config);
  for (let f = 0; f < F.length; f++) {
    const q = fq[f];
    const value = fc.sales_today[f] * fc.price[f];
    sales[q] += value;
    allSales += value;
    // Taxable profit: profit less the depreciation allowance of the firm's machines.
    const base = fc.profit[f] - depreciation * capitalValue(world, f, values);
    if (!(base > 0) || !(fc.cash[f] > 0)) continue;
    const due = pol.profit_tax_rate[q] * base;
    const tax = due < fc.cash[f] ? due : fc.cash[f];
    fc.cash[f] -= tax;
    pol.money[q] += tax;
    if (banks) bookFirmToGovernment(world, f, tax);
    pol.flows[q * W + ITEM.profit_tax] += tax;
    total += tax;
  }
  world.ledger.record(FLOW.profit_tax, total);
  // Private value added split by the polities' sales, plus each polity's public pay.
  const A = world.tables.agencies;
  const staffPay = scratch(world, "government.staffPay", Float64Array, nq);
  staffPay.fill(0, 0, nq);
  for (let a = 0; a < A.length; a++) staffPay[Pol.rowOf[A.col.polity[a]]] += A.col.wage_bill[a];
  const gdp = marketValueAdded(world);
  for (let q = 0; q < nq; q++) {
    pol.gdp_today[q] = staffPay[q] + (allSales > 0 ? (gdp * sales[q]) / allSales : gdp / nq);
    pol.gdp_trend[q] += YEAR * (pol.gdp_today[q] - pol.gdp_trend[q]);
  }
}

/** Revenue of polity row `q` today: the sum of its revenue items. */
export function revenueToday(world: SimWorld, q: number): number {
  const Pol = world.tables.polities;
  const W = Pol.widths.flows;
  let r = 0;
  for (let k = 0; k < REVENUE_ITEMS; k++) r += Pol.col.flows[q * W + k];
  return r;
}

/** Spending of polity row `q` today: the sum of its spending items. */
export function spendingToday(world: SimWorld, q: number): number {
  const Pol = world.tables.polities;
  const W = Pol.widths.flows;
  let s = 0;
  for (let k = REVENUE_ITEMS; k < W; k++) s += Pol.col.flows[q * W + k];
  return s;
}

/** Borrows to the cash buffer or repays debt above twice it (see the module doc). */
export function financeBudgets(world: SimWorld): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const days = world.config.government.cash_buffer_days;
  // The trends start from the first day: the weight of today is 1/tick until it reaches that of
  // a one-year mean (so the first year's means are plain averages, not biased toward 0).
  const a = Math.max(YEAR, 1 / Math.max(1, world.tick));
  // With banks the debt is bonds: today's interest is paid first (a spending item).
  const bonds = banksOn(world.config);
  if (bonds) {
    const paid = serviceBonds(world, pol.flows, ITEM.interest);
    world.ledger.record(FLOW.interest, paid);
  }
  for (let q = 0; q < Pol.length; q++) {
    const revenue = revenueToday(world, q);
    const spending = spendingToday(world, q);
    pol.spending_trend[q] += a * (spending - pol.spending_trend[q]);
    pol.revenue_trend[q] += a * (revenue - pol.revenue_trend[q]);
    pol.unspent_trend[q] += a * (pol.unspent[q] - pol.unspent_trend[q]);
    pol.unemployment_year[q] += a * (pol.unemployment[q] - pol.unemployment_year[q]);
    const five = Math.max(YEAR / 5, 1 / Math.max(1, world.tick));
    pol.unemployment_trend[q] += five * (pol.unemployment[q] - pol.unemployment_trend[q]);
    const buffer = days * pol.spending_trend[q];
    if (pol.money[q] < buffer) {
      const loan = buffer - pol.money[q];
      if (bonds) issueBonds(world, q, loan);
      else world.ledger.lend(pol.money, pol.debt, q, loan);
      pol.borrowed[q] += loan;
    } else if (pol.money[q] > 2 * buffer && pol.debt[q] > 0) {
      const pay = Math.min(pol.debt[q], pol.money[q] - buffer);
      if (bonds) redeemBonds(world, q, pay);
      else world.ledger.repay(pol.money, pol.debt, q, pay);
      pol.repaid[q] += pay;
    }
  }
}

/**
 * Households' income today summed by polity row into `income`. A function that ends with its
 * loop: V8 compiles a loop run once a day on stack replacement before the code after it has
 * run, and that code, lacking type feedback, sent later days back to the interpreter.
 */
function incomeByPolity(world: SimWorld, income: Float64Array): void {
  const Hh = world.tables.households;
  const T = world.tables.tiles;
  const tq = tilePolities(world);
  income.fill(0, 0, world.tables.polities.length);
  const hc = Hh.col;
  for (let h = 0; h < Hh.length; h++) income[tq[T.rowOf[hc.tile[h]]]] += hc.income_today[h];
}

/**
 * Today's price level, inflation, real disposable income per resident and its growth, and
 * approval, for every polity.
 */
export function observeEconomy(world: SimWorld): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const nq = Pol.length;
  const income = scratch(world, "government.income", Float64Array, nq);
  incomeByPolity(world, income);
  const level = consumerPriceIndex(world);
  const a = world.config.government.approval;
  const m = 1 / a.memory_days;
  for (let q = 0; q < nq; q++) {
    const prev = pol.price_level[q];
    pol.price_level[q] = level;
    if (prev > 0 && level > 0) {
      pol.inflation[q] += QUARTER * (365 * Math.log(level / prev) - pol.inflation[q]);
    }
    const real = pol.persons[q] > 0 && level > 0 ? (income[q] / pol.persons[q]) * (100 / level) : 0;
    const was = pol.income_real[q];
    // Today's income is noisy (dividends come once a firm cycle): growth is measured on a
    // 90-day mean of it.
    pol.income_real[q] = was > 0 ? was + QUARTER * (real - was) : real;
    if (was > 0 && pol.income_real[q] > 0) {
      pol.income_growth[q] += QUARTER *
        (365 * Math.log(pol.income_real[q] / was) - pol.income_growth[q]);
    }
    const target = 0.5 - a.unemployment_weight * (pol.unemployment[q] - 0.05) -
      a.inflation_weight * Math.abs(pol.inflation[q] - 0.02) +
      a.income_weight * pol.income_growth[q];
    const clamped = target < 0 ? 0 : target > 1 ? 1 : target;
    pol.approval[q] += m * (clamped - pol.approval[q]);
  }
}
