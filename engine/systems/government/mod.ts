/**
 * Government (issue 11): polities, each with a government that taxes, pays transfers, buys
 * goods, borrows and follows a fiscal rule. Two systems, as money moves at two moments of the
 * day:
 *
 * 1. `taxes_transfers` (phase production, right after wages are paid): public employees paid,
 *    income tax and social contributions withheld from wages, unemployment benefits, pensions
 *    and child benefits paid (`transfers.ts`), so households shop from disposable income;
 * 2. in the goods market, VAT on every sale (`vat.ts`) and public purchases, education and
 *    investment (`purchases.ts`);
 * 3. `government` (phase politics): the profit tax and GDP by polity, the education effort that
 *    sets the schooling of the cohorts ending school (`education.ts`), the financing of the
 *    day's balance, approval (`budget.ts`), on its cadence the fiscal rule (`rule.ts`,
 *    deciding through the verbs of `verbs.ts`), the agencies' budgets, pay offers, vacancies
 *    and layoffs for tomorrow (`agencies.ts`; they hire in the labor market), and the KPIs
 *    (`stats.ts`).
 *
 * Bookkeeping then checks the budget identity of every polity (`checks.ts`). Runs when
 * `systems.government` is on.
 *
 * @module
 */
import type { System } from "../../core/scheduler.ts";
import type { SimWorld } from "../../world.ts";
import { financeBudgets, observeEconomy, taxProfits } from "./budget.ts";
import { updateEducationEffort } from "./education.ts";
import { staffAgencies } from "./agencies.ts";
import { openPolities } from "./polities.ts";
import { applyFiscalRule } from "./rule.ts";
import { GOVERNMENT_KPIS, governmentKpis } from "./stats.ts";
import { openBudgetDay, taxAndTransfer } from "./transfers.ts";

/** Taxes on wages and transfers to persons, right after wages are paid. */
export const taxesTransfers: System<SimWorld> = {
  name: "taxes_transfers",
  phase: "production",
  doc: "Income tax and contributions withheld; benefits, pensions and child benefits paid.",
  enabled: (cfg) => cfg.systems.government && cfg.systems.economy,
  init(world) {
    openPolities(world);
  },
  update(world) {
    openBudgetDay(world);
    taxAndTransfer(world);
  },
};

/** The government's day after the markets: profit tax, financing, the fiscal rule, KPIs. */
export const government: System<SimWorld> = {
  name: "government",
  phase: "politics",
  doc: "Profit tax, GDP by polity, financing, approval, the fiscal rule and the KPIs.",
  enabled: (cfg) => cfg.systems.government && cfg.systems.economy,
  kpis: () => GOVERNMENT_KPIS,
  update(world, ctx) {
    taxProfits(world);
    updateEducationEffort(world);
    financeBudgets(world);
    observeEconomy(world);
    if (world.tick % world.config.ai.cadence.government_days === 0) applyFiscalRule(world);
    staffAgencies(world);
    governmentKpis(world, ctx.kpi);
  },
};
