/**
 * Moves of persons between households: founding a household, joining one, and dissolving a
 * household its last member left. Each keeps `households.size` and the persons' `household`
 * and `tile` in agreement (the bookkeeping invariants check it every tick). Money does not
 * move: it is held by persons (`persons.wealth`), never by households.
 *
 * @module
 */
import { EVENTS } from "../../events.ts";
import { passDwelling } from "../economy/housing.ts";
import type { SimWorld } from "../../world.ts";

/**
 * Person row `r` leaves their household and founds a one-person household on tile `tile`
 * (a young adult leaving home, a separated partner moving out, a couple moving in together).
 * The old household keeps its other members; it must not be left empty (use
 * {@link joinHousehold} for a move that may empty it).
 *
 * @param world The world.
 * @param r Row of the person who founds the household.
 * @param tile Tile id of the new household.
 * @param weight Households the new row stands for (that of the household left).
 * @returns the new household's id.
 * @example
 * ```ts
 * const old = Hh.row(P.col.household[r]);
 * foundHousehold(world, r, Hh.col.tile[old], Hh.col.weight[old]);
 * ```
 */
export function foundHousehold(world: SimWorld, r: number, tile: number, weight: number): number {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const old = Hh.row(P.col.household[r]);
  const h = Hh.add(1);
  Hh.col.tile[h] = tile;
  Hh.col.weight[h] = weight;
  Hh.col.size[h] = 1;
  Hh.col.permanent_income[h] = P.col.wage[r];
  Hh.col.last_move[h] = world.tick;
  Hh.col.size[old]--;
  P.col.household[r] = Hh.ids[h];
  P.col.tile[r] = tile;
  world.events.emit(EVENTS.code.household_formed, Hh.ids[h], P.ids[r], tile);
  return Hh.ids[h];
}

/**
 * Person row `r` moves into household `to` and lives on its tile. When the household they
 * left is now empty it dissolves, and its firms pass to household `to` (as when the last
 * member dies, the owner is where the last member went).
 *
 * @param world The world.
 * @param r Row of the person who moves.
 * @param to Id of the household joined (not the person's own).
 * @example
 * ```ts
 * joinHousehold(world, manRow, P.col.household[womanRow]); // he moves in with her
 * ```
 */
export function joinHousehold(world: SimWorld, r: number, to: number): void {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const from = P.col.household[r];
  const old = Hh.row(from);
  const h = Hh.row(to);
  Hh.col.size[h]++;
  P.col.household[r] = to;
  P.col.tile[r] = Hh.col.tile[h];
  if (--Hh.col.size[old] === 0) dissolveHousehold(world, old, to);
}

/**
 * Removes household row `h`, which has no members left; its firms, its units of the equity
 * fund and its dwelling (with its mortgage) pass to household `heir`.
 */
function dissolveHousehold(world: SimWorld, h: number, heir: number): void {
  const Hh = world.tables.households;
  const F = world.tables.firms;
  const hid = Hh.ids[h];
  const owner = F.col.owner;
  for (let f = 0; f < F.length; f++) if (owner[f] === hid) owner[f] = heir;
  // Its units of the equity fund and its dwelling pass with its firms.
  const to = Hh.row(heir);
  if (to >= 0) Hh.col.fund_units[to] += Hh.col.fund_units[h];
  passDwelling(world, h, to);
  world.events.emit(EVENTS.code.household_dissolved, hid);
  Hh.remove(h);
}
