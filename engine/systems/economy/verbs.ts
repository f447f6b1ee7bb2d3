/**
 * Firm verbs: the decisions a firm can take (`set_price`, `post_vacancies`, `invest`,
 * `choose_supplier`), as validated engine functions. The rules policy calls them today; the
 * AI layer will call the same functions, so every decision, whoever makes it, passes the same
 * checks and bounds.
 *
 * @module
 */
import type { SimWorld } from "../../world.ts";
import { installMachines } from "./capital.ts";
import { creditLeft } from "./credit.ts";
import { recipesOf } from "./recipes.ts";

/** A decision that breaks a rule; the message names the firm, the verb and the bound. */
export class VerbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerbError";
  }
}

function firmRow(world: SimWorld, firmId: number, verb: string): number {
  const f = world.tables.firms.row(firmId);
  if (f < 0) throw new VerbError(`${verb}: firm ${firmId} does not exist`);
  return f;
}

/**
 * `set_price`: posts a new price for the firm's product. The change is bounded by
 * `firm_behaviour.price_step_max` per decision and the price must be positive.
 *
 * @throws {VerbError} for an unknown firm, a non-positive price or a step beyond the bound.
 */
export function setPrice(world: SimWorld, firmId: number, price: number): void {
  const f = firmRow(world, firmId, "set_price");
  const old = world.tables.firms.col.price[f];
  const step = world.config.economy.firm_behaviour.price_step_max;
  if (!(price > 0) || !Number.isFinite(price)) {
    throw new VerbError(`set_price: firm ${firmId}: price ${price} must be a positive number`);
  }
  if (Math.abs(price / old - 1) > step + 1e-9) {
    throw new VerbError(
      `set_price: firm ${firmId}: ${old} -> ${price} changes more than ${step * 100}% per decision`,
    );
  }
  const c = world.tables.firms.col;
  if (price === c.price[f]) return;
  c.price_change[f] = Math.log(price / c.price[f]);
  c.price[f] = price;
  c.price_since[f] = world.tick;
}

/**
 * `post_vacancies`: sets the open vacancies, the wage offered to new hires (bounded step) and
 * the layoffs to carry out.
 *
 * @throws {VerbError} for negative counts, layoffs beyond the staff or a wage step too large.
 */
export function postVacancies(
  world: SimWorld,
  firmId: number,
  vacancies: number,
  wageOffer: number,
  layoffs = 0,
): void {
  const f = firmRow(world, firmId, "post_vacancies");
  const F = world.tables.firms.col;
  if (!Number.isInteger(vacancies) || vacancies < 0 || !Number.isInteger(layoffs) || layoffs < 0) {
    throw new VerbError(
      `post_vacancies: firm ${firmId}: vacancies ${vacancies} and layoffs ${layoffs} must be ` +
        `whole numbers >= 0`,
    );
  }
  if (layoffs > F.employees[f]) {
    throw new VerbError(
      `post_vacancies: firm ${firmId}: cannot lay off ${layoffs} of ${F.employees[f]} employees`,
    );
  }
  const step = world.config.economy.firm_behaviour.wage_step_max;
  if (!(wageOffer > 0) || Math.abs(wageOffer / F.wage_offer[f] - 1) > step + 1e-9) {
    throw new VerbError(
      `post_vacancies: firm ${firmId}: wage offer ${F.wage_offer[f]} -> ${wageOffer} must stay ` +
        `positive and within ${step * 100}% per decision`,
    );
  }
  F.vacancies[f] = vacancies;
  F.layoffs[f] = layoffs;
  F.wage_offer[f] = wageOffer;
}

/**
 * `invest`: buys `units` of the capital good from seller `sellerId`; every
 * `capitalPerCapacity` units of it (see capital.ts) add one unit of capacity. The firm pays
 * from its cash and, past that, its credit line and a loan secured by the machines
 * (`collateral_share` of their price); the overdraft is drawn at the end of the day. Returns the units actually bought (limited by the seller's stock).
 *
 * @throws {VerbError} when the firm cannot pay, the seller does not make the capital good or
 * the units are negative.
 */
export function invest(world: SimWorld, firmId: number, sellerId: number, units: number): number {
  const f = firmRow(world, firmId, "invest");
  const s = firmRow(world, sellerId, "invest");
  const F = world.tables.firms;
  const c = F.col;
  const G = F.widths.inventory;
  const good = c.product[s];
  if (good !== recipesOf(world).capitalGood) {
    throw new VerbError(`invest: firm ${sellerId} makes good ${good}, not the capital good`);
  }
  if (!(units >= 0)) throw new VerbError(`invest: firm ${firmId}: units ${units} must be >= 0`);
  const q = Math.min(units, c.inventory[s * G + good]);
  const cost = q * c.price[s];
  // Cash, the credit line left and what the machines bought secure.
  const funds = c.cash[f] + creditLeft(world, f) +
    world.config.economy.firm_behaviour.collateral_share * cost;
  if (cost > funds * (1 + 1e-9)) {
    throw new VerbError(
      `invest: firm ${firmId} cannot pay ${cost} with cash and credit left ${funds}`,
    );
  }
  if (q <= 0) return 0;
  installMachines(world, f, s, q);
  return q;
}

/**
 * `choose_supplier`: sets the supplier of an input good.
 *
 * @throws {VerbError} when the supplier does not exist or does not make that good.
 */
export function chooseSupplier(world: SimWorld, firmId: number, good: number, supplierId: number) {
  const f = firmRow(world, firmId, "choose_supplier");
  const s = firmRow(world, supplierId, "choose_supplier");
  const F = world.tables.firms;
  if (F.col.product[s] !== good) {
    throw new VerbError(
      `choose_supplier: firm ${supplierId} makes good ${F.col.product[s]}, not good ${good}`,
    );
  }
  F.col.supplier[f * F.widths.supplier + good] = supplierId;
}
