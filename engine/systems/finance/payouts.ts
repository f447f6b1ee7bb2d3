/**
 * Banks' payments to households and firms, and the resolution of a failed bank, on each
 * monthly payment day:
 * - interest on deposits at each bank's deposit rate (priced again first, `deposit_rates.ts`),
 *   credited to its customers (bank spending creates deposits, as its income destroys them:
 *   Godley & Lavoie 2007, ch. 7);
 * - dividends: a bank with a positive month and a capital ratio above `capital_target` pays
 *   `dividend_payout` of its profit, keeping the ratio at or above the target (a payout rule
 *   with a capital buffer as in Basel III's conservation buffer; Caiani et al. 2016 pay out
 *   a fixed share of bank profits); a bank with equity above `capital_aim` of its loans pays
 *   its month's profit and `capital_adjustment` of the excess a year instead: banks manage their
 *   capital ratios toward targets above the minima (Berger et al. 2008, J. Financial Services
 *   Research 34:123) instead of letting retained earnings pile up, which here would take money
 *   out of circulation for good (with the payout on profit alone the banks' capital ratio rose
 *   from 19% to 28% over 22 years on the 20k island, equity from 3.7% to 7.4% of a year's GDP).
 *   Households own the banks in proportion to their money (Caiani et al. 2016 give dividends
 *   to households in proportion to their wealth);
 * - resolution: a bank whose equity fell below zero (loan defaults) is recapitalised up to
 *   its capital target. Without a government its owners, the households, pay in the same
 *   proportion (an owners' bail-in: shareholders bear losses first, BRRD 2014/59/EU art. 34).
 *   With one the governments take it over (its old owners' equity is gone): they pay in the new
 *   equity (budget item `bank_support`, split by trend GDP) and own the bank from then on
 *   (`public_stake` 1), so its dividends go to them (`public_dividends`), as in the
 *   nationalisations of 2008-09 (Laeven & Valencia 2013, IMF Econ. Rev. 61:225). Each
 *   resolution is an event.
 * Payments to customers of other banks settle in reserves, as clearing does.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import { EVENTS, FLOW } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { ITEM } from "../../tables/polities.ts";
import { settleWithGovernments } from "../government/treasury.ts";
import { priceDeposits } from "./deposit_rates.ts";
import { PAYMENT_DAYS, updateCapital } from "./lending.ts";

/** Pays the month's deposit interest, bank dividends and any recapitalisation. */
export function payBanksMonth(world: SimWorld): void {
  priceDeposits(world);
  const B = world.tables.banks;
  const bc = B.col;
  const cb = world.tables.central_bank.col;
  const cfg = world.config.finance.banks;
  const nb = B.length;
  // The share of its equity above the aim a bank pays out this month.
  const excessMonth = 1 - Math.pow(1 - cfg.capital_adjustment, PAYMENT_DAYS / 365);
  // Dividends out (+) and new equity in (-), by bank.
  const out = scratch(world, "finance.bankPayout", Float64Array, nb);
  const rate = scratch(world, "finance.depositRateMonth", Float64Array, nb);
  let dividends = 0;
  let recap = 0;
  let toGovernments = 0;
  let rescue = 0;
  const Pol = world.tables.polities;
  for (let b = 0; b < nb; b++) {
    out[b] = 0;
    rate[b] = (bc.deposit_rate[b] * PAYMENT_DAYS) / 365;
    // This month's deposit interest (paid below, customer by customer) counts first.
    const interest = rate[b] * bc.deposits[b];
    const equity = bc.equity[b] - interest;
    const profit = bc.profit[b] - interest;
    if (equity < 0) {
      const x = cfg.capital_target * bc.loans[b] - equity;
      out[b] = -x;
      if (Pol.length > 0) {
        // The governments take the bank over: they pay in the new equity and own all of it.
        rescue += x;
        bc.public_stake[b] = 1;
        world.events.emit(EVENTS.code.bank_resolved, B.ids[b], Pol.ids[0], -1, x);
      } else {
        recap += x;
        world.events.emit(EVENTS.code.bank_resolved, B.ids[b], -1, -1, x);
      }
    } else {
      const room = equity - cfg.capital_target * bc.loans[b];
      const excess = equity - cfg.capital_aim * bc.loans[b];
      // Above the aim it pays the month's profit and a share of the excess, so the excess
      // decays at `capital_adjustment` a year (a partial adjustment toward the aim); below it,
      // `dividend_payout` of its profit.
      const earned = Math.max(0, profit);
      const wanted = excess > 0 ? earned + excessMonth * excess : cfg.dividend_payout * earned;
      const pay = Math.max(0, Math.min(wanted, room));
      out[b] = pay;
      // The governments' stake takes its share of the dividend.
      const own = pay * bc.public_stake[b];
      toGovernments += own;
      dividends += pay - own;
    }
    bc.profit[b] = 0;
  }
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const F = world.tables.firms;
  const pc = P.col;
  const hBank = Hh.col.bank;
  const bRow = B.rowOf;
  let wealthTotal = 0;
  for (let p = 0; p < P.length; p++) wealthTotal += pc.wealth[p];
  if (recap > wealthTotal) {
    // Owners cannot pay more than they have: the rest stays a loss of the banks.
    const scale = wealthTotal / recap;
    for (let b = 0; b < nb; b++) if (out[b] < 0) out[b] *= scale;
    recap = wealthTotal;
  }
  const net = dividends - recap;
  const perWealth = wealthTotal > 0 ? net / wealthTotal : 0;
  const income = Hh.col.income_today;
  let toHouseholds = 0;
  for (let p = 0; p < P.length; p++) {
    const w = pc.wealth[p];
    if (w === 0) continue;
    const h = Hh.rowOf[pc.household[p]];
    const b = bRow[hBank[h]];
    const interest = w * rate[b];
    const share = w * perWealth;
    pc.wealth[p] = w + interest + share;
    income[h] += interest + Math.max(0, share);
    toHouseholds += interest;
    bc.deposits[b] += interest + share;
    bc.equity[b] -= interest;
    bc.reserves[b] += share;
  }
  let toFirms = 0;
  for (let f = 0; f < F.length; f++) {
    const b = bRow[F.col.bank[f]];
    const interest = F.col.cash[f] * rate[b];
    F.col.cash[f] += interest;
    bc.deposits[b] += interest;
    bc.equity[b] -= interest;
    toFirms += interest;
  }
  for (let b = 0; b < nb; b++) {
    bc.equity[b] -= out[b];
    bc.reserves[b] -= out[b];
    updateCapital(world, b);
  }
  if (toGovernments > 0) settleWithGovernments(world, toGovernments, ITEM.public_dividends);
  if (rescue > 0) settleWithGovernments(world, -rescue, ITEM.bank_support);
  world.ledger.created += toHouseholds + toFirms + dividends + toGovernments;
  world.ledger.destroyed += recap + rescue;
  cb.bank_paid[0] += toHouseholds + toFirms + dividends + toGovernments;
  cb.bank_received[0] += recap + rescue;
  world.ledger.record(FLOW.public_dividends, toGovernments);
  world.ledger.record(FLOW.bank_support, rescue);
  world.ledger.record(FLOW.deposit_interest_households, toHouseholds);
  world.ledger.record(FLOW.deposit_interest_firms, toFirms);
  world.ledger.record(FLOW.bank_dividends, dividends);
  world.ledger.record(FLOW.bank_recapitalisation, recap);
}
