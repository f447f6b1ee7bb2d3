/**
 * The central bank's policy rule: every `cadence_days` it sets the policy rate by a Taylor
 * rule (Taylor 1993, Carnegie-Rochester 39:195) on the published inflation and unemployment,
 *
 *   target = r* + pi* + a (pi - pi*) - b (u - u*) + shock,
 *   rate   = rho x previous rate + (1 - rho) x target, within [rate_floor, rate_ceiling],
 *
 * with interest-rate smoothing rho (Clarida, Gali & Gertler 2000, QJE 115:147), the
 * unemployment gap standing for the output gap through Okun's law, and u* the central
 * bank's running estimate of the natural rate: an exponential mean of unemployment over
 * `nairu_memory_days` (a statistical filter as central banks use, cf. Staiger, Stock &
 * Watson 1997, J. Econ. Perspectives 11:33). The rate floor is the zero lower bound. The
 * corridor of standing facilities follows the rate (see `accounts.ts`).
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { setPolicyRate } from "./verbs.ts";

/** Updates the estimate of the natural unemployment rate with yesterday's unemployment. */
export function observeUnemployment(world: SimWorld): void {
  const cb = world.tables.central_bank.col;
  const k = world.kpis.indexOf("unemployment_rate");
  const u = k >= 0 ? world.kpis.lagged(k, 0) : NaN;
  if (!Number.isFinite(u)) return;
  const m = 1 / world.config.finance.central_bank.nairu_memory_days;
  cb.nairu[0] = Number.isFinite(cb.nairu[0]) ? cb.nairu[0] + m * (u - cb.nairu[0]) : u;
}

/**
 * The rate the Taylor rule sets for inflation `inflation` and unemployment `unemployment`
 * (shares per year), given the previous rate and the natural-rate estimate.
 *
 * @example
 * ```ts
 * taylorRate(world.config.finance.central_bank, 0.04, 0.06, 0.06, 0.04); // above 0.04
 * ```
 */
export function taylorRate(
  cfg: SimWorld["config"]["finance"]["central_bank"],
  inflation: number,
  unemployment: number,
  nairu: number,
  previous: number,
): number {
  const target = cfg.neutral_real_rate + cfg.inflation_target +
    cfg.inflation_response * (inflation - cfg.inflation_target) -
    cfg.unemployment_response * (unemployment - nairu) + cfg.policy_shock;
  const rate = cfg.rate_smoothing * previous + (1 - cfg.rate_smoothing) * target;
  return Math.min(cfg.rate_ceiling, Math.max(cfg.rate_floor, rate));
}

/** A policy decision, on the central bank's cadence; returns whether the rate was set. */
export function decidePolicyRate(world: SimWorld): boolean {
  const cfg = world.config.finance.central_bank;
  if (world.tick % cfg.cadence_days !== 0) return false;
  const ki = world.kpis.indexOf("inflation_annual");
  const ku = world.kpis.indexOf("unemployment_rate");
  const inflation = ki >= 0 ? world.kpis.lagged(ki, 0) / 100 : NaN;
  const u = ku >= 0 ? world.kpis.lagged(ku, 0) : NaN;
  const cb = world.tables.central_bank.col;
  if (!Number.isFinite(inflation) || !Number.isFinite(u) || !Number.isFinite(cb.nairu[0])) {
    return false;
  }
  // Through the verb, as every decision-maker does.
  setPolicyRate(world, taylorRate(cfg, inflation, u, cb.nairu[0], cb.policy_rate[0]));
  return true;
}
