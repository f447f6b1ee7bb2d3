/**
 * The production function of value added: Cobb-Douglas or CES in capacity K and effective
 * labor L, scaled so that a firm running at its design capacity (L = K) makes
 * `technology x output_per_worker x K` units a day. Intermediate inputs enter as a Leontief
 * limit in the production system.
 * @module
 */
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { SimWorld } from "../../world.ts";

/**
 * The capital term of the production function at capacity `k`: `k^alpha` (Cobb-Douglas) or
 * `k^rho` (CES). {@link output}, {@link profitableLabor} and {@link laborFor} take it as their
 * last argument, so that a caller that asks all three of one firm (the production loop, every
 * firm every day) computes the power once; without it each computes it.
 */
export function capitalTerm(cfg: ScenarioConfig, k: number): number {
  const p = cfg.economy.production;
  if (p.function === "cobb_douglas") return Math.pow(k, p.capital_elasticity);
  return Math.pow(k, p.ces_rho === 0 ? 1e-6 : p.ces_rho);
}

/**
 * Daily output of a firm with capacity `k` (capital term `kt`, {@link capitalTerm}), effective
 * labor `l` and technology `a`.
 *
 * @example
 * ```ts
 * output(cfg, 10, 10, 1); // 10 x output_per_worker: at design capacity
 * ```
 */
export function output(
  cfg: ScenarioConfig,
  k: number,
  l: number,
  a: number,
  kt = capitalTerm(cfg, k),
): number {
  const p = cfg.economy.production;
  if (l <= 0 || k <= 0) return 0;
  const alpha = p.capital_elasticity;
  if (p.function === "cobb_douglas") {
    return a * p.output_per_worker * kt * Math.pow(l, 1 - alpha);
  }
  const rho = p.ces_rho === 0 ? 1e-6 : p.ces_rho;
  const v = alpha * kt + (1 - alpha) * Math.pow(l, rho);
  return a * p.output_per_worker * Math.pow(v, 1 / rho);
}

/**
 * The most effective labor at which one more unit still pays for itself: where the marginal
 * product of labor, valued at `margin` (the price less the inputs a unit of output takes),
 * falls to `cost`, what one more unit of effective labor costs. With capacity fixed the
 * marginal product falls as labor rises, so past this point extra hours lose money. `k` is the
 * capacity (capital term `kt`, {@link capitalTerm}) and `a` the technology. Infinity when every
 * unit pays (no cost), 0 when none does (no margin).
 *
 * @example
 * ```ts
 * // Cobb-Douglas with capital elasticity 0.3 and output_per_worker 1, at design capacity
 * // (k = l = 10) the marginal product is 0.7: labor pays up to there at a margin of 1 and a
 * // cost of 0.7.
 * profitableLabor(cfg, 10, 1, 1, 0.7); // 10
 * ```
 */
export function profitableLabor(
  cfg: ScenarioConfig,
  k: number,
  a: number,
  margin: number,
  cost: number,
  kt = capitalTerm(cfg, k),
): number {
  const p = cfg.economy.production;
  if (margin <= 0 || k <= 0 || a <= 0) return 0;
  if (cost <= 0) return Infinity;
  const alpha = p.capital_elasticity;
  // The marginal product of labor that one more unit needs.
  const need = cost / margin;
  const scale = a * p.output_per_worker;
  if (p.function === "cobb_douglas") {
    // dY/dL = (1 - alpha) A k^alpha L^-alpha; constant without capital (alpha 0): all or none.
    const ratio = (1 - alpha) * scale * kt / need;
    if (alpha === 0) return ratio >= 1 ? Infinity : 0;
    return Math.pow(ratio, 1 / alpha);
  }
  // CES: dY/dL = A (1 - alpha) (alpha k^rho L^-rho + 1 - alpha)^((1 - rho) / rho)
  const rho = p.ces_rho === 0 ? 1e-6 : p.ces_rho;
  const base = Math.pow(need / (scale * (1 - alpha)), rho / (1 - rho)) - (1 - alpha);
  if (base <= 0) return rho < 0 ? 0 : Infinity;
  return Math.pow(base / (alpha * kt), -1 / rho);
}

/**
 * Effective labor a firm needs to make `q` units a day (inverse of {@link output} in l), with
 * capacity `k` (capital term `kt`, {@link capitalTerm}) and technology `a`.
 */
export function laborFor(
  cfg: ScenarioConfig,
  q: number,
  k: number,
  a: number,
  kt = capitalTerm(cfg, k),
): number {
  const p = cfg.economy.production;
  if (q <= 0) return 0;
  if (k <= 0 || a <= 0) return Infinity;
  const alpha = p.capital_elasticity;
  const y = q / (a * p.output_per_worker);
  if (p.function === "cobb_douglas") return Math.pow(y / kt, 1 / (1 - alpha));
  const rho = p.ces_rho === 0 ? 1e-6 : p.ces_rho;
  const rest = Math.pow(y, rho) - alpha * kt;
  if (rest <= 0) return rho < 0 ? Infinity : 0;
  return Math.pow(rest / (1 - alpha), 1 / rho);
}

/**
 * Moves firm row `f`'s technology by `days` days of its productivity process: log TFP follows
 * an AR(1) around the entrants' mean, with yearly coefficient `tfp_persistence` and the
 * innovation scaled so that the long-run log-sd stays `tfp_sigma`. Idiosyncratic, persistent
 * but mean-reverting productivity is the engine of firm dynamics in Hopenhayn (1992,
 * Econometrica 60:1127) and Ericson & Pakes (1995, RES 62:53): leaders fall back, laggards
 * catch up or exit, so selection does not run until one firm holds each market, and firms
 * grow and shrink with their shocks (Foster, Haltiwanger & Syverson 2008, AER 98:394, put
 * the persistence of plant TFP near 0.8 over five years). `z` is a standard normal draw.
 *
 * @example
 * ```ts
 * evolveTechnology(world, f, 7, normal(key, F.ids[f], 0));
 * ```
 */
export function evolveTechnology(world: SimWorld, f: number, days: number, z: number): void {
  const p = world.config.economy.production;
  if (p.tfp_persistence >= 1 || p.tfp_sigma === 0) return;
  const c = world.tables.firms.col;
  const sd = p.tfp_sigma;
  const mean = -(sd * sd) / 2;
  const rho = Math.pow(p.tfp_persistence, days / 365);
  c.technology[f] = Math.exp(revertStep(Math.log(c.technology[f]), mean, sd, rho, z));
}

/**
 * One step of a stationary Gaussian AR(1): `x` moved toward `mean` by coefficient `rho` with
 * an innovation scaled so that the long-run sd stays `sd`; `z` is a standard normal draw.
 *
 * @example
 * ```ts
 * revertStep(0.5, 0, 0.25, 0.9, 0); // 0.45
 * ```
 */
export function revertStep(x: number, mean: number, sd: number, rho: number, z: number): number {
  return mean + rho * (x - mean) + sd * Math.sqrt(1 - rho * rho) * z;
}

/**
 * A technology (TFP) draw of entrants and initial firms: lognormal with mean 1 and log-sd
 * `sd`, `exp(sd z - sd^2 / 2)` for a standard normal draw `z` (the mean {@link
 * evolveTechnology} reverts to in logs).
 *
 * @example
 * ```ts
 * technologyDraw(0.25, 0); // 0.969: the median, below the mean of 1
 * ```
 */
export function technologyDraw(sd: number, z: number): number {
  return Math.exp(sd * z - (sd * sd) / 2);
}
