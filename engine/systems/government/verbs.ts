/**
 * Government verbs: the decisions a government can take (`set_tax_rate`, `set_transfers`,
 * `set_purchases`, `set_education`, `set_public_investment`, `invest_public`), as validated
 * engine functions. The fiscal rule calls them today; AI providers and notebooks call the same
 * functions, so every decision passes the same checks and bounds.
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { VerbError } from "../economy/verbs.ts";

/** Taxes `set_tax_rate` sets, and the polity column each lives in. */
export const TAXES = {
  income: "income_tax_scale",
  contributions: "contribution_rate",
  employer_contributions: "employer_contribution_rate",
  vat: "vat_rate",
  profit: "profit_tax_rate",
} as const;
/** A tax of {@link TAXES}. */
export type Tax = keyof typeof TAXES;

/** Transfers `set_transfers` sets, the polity column and the allowed range of each. */
export const TRANSFERS = {
  unemployment_replacement: [0, 1],
  unemployment_days: [0, 3650],
  pension_replacement: [0, 1],
  pension_floor: [0, 1],
  child_benefit: [0, 1],
} as const;
/** A transfer of {@link TRANSFERS}. */
export type Transfer = keyof typeof TRANSFERS;

function polityRow(world: SimWorld, polityId: number, verb: string): number {
  if (!world.config.systems.government) {
    throw new VerbError(`${verb}: there is no government (systems.government is off)`);
  }
  const q = world.tables.polities.row(polityId);
  if (q < 0) {
    throw new VerbError(
      `${verb}: polity ${polityId} does not exist (polities are 0..${
        world.tables.polities.length - 1
      })`,
    );
  }
  return q;
}

function checkRange(verb: string, what: string, value: number, lo: number, hi: number): void {
  if (!Number.isFinite(value) || value < lo || value > hi) {
    throw new VerbError(`${verb}: ${what} ${value} must be a number in [${lo}, ${hi}]`);
  }
}

/**
 * `set_tax_rate`: sets a polity's tax: the income-tax scale (a multiplier of the bracket rates,
 * 0-3) or the rate of employees' or employers' contributions, VAT (0-1) or the profit tax (0-1).
 *
 * @throws {VerbError} naming the polity, the tax and the bound.
 */
export function setTaxRate(world: SimWorld, polityId: number, tax: Tax, value: number): void {
  const q = polityRow(world, polityId, "set_tax_rate");
  const column = TAXES[tax];
  if (column === undefined) {
    throw new VerbError(
      `set_tax_rate: unknown tax "${tax}"; taxes are ${Object.keys(TAXES).join(", ")}`,
    );
  }
  checkRange("set_tax_rate", `polity ${polityId}: ${tax}`, value, 0, tax === "income" ? 3 : 1);
  world.tables.polities.col[column][q] = value;
}

/**
 * `set_transfers`: sets a polity's transfer parameter (replacement rates and floors as shares,
 * the benefit duration in days).
 *
 * @throws {VerbError} naming the polity, the transfer and the bound.
 */
export function setTransfers(
  world: SimWorld,
  polityId: number,
  transfer: Transfer,
  value: number,
): void {
  const q = polityRow(world, polityId, "set_transfers");
  const range = TRANSFERS[transfer];
  if (range === undefined) {
    throw new VerbError(
      `set_transfers: unknown transfer "${transfer}"; transfers are ${
        Object.keys(TRANSFERS).join(", ")
      }`,
    );
  }
  checkRange("set_transfers", `polity ${polityId}: ${transfer}`, value, range[0], range[1]);
  world.tables.polities.col[transfer][q] = value;
}

/**
 * `set_purchases`: sets a polity's public purchases, as a share of its trend GDP (0-1).
 *
 * @throws {VerbError} naming the polity and the bound.
 */
export function setPurchases(world: SimWorld, polityId: number, share: number): void {
  const q = polityRow(world, polityId, "set_purchases");
  checkRange("set_purchases", `polity ${polityId}: share`, share, 0, 1);
  world.tables.polities.col.purchases_share[q] = share;
}

/**
 * `set_education`: sets a polity's public spending on education, as a share of its trend GDP
 * (0-1); the cohorts ending school from then on feel it through the education effort.
 *
 * @throws {VerbError} naming the polity and the bound.
 */
export function setEducation(world: SimWorld, polityId: number, share: number): void {
  const q = polityRow(world, polityId, "set_education");
  checkRange("set_education", `polity ${polityId}: share`, share, 0, 1);
  world.tables.polities.col.education_share[q] = share;
}

/**
 * `set_public_investment`: sets the share of its trend GDP a polity orders in public investment
 * every day (0-1).
 *
 * @throws {VerbError} naming the polity and the bound.
 */
export function setPublicInvestment(world: SimWorld, polityId: number, share: number): void {
  const q = polityRow(world, polityId, "set_public_investment");
  checkRange("set_public_investment", `polity ${polityId}: share`, share, 0, 1);
  world.tables.polities.col.investment_share[q] = share;
}

/**
 * `invest_public`: orders `amount` of capital goods for the polity's public capital; the goods
 * market buys them from the next day on (financed like any spending).
 *
 * @throws {VerbError} for an unknown polity, a negative amount or one above a year of GDP.
 */
export function investPublic(world: SimWorld, polityId: number, amount: number): void {
  const q = polityRow(world, polityId, "invest_public");
  const pol = world.tables.polities.col;
  const cap = 365 * pol.gdp_trend[q];
  checkRange("invest_public", `polity ${polityId}: amount`, amount, 0, cap);
  pol.investment_planned[q] += amount;
}
