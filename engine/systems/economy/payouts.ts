/**
 * Money paid to households, handed to their members: dividends, liquidations and the equity
 * fund's market all pay a household, and its adults share it.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";
import { ADULT_AGE } from "../population/partnership.ts";

/**
 * Pays each household's amount in `due` (by household row, at least 0) to its adult members in
 * equal shares (to all members when there is no adult); with `asIncome` (the default) it also
 * counts as their income today (dividends and liquidations do, the proceeds of a sale of fund
 * units do not).
 */
export function distributeToAdults(world: SimWorld, due: Float64Array, asIncome = true): void {
  payAdults(world, due, adultsByHousehold(world), asIncome);
}

/**
 * Adults (persons of 18 or more) by household row, in scratch `economy.adults`: one pass over
 * persons.
 */
function adultsByHousehold(world: SimWorld): Int32Array {
  const P = world.tables.persons;
  const n = world.tables.households.length;
  const age = P.col.age;
  const household = P.col.household;
  const rowOf = world.tables.households.rowOf;
  const adults = scratch(world, "economy.adults", Int32Array, n);
  adults.fill(0, 0, n);
  for (let p = 0; p < P.length; p++) adults[rowOf[household[p]]] += isAdult(age[p]);
  return adults;
}

/** 1 for an adult's age, 0 for a child's (a number, so a count needs no branch). */
export function isAdult(age: number): number {
  return +(age >= ADULT_AGE);
}

/**
 * The payment pass of {@link distributeToAdults}, with the adults of each household counted
 * (`adults`, by household row). Without a branch: who is an adult, and whose household is paid
 * (half of households hold units of the equity fund), are coin flips from row to row; a member
 * who takes no share adds 0, which leaves the sums exact.
 */
function payAdults(
  world: SimWorld,
  due: Float64Array,
  adults: Int32Array,
  asIncome: boolean,
): void {
  const Hh = world.tables.households;
  const P = world.tables.persons;
  const age = P.col.age;
  const household = P.col.household;
  const wealth = P.col.wealth;
  const rowOf = Hh.rowOf;
  const size = Hh.col.size;
  const income = Hh.col.income_today;
  const counted = +asIncome;
  for (let p = 0; p < P.length; p++) {
    const h = rowOf[household[p]];
    const k = adults[h];
    // Adults share, or every member of a household without one.
    const takes = +(k === 0) | isAdult(age[p]);
    const share = (takes * due[h]) / (k > 0 ? k : size[h]);
    wealth[p] += share;
    income[h] += counted * share;
  }
}
