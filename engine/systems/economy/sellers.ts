/**
 * The sellers of each good: firm rows grouped by product (a CSR index rebuilt in O(firms)
 * when a market opens, into reusable buffers).
 * @module
 */
import { scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";

/**
 * Firm rows by product: rows[start[g] .. start[g + 1]) make good g; `cum` holds the running
 * sum of their design output (capacity x technology) over that range, for sampling sellers
 * in proportion to their size: a big firm has more outlets and more customers. (Sampling by
 * stock instead would tie demand to stock and the base-stock target to itself.)
 */
export interface Sellers {
  start: Int32Array;
  rows: Int32Array;
  cum: Float64Array;
}

/**
 * A seller of good `g` drawn in proportion to its size (`u` uniform in [0, 1)); -1 when the
 * good has no seller.
 */
export function sampleSeller(s: Sellers, g: number, u: number): number {
  const lo0 = s.start[g];
  const hi0 = s.start[g + 1];
  if (hi0 === lo0) return -1;
  const base = lo0 > 0 ? s.cum[lo0 - 1] : 0;
  const total = s.cum[hi0 - 1] - base;
  if (!(total > 0)) return -1;
  const target = base + u * total;
  let lo = lo0;
  let hi = hi0 - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.cum[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return s.rows[lo];
}

/**
 * Builds the sellers index of the firms as they are now.
 *
 * @example
 * ```ts
 * const s = sellersByGood(world);
 * for (let i = s.start[g]; i < s.start[g + 1]; i++) firms.col.price[s.rows[i]];
 * ```
 */
export function sellersByGood(world: SimWorld): Sellers {
  const F = world.tables.firms;
  const G = world.tables.goods.length;
  const start = scratch(world, "economy.sellers.start", Int32Array, G + 1);
  const rows = scratch(world, "economy.sellers.rows", Int32Array, F.length);
  start.fill(0, 0, G + 1);
  const product = F.col.product;
  for (let f = 0; f < F.length; f++) start[product[f] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const fill = scratch(world, "economy.sellers.fill", Int32Array, G);
  fill.set(start.subarray(0, G));
  for (let f = 0; f < F.length; f++) rows[fill[product[f]]++] = f;
  const cum = scratch(world, "economy.sellers.cum", Float64Array, F.length);
  const capacity = F.col.capacity;
  const technology = F.col.technology;
  let acc = 0;
  for (let i = 0; i < F.length; i++) {
    const f = rows[i];
    acc += capacity[f] * technology[f];
    cum[i] = acc;
  }
  return { start, rows, cum };
}
