import assert from "node:assert/strict";
import fc from "fast-check";
import { Stagger } from "../../engine/core/stagger.ts";

Deno.test("a stagger picks exactly the ids whose remainder is its phase, for every cycle and phase", () => {
  for (const days of [1, 2, 3, 4, 7, 12, 30, 64, 90, 365, 1000]) {
    for (let phase = 0; phase < days; phase += Math.max(1, days >> 3)) {
      const due = new Stagger(days, phase);
      for (let id = 0; id < 20_000; id++) assert.equal(due.test(id), id % days === phase);
      // The top of the id range, where id + days - phase passes 2^31.
      for (let id = 2 ** 31 - 2_000; id < 2 ** 31; id++) {
        assert.equal(due.test(id), id % days === phase, `days ${days}, phase ${phase}, id ${id}`);
      }
    }
  }
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 65536 }),
      fc.nat(),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (days, p, id) => {
        const phase = p % days;
        return new Stagger(days, phase).test(id) === (id % days === phase);
      },
    ),
    { numRuns: 20_000 },
  );
});

Deno.test("a daily stagger visits an id when (id + tick) is a multiple of the cycle", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (days, tick, id) => Stagger.daily(days, tick).test(id) === ((id + tick) % days === 0),
    ),
    { numRuns: 20_000 },
  );
});

Deno.test("a stagger refuses a cycle or a phase out of range, naming it", () => {
  assert.throws(() => new Stagger(0, 0), /cycle of 0 days/);
  assert.throws(() => new Stagger(7, 7), /phase 7 is not in 0..6/);
  assert.throws(() => new Stagger(2.5, 0), /integer in 1..65536/);
});
