/**
 * A worker's productivity in a sector: the sector's skill weights applied to the worker's
 * skills, times the human capital of their schooling. Inlined by V8 into the per-person loops.
 * @module
 */
import type { ScenarioConfig } from "../../scenario/schema.ts";

/**
 * Effective labor units one person supplies in a sector (1 = a secondary graduate of average
 * skills). `schooling[level]` is the human-capital factor of each education level (see
 * {@link schoolingFactors}).
 *
 * @example
 * ```ts
 * productivity(skills, 2, row, recipes.skillWeights, sector, recipes.schooling);
 * ```
 */
export function productivity(
  skills: Float32Array,
  education: number,
  row: number,
  weights: Float64Array,
  sector: number,
  schooling: Float64Array,
): number {
  let s = 0;
  const o = row * 8;
  const w = sector * 8;
  for (let k = 0; k < 8; k++) s += weights[w + k] * skills[o + k];
  return s * schooling[education];
}

/**
 * Human capital by education level (none, primary, secondary, tertiary): `exp(r x years)`
 * for the years of schooling each level takes, relative to a secondary graduate. Each year
 * of school raises productivity by the log-linear return `r`
 * (`economy.production.schooling_return`), the human-capital earnings function of Mincer
 * 1974 (Schooling, Experience, and Earnings, NBER) and Becker 1964; firms pay by
 * productivity (see the labor market), so wages carry the return, which Psacharopoulos &
 * Patrinos 2018 (Education Economics 26:445) put near 9% a year worldwide.
 *
 * @example
 * ```ts
 * schoolingFactors(cfg); // [0.34, 0.58, 1, 1.43] for 6 + 6 + 4 years at 9%
 * ```
 */
export function schoolingFactors(cfg: ScenarioConfig): Float64Array {
  const r = cfg.economy.production.schooling_return;
  const years = schoolingYears(cfg);
  return Float64Array.from(years, (y) => Math.exp(r * (y - years[2])));
}

/**
 * Years of school each education level (none, primary, secondary, tertiary) has taken.
 *
 * @example
 * ```ts
 * schoolingYears(cfg); // [0, 6, 12, 16] with the default 6 + 6 + 4 years
 * ```
 */
export function schoolingYears(cfg: ScenarioConfig): number[] {
  const e = cfg.population_params.education;
  const years = [0, e.primary_years, e.primary_years + e.secondary_years];
  years.push(years[2] + e.tertiary_years);
  return years;
}

/**
 * Age at which each education level (none, primary, secondary, tertiary) can first work: the
 * labor-force entry age or the end of school, whichever comes later. A person's potential
 * experience (Mincer 1974) is their age less this.
 *
 * @example
 * ```ts
 * workStartAges(cfg); // [18, 18, 18, 22] with school from 6, 6 + 6 + 4 years, work from 18
 * ```
 */
export function workStartAges(cfg: ScenarioConfig): Float64Array {
  const pp = cfg.population_params;
  return Float64Array.from(
    schoolingYears(cfg),
    (y) => Math.max(pp.work_start_age, pp.education.school_start_age + y),
  );
}

/**
 * How much of the early-career learning rate a worker with `experience` years of potential
 * experience still gets: `1 - experience / peak`, never below 0 (the slope of Mincer's
 * quadratic, flat after the peak).
 */
export function learningLeft(experience: number, peak: number): number {
  const left = 1 - experience / peak;
  return left < 0 ? 0 : left > 1 ? 1 : left;
}

/**
 * Years of full-rate learning in `years` of potential experience under {@link learningLeft}:
 * the integral of `1 - x / peak` from 0 to `min(years, peak)`.
 */
export function learnedYears(years: number, peak: number): number {
  const x = years < peak ? years : peak;
  return x - (x * x) / (2 * peak);
}
