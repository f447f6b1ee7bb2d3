/**
 * What a player, a policy or an agent can do to a tile: open a mine, start or stop a forest
 * harvest, protect an area. Each action checks that it is allowed, sets the tile's flag and
 * emits its event; the environment's daily update does the extraction. A refused action
 * throws an Error naming the action, the tile and the reason, and changes nothing.
 *
 * @module
 */
import { EVENTS } from "../../events.ts";
import type { SimWorld } from "../../world.ts";

/** Row of a tile id, or a clear error naming the action and the valid ids. */
function tileRow(world: SimWorld, action: string, tileId: number): number {
  const T = world.tables.tiles;
  const row = Number.isInteger(tileId) ? T.row(tileId) : -1;
  if (row < 0) {
    throw new Error(
      T.length === 0
        ? `${action}: unknown tile ${tileId}: the world has no tiles (is the environment ` +
          `system enabled and initialised?)`
        : `${action}: unknown tile ${tileId}: tile ids run from 0 to ${T.length - 1}`,
    );
  }
  return row;
}

/** Name of a tile in messages: its id and grid position. */
function where(world: SimWorld, row: number): string {
  const c = world.tables.tiles.col;
  return `tile ${world.tables.tiles.ids[row]} (x ${c.x[row]}, y ${c.y[row]})`;
}

function refuse(action: string, world: SimWorld, row: number, reason: string): never {
  throw new Error(`${action}: ${where(world, row)} ${reason}`);
}

/**
 * Opens a mine on a land tile with a mineral deposit. From the next update it extracts
 * `environment.mine_extraction_per_day` x ore grade per day until the deposit is exhausted,
 * when it closes. Emits `mine_opened` with the ore grade.
 *
 * @param world The world.
 * @param tileId Id of the tile.
 * @throws {Error} for an unknown tile, a sea tile, a protected tile, a tile without a deposit
 *   (or an exhausted one), or a tile whose mine is already open.
 * @example
 * ```ts
 * const t = world.tables.tiles;
 * const tile = t.col.minerals.findIndex((m) => m > 0);
 * openMine(world, t.ids[tile]);
 * ```
 */
export function openMine(world: SimWorld, tileId: number): void {
  const action = "openMine";
  const r = tileRow(world, action, tileId);
  const c = world.tables.tiles.col;
  if (!c.land[r]) refuse(action, world, r, "is sea; mines open only on land");
  if (c.protected[r]) refuse(action, world, r, "is a protected area; mining is not allowed");
  if (c.mine[r]) refuse(action, world, r, "already has an open mine");
  if (!(c.minerals[r] > 0)) {
    refuse(
      action,
      world,
      r,
      c.minerals_initial[r] > 0
        ? "has an exhausted deposit"
        : "has no mineral deposit; pick a tile with minerals > 0",
    );
  }
  c.mine[r] = 1;
  world.events.emit(EVENTS.code.mine_opened, tileId, -1, -1, c.ore_grade[r]);
}

/**
 * Starts a forest harvest: each day it clear-cuts `environment.harvest_share_per_day` of the
 * tile's forest cover and the same share of its biomass, until {@link stopHarvest}. Emits
 * `forest_harvest` with the biomass standing at the start.
 *
 * @param world The world.
 * @param tileId Id of the tile.
 * @throws {Error} for an unknown tile, a sea tile, a protected tile, a tile without forest,
 *   or a tile already being harvested.
 * @example
 * ```ts
 * harvestForest(world, tileId);
 * ```
 */
export function harvestForest(world: SimWorld, tileId: number): void {
  const action = "harvestForest";
  const r = tileRow(world, action, tileId);
  const T = world.tables.tiles;
  const c = T.col;
  if (!c.land[r]) refuse(action, world, r, "is sea; there is no forest to harvest");
  if (c.protected[r]) refuse(action, world, r, "is a protected area; harvesting is not allowed");
  if (c.harvest[r]) refuse(action, world, r, "is already being harvested");
  if (!(c.cover[r * T.widths.cover + 2] > 0) || !(c.biomass[r] > 0)) {
    refuse(action, world, r, "has no forest to harvest");
  }
  c.harvest[r] = 1;
  world.events.emit(EVENTS.code.forest_harvest, tileId, -1, -1, c.biomass[r]);
}

/**
 * Stops the forest harvest of a tile; its forest then regrows toward the initial cover.
 *
 * @param world The world.
 * @param tileId Id of the tile.
 * @throws {Error} for an unknown tile or a tile that is not being harvested.
 * @example
 * ```ts
 * stopHarvest(world, tileId);
 * ```
 */
export function stopHarvest(world: SimWorld, tileId: number): void {
  const action = "stopHarvest";
  const r = tileRow(world, action, tileId);
  const c = world.tables.tiles.col;
  if (!c.harvest[r]) refuse(action, world, r, "is not being harvested");
  c.harvest[r] = 0;
}

/**
 * Protects an area: its forest cover can no longer be cleared for cropland or towns, and no
 * mine or harvest may run there; an open mine and an active harvest stop at once. Emits
 * `area_protected`.
 *
 * @param world The world.
 * @param tileId Id of the tile.
 * @throws {Error} for an unknown tile, a sea tile or a tile that is already protected.
 * @example
 * ```ts
 * protectArea(world, tileId);
 * ```
 */
export function protectArea(world: SimWorld, tileId: number): void {
  const action = "protectArea";
  const r = tileRow(world, action, tileId);
  const c = world.tables.tiles.col;
  if (!c.land[r]) refuse(action, world, r, "is sea; only land can be protected");
  if (c.protected[r]) refuse(action, world, r, "is already protected");
  c.protected[r] = 1;
  c.mine[r] = 0;
  c.harvest[r] = 0;
  world.events.emit(EVENTS.code.area_protected, tileId);
}
