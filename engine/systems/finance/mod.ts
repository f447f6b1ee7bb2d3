/**
 * Finance (phase "finance"): commercial banks, loans to firms and a central bank, with money
 * as bank deposits (issue 10; the design of Caiani, Godin, Caverzasi, Gallegati, Kinsella &
 * Stiglitz 2016, "Agent based-stock flow consistent macroeconomics", JEDC 69:375, and the
 * bank of the K+S model, Dosi, Fagiolo, Napoletano & Roventini 2013, JEDC 37:1598). Runs
 * when `finance.enable_banks` and `finance.simulate_banks` are both true.
 *
 * Credit is drawn during the day by the economy (`economy/credit.ts` calls `borrowing.ts`:
 * credit lines and term loans at the lending rate, rationed by bank capital) and defaults
 * are settled when firms exit (`lending.ts`). Order of one day, in two systems:
 * 1. monetary policy (`monetaryPolicy`, held in the settling days): the central bank updates
 *    its natural-rate estimate and, on its cadence, sets the policy rate by its Taylor rule
 *    (`central_bank.ts`);
 * 2. finance: households and firms new since yesterday open an account at a bank drawn by
 *    their id, the long-term rate (mortgages' reference) takes its step toward the policy rate,
 *    and every 30 days the central bank reads the CPI;
 * 3. the day's payments between customers of different banks, and between customers and
 *    the governments' treasury accounts, settle in reserves (`accounts.ts`; government bonds
 *    are sold, serviced and redeemed by the government, `government/bonds.ts`);
 * 4. loans due today pay their month's interest and installment (`lending.ts`);
 * 5. on monthly payment days, banks price deposits from the yield of their assets
 *    (`deposit_rates.ts`) and pay deposit interest and dividends, and a bank with
 *    negative equity is recapitalised (`payouts.ts`);
 * 6. banks earn interest on reserves and pay it on advances, then borrow or repay advances
 *    to hold the required reserves (`accounts.ts`);
 * 7. capital ratios, and the finance KPIs.
 * Bookkeeping then checks the stock-flow identities (`checks.ts`).
 *
 * @module
 */
import type { System } from "../../core/scheduler.ts";
import { banksOn } from "../../scenario/finance_schema.ts";
import type { SimWorld } from "../../world.ts";
import { clearPayments, openAccounts, openBanks, settleReserves } from "./accounts.ts";
import { decidePolicyRate, observeCpi, observeUnemployment } from "./central_bank.ts";
import { PAYMENT_DAYS, serviceLoans, updateCapital } from "./lending.ts";
import { mortgagesOn, updateLongRate } from "./mortgages.ts";
import { payBanksMonth } from "./payouts.ts";
import { FINANCE_KPIS, financeKpis, MORTGAGE_KPIS } from "./stats.ts";

/**
 * Monetary policy: the central bank observes unemployment and, on its cadence, sets the policy
 * rate. A system of its own so that the economy's settling days can hold it: the run's central
 * bank starts deciding on day 0, on the CPI readings the settling days left it, rather than
 * answering the start's transient (settle.ts).
 */
export const monetaryPolicy: System<SimWorld> = {
  name: "monetary_policy",
  phase: "finance",
  doc: "The central bank's policy decisions: the unemployment estimate and the Taylor rule.",
  enabled: (cfg) => banksOn(cfg) && cfg.systems.economy,
  update(world) {
    observeUnemployment(world);
    decidePolicyRate(world);
  },
};

/** The finance system. */
export const finance: System<SimWorld> = {
  name: "finance",
  phase: "finance",
  doc: "Banks, loans and the central bank: settlement, interest, dividends, the policy rate.",
  enabled: (cfg) => banksOn(cfg) && cfg.systems.economy,
  kpis: (cfg) => mortgagesOn(cfg) ? [...FINANCE_KPIS, ...MORTGAGE_KPIS] : FINANCE_KPIS,
  init(world) {
    openBanks(world);
  },
  update(world, ctx) {
    openAccounts(world);
    updateLongRate(world);
    observeCpi(world);
    clearPayments(world);
    serviceLoans(world);
    if (world.tick % PAYMENT_DAYS === 0) payBanksMonth(world);
    settleReserves(world);
    const B = world.tables.banks;
    for (let b = 0; b < B.length; b++) updateCapital(world, b);
    financeKpis(world, ctx.kpi);
  },
};
