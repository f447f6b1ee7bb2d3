/**
 * Today's technology counters (discoveries, imitations, suppliers' offers learned, adoptions,
 * R&D spending), kept in a scratch buffer between the decisions that count them and the KPIs
 * that report them, which zero them: an adoption a notebook makes between two ticks counts in
 * the next tick's KPIs.
 * Nothing in them outlives a tick's KPIs, so a resumed run needs nothing of them.
 *
 * @module
 */
import { scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";

/** Slots of {@link counts}. */
export const Count = {
  discoveries: 0,
  imitations: 1,
  adoptions: 2,
  rd_spending: 3,
  offers: 4,
} as const;

/** Today's counters. */
export function counts(world: SimWorld): Float64Array {
  return scratch(world, "technology.counts", Float64Array, 5);
}
