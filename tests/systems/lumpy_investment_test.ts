import assert from "node:assert/strict";
import { capitalPerCapacity } from "../../engine/systems/economy/capital.ts";
import { lumpyRate } from "../../engine/systems/economy/rules_policy.ts";
import { resumeRun, runScenario } from "../../engine/run.ts";
import { Simulation } from "../../engine/simulation.ts";
import { listFiles, sameBytes, smallScenario } from "../_fixtures.ts";

const LUMPY = { invest_hazard_base: 0.2, invest_hazard_slope: 10, invest_lead_days: 90 };

/** A world with lumpy investment and the row of a firm that needs machines. */
function machineFirm(overrides: Record<string, number> = {}) {
  const sim = Simulation.create(smallScenario(3000, {
    economy: { firm_behaviour: { ...LUMPY, ...overrides } },
  }));
  const w = sim.world;
  const c = w.tables.firms.col;
  const psi = capitalPerCapacity(w);
  let f = 0;
  while (!(psi[c.product[f]] > 0)) f++;
  c.capacity[f] = 100;
  c.profit[f] = 1;
  c.invest_until[f] = 0;
  c.spike_rate[f] = 0;
  return { w, c, f };
}

Deno.test("lumpy investment: a spike starts with the Caballero-Engel hazard, closes the whole gap over the lead days and keeps its schedule", () => {
  const { w, c, f } = machineFirm();
  const fb = w.config.economy.firm_behaviour;
  const days = w.config.ai.cadence.firm_days;
  const wear = w.config.economy.production.depreciation * 100;
  const chance = (z: number) => 1 - Math.exp(-(0.2 + 10 * z * z) * (days / 365));
  // The hazard rises with the gap: 0.57% a decision at z = 0.1, 5.0% at z = 0.5.
  assert.ok(chance(0.5) > 5 * chance(0.1));
  // Just above the chance: maintenance only, and no spike begins.
  assert.equal(lumpyRate(w, f, 30, chance(0.3) + 1e-9), wear);
  assert.equal(c.invest_until[f], 0);
  // Just below it: the whole gap, delivered evenly over the lead days, on top of maintenance.
  const rate = lumpyRate(w, f, 30, chance(0.3) - 1e-9);
  assert.ok(Math.abs(rate - (wear + 30 / fb.invest_lead_days)) < 1e-6, `${rate}`);
  assert.equal(c.invest_until[f], w.tick + fb.invest_lead_days);
  // Until it is delivered the schedule holds, whatever the gap and the draw say now.
  assert.ok(Math.abs(lumpyRate(w, f, 5, 0.99) - rate) < 1e-6);
  assert.ok(Math.abs(lumpyRate(w, f, 80, 0) - rate) < 1e-6);
});

Deno.test("lumpy investment: a firm losing money starts no spike, and one above the capacity it wants replaces less than wears out", () => {
  const { w, c, f } = machineFirm();
  const fb = w.config.economy.firm_behaviour;
  const days = w.config.ai.cadence.firm_days;
  const wear = w.config.economy.production.depreciation * 100;
  c.profit[f] = -1;
  assert.equal(lumpyRate(w, f, 50, 0), wear);
  assert.equal(c.invest_until[f], 0);
  // Machines cannot be sold back: a capacity 1% above the plan is worn down at invest_rate.
  c.profit[f] = 1;
  const down = lumpyRate(w, f, -1, 0);
  assert.ok(Math.abs(down - (wear - fb.invest_rate / days)) < 1e-9, `${down}`);
  assert.equal(lumpyRate(w, f, -50, 0), 0);
  // A spike under way ends once the firm has what it wants.
  lumpyRate(w, f, 30, 0);
  assert.ok(c.invest_until[f] > w.tick);
  lumpyRate(w, f, -1, 0.5);
  assert.equal(c.invest_until[f], 0);
  assert.equal(c.spike_rate[f], 0);
});

Deno.test("lumpy investment: firms invest in spikes that partial adjustment never makes, and money and goods balance every day", () => {
  // A quarter of every firm's machines is lost on day 0; the largest rise of an incumbent's
  // capacity over the next 90 days, with the day's deep checks of money and goods on (a failed
  // identity throws).
  const largestRise = (firmBehaviour: Record<string, number>) => {
    const sim = Simulation.create(smallScenario(4000, {
      economy: { firm_behaviour: firmBehaviour },
      logging: { deep_checks_days: 1 },
    }));
    const w = sim.world;
    const F = w.tables.firms;
    const psi = capitalPerCapacity(w);
    const start = new Map<number, number>();
    for (let f = 0; f < F.length; f++) {
      if (!(psi[F.col.product[f]] > 0)) continue;
      F.col.capacity[f] *= 0.75;
      start.set(F.ids[f], F.col.capacity[f]);
    }
    let spikes = 0;
    const until = new Map<number, number>();
    for (let t = 0; t < 90; t++) {
      sim.step();
      for (let f = 0; f < F.length; f++) {
        const id = F.ids[f];
        if (F.col.invest_until[f] > (until.get(id) ?? 0)) spikes++;
        until.set(id, F.col.invest_until[f]);
      }
    }
    let rise = 0;
    for (let f = 0; f < F.length; f++) {
      const before = start.get(F.ids[f]);
      if (before !== undefined) rise = Math.max(rise, F.col.capacity[f] / before - 1);
    }
    return { rise, spikes };
  };
  const smooth = largestRise({});
  const lumpy = largestRise(LUMPY);
  assert.equal(smooth.spikes, 0);
  assert.ok(lumpy.spikes > 0, "no spike began");
  assert.ok(
    lumpy.rise > 2 * smooth.rise && lumpy.rise > 0.1,
    `largest 90-day rise of capacity: lumpy ${lumpy.rise}, smooth ${smooth.rise}`,
  );
});

Deno.test("lumpy investment: a run is byte-identical for one seed and resumes mid-spike to the uninterrupted run", async () => {
  const tmp = await Deno.makeTempDir();
  const cfg = smallScenario(3000, {
    // A hazard of 50 a year: most firms short of machines start a spike at their first decision.
    economy: { firm_behaviour: { ...LUMPY, invest_hazard_base: 50 } },
  });
  const opts = (out: string) => ({ ticks: 24, out, snapshotInterval: 12 });
  const { sim } = await runScenario(cfg, opts(`${tmp}/a`));
  await runScenario(cfg, opts(`${tmp}/b`));
  const files = await listFiles(`${tmp}/a`);
  for (const f of files) assert.ok(await sameBytes(`${tmp}/a/${f}`, `${tmp}/b/${f}`), f);
  const resumed = await resumeRun(`${tmp}/a/tick=12`, {
    ticks: 12,
    out: `${tmp}/r`,
    snapshotInterval: 12,
  });
  // Spikes begun before the snapshot were still being delivered when it was taken.
  const c = resumed.sim.world.tables.firms.col;
  const lead = cfg.economy.firm_behaviour.invest_lead_days;
  let carried = 0;
  for (let f = 0; f < resumed.sim.world.tables.firms.length; f++) {
    if (c.spike_rate[f] > 0 && c.invest_until[f] - lead < 12) carried++;
  }
  assert.ok(carried > 0, "no spike under way at the snapshot");
  assert.equal(sim.world.tick, 24);
  for (const f of files.filter((f) => f !== "manifest.json")) {
    assert.ok(await sameBytes(`${tmp}/a/${f}`, `${tmp}/r/${f}`), f);
  }
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("lumpy investment: a spike under way when the settling days end keeps the days it has left", () => {
  const sim = Simulation.create(smallScenario(3000, {
    economy: { settle_days: 60, firm_behaviour: { ...LUMPY, invest_hazard_base: 50 } },
  }));
  const c = sim.world.tables.firms.col;
  const lead = sim.world.config.economy.firm_behaviour.invest_lead_days;
  let under = 0;
  for (let f = 0; f < sim.world.tables.firms.length; f++) {
    const until = c.invest_until[f];
    // The clock went back by the 60 days settled, and the spikes' ends with it.
    assert.ok(until <= lead, `firm row ${f}: a spike until tick ${until}`);
    if (until > 0) under++;
  }
  assert.ok(under > 0, "no spike under way at day 0");
});
