/**
 * Government bonds, when a government runs with banks (`finance.simulate_banks`): the
 * government's account is a deposit at the central bank (the treasury account, a liability of
 * the central bank next to the banks' reserves), and it finances its deficits by selling bonds
 * (Godley & Lavoie 2007, Monetary Economics, ch. 4 and 10; Caiani et al. 2016, JEDC 69:375,
 * where banks buy the bonds the government issues and the central bank buys what is left).
 *
 * - **Issue**: `central_bank_share` of each issue is bought by the central bank (it credits
 *   the treasury account: money is created, as with any central-bank credit); the rest by the
 *   banks in proportion to their deposits (primary dealers): they pay in reserves, which move
 *   to the treasury account (a bank short of reserves borrows them at the lending facility
 *   first). For the ledger the government's money rises and nothing else that counts as money
 *   falls, so a sale to banks creates money, as bank credit does.
 * - **Interest**: every day each bank's holding pays its average coupon / 365 from the
 *   treasury account to the bank's reserves and equity (the budget item `interest`). The
 *   central bank's holdings pay no net interest: it remits its income to the government.
 * - **Rollover**: each day 1/(365 x `maturity_years`) of every holding matures and is
 *   refinanced with the same holder at today's yield (the policy rate plus `term_premium`), so
 *   the average coupon follows the policy rate with the lag of the debt's maturity.
 * - **Redemption**: a government with cash above twice its buffer buys bonds back from every
 *   holder in proportion (money is destroyed).
 *
 * Each holding is a row of the `bonds` table (polity, bank or null for the central bank); a
 * bank's `bonds` and the central bank's `gov_bonds` are the sums of their rows, and a polity's
 * `debt` the sum of its.
 *
 * @module
 */
import { NULL_REF } from "../../core/table.ts";
import type { SimWorld } from "../../world.ts";

/** Row of the holding of polity row `q` by bank id `bank` (NULL_REF: the central bank). */
function holding(world: SimWorld, q: number, bank: number): number {
  const Bo = world.tables.bonds;
  const c = Bo.col;
  const polity = world.tables.polities.ids[q];
  for (let r = 0; r < Bo.length; r++) {
    if (c.polity[r] === polity && c.bank[r] === bank) return r;
  }
  const r = Bo.add(1);
  c.polity[r] = polity;
  c.bank[r] = bank;
  return r;
}

/** Adds `amount` to holding row `r` at `rate`, averaging the coupon. */
function addToHolding(world: SimWorld, r: number, amount: number, rate: number): void {
  const c = world.tables.bonds.col;
  const total = c.principal[r] + amount;
  c.coupon[r] = total > 0 ? (c.coupon[r] * c.principal[r] + rate * amount) / total : rate;
  c.principal[r] = total;
}

/** Today's yield of new bonds: the policy rate plus the term premium. */
function bondYield(world: SimWorld): number {
  return world.tables.central_bank.col.policy_rate[0] + world.config.government.bonds.term_premium;
}

/**
 * Sells `amount` of new bonds of polity row `q` (see the module doc); the polity's money and
 * debt rise by it.
 */
export function issueBonds(world: SimWorld, q: number, amount: number): void {
  if (!(amount > 0)) return;
  const B = world.tables.banks;
  const bc = B.col;
  const cb = world.tables.central_bank.col;
  const pol = world.tables.polities.col;
  const rate = bondYield(world);
  const toCentralBank = world.config.government.bonds.central_bank_share * amount;
  let deposits = 0;
  for (let b = 0; b < B.length; b++) deposits += bc.deposits[b];
  // With no deposits anywhere the central bank takes the whole issue.
  const toBanks = deposits > 0 ? amount - toCentralBank : 0;
  const byCentralBank = amount - toBanks;
  if (byCentralBank > 0) {
    addToHolding(world, holding(world, q, NULL_REF), byCentralBank, rate);
    cb.gov_bonds[0] += byCentralBank;
    cb.gov_financed[0] += byCentralBank;
  }
  let sold = 0;
  for (let b = 0; b < B.length && toBanks > 0; b++) {
    const x = b === B.length - 1 ? toBanks - sold : toBanks * (bc.deposits[b] / deposits);
    if (!(x > 0)) continue;
    sold += x;
    if (bc.reserves[b] < x) {
      // Short of reserves: an advance from the lending facility covers what they lack, and the
      // purchase takes every reserve the bank has. (Adding the advance and then subtracting the
      // price could leave -1 ulp: reserves r + (x - r) - x is -9.1e-13 for r = 64.547..., x =
      // 6492.31..., and a run stopped on reserves of -2.3e-10.)
      const a = x - bc.reserves[b];
      bc.advances[b] += a;
      bc.reserves[b] = 0;
      cb.advances[0] += a;
      cb.reserves[0] += a;
    } else bc.reserves[b] -= x;
    bc.bonds[b] += x;
    cb.reserves[0] -= x;
    cb.bank_paid[0] += x;
    addToHolding(world, holding(world, q, B.ids[b]), x, rate);
  }
  cb.treasury[0] += amount;
  pol.money[q] += amount;
  pol.debt[q] += amount;
  world.ledger.created += amount;
}

/**
 * Buys back `amount` of polity row `q`'s bonds from every holder in proportion; its money and
 * debt fall by it.
 */
export function redeemBonds(world: SimWorld, q: number, amount: number): void {
  const Bo = world.tables.bonds;
  const c = Bo.col;
  const pol = world.tables.polities.col;
  const polity = world.tables.polities.ids[q];
  const debt = pol.debt[q];
  if (!(amount > 0) || !(debt > 0)) return;
  const share = Math.min(1, amount / debt);
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  let paid = 0;
  for (let r = 0; r < Bo.length; r++) {
    if (c.polity[r] !== polity) continue;
    const x = c.principal[r] * share;
    c.principal[r] -= x;
    paid += x;
    if (c.bank[r] === NULL_REF) {
      cb.gov_bonds[0] -= x;
      cb.gov_redeemed[0] += x;
      continue;
    }
    const b = world.tables.banks.rowOf[c.bank[r]];
    bc.bonds[b] -= x;
    bc.reserves[b] += x;
    cb.reserves[0] += x;
    cb.bank_received[0] += x;
  }
  cb.treasury[0] -= paid;
  pol.money[q] -= paid;
  // The debt is a running sum of every issue and redemption, the holdings each their own: once
  // every bond is bought back the two differ by rounding alone (measured: 4.0e-8 owed against
  // no bond outstanding, which the bond books' check refused, 20,000 persons with banks and a
  // government, seed 1, tick 2530). What is left of the sum is not money, so it goes.
  pol.debt[q] = share === 1 ? 0 : debt - paid;
  world.ledger.destroyed += paid;
}

/**
 * Today's interest on every bank's holdings (the budget item `interest` of each polity) and
 * the rollover of the day's maturing share at today's yield. Returns the interest paid.
 */
export function serviceBonds(world: SimWorld, flows: Float64Array, item: number): number {
  const Bo = world.tables.bonds;
  const c = Bo.col;
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  const bc = world.tables.banks.col;
  const cb = world.tables.central_bank.col;
  const roll = 1 / (365 * world.config.government.bonds.maturity_years);
  const rate = bondYield(world);
  let total = 0;
  for (let r = 0; r < Bo.length; r++) {
    c.coupon[r] += roll * (rate - c.coupon[r]);
    if (c.bank[r] === NULL_REF) continue;
    const i = (c.principal[r] * c.coupon[r]) / 365;
    if (!(i > 0)) continue;
    const q = Pol.rowOf[c.polity[r]];
    const b = world.tables.banks.rowOf[c.bank[r]];
    pol.money[q] -= i;
    flows[q * W + item] += i;
    bc.reserves[b] += i;
    bc.equity[b] += i;
    bc.profit[b] += i;
    cb.reserves[0] += i;
    cb.treasury[0] -= i;
    cb.bank_received[0] += i;
    total += i;
  }
  world.ledger.destroyed += total;
  return total;
}
