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
  const adults = scratch(world, "economy.adults", Int32Array, world.tables.households.length);
  if (!adultsCounted(world)) countMembers(world, adults, null);
  return adults;
}

/**
 * Households' money by household row into `money`: their members' `wealth` summed. When this
 * tick's adults are not counted yet ({@link adultsByHousehold}), the same pass counts them: a
 * payout to the equity fund's holders sums the money (the central bank's part is remitted by it)
 * just before its first payment to adults.
 */
export function householdMoney(world: SimWorld, money: Float64Array): void {
  const adults = scratch(world, "economy.adults", Int32Array, world.tables.households.length);
  countMembers(world, adultsCounted(world) ? null : adults, money);
}

/** Whether `economy.adults` holds the adults of the persons and households as they are now. */
function adultsCounted(world: SimWorld): boolean {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const counted = scratch(world, "economy.adultsCounted", Float64Array, 5);
  return counted[0] === world.tick + 1 && counted[1] === P.length && counted[2] === P.nextId &&
    counted[3] === Hh.length && counted[4] === Hh.nextId;
}

/**
 * One pass over persons, by household row: their adults into `adults` (marking them counted for
 * this tick) and their money into `money`, either of them or both.
 */
function countMembers(
  world: SimWorld,
  adults: Int32Array | null,
  money: Float64Array | null,
): void {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const n = Hh.length;
  const household = P.col.household;
  const rowOf = Hh.rowOf;
  if (adults !== null) {
    const counted = scratch(world, "economy.adultsCounted", Float64Array, 5);
    counted[0] = world.tick + 1;
    counted[1] = P.length;
    counted[2] = P.nextId;
    counted[3] = n;
    counted[4] = Hh.nextId;
    adults.fill(0, 0, n);
  }
  if (money !== null) money.fill(0, 0, n);
  if (adults !== null && money !== null) {
    sumMembers(P.col.wealth, P.col.age, household, rowOf, money, adults, P.length);
  } else if (adults !== null) countAdults(P.col.age, household, rowOf, adults, P.length);
  else if (money !== null) sumWealth(P.col.wealth, household, rowOf, money, P.length);
}

// The passes of countMembers, each a function of its own: code after a loop that V8 compiles on
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

function sumWealth(
  wealth: Float64Array,
  household: Int32Array,
  rowOf: Int32Array,
  money: Float64Array,
  n: number,
): void {
  for (let p = 0; p < n; p++) money[rowOf[household[p]]] += wealth[p];
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
 * The payment of {@link distributeToAdults}, with the adults of each household counted
 * (`adults`, by household row). A pass over households first sets each one's two shares side by
 * side (scratch `economy.shares`: a child's at `2h`, 0 unless the household has no adult, and an
 * adult's at `2h + 1`) and adds to its income what its members take; the pass over persons then
 * reads one record per person where it read four of the household's columns. Without a branch:
 * who is an adult, and whose household is paid (half of households hold units of the equity
 * fund), are coin flips from row to row; a member who takes no share adds 0.
 * The same arithmetic as paying member by member: each share is `due / k` (k adults, or all
 * members when there is none), and a household's income adds it once per member who takes it,
 * in the same order, since only its own members add to it.
 */
function payAdults(
  world: SimWorld,
  due: Float64Array,
  adults: Int32Array,
  asIncome: boolean,
): void {
  const Hh = world.tables.households;
  const P = world.tables.persons;
  const size = Hh.col.size;
  const income = Hh.col.income_today;
  const shares = scratch(world, "economy.shares", Float64Array, 2 * Hh.length);
  for (let h = 0; h < Hh.length; h++) {
    const k = adults[h];
    // Adults share, or every member of a household without one.
    const takers = k > 0 ? k : size[h];
    const share = due[h] / takers;
    shares[2 * h] = k === 0 ? share : 0;
    shares[2 * h + 1] = share;
    if (asIncome) { for (let i = 0; i < takers; i++) income[h] += share; }
  }
  payShares(P.col.wealth, P.col.age, P.col.household, Hh.rowOf, shares, P.length);
}

/**
 * Adds to each person's `wealth` the share of their household (`shares` of {@link payAdults}, by
 * household row and whether the person is an adult). A loop in a function of its own: V8
 * compiles a loop run a few times a day on stack replacement, and code after it, without type
 * feedback yet, sent later calls back to the interpreter (transfers.ts).
 */
function payShares(
  wealth: Float64Array,
  age: Uint8Array,
  household: Int32Array,
  rowOf: Int32Array,
  shares: Float64Array,
  n: number,
): void {
  for (let p = 0; p < n; p++) wealth[p] += shares[2 * rowOf[household[p]] + isAdult(age[p])];
}
