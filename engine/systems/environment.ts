/**
 * Environment: climate, soil, land cover and natural resources of the tiles.
 *
 * `init` builds the island (see `environment/terrain.ts`). Order of one daily update (the
 * passes of `environment/daily.ts`, on land tiles; sea tiles keep their annual means):
 * 1. temperature = annual mean (latitude, elevation) + seasonal cosine whose amplitude grows
 *    with latitude and flips sign south of the equator;
 * 2. precipitation = mean x (1 + seasonal cycle) x (1 + keyed daily noise);
 * 3. fertility = soil x temperature response x moisture response (today's climate);
 * 4. water: residents withdraw, precipitation recharges, the stock is capped at capacity;
 * 5. land cover moves `cover_friction` of the gap toward its targets: urban and cropland
 *    from the residents (capped by the land not held by protected forest); what they gain
 *    comes out of forest first (not on protected tiles), then other; what they lose goes to
 *    other;
 * 6. an active harvest clear-cuts a share of forest and biomass; otherwise forest regrows
 *    from other toward its initial share;
 * 7. biomass regrows logistically toward forest cover x `biomass_per_forest` (and is cut to
 *    that capacity when forest is cleared);
 * 8. open mines extract `mine_extraction_per_day` x ore grade, never past 0; an exhausted
 *    mine closes;
 * 9. the KPIs: extracted shares of the initial stocks, mean land cover, land climate.
 *
 * The actions that change a tile's use (open a mine, start or stop a harvest, protect an
 * area) are in `environment/actions.ts` and re-exported here.
 *
 * @module
 */
import type { KpiSpec } from "../core/kpis.ts";
import type { System } from "../core/scheduler.ts";
import type { ScenarioConfig } from "../scenario/schema.ts";
import type { SimWorld } from "../world.ts";
import { scratch } from "../core/world.ts";
import { dailyUpdate, initialStocks, SUM, SUMS } from "./environment/daily.ts";
import { initTiles } from "./environment/terrain.ts";

export { harvestForest, openMine, protectArea, stopHarvest } from "./environment/actions.ts";
export { fractalNoise, seasonalCycle } from "./environment/terrain.ts";

/**
 * The environment KPIs, in the order the update sets them.
 *
 * @param _cfg The scenario (the list does not depend on it).
 * @returns the KPI declarations.
 * @example
 * ```ts
 * ENVIRONMENT_KPIS(config).map((k) => k.name); // ["minerals_extracted_share", ...]
 * ```
 */
export function ENVIRONMENT_KPIS(_cfg: ScenarioConfig): KpiSpec[] {
  return [
    {
      name: "minerals_extracted_share",
      unit: "share",
      doc: "Minerals extracted by mines since the start, share of the initial stock.",
    },
    {
      name: "biomass_extracted_share",
      unit: "share",
      doc: "Biomass harvested since the start, share of the initial stock.",
    },
    {
      name: "water_extracted_share",
      unit: "share",
      doc: "Water withdrawn by residents since the start, share of the initial stock.",
    },
    { name: "cover_urban", unit: "share", doc: "Urban share of the land area." },
    { name: "cover_cropland", unit: "share", doc: "Cropland share of the land area." },
    { name: "cover_forest", unit: "share", doc: "Forest share of the land area." },
    {
      name: "cover_other",
      unit: "share",
      doc: "Other (grass, shrub, bare) share of the land area.",
    },
    { name: "mean_land_temperature", unit: "C", doc: "Today's mean temperature over land tiles." },
    {
      name: "mean_land_precipitation",
      unit: "mm/day",
      doc: "Today's mean precipitation over land tiles.",
    },
  ];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** The environment system. */
export const environment: System<SimWorld> = {
  name: "environment",
  phase: "environment",
  doc: "Daily climate, soil fertility, water, land cover, forest biomass and mines.",
  enabled: (cfg) => cfg.systems.environment,
  kpis: ENVIRONMENT_KPIS,
  init(world, ctx) {
    initTiles(world, ctx.stream);
  },
  update(world, ctx) {
    const e = world.config.environment;
    const T = world.tables.tiles;
    const key = ctx.key(0);
    const sums = scratch(world, "environment.sums", Float64Array, SUMS);
    dailyUpdate(T, e, world.tick, key, sums);
    const v = world.kpis.values;
    const k = ctx.kpi;
    const lands = sums[SUM.lands];
    const initial = initialStocks(world);
    v[k[0]] = ratio(initial[0] - sums[SUM.mineralsLeft], initial[0]);
    v[k[1]] = ratio(sums[SUM.biomassHarvested], initial[1]);
    v[k[2]] = ratio(sums[SUM.waterUsed], initial[2]);
    v[k[3]] = ratio(sums[SUM.urban], lands);
    v[k[4]] = ratio(sums[SUM.cropland], lands);
    v[k[5]] = ratio(sums[SUM.forest], lands);
    v[k[6]] = ratio(sums[SUM.other], lands);
    v[k[7]] = ratio(sums[SUM.temperature], lands);
    v[k[8]] = ratio(sums[SUM.precipitation], lands);
  },
};
