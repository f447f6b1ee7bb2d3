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
 * endJob(world, p, F.rowOf[P.col.employer[p]]);
 * ```
 */
export function endJob(world: SimWorld, p: number, f: number): void {
  world.tables.firms.col.employees[f]--;
  world.tables.persons.col.employer[p] = NULL_REF;
  unemployed(world, p);
}

/** Person row `p` loses or leaves the public job at agency row `a` (as {@link endJob}). */
export function endPublicJob(world: SimWorld, p: number, a: number): void {
  world.tables.agencies.col.employees[a]--;
  world.tables.persons.col.agency[p] = NULL_REF;
  unemployed(world, p);
}

/**
 * Person row `p` leaves whatever job it has (a move too far away): the firm's or the agency's.
 */
export function endAnyJob(world: SimWorld, p: number): void {
  const pc = world.tables.persons.col;
  if (pc.agency[p] !== NULL_REF) endPublicJob(world, p, world.tables.agencies.rowOf[pc.agency[p]]);
  else endJob(world, p, world.tables.firms.rowOf[pc.employer[p]]);
}

/** The start of an unemployment spell; the last wage becomes the reservation wage. */
function unemployed(world: SimWorld, p: number): void {
  const pc = world.tables.persons.col;
  pc.employment[p] = Status.unemployed;
  pc.reservation_wage[p] = pc.wage[p];
  pc.wage[p] = 0;
  pc.status_since[p] = world.tick;
}
