/**
 * Households' shopping trips, as a small class the goods market reuses all day: its fields
 * hold the day's seller slots, trips and counters, and its methods are short enough for V8 to
 * optimise on their own (inside the market's long update a trip stayed in the baseline tier).
 *
 * @module
 */
import { hash32, normal, streamOf, tickKey } from "../../core/rng.ts";
import type { SimWorld } from "../../world.ts";
import type { Recipes } from "./recipes.ts";

const THRIFT = streamOf("households.thrift");

/**
 * A household's thrift: the multiple of the average buffer target it keeps, lognormal with
 * mean 1 and log-sd `sigma`, fixed for life (keyed on the household id, not the tick), so
 * some households save far more than others and wealth spreads wider than income.
 */
export function thrift(seed: number, householdId: number, sigma: number): number {
  if (sigma === 0) return 1;
  return Math.exp(sigma * normal(tickKey(seed, THRIFT, 0), householdId, 0) - (sigma * sigma) / 2);
}

const EMPTY64 = new Float64Array(0);
const EMPTY32 = new Int32Array(0);
const EMPTYU32 = new Uint32Array(0);

/**
 * The fields of a seller slot's shelf record in `ShoppingDay.slots` (slot i at `SLOT.size * i`):
 * stock on the shelf and the logit appeal (price^-sensitivity), what a buyer reads of every
 * seller it draws. (The buying code writes the offsets out: 2i, 2i + 1.)
 */
export const SLOT = { stock: 0, appeal: 1, size: 2 } as const;

/**
 * The fields of a seller slot's sale record in `ShoppingDay.offers` (slot i at `OFFER.size * i`):
 * the price buyers pay (VAT included) and the units sold today, read and written only for the
 * seller a buyer buys from. (The buying code writes the offsets out: 2i, 2i + 1.)
 */
export const OFFER = { price: 0, sold: 1, size: 2 } as const;

/**
 * The alias table of the draw by size as 32-bit integers, two per slot: the draw's 32 random
 * bits times the good's seller count split into a slot (the high word) and a remainder (the low
 * word); the slot is kept when the remainder is below its threshold, else it hands over to its
 * alias. The remainder over 2^32 is exactly the fraction the floating-point draw compares with
 * the slot's probability (both products are exact in doubles), so a threshold of
 * ceil(probability x 2^32) keeps exactly the same draws, in half the bytes of two doubles.
 */
export function packAlias(
  prob: number,
  self: number,
  alias: number,
  out: Uint32Array,
  o: number,
): void {
  const t = Math.ceil(prob * 4294967296);
  // A probability within 2^-32 of 1 (or 1) keeps every draw: no remainder reaches it.
  if (t > 0xffffffff) {
    out[o] = 0xffffffff;
    out[o + 1] = self;
  } else {
    out[o] = t;
    out[o + 1] = alias;
  }
}

/** The state of a market day that shopping trips read and update. */
export class ShoppingDay {
  // Seller slots (firms in `sellers.rows` order, grouped by good; see sellers.ts): where each
  // good's slots start, and what the market knows of each. A trip draws a few slots per good,
  // reads whether each has stock and its appeal, then buys from one at its price. The trips
  // buy good by good ({@link buyPlanned}), so only one good's slots (a twelfth at the large
  // preset) need to stay in the processor's cache at a time.
  start: Int32Array = EMPTY32;
  /**
   * The alias table ({@link packAlias}): slot i's threshold at 2i, the slot it hands over to at
   * 2i + 1.
   */
  pick: Uint32Array = EMPTYU32;
  /**
   * Each slot's shelf record of {@link SLOT}: its stock and appeal side by side, all a buyer reads
   * of the sellers it draws. The draws are random reads, and a good's alias table and shelves,
   * 16 bytes a slot, stay in the processor's cache where 48 (two doubles of the alias table and
   * a record of four) did not at the large preset's biggest goods.
   */
  slots: Float64Array = EMPTY64;
  /** Each slot's sale record of {@link OFFER}: its price and today's sales. */
  offers: Float64Array = EMPTY64;
  /** Unmet demand heard today by slot, units. */
  asked: Float64Array = EMPTY64;
  // Goods: mean prices for budgeting, subsistence, shares, today's totals.
  goodPrice: Float64Array = EMPTY64;
  subsistence: Float64Array = EMPTY64;
  share: Float64Array = EMPTY64;
  consumed: Float64Array = EMPTY64;
  spending: Float64Array = EMPTY64;
  unmet: Float64Array = EMPTY64;
  /** A good's consumed and spending columns, held while invested purchases are made. */
  heldConsumed = 0;
  heldSpending = 0;
  // The day's trips, planned first and then bought good by good ({@link buyPlanned}): each
  // trip's budget for good g at g * trips + t (good-major, so that a good's pass reads its
  // budgets in order), the state of its stream of seller draws, and what it spent.
  tripWant: Float64Array = EMPTY64;
  tripBits: Int32Array = EMPTY32;
  tripSpent: Float64Array = EMPTY64;
  /** The household row of each trip, where its regular sellers are kept. */
  tripRow: Int32Array = EMPTY32;
  // Customer markets (see {@link buy}): households' regular sellers by good (firm ids, the
  // households table's column, row-major), the firms' rows by id, the slot of each firm row
  // and the firm id of each slot; `loyal` is off without regular sellers.
  regular: Int32Array = EMPTY32;
  firmRow: Int32Array = EMPTY32;
  slotOf: Int32Array = EMPTY32;
  slotFirm: Int32Array = EMPTY32;
  loyal = false;
  switching = 0;
  trips = 0;
  planned = 0;
  cand = new Int32Array(32);
  weight = new Float64Array(32);
  goods = 0;
  sample = 1;
  days = 1;
  key = 0;
  consumeIncome = 0;
  consumeWealth = 0;
  bufferDays = 0;
  bits = 1;
  // Results kept in fields rather than returned: a double returned from a call V8 does not
  // inline is boxed on the heap, and shopping makes some 300,000 calls a day at 500,000 persons.
  /** What the last {@link buy} spent. */
  bought = 0;
  /**
   * What the next {@link buy} may spend: a field, not an argument, since a double passed to a
   * call that V8 does not inline is boxed on the heap too (4 MB a day at 500,000 persons).
   */
  budget = 0;
  /** The slot of the buyer's regular seller for the next {@link buy}, or -1 (a field too). */
  regularSlot = -1;
  /** The slot the last {@link buy} bought from first, or -1 if it bought nothing. */
  first = -1;

  /** Makes room for `n` seller slots (the arrays are kept from day to day). */
  reserve(n: number): void {
    if (this.asked.length >= n) return;
    const m = Math.ceil(n * 1.25);
    this.pick = new Uint32Array(2 * m);
    this.slots = new Float64Array(SLOT.size * m);
    this.offers = new Float64Array(OFFER.size * m);
    this.asked = new Float64Array(m);
    this.slotOf = new Int32Array(m);
    this.slotFirm = new Int32Array(m);
  }

  /**
   * Points the day at today's sellers (`start`: where each good's slots begin; the slots
   * filled by the market) and parameters; `mood` scales the propensity to spend.
   */
  open(world: SimWorld, r: Recipes, start: Int32Array, key: number, mood: number): void {
    const hb = world.config.economy.households;
    const gc = world.tables.goods.col;
    this.start = start;
    this.goodPrice = gc.price;
    this.subsistence = r.subsistence;
    this.share = r.consumerShare;
    this.consumed = gc.consumed;
    this.spending = gc.spending;
    this.unmet = gc.unmet;
    this.goods = r.goods;
    this.sample = hb.seller_sample;
    this.days = hb.shopping_days;
    this.key = key;
    this.consumeIncome = Math.min(1, hb.consume_income * mood);
    this.consumeWealth = Math.min(1, (hb.consume_wealth / 30) * mood);
    this.bufferDays = hb.buffer_months * 30;
    this.loyal = hb.regular_sellers;
    this.switching = hb.switching_intensity;
    this.regular = world.tables.households.col.regular_seller;
    this.firmRow = world.tables.firms.rowOf;
    if (this.cand.length < this.sample) {
      this.cand = new Int32Array(this.sample);
      this.weight = new Float64Array(this.sample);
    }
  }

  /** Makes room for `trips` trips today, to be planned in turn with {@link plan}. */
  beginTrips(trips: number): void {
    const need = trips * this.goods;
    if (this.tripWant.length < need) this.tripWant = new Float64Array(Math.ceil(need * 1.25));
    if (this.tripBits.length < trips) {
      const m = Math.ceil(trips * 1.25);
      this.tripBits = new Int32Array(m);
      this.tripSpent = new Float64Array(m);
      this.tripRow = new Int32Array(m);
    }
    this.trips = trips;
    this.planned = 0;
  }

  /**
   * Plans the next trip, of household `id` (at row `row`) with money `cash`, permanent income
   * `pi`, `size` members and `thrift` (multiple of the buffer target it keeps): the
   * buffer-stock budget, necessities first, the rest by budget shares; and the seed of the
   * trip's seller draws.
   */
  plan(
    id: number,
    row: number,
    cash: number,
    pi: number,
    size: number,
    thrift: number,
  ): void {
    const G = this.goods;
    const D = this.days;
    const T = this.trips;
    const t = this.planned++;
    const buffer = this.bufferDays * thrift;
    const daily = this.consumeIncome * pi + this.consumeWealth * Math.max(0, cash - buffer * pi);
    let need = 0;
    for (let g = 0; g < G; g++) need += this.subsistence[g] * size * D * this.goodPrice[g];
    let budget = Math.max(daily * D, Math.min(cash, need));
    if (budget > cash) budget = cash;
    const subShare = need > 0 ? Math.min(1, budget / need) : 0;
    const rest = budget - subShare * need;
    const want = this.tripWant;
    for (let g = 0; g < G; g++) {
      want[g * T + t] = subShare * this.subsistence[g] * size * D * this.goodPrice[g] +
        this.share[g] * rest;
    }
    // One keyed hash per trip seeds the xorshift that draws every seller of the trip.
    this.tripBits[t] = hash32(this.key, id, 0) | 1;
    this.tripSpent[t] = 0;
    this.tripRow[t] = row;
  }

  /**
   * Makes the planned trips: each buys its goods in order, from sellers drawn by a logit on
   * price, and leaves its spend in `tripSpent`. The trips are walked good by good rather than
   * trip by trip: a good's sellers (a twelfth of the slots at the large preset) stay in the
   * processor's cache while every trip buys it, where trip by trip every good's slots, a
   * megabyte at 25,000 sellers, took their turn. Nothing else changes: a seller sells one good,
   * so each good's shelves see the trips in the same order, and each trip's draws continue
   * from good to good as before.
   */
  buyPlanned(): void {
    const G = this.goods;
    const T = this.trips;
    const want = this.tripWant;
    const bits = this.tripBits;
    const spent = this.tripSpent;
    const rows = this.tripRow;
    const regular = this.regular;
    const firmRow = this.firmRow;
    const slotOf = this.slotOf;
    const slotFirm = this.slotFirm;
    const loyal = this.loyal;
    for (let g = 0; g < G; g++) {
      const o = g * T;
      const lo = this.start[g];
      const hi = this.start[g + 1];
      for (let t = 0; t < T; t++) {
        const w = want[o + t];
        if (!(w > 0)) continue;
        this.budget = w;
        this.bits = bits[t];
        // The regular seller's slot, if it still sells this good (-1: none).
        let reg = -1;
        const at = rows[t] * G + g;
        if (loyal) {
          const id = regular[at];
          const f = id >= 0 && id < firmRow.length ? firmRow[id] : -1;
          const s = f >= 0 ? slotOf[f] : -1;
          if (s >= lo && s < hi) reg = s;
        }
        this.regularSlot = reg;
        this.buy(g);
        if (loyal && this.first >= 0) regular[at] = slotFirm[this.first];
        bits[t] = this.bits;
        spent[t] += this.bought;
      }
    }
  }

  /**
   * Holds good `g`'s consumed and spending columns before purchases that are invested rather
   * than consumed (a government's machines, households' new dwellings); {@link endInvestment}
   * puts them back.
   */
  beginInvestment(g: number): void {
    this.heldConsumed = this.consumed[g];
    this.heldSpending = this.spending[g];
  }

  /**
   * Puts good `g`'s consumed and spending columns back exactly as {@link beginInvestment} found
   * them (subtracting the purchases again could leave a rounding residue below zero) and returns
   * the units bought since, which were invested.
   */
  endInvestment(g: number): number {
    const units = this.consumed[g] - this.heldConsumed;
    this.consumed[g] = this.heldConsumed;
    this.spending[g] = this.heldSpending;
    return units;
  }

  /**
   * A purchase outside the shopping trips (a government's procurement, a household's new
   * dwelling): `money` spent on good `g` in one trip keyed by `trip`, on a `stream` of seller
   * draws of its own (households' shopping trips use 0).
   */
  procure(trip: number, g: number, money: number, stream = 1): number {
    this.bits = hash32(this.key, trip, stream) | 1;
    this.budget = money;
    this.regularSlot = -1;
    this.buy(g);
    return this.bought;
  }

  /**
   * Spends up to `budget` on good `g` (draws continue the trip's stream); leaves the spend in
   * `bought` and the first seller bought from in `first`.
   *
   * Without a regular seller (`regularSlot` -1, or one out of stock) the buyer draws a sample
   * of sellers by size and picks among those with stock by a logit on price, moving on to the
   * next when one runs out. With one, this is a customer market (Phelps & Winter 1970; Gourio
   * & Rudanko 2014): the buyer still draws its sample but buys from its regular seller first,
   * unless the cheapest seller of the sample wins it over, with probability
   * 1 - exp(-switching x (p_regular - p_cheapest) / p_cheapest) when cheaper (the switching
   * rule of Delli Gatti et al. 2010, applied to goods by Caiani et al. 2016). Whoever sells
   * first becomes the regular seller, so a firm's customers persist from trip to trip, a
   * bigger firm, drawn more often, wins more of them (preferential attachment, Simon 1955),
   * and an entrant builds its base slowly (Foster, Haltiwanger & Syverson 2016).
   */
  buy(g: number): void {
    const pick = this.pick;
    const slots = this.slots;
    const offers = this.offers;
    const cand = this.cand;
    const weight = this.weight;
    const sample = this.sample;
    // Sellers drawn by size through the alias table.
    let bits = this.bits;
    const lo = this.start[g];
    const n = this.start[g + 1] - lo;
    let nc = 0;
    let short = -1; // first slot found with too little stock: it hears of the unmet rest
    for (let j = 0; j < sample && n > 0; j++) {
      bits ^= bits << 13;
      bits ^= bits >>> 17;
      bits ^= bits << 5;
      // The slot from the high word of bits x n, the remainder from the low one (packAlias).
      const i = ((bits >>> 0) * 2.3283064365386963e-10 * n) | 0; // floor: 0 <= i < n
      const a = 2 * (lo + i);
      // Keep the slot or take its alias, without a branch: the choice is a coin flip that a
      // branch predictor would miss half the time.
      const keep = +((Math.imul(bits, n) >>> 0) < pick[a]);
      const slot = (keep * (lo + i) + (1 - keep) * pick[a + 1]) | 0;
      if (slots[2 * slot] <= 0) {
        if (short < 0) short = slot;
        continue;
      }
      cand[nc] = slot;
      weight[nc] = slots[2 * slot + 1];
      nc++;
    }
    let left = this.budget;
    let spent = 0;
    let first = -1;
    // With a regular seller in stock, the first purchase is from it, or from the sample's
    // cheapest other seller if that wins the buyer over; one out of stock hears of the unmet
    // demand of its customer.
    let next = -1;
    const reg = this.regularSlot;
    if (reg >= 0 && slots[2 * reg] > 0) {
      next = reg;
      let best = -1;
      let bestAppeal = 0;
      for (let k = 0; k < nc; k++) {
        if (cand[k] !== reg && weight[k] > bestAppeal) {
          best = cand[k];
          bestAppeal = weight[k];
        }
      }
      if (best >= 0) {
        const pr = offers[2 * reg];
        const pb = offers[2 * best];
        if (pb < pr) {
          bits ^= bits << 13;
          bits ^= bits >>> 17;
          bits ^= bits << 5;
          const u = (bits >>> 0) * 2.3283064365386963e-10;
          if (u < 1 - Math.exp(-this.switching * (pr - pb) / pb)) next = best;
        }
      }
    } else if (reg >= 0) short = reg;
    // The regular (or winning) seller's purchase, then the sample's while the budget lasts.
    while (next >= 0 || (left > 1e-9 && nc > 0)) {
      let slot = next;
      if (slot >= 0) next = -1;
      else {
        let sum = 0;
        for (let j = 0; j < nc; j++) sum += weight[j];
        bits ^= bits << 13;
        bits ^= bits >>> 17;
        bits ^= bits << 5;
        let u = (bits >>> 0) * 2.3283064365386963e-10 * sum;
        // The first candidate whose weight the draw falls in (the last one at the end), without
        // a branch on where it stops: which seller is drawn is a coin flip from trip to trip,
        // and a loop that stopped there was mispredicted at nearly every purchase. A step past
        // the stop subtracts 0 and adds 0 to `j`, so the draw is the same.
        let j = 0;
        let on = 1;
        for (let k = 0; k < nc - 1; k++) {
          on &= +(u >= weight[k]);
          u -= on * weight[k];
          j += on;
        }
        slot = cand[j];
        nc--;
        cand[j] = cand[nc];
        weight[j] = weight[nc];
      }
      const p = offers[2 * slot];
      const q = left / p;
      const stock = slots[2 * slot];
      const got = q < stock ? q : stock;
      if (first < 0 && got > 0) first = slot;
      if (got < q && short < 0) short = slot;
      offers[2 * slot + 1] += got;
      slots[2 * slot] = stock - got;
      const value = got * p;
      this.consumed[g] += got;
      this.spending[g] += value;
      spent += value;
      left -= value;
    }
    this.bits = bits;
    this.first = first;
    if (left > 1e-9) {
      this.unmet[g] += left / this.goodPrice[g];
      if (short >= 0) this.asked[short] += left / offers[2 * short];
    }
    this.bought = spent;
  }
}
