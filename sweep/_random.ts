/**
 * Seeded draws for the sweep designs and the bootstrap: a pure-rand xoroshiro128+ generator,
 * so a design is a pure function of its seed and nothing reads `Math.random`.
 *
 * @module
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

/** A source of uniform draws in [0, 1), advanced by each call. */
export type Uniform = () => number;

/**
 * Uniform draws in [0, 1) from one integer seed.
 *
 * @param seed any safe integer; its high and low 32 bits are folded so that seeds differing
 * only above bit 31 still give different streams.
 * @returns a draw function, deterministic for the seed.
 */
export function seededUniform(seed: number): Uniform {
  const folded = (seed ^ Math.floor(seed / 0x1_0000_0000)) | 0;
  const generator = xoroshiro128plus(folded);
  return () => uniformFloat64(generator);
}

/** A uniform integer in {0, ..., k - 1}. */
export function randomIndex(next: Uniform, k: number): number {
  return Math.floor(next() * k);
}

/** A uniform unsigned 32-bit integer. */
export function randomUint32(next: Uniform): number {
  return Math.floor(next() * 0x1_0000_0000) >>> 0;
}

/** A uniform random permutation of {0, ..., n - 1} (Fisher-Yates). */
export function randomPermutation(next: Uniform, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomIndex(next, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** A standard normal draw (Box–Muller; the second of the pair is discarded for simplicity). */
export function standardNormal(next: Uniform): number {
  const u = 1 - next(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
