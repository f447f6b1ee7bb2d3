/**
 * The conventional markup of each good: the markup over normal unit cost that firms price at
 * when stocks give no signal, that entrants start from and that markups drift back to
 * (`firm_behaviour.markup_norm`), and that stock signal itself ({@link stockSignal}).
 *
 * - `uniform`: `initial_markup` for every good.
 * - `target_return`: target-return pricing (Lanzillotti 1958, AER 48:921; Kaplan, Dirlam &
 *   Lanzillotti 1958, Pricing in Big Business; Lavoie 2014, Post-Keynesian Economics: New
 *   Foundations, ch. 3): the markup at which a firm working at `target_utilisation` replaces
 *   its machines as they wear out and earns `cost_of_capital` on its machines and its working
 *   capital. A good made with machines worth `capital_output_ratio` years of the value it adds
 *   at design capacity needs a profit per unit of a = (k + d) x KY / u of its value added (k the
 *   cost of capital, d the yearly depreciation, u the utilisation), and every good b = k x
 *   `cash_buffer_days` / 365 of its labor cost; with x the inputs' share of the price,
 *   markup = (a + b)(1 - x) / (1 - a + (a + b) x). Every good is made with machines when the
 *   scenario has a capital good (its makers too, capital.ts); without one, a good's markup
 *   pays for its working capital only.
 *
 * @module
 */
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { Recipes } from "./recipes.ts";

/**
 * The share of value added that a good made with machines must keep as profit to replace them
 * and pay the cost of capital on them at the target utilisation: (k + d) x KY / u. At 1 or
 * above no markup can pay for the machines (validation refuses such a scenario).
 */
export function capitalCharge(cfg: ScenarioConfig): number {
  const fb = cfg.economy.firm_behaviour;
  const depreciation = 365 * cfg.economy.production.depreciation;
  return ((fb.cost_of_capital + depreciation) * fb.capital_output_ratio) / fb.target_utilisation;
}

/**
 * Target-return markup of a good whose inputs cost `x` of its price (0 <= x < 1), made with
 * machines (`machines`) or with labor alone.
 */
export function targetReturnMarkup(cfg: ScenarioConfig, machines: boolean, x: number): number {
  const a = machines ? capitalCharge(cfg) : 0;
  const b = (cfg.economy.firm_behaviour.cost_of_capital *
    cfg.economy.firm_behaviour.cash_buffer_days) / 365;
  return ((a + b) * (1 - x)) / (1 - a + (a + b) * x);
}

/**
 * The lowest markup a firm posts: `markup_floor`, but never above its good's norm `norm` (a
 * target-return norm can be below the floor, and the floor must not lift markups above it).
 */
export function lowestMarkup(floor: number, norm: number): number {
  return Math.min(floor, norm);
}

/**
 * The price rule's stock signal for a firm holding `stock` of its product against its
 * base-stock target `target`: -1 short (below it by more than `band` of it, a reason to raise
 * the markup), 1 long (above by more, a reason to cut it), 0 within the band. The rules policy
 * acts on it (rules_policy.ts) and the KPIs `stock_short_share` and `stock_long_share` count it.
 */
export function stockSignal(stock: number, target: number, band: number): -1 | 0 | 1 {
  if (stock < (1 - band) * target) return -1;
  return stock > (1 + band) * target ? 1 : 0;
}

/** The largest markup norm any good of the scenario can have (the inputs' share at 0). */
export function largestMarkupNorm(cfg: ScenarioConfig): number {
  if (cfg.economy.firm_behaviour.markup_norm === "uniform") return cfg.economy.initial_markup;
  return targetReturnMarkup(cfg, true, 0);
}

/**
 * Markup norms of every good at prices `price` (each good's inputs valued at them), by
 * `firm_behaviour.markup_norm`. Every good is made with machines when the scenario has a
 * capital good.
 */
export function markupNorms(
  cfg: ScenarioConfig,
  r: Recipes,
  price: ArrayLike<number>,
): Float64Array {
  const G = r.goods;
  const out = new Float64Array(G);
  if (cfg.economy.firm_behaviour.markup_norm === "uniform") {
    return out.fill(cfg.economy.initial_markup);
  }
  for (let g = 0; g < G; g++) {
    let inputs = 0;
    for (let k = 0; k < G; k++) inputs += r.inputs[g * G + k] * price[k];
    const x = price[g] > 0 ? Math.min(0.999, inputs / price[g]) : 0;
    out[g] = targetReturnMarkup(cfg, r.capitalGood >= 0, x);
  }
  return out;
}
