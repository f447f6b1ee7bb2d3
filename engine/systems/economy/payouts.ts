/**
 * Money paid to households, handed to their members: dividends, liquidations and the equity
 * fund's market all pay a household, and its adults share it.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";

/**
 * Pays each household's amount in `due` (by household row, at least 0) to its adult members in
 * equal shares (to all members when there is no adult); with `asIncome` (the default) it also
 * counts as their income today (dividends and liquidations do, the proceeds of a sale of fund
 * units do not).
 */
export function distributeToAdults(world: SimWorld, due: Float64Array, asIncome = true): void {
  const Hh = world.tables.households;
  const P = world.tables.persons;
  const pc = P.col;
  const adults = scratch(world, "economy.adults", Int32Array, Hh.length);
  adults.fill(0, 0, Hh.length);
  for (let p = 0; p < P.length; p++) if (pc.age[p] >= 18) adults[Hh.rowOf[pc.household[p]]]++;
  for (let p = 0; p < P.length; p++) {
    const h = Hh.rowOf[pc.household[p]];
    if (due[h] === 0 || (adults[h] > 0 && pc.age[p] < 18)) continue;
    const share = due[h] / (adults[h] > 0 ? adults[h] : Hh.col.size[h]);
    pc.wealth[p] += share;
    if (asIncome) Hh.col.income_today[h] += share;
  }
}
