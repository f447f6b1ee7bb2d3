/**
 * The environment's starting state: an island from seeded fractal value noise, its climate
 * normals, soil, land cover, resource stocks and settlement suitability. Order of
 * {@link initTiles}:
 * 1. one row per tile (id = row = y * width + x), latitude by row;
 * 2. terrain = fractal value noise - radial falloff; the sea level is the quantile that
 *    leaves `spatial.land_share` of the tiles above it, so the land share hits its target on
 *    every grid and seed; elevation is the height above sea level scaled to 0..1 and raised
 *    to `terrain_relief_exponent` (broad lowlands, few peaks);
 * 3. climate normals (temperature by latitude and elevation, precipitation with spatial
 *    noise and orographic lift), soil quality (noise, thinner on high ground);
 * 4. land cover (cropland on fertile soil, forest by climate, the rest other), water, biomass,
 *    mineral deposits with ore grades;
 * 5. suitability, normalised so the best land tile scores 1.
 *
 * Every draw is a hash of (seed, environment stream, field, lattice point or tile): the
 * terrain is a pure function of the seed and the scenario.
 *
 * @module
 */
import { hash32, mix32, uniform } from "../../core/rng.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { SimWorld } from "../../world.ts";

/** Days in the model year (the calendar, not a parameter). */
export const YEAR_DAYS = 365;

/** Latitude whose seasonal swing `environment.seasonal_amplitude_c` describes, degrees. */
export const REFERENCE_LATITUDE = 45;

/** Noise fields of the terrain, one hash family each. */
const FIELD = { elevation: 1, precipitation: 2, soil: 3, deposit: 4, stock: 5, grade: 6 };

const DEG = Math.PI / 180;

/**
 * Cosine of the seasonal cycle: 1 on `peakDay`, -1 half a year later.
 *
 * @param dayOfYear Day of the year, 0..364.
 * @param peakDay Day of the year of the peak.
 * @returns the seasonal factor in -1..1.
 * @example
 * ```ts
 * seasonalCycle(200, 200); // 1
 * ```
 */
export function seasonalCycle(dayOfYear: number, peakDay: number): number {
  return Math.cos((2 * Math.PI * (dayOfYear - peakDay)) / YEAR_DAYS);
}

/**
 * Bell-shaped response in 0..1: 1 at `optimum`, 1/2 at `width` from it. Rational rather than
 * Gaussian so the daily loop needs no `Math.exp`.
 */
export function comfort(value: number, optimum: number, width: number): number {
  const d = (value - optimum) / width;
  return 1 / (1 + d * d);
}

/** Saturating response of fertility to precipitation: p / (p + half). */
export function moisture(precipitation: number, half: number): number {
  return precipitation / (precipitation + half);
}

/** Smoothly interpolated lattice noise in [0, 1) at a real point. */
function valueNoise(key: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = uniform(key, x0, y0);
  const b = uniform(key, x0 + 1, y0);
  const c = uniform(key, x0, y0 + 1);
  const d = uniform(key, x0 + 1, y0 + 1);
  const top = a + (b - a) * sx;
  const bottom = c + (d - c) * sx;
  return top + (bottom - top) * sy;
}

/**
 * Fractal (multi-octave) value noise in [0, 1): octave `o` has frequency `2^o / wavelength`
 * and amplitude `persistence^o`, the sum normalised by the total amplitude.
 */
export function fractalNoise(
  key: number,
  x: number,
  y: number,
  wavelength: number,
  octaves: number,
  persistence: number,
): number {
  let sum = 0;
  let norm = 0;
  let amp = 1;
  let freq = 1 / wavelength;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(mix32(key + o), x * freq, y * freq);
    norm += amp;
    amp *= persistence;
    freq *= 2;
  }
  return norm > 0 ? sum / norm : 0;
}

/** Key of one terrain field: a function of the seed and the stream only (not of the tick). */
function fieldKey(seed: number, stream: number, field: number): number {
  return hash32(mix32(seed ^ stream), field, 0x7e4a);
}

/**
 * Height field before the sea level: fractal noise minus a radial falloff that reaches
 * `terrain_falloff` at the middle of each edge, so the grid's rim is sea.
 */
function heightField(cfg: ScenarioConfig, seed: number, stream: number): Float64Array {
  const s = cfg.spatial;
  const W = s.width_tiles;
  const H = s.height_tiles;
  const key = fieldKey(seed, stream, FIELD.elevation);
  const wavelength = Math.max(1, s.terrain_feature_share * Math.min(W, H));
  const out = new Float64Array(W * H);
  for (let y = 0; y < H; y++) {
    const dy = (y + 0.5 - H / 2) / (H / 2);
    for (let x = 0; x < W; x++) {
      const dx = (x + 0.5 - W / 2) / (W / 2);
      const n = fractalNoise(key, x, y, wavelength, s.terrain_octaves, s.terrain_persistence);
      out[y * W + x] = n - s.terrain_falloff * (dx * dx + dy * dy);
    }
  }
  return out;
}

/**
 * Sea level that leaves `round(share * n)` tiles strictly above it.
 * @returns the level, and the highest height (to scale elevation).
 */
function seaLevel(height: Float64Array, share: number): { level: number; top: number } {
  const n = height.length;
  const sorted = height.slice().sort();
  const top = sorted[n - 1];
  const land = Math.round(share * n);
  if (land <= 0) return { level: top, top };
  if (land >= n) return { level: sorted[0] - Math.max(1e-6, 0.01 * (top - sorted[0])), top };
  return { level: sorted[n - land - 1], top };
}

/**
 * Creates and fills the tile rows of a new world (see the module doc for the order).
 *
 * @param world A world whose tiles table is empty.
 * @param stream The environment system's random stream.
 * @throws {Error} when the tiles table already has rows.
 * @example
 * ```ts
 * const world = createWorld(parseScenario("name: t\nspatial: {width_tiles: 48, height_tiles: 32}\n"));
 * initTiles(world, streamOf("environment"));
 * world.tables.tiles.length; // 1536
 * ```
 */
export function initTiles(world: SimWorld, stream: number): void {
  const cfg = world.config;
  const s = cfg.spatial;
  const e = cfg.environment;
  const T = world.tables.tiles;
  if (T.length !== 0) {
    throw new Error(`environment: the tiles table already has ${T.length} rows; init runs once`);
  }
  const W = s.width_tiles;
  const H = s.height_tiles;
  const n = W * H;
  T.add(n);
  const c = T.col;
  const seed = world.seed;

  // 1-2. Grid, latitude and terrain.
  const height = heightField(cfg, seed, stream);
  const { level, top } = seaLevel(height, s.land_share);
  const relief = top > level ? top - level : 1;
  const keyP = fieldKey(seed, stream, FIELD.precipitation);
  const keyS = fieldKey(seed, stream, FIELD.soil);
  const keyD = fieldKey(seed, stream, FIELD.deposit);
  const keyM = fieldKey(seed, stream, FIELD.stock);
  const keyG = fieldKey(seed, stream, FIELD.grade);
  const wavelength = Math.max(1, s.terrain_feature_share * Math.min(W, H));
  const day = world.tick % YEAR_DAYS;
  const sT = seasonalCycle(day, e.summer_peak_day) * e.seasonal_amplitude_c / REFERENCE_LATITUDE;
  const sP = seasonalCycle(day, e.precipitation_peak_day) * e.precipitation_seasonality;

  // Annual-mean fertility proxy, kept to scale cropland and suitability afterwards.
  const fertMean = new Float64Array(n);
  let fertTop = 0;
  for (let y = 0; y < H; y++) {
    const lat = e.latitude_south_deg + (e.latitude_north_deg - e.latitude_south_deg) * (y + 0.5) /
        H;
    const tLat = e.temperature_pole_c +
      (e.temperature_equator_c - e.temperature_pole_c) * Math.cos(lat * DEG);
    for (let x = 0; x < W; x++) {
      const t = y * W + x;
      c.x[t] = x;
      c.y[t] = y;
      c.latitude[t] = lat;
      const isLand = height[t] > level;
      const elev = isLand
        ? Math.pow(Math.min(1, (height[t] - level) / relief), s.terrain_relief_exponent)
        : 0;
      c.land[t] = isLand ? 1 : 0;
      c.elevation[t] = elev;

      // 3. Climate normals and soil.
      const tMean = tLat - e.lapse_rate_c * elev;
      const pNoise = fractalNoise(keyP, x, y, wavelength, s.terrain_octaves, 0.5);
      const pMean = e.precipitation_mm_day * (1 + e.precipitation_spatial * (2 * pNoise - 1)) *
        (1 + e.precipitation_orographic * elev);
      c.temperature_mean[t] = tMean;
      c.precipitation_mean[t] = pMean;
      // Sea tiles keep their annual means; land tiles get the start day's climate.
      const temp = isLand ? tMean + sT * lat : tMean;
      const pToday = isLand ? pMean * (1 + (lat >= 0 ? sP : -sP)) : pMean;
      c.temperature[t] = temp;
      c.precipitation[t] = pToday;
      if (!isLand) continue;
      const sNoise = fractalNoise(keyS, x, y, wavelength / 2, s.terrain_octaves, 0.5);
      const soil = (1 - e.soil_variation * sNoise) * (1 - e.soil_elevation_loss * elev);
      c.soil[t] = soil;
      c.fertility[t] = soil * comfort(temp, e.fertility_optimum_c, e.fertility_width_c) *
        moisture(pToday, e.fertility_precip_half_mm);
      const fm = soil * comfort(tMean, e.fertility_optimum_c, e.fertility_width_c) *
        moisture(pMean, e.fertility_precip_half_mm);
      fertMean[t] = fm;
      if (fm > fertTop) fertTop = fm;
    }
  }

  // 4-5. Land cover, stocks, suitability.
  let suitTop = 0;
  const w4 = T.widths.cover;
  for (let t = 0; t < n; t++) {
    if (!c.land[t]) continue;
    const tMean = c.temperature_mean[t];
    const pMean = c.precipitation_mean[t];
    const wet = moisture(pMean, e.fertility_precip_half_mm);
    const crop = fertTop > 0 ? e.cropland_initial_share * fertMean[t] / fertTop : 0;
    const natural = e.forest_share_natural *
      comfort(tMean, e.fertility_optimum_c, e.fertility_width_c) * wet;
    const forest = (1 - crop) * natural;
    const o = w4 * t;
    c.cover[o] = 0;
    c.cover[o + 1] = crop;
    c.cover[o + 2] = forest;
    c.cover[o + 3] = Math.max(0, 1 - crop - forest);
    c.forest_initial[t] = c.cover[o + 2];
    c.water[t] = c.water_initial[t] = e.water_capacity * pMean;
    c.biomass[t] = c.biomass_initial[t] = forest * e.biomass_per_forest;
    if (uniform(keyD, t, 0) < e.mineral_deposit_share) {
      c.minerals[t] = c.minerals_initial[t] = -Math.log(1 - uniform(keyM, t, 0)) *
        e.mineral_mean;
      c.ore_grade[t] = 1 - uniform(keyG, t, 0);
    }
    const su = comfort(tMean, e.comfort_temperature_c, e.comfort_width_c) * fertMean[t] * wet *
      Math.pow(1 - c.elevation[t], e.suitability_elevation_exponent);
    fertMean[t] = su;
    if (su > suitTop) suitTop = su;
  }
  for (let t = 0; t < n; t++) {
    if (c.land[t]) c.suitability[t] = suitTop > 0 ? Math.min(1, fertMean[t] / suitTop) : 0;
  }
}
