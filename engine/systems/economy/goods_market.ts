/**
 * The goods market (phase "markets"), posted prices. Order of one daily update:
 * 1. a pass over persons sums each household's money; every household updates its
 *    permanent income from today's wages and dividends;
 * 2. households whose shopping day it is (every `shopping_days`, staggered by id) set a
 *    budget by a buffer-stock rule (a share of permanent income plus a share of money above
 *    the buffer target, never below the cost of necessities while money lasts), buy
 *    necessities (subsistence quantities of food, energy, ...) first and spend the rest by
 *    budget shares; for each good they compare a sample of sellers (drawn in proportion to
 *    their size, so big firms see more customers) and pick one by a logit
 *    on log price, moving on to the next when a seller runs out; what cannot be bought is
 *    recorded as unmet demand, and told to the first seller found short (so firms' demand
 *    is sales plus the unmet rest, counted once);
 * 3. a pass over persons pays for the purchases, each member in proportion to their money;
 * 4. each good's mean transaction price is recorded (the posted mean when nothing sold).
 *
 * @module
 */
import { uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { recipesOf } from "./production.ts";
import { sampleSeller, sellersByGood } from "./sellers.ts";

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

    const money = scratch(world, "goods.money", Float64Array, nh);
    money.fill(0, 0, nh);
    for (let p = 0; p < P.length; p++) money[Hh.rowOf[pc.household[p]]] += pc.wealth[p];
    const m = hb.income_memory;
    for (let h = 0; h < nh; h++) {
      hc.permanent_income[h] = (1 - m) * hc.permanent_income[h] + m * hc.income_today[h];
    }

    const paid = scratch(world, "goods.paidShare", Float64Array, nh);
    paid.fill(0, 0, nh);
    const D = hb.shopping_days;
    const key = ctx.key(0);
    const k = hb.seller_sample;
    const lambda = hb.price_sensitivity;
    const cand = scratch(world, "goods.candidates", Int32Array, k);
    const weight = scratch(world, "goods.weights", Float64Array, k);
    const want = scratch(world, "goods.want", Float64Array, G);
    const tick = world.tick;
    let total = 0;
    for (let h = 0; h < nh; h++) {
      const id = Hh.ids[h];
      const cash = money[h];
      if ((id + tick) % D !== 0 || cash <= 0) continue;
      const pi = hc.permanent_income[h];
      const size = hc.size[h];
      const daily = hb.consume_income * pi +
        (hb.consume_wealth / 30) * Math.max(0, cash - hb.buffer_months * 30 * pi);
      let need = 0;
      for (let g = 0; g < G; g++) need += r.subsistence[g] * size * D * gc.price[g];
      let budget = Math.max(daily * D, Math.min(cash, need));
      if (budget > cash) budget = cash;
      const subShare = need > 0 ? Math.min(1, budget / need) : 0;
      const rest = budget - subShare * need;
      for (let g = 0; g < G; g++) {
        want[g] = subShare * r.subsistence[g] * size * D * gc.price[g] + r.consumerShare[g] * rest;
      }
      let spent = 0;
      for (let g = 0; g < G; g++) {
        let left = want[g];
        if (left <= 0) continue;
        // Sample sellers by size; logit weights on log price.
        let nc = 0;
        let shortSeller = -1; // first seller found with too little stock: it hears of the unmet rest
        for (let j = 0; j < k; j++) {
          const f = sampleSeller(sellers, g, uniform(key, id, g * 64 + j));
          if (f < 0) continue;
          if (fc.inventory[f * G + g] <= 0) {
            if (shortSeller < 0) shortSeller = f;
            continue;
          }
          cand[nc] = f;
          weight[nc] = Math.pow(fc.price[f], -lambda);
          nc++;
        }
        let draw = 0;
        while (left > 1e-9 && nc > 0) {
          let sum = 0;
          for (let j = 0; j < nc; j++) sum += weight[j];
          let u = uniform(key, id, 4096 + g * 64 + draw++) * sum;
          let j = 0;
          while (j < nc - 1 && u >= weight[j]) u -= weight[j++];
          const f = cand[j];
          const price = fc.price[f];
          const q = left / price;
          const stock = fc.inventory[f * G + g];
          const got = q < stock ? q : stock;
          if (got < q && shortSeller < 0) shortSeller = f;
          fc.demand_today[f] += got;
          fc.sales_today[f] += got;
          fc.inventory[f * G + g] = stock - got;
          const value = got * price;
          fc.cash[f] += value;
          gc.consumed[g] += got;
          gc.spending[g] += value;
          spent += value;
          left -= value;
          // Drop the seller just used.
          cand[j] = cand[nc - 1];
          weight[j] = weight[nc - 1];
          nc--;
        }
        if (left > 1e-9) {
          gc.unmet[g] += left / gc.price[g];
          if (shortSeller >= 0) fc.demand_today[shortSeller] += left / fc.price[shortSeller];
        }
      }
      paid[h] = spent / cash;
      total += spent;
    }
    for (let p = 0; p < P.length; p++) {
      const share = paid[Hh.rowOf[pc.household[p]]];
      if (share > 0) pc.wealth[p] -= pc.wealth[p] * share;
    }
    world.ledger.record(FLOW.purchases, total);

    // Mean transaction price of each good (posted mean when nothing sold to households).
    for (let g = 0; g < G; g++) {
      if (gc.consumed[g] > 0) {
        gc.price[g] = gc.spending[g] / gc.consumed[g];
        continue;
      }
      const s0 = sellers.start[g];
      const n = sellers.start[g + 1] - s0;
      if (n === 0) continue;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += fc.price[sellers.rows[s0 + i]];
      gc.price[g] = sum / n;
    }
  },
};
