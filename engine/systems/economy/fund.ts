/**
 * The equity fund (`economy.ownership.outside_share` above 0): outside equity that households
 * hold through a diversified fund, next to the firms their own household controls.
 *
 * In the data about half of the business equity households hold is in public companies, held
 * directly or through mutual and pension funds, and half in private businesses their owners run
 * (Moskowitz & Vissing-Jørgensen 2002, AER 92:745: private equity "of similar size" to public
 * equity in the Survey of Consumer Finances); wealth surveys count both (Davies, Sandström,
 * Shorrocks & Wolff 2011, Economic Journal 121:223). Without the fund each firm belongs to one
 * household and firms' equity, most of households' wealth, sits with a few of them.
 *
 * - **Holdings**: the fund holds `outside_share` of each firm's equity (the firms' column), the
 *   owning household the rest; households hold the fund's units (`fund_units`). The units'
 *   net asset value (NAV) is the fund's share of the firms' book equity (cash and machines at
 *   today's price of the capital good, less debt, at least 0: limited liability) per unit.
 * - **Income**: the fund's share of every dividend and of what a liquidation leaves goes to the
 *   holders in proportion to their units, the day it is paid (the fund keeps no money).
 * - **Portfolio**: households keep their buffer in money (the buffer stock of the goods market)
 *   and hold a share `fund_target` of their liquid wealth above it (money and units) in the
 *   fund: the portfolio rule of stock-flow consistent models (Tobin 1969, JMCB 1:15; Godley &
 *   Lavoie 2007, Monetary Economics, ch. 10), with the share solved at the start so that the
 *   opening holdings are the rule's (the start's units are spread over the `participation`
 *   share of households with the most money above the buffer, in proportion to it). A holding
 *   below the smallest of the start's (in days of the mean income) is not worth its fixed cost:
 *   about half of households hold no equity at all (Vissing-Jørgensen 2002). They spend out of
 *   money only: the fund is their illiquid wealth, traded once a firm cycle, as in two-asset
 *   models of consumption (Kaplan & Violante 2014, Econometrica 82:1199).
 * - **The market**, on each firm cycle's dividend day, at the end of the day's markets (after
 *   taxes and shopping, so nobody pays for units with money a tax is still due on), at the NAV:
 *   buyers' and sellers' orders are matched, the short side served in full and the long side in
 *   proportion; buy orders beyond the sellers' buy new units, whose money buys the fund its
 *   share of entrants (each entrant's owner sells the fund up to `outside_share` of the firm at
 *   book value, in proportion to what each has left to sell), the initial public offering by
 *   which a founder cashes out. Money moves only between households (flow `fund_trades`).
 * - **Founders' sales**, the same day after the market: a household founding a firm sells the
 *   units it needs for its equity at the NAV, to the households with money above their buffer
 *   ({@link sellForFounders}; firm_dynamics.ts).
 * - Units pass with the household: to the heir's household when it dissolves, as its firms do.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { firmEquity, machineValues } from "./capital.ts";
import { distributeToAdults, householdMoney, payFromMembers } from "./payouts.ts";
import { thrift } from "./shopping.ts";

/** Value of the fund's holdings: each firm's outside share of its book equity. */
export function fundValue(world: SimWorld, values: Float64Array = machineValues(world)): number {
  const F = world.tables.firms;
  const share = F.col.outside_share;
  let v = 0;
  for (let f = 0; f < F.length; f++) if (share[f] > 0) v += share[f] * firmEquity(world, f, values);
  return v;
}

/** Units of the fund outstanding: the households' and the central bank's. */
export function fundUnits(world: SimWorld): number {
  const Hh = world.tables.households;
  const units = Hh.col.fund_units;
  let u = centralBankUnits(world);
  for (let h = 0; h < Hh.length; h++) u += units[h];
  return u;
}

/** Units of the fund the central bank holds (0 without banks). */
function centralBankUnits(world: SimWorld): number {
  const CB = world.tables.central_bank;
  return CB.length > 0 ? CB.col.fund_units[0] : 0;
}

/**
 * Adds to `due` (by household row) each household's part of `amount` paid to the fund, in
 * proportion to its units (nothing when no units are held: the caller keeps the amount).
 * `total` is {@link fundUnits}, for a caller that has it already. The central bank's part is
 * paid to it and remitted the same day to households in proportion to their money, added to
 * `due` too: central banks hand their income on (to the treasury, which here may not exist), and
 * households own the banking system by their money, as they do the banks (`finance/payouts.ts`).
 * Kept, it would leave circulation for good, and reinvested it would make the bank's stake grow
 * at the fund's yield until it held the fund (a 20k island with banks slumped in year 23 with
 * the bank buying back its income: money -25% a year, unemployment 22%).
 *
 * @returns The central bank's part, which the caller counts as the central bank's income and
 * remittance rather than as dividends or liquidation proceeds to households.
 */
export function payHolders(
  world: SimWorld,
  due: Float64Array,
  amount: number,
  total: number = fundUnits(world),
): number {
  const Hh = world.tables.households;
  const units = Hh.col.fund_units;
  if (!(total > 0) || amount === 0) return 0;
  const perUnit = amount / total;
  for (let h = 0; h < Hh.length; h++) due[h] += units[h] * perUnit;
  const held = centralBankUnits(world);
  if (!(held > 0)) return 0;
  const x = held * perUnit;
  const money = scratch(world, "fund.remit", Float64Array, Hh.length);
  householdMoney(world, money);
  let all = 0;
  for (let h = 0; h < Hh.length; h++) all += money[h];
  if (!(all > 0)) {
    // With no money anywhere, every household gets an equal share.
    money.fill(1, 0, Hh.length);
    all = Hh.length;
  }
  for (let h = 0; h < Hh.length; h++) due[h] += x * (money[h] / all);
  world.tables.central_bank.col.fund_income[0] += x;
  world.ledger.record(FLOW.central_bank_fund_income, x);
  world.ledger.record(FLOW.central_bank_remittance, x);
  return x;
}

/** Largest share of the households' units the central bank buys on one trading day. */
const MAX_PURCHASE = 0.05;

/**
 * The central bank's purchase of units on a trading day, with
 * `finance.central_bank.asset_purchases`: its reserves (base money) times the growth its rule
 * set (`base_growth`, `finance/central_bank.ts`) times the days since the last trading day, at
 * most {@link MAX_PURCHASE} of the households' units, bought at the net asset value `nav` from
 * every holding household in proportion to its units. The money it pays is new: the sellers'
 * deposits rise, and their banks' reserves with them at the day's clearing (a purchase from
 * non-banks creates deposits, McLeay, Radia & Thomas 2014, BoE Quarterly Bulletin Q1). The
 * units are its asset at cost; their dividends and liquidation proceeds are paid to it and
 * remitted to households ({@link payHolders}).
 * Returns the money paid.
 */
export function buyForCentralBank(world: SimWorld, nav: number): number {
  const CB = world.tables.central_bank;
  if (CB.length === 0 || !world.config.finance.central_bank.asset_purchases) return 0;
  const cb = CB.col;
  const Hh = world.tables.households;
  const nh = Hh.length;
  const units = Hh.col.fund_units;
  if (!(nav > 0)) return 0;
  const held = fundUnits(world) - cb.fund_units[0];
  const wanted = cb.base_growth[0] * cb.reserves[0] * world.config.ai.cadence.firm_days / 365;
  const amount = Math.min(wanted, MAX_PURCHASE * held * nav);
  if (!(amount > 0)) return 0;
  const share = amount / (held * nav);
  const delta = scratch(world, "fund.centralBank", Float64Array, nh);
  let paid = 0;
  for (let h = 0; h < nh; h++) {
    const x = units[h] * share;
    delta[h] = x * nav;
    units[h] -= x;
    paid += delta[h];
  }
  cb.fund_units[0] += paid / nav;
  cb.fund_cost[0] += paid;
  cb.paid_today[0] += paid;
  world.ledger.created += paid;
  world.ledger.record(FLOW.central_bank_purchases, paid);
  // Every delta is a receipt: `settle` reads the money only for payers.
  settle(world, delta, delta);
  return paid;
}

/**
 * Households' money (by household row) and the buffer each keeps (as the goods market does). Each
 * loop ends a function of its own: V8 compiles a loop run once a cycle on stack replacement, and
 * code after it, without type feedback yet, sent every later call back to the interpreter.
 */
export function liquidity(world: SimWorld, money: Float64Array, buffer: Float64Array): void {
  householdMoney(world, money);
  buffers(world, buffer);
}

/** The buffer of money each household keeps: months of permanent income times its thrift. */
function buffers(world: SimWorld, buffer: Float64Array): void {
  const hb = world.config.economy.households;
  const Hh = world.tables.households;
  const hc = Hh.col;
  const days = hb.buffer_months * 30;
  for (let h = 0; h < Hh.length; h++) {
    if (hc.thrift[h] === 0) hc.thrift[h] = thrift(world.seed, Hh.ids[h], hb.thrift_sigma);
    buffer[h] = days * hc.thrift[h] * hc.permanent_income[h];
  }
}

/** Mean permanent income of a household (0 with none). */
function meanIncome(world: SimWorld): number {
  const Hh = world.tables.households;
  const pi = Hh.col.permanent_income;
  let sum = 0;
  for (let h = 0; h < Hh.length; h++) sum += pi[h];
  return Hh.length > 0 ? sum / Hh.length : 0;
}

/**
 * The fund at the start: it holds `outside_share` of every firm and its units (NAV 1) are spread
 * over the `participation` share of households with the most money above their buffer, in
 * proportion to it; the portfolio share is the one at which these holdings are the rule's, and
 * the smallest of them, in days of the mean household income, is the least holding worth having
 * from then on (households whose wanted holding falls below it sell out, and those below it do
 * not buy in: a fixed cost of participation, Vissing-Jørgensen 2002, NBER WP 8884; Haliassos &
 * Bertaut 1995, Economic Journal 105:1110). Runs after households' money and permanent income
 * are set. Without the fund, or with nothing to hold or nobody with money above the buffer, no
 * units.
 */
export function openFund(world: SimWorld): void {
  const own = world.config.economy.ownership;
  const s = own.outside_share;
  if (s <= 0) return;
  const F = world.tables.firms;
  const Hh = world.tables.households;
  const nh = Hh.length;
  F.col.outside_share.fill(s, 0, F.length);
  const value = fundValue(world);
  const money = new Float64Array(nh);
  const buffer = new Float64Array(nh);
  liquidity(world, money, buffer);
  const above = Float64Array.from(money, (m, h) => Math.max(0, m - buffer[h]));
  // The participants: the most money above the buffer first (ties by row), at least one.
  const order = Array.from({ length: nh }, (_, h) => h)
    .filter((h) => above[h] > 0)
    .sort((a, b) => above[b] - above[a] || a - b);
  const n = Math.min(order.length, Math.max(1, Math.round(own.participation * nh)));
  if (!(value > 0) || n === 0) return; // nothing to hold, or nobody to hold it
  let sum = 0;
  for (let k = 0; k < n; k++) sum += above[order[k]];
  // Holdings V_h = c X_h with X_h the money above the buffer and c = value / sum: the rule
  // phi (X_h + V_h) = V_h holds for every participant at phi = c / (1 + c).
  const c = value / sum;
  const units = Hh.col.fund_units;
  for (let k = 0; k < n; k++) units[order[k]] = c * above[order[k]];
  const M = world.tables.macro.col;
  M.fund_target[0] = c / (1 + c);
  const income = meanIncome(world);
  // A hair below the smallest holding, so that holding's own rule, computed again, does not
  // fall below it by a rounding.
  M.fund_threshold[0] = income > 0 ? ((1 - 1e-9) * c * above[order[n - 1]]) / income : 0;
}

/** The net asset value of a unit of the fund today (0 without units or holdings). */
export function fundNav(world: SimWorld, values: Float64Array = machineValues(world)): number {
  const total = fundUnits(world);
  const value = total > 0 ? fundValue(world, values) : 0;
  return total > 0 && value > 0 ? value / total : 0;
}

/**
 * Today's market in the fund's units, on the firm cycle's dividend day (every `firm_days`), at
 * the end of the day's markets; see the module doc. Returns the money paid by buyers (0 on other
 * days and without the fund).
 */
export function tradeFund(world: SimWorld): number {
  const Hh = world.tables.households;
  const F = world.tables.firms;
  const s = world.config.economy.ownership.outside_share;
  const nh = Hh.length;
  if (s <= 0 || nh === 0 || world.tick % world.config.ai.cadence.firm_days !== 0) return 0;
  const values = machineValues(world);
  const units = Hh.col.fund_units;
  const nav = fundNav(world, values);
  if (!(nav > 0)) return 0;
  buyForCentralBank(world, nav);
  const phi = world.tables.macro.col.fund_target[0];
  const least = world.tables.macro.col.fund_threshold[0] * meanIncome(world);
  const money = scratch(world, "fund.money", Float64Array, nh);
  const buffer = scratch(world, "fund.buffer", Float64Array, nh);
  const order = scratch(world, "fund.order", Float64Array, nh);
  liquidity(world, money, buffer);
  let buys = 0;
  let sells = 0;
  for (let h = 0; h < nh; h++) {
    const held = units[h] * nav;
    let wanted = phi * Math.max(0, money[h] + held - buffer[h]);
    if (wanted < least) wanted = 0; // not worth the cost of participating
    // A buyer pays from its money, a seller sells what it holds.
    const o = Math.max(-held, Math.min(money[h], wanted - held));
    order[h] = o;
    if (o > 0) buys += o;
    else sells -= o;
  }
  const matched = Math.min(buys, sells);
  // Buy orders beyond the sellers' buy the fund's share of firms below it, at book value, from
  // their owners (an ownerless firm's share is not for sale).
  const C = F.col;
  let room = 0;
  for (let f = 0; f < F.length; f++) {
    if (C.outside_share[f] >= s || Hh.row(C.owner[f]) < 0) continue;
    room += (s - C.outside_share[f]) * firmEquity(world, f, values);
  }
  const offering = Math.min(buys - matched, room);
  const delta = scratch(world, "fund.delta", Float64Array, nh);
  delta.fill(0, 0, nh);
  if (offering > 0) {
    const part = offering / room;
    for (let f = 0; f < F.length; f++) {
      const gap = s - C.outside_share[f];
      const h = Hh.row(C.owner[f]);
      if (gap <= 0 || h < 0) continue;
      const equity = firmEquity(world, f, values);
      if (equity <= 0) continue;
      C.outside_share[f] = Math.min(s, C.outside_share[f] + gap * part);
      delta[h] += gap * part * equity;
    }
  }
  const buyFill = buys > 0 ? (matched + offering) / buys : 0;
  const sellFill = sells > 0 ? matched / sells : 0;
  let paid = 0;
  for (let h = 0; h < nh; h++) {
    const o = order[h];
    if (o === 0) continue;
    const x = o > 0 ? o * buyFill : o * sellFill; // money in, out of the fund's units
    if (x > 0) paid += x;
    delta[h] -= x;
    units[h] = Math.max(0, units[h] + x / nav);
  }
  settle(world, delta, money);
  world.ledger.record(FLOW.fund_trades, paid);
  return paid;
}

/**
 * Founders' sales of units (firm_dynamics.ts): each household with `sales[h]` above 0 sells
 * that much of its units (at most what it holds) at the net asset value `nav`, and the
 * households that found no firm this cycle (`founding[h]` 0) buy them in proportion to their
 * money above their buffer, as far as that money goes (all sales are then filled in the same
 * proportion). The weekly market of {@link tradeFund} is a thin one, where households only
 * rebalance (a founder's order of 100,000 met 1,000-10,000 of buy orders on the 20k island); a
 * founder redeems instead, as the holder of an open-end fund does at the day's NAV, and the
 * claim passes to the households with money to spare, whose portfolio rule sells the surplus
 * back on later market days. Money moves only between households (flow `fund_trades`). On
 * return `sales` holds the money each founder got. Returns the money paid.
 */
export function sellForFounders(
  world: SimWorld,
  sales: Float64Array,
  founding: Uint8Array,
  nav: number,
): number {
  const Hh = world.tables.households;
  const nh = Hh.length;
  const units = Hh.col.fund_units;
  let raise = 0;
  for (let h = 0; h < nh; h++) {
    if (sales[h] > 0) sales[h] = nav > 0 ? Math.min(sales[h], units[h] * nav) : 0;
    raise += sales[h];
  }
  if (!(raise > 0)) return 0;
  const money = scratch(world, "fund.money", Float64Array, nh);
  const buffer = scratch(world, "fund.buffer", Float64Array, nh);
  liquidity(world, money, buffer);
  let spare = 0;
  for (let h = 0; h < nh; h++) if (founding[h] === 0) spare += Math.max(0, money[h] - buffer[h]);
  const fill = spare > 0 ? Math.min(1, spare / raise) : 0;
  const delta = scratch(world, "fund.delta", Float64Array, nh);
  let paid = 0;
  for (let h = 0; h < nh; h++) {
    if (founding[h] === 1) {
      const x = sales[h] * fill;
      sales[h] = x;
      delta[h] = x;
      units[h] = Math.max(0, units[h] - x / nav);
      paid += x;
    } else {
      const x = spare > 0 ? (Math.max(0, money[h] - buffer[h]) / spare) * raise * fill : 0;
      delta[h] = -x;
      units[h] += x / nav;
    }
  }
  settle(world, delta, money);
  world.ledger.record(FLOW.fund_trades, paid);
  return paid;
}

/**
 * Moves each household's net cash `delta` (by household row) in or out of its members'
 * money: what it receives goes to its adults in equal shares (to all members when there is no
 * adult), what it pays comes from its members in proportion to their money (`money`, by
 * household row), so nobody's money goes below zero. Neither is income.
 */
function settle(world: SimWorld, delta: Float64Array, money: Float64Array): void {
  const Hh = world.tables.households;
  const nh = Hh.length;
  const gains = scratch(world, "fund.gains", Float64Array, nh);
  for (let h = 0; h < nh; h++) gains[h] = delta[h] > 0 ? delta[h] : 0;
  distributeToAdults(world, gains, false);
  payFromMembers(world, delta, money);
}
