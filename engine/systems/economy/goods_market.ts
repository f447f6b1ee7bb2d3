/**
 * The goods market (phase "markets"), posted prices. Order of one daily update:
 * 1. a pass over persons sums each household's money and the pay production handed out
 *    today (dividends are already counted); every household updates its permanent income; the
 *    aggregate demand shock (an AR(1), `demand_noise`, `demand_persistence`) takes today's step;
 * 2. households whose shopping day it is (every `shopping_days`, staggered by id) set a
 *    budget by a buffer-stock rule, scaled by the demand shock (a share of permanent income
 *    plus a share of money above
 *    the buffer target, never below the cost of necessities while money lasts), buy
 *    necessities (subsistence quantities of food, energy, ...) first and spend the rest by
 *    budget shares; for each good they compare a sample of sellers (drawn in proportion to
 *    their size, so big firms see more customers) and pick one by a logit
 *    on log price, moving on to the next when a seller runs out; what cannot be bought is
 *    recorded as unmet demand, and told to the first seller found short (so firms' demand
 *    is sales plus the unmet rest, counted once). The day's trips are planned first and then
 *    bought good by good (`shopping.ts`), which changes no trip's purchases;
 * 3. households whose housing day it is keep up, buy or sell dwellings (`housing.ts`: from each
 *    other first, the rest newly built by the capital good's makers);
 * 4. a pass over persons pays for the purchases, each member in proportion to their money, and
 *    households that sold dwellings are paid;
 * 5. each good's mean transaction price is recorded (the posted mean when nothing sold).
 *
 * @module
 */
import { normal } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { Stagger } from "../../core/stagger.ts";
import { derived, scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { collectVat, vatRates } from "../government/vat.ts";
import { publicPurchases } from "../government/purchases.ts";
import { PAID } from "./production.ts";
import { recipesOf } from "./recipes.ts";
import { sellersByGood } from "./sellers.ts";
import { OFFER, packAlias, ShoppingDay, SLOT, thrift } from "./shopping.ts";
import { longRunIncome, paySellers, tradeDwellings } from "./housing.ts";
import { housingOn } from "../../scenario/housing_schema.ts";

/** The goods market system. */
export const goodsMarket: System<SimWorld> = {
  name: "goods_market",
  phase: "markets",
  doc: "Household budgets, seller choice, purchases, unmet demand, mean prices.",
  enabled: (cfg) => cfg.systems.economy,
  update(world, ctx) {
    const r = recipesOf(world);
    const hb = world.config.economy.households;
    const P = world.tables.persons;
    const Hh = world.tables.households;
    const F = world.tables.firms;
    const pc = P.col;
    const hc = Hh.col;
    const fc = F.col;
    const gc = world.tables.goods.col;
    const G = r.goods;
    const nh = Hh.length;
    const sellers = sellersByGood(world);
    // The market works on seller slots (firms in `sellers.rows` order, grouped by good; see
    // ShoppingDay for their arrays): the firms' columns are read before and written back after.
    const nf = F.length;
    const day = derived(world, "goods.shoppingDay", () => new ShoppingDay());
    day.reserve(nf);
    const pick = day.pick;
    const slots = day.slots;
    const offers = day.offers;
    const asked = day.asked;
    const slotOf = day.slotOf;
    const slotFirm = day.slotFirm;
    // Consumers pay the posted price plus the VAT of the seller's polity (none without a
    // government); the seller keeps the posted price and the tax goes to its government.
    const vat = scratch(world, "goods.vat", Float64Array, nf);
    vatRates(world, sellers.rows, vat);
    const appeal = derived(world, "goods.appeal", () => new AppealCache());
    appeal.open(nf, hb.price_sensitivity);
    for (let i = 0; i < nf; i++) {
      const f = sellers.rows[i];
      packAlias(sellers.prob[i], i, sellers.alias[i], pick, 2 * i);
      const price = fc.price[f] * (1 + vat[i]);
      const o = SLOT.size * i;
      slots[o + SLOT.stock] = fc.inventory[f * G + fc.product[f]];
      slots[o + SLOT.appeal] = appeal.of(f, price);
      offers[OFFER.size * i + OFFER.price] = price;
      offers[OFFER.size * i + OFFER.sold] = 0;
      asked[i] = 0;
      slotOf[f] = i;
      slotFirm[i] = F.ids[f];
    }

    const money = scratch(world, "goods.money", Float64Array, nh);
    money.fill(0, 0, nh);
    const pay = scratch(world, PAID, Float64Array, P.length);
    const income = hc.income_today; // dividends are already in; today's pay is added here
    // A plain gather by household row. Members of a household mostly sit in consecutive rows,
    // but keeping their sums in locals while the household stays the same is slower: where one
    // household ends is a branch the processor mispredicts (1.9 ms against 0.5 at 500,000
    // persons).
    const household = pc.household;
    const householdRow = Hh.rowOf;
    const wealth = pc.wealth;
    for (let p = 0; p < P.length; p++) {
      const h = householdRow[household[p]];
      money[h] += wealth[p];
      income[h] = Math.fround(income[h] + pay[p]); // income_today is an f32 column
    }
    const m = hb.income_memory;
    for (let h = 0; h < nh; h++) {
      hc.permanent_income[h] = (1 - m) * hc.permanent_income[h] + m * hc.income_today[h];
    }
    if (housingOn(world.config)) longRunIncome(world);

    const paid = scratch(world, "goods.paidShare", Float64Array, nh);
    paid.fill(0, 0, nh);
    // The aggregate demand shock: an AR(1) in the log of households' propensity to spend.
    const M = world.tables.macro.col;
    M.demand_shock[0] = hb.demand_persistence * M.demand_shock[0] +
      hb.demand_noise * normal(ctx.key(1), 0, 0);
    day.open(world, r, sellers.start, ctx.key(0), Math.exp(M.demand_shock[0]));
    const D = hb.shopping_days;
    const tick = world.tick;
    let total = 0;
    // Columns as locals: each trip is a call, after which V8 would reload them.
    const hid = Hh.ids;
    const thriftOf = hc.thrift;
    const pi = hc.permanent_income;
    const size = hc.size;
    // Today's trips: the households whose day it is (staggered by id) and that hold money,
    // planned in row order, then bought good by good (shopping.ts).
    const trips = scratch(world, "goods.trips", Int32Array, nh);
    const due = Stagger.daily(D, tick);
    let nt = 0;
    for (let h = 0; h < nh; h++) {
      if (due.test(hid[h]) && money[h] > 0) trips[nt++] = h;
    }
    day.beginTrips(nt);
    for (let t = 0; t < nt; t++) {
      const h = trips[t];
      if (thriftOf[h] === 0) thriftOf[h] = thrift(world.seed, hid[h], hb.thrift_sigma);
      day.plan(hid[h], h, money[h], pi[h], size[h], thriftOf[h]);
    }
    day.buyPlanned();
    for (let t = 0; t < nt; t++) {
      const h = trips[t];
      const cash = money[h];
      const spent = day.tripSpent[t];
      paid[h] = spent < cash ? spent / cash : 1; // rounding may overshoot by an ulp
      total += spent;
    }
    if (world.tables.polities.length > 0) publicPurchases(world, r, day);
    const resold = tradeDwellings(world, r, day, money, paid);
    // Members pay their share; without a branch: a share of 0 leaves the money as it was.
    for (let p = 0; p < P.length; p++) {
      const share = paid[householdRow[household[p]]];
      wealth[p] -= wealth[p] * share;
    }
    if (resold > 0) paySellers(world);
    world.ledger.record(FLOW.purchases, total);
    // Back to the firms: stock, demand (sales plus the unmet rest), sales and revenue (the
    // posted price; the VAT above it goes to the government).
    for (let i = 0; i < nf; i++) {
      const f = sellers.rows[i];
      const sold = offers[OFFER.size * i + OFFER.sold];
      fc.inventory[f * G + fc.product[f]] = slots[SLOT.size * i + SLOT.stock];
      fc.demand_today[f] += sold + asked[i];
      fc.sales_today[f] += sold;
      fc.cash[f] += sold * fc.price[f];
    }
    if (world.tables.polities.length > 0) collectVat(world, sellers.rows, offers);

    // Mean transaction price of each good (posted mean when nothing sold to households), and
    // the same before VAT: firms price against and cost with the posted prices, which is all
    // they see and pay (VAT on inputs and machines is refunded in a VAT system). The share of
    // VAT in the price is that of all the good's sales today, households' and the
    // governments' (their machines included), so that the two prices are of one basket.
    const vatOn = world.tables.polities.length > 0;
    for (let g = 0; g < G; g++) {
      const s0 = sellers.start[g];
      const n = sellers.start[g + 1] - s0;
      if (gc.consumed[g] > 0) {
        gc.price[g] = gc.spending[g] / gc.consumed[g];
        if (!vatOn) gc.basic_price[g] = gc.price[g];
        else {
          let posted = 0;
          let paidWithVat = 0;
          for (let i = s0; i < s0 + n; i++) {
            const o = OFFER.size * i;
            posted += offers[o + OFFER.sold] * fc.price[sellers.rows[i]];
            paidWithVat += offers[o + OFFER.sold] * offers[o + OFFER.price];
          }
          gc.basic_price[g] = paidWithVat > 0 ? gc.price[g] * (posted / paidWithVat) : gc.price[g];
        }
        continue;
      }
      if (n === 0) continue;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += fc.price[sellers.rows[s0 + i]];
      gc.price[g] = sum / n;
      gc.basic_price[g] = gc.price[g];
    }
  },
};

/**
 * Sellers' logit appeal price^-sensitivity by firm row. It is a pow per seller and day, and
 * prices are sticky (most firms keep theirs for months), so each row keeps the price it was
 * computed for and recomputes only for another price (or another sensitivity).
 */
class AppealCache {
  price = new Float64Array(0);
  appeal = new Float64Array(0);
  sensitivity = NaN;

  /** Makes room for `rows` firms and forgets everything if the sensitivity changed. */
  open(rows: number, sensitivity: number): void {
    if (sensitivity !== this.sensitivity) {
      this.sensitivity = sensitivity;
      this.price.fill(NaN);
    }
    if (this.price.length >= rows) return;
    const price = new Float64Array(Math.ceil(rows * 1.25)).fill(NaN);
    price.set(this.price);
    const appeal = new Float64Array(price.length);
    appeal.set(this.appeal);
    this.price = price;
    this.appeal = appeal;
  }

  /** The appeal of firm row `f` at `price`. */
  of(f: number, price: number): number {
    if (this.price[f] !== price) {
      this.price[f] = price;
      this.appeal[f] = Math.pow(price, -this.sensitivity);
    }
    return this.appeal[f];
  }
}
