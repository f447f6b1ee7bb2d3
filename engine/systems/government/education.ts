/**
 * Public education spending and what it does to schooling. Each government spends
 * `education_share` of its trend GDP on education: the pay of its school staff (`agencies.ts`)
 * and goods. What a cohort gets from it is the spending per student relative to GDP per
 * resident, averaged over the years of primary and secondary school, and compared with its
 * level at the start of the run (the scenario's completion rates are those of the schools it
 * starts with):
 *
 *   ρ = effort / reference,  effort = mean over the school years of (E / S) / (Y / N),
 *
 * E the day's education spending, S the students, Y trend GDP and N the residents. When a
 * cohort ends secondary school, the log-odds of finishing it and of entering tertiary rise by
 * `spending_elasticity` × ln ρ, fixed for life in `persons.school_shift` (Jackson, Johnson &
 * Persico 2016, "The effects of school spending on educational and economic outcomes", QJE
 * 131:157: a 10% rise in per-pupil spending through the 12 school years adds 0.31 years of
 * completed education; the elasticity's default reproduces that at the default rates). Fewer
 * students for the same spending (an ageing population) also raise ρ, as per-pupil spending
 * does in the data.
 *
 * @module
 */
import { Status } from "../../tables/persons.ts";
import { ITEM } from "../../tables/polities.ts";
import type { SimWorld } from "../../world.ts";

/**
 * Sets every polity's reference spending per student (relative to GDP per resident) from its
 * budgeted share and its students at the start; the effort starts there (ρ = 1).
 */
export function openEducation(world: SimWorld, tq: Int32Array): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const P = world.tables.persons;
  const T = world.tables.tiles;
  const pc = P.col;
  const students = new Float64Array(Pol.length);
  const residents = new Float64Array(Pol.length);
  for (let p = 0; p < P.length; p++) {
    const q = tq[T.rowOf[pc.tile[p]]];
    residents[q]++;
    if (pc.employment[p] === Status.student) students[q]++;
  }
  for (let q = 0; q < Pol.length; q++) {
    // E / S over Y / N with E = share x Y: share x N / S (the share itself without students).
    const ratio = pol.education_share[q] * residents[q] / Math.max(1, students[q]);
    pol.education_reference[q] = ratio;
    pol.education_effort[q] = ratio;
  }
}

/**
 * Moves each polity's education effort toward today's spending per student over GDP per
 * resident, an exponential mean over the years of primary and secondary school. Runs after the
 * day's purchases and head counts (`polities.students`, `persons`).
 */
export function updateEducationEffort(world: SimWorld): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  const e = world.config.population_params.education;
  const rate = 1 / (365 * (e.primary_years + e.secondary_years));
  for (let q = 0; q < Pol.length; q++) {
    const students = pol.students[q];
    const perResident = pol.persons[q] > 0 ? pol.gdp_trend[q] / pol.persons[q] : 0;
    if (students === 0 || !(perResident > 0)) continue;
    const spent = pol.flows[q * W + ITEM.education_staff] + pol.flows[q * W + ITEM.education_goods];
    const today = spent / students / perResident;
    pol.education_effort[q] += rate * (today - pol.education_effort[q]);
  }
}

/**
 * The school shift of a person ending secondary school on tile `tileId` today: the spending
 * elasticity times the log of the polity's ρ; 0 without a government.
 */
export function schoolShift(world: SimWorld, tileId: number): number {
  const Pol = world.tables.polities;
  if (Pol.length === 0) return 0;
  const T = world.tables.tiles;
  const q = Pol.rowOf[T.col.polity[T.rowOf[tileId]]];
  const ref = Pol.col.education_reference[q];
  if (!(ref > 0)) return 0;
  // No spending at all would make the log infinite: a thousandth of the start is as bad as it gets.
  const rho = Math.max(Pol.col.education_effort[q] / ref, 1e-3);
  return world.config.population_params.education.spending_elasticity * Math.log(rho);
}
