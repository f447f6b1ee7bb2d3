import assert from "node:assert/strict";
import fc from "fast-check";
import { checkColumns } from "../../engine/core/invariants.ts";
import { Scheduler } from "../../engine/core/scheduler.ts";
import { EVENTS } from "../../engine/events.ts";
import { parseScenario } from "../../engine/scenario/load.ts";
import {
  environment,
  harvestForest,
  openMine,
  protectArea,
  stopHarvest,
} from "../../engine/systems/environment.ts";
import { createWorld, type SimWorld } from "../../engine/world.ts";

const SMALL = "spatial: {width_tiles: 48, height_tiles: 32}";

/** A world with only the environment system (the others switched off), initialised at tick 0. */
function island(yaml = SMALL): { world: SimWorld; scheduler: Scheduler<SimWorld> } {
  const only = "systems: {population: false, economy: false, migration: false}";
  const world = createWorld(parseScenario(`name: t\n${yaml}\n${only}\n`));
  const scheduler = new Scheduler(world, [environment]);
  scheduler.init(world);
  return { world, scheduler };
}

function run(s: { world: SimWorld; scheduler: Scheduler<SimWorld> }, ticks: number): void {
  for (let i = 0; i < ticks; i++) s.scheduler.step(s.world);
}

function landTiles(world: SimWorld): number[] {
  const c = world.tables.tiles.col;
  const out: number[] = [];
  for (let t = 0; t < world.tables.tiles.length; t++) if (c.land[t]) out.push(t);
  return out;
}

function seaTile(world: SimWorld): number {
  return world.tables.tiles.col.land.indexOf(0);
}

const kpi = (world: SimWorld, name: string) => world.kpis.values[world.kpis.indexOf(name)];

/** Every invariant of the tiles: declared bounds, cover sums, sea and protection rules. */
function assertTileInvariants(world: SimWorld): void {
  checkColumns(world.tick, world.tables, true);
  const T = world.tables.tiles;
  const c = T.col;
  for (let t = 0; t < T.length; t++) {
    if (!c.land[t]) {
      assert.equal(c.elevation[t], 0, `sea tile ${t} has elevation 0`);
      assert.equal(c.suitability[t], 0, `sea tile ${t} is not suitable`);
      continue;
    }
    const sum = c.cover[4 * t] + c.cover[4 * t + 1] + c.cover[4 * t + 2] + c.cover[4 * t + 3];
    assert.ok(Math.abs(sum - 1) < 1e-5, `tile ${t}: cover sums to ${sum}`);
    assert.ok(c.minerals[t] <= c.minerals_initial[t], `tile ${t}: minerals never grow`);
    assert.ok(
      c.biomass[t] <= c.cover[4 * t + 2] * world.config.environment.biomass_per_forest + 1e-3,
    );
    if (c.protected[t]) assert.equal(c.mine[t] + c.harvest[t], 0, `protected tile ${t} is idle`);
  }
}

Deno.test("environment() makes about spatial.land_share of the tiles land, and sea is flat", () => {
  for (const share of [0.3, 0.55, 0.8]) {
    const { world } = island(`spatial: {width_tiles: 48, height_tiles: 32, land_share: ${share}}`);
    const c = world.tables.tiles.col;
    const n = world.tables.tiles.length;
    assert.equal(n, 48 * 32);
    const land = landTiles(world);
    assert.ok(Math.abs(land.length / n - share) < 0.01, `land share ${land.length / n}`);
    for (const t of land) assert.ok(c.elevation[t] > 0, `land tile ${t} is above sea level`);
    for (let t = 0; t < n; t++) {
      assert.equal(c.x[t] + 48 * c.y[t], t, "a tile's id is y * width + x");
    }
    // The rim of the grid is sea around an island.
    for (let x = 0; x < 48; x++) assert.equal(c.land[x], 0, `bottom row tile ${x} is sea`);
  }
});

Deno.test("environment() gives good valleys and poor highlands: suitability varies on land", () => {
  const { world } = island();
  const c = world.tables.tiles.col;
  const land = landTiles(world);
  const su = land.map((t) => c.suitability[t]);
  assert.equal(Math.max(...su), 1);
  assert.ok(Math.min(...su) < 0.2, "some land is poor");
  const mean = su.reduce((a, b) => a + b, 0) / su.length;
  const sd = Math.sqrt(su.reduce((a, b) => a + (b - mean) ** 2, 0) / su.length);
  assert.ok(sd > 0.15, `suitability spreads across the island (sd ${sd})`);
  // Low land is more suitable than high land on average.
  const byElev = land.slice().sort((a, b) => c.elevation[a] - c.elevation[b]);
  const q = Math.floor(byElev.length / 4);
  const avg = (ts: number[]) => ts.reduce((a, t) => a + c.suitability[t], 0) / ts.length;
  assert.ok(avg(byElev.slice(0, q)) > avg(byElev.slice(-q)), "lowlands beat highlands");
});

Deno.test("environment() makes summers warmer than winters, with a larger swing farther north", () => {
  const s = island(`${SMALL}\nenvironment: {summer_peak_day: 200, precipitation_noise: 0}`);
  const c = s.world.tables.tiles.col;
  const land = landTiles(s.world);
  const south = land[0]; // the southernmost land tile
  const north = land[land.length - 1]; // the northernmost land tile
  assert.ok(c.latitude[north] - c.latitude[south] > 5);
  run(s, 15);
  const winter = [c.temperature[south], c.temperature[north]];
  run(s, 200 - 15);
  const summer = [c.temperature[south], c.temperature[north]];
  assert.ok(summer[0] > winter[0] && summer[1] > winter[1], "summer is warmer");
  assert.ok(summer[1] - winter[1] > summer[0] - winter[0], "the swing grows with latitude");
  assert.ok(kpi(s.world, "mean_land_temperature") > 0);
  assert.ok(kpi(s.world, "mean_land_precipitation") > 0);
});

Deno.test("environment() flips the seasons south of the equator", () => {
  const s = island(
    `${SMALL}\nenvironment: {latitude_south_deg: -50, latitude_north_deg: -30, summer_peak_day: 200}`,
  );
  const c = s.world.tables.tiles.col;
  const tile = landTiles(s.world)[0];
  run(s, 15);
  const january = c.temperature[tile];
  run(s, 200 - 15);
  assert.ok(c.temperature[tile] < january, "July is winter in the south");
});

Deno.test("a mine depletes its minerals monotonically down to 0, then closes", () => {
  const s = island(`${SMALL}\nenvironment: {mineral_mean: 60, mine_extraction_per_day: 5}`);
  const T = s.world.tables.tiles;
  const c = T.col;
  let tile = -1;
  for (const t of landTiles(s.world)) {
    if (c.minerals[t] > 0 && (tile < 0 || c.ore_grade[t] > c.ore_grade[tile])) tile = t;
  }
  assert.ok(tile >= 0, "the island has a deposit");
  openMine(s.world, tile);
  assert.equal(s.world.events.countThisTick(EVENTS.code.mine_opened), 1);
  let last = c.minerals[tile];
  let extracted = 0;
  let ticks = 0;
  while (c.mine[tile] && ticks++ < 5000) {
    s.scheduler.step(s.world);
    assert.ok(c.minerals[tile] <= last && c.minerals[tile] >= 0, "stock falls, never below 0");
    extracted += c.minerals_output[tile];
    last = c.minerals[tile];
  }
  assert.equal(c.minerals[tile], 0);
  assert.equal(c.mine[tile], 0, "an exhausted mine closes");
  assert.ok(Math.abs(extracted - c.minerals_initial[tile]) < 1e-3 * c.minerals_initial[tile]);
  run(s, 3);
  assert.equal(c.minerals[tile], 0);
  assert.equal(c.minerals_output[tile], 0, "a closed mine extracts nothing");
  assert.ok(kpi(s.world, "minerals_extracted_share") > 0);
  assert.throws(() => openMine(s.world, tile), /tile \d+ .* has an exhausted deposit/);
});

Deno.test("residents turn forest into towns and fields, but protected tiles keep their forest", () => {
  const s = island(`${SMALL}\nenvironment: {cover_friction: 0.05}`);
  const T = s.world.tables.tiles;
  const c = T.col;
  const forested = landTiles(s.world).filter((t) => c.cover[4 * t + 2] > 0.2);
  const [town, reserve] = forested;
  protectArea(s.world, reserve);
  c.residents[town] = 1000;
  c.residents[reserve] = 1000;
  const forestTown = c.cover[4 * town + 2];
  const forestReserve = c.cover[4 * reserve + 2];
  run(s, 120);
  assertTileInvariants(s.world);
  assert.ok(c.cover[4 * town] > 0.3, "urban cover grows toward residents x urban_per_person");
  assert.ok(c.cover[4 * town + 2] < forestTown, "forest gives way");
  assert.ok(c.cover[4 * reserve + 2] >= forestReserve, "protected forest stays");
  assert.ok(c.water_used[town] > 0, "residents withdraw water");
  assert.ok(kpi(s.world, "cover_urban") > 0);
  assert.ok(kpi(s.world, "water_extracted_share") > 0);
});

Deno.test("a harvest removes biomass and forest until stopped, then the forest regrows", () => {
  const s = island(`${SMALL}\nenvironment: {harvest_share_per_day: 0.05}`);
  const c = s.world.tables.tiles.col;
  const tile = landTiles(s.world).find((t) => c.cover[4 * t + 2] > 0.2)!;
  const forest0 = c.cover[4 * tile + 2];
  harvestForest(s.world, tile);
  assert.throws(() => harvestForest(s.world, tile), /is already being harvested/);
  run(s, 20);
  assertTileInvariants(s.world);
  const forestCut = c.cover[4 * tile + 2];
  assert.ok(forestCut < 0.5 * forest0, "forest cover is cut");
  assert.ok(c.biomass_harvested[tile] > 0);
  assert.ok(kpi(s.world, "biomass_extracted_share") > 0);
  stopHarvest(s.world, tile);
  run(s, 30);
  assert.ok(c.cover[4 * tile + 2] > forestCut, "forest regrows after the harvest stops");
  assert.throws(() => stopHarvest(s.world, tile), /is not being harvested/);
});

Deno.test("actions reject sea, protected and unknown tiles with messages naming the tile", () => {
  const { world } = island();
  const c = world.tables.tiles.col;
  const sea = seaTile(world);
  assert.throws(() => openMine(world, sea), new RegExp(`openMine: tile ${sea} .* is sea`));
  assert.throws(() => harvestForest(world, sea), /harvestForest: tile \d+ .* is sea/);
  assert.throws(() => protectArea(world, sea), /protectArea: tile \d+ .* is sea/);
  const deposit = landTiles(world).find((t) => c.minerals[t] > 0)!;
  const barren = landTiles(world).find((t) => c.minerals[t] === 0)!;
  assert.throws(() => openMine(world, barren), /has no mineral deposit/);
  protectArea(world, deposit);
  assert.equal(world.events.countThisTick(EVENTS.code.area_protected), 1);
  assert.throws(() => openMine(world, deposit), /is a protected area; mining is not allowed/);
  assert.throws(() => harvestForest(world, deposit), /is a protected area/);
  assert.throws(() => protectArea(world, deposit), /is already protected/);
  assert.throws(() => openMine(world, 1e9), /openMine: unknown tile 1000000000: tile ids run/);
  assert.throws(() => openMine(world, 1.5), /unknown tile 1.5/);
  const other = landTiles(world).find((t) => c.minerals[t] > 0 && !c.protected[t])!;
  openMine(world, other);
  assert.throws(() => openMine(world, other), /already has an open mine/);
  protectArea(world, other);
  assert.equal(c.mine[other], 0, "protecting a tile closes its mine");
});

Deno.test("the same seed gives identical tiles; another seed gives another terrain", () => {
  const columns = (seed: number) => {
    const s = island(`${SMALL}\nrandom_seed: ${seed}`);
    run(s, 10);
    const T = s.world.tables.tiles;
    return Object.entries(T.col).map(([name, a]) =>
      [
        name,
        new Uint8Array(
          a.buffer,
          0,
          T.length * (T.widths as Record<string, number>)[name] * a.BYTES_PER_ELEMENT,
        ),
      ] as const
    );
  };
  const a = columns(3);
  const b = columns(3);
  for (let i = 0; i < a.length; i++) assert.deepEqual(a[i][1], b[i][1], `column ${a[i][0]}`);
  const c = columns(4);
  const elevation = (cols: typeof a) => cols.find(([n]) => n === "elevation")![1];
  assert.notDeepEqual(elevation(a), elevation(c));
});

Deno.test("environment() declares its KPIs with units and docs and sets them every tick", () => {
  const s = island();
  const specs = environment.kpis!(s.world.config);
  assert.ok(specs.length >= 9);
  for (const k of specs) {
    assert.match(k.name, /^[a-z][a-z0-9_]*$/);
    assert.ok(k.unit.length > 0 && k.doc.length > 0, `${k.name} has a unit and a doc`);
  }
  run(s, 2);
  for (const k of specs) assert.ok(Number.isFinite(kpi(s.world, k.name)), `${k.name} is set`);
  const cover = ["cover_urban", "cover_cropland", "cover_forest", "cover_other"]
    .reduce((a, n) => a + kpi(s.world, n), 0);
  assert.ok(Math.abs(cover - 1) < 1e-5, "land cover shares sum to 1");
});

Deno.test("every tile invariant holds for any small grid, seed and rates over 20 ticks", () => {
  fc.assert(
    fc.property(
      fc.record({
        w: fc.integer({ min: 4, max: 24 }),
        h: fc.integer({ min: 4, max: 16 }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        landShare: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        octaves: fc.integer({ min: 1, max: 6 }),
        friction: fc.double({ min: 0, max: 1, noNaN: true }),
        harvest: fc.double({ min: 0, max: 1, noNaN: true }),
        extraction: fc.double({ min: 0, max: 5000, noNaN: true }),
        seasonality: fc.double({ min: 0, max: 1, noNaN: true }),
        noise: fc.double({ min: 0, max: 1, noNaN: true }),
        residents: fc.integer({ min: 0, max: 5000 }),
        actions: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 })), { maxLength: 12 }),
      }),
      (p) => {
        const s = island(
          `spatial: {width_tiles: ${p.w}, height_tiles: ${p.h}, land_share: ${p.landShare}, ` +
            `terrain_octaves: ${p.octaves}}\nrandom_seed: ${p.seed}\n` +
            `environment: {cover_friction: ${p.friction}, harvest_share_per_day: ${p.harvest}, ` +
            `mine_extraction_per_day: ${p.extraction}, precipitation_seasonality: ` +
            `${p.seasonality}, precipitation_noise: ${p.noise}}`,
        );
        const T = s.world.tables.tiles;
        const act = [openMine, harvestForest, stopHarvest, protectArea];
        for (let t = 0; t < T.length; t += 3) T.col.residents[t] = p.residents;
        assertTileInvariants(s.world);
        for (let tick = 0; tick < 20; tick++) {
          const [tile, a] = p.actions[tick % Math.max(1, p.actions.length)] ?? [0, 0];
          try {
            act[a](s.world, tile % T.length);
          } catch (e) {
            // Refusals are part of the property: they name the tile and change nothing.
            assert.match((e as Error).message, /tile \d+/);
          }
          s.scheduler.step(s.world);
          assertTileInvariants(s.world);
        }
      },
    ),
    { numRuns: 25, seed: 20240601 },
  );
});
