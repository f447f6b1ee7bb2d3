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
 * The life stage at `age` of a person with school draws `u0`, `u1`.
 *
 * @example
 * ```ts
 * lifeStage(cfg, 10, 0.5, 0.5); // { education: 1, status: Status.student } with defaults
 * ```
 */
export function lifeStage(cfg: ScenarioConfig, age: number, u0: number, u1: number): Stage {
  const e = cfg.population_params.education;
  const p = cfg.population_params;
  const primaryEnd = e.school_start_age + e.primary_years;
  const secondaryEnd = primaryEnd + e.secondary_years;
  const tertiaryEnd = secondaryEnd + e.tertiary_years;
  if (age < e.school_start_age) return { education: 0, status: Status.child };
  if (age < primaryEnd) return { education: 0, status: Status.student };
  if (age < secondaryEnd) return { education: 1, status: Status.student };
  const secondary = u0 < e.secondary_completion;
  const tertiary = secondary && u1 < e.tertiary_entry;
  if (tertiary && age < tertiaryEnd) return { education: 2, status: Status.student };
  const education = tertiary ? 3 : secondary ? 2 : 1;
  if (age >= p.retirement_age) return { education, status: Status.retired };
  if (age < p.work_start_age) return { education, status: Status.student };
  return { education, status: "labor" };
}
