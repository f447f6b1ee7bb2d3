/**
 * Rows bucketed by square cells of the tile grid, for searches that look nearby: a searcher
 * draws among the rows in the 3 x 3 cells around its own (job seekers among vacancies,
 * women among unpartnered men, elders among families). The index is a counting sort into
 * reusable scratch buffers, O(rows) to build, O(1) to count and O(3) to draw from.
 *
 * @module
 */
import { scratch, type World } from "./world.ts";

/** Rows by cell: `items[start[c] .. start[c + 1])` are the rows in cell `c`. */
export interface Cells {
  /** Tiles per cell side. */
  size: number;
  /** Cells across and down. */
  cw: number;
  ch: number;
  start: Int32Array;
  items: Int32Array;
}

/**
 * Buckets `rows[0 .. n)`, whose tiles are `tileOf[row]` at grid positions (`tx[t]`, `ty[t]`),
 * by cells of `size` x `size` tiles (rows keep their order within a cell). `name` keys the
 * scratch buffers.
 *
 * @example
 * ```ts
 * const cells = bucketByCell(world, "labor", 8, hiring, nv, firms.col.tile, tiles.col.x, tiles.col.y);
 * ```
 */
export function bucketByCell(
  world: World,
  name: string,
  size: number,
  rows: Int32Array,
  n: number,
  tileOf: Int32Array,
  tx: ArrayLike<number>,
  ty: ArrayLike<number>,
): Cells {
  const cw = Math.ceil(world.config.spatial.width_tiles / size);
  const ch = Math.ceil(world.config.spatial.height_tiles / size);
  const count = cw * ch;
  const start = scratch(world, `${name}.cellStart`, Int32Array, count + 1);
  const cellOf = scratch(world, `${name}.cellOf`, Int32Array, n);
  start.fill(0, 0, count + 1);
  for (let i = 0; i < n; i++) {
    const t = tileOf[rows[i]];
    const c = Math.floor(ty[t] / size) * cw + Math.floor(tx[t] / size);
    cellOf[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = scratch(world, `${name}.cellFill`, Int32Array, count);
  fill.set(start.subarray(0, count));
  const items = scratch(world, `${name}.cellItems`, Int32Array, n);
  for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = rows[i];
  return { size, cw, ch, start, items };
}

/** Rows in the 3 x 3 cells around cell (`cx`, `cy`). */
export function countNear(cells: Cells, cx: number, cy: number): number {
  const { cw, ch, start } = cells;
  const x0 = cx > 0 ? cx - 1 : 0;
  const x1 = cx < cw - 1 ? cx + 1 : cw - 1;
  const y0 = cy > 0 ? cy - 1 : 0;
  const y1 = cy < ch - 1 ? cy + 1 : ch - 1;
  let n = 0;
  // The cells x0..x1 of one grid row are contiguous in `start`.
  for (let y = y0; y <= y1; y++) n += start[y * cw + x1 + 1] - start[y * cw + x0];
  return n;
}

/**
 * The `j`-th row (0 <= j < {@link countNear}) of the 3 x 3 cells around (`cx`, `cy`), walking
 * them row by row.
 */
export function pickNear(cells: Cells, cx: number, cy: number, j: number): number {
  const { cw, ch, start, items } = cells;
  const x0 = cx > 0 ? cx - 1 : 0;
  const x1 = cx < cw - 1 ? cx + 1 : cw - 1;
  const y0 = cy > 0 ? cy - 1 : 0;
  const y1 = cy < ch - 1 ? cy + 1 : ch - 1;
  for (let y = y0; y <= y1; y++) {
    const n = start[y * cw + x1 + 1] - start[y * cw + x0];
    if (j < n) return items[start[y * cw + x0] + j];
    j -= n;
  }
  return -1;
}
