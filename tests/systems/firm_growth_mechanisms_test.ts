/**
 * The two mechanisms of firm growth added on 2026-12-07: a searcher's sample of vacancies
 * drawn by post (`economy.labor.vacancy_draw`) and buyers' taste for each firm's variety
 * (`economy.households.taste_sigma`).
 */
import assert from "node:assert/strict";
import { normal } from "../../engine/core/rng.ts";
import { Simulation } from "../../engine/simulation.ts";
import { sampleSeller, sellersByGood } from "../../engine/systems/economy/sellers.ts";
import { evolveTaste, tasteDraw } from "../../engine/systems/economy/taste.ts";
import { smallScenario } from "../_fixtures.ts";

/**
 * Hires per open vacancy a day over `days` days of a 3,000-person island, for firms with one or
 * two vacancies open and for firms with eight or more: each day's hires (the firm's
 * `hires_since` count, on days it did not decide and so did not reset it) over the vacancies it
 * had open when the day's market ran (yesterday's closing count).
 */
function fillRates(draw: "firm" | "post", days = 150): { few: number; many: number } {
  const sim = Simulation.create(
    smallScenario(3000, { economy: { labor: { vacancy_draw: draw } } }),
  );
  const w = sim.world;
  const F = w.tables.firms;
  const c = F.col;
  const cycle = w.config.ai.cadence.firm_days;
  sim.run(30);
  let open = new Map<number, { v: number; h: number }>();
  const sums = { fewV: 0, fewH: 0, manyV: 0, manyH: 0 };
  sim.run(days, () => {
    const next = new Map<number, { v: number; h: number }>();
    for (let f = 0; f < F.length; f++) {
      const id = F.ids[f];
      const was = open.get(id);
      next.set(id, { v: c.vacancies[f], h: c.hires_since[f] });
      if (!was || was.v === 0 || (id + w.tick - 1) % cycle === 0) continue;
      const hires = c.hires_since[f] - was.h;
      if (was.v <= 2) {
        sums.fewV += was.v;
        sums.fewH += hires;
      } else if (was.v >= 8) {
        sums.manyV += was.v;
        sums.manyH += hires;
      }
    }
    open = next;
  });
  assert.ok(sums.fewV > 0 && sums.manyV > 0, `vacancies observed: ${JSON.stringify(sums)}`);
  return { few: sums.fewH / sums.fewV, many: sums.manyH / sums.manyV };
}

Deno.test("drawn by post, a vacancy fills as fast at a firm with many open as at one with one; drawn by firm, much more slowly", () => {
  const byFirm = fillRates("firm");
  const byPost = fillRates("post");
  // By firm, a firm with eight or more open vacancies meets about the searchers one with a single
  // vacancy meets, so each of its vacancies fills several times more slowly.
  assert.ok(byFirm.many < 0.4 * byFirm.few, `by firm: ${JSON.stringify(byFirm)}`);
  // By post every vacancy is drawn alike: what is left is the searchers' choice among offers.
  const ratio = byPost.many / byPost.few;
  assert.ok(ratio > 0.6 && ratio < 1 / 0.6, `by post: ${JSON.stringify(byPost)}`);
});

Deno.test("a firm's log taste keeps its long-run spread and yearly persistence, and the initial firms draw from it", () => {
  const sigma = 0.3;
  const rho = 0.9;
  const w = Simulation.create(smallScenario(2000, {
    economy: { households: { taste_sigma: sigma, taste_persistence: rho } },
  })).world;
  const c = w.tables.firms.col;
  const n = w.tables.firms.length;
  const mean = -(sigma * sigma) / 2;
  // The initial firms draw from the stationary distribution.
  const start = Array.from(c.taste.subarray(0, n));
  const m0 = start.reduce((a, b) => a + b, 0) / n;
  assert.ok(Math.abs(m0 - mean) < 0.05, `initial mean ${m0}`);
  const last: number[] = [];
  const before: number[] = [];
  for (let rep = 0; rep < 10; rep++) {
    for (let f = 0; f < n; f++) c.taste[f] = mean;
    for (let year = 0; year < 30; year++) {
      for (let f = 0; f < n; f++) {
        if (year === 29) before.push(c.taste[f]);
        evolveTaste(w, f, 365, normal(11 + rep, f, year));
      }
    }
    for (let f = 0; f < n; f++) last.push(c.taste[f]);
  }
  const m = last.reduce((a, b) => a + b, 0) / last.length;
  const sd = Math.sqrt(last.reduce((a, b) => a + (b - m) ** 2, 0) / last.length);
  assert.ok(Math.abs(m - mean) < 0.02, `mean log taste ${m}, expected ${mean}`);
  assert.ok(Math.abs(sd / sigma - 1) < 0.08, `long-run log-sd ${sd}, taste_sigma ${sigma}`);
  let cov = 0;
  for (let i = 0; i < last.length; i++) cov += (last[i] - m) * (before[i] - m);
  assert.ok(Math.abs(cov / last.length / (sd * sd) - rho) < 0.04, "yearly persistence");
  assert.equal(tasteDraw(0, 1.7), 0, "no taste shocks: every firm's taste is 0");
  assert.ok(Math.abs(tasteDraw(sigma, 0) - mean) < 1e-12);
});

Deno.test("buyers draw a seller in proportion to its design output times exp(taste); without taste shocks the column is not read", () => {
  const draws = 200_000;
  const shares = (sigma: number) => {
    const w = Simulation.create(smallScenario(2000, {
      economy: { households: { taste_sigma: sigma } },
    })).world;
    const c = w.tables.firms.col;
    const n = w.tables.firms.length;
    for (let f = 0; f < n; f++) c.taste[f] = f % 2 === 0 ? 0.8 : -0.4;
    const s = sellersByGood(w);
    const g = c.product[0];
    const count = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const seller = sampleSeller(s, g, (i + 0.5) / draws);
      count.set(seller, (count.get(seller) ?? 0) + 1);
    }
    let total = 0;
    for (let i = s.start[g]; i < s.start[g + 1]; i++) {
      const f = s.rows[i];
      total += c.capacity[f] * c.technology[f] * (sigma > 0 ? Math.exp(c.taste[f]) : 1);
    }
    let worst = 0;
    for (let i = s.start[g]; i < s.start[g + 1]; i++) {
      const f = s.rows[i];
      const weight = c.capacity[f] * c.technology[f] * (sigma > 0 ? Math.exp(c.taste[f]) : 1);
      worst = Math.max(worst, Math.abs((count.get(f) ?? 0) / draws - weight / total));
    }
    return worst;
  };
  assert.ok(
    shares(0.3) < 2e-3,
    "with taste shocks, draws follow capacity x technology x exp(taste)",
  );
  assert.ok(shares(0) < 2e-3, "without, capacity x technology alone, whatever the column holds");
});

Deno.test("a firm in buyers' favour outgrows one out of favour: taste moves size, not only sales", () => {
  // Every firm of the first firm's good alternately in and out of favour, held there
  // (persistence 1); with taste_sigma 0 the same column is not read, the control.
  const growth = (sigma: number) => {
    const sim = Simulation.create(smallScenario(3000, {
      economy: { households: { taste_sigma: sigma, taste_persistence: 1 } },
    }));
    const F = sim.world.tables.firms;
    const c = F.col;
    const g = c.product[0];
    const favoured = new Set<number>();
    for (let f = 0, k = 0; f < F.length; f++) {
      if (c.product[f] !== g) continue;
      c.taste[f] = k++ % 2 === 0 ? 0.5 : -0.5;
      if (c.taste[f] > 0) favoured.add(F.ids[f]);
    }
    const ratio = () => {
      let inFavour = 0;
      let out = 0;
      for (let f = 0; f < F.length; f++) {
        if (c.product[f] !== g) continue;
        if (favoured.has(F.ids[f])) inFavour += c.capacity[f];
        else out += c.capacity[f];
      }
      return inFavour / out;
    };
    const before = ratio();
    sim.run(365);
    return ratio() / before;
  };
  const held = growth(0.3);
  const control = growth(0);
  assert.ok(held > 1.08, `capacity in favour over out of favour grew by ${held}`);
  assert.ok(Math.abs(control - 1) < (held - 1) / 2, `control ${control}, in favour ${held}`);
});
