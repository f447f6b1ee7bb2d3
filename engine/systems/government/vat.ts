/**
 * The value-added tax in the goods market: sellers post prices before tax, consumers pay the
 * posted price plus the VAT of the seller's polity, and the difference goes to that polity's
 * government the same day. (The destination principle, taxing where the buyer lives, matters
 * once polities trade; with one market the seller's polity stands in for it.)
 *
 * @module
 */
import { FLOW } from "../../events.ts";
import { ITEM } from "../../tables/polities.ts";
import type { SimWorld } from "../../world.ts";
import { OFFER } from "../economy/shopping.ts";
import { firmPolities, tilePolities } from "./polities.ts";

/** VAT rate of each seller slot's firm (`rows[i]`) into `out[i]`; 0 without polities. */
export function vatRates(world: SimWorld, rows: Int32Array, out: Float64Array): void {
  const n = world.tables.firms.length;
  const Pol = world.tables.polities;
  if (Pol.length === 0) {
    out.fill(0, 0, n);
    return;
  }
  const fq = firmPolities(world, tilePolities(world));
  const rate = Pol.col.vat_rate;
  for (let i = 0; i < n; i++) out[i] = rate[fq[rows[i]]];
}

/**
 * Pays the VAT on today's sales to the sellers' governments: the tax on each slot's sales is
 * what buyers paid above the posted price, and each polity receives it on its own firms' sales.
 * `offers` are the market's seller slots' sale records (`ShoppingDay.offers`, records of `OFFER`).
 */
export function collectVat(world: SimWorld, rows: Int32Array, offers: Float64Array): void {
  world.ledger.record(FLOW.vat, payVat(world, rows, offers));
}

/**
 * The pass of {@link collectVat}; returns the total. It ends with its loop, as a loop run once
 * a day must in V8 (see `payPersons` in transfers.ts).
 */
function payVat(world: SimWorld, rows: Int32Array, offers: Float64Array): number {
  const F = world.tables.firms;
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  const fq = firmPolities(world, tilePolities(world));
  const price = F.col.price;
  const money = pol.money;
  const flows = pol.flows;
  const VAT = ITEM.vat;
  let total = 0;
  for (let i = 0; i < F.length; i++) {
    const o = OFFER.size * i;
    const sold = offers[o + OFFER.sold];
    if (sold === 0) continue;
    const f = rows[i];
    const q = fq[f];
    const tax = sold * (offers[o + OFFER.price] - price[f]);
    money[q] += tax;
    flows[q * W + VAT] += tax;
    total += tax;
  }
  return total;
}
