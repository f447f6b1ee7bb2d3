/**
 * Jobs begin and end here, so a person's status, employer, wage and the firm's head count
 * always change together, and `status_since` marks the start of every unemployment spell.
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
  const pc = world.tables.persons.col;
  world.tables.firms.col.employees[f]--;
  pc.employment[p] = Status.unemployed;
  pc.employer[p] = NULL_REF;
  pc.reservation_wage[p] = pc.wage[p];
  pc.wage[p] = 0;
  pc.status_since[p] = world.tick;
}
