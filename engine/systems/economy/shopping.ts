/**
 * One household's shopping trip, as a small class the goods market reuses all day: its
 * fields hold the day's seller slots and counters, and `shop` is short enough for V8 to
 * optimise on its own (inside the market's long update it stayed in the baseline tier).
 *
 * @module
 */
import { hash32, normal, streamOf, tickKey } from "../../core/rng.ts";
import type { SimWorld } from "../../world.ts";
import type { Recipes } from "./recipes.ts";
import type { Sellers } from "./sellers.ts";

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

/** The state of a market day that shopping trips read and update. */
export class ShoppingDay {
  // Seller slots (see sellers.ts) and the day's per-slot data.
  start: Int32Array = EMPTY32;
  prob: Float64Array = EMPTY64;
  alias: Int32Array = EMPTY32;
  shelf: Float64Array = EMPTY64;
  price: Float64Array = EMPTY64;
  appeal: Float64Array = EMPTY64;
  sold: Float64Array = EMPTY64;
  asked: Float64Array = EMPTY64;
  // Goods: mean prices for budgeting, subsistence, shares, today's totals.
  goodPrice: Float64Array = EMPTY64;
  subsistence: Float64Array = EMPTY64;
  share: Float64Array = EMPTY64;
  consumed: Float64Array = EMPTY64;
  spending: Float64Array = EMPTY64;
  unmet: Float64Array = EMPTY64;
  want = new Float64Array(64);
  cand = new Int32Array(32);
  weight = new Float64Array(32);
  goods = 0;
  sample = 1;
  days = 1;
  key = 0;
  consumeIncome = 0;
  consumeWealth = 0;
  bufferDays = 0;
  thriftSigma = 0;
  seed = 0;

  /** Points the day at today's sellers, slot arrays and parameters. */
  open(
    world: SimWorld,
    r: Recipes,
    s: Sellers,
    slots: {
      shelf: Float64Array;
      price: Float64Array;
      appeal: Float64Array;
      sold: Float64Array;
      asked: Float64Array;
    },
    key: number,
  ): void {
    const hb = world.config.economy.households;
    const gc = world.tables.goods.col;
    this.start = s.start;
    this.prob = s.prob;
    this.alias = s.alias;
    this.shelf = slots.shelf;
    this.price = slots.price;
    this.appeal = slots.appeal;
    this.sold = slots.sold;
    this.asked = slots.asked;
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
    this.consumeIncome = hb.consume_income;
    this.consumeWealth = hb.consume_wealth / 30;
    this.bufferDays = hb.buffer_months * 30;
    this.thriftSigma = hb.thrift_sigma;
    this.seed = world.seed;
    if (this.want.length < r.goods) this.want = new Float64Array(r.goods);
    if (this.cand.length < this.sample) {
      this.cand = new Int32Array(this.sample);
      this.weight = new Float64Array(this.sample);
    }
  }

  /**
   * One trip of household `id` with money `cash`, permanent income `pi` and `size` members:
   * the buffer-stock budget, necessities first, the rest by budget shares, each good bought
   * from sampled sellers by a logit on price. Returns the money spent.
   */
  shop(id: number, cash: number, pi: number, size: number): number {
    const G = this.goods;
    const D = this.days;
    const buffer = this.bufferDays * thrift(this.seed, id, this.thriftSigma);
    const daily = this.consumeIncome * pi + this.consumeWealth * Math.max(0, cash - buffer * pi);
    let need = 0;
    for (let g = 0; g < G; g++) need += this.subsistence[g] * size * D * this.goodPrice[g];
    let budget = Math.max(daily * D, Math.min(cash, need));
    if (budget > cash) budget = cash;
    const subShare = need > 0 ? Math.min(1, budget / need) : 0;
    const rest = budget - subShare * need;
    const want = this.want;
    for (let g = 0; g < G; g++) {
      want[g] = subShare * this.subsistence[g] * size * D * this.goodPrice[g] +
        this.share[g] * rest;
    }
    let spent = 0;
    for (let g = 0; g < G; g++) {
      if (want[g] > 0) spent += this.buy(id, g, want[g]);
    }
    return spent;
  }

  /** Spends up to `money` on good `g`; returns what was spent. */
  buy(id: number, g: number, money: number): number {
    const { start, prob, alias, shelf, price, appeal, sold, cand, weight } = this;
    // Sellers drawn by size through the alias table; one keyed hash per household and good
    // seeds a xorshift for the draws.
    let bits = hash32(this.key, id, g) | 1;
    const lo = start[g];
    const n = start[g + 1] - lo;
    let nc = 0;
    let short = -1; // first slot found with too little stock: it hears of the unmet rest
    for (let j = 0; j < this.sample && n > 0; j++) {
      bits ^= bits << 13;
      bits ^= bits >>> 17;
      bits ^= bits << 5;
      const x = (bits >>> 0) * 2.3283064365386963e-10 * n;
      const i = Math.floor(x);
      const slot = x - i < prob[lo + i] ? lo + i : alias[lo + i];
      if (shelf[slot] <= 0) {
        if (short < 0) short = slot;
        continue;
      }
      cand[nc] = slot;
      weight[nc] = appeal[slot];
      nc++;
    }
    let left = money;
    let spent = 0;
    while (left > 1e-9 && nc > 0) {
      let sum = 0;
      for (let j = 0; j < nc; j++) sum += weight[j];
      bits ^= bits << 13;
      bits ^= bits >>> 17;
      bits ^= bits << 5;
      let u = (bits >>> 0) * 2.3283064365386963e-10 * sum;
      let j = 0;
      while (j < nc - 1 && u >= weight[j]) u -= weight[j++];
      const slot = cand[j];
      const p = price[slot];
      const q = left / p;
      const stock = shelf[slot];
      const got = q < stock ? q : stock;
      if (got < q && short < 0) short = slot;
      sold[slot] += got;
      shelf[slot] = stock - got;
      const value = got * p;
      this.consumed[g] += got;
      this.spending[g] += value;
      spent += value;
      left -= value;
      cand[j] = cand[nc - 1];
      weight[j] = weight[nc - 1];
      nc--;
    }
    if (left > 1e-9) {
      this.unmet[g] += left / this.goodPrice[g];
      if (short >= 0) this.asked[short] += left / price[short];
    }
    return spent;
  }
}
