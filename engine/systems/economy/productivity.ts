/**
 * A worker's productivity in a sector: the sector's skill weights applied to the worker's
 * skills, raised by education. Inlined by V8 into the per-person loops.
 * @module
 */

/**
 * Effective labor units one person supplies in a sector (1 = an average worker with no
 * education premium).
 *
 * @example
 * ```ts
 * productivity(skills, 2, row, recipes.skillWeights, sector, 0.12);
 * ```
 */
export function productivity(
  skills: Float32Array,
  education: number,
  row: number,
  weights: Float64Array,
  sector: number,
  educationBonus: number,
): number {
  let s = 0;
  const o = row * 8;
  const w = sector * 8;
  for (let k = 0; k < 8; k++) s += weights[w + k] * skills[o + k];
  return s * (1 + educationBonus * education);
}
