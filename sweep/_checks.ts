/**
 * Argument checks shared by the sweep designs and estimators, so every function names itself
 * and the offending value in the same words.
 *
 * @module
 */

/**
 * Throws unless `value` is a positive safe integer.
 *
 * @throws {RangeError} naming the function, the argument and the value.
 */
export function checkPositiveInteger(fn: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * Throws unless `value` is a non-negative safe integer.
 *
 * @throws {RangeError} naming the function, the argument and the value.
 */
export function checkNonNegativeInteger(fn: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Throws unless `seed` is a safe integer (negative seeds are fine).
 *
 * @throws {RangeError} naming the function and the value.
 */
export function checkSeed(fn: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`${fn}: seed must be an integer, got ${seed}`);
  }
}
