import assert from "node:assert/strict";
import { bucketByCell, countNear, pickNear } from "../../engine/core/cells.ts";
import { Simulation } from "../../engine/simulation.ts";
import { smallScenario } from "../_fixtures.ts";

Deno.test("bucketByCell() finds every row in the 3 x 3 cells around it, and no row farther away", () => {
  const world =
    Simulation.create(smallScenario(2000, { systems: { economy: false, migration: false } })).world;
  const P = world.tables.persons;
  const tx = world.tables.tiles.col.x;
  const ty = world.tables.tiles.col.y;
  const rows = Int32Array.from({ length: P.length }, (_, r) => r);
  const size = 4;
  const cells = bucketByCell(world, "test", size, rows, rows.length, P.col.tile, tx, ty);
  for (const r of [0, 7, 500, P.length - 1]) {
    const cx = Math.floor(tx[P.col.tile[r]] / size);
    const cy = Math.floor(ty[P.col.tile[r]] / size);
    const expected = new Set<number>();
    for (let q = 0; q < P.length; q++) {
      const dx = Math.floor(tx[P.col.tile[q]] / size) - cx;
      const dy = Math.floor(ty[P.col.tile[q]] / size) - cy;
      if (Math.abs(dx) <= 1 && Math.abs(dy) <= 1) expected.add(q);
    }
    const n = countNear(cells, cx, cy);
    assert.equal(n, expected.size);
    const seen = new Set<number>();
    for (let j = 0; j < n; j++) seen.add(pickNear(cells, cx, cy, j));
    assert.deepEqual([...seen].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
    assert.equal(pickNear(cells, cx, cy, n), -1);
  }
});
