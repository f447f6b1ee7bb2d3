/**
 * Deposit rates and the remuneration of reserves.
 *
 * - Reserves: required reserves earn the deposit facility rate; excess reserves earn it only
 *   when `central_bank.remunerate_excess_reserves` is true (a floor system, as the Fed's
 *   interest on excess reserves since October 2008). Otherwise they earn nothing, as reserves
 *   at the Fed before October 2008 and current-account holdings above the minimum reserves at
 *   the ECB before 2014 (ECB 2011, "The implementation of monetary policy in the euro area",
 *   ch. 4). With banks that lend little, reserves back most deposits; paying the policy rate
 *   on all of them is money the central bank creates in proportion to its rate, which reaches
 *   households as deposit interest and bank dividends and works against the Taylor rule.
 * - Deposits: each bank pays `deposit_pass_through` of the yield of its earning assets
 *   (interest on its loans, its government bonds and its remunerated reserves, per unit of
 *   deposits), at most
 *   `deposit_markdown` below the policy rate and at least 0. A bank prices deposits below
 *   the return on its assets (Klein 1971, J. Money, Credit and Banking 3:205; Monti 1972) and
 *   passes on only part of rate changes because of its market power over depositors (the
 *   deposit beta of about 0.35: Drechsler, Savov & Schnabl 2017, QJE 132:1819; sticky deposit
 *   rates: Driscoll & Judson 2013, FEDS 2013-02).
 * Rates are set again at each policy decision and each monthly payment day.
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { scratch } from "../../core/world.ts";

/**
 * Reserves of bank row `b` that earn the deposit facility rate: all of them in a floor
 * system, the required ones otherwise.
 *
 * @example
 * ```ts
 * const earn = remuneratedReserves(world, b) * depositFacility / 365;
 * ```
 */
export function remuneratedReserves(world: SimWorld, b: number): number {
  const c = world.tables.banks.col;
  if (world.config.finance.central_bank.remunerate_excess_reserves) return c.reserves[b];
  const required = world.config.finance.banks.reserve_requirement * c.deposits[b];
  return Math.max(0, Math.min(c.reserves[b], required));
}

/** Sets every bank's deposit rate from the yield of its earning assets (see the module doc). */
export function priceDeposits(world: SimWorld): void {
  const B = world.tables.banks;
  const bc = B.col;
  const cfg = world.config.finance;
  const cb = world.tables.central_bank.col;
  const income = scratch(world, "finance.assetIncome", Float64Array, B.length);
  income.fill(0, 0, B.length);
  const L = world.tables.loans;
  const lc = L.col;
  for (let l = 0; l < L.length; l++) income[B.rowOf[lc.bank[l]]] += lc.principal[l] * lc.rate[l];
  // Government bonds earn their coupon (with a government; the central bank's rows have no bank).
  const Bo = world.tables.bonds;
  const oc = Bo.col;
  for (let r = 0; r < Bo.length; r++) {
    if (oc.bank[r] >= 0) income[B.rowOf[oc.bank[r]]] += oc.principal[r] * oc.coupon[r];
  }
  const ceiling = cb.policy_rate[0] - cfg.banks.deposit_markdown;
  for (let b = 0; b < B.length; b++) {
    const earning = income[b] + remuneratedReserves(world, b) * cb.deposit_facility[0];
    const yieldRate = bc.deposits[b] > 0 ? earning / bc.deposits[b] : 0;
    bc.deposit_rate[b] = Math.max(
      0,
      Math.min(ceiling, cfg.banks.deposit_pass_through * yieldRate),
    );
  }
}
