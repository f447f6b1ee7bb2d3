import assert from "node:assert/strict";
import {
  capitalCharge,
  markupNorms,
  stockSignal,
  targetReturnMarkup,
} from "../../engine/systems/economy/markup_norm.ts";
import { recipesOf } from "../../engine/systems/economy/recipes.ts";
import { decideFirm } from "../../engine/systems/economy/rules_policy.ts";
import { parseScenario } from "../../engine/scenario/load.ts";
import { Simulation } from "../../engine/simulation.ts";
import { problemsOf, smallScenario } from "../_fixtures.ts";

const TARGET_RETURN = { economy: { firm_behaviour: { markup_norm: "target_return" } } };

Deno.test("at its target-return markup a firm at target utilisation replaces its machines and earns the cost of capital", () => {
  const cfg = smallScenario(2000, TARGET_RETURN);
  const fb = cfg.economy.firm_behaviour;
  const a = capitalCharge(cfg);
  assert.ok(Math.abs(a - (fb.cost_of_capital + 365 * 0.0002) * 2.5 / 0.85) < 1e-12);
  const b = (fb.cost_of_capital * fb.cash_buffer_days) / 365;
  for (const machines of [true, false]) {
    for (const x of [0, 0.1, 0.3, 0.6]) {
      const markup = targetReturnMarkup(cfg, machines, x);
      // Per unit: price 1, inputs x; unit cost 1 / (1 + markup), labor the rest of it.
      const cost = 1 / (1 + markup);
      const labor = cost - x;
      const valueAdded = 1 - x;
      const needed = (machines ? a : 0) * valueAdded + b * labor;
      assert.ok(Math.abs(markup * cost - needed) < 1e-12, `${machines} ${x}: ${markup}`);
    }
  }
  // Without machines only the working capital needs a return: a markup under 1%.
  assert.ok(targetReturnMarkup(cfg, false, 0.1) < 0.01);
  assert.ok(targetReturnMarkup(cfg, true, 0.1) > 0.3);
});

Deno.test("markup norms: uniform gives every good initial_markup, target_return about 0.4 to every good, made with machines", () => {
  const uniform = Simulation.create(smallScenario(2000)).world;
  const norm = uniform.tables.goods.col.markup_norm;
  for (let g = 0; g < uniform.tables.goods.length; g++) {
    assert.equal(norm[g], uniform.config.economy.initial_markup);
  }

  const w = Simulation.create(smallScenario(2000, TARGET_RETURN)).world;
  const r = recipesOf(w);
  const gc = w.tables.goods.col;
  assert.ok(r.capitalGood >= 0);
  // Every good, the capital good too, is made with machines (capital.ts).
  for (let g = 0; g < r.goods; g++) {
    assert.ok(gc.markup_norm[g] > 0.3 && gc.markup_norm[g] < 0.55, `${g}: ${gc.markup_norm[g]}`);
  }
  // They are the norms of the start's cost prices; at the posted base prices (firm-weighted
  // unit costs) they differ only a little.
  const again = markupNorms(w.config, r, gc.base_price);
  for (let g = 0; g < r.goods; g++) assert.ok(Math.abs(again[g] - gc.markup_norm[g]) < 0.02);
  // Without a capital good a good pays for its working capital only: under 1%.
  const none = markupNorms(w.config, { ...r, capitalGood: -1 }, gc.base_price);
  for (let g = 0; g < r.goods; g++) assert.ok(none[g] < 0.01, `${g}: ${none[g]}`);
});

Deno.test("without a stock signal a firm's markup drifts toward its good's norm, and the floor never lifts it above the norm", () => {
  const sim = Simulation.create(smallScenario(2000));
  sim.run(20);
  const w = sim.world;
  const F = w.tables.firms;
  const c = F.col;
  const r = recipesOf(w);
  const G = r.goods;
  const fb = w.config.economy.firm_behaviour;
  let f = 0;
  while (c.employees[f] === 0) f++;
  const g = c.product[f];
  // Stock at its target: no signal.
  c.inventory[f * G + g] = fb.inventory_cover_days * c.expected_demand[f];
  w.tables.goods.col.markup_norm[g] = 0.005; // below the floor of 0.02
  c.markup[f] = 0.3;
  decideFirm(w, f, 777, r);
  // (The markup column is 32-bit.)
  assert.ok(
    Math.abs(c.markup[f] - (0.3 + fb.markup_reversion * (0.005 - 0.3))) < 1e-6,
    `${c.markup[f]}`,
  );
  c.markup[f] = 0.004;
  decideFirm(w, f, 778, r);
  assert.ok(c.markup[f] < fb.markup_floor, `${c.markup[f]}`);
});

Deno.test("target-return pricing refuses machines that cost more a year than the value they add", () => {
  const problems = problemsOf(
    "name: x\neconomy:\n  firm_behaviour: {markup_norm: target_return, cost_of_capital: 0.5, " +
      "capital_output_ratio: 4}\n",
  );
  assert.equal(problems[0].path, "economy.firm_behaviour.markup_norm");
  assert.match(problems[0].message, /cost_of_capital .* capital_output_ratio/);
  assert.match(problems[0].message, /markup_norm: uniform/);
  // The uniform norm does not need it.
  parseScenario(
    "name: x\neconomy:\n  firm_behaviour: {cost_of_capital: 0.5, capital_output_ratio: 4}\n",
    "uniform.yaml",
  );
});

Deno.test("stockSignal: short below the band, long above it, nothing within or without a target", () => {
  assert.equal(stockSignal(79, 100, 0.2), -1);
  assert.equal(stockSignal(80, 100, 0.2), 0);
  assert.equal(stockSignal(120, 100, 0.2), 0);
  assert.equal(stockSignal(121, 100, 0.2), 1);
  assert.equal(stockSignal(0, 0, 0.2), 0);
  assert.equal(stockSignal(5, 0, 0.2), 1);
  assert.equal(stockSignal(99, 100, 0), -1);
});
