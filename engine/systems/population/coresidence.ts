/**
 * Co-residence in old age: persons from `elderly_move_age` who live alone move in with a
 * younger family nearby at `elderly_move_rate` a year. Living with adult children is how many
 * of the old in Europe live, most often after widowhood and with failing health, and far more
 * in the south and east than in the north (Tomassini et al. 2004, Population Trends 115:24;
 * Hank 2007, Journal of Marriage and Family 69:157). Without it, widowed elderly only ever
 * live alone and the one-person share climbs as the population ages.
 *
 * Kin is approximated, as in the initial population: persons record their mother only from
 * birth in the run (or under `leave_home_age` at the start), so a household of a woman about a
 * generation younger, in the same or a neighbouring cell of `partner_search_tiles`, stands in
 * for a daughter's or son's household. The generation gap is the fertility schedule's mean
 * age of mothers, its spread the schedule's spread. Checked with the unions (weekly).
 *
 * @module
 */
import { hash32, uniform } from "../../core/rng.ts";
import { NULL_REF } from "../../core/table.ts";
import { bucketByCell, countNear, pickNear } from "../../core/cells.ts";
import { grownScratch, scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";
import { ADULT_AGE, UNION_CHECK_DAYS } from "./partnership.ts";
import { joinHousehold } from "./household_moves.ts";

/** Women of a generation younger an elder who moves considers (draws from the 3 x 3 cells). */
const CANDIDATES = 8;

/**
 * Elders living alone move in with a younger family nearby. Each unpartnered person from
 * `elderly_move_age` whose household has one member draws the move at `elderly_move_rate` a
 * year; those who do meet {@link CANDIDATES} adult women drawn from the 3 x 3 cells around
 * their home, weigh each by exp(-z^2/2), z = (her age - (their age - fertility_mean_age)) /
 * fertility_sd_age, take the best and accept her household with a chance equal to its weight.
 * The elder's own household dissolves (their firms pass to the family's household); money
 * moves with the person. Emits `household_dissolved`.
 *
 * @param world The world.
 * @param key Tick key of the draws.
 * @returns the number of persons who moved in with a family.
 * @example
 * ```ts
 * const moved = moveInWithFamily(world, ctx.key(6));
 * ```
 */
export function moveInWithFamily(world: SimWorld, key: number): number {
  const cfg = world.config;
  const hp = cfg.population_params.households;
  const rate = hp.elderly_move_rate;
  const moveAge = hp.elderly_move_age;
  const gap = cfg.population_params.fertility_mean_age;
  const sd = cfg.population_params.fertility_sd_age;
  const CELL = hp.partner_search_tiles;
  if (rate <= 0) return 0;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const tx = world.tables.tiles.col.x;
  const ty = world.tables.tiles.col.y;
  const c = P.col;
  const n = P.length;
  const chance = 1 - Math.exp(-rate * UNION_CHECK_DAYS / 365);

  // 1. Who moves: unpartnered elders living alone who draw the move.
  const nMovers = listMovers(world, key, chance, moveAge);
  if (nMovers === 0) return 0;
  const movers = scratch(world, "coresidence.movers", Int32Array, nMovers);

  // 2. Adult women by cell, the families an elder may join.
  const women = scratch(world, "coresidence.women", Int32Array, n);
  const nWomen = listWomen(world, women);
  const cells = bucketByCell(world, "coresidence", CELL, women, nWomen, c.tile, tx, ty);

  // 3. Each mover meets a few women nearby and joins the household of the best match.
  let moved = 0;
  for (let i = 0; i < nMovers; i++) {
    const r = movers[i];
    // Someone who moved earlier in this check may have joined this elder.
    if (Hh.col.size[Hh.row(c.household[r])] !== 1) continue;
    const id = P.ids[r];
    const cx = Math.floor(tx[c.tile[r]] / CELL);
    const cy = Math.floor(ty[c.tile[r]] / CELL);
    const total = countNear(cells, cx, cy);
    if (total === 0) continue;
    let best = -1;
    let bestWeight = 0;
    for (let k = 0; k < CANDIDATES; k++) {
      const w = pickNear(cells, cx, cy, hash32(key, id, 1 + k) % total);
      if (c.household[w] === c.household[r]) continue;
      const z = (c.age[w] - (c.age[r] - gap)) / sd;
      const weight = Math.exp(-0.5 * z * z);
      if (weight > bestWeight) {
        bestWeight = weight;
        best = w;
      }
    }
    if (best < 0 || uniform(key, id, 100) >= bestWeight) continue;
    joinHousehold(world, r, c.household[best]);
    moved++;
  }
  return moved;
}

// The passes over persons of moveInWithFamily, each a function that returns right after its
// loop: V8 compiles a loop run once a week on stack replacement before the code after it has
// run, and that code, lacking type feedback, sent the rest of the check, the second pass over
// persons with it, back to the interpreter at every check (tiny_island, 200 days).

/**
 * Lists in scratch `coresidence.movers` the unpartnered persons of `moveAge` or more living alone
 * who draw the move (`chance`); returns how many.
 */
function listMovers(world: SimWorld, key: number, chance: number, moveAge: number): number {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const c = P.col;
  let movers = scratch(world, "coresidence.movers", Int32Array, 16);
  let nMovers = 0;
  for (let r = 0; r < P.length; r++) {
    if (c.age[r] < moveAge || c.partner[r] !== NULL_REF) continue;
    if (uniform(key, P.ids[r], 0) >= chance) continue;
    if (Hh.col.size[Hh.row(c.household[r])] !== 1) continue;
    if (nMovers === movers.length) movers = grownScratch(world, "coresidence.movers", movers);
    movers[nMovers++] = r;
  }
  return nMovers;
}

/** Lists the adult women's rows in `women`; returns how many. */
function listWomen(world: SimWorld, women: Int32Array): number {
  const P = world.tables.persons;
  const sex = P.col.sex;
  const age = P.col.age;
  let nWomen = 0;
  for (let r = 0; r < P.length; r++) if (sex[r] === 0 && age[r] >= ADULT_AGE) women[nWomen++] = r;
  return nWomen;
}
