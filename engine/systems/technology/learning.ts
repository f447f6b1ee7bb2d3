/**
 * Learning by doing: the unit cost of a technology falls with the cumulative output made with
 * it, by `learning_rate` per doubling: cost factor (X / X0)^-b with b = -log2(1 - learning
 * rate), Wright's law (Wright 1936, J. Aeronautical Sciences 3:122; Arrow 1962, REStud
 * 29:155). Nagy, Farmer, Bui & Trancik (2013, PLoS ONE 8:e52669) find it forecasts the costs of
 * 62 technologies as well as any rival, with learning rates mostly between 10% and 30%
 * (Dutton & Thomas 1984, AMR 9:235: median progress ratio 0.81-0.82 over 108 studies).
 *
 * Experience is public within the technology (spillovers of learning across its users, as
 * Irwin & Klenow 1994, JPE 102:1200, found for semiconductors): every firm's output on its
 * newest machines adds to its vintage's experience, and every machine of that technology gets
 * cheaper to run. X0 is the experience at which the declared multipliers hold: for the roots,
 * `root_experience_years` of their sector's output at the start (a mature baseline learns
 * slowly); for a technology discovered during the run, `new_experience_years` of its sector's
 * output at discovery: a new technology builds on the experience of those it improves on, so
 * its costs do not halve in its first months (with a base of a few weeks of output, a node
 * adopted by a whole sector ran through ten doublings in a few years and locked firms into it).
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";

/** Wright's exponent b of a learning rate: cost falls by the rate per doubling. */
export function wrightExponent(learningRate: number): number {
  return -Math.log2(1 - learningRate);
}

/**
 * Cost factor of a technology with experience `x` and base experience `x0` at learning rate
 * `rate`: (x / x0)^-b, 1 at x = x0, `1 - rate` at 2 x0.
 *
 * @example
 * ```ts
 * costFactor(200, 100, 0.2); // 0.8
 * ```
 */
export function costFactor(x: number, x0: number, rate: number): number {
  if (!(x0 > 0) || !(x > 0)) return 1;
  return Math.pow(x / x0, -wrightExponent(rate));
}

/**
 * Adds today's output on each firm's newest machines to its vintage's experience and updates
 * every technology's cost factor. A firm's output splits over its vintages by capacity share.
 */
export function learn(world: SimWorld): void {
  const T = world.tables.technologies.col;
  const F = world.tables.firms;
  const c = F.col;
  const N = world.tables.technologies.length;
  for (let f = 0; f < F.length; f++) {
    const v = c.vintage[f];
    if (v >= 0) T.experience[v] += c.output_today[f] * c.vintage_share[f];
  }
  const rate = world.config.technology.learning_rate;
  for (let t = 0; t < N; t++) {
    if (T.experience_base[t] > 0) {
      T.cost_factor[t] = costFactor(T.experience[t], T.experience_base[t], rate);
    }
  }
}

/**
 * Output of sector `s` in a year at its firms' sales trend (the unit of experience bases; the
 * trend rather than today's output, which is zero before the first tick and noisy after).
 */
export function sectorYearOutput(world: SimWorld, s: number): number {
  const F = world.tables.firms;
  const c = F.col;
  let sum = 0;
  for (let f = 0; f < F.length; f++) if (c.sector[f] === s) sum += c.trend_sales[f];
  return 365 * sum;
}
