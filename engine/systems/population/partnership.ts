/**
 * Partnership: unions form and dissolve during the run, and a couple shares one household.
 * Checked every {@link UNION_CHECK_DAYS} days (weekly, like migration); a check is a pass over
 * persons for separations, one for union candidates and, when a mother moved, one for her
 * children (about 1-2 ms for 50,000 persons, so 0.2-0.3 ms a tick). Order of one check:
 * 1. {@link separateUnions}: each union dissolves at a hazard that rises and then falls with
 *    its duration; the man moves out to a one-person household on the same tile, the
 *    children stay with their mother;
 * 2. {@link formUnions}: unpartnered women form unions at an age-specific hazard with a man
 *    met nearby (same or neighbouring cell of `partner_search_tiles`), chosen among a few
 *    candidates by age gap and education; the couple moves into one household;
 * 3. (inside {@link formUnions}) children under {@link ADULT_AGE} follow their mother if she
 *    moved.
 *
 * Union formation is female-dominant, the simplest answer to the two-sex problem of
 * population models (Keyfitz 1968, Introduction to the Mathematics of Population; Pollak 1986,
 * Demography 23:247): women draw the event and men are found by age, so a man's union hazard
 * follows from women's shifted by the age gap, and a shortage of suitable men nearby lowers
 * women's union rate (a marriage squeeze). Widowhood is settled where deaths are
 * (the surviving partner's `partner` becomes null).
 *
 * @module
 */
import { hash32, uniform } from "../../core/rng.ts";
import { NULL_REF } from "../../core/table.ts";
import { bucketByCell, type Cells, countNear, pickNear } from "../../core/cells.ts";
import { derived, grownScratch, scratch } from "../../core/world.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import { EVENTS } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { foundHousehold, joinHousehold } from "./household_moves.ts";

/** Days between two union checks. */
export const UNION_CHECK_DAYS = 7;
/** Persons younger than this are children: they move with their mother. */
export const ADULT_AGE = 18;

/**
 * Chance by single year of age that an unpartnered woman forms a union within one check:
 * a yearly hazard `union_rate` x exp(-z^2/2), z = (age - union_mean_age) / spread, from
 * `union_min_age` on, the spread `union_sd_young` below the peak and `union_sd_old` above it.
 * The quick rise and slow fall are the shape of first-union (first-marriage) frequencies by
 * age (Coale & McNeil 1972, JASA 67:743); the long right tail also covers re-partnering after
 * separation or widowhood, whose hazards fall with age.
 *
 * @example
 * ```ts
 * const p = unionChance(cfg); // p[28] is about 1 - exp(-0.25 * 7 / 365) with the defaults
 * ```
 */
export function unionChance(cfg: ScenarioConfig): Float64Array {
  const hp = cfg.population_params.households;
  const out = new Float64Array(cfg.population_params.max_age + 1);
  for (let a = hp.union_min_age; a < out.length; a++) {
    const d = a + 0.5 - hp.union_mean_age;
    const z = d / (d < 0 ? hp.union_sd_young : hp.union_sd_old);
    out[a] = 1 - Math.exp(-hp.union_rate * Math.exp(-0.5 * z * z) * UNION_CHECK_DAYS / 365);
  }
  return out;
}

/**
 * Yearly separation hazard of a union `years` old: `rate` x (d / peak) x e^(1 - d / peak),
 * which is 0 at the start, `rate` at `peak` years and falls after. Dissolution risk is
 * highest in the first years of a union and declines with duration (Lyngstad & Jalovaara
 * 2010, Demographic Research 23:257); over a whole union the hazard integrates to
 * rate x peak x e, so with 0.03 and 5 years about a third of unions end by separation before
 * either partner dies (1 - e^-0.41).
 *
 * @example
 * ```ts
 * separationHazard(5, 0.03, 5); // 0.03
 * separationHazard(20, 0.03, 5); // about 0.006
 * ```
 */
export function separationHazard(years: number, rate: number, peak: number): number {
  const x = years > 0 ? years / peak : 0;
  return rate * x * Math.exp(1 - x);
}

/**
 * Unions dissolve: each union (seen from the woman's row) ends at the duration-dependent
 * hazard of {@link separationHazard}. The man moves out to a one-person household on the
 * couple's tile; the woman keeps the household and the children (in most separations children
 * live with their mother). Emits `union_dissolved` (and `household_formed`).
 *
 * @param world The world.
 * @param key Tick key of the separation draws.
 * @returns the number of unions dissolved.
 * @example
 * ```ts
 * const dissolved = separateUnions(world, ctx.key(5));
 * ```
 */
export function separateUnions(world: SimWorld, key: number): number {
  const hp = world.config.population_params.households;
  const rate = hp.separation_rate;
  const peak = hp.separation_peak_years;
  if (rate <= 0) return 0;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const c = P.col;
  const tick = world.tick;
  const perCheck = UNION_CHECK_DAYS / 365;
  // The hazard is at most `rate`: most unions are passed over on one draw, without it.
  const most = 1 - Math.exp(-rate * perCheck);
  let dissolved = 0;
  // Rows do not move here (no person is removed), so one indexed pass.
  for (let r = 0; r < P.length; r++) {
    if (c.sex[r] !== 0 || c.partner[r] === NULL_REF) continue;
    const u = uniform(key, P.ids[r], 0);
    if (u >= most) continue;
    const days = tick - c.union_start[r];
    const h = separationHazard(days / 365, rate, peak);
    if (u >= 1 - Math.exp(-h * perCheck)) continue;
    const m = P.row(c.partner[r]);
    if (m < 0) {
      c.partner[r] = NULL_REF; // defensive: widowhood clears it on the day of the death
      continue;
    }
    c.partner[r] = NULL_REF;
    c.partner[m] = NULL_REF;
    if (c.household[m] === c.household[r]) {
      const h0 = Hh.row(c.household[r]);
      foundHousehold(world, m, Hh.col.tile[h0], Hh.col.weight[h0]);
    }
    world.events.emit(EVENTS.code.union_dissolved, P.ids[r], P.ids[m], c.tile[r], days);
    dissolved++;
  }
  return dissolved;
}

/**
 * Unions form. Unpartnered men from `union_min_age` are bucketed by cells of
 * `partner_search_tiles` tiles (a counting sort, O(persons)). Each unpartnered woman draws
 * the event at {@link unionChance} of her age; she then meets `partner_candidates` men drawn
 * from the 3 x 3 cells around her home (residential propinquity: partners tend to live close
 * to each other before they marry; Bossard 1932, American Journal of Sociology 38:219) and
 * weighs each by exp(-z^2/2 - education_homogamy x |education gap|), z the distance of his age
 * gap from `partner_age_gap` in `partner_age_sd`: age homogamy and educational homogamy
 * (Kalmijn 1998, Annual Review of Sociology 24:395). She takes the best and accepts him with
 * a chance equal to his weight, so a woman with no suitable man nearby stays single this
 * time. Brothers (same mother) are never candidates.
 *
 * The couple moves into one household: if she lives alone, he moves in with her; else if he
 * lives alone, she moves in with him; else (both live with parents or others) they found a
 * new household on her tile. Her children under {@link ADULT_AGE} who lived with her move
 * with her; a man's children stay where they live (they live with their mother). A household
 * left empty dissolves and its firms pass to the household its last member joined. Money
 * moves with the persons who hold it. Emits `union_formed` (and `household_formed`,
 * `household_dissolved`).
 *
 * @param world The world.
 * @param key Tick key of the union draws.
 * @returns the number of unions formed.
 * @example
 * ```ts
 * const formed = formUnions(world, ctx.key(4));
 * ```
 */
export function formUnions(world: SimWorld, key: number): number {
  const cfg = world.config;
  const hp = cfg.population_params.households;
  const chance = derived(world, "population.unionChance", unionChance);
  const minAge = hp.union_min_age;
  const CELL = hp.partner_search_tiles;
  const P = world.tables.persons;
  const T = world.tables.tiles;
  const c = P.col;
  const n = P.length;
  const tx = T.col.x;
  const ty = T.col.y;

  // 1. One pass: unpartnered men, and the women who draw a union this check.
  const counts = scratch(world, "partnership.counts", Int32Array, 3);
  counts.fill(0);
  listSingles(world, key, chance, minAge, counts);
  const nMen = counts[0];
  const men = scratch(world, "partnership.men", Int32Array, nMen);
  // The men by cell (in row order within a cell), for the women to meet nearby.
  const cells = bucketByCell(world, "partnership", CELL, men, nMen, c.tile, tx, ty);

  // 2. Each woman who drew a union meets candidates nearby; the couple moves in together.
  // movedFrom[row] = 1 + the household a mother left; all 0 between checks (reset below).
  const movedFrom = scratch(world, "partnership.movedFrom", Int32Array, n);
  const formed = matchSeekers(world, key, cells, movedFrom, counts);

  // 3. Children follow their mother when she moved (a pass, only on days one did).
  const mothersMoved = counts[2];
  if (mothersMoved > 0) {
    childrenFollow(world, movedFrom);
    const moved = scratch(world, "partnership.moved", Int32Array, mothersMoved);
    for (let i = 0; i < mothersMoved; i++) movedFrom[moved[i]] = 0;
  }
  return formed;
}

// The passes of formUnions, each a function that ends with its loop: V8 compiles a loop run once
// a week on stack replacement before the code after it has run, and that code, lacking type
// feedback, sent the rest of the check back to the interpreter at every check (tiny_island, 200
// days). Counts are kept in `counts` as they change: [men, women seeking, mothers moved].

/**
 * Lists the unpartnered men of `minAge` or more (scratch `partnership.men`) and the unpartnered
 * women who draw a union this check (`partnership.seekers`, by `chance` of their age).
 */
function listSingles(
  world: SimWorld,
  key: number,
  chance: Float64Array,
  minAge: number,
  counts: Int32Array,
): void {
  const P = world.tables.persons;
  const c = P.col;
  let men = scratch(world, "partnership.men", Int32Array, 1024);
  let seekers = scratch(world, "partnership.seekers", Int32Array, 64);
  let nMen = 0;
  let nSeekers = 0;
  const sex = c.sex;
  const partner = c.partner;
  const age = c.age;
  for (let r = 0; r < P.length; r++) {
    if (partner[r] !== NULL_REF) continue;
    const a = age[r];
    if (sex[r] === 1) {
      if (a < minAge) continue;
      if (nMen === men.length) men = grownScratch(world, "partnership.men", men);
      men[nMen++] = r;
      counts[0] = nMen;
    } else if (chance[a] > 0 && uniform(key, P.ids[r], 0) < chance[a]) {
      if (nSeekers === seekers.length) {
        seekers = grownScratch(world, "partnership.seekers", seekers);
      }
      seekers[nSeekers++] = r;
      counts[1] = nSeekers;
    }
  }
}

/**
 * Each woman who drew a union (`counts[1]` rows of scratch `partnership.seekers`) meets
 * candidates among the men of `cells` near her; the couple moves in together, and a mother who
 * moved is listed in `partnership.moved` (`counts[2]`) with 1 + the household she left in
 * `movedFrom`. Returns the unions formed.
 */
function matchSeekers(
  world: SimWorld,
  key: number,
  cells: Cells,
  movedFrom: Int32Array,
  counts: Int32Array,
): number {
  const hp = world.config.population_params.households;
  const gap = hp.partner_age_gap;
  const sd = hp.partner_age_sd;
  const homogamy = hp.education_homogamy;
  const candidates = hp.partner_candidates;
  const CELL = hp.partner_search_tiles;
  const P = world.tables.persons;
  const T = world.tables.tiles;
  const c = P.col;
  const tx = T.col.x;
  const ty = T.col.y;
  const age = c.age;
  const tile = c.tile;
  const nSeekers = counts[1];
  const seekers = scratch(world, "partnership.seekers", Int32Array, nSeekers);
  let moved = scratch(world, "partnership.moved", Int32Array, 16);
  let mothersMoved = 0;
  let formed = 0;
  for (let i = 0; i < nSeekers; i++) {
    const r = seekers[i];
    const a = age[r];
    const id = P.ids[r];
    const cx = Math.floor(tx[tile[r]] / CELL);
    const cy = Math.floor(ty[tile[r]] / CELL);
    const total = countNear(cells, cx, cy);
    if (total === 0) continue;
    let best = -1;
    let bestWeight = 0;
    for (let k = 0; k < candidates; k++) {
      const m = pickNear(cells, cx, cy, hash32(key, id, 1 + k) % total);
      if (c.partner[m] !== NULL_REF) continue; // taken earlier in this check
      if (c.mother[m] !== NULL_REF && c.mother[m] === c.mother[r]) continue;
      const z = (c.age[m] - a - gap) / sd;
      const de = c.education[m] - c.education[r];
      const w = Math.exp(-0.5 * z * z - homogamy * (de < 0 ? -de : de));
      if (w > bestWeight) {
        bestWeight = w;
        best = m;
      }
    }
    if (best < 0 || uniform(key, id, 100) >= bestWeight) continue;
    const from = c.household[r];
    if (moveInTogether(world, r, best)) {
      movedFrom[r] = from + 1;
      if (mothersMoved === moved.length) moved = grownScratch(world, "partnership.moved", moved);
      moved[mothersMoved++] = r;
      counts[2] = mothersMoved;
    }
    formed++;
  }
  return formed;
}

/** Children (unpartnered minors) follow their mother when she moved (`movedFrom`). */
function childrenFollow(world: SimWorld, movedFrom: Int32Array): void {
  const P = world.tables.persons;
  const c = P.col;
  const mother = c.mother;
  const age = c.age;
  const partner = c.partner;
  for (let r = 0; r < P.length; r++) {
    if (age[r] >= ADULT_AGE || partner[r] !== NULL_REF) continue;
    const mr = P.row(mother[r]);
    if (mr >= 0 && movedFrom[mr] === c.household[r] + 1) joinHousehold(world, r, c.household[mr]);
  }
}

/**
 * Woman row `w` and man row `m` become partners and move into one household (the rule of
 * {@link formUnions}).
 *
 * @returns true when she moved (her children may follow).
 */
function moveInTogether(world: SimWorld, w: number, m: number): boolean {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const c = P.col;
  c.partner[w] = P.ids[m];
  c.partner[m] = P.ids[w];
  c.union_start[w] = world.tick;
  c.union_start[m] = world.tick;
  const hw = Hh.row(c.household[w]);
  const hm = Hh.row(c.household[m]);
  let moved = false;
  if (hw !== hm) {
    if (Hh.col.size[hw] === 1) {
      joinHousehold(world, m, c.household[w]);
    } else if (Hh.col.size[hm] === 1) {
      joinHousehold(world, w, c.household[m]);
      moved = true;
    } else {
      const home = foundHousehold(world, w, Hh.col.tile[hw], Hh.col.weight[hw]);
      joinHousehold(world, m, home);
      Hh.col.permanent_income[Hh.row(home)] += c.wage[m];
      moved = true;
    }
  }
  world.events.emit(EVENTS.code.union_formed, P.ids[w], P.ids[m], c.tile[w], c.household[w]);
  return moved;
}
