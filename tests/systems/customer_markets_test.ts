import assert from "node:assert/strict";
import fc from "fast-check";
import { hash32 } from "../../engine/core/rng.ts";
import { NULL_REF } from "../../engine/core/table.ts";
import { Simulation } from "../../engine/simulation.ts";
import { OFFER, packAlias, ShoppingDay, SLOT } from "../../engine/systems/economy/shopping.ts";
import { assertResumesIdentically, smallScenario } from "../_fixtures.ts";

/**
 * A market day of one good with as many sellers as `prices`, drawn alike (each alias slot keeps
 * itself), with `stocks` on their shelves; the buyer's regular seller is slot 0.
 */
function sellers(prices: number[], stocks: number[], switching = 4): ShoppingDay {
  const n = prices.length;
  const day = new ShoppingDay();
  day.reserve(n);
  day.start = new Int32Array([0, n]);
  for (let i = 0; i < n; i++) {
    packAlias(1, i, i, day.pick, 2 * i);
    day.slots[SLOT.size * i + SLOT.stock] = stocks[i];
    day.slots[SLOT.size * i + SLOT.appeal] = Math.pow(prices[i], -4);
    day.offers[OFFER.size * i + OFFER.price] = prices[i];
  }
  day.goodPrice = new Float64Array([1]);
  day.consumed = new Float64Array(1);
  day.spending = new Float64Array(1);
  day.unmet = new Float64Array(1);
  day.sample = 3;
  day.switching = switching;
  return day;
}

/** The slot of 3 that a buyer's first sample draw meets, on the stream `buy` starts from bits. */
function firstDraw(bits: number): number {
  bits ^= bits << 13;
  bits ^= bits >>> 17;
  bits ^= bits << 5;
  return Math.floor((bits >>> 0) * 2.3283064365386963e-10 * 3);
}

/** Share of `n` buyers, each with their own stream of draws, who buy first from slot 1. */
function switched(day: ShoppingDay, n: number): number {
  let moved = 0;
  for (let b = 0; b < n; b++) {
    day.bits = hash32(11, b, 0) | 1;
    day.budget = 1;
    day.regularSlot = 0;
    day.buy(0);
    if (day.first === 1) moved++;
  }
  return moved / n;
}

Deno.test("a buyer leaves its regular seller for a cheaper one by the switching rule", () => {
  // The regular seller asks 10% more. The buyer compares it with the cheapest other seller
  // of its sample of three, which holds the other one unless all three draws fell on the
  // regular (1 in 8), and then switches with probability 1 - exp(-4 x 0.1 / 1).
  const expected = (1 - 0.5 ** 3) * (1 - Math.exp(-4 * 0.1));
  const share = switched(sellers([1.1, 1], [1e9, 1e9]), 20_000);
  assert.ok(Math.abs(share - expected) < 0.015, `switched ${share}, expected ${expected}`);
  // Twice the intensity, more switches; the same price, or a dearer other, none.
  const harder = switched(sellers([1.1, 1], [1e9, 1e9], 8), 20_000);
  assert.ok(Math.abs(harder - (1 - 0.5 ** 3) * (1 - Math.exp(-0.8))) < 0.015, `${harder}`);
  assert.equal(switched(sellers([1, 1], [1e9, 1e9]), 5_000), 0);
  assert.equal(switched(sellers([1, 1.2], [1e9, 1e9]), 5_000), 0);
});

Deno.test("a buyer whose regular seller has run out buys elsewhere, and tells the regular what it missed", () => {
  // Slot 0, the regular seller, and slot 1 are out of stock; slot 2 holds 0.25 units. Every
  // buyer tells the regular seller of what it could not buy, even one whose sample met slot 1
  // first (which, without a regular seller, would hear of it).
  let elsewhere = 0;
  let metOtherFirst = 0;
  for (let b = 0; b < 200; b++) {
    const day = sellers([1, 1, 1], [0, 0, 0.25]);
    day.bits = hash32(3, b, 0) | 1;
    day.budget = 1;
    day.regularSlot = 0;
    day.buy(0);
    const bought = day.bought;
    assert.equal(day.asked[1], 0, `buyer ${b}`);
    assert.equal(day.asked[2], 0, `buyer ${b}`);
    assert.ok(Math.abs(day.asked[0] + bought - 1) < 1e-12, `buyer ${b}`);
    assert.ok(Math.abs(day.unmet[0] + bought - 1) < 1e-12, `buyer ${b}`);
    if (bought > 0) {
      elsewhere++;
      assert.equal(day.first, 2);
      assert.equal(bought, 0.25);
    }
    if (firstDraw(hash32(3, b, 0) | 1) === 1) metOtherFirst++;
  }
  assert.ok(elsewhere > 100, `${elsewhere} of 200 found the third seller`);
  assert.ok(metOtherFirst > 20, `${metOtherFirst} of 200 met slot 1 first`);
});

Deno.test("with regular_sellers households keep buying from the same firms: customers persist", () => {
  const sim = Simulation.create(smallScenario(3000, {
    economy: { households: { regular_sellers: true } },
  }));
  const Hh = sim.world.tables.households;
  const F = sim.world.tables.firms;
  const G = sim.world.tables.goods.length;
  for (let t = 0; t < 60; t++) sim.step();
  const before = new Map<number, Int32Array>();
  for (let h = 0; h < Hh.length; h++) {
    before.set(Hh.ids[h], Hh.col.regular_seller.slice(h * G, h * G + G));
  }
  // A week: every household shops once.
  for (let t = 0; t < 7; t++) sim.step();
  let kept = 0;
  let both = 0;
  let sellers = 0;
  for (let h = 0; h < Hh.length; h++) {
    const old = before.get(Hh.ids[h]);
    for (let g = 0; g < G; g++) {
      const id = Hh.col.regular_seller[h * G + g];
      if (id === NULL_REF) continue;
      sellers++;
      // A regular seller is a firm that made the good (it may have closed since).
      const f = F.row(id);
      if (f >= 0) assert.equal(F.col.product[f], g);
      if (old === undefined || old[g] === NULL_REF) continue;
      both++;
      if (old[g] === id) kept++;
    }
  }
  assert.ok(sellers > Hh.length, `${sellers} regular sellers for ${Hh.length} households`);
  assert.ok(both > 0.5 * sellers, `${both} of ${sellers} known a week before`);
  // 81% here; choosing afresh by the logit every trip, 13%.
  assert.ok(kept / both > 0.7, `kept ${kept} of ${both}`);

  // Without regular sellers, the column is never written.
  const off = Simulation.create(smallScenario(3000));
  for (let t = 0; t < 14; t++) off.step();
  const col = off.world.tables.households.col.regular_seller;
  for (let i = 0; i < off.world.tables.households.length * G; i++) assert.equal(col[i], NULL_REF);
});

Deno.test("with regular_sellers a run resumed from a snapshot is byte-identical: the regular sellers are in it", async () => {
  const cfg = smallScenario(2000, { economy: { households: { regular_sellers: true } } });
  await assertResumesIdentically(cfg, ["households", "firms"]);
});

Deno.test("the packed alias table keeps exactly the draws the floating-point comparison keeps (property)", () => {
  // A draw of 32 random bits over n slots: slot floor(u n), kept when the fraction of u n is
  // below the slot's probability (the draw by size of sellers.ts), against the packed threshold
  // the shopping trips compare the low word of bits x n with. The bits are chosen so that the
  // low word lands next to the threshold, where a rounding slip would show: for odd n, bits =
  // r / n modulo 2^32 gives the low word r.
  const pick = new Uint32Array(2);
  const inverse = (d: number) => {
    let x = d;
    for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(d, x));
    return x;
  };
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1 << 19 }).map((k) => 2 * k + 1),
      fc.oneof(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0, 1, 1 - 2 ** -33, 1 - 2 ** -32, 2 ** -32, 0.5, 0.75 + 2 ** -40),
      ),
      fc.integer({ min: -2, max: 2 }),
      (n, prob, step) => {
        const t = prob * 2 ** 32;
        const r = Math.min(2 ** 32 - 1, Math.max(0, Math.floor(t) + step));
        const bits = Math.imul(r, inverse(n));
        const x = (bits >>> 0) * 2.3283064365386963e-10 * n;
        const i = x | 0;
        assert.equal(x - i, r / 2 ** 32); // the fraction is the low word, exactly
        const keptByFloat = x - i < prob;
        packAlias(prob, 7, 9, pick, 0);
        const keptByInt = (Math.imul(bits, n) >>> 0) < pick[0];
        // A slot that keeps every draw may hand over to itself instead: the same slot.
        const slotByInt = keptByInt ? 7 : pick[1];
        assert.equal(slotByInt, keptByFloat ? 7 : 9, `n ${n}, r ${r}, prob ${prob}`);
      },
    ),
    { numRuns: 20_000 },
  );
});
