/**
 * The rules policy of firms, run on the firm cadence (`ai.cadence.firm_days`, staggered by
 * firm id). It decides through the verbs, exactly as an AI provider will:
 * - `set_price`: raise the markup when stock is short of the base-stock target or demand went
 *   unserved, cut it when stock piles up (each step a keyed random share of the largest
 *   step, so prices disperse), never below the markup floor; the price moves toward
 *   (1 + markup) x normal unit cost by at most `price_step_max`, so prices follow wages;
 * - `post_vacancies`: staff for the production plan (expected demand plus closing the stock
 *   gap), raise the wage offer when vacancies stay open too long, lower it only when laying
 *   off at a loss;
 * - `invest`: add capacity when labor runs above the utilisation threshold and profits are
 *   positive, buying the capital good from its cheapest sampled seller.
 *
 * @module
 */
import { hash32, uniform } from "../../core/rng.ts";
import type { SimWorld } from "../../world.ts";
import type { Recipes } from "./recipes.ts";
import type { Sellers } from "./sellers.ts";
import { laborFor } from "./technology.ts";
import { invest, postVacancies, setPrice } from "./verbs.ts";

/** Takes the decisions of firm row `f` (whose turn it is today). */
export function decideFirm(
  world: SimWorld,
  f: number,
  key: number,
  r: Recipes,
  sellers: Sellers,
): void {
  const cfg = world.config;
  const fb = cfg.economy.firm_behaviour;
  const F = world.tables.firms;
  const c = F.col;
  const G = r.goods;
  const id = F.ids[f];
  const g = c.product[f];
  const demand = c.expected_demand[f];
  const stock = c.inventory[f * G + g];
  const target = fb.inventory_cover_days * demand;

  // set_price: adapt the markup, then move the price toward (1 + markup) x normal unit cost
  // by at most one step, so prices follow costs (wages) as well as stock.
  const u = uniform(key, id, 0);
  const unserved = c.demand_today[f] > c.sales_today[f] * 1.02 + 1e-9;
  let markup = c.markup[f];
  if (stock < (1 - fb.stock_band) * target || unserved) markup *= 1 + u * fb.markup_step_max;
  else if (stock > (1 + fb.stock_band) * target) markup *= 1 - u * fb.markup_step_max;
  markup = Math.max(fb.markup_floor, markup);
  c.markup[f] = markup;
  const old = c.price[f];
  const wanted = (1 + markup) * c.unit_cost[f];
  const step = fb.price_step_max;
  setPrice(world, id, Math.min(old * (1 + step), Math.max(old * (1 - step), wanted)));

  // post_vacancies
  // Staff for expected demand, leaning at most `staffing_lean_max` toward the stock gap, so
  // stock swings around the target do not turn into hiring and firing.
  const lm = fb.staffing_lean_max;
  const lean = target > 0 ? Math.max(-lm, Math.min(lm, (target - stock) / target)) : 0;
  const plan = demand * (1 + lean);
  const perHead = c.employees[f] > 0 ? c.labor_units[f] / c.employees[f] : 1;
  const needUnits = Math.min(
    laborFor(cfg, plan, c.capacity[f], c.technology[f]),
    2 * c.capacity[f],
  );
  // A firm that plans to produce needs at least one worker.
  const heads = plan > 0 ? Math.max(1, Math.round(needUnits / Math.max(0.05, perHead))) : 0;
  const emp = c.employees[f];
  let vacancies = 0;
  let layoffs = 0;
  if (heads > emp) vacancies = heads - emp;
  else {
    // Lay off only when staff exceeds the need by more than the slack and stock is not short.
    const excess = emp - heads - Math.floor(fb.layoff_slack * emp);
    if (excess > 0 && stock >= target) {
      layoffs = Math.min(excess, Math.max(1, Math.floor(fb.layoff_max * emp)));
    }
  }
  const uw = uniform(key, id, 1);
  let wage = c.wage_offer[f];
  if (vacancies > 0 && c.vacancy_days[f] > cfg.economy.labor.fill_days_target) {
    wage *= 1 + uw * fb.wage_step_max;
  } else if (layoffs > 0 && c.profit[f] < 0) {
    // Wages are cut only by firms in distress, shedding staff at a loss (nominal wages are
    // sticky downward; a profitable firm that needs fewer hands keeps its pay).
    wage *= 1 - uw * fb.wage_step_max;
  }
  postVacancies(world, id, vacancies, wage, layoffs);

  // invest
  if (
    r.capitalGood >= 0 && c.labor_units[f] > fb.invest_utilisation * c.capacity[f] &&
    c.profit[f] > 0
  ) {
    const want = fb.invest_rate * c.capacity[f] * fb.capital_per_capacity;
    const s0 = sellers.start[r.capitalGood];
    const n = sellers.start[r.capitalGood + 1] - s0;
    let best = -1;
    for (let k = 0; k < 3 && n > 0; k++) {
      const s = sellers.rows[s0 + (hash32(key, id, 10 + k) % n)];
      if (s === f || c.inventory[s * G + r.capitalGood] <= 0) continue;
      if (best < 0 || c.price[s] < c.price[best]) best = s;
    }
    if (best >= 0) {
      const units = Math.min(want, c.inventory[best * G + r.capitalGood]);
      const cost = units * c.price[best];
      const buffer = fb.cash_buffer_days * c.wage_bill[f];
      if (c.cash[f] - cost > buffer) invest(world, id, F.ids[best], units);
    }
  }
}
