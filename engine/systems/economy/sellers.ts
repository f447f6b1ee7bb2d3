/**
 * The sellers of each good: firm rows grouped by product (a CSR index rebuilt in O(firms)
 * when a market opens, into reusable buffers).
 * @module
 */
import { scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";

/** Firm rows by product: rows[start[g] .. start[g + 1]) make good g. */
export interface SellerIndex {
  start: Int32Array;
  rows: Int32Array;
}

/**
 * The seller index with a draw by size: sellers are drawn in proportion to their design output
 * (capacity x technology) times buyers' taste for them (taste.ts; 1 without taste shocks): a big
 * firm has more outlets and more customers. (Drawing by stock
 * instead would tie demand to stock, and so the base-stock target to itself.) Draws are O(1)
 * through an alias table per good (Vose's method): slot i keeps its own seller with
 * probability `prob[i]`, else hands over to slot `alias[i]`.
 */
export interface Sellers extends SellerIndex {
  prob: Float64Array;
  alias: Int32Array;
}

/**
 * A seller (firm row) of good `g` drawn in proportion to its size, from one uniform `u` in
 * [0, 1); -1 when the good has no seller.
 */
export function sampleSeller(s: Sellers, g: number, u: number): number {
  const lo = s.start[g];
  const n = s.start[g + 1] - lo;
  if (n === 0) return -1;
  const x = u * n;
  const i = Math.floor(x);
  return s.rows[x - i < s.prob[lo + i] ? lo + i : s.alias[lo + i]];
}

/**
 * The sellers of each good as the firms are now (O(firms), reusable buffers), without the draw
 * by size: what business buyers, who draw a rival seller uniformly, need.
 *
 * @example
 * ```ts
 * const s = sellerIndex(world);
 * for (let i = s.start[g]; i < s.start[g + 1]; i++) firms.col.price[s.rows[i]];
 * ```
 */
export function sellerIndex(world: SimWorld): SellerIndex {
  const F = world.tables.firms;
  const G = world.tables.goods.length;
  const n = F.length;
  const start = scratch(world, "economy.sellers.start", Int32Array, G + 1);
  const rows = scratch(world, "economy.sellers.rows", Int32Array, n);
  start.fill(0, 0, G + 1);
  const product = F.col.product;
  for (let f = 0; f < n; f++) start[product[f] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const fill = scratch(world, "economy.sellers.fill", Int32Array, G);
  fill.set(start.subarray(0, G));
  for (let f = 0; f < n; f++) rows[fill[product[f]]++] = f;
  return { start, rows };
}

/**
 * The sellers index of the firms as they are now with the alias tables of the draw by size
 * (O(firms), reusable buffers): what households' and the governments' trips need.
 *
 * @example
 * ```ts
 * const s = sellersByGood(world);
 * const f = sampleSeller(s, g, u); // a seller of g, drawn by size
 * ```
 */
export function sellersByGood(world: SimWorld): Sellers {
  const F = world.tables.firms;
  const G = world.tables.goods.length;
  const n = F.length;
  const { start, rows } = sellerIndex(world);
  const prob = scratch(world, "economy.sellers.prob", Float64Array, n);
  const alias = scratch(world, "economy.sellers.alias", Int32Array, n);
  const small = scratch(world, "economy.sellers.small", Int32Array, n);
  const large = scratch(world, "economy.sellers.large", Int32Array, n);
  // Each firm's weight: design output (capacity x technology), times buyers' taste for it
  // when tastes move (taste.ts).
  const weight = scratch(world, "economy.sellers.weight", Float64Array, n);
  const capacity = F.col.capacity;
  const technology = F.col.technology;
  for (let f = 0; f < n; f++) weight[f] = capacity[f] * technology[f];
  if (world.config.economy.households.taste_sigma > 0) {
    const taste = F.col.taste;
    for (let f = 0; f < n; f++) weight[f] *= Math.exp(taste[f]);
  }
  for (let g = 0; g < G; g++) {
    const lo = start[g];
    const m = start[g + 1] - lo;
    if (m === 0) continue;
    let total = 0;
    for (let i = 0; i < m; i++) total += weight[rows[lo + i]];
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < m; i++) {
      const f = rows[lo + i];
      prob[lo + i] = total > 0 ? (weight[f] * m) / total : 1;
      alias[lo + i] = lo + i;
      if (prob[lo + i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const sm = small[--ns];
      const lg = large[nl - 1];
      alias[lo + sm] = lo + lg;
      prob[lo + lg] -= 1 - prob[lo + sm];
      if (prob[lo + lg] < 1) {
        nl--;
        small[ns++] = lg;
      }
    }
    while (nl > 0) prob[lo + large[--nl]] = 1;
    while (ns > 0) prob[lo + small[--ns]] = 1;
  }
  return { start, rows, prob, alias };
}
