/**
 * The passes of the environment's daily update, in the order it runs them. Each pass is one
 * plain indexed loop over the tiles' typed columns that allocates nothing; the sums behind the
 * KPIs are taken inside the passes, where the values are already in registers.
 *
 * {@link dailyUpdate} runs the passes chunk by chunk ({@link CHUNK} tiles). Two reasons: a
 * chunk's columns stay in cache from one pass to the next, and no single call loops long
 * enough for V8 to compile the loop while it runs (on-stack replacement). Such a loop was
 * compiled before the code after it had type feedback, and bailed out there on every call
 * (measured: once a tick, which doubled the cost).
 *
 * @module
 */
import { mix32 } from "../../core/rng.ts";
import type { Table } from "../../core/table.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { COVER, tiles } from "../../tables/tiles.ts";
import type { SimWorld } from "../../world.ts";
import { REFERENCE_LATITUDE, seasonalCycle, YEAR_DAYS } from "./terrain.ts";

/** The tiles table. */
export type Tiles = Table<typeof tiles.columns>;

// The cover vector's width is written as the literal 4 in the hot loop; this fails to compile
// if the classes change.
const _coverWidth: typeof COVER.length = 4;
type Env = ScenarioConfig["environment"];

/** Slots of the sums buffer the passes fill (see {@link dailyUpdate}). */
export const SUM = {
  lands: 0,
  temperature: 1,
  precipitation: 2,
  urban: 3,
  cropland: 4,
  forest: 5,
  other: 6,
  mineralsLeft: 7,
  biomassHarvested: 8,
  waterUsed: 9,
} as const;

/** Length of the sums buffer. */
export const SUMS = 10;

/** Tiles per chunk of {@link dailyUpdate} (a cache and compiler size, not a model parameter). */
export const CHUNK = 2048;

/** Seasonal temperature term per degree of latitude on `tick` (C per degree). */
export function temperatureSeason(e: Env, tick: number): number {
  return seasonalCycle(tick % YEAR_DAYS, e.summer_peak_day) * e.seasonal_amplitude_c /
    REFERENCE_LATITUDE;
}

/** Relative seasonal precipitation term north of the equator on `tick` (negated south). */
export function precipitationSeason(e: Env, tick: number): number {
  return seasonalCycle(tick % YEAR_DAYS, e.precipitation_peak_day) * e.precipitation_seasonality;
}

/**
 * 1-4. On land: today's temperature and precipitation (with keyed noise), fertility from the day's climate (without the noise, so it is smooth) and water:
 * residents withdraw (never past the stock), precipitation recharges, capped at capacity.
 */
export function climatePass(
  T: Tiles,
  e: Env,
  tick: number,
  key: number,
  sums: Float64Array,
  from: number,
  to: number,
): void {
  const { latitude, land, temperature, temperature_mean, precipitation, precipitation_mean } =
    T.col;
  const { soil, fertility, water, water_used, residents } = T.col;
  const sT = temperatureSeason(e, tick);
  const sP = precipitationSeason(e, tick);
  const noise = e.precipitation_noise;
  const tOpt = e.fertility_optimum_c;
  const invWidth = 1 / e.fertility_width_c;
  const half = e.fertility_precip_half_mm;
  const recharge = e.water_recharge;
  const capacity = e.water_capacity;
  const perPerson = e.water_use_per_person;
  let lands = 0;
  let sumTemp = 0;
  let sumPrecip = 0;
  let waterUsed = 0;
  for (let t = from; t < to; t++) {
    // Sea tiles keep their annual means (set at the start): nothing reads a sea tile's day.
    if (land[t] === 0) continue;
    const lat = latitude[t];
    const temp = temperature_mean[t] + sT * lat;
    temperature[t] = temp;
    const pMean = precipitation_mean[t];
    const pClim = pMean * (1 + (lat >= 0 ? sP : -sP));
    // Inline keyed hash (a function of seed, stream, tick and tile): uniform in [-1, 1).
    const u = mix32(key ^ Math.imul(t + 1, 0x9e3779b1)) * 4.656612873077393e-10 - 1;
    const p = pClim * (1 + noise * u);
    precipitation[t] = p;
    const dT = (temp - tOpt) * invWidth;
    fertility[t] = soil[t] * pClim / ((1 + dT * dT) * (pClim + half));

    let w = water[t] + recharge * p;
    let use = residents[t] * perPerson;
    if (use > w) use = w;
    w -= use;
    const used = water_used[t] + use;
    water_used[t] = used;
    const cap = capacity * pMean;
    water[t] = w > cap ? cap : w;

    lands++;
    sumTemp += temp;
    sumPrecip += p;
    waterUsed += used;
  }
  sums[SUM.lands] += lands;
  sums[SUM.temperature] += sumTemp;
  sums[SUM.precipitation] += sumPrecip;
  sums[SUM.waterUsed] += waterUsed;
}

/**
 * 5-8. On land: land cover toward its targets, harvest or forest regrowth, biomass, mines.
 * `other` is always written as what urban, cropland and forest leave (rounded as stored), so
 * the sum cannot drift.
 */
export function coverPass(T: Tiles, e: Env, sums: Float64Array, from: number, to: number): void {
  const { land, residents, cover, forest_initial, harvest, biomass, biomass_harvested } = T.col;
  const { biomass_output, mine, minerals, minerals_output, ore_grade } = T.col;
  const isProtected = T.col.protected;
  const friction = e.cover_friction;
  const urbanPP = e.urban_per_person;
  const cropPP = e.cropland_per_person;
  const cut = e.harvest_share_per_day;
  const regrow = e.forest_regrowth_per_day;
  const growth = e.biomass_growth;
  const perForest = e.biomass_per_forest;
  const extraction = e.mine_extraction_per_day;
  let sumU = 0;
  let sumC = 0;
  let sumF = 0;
  let sumO = 0;
  let harvested = 0;
  let mineralsLeft = 0;
  for (let t = from; t < to; t++) {
    if (land[t] === 0) continue;
    const o4 = 4 * t; // COVER.length: a literal, so the index arithmetic folds
    const u = cover[o4];
    const cr = cover[o4 + 1];
    let f = cover[o4 + 2];
    let o = 1 - u - cr - f;
    if (o < 0) o = 0;
    const prot = isProtected[t];
    const res = residents[t];
    // Towns and fields may not take protected forest.
    const avail = prot ? 1 - f : 1;
    let uTarget = res * urbanPP;
    if (uTarget > avail) uTarget = avail;
    let cTarget = res * cropPP;
    if (cTarget > avail - uTarget) cTarget = avail - uTarget;
    const u2 = Math.fround(u + friction * (uTarget - u));
    const c2 = Math.fround(cr + friction * (cTarget - cr));
    const gain = u2 + c2 - u - cr;
    if (gain > 0) {
      const fromForest = prot ? 0 : gain < f ? gain : f;
      f -= fromForest;
      o -= gain - fromForest;
      if (o < 0) o = 0;
    } else o -= gain;

    let b = biomass[t];
    let cutTotal = biomass_harvested[t];
    if (harvest[t]) {
      // Clear-cutting a share of the forest area removes the same share of its biomass.
      const db = cut * b;
      f -= cut * f;
      b -= db;
      cutTotal += db;
      biomass_harvested[t] = cutTotal;
      biomass_output[t] = db;
    } else {
      if (biomass_output[t] !== 0) biomass_output[t] = 0;
      const target = forest_initial[t];
      if (f < target && o > 0) {
        const df = regrow * (target - f);
        f += df < o ? df : o;
      }
    }
    f = Math.fround(f);
    let rest = Math.fround(1 - u2 - c2 - f);
    if (rest < 0) rest = 0;
    cover[o4] = u2;
    cover[o4 + 1] = c2;
    cover[o4 + 2] = f;
    cover[o4 + 3] = rest;

    // Logistic regrowth toward the forest's capacity; cleared forest loses its biomass.
    const K = f * perForest;
    if (b > K) b = K;
    else if (K > 0) b += growth * b * (1 - b / K);
    biomass[t] = b;

    sumU += u2;
    sumC += c2;
    sumF += f;
    // Open mines extract ore x grade, never past 0; an exhausted mine closes.
    let m = minerals[t];
    if (mine[t] !== 0) {
      let x = extraction * ore_grade[t];
      if (x >= m) {
        x = m;
        mine[t] = 0;
      }
      m -= x;
      minerals[t] = m;
      minerals_output[t] = x;
    } else if (minerals_output[t] !== 0) minerals_output[t] = 0;

    sumO += rest;
    harvested += cutTotal;
    mineralsLeft += m;
  }
  sums[SUM.urban] += sumU;
  sums[SUM.cropland] += sumC;
  sums[SUM.forest] += sumF;
  sums[SUM.other] += sumO;
  sums[SUM.biomassHarvested] += harvested;
  sums[SUM.mineralsLeft] += mineralsLeft;
}

/**
 * Totals of the initial stocks (minerals, biomass, water), the denominators of the extracted
 * shares. The `*_initial` columns never change after the start, so the totals are kept in the
 * world's derived-value cache (recomputed after a shock or in a resumed world) instead of
 * being summed every day.
 */
export function initialStocks(world: SimWorld): Float64Array {
  const have = world.derivedCache.get(INITIAL_STOCKS);
  const T = world.tables.tiles;
  if (have && have.config === world.config) {
    const v = have.value as Float64Array;
    if (v[3] === T.length) return v;
  }
  const { minerals_initial, biomass_initial, water_initial } = T.col;
  let minerals = 0;
  let biomass = 0;
  let water = 0;
  for (let t = 0; t < T.length; t++) {
    minerals += minerals_initial[t];
    biomass += biomass_initial[t];
    water += water_initial[t];
  }
  const value = Float64Array.of(minerals, biomass, water, T.length);
  world.derivedCache.set(INITIAL_STOCKS, { config: world.config, value });
  return value;
}

const INITIAL_STOCKS = "environment.initialStocks";

/**
 * Runs the passes over every tile, chunk by chunk, and leaves the KPI sums in `sums`
 * (indexed by {@link SUM}).
 */
export function dailyUpdate(T: Tiles, e: Env, tick: number, key: number, sums: Float64Array): void {
  sums.fill(0, 0, SUMS);
  const n = T.length;
  for (let from = 0; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK);
    climatePass(T, e, tick, key, sums, from, to);
    coverPass(T, e, sums, from, to);
  }
}
