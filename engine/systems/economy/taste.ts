/**
 * Buyers' taste for each firm's variety: a persistent, idiosyncratic demand shifter. Plants
 * differ more in the demand they face at equal prices than in physical productivity, and
 * those differences, not productivity, mostly decide which plants survive (Foster,
 * Haltiwanger & Syverson 2008, AER 98:394); a firm's "appeal" to consumers accounts for most
 * of the spread of firm sales (Hottman, Redding & Weinstein 2016, QJE 131:1291).
 *
 * A firm's log taste `x` is an AR(1) around `-sigma^2 / 2` (so that `exp(x)` has mean 1) with
 * long-run sd `taste_sigma` and yearly coefficient `taste_persistence`, moved on each
 * decision day. Buyers draw sellers in proportion to capacity times technology times
 * `exp(x)` (sellers.ts): a firm in favour gets more customers than its capacity was planned
 * for and invests toward them, and its size follows a random walk whose steps do not shrink
 * with size, the random growth that with entry and exit gives a Pareto tail of firm sizes
 * (Gabaix 1999, QJE 114:739; Luttmer 2007, QJE 122:1103).
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { revertStep } from "./technology.ts";

/**
 * A log taste drawn from the stationary distribution, `sigma z - sigma^2 / 2` for a standard
 * normal draw `z` (0 when `sigma` is 0: no taste shocks).
 *
 * @example
 * ```ts
 * tasteDraw(0.2, 0); // -0.02
 * ```
 */
export function tasteDraw(sigma: number, z: number): number {
  return sigma > 0 ? sigma * z - (sigma * sigma) / 2 : 0;
}

/**
 * Moves firm row `f`'s log taste by `days` days of its AR(1) with standard normal draw `z`;
 * nothing when `taste_sigma` is 0.
 *
 * @example
 * ```ts
 * evolveTaste(world, f, 7, normal(key, F.ids[f], 1));
 * ```
 */
export function evolveTaste(world: SimWorld, f: number, days: number, z: number): void {
  const h = world.config.economy.households;
  const sd = h.taste_sigma;
  if (sd === 0) return;
  const rho = Math.pow(h.taste_persistence, days / 365);
  const c = world.tables.firms.col;
  c.taste[f] = revertStep(c.taste[f], -(sd * sd) / 2, sd, rho, z);
}
