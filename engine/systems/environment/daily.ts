/**
 * The passes of the environment's daily update, in the order it runs them. Each pass is one
 * plain indexed loop over the tiles' typed columns: several short loops keep every value in
 * a register (one long loop spilled and ran about twice as slowly), and none allocates.
 *
 * @module
 */
import type { Table } from "../../core/table.ts";
import { uniform } from "../../core/rng.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { tiles } from "../../tables/tiles.ts";
import { REFERENCE_LATITUDE, seasonalCycle, YEAR_DAYS } from "./terrain.ts";

/** The tiles table. */
export type Tiles = Table<typeof tiles.columns>;
type Env = ScenarioConfig["environment"];

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
 * 1-3. Today's temperature and precipitation on every tile (keyed noise on land only), and
 * fertility on land from the day's climate (without the noise, so it is smooth).
 */
export function climatePass(T: Tiles, e: Env, tick: number, key: number): void {
  const { latitude, land, temperature, temperature_mean, precipitation, precipitation_mean } =
    T.col;
  const { soil, fertility } = T.col;
  const n = T.length;
  const sT = temperatureSeason(e, tick);
  const sP = precipitationSeason(e, tick);
  const noise = e.precipitation_noise;
  const tOpt = e.fertility_optimum_c;
  const invWidth = 1 / e.fertility_width_c;
  const half = e.fertility_precip_half_mm;
  for (let t = 0; t < n; t++) {
    const lat = latitude[t];
    const temp = temperature_mean[t] + sT * lat;
    temperature[t] = temp;
    const pClim = precipitation_mean[t] * (1 + (lat >= 0 ? sP : -sP));
    if (land[t] === 0) {
      precipitation[t] = pClim;
      continue;
    }
    precipitation[t] = pClim * (1 + noise * (2 * uniform(key, t, 0) - 1));
    const dT = (temp - tOpt) * invWidth;
    fertility[t] = soil[t] * pClim / ((1 + dT * dT) * (pClim + half));
  }
}

/** 4. Water: residents withdraw (never past the stock), precipitation recharges, capped. */
export function waterPass(T: Tiles, e: Env): void {
  const { land, precipitation, precipitation_mean, water, water_used, residents } = T.col;
  const n = T.length;
  const recharge = e.water_recharge;
  const capacity = e.water_capacity;
  const perPerson = e.water_use_per_person;
  for (let t = 0; t < n; t++) {
    if (land[t] === 0) continue;
    let w = water[t] + recharge * precipitation[t];
    let use = residents[t] * perPerson;
    if (use > w) use = w;
    w -= use;
    water_used[t] += use;
    const cap = capacity * precipitation_mean[t];
    water[t] = w > cap ? cap : w;
  }
}

/**
 * 5-7. Land cover toward its targets, harvest or forest regrowth, biomass. `other` is always
 * written as what urban, cropland and forest leave, so the sum cannot drift.
 */
export function coverPass(T: Tiles, e: Env): void {
  const { land, residents, cover, cover_initial, harvest, biomass, biomass_harvested } = T.col;
  const { biomass_output } = T.col;
  const isProtected = T.col.protected;
  const n = T.length;
  const w4 = T.widths.cover;
  const friction = e.cover_friction;
  const urbanPP = e.urban_per_person;
  const cropPP = e.cropland_per_person;
  const cut = e.harvest_share_per_day;
  const regrow = e.forest_regrowth_per_day;
  const growth = e.biomass_growth;
  const perForest = e.biomass_per_forest;
  for (let t = 0; t < n; t++) {
    if (land[t] === 0) continue;
    const o4 = w4 * t;
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
    const u2 = u + friction * (uTarget - u);
    const c2 = cr + friction * (cTarget - cr);
    const gain = u2 + c2 - u - cr;
    if (gain > 0) {
      const fromForest = prot ? 0 : gain < f ? gain : f;
      f -= fromForest;
      o -= gain - fromForest;
      if (o < 0) o = 0;
    } else o -= gain;

    let b = biomass[t];
    if (harvest[t]) {
      // Clear-cutting a share of the forest area removes the same share of its biomass.
      const db = cut * b;
      f -= cut * f;
      b -= db;
      biomass_harvested[t] += db;
      biomass_output[t] = db;
    } else {
      biomass_output[t] = 0;
      const target = cover_initial[o4 + 2];
      if (f < target && o > 0) {
        const df = regrow * (target - f);
        f += df < o ? df : o;
      }
    }
    cover[o4] = u2;
    cover[o4 + 1] = c2;
    cover[o4 + 2] = f;
    const rest = 1 - cover[o4] - cover[o4 + 1] - cover[o4 + 2];
    cover[o4 + 3] = rest > 0 ? rest : 0;

    // Logistic regrowth toward the forest's capacity; cleared forest loses its biomass.
    const K = cover[o4 + 2] * perForest;
    if (b > K) b = K;
    else if (K > 0) b += growth * b * (1 - b / K);
    biomass[t] = b;
  }
}

/** 8. Open mines extract ore x grade, never past 0; an exhausted mine closes. */
export function minePass(T: Tiles, e: Env): void {
  const { mine, minerals, minerals_output, ore_grade } = T.col;
  const n = T.length;
  const extraction = e.mine_extraction_per_day;
  for (let t = 0; t < n; t++) {
    if (mine[t] === 0) {
      minerals_output[t] = 0;
      continue;
    }
    const m = minerals[t];
    let x = extraction * ore_grade[t];
    if (x >= m) {
      x = m;
      mine[t] = 0;
    }
    minerals[t] = m - x;
    minerals_output[t] = x;
  }
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/**
 * 9. KPI values, in the order of `ENVIRONMENT_KPIS`, written into `out` (from index 0). Sea
 * tiles hold no cover and no stocks, so the sums run branch-free over every tile; each sum
 * is its own loop so the optimiser compiles each once.
 */
export function kpiPass(T: Tiles, out: Float64Array): void {
  stockShares(T, out);
  landMeans(T, out);
}

/** Extracted shares of the initial mineral, biomass and water stocks (out[0..2]). */
function stockShares(T: Tiles, out: Float64Array): void {
  const { minerals, minerals_initial, biomass_harvested, biomass_initial } = T.col;
  const { water_used, water_initial } = T.col;
  const n = T.length;
  let minerals0 = 0;
  let mineralsLeft = 0;
  let biomass0 = 0;
  let biomassCut = 0;
  let water0 = 0;
  let waterUsed = 0;
  for (let t = 0; t < n; t++) {
    minerals0 += minerals_initial[t];
    mineralsLeft += minerals[t];
    biomass0 += biomass_initial[t];
    biomassCut += biomass_harvested[t];
    water0 += water_initial[t];
    waterUsed += water_used[t];
  }
  out[0] = ratio(minerals0 - mineralsLeft, minerals0);
  out[1] = ratio(biomassCut, biomass0);
  out[2] = ratio(waterUsed, water0);
}

/** Mean land cover, temperature and precipitation over land (out[3..8]). */
function landMeans(T: Tiles, out: Float64Array): void {
  const { land, temperature, precipitation, cover } = T.col;
  const n = T.length;
  const w4 = T.widths.cover;
  let lands = 0;
  let sumTemp = 0;
  let sumPrecip = 0;
  let sumU = 0;
  let sumC = 0;
  let sumF = 0;
  let sumO = 0;
  for (let t = 0; t < n; t++) {
    const l = land[t];
    lands += l;
    sumTemp += l * temperature[t];
    sumPrecip += l * precipitation[t];
    const o4 = w4 * t;
    sumU += cover[o4];
    sumC += cover[o4 + 1];
    sumF += cover[o4 + 2];
    sumO += cover[o4 + 3];
  }
  out[3] = ratio(sumU, lands);
  out[4] = ratio(sumC, lands);
  out[5] = ratio(sumF, lands);
  out[6] = ratio(sumO, lands);
  out[7] = ratio(sumTemp, lands);
  out[8] = ratio(sumPrecip, lands);
}
