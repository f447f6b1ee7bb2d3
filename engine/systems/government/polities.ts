/**
 * The polities of a new world, and the lookups from a tile, a person or a firm to the polity
 * whose government taxes and pays them.
 *
 * A polity is a rectangle of tiles from the scenario (validation proves that they tile the
 * map); everyone on its tiles belongs to it: persons and households by the tile they live on,
 * firms by their site. A household that migrates changes polity with its tile.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import { LEVERS } from "../../scenario/government_schema.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { openAgencies, START_LABOR_SHARE } from "./agencies.ts";
import { openEducation } from "./education.ts";

/** Polity row of every tile row (rebuilt by {@link tilePolities}). */
const TILE_POLITY = "government.tilePolity";
/** The tick (plus 1) and the tile and polity counts {@link TILE_POLITY} was built for. */
const TILE_POLITY_BUILT = "government.tilePolityBuilt";

/**
 * The polity row of every tile row, in a scratch array rebuilt from `tiles.polity` once a tick
 * (polities never move, so rows are ids' rows for the whole run, but a tick's first call reads
 * the column afresh): some ten systems' passes ask for it, and at the large preset's 131,072
 * tiles each rebuild took 0.08 ms.
 */
export function tilePolities(world: SimWorld): Int32Array {
  const T = world.tables.tiles;
  const Pol = world.tables.polities;
  const out = scratch(world, TILE_POLITY, Int32Array, T.length);
  const built = scratch(world, TILE_POLITY_BUILT, Float64Array, 3);
  if (built[0] === world.tick + 1 && built[1] === T.length && built[2] === Pol.length) return out;
  built[0] = world.tick + 1;
  built[1] = T.length;
  built[2] = Pol.length;
  const tp = T.col.polity;
  for (let t = 0; t < T.length; t++) out[t] = Pol.rowOf[tp[t]];
  return out;
}

/**
 * Builds the polities of a new world: one row per declared polity with its starting levers
 * (its own, else the section's), every tile assigned, the agencies staffed (`agencies.ts`), the
 * average wage and trend GDP measured
 * on the economy as it starts, and each person's last wage and career earnings (the employed:
 * their wage; the unemployed and retired: the average wage of their polity, so that the
 * retirees alive at the start draw the pension of an average career, which the run cannot
 * observe; children and students: no last wage, so they draw no unemployment benefit when
 * they first look for work).
 */
export function openPolities(world: SimWorld): void {
  const gov = world.config.government;
  const Pol = world.tables.polities;
  const T = world.tables.tiles;
  const pol = Pol.col;
  Pol.add(gov.polities.length);
  gov.polities.forEach((p, q) => {
    for (const k of LEVERS) {
      (pol[k] as Float64Array)[q] = (p[k] ?? gov[k]) as number;
    }
    pol.approval[q] = 0.5;
  });
  for (let t = 0; t < T.length; t++) {
    const x = T.col.x[t];
    const y = T.col.y[t];
    const q = gov.polities.findIndex((p) =>
      x >= p.x[0] && x <= p.x[1] && y >= p.y[0] && y <= p.y[1]
    );
    T.col.polity[t] = Pol.ids[q];
  }
  scratch(world, TILE_POLITY_BUILT, Float64Array, 3).fill(0); // the tiles' polities just changed
  const tq = tilePolities(world);
  openEducation(world, tq);
  openAgencies(world, tq);
  const P = world.tables.persons;
  const pc = P.col;
  const nq = Pol.length;
  const sum = new Float64Array(nq);
  const n = new Float64Array(nq);
  for (let p = 0; p < P.length; p++) {
    if (pc.employment[p] !== Status.employed) continue;
    const q = tq[T.rowOf[pc.tile[p]]];
    sum[q] += pc.wage[p];
    n[q]++;
  }
  let all = 0;
  let count = 0;
  for (let q = 0; q < nq; q++) {
    all += sum[q];
    count += n[q];
  }
  for (let q = 0; q < nq; q++) {
    // A polity with nobody employed at the start takes the national average.
    pol.average_wage[q] = n[q] > 0 ? sum[q] / n[q] : count > 0 ? all / count : 0;
  }
  for (let p = 0; p < P.length; p++) {
    const q = tq[T.rowOf[pc.tile[p]]];
    const aw = pol.average_wage[q];
    const status = pc.employment[p];
    const w = status === Status.employed ? pc.wage[p] : aw;
    // Children and students have not worked: no wage for unemployment benefits to replace
    // when they enter the labor force (benefits need a contribution record).
    const worked = status !== Status.child && status !== Status.student;
    pc.last_wage[p] = worked ? w : 0;
    // The unemployed of the start lost their jobs before it: they draw benefits.
    if (status === Status.unemployed) pc.benefit_claim[p] = 1;
    pc.career_earnings[p] = aw > 0 ? w / aw : 1;
  }
  // Trend GDP starts at the wage bill over a labour share of 0.6 (about the OECD's; the
  // one-year mean replaces the guess within the first year).
  for (let q = 0; q < nq; q++) pol.gdp_trend[q] = sum[q] > 0 ? sum[q] / START_LABOR_SHARE : 1;
}

/** The polity row of every firm row, into a scratch array. */
export function firmPolities(world: SimWorld, tq: Int32Array): Int32Array {
  const F = world.tables.firms;
  const T = world.tables.tiles;
  const out = scratch(world, "government.firmPolity", Int32Array, F.length);
  const tile = F.col.tile;
  for (let f = 0; f < F.length; f++) out[f] = tq[T.rowOf[tile[f]]];
  return out;
}
