/**
 * The central bank's policy rule: every `cadence_days` it sets the policy rate by a Taylor
 * rule (Taylor 1993, Carnegie-Rochester 39:195) on inflation and unemployment,
 *
 *   target = r*_t + pi* + a (pi - pi*) - b (u - u*) + shock,
 *   rate   = rho x previous rate + (1 - rho) x target, within [rate_floor, rate_ceiling],
 *
 * with interest-rate smoothing rho per decision (Clarida, Gali & Gertler 2000, QJE 115:147;
 * the default 0.8 a 42-day meeting is 0.62 a quarter, below their 0.8 a quarter), the
 * unemployment gap standing for the output gap through Okun's law, and u* the central
 * bank's running estimate of the natural rate: an exponential mean of unemployment over
 * `nairu_memory_days` (a statistical filter as central banks use, cf. Staiger, Stock &
 * Watson 1997, J. Econ. Perspectives 11:33). The rate floor is the zero lower bound. The
 * corridor of standing facilities follows the rate (see `accounts.ts`).
 *
 * With `asset_purchases` each decision also sets the growth of base money, which the central
 * bank brings about by buying units of the equity fund from households (`economy/fund.ts`;
 * {@link baseGrowth}); with `growth_learning` it first revises the real growth that rule
 * assumes by the inflation gap ({@link learnGrowth}).
 *
 * Inflation is what the central bank measures itself: every 30 days it reads the CPI, and it
 * answers the change over its last twelve readings, the four-quarter inflation of Taylor (1993)
 * and the twelve-month change central banks target; until it has a year of readings (a run that
 * starts from the solve, `settle_days: 0`) it answers the published `inflation_annual`, a
 * 30-day change annualised in a run's first year. A settled run's central bank has read the
 * CPI through the settling days, which hold its decisions (`monetaryPolicy` in mod.ts), so it
 * starts deciding on day 0 on twelve-month inflation: before, it answered the start's transient
 * in the settling days with 30-day changes of up to 30% a year, its r* reached 7-11% before day
 * 0, and the run began with a policy rate of 7-12% and a slump (20k island, seeds 1-3;
 * docs/finance.md, "The start with banks").
 *
 * The neutral real rate r*_t is not known either: the central bank starts from
 * `neutral_real_rate` and revises it at each decision by `neutral_rate_learning` x the
 * inflation gap x the time since the last one, since inflation that stays above target at
 * what it thought a neutral stance says the stance was not tight enough (the natural rate as
 * an unobserved, drifting quantity: Laubach & Williams 2003, REStat 85:1063; policy robust to
 * misjudging it, Orphanides & Williams 2002, BPEA 2002(2):63). This is an integral term on
 * the inflation gap: with a fixed r* a model economy whose neutral rate differs from it keeps
 * a permanent inflation gap. The estimate stays where the rate bounds can deliver the target
 * (between `rate_floor` and `rate_ceiling` less pi*), but it goes on learning while the rate
 * sits at a bound: after a spell at the floor the rule holds the rate lower for longer, as the
 * make-up rules of Reifschneider & Williams (2000, JMCB 32:936) do. Stopping the learning while
 * the rate is pinned (the conditional integration that keeps a PID controller from winding up,
 * Åström & Hägglund 2006, Advanced PID Control, ch. 3) was measured and not kept: on the credit
 * economy it lowered inflation below the target's band (docs/finance.md, "The neutral rate").
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { setPolicyRate } from "./verbs.ts";
import { CPI_MONTHS, CPI_READING_DAYS } from "../../tables/central_bank.ts";
import { ASSUMED_GROWTH } from "../../scenario/finance_schema.ts";

/**
 * One decision's step of a learning estimate (r*, the growth the base-money rule assumes):
 * `gain` x `gap` x the years since the last decision.
 */
function learningStep(
  cfg: SimWorld["config"]["finance"]["central_bank"],
  gain: number,
  gap: number,
): number {
  return gain * gap * cfg.cadence_days / 365;
}

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
 * (shares per year), given the previous rate, the natural-rate estimate `nairu` and the
 * neutral real rate estimate `neutral`.
 *
 * @example
 * ```ts
 * taylorRate(world.config.finance.central_bank, 0.04, 0.06, 0.06, 0.04, 0.02); // above 0.04
 * ```
 */
export function taylorRate(
  cfg: SimWorld["config"]["finance"]["central_bank"],
  inflation: number,
  unemployment: number,
  nairu: number,
  previous: number,
  neutral: number,
): number {
  const target = neutral + cfg.inflation_target +
    cfg.inflation_response * (inflation - cfg.inflation_target) -
    cfg.unemployment_response * (unemployment - nairu) + cfg.policy_shock;
  const rate = cfg.rate_smoothing * previous + (1 - cfg.rate_smoothing) * target;
  return Math.min(cfg.rate_ceiling, Math.max(cfg.rate_floor, rate));
}

/**
 * The neutral real rate estimate after a decision at inflation `inflation` (see the module
 * doc), kept where the policy rate's bounds can deliver it at the target.
 */
export function reviseNeutralRate(
  cfg: SimWorld["config"]["finance"]["central_bank"],
  neutral: number,
  inflation: number,
): number {
  const revised = neutral +
    learningStep(cfg, cfg.neutral_rate_learning, inflation - cfg.inflation_target);
  return Math.min(
    cfg.rate_ceiling - cfg.inflation_target,
    Math.max(cfg.rate_floor - cfg.inflation_target, revised),
  );
}

/** Every {@link CPI_READING_DAYS} days, puts a reading of yesterday's CPI into the bank's ring. */
export function observeCpi(world: SimWorld): void {
  const cb = world.tables.central_bank.col;
  const k = world.kpis.indexOf("cpi");
  const cpi = k >= 0 ? world.kpis.lagged(k, 0) : NaN;
  if (!Number.isFinite(cpi)) return;
  if (cb.cpi_readings[0] > 0 && ++cb.cpi_days[0] < CPI_READING_DAYS) return;
  cb.cpi_months[cb.cpi_readings[0] % CPI_MONTHS] = cpi;
  cb.cpi_readings[0]++;
  cb.cpi_days[0] = 0;
}

/**
 * Inflation over the past twelve months of readings (360 days, annualised), NaN until the
 * central bank has thirteen: the four-quarter inflation of Taylor (1993), and the twelve-month
 * change central banks target (the Fed's PCE, the ECB's HICP).
 */
export function twelveMonthInflation(world: SimWorld): number {
  const cb = world.tables.central_bank.col;
  const n = cb.cpi_readings[0];
  if (n < CPI_MONTHS) return NaN;
  const now = cb.cpi_months[(n - 1) % CPI_MONTHS];
  const before = cb.cpi_months[n % CPI_MONTHS];
  return Math.pow(now / before, 365 / ((CPI_MONTHS - 1) * CPI_READING_DAYS)) - 1;
}

/** A policy decision, on the central bank's cadence; returns whether the rate was set. */
export function decidePolicyRate(world: SimWorld): boolean {
  const cfg = world.config.finance.central_bank;
  if (world.tick % cfg.cadence_days !== 0) return false;
  const ki = world.kpis.indexOf("inflation_annual");
  const ku = world.kpis.indexOf("unemployment_rate");
  const yoy = twelveMonthInflation(world);
  const inflation = Number.isFinite(yoy) ? yoy : ki >= 0 ? world.kpis.lagged(ki, 0) / 100 : NaN;
  const u = ku >= 0 ? world.kpis.lagged(ku, 0) : NaN;
  const cb = world.tables.central_bank.col;
  if (!Number.isFinite(inflation) || !Number.isFinite(u) || !Number.isFinite(cb.nairu[0])) {
    return false;
  }
  cb.neutral_rate[0] = reviseNeutralRate(cfg, cb.neutral_rate[0], inflation);
  // Through the verb, as every decision-maker does.
  setPolicyRate(
    world,
    taylorRate(cfg, inflation, u, cb.nairu[0], cb.policy_rate[0], cb.neutral_rate[0]),
  );
  if (cfg.asset_purchases) {
    cb.growth_learned[0] = learnGrowth(cfg, cb.growth_learned[0], inflation);
    cb.base_growth[0] = baseGrowth(cfg, inflation, cb.growth_learned[0]);
  }
  return true;
}

/**
 * The growth of base money, per year, that the base-money rule sets for inflation `inflation`
 * (`finance.central_bank.asset_purchases`): the target inflation plus the real growth the rule
 * assumes (`potential_growth` plus `learned`, what {@link learnGrowth} has added to it), at
 * which the economy's money grows with its output at the target, plus `purchase_response` x
 * (target - inflation); never below 0 (the bank buys, it does not sell). McCallum's rule (1988,
 * Carnegie-Rochester 29:173) sets base growth to the target growth of nominal income with a
 * feedback on its shortfall; the feedback here is on inflation, the gap this central bank
 * measures.
 *
 * Why the model needs it: with banks, money is deposits, and deposits are loans plus reserves
 * less the banks' equity. Firms' loans settle at a share of GDP, so a fixed stock of reserves
 * (the start's base money, 40-50% of deposits) leaves nominal GDP without trend and the price
 * level falling at the rate of real growth, whatever the policy rate (README, "Why banks alone
 * deflate").
 */
export function baseGrowth(
  cfg: SimWorld["config"]["finance"]["central_bank"],
  inflation: number,
  learned = 0,
): number {
  return Math.max(
    0,
    cfg.inflation_target + cfg.potential_growth + learned +
      cfg.purchase_response * (cfg.inflation_target - inflation),
  );
}

/**
 * What the base-money rule adds to `potential_growth` after a decision at inflation
 * `inflation`, from `learned` before it: `growth_learning` x (target - inflation) x the years
 * since the last decision more, so that the growth it assumes stays within the bounds of
 * `potential_growth` ({@link ASSUMED_GROWTH}: -5% to +10% a year). Kept apart from
 * `potential_growth`, so that a shock to that parameter moves the rule at once.
 *
 * A proportional rule on the inflation gap keeps inflation at its target only when the
 * economy's real growth, less the drift of money's velocity, is what the rule assumes. Otherwise
 * it leaves a steady-state gap, inflation short by about (actual - assumed growth) /
 * (1 + purchase_response): the 50k tiny_island grows 1.3% a year against the assumed 1% and its
 * inflation ran at 1.5% (docs/finance.md, "Unemployment's slow rise over twenty years").
 * Inflation that stays below target says base money grows too slowly, whatever the reason, and
 * this revision adds an integral term that removes the gap (Astrom & Murray 2008, Feedback
 * Systems, ch. 10). It stands for the economy's real growth less the trend growth of base
 * money's velocity, which McCallum's rule (1988, Carnegie-Rochester 29:173) subtracts as
 * measured over the past four years; here it is learned from the one gap the bank targets, as
 * r* is ({@link reviseNeutralRate}). Measured on the 50k island: inflation on target,
 * unemployment's slow rise smaller, the investment facts worse and the cycle no smaller
 * (docs/finance.md, "The base-money rule learning the growth it assumes").
 *
 * @example
 * ```ts
 * // Inflation a point below target at a 42-day meeting, learning 0.5: about +0.06 points.
 * learnGrowth({ ...cfg, growth_learning: 0.5, cadence_days: 42 }, 0, 0.01);
 * ```
 */
export function learnGrowth(
  cfg: SimWorld["config"]["finance"]["central_bank"],
  learned: number,
  inflation: number,
): number {
  const revised = learned +
    learningStep(cfg, cfg.growth_learning, cfg.inflation_target - inflation);
  const p = cfg.potential_growth;
  return Math.min(ASSUMED_GROWTH.max - p, Math.max(ASSUMED_GROWTH.min - p, revised));
}
