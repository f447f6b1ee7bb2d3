/**
 * Jobs begin and end here, so a person's status, employer (a firm or a public agency), wage
 * and the employer's head count always change together, and `status_since` marks the start of
 * every unemployment spell.
 *
 * @module
 */
import { NULL_REF } from "../../core/table.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";

/**
 * Person row `p` loses or leaves the job at firm row `f` (quit, layoff, closure, a move too
 * far away) and starts an unemployment spell; the last wage becomes the reservation wage.
 *
 * @example
 * ```ts
 * endJob(world, p, F.rowOf[P.col.employer[p]], true);
 * ```
 */
export function endJob(world: SimWorld, p: number, f: number, laidOff: boolean): void {
  world.tables.firms.col.employees[f]--;
  world.tables.persons.col.employer[p] = NULL_REF;
  unemployed(world, p, laidOff);
}

/** Person row `p` loses or leaves the public job at agency row `a` (as {@link endJob}). */
export function endPublicJob(world: SimWorld, p: number, a: number, laidOff: boolean): void {
  world.tables.agencies.col.employees[a]--;
  world.tables.persons.col.agency[p] = NULL_REF;
  unemployed(world, p, laidOff);
}

/**
 * Person row `p` leaves whatever job it has (a move too far away): the firm's or the agency's.
 */
export function endAnyJob(world: SimWorld, p: number, laidOff: boolean): void {
  const pc = world.tables.persons.col;
  const A = world.tables.agencies;
  if (pc.agency[p] !== NULL_REF) endPublicJob(world, p, A.rowOf[pc.agency[p]], laidOff);
  else endJob(world, p, world.tables.firms.rowOf[pc.employer[p]], laidOff);
}

/**
 * The start of an unemployment spell; the last wage becomes the reservation wage. A layoff or a
 * closure (`laidOff`) entitles to unemployment benefits; a quit or a move away does not, as in
 * most OECD countries (Venn 2012, "Eligibility criteria for unemployment benefits", OECD SEM
 * Working Paper 131).
 */
function unemployed(world: SimWorld, p: number, laidOff: boolean): void {
  const pc = world.tables.persons.col;
  pc.employment[p] = Status.unemployed;
  pc.benefit_claim[p] = laidOff ? 1 : 0;
  pc.reservation_wage[p] = pc.wage[p];
  pc.wage[p] = 0;
  pc.amenity[p] = 0;
  pc.status_since[p] = world.tick;
}
