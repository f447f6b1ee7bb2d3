/**
 * Tiles of the W x H grid; a tile's id is its index y * width + x and tiles are never removed.
 * The environment system fills every column but `residents` (the population system's); the
 * static ones (`elevation`, `*_mean`, `soil`, `*_initial`) are set once, at the start.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** Land-cover classes, in the order of the `cover` vector. */
export const COVER = ["urban", "cropland", "forest", "other"] as const;

/** The tiles table. */
export const tiles = defineTable("tiles", "Grid tiles: climate, land cover, resources.", {
  x: { type: "u16", unit: "tile", doc: "Column." },
  y: { type: "u16", unit: "tile", doc: "Row (0 = south)." },
  land: { type: "u8", unit: "flag", doc: "1 for land, 0 for sea.", max: 1 },
  elevation: { type: "f32", unit: "0..1", doc: "Elevation index above sea level.", min: 0, max: 1 },
  latitude: { type: "f32", unit: "degrees", doc: "Latitude of the tile's center." },
  temperature_mean: { type: "f32", unit: "C", doc: "Annual mean temperature (static)." },
  temperature: { type: "f32", unit: "C", doc: "Today's mean temperature (sea: the annual mean)." },
  precipitation_mean: {
    type: "f32",
    unit: "mm/day",
    doc: "Annual mean precipitation (static).",
    min: 0,
  },
  precipitation: {
    type: "f32",
    unit: "mm/day",
    doc: "Today's precipitation (sea: the annual mean).",
    min: 0,
  },
  soil: { type: "f32", unit: "0..1", doc: "Soil quality (static).", min: 0, max: 1 },
  fertility: { type: "f32", unit: "0..1", doc: "Today's soil-fertility index.", min: 0, max: 1 },
  suitability: {
    type: "f32",
    unit: "0..1",
    doc: "How attractive the tile is to settle (climate, soil, water).",
    min: 0,
    max: 1,
  },
  cover: {
    type: "f32",
    width: 4,
    unit: "fraction",
    doc: "Land cover fractions: urban, cropland, forest, other (sum 1).",
    min: 0,
    max: 1,
  },
  forest_initial: {
    type: "f32",
    unit: "fraction",
    doc: "Forest cover at the start; forest regrows toward it.",
    min: 0,
    max: 1,
  },
  water: { type: "f32", unit: "units", doc: "Water stock.", min: 0, stock: true },
  water_initial: { type: "f32", unit: "units", doc: "Water stock at the start.", min: 0 },
  water_used: { type: "f32", unit: "units", doc: "Water withdrawn since the start.", min: 0 },
  biomass: { type: "f32", unit: "units", doc: "Forest biomass stock.", min: 0, stock: true },
  biomass_initial: { type: "f32", unit: "units", doc: "Biomass at the start.", min: 0 },
  biomass_harvested: { type: "f32", unit: "units", doc: "Biomass harvested.", min: 0 },
  biomass_output: { type: "f32", unit: "units/day", doc: "Biomass harvested today.", min: 0 },
  minerals: { type: "f32", unit: "units", doc: "Mineral (ore) stock.", min: 0, stock: true },
  minerals_initial: { type: "f32", unit: "units", doc: "Mineral stock at the start.", min: 0 },
  ore_grade: { type: "f32", unit: "0..1", doc: "Ore grade of the deposit.", min: 0, max: 1 },
  minerals_output: { type: "f32", unit: "units/day", doc: "Ore extracted today.", min: 0 },
  mine: { type: "u8", unit: "flag", doc: "1 when a mine is open.", max: 1 },
  harvest: { type: "u8", unit: "flag", doc: "1 when the forest is being harvested.", max: 1 },
  protected: { type: "u8", unit: "flag", doc: "1 for a protected area.", max: 1 },
  polity: {
    type: "i32",
    ref: "polities",
    unit: "id",
    doc: "Polity the tile belongs to (null without systems.government).",
  },
  residents: {
    type: "u32",
    unit: "persons",
    doc: "Persons living on the tile (set by the population system).",
  },
});
