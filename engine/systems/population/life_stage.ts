/**
 * Life stages: schooling, labor-force entry and retirement as a function of age and two
 * per-person draws that are fixed for life (keyed on the person id, not the tick), so the
 * initial population and the daily birthday updates follow the same path.
 *
 * @module
 */
import { hash32, streamOf, tickKey } from "../../core/rng.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import { Status } from "../../tables/persons.ts";

/** Education level and employment status a person's age implies. */
export interface Stage {
  education: number;
  /** Status; "labor" means the person is in the labor force (employed or unemployed). */
  status: number | "labor";
}

const SCHOOL = streamOf("population.school");

/** Per-person lifetime draws: [finishes secondary, enters tertiary] as uniforms. */
export function schoolDraws(seed: number, id: number): [number, number] {
  const key = tickKey(seed, SCHOOL, 0);
  return [hash32(key, id, 0) * 2.3283064365386963e-10, hash32(key, id, 1) * 2.3283064365386963e-10];
}

/**
 * The life stage at `age` of a person with school draws `u0`, `u1` and a shift `shift` of the
 * log-odds of finishing secondary school and of entering tertiary (`persons.school_shift`: what
 * the spending per student of the person's cohort did, 0 at the scenario's rates).
 *
 * @example
 * ```ts
 * lifeStage(cfg, 10, 0.5, 0.5); // { education: 1, status: Status.student } with defaults
 * ```
 */
export function lifeStage(
  cfg: ScenarioConfig,
  age: number,
  u0: number,
  u1: number,
  shift = 0,
): Stage {
  const e = cfg.population_params.education;
  const p = cfg.population_params;
  const primaryEnd = e.school_start_age + e.primary_years;
  const schoolEnd = secondaryEnd(cfg);
  const tertiaryEnd = schoolEnd + e.tertiary_years;
  if (age < e.school_start_age) return { education: 0, status: Status.child };
  if (age < primaryEnd) return { education: 0, status: Status.student };
  if (age < schoolEnd) return { education: 1, status: Status.student };
  const secondary = u0 < shiftOdds(e.secondary_completion, shift);
  const tertiary = secondary && u1 < shiftOdds(e.tertiary_entry, shift);
  if (tertiary && age < tertiaryEnd) return { education: 2, status: Status.student };
  const education = tertiary ? 3 : secondary ? 2 : 1;
  if (age >= p.retirement_age) return { education, status: Status.retired };
  if (age < p.work_start_age) return { education, status: Status.student };
  return { education, status: "labor" };
}

/** The age at which secondary school ends and a cohort's schooling is decided. */
export function secondaryEnd(cfg: ScenarioConfig): number {
  const e = cfg.population_params.education;
  return e.school_start_age + e.primary_years + e.secondary_years;
}

/** The probability `p` with its log-odds raised by `shift` (0 and 1 stay as they are). */
export function shiftOdds(p: number, shift: number): number {
  if (shift === 0 || p <= 0 || p >= 1) return p;
  const odds = (p / (1 - p)) * Math.exp(shift);
  return odds / (1 + odds);
}
