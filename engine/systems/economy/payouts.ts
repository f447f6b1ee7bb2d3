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
 * persons, made at the first payout of a tick and kept for the tick's later payouts (up to four
 * a day: dividends, liquidations, the equity fund's trades and the central bank's) while the
 * persons and households are the ones it counted. Ages and households change in the
 * population and migration systems, at the start of the tick; a change later in the tick that
 * this missed would pay shares that do not sum to what is due, which the money check catches.
 */
function adultsByHousehold(world: SimWorld): Int32Array {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const n = Hh.length;
  const adults = scratch(world, "economy.adults", Int32Array, n);
  const counted = scratch(world, "economy.adultsCounted", Float64Array, 5);
  if (
    counted[0] === world.tick + 1 && counted[1] === P.length && counted[2] === P.nextId &&
    counted[3] === n && counted[4] === Hh.nextId
  ) return adults;
  markCounted(world, counted);
  adults.fill(0, 0, n);
  countAdults(P.col.age, P.col.household, Hh.rowOf, adults, P.length);
  return adults;
}

/**
 * Households' money by household row into `money`: their members' `wealth` summed. The same pass
 * counts the adults ({@link adultsByHousehold}) for the tick's payouts: a payout to the equity
 * fund's holders sums the money (the central bank's part is remitted by it) just before it pays
 * the adults, and a count in the pass costs less than a pass of its own.
 */
export function householdMoney(world: SimWorld, money: Float64Array): void {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const n = Hh.length;
  const adults = scratch(world, "economy.adults", Int32Array, n);
  markCounted(world, scratch(world, "economy.adultsCounted", Float64Array, 5));
  adults.fill(0, 0, n);
  money.fill(0, 0, n);
  sumMembers(P.col.wealth, P.col.age, P.col.household, Hh.rowOf, money, adults, P.length);
}

/**
 * Each household with `delta[h]` below 0 (by household row) pays `-delta[h]` from its members'
 * money in proportion to it (`money`, the households' totals, as {@link householdMoney} gives),
 * so nobody's money goes below zero. Neither a transfer the ledger records nor income: the
 * caller records the flow.
 */
export function payFromMembers(world: SimWorld, delta: Float64Array, money: Float64Array): void {
  const P = world.tables.persons;
  const rowOf = world.tables.households.rowOf;
  const household = P.col.household;
  const wealth = P.col.wealth;
  for (let p = 0; p < P.length; p++) {
    const h = rowOf[household[p]];
    const d = delta[h];
    if (d < 0 && money[h] > 0) {
      const keep = 1 + d / money[h];
      wealth[p] *= keep > 0 ? keep : 0;
    }
  }
}

/** Records in `counted` the tick, persons and households the adults are counted for. */
function markCounted(world: SimWorld, counted: Float64Array): void {
  counted[0] = world.tick + 1;
  counted[1] = world.tables.persons.length;
  counted[2] = world.tables.persons.nextId;
  counted[3] = world.tables.households.length;
  counted[4] = world.tables.households.nextId;
}

// The passes over persons, each a function of its own: code after a loop that V8 compiles on
// stack replacement on its first run has no type feedback yet, and sent later runs back to the
// interpreter (transfers.ts).

function countAdults(
  age: Uint8Array,
  household: Int32Array,
  rowOf: Int32Array,
  adults: Int32Array,
  n: number,
): void {
  for (let p = 0; p < n; p++) adults[rowOf[household[p]]] += isAdult(age[p]);
}

function sumMembers(
  wealth: Float64Array,
  age: Uint8Array,
  household: Int32Array,
  rowOf: Int32Array,
  money: Float64Array,
  adults: Int32Array,
  n: number,
): void {
  for (let p = 0; p < n; p++) {
    const h = rowOf[household[p]];
    money[h] += wealth[p];
    adults[h] += isAdult(age[p]);
  }
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
