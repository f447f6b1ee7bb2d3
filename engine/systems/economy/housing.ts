/**
 * Housing (`economy.housing`): households own dwellings, built by the makers of the capital
 * good (one good stands for structures and equipment, as gross fixed capital formation does),
 * and trade them among themselves. Residential investment is part of investment and GDP.
 *
 * The stock-adjustment model of housing demand (Muth 1960, "The demand for non-farm housing",
 * in Harberger, ed., The Demand for Durable Goods; Poterba 1984, QJE 99:729, for the stock-flow
 * view of the housing market; DiPasquale & Wheaton 1992, Real Estate Economics 20:181): a
 * household wants a dwelling worth `dwelling_to_income` years of its long-run income (its
 * `housing_income`, averaged over `income_years`) at the market price of dwellings, less as
 * that price rises against the CPI (`price_elasticity`), and once a month (its housing day,
 * staggered by id)
 * - the dwelling wears out by `depreciation` a year and the household buys upkeep to replace
 *   what wore out; a household whose dwelling is outside the inaction band, below (1 - `band`)
 *   or above (1 + `band`) times what it wants (a new household, an heir, one whose income
 *   moved), also closes `adjustment` a year of the gap, buying or selling (the (S, s) band of
 *   durable holdings, Grossman & Laroque 1990, Econometrica 58:25, with partial adjustment
 *   outside it);
 * - purchases are paid out of money above the buffer target (a household without savings
 *   lets the dwelling run down and saves for it: the down payment, Engelhardt 1996, J. Urban
 *   Econ. 39:313);
 * - the day's buyers buy the sellers' dwellings first, at the market price of existing
 *   dwellings, each side filled in proportion; what the sellers do not offer is new
 *   construction, bought from the capital good's makers on the goods market, and counts as
 *   investment, not consumption;
 * - the market price moves with the day's excess demand (Case & Shiller 1989, AER 79:125, for
 *   its sluggishness) and never exceeds the replacement cost (the capital good's price,
 *   smoothed as households see it): with no land, building is the marginal supply and holds
 *   Tobin's q at 1 or below (DiPasquale & Wheaton 1994, J. Urban Econ. 35:1). In a glut the
 *   price falls until the cheaper dwellings find buyers, and nothing is built meanwhile.
 *
 * Without banks a dwelling is paid for with money; with them households borrow on mortgages
 * (`finance/mortgages.ts`): each month a household first pays its mortgage, a household in
 * default sells as much of its dwelling as repays the bank, and buyers borrow `loan_to_value`
 * of what they buy within their payment-to-income limit; the mortgage rate enters the user cost
 * of housing.
 *
 * @module
 */
import { Stagger } from "../../core/stagger.ts";
import { scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import { housingOn } from "../../scenario/housing_schema.ts";
import type { SimWorld } from "../../world.ts";
import { distributeToAdults } from "./payouts.ts";
import {
  grantMortgage,
  inDefault,
  mortgageRate,
  mortgageRoom,
  mortgagesOn,
  neutralMortgageRate,
  passMortgage,
  repay,
  serviceMortgage,
  writeOff,
} from "../finance/mortgages.ts";
import { type Recipes, recipesOf } from "./recipes.ts";
import { consumerPriceIndex } from "./economy_stats.ts";
import type { ShoppingDay } from "./shopping.ts";

/** Days between a household's housing decisions (staggered by household id). */
export const HOUSING_DAYS = 30;

/** The stream of seller draws of new construction (households' trips use 0, governments' 1). */
const BUILD_STREAM = 2;

/**
 * Units of dwelling a household wants per unit of its permanent income (a day), today:
 * `dwelling_to_income` years of income at the price of dwellings (the macro row's
 * `house_price`), scaled by that price relative to its base-period value deflated by
 * the CPI, and with mortgages by the user cost of housing relative to its neutral level (the
 * price of housing's services is the dwelling's price times its user cost), to the power
 * -`price_elasticity` (in units; the money spent rises with the price when the elasticity is
 * below 1). At the start, prices at base and the policy rate neutral, it is
 * `dwelling_to_income` years of income at the capital good's price.
 */
export function dwellingPerIncome(world: SimWorld): number {
  const hs = world.config.economy.housing;
  const price = world.tables.macro.col.house_price[0];
  const k = recipesOf(world).capitalGood;
  if (!(price > 0) || k < 0) return 0;
  const base = world.tables.goods.col.base_price[k];
  const cpi = consumerPriceIndex(world) / 100;
  let relative = base > 0 && cpi > 0 ? price / (base * cpi) : 1;
  // (The banks open after the economy's start: until then the policy rate is neutral.)
  if (mortgagesOn(world.config) && world.tables.central_bank.length > 0) {
    relative *= userCost(world, mortgageRate(world)) / userCost(world, neutralMortgageRate(world));
  }
  return (hs.dwelling_to_income * 365 * Math.pow(relative, -hs.price_elasticity)) /
    (base > 0 && cpi > 0 ? base * cpi : price);
}

/**
 * Housing's user cost per unit of value, a year, at mortgage rate `rate`: the rate less the
 * inflation the central bank targets, plus depreciation (Poterba 1984, QJE 99:729; no capital
 * gains beyond inflation, a dwelling's price being at most its replacement cost), at least 0.5%.
 */
function userCost(world: SimWorld, rate: number): number {
  const target = world.config.finance.central_bank.inflation_target;
  return Math.max(0.005, rate - target + world.config.economy.housing.depreciation);
}

/** Units of dwelling a household with long-run income `income` (a day) wants today. */
export function wantedDwelling(world: SimWorld, income: number): number {
  return dwellingPerIncome(world) * income;
}

/**
 * Today's step of every household's `housing_income` (see `economy.housing.income_years`); a
 * household founded since yesterday starts from its permanent income.
 */
export function longRunIncome(world: SimWorld): void {
  const Hh = world.tables.households;
  const hc = Hh.col;
  const w = 1 / (365 * world.config.economy.housing.income_years);
  for (let h = 0; h < Hh.length; h++) {
    const y = hc.housing_income[h] > 0 ? hc.housing_income[h] : hc.permanent_income[h];
    hc.housing_income[h] = (1 - w) * y + w * hc.income_today[h];
  }
}

/**
 * The housing decisions of the households whose housing day it is, inside the goods market
 * `day` after households and governments have shopped (see the module doc): `money` is each
 * household's money before today's shopping and `paid` the share of it already spent (by
 * household row); the dwellings bought are added to `paid`, the sellers' receipts kept for
 * {@link paySellers}, which runs once the members have paid. Returns what buyers paid for
 * existing dwellings (0: there is nobody to pay).
 */
export function tradeDwellings(
  world: SimWorld,
  r: Recipes,
  day: ShoppingDay,
  money: Float64Array,
  paid: Float64Array,
): number {
  const k = r.capitalGood;
  if (!housingOn(world.config) || k < 0) return 0;
  const Hh = world.tables.households;
  const nh = Hh.length;
  const gains = scratch(world, "housing.gains", Float64Array, nh);
  gains.fill(0, 0, nh);
  const gc = world.tables.goods.col;
  const price = gc.price[k];
  if (!(price > 0)) return 0;
  const hb = world.config.economy.households;
  const M = world.tables.macro.col;
  M.dwelling_price[0] = (1 - hb.income_memory) * M.dwelling_price[0] +
    hb.income_memory * price;
  // Existing dwellings at the market's price, never above what building one costs.
  const resale = Math.min(M.house_price[0], M.dwelling_price[0]);
  M.house_price[0] = resale;
  // Orders are sized at the dearer of an existing and a new dwelling, so that none costs more
  // than the money and credit it was sized on.
  const dear = Math.max(resale, price);
  const perIncome = dwellingPerIncome(world);
  const hs = world.config.economy.housing;
  const month = HOUSING_DAYS / 365;
  const wear = hs.depreciation * month;
  const close = Math.min(1, hs.adjustment * month);
  const hc = Hh.col;
  const ids = Hh.ids;
  const dwelling = hc.dwelling;
  const income = hc.permanent_income;
  const longRun = hc.housing_income;
  const tick = world.tick;
  const bufferDays = hb.buffer_months * 30;
  const credit = mortgagesOn(world.config);
  const ltv = credit ? world.config.finance.mortgages.loan_to_value : 0;
  // Orders in units: buyers positive, sellers negative, 0 for households not deciding today;
  // what each buyer may borrow, and who sells because it defaulted.
  const order = scratch(world, "housing.order", Float64Array, nh);
  const room = scratch(world, "housing.room", Float64Array, nh);
  const forced = scratch(world, "housing.forced", Uint8Array, nh);
  // Today's deciders (a thirtieth of households), so that the second pass visits only them.
  const deciders = scratch(world, "housing.deciders", Int32Array, nh);
  let n = 0;
  let buys = 0;
  let sells = 0;
  const due = Stagger.daily(HOUSING_DAYS, tick);
  for (let h = 0; h < nh; h++) {
    if (!due.test(ids[h])) continue;
    deciders[n++] = h;
    order[h] = 0;
    forced[h] = 0;
    const cash = money[h];
    let used = paid[h] * cash;
    if (credit && hc.mortgage[h] > 0) {
      used += serviceMortgage(world, h, cash - used);
      paid[h] = cash > 0 ? Math.min(1, used / cash) : 1;
    }
    const worn = dwelling[h] * wear;
    const held = dwelling[h] - worn;
    dwelling[h] = held;
    if (credit && inDefault(world, h)) {
      // Foreclosure: as much of the dwelling as repays the mortgage is for sale.
      const units = Math.min(held, hc.mortgage[h] / resale);
      forced[h] = 1;
      order[h] = -units;
      sells += units;
      continue;
    }
    const wanted = perIncome * longRun[h];
    // Upkeep, and beyond the inaction band part of the gap.
    const outside = held < (1 - hs.band) * wanted || held > (1 + hs.band) * wanted;
    let x = outside ? worn + close * (wanted - held) : worn;
    if (x > 0) {
      // The down payment out of the money above the buffer target that today left, the rest
      // borrowed as far as the limits allow.
      const left = cash - used - bufferDays * hc.thrift[h] * income[h];
      const own = left > 0 ? left : 0;
      let most = own;
      if (credit) {
        room[h] = mortgageRoom(world, h, income[h]);
        most = Math.min(ltv < 1 ? own / (1 - ltv) : Infinity, own + room[h]);
      }
      if (x > most / dear) x = most / dear;
      buys += x;
    } else sells -= x;
    order[h] = x;
  }
  if (buys === 0 && sells === 0) return 0;
  const matched = Math.min(buys, sells);
  const buyFill = buys > 0 ? matched / buys : 0;
  const sellFill = sells > 0 ? matched / sells : 0;
  let built = 0;
  let resold = 0;
  for (let i = 0; i < n; i++) {
    const h = deciders[i];
    const x = order[h];
    if (x === 0) continue;
    if (x < 0) {
      const held = dwelling[h];
      const units = Math.min(held, -x * sellFill);
      dwelling[h] = held - units;
      const proceeds = units * resale;
      // The sale repays the mortgage in proportion (in a foreclosure, all of it as far as it
      // goes; what a household that has sold all its dwelling still owes is written off, and
      // one whose dwelling found too few buyers stays in default, for sale again next month).
      let repaid = 0;
      if (credit && hc.mortgage[h] > 0) {
        repaid = Math.min(proceeds, forced[h] ? hc.mortgage[h] : hc.mortgage[h] * units / held);
        repay(world, h, repaid);
        if (forced[h] && dwelling[h] <= 0) writeOff(world, h);
      }
      gains[h] = proceeds - repaid;
      continue;
    }
    const bought = x * buyFill;
    const used = bought * resale;
    resold += used;
    // The rest is built: bought from the capital good's makers, invested rather than consumed.
    day.beginInvestment(k);
    const spent = x > bought ? day.procure(ids[h], k, (x - bought) * price, BUILD_STREAM) : 0;
    const made = day.endInvestment(k);
    gc.invested[k] += made;
    gc.dwellings_built[k] += made;
    built += spent;
    dwelling[h] += bought + made;
    const cost = used + spent;
    const loan = credit ? Math.min(room[h], ltv * cost) : 0;
    grantMortgage(world, h, loan);
    const cash = money[h];
    const total = paid[h] * cash + cost - loan;
    paid[h] = cash > 0 ? Math.min(1, total / cash) : 1;
  }
  world.ledger.record(FLOW.residential_investment, built);
  world.ledger.record(FLOW.dwelling_trades, resold);
  // The price of existing dwellings moves with the day's excess demand for them (capped at the
  // cost of building one next time).
  M.house_price[0] = resale * Math.exp(hs.price_adjustment * (buys - sells) / (buys + sells));
  return resold;
}

/**
 * Household row `from` dissolves: its dwelling, and its mortgage, pass to household row `to`
 * (-1: nobody; the dwelling lapses and the mortgage is written off).
 */
export function passDwelling(world: SimWorld, from: number, to: number): void {
  const hc = world.tables.households.col;
  if (to >= 0) hc.dwelling[to] += hc.dwelling[from];
  hc.dwelling[from] = 0;
  if (mortgagesOn(world.config)) passMortgage(world, from, to);
}

/**
 * Pays the households that sold dwellings today what their buyers paid, less what repaid their
 * mortgages (to their adults, as fund sales are; not income). Runs after the members' payments
 * of the goods market, on a day {@link tradeDwellings} reported trades.
 */
export function paySellers(world: SimWorld): void {
  const nh = world.tables.households.length;
  distributeToAdults(world, scratch(world, "housing.gains", Float64Array, nh), false);
}
