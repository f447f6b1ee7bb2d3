/**
 * Command-line helpers shared by the tools: whole numbers and seed lists (their `--set
 * path=value` changes are read by `changesFromText`, analysis/changes.ts, as the CLI's are).
 *
 * @module
 */

/** A whole number >= 0 from flag `--flag`, or an error naming the flag and the text. */
export function count(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`--${flag} must be a whole number, got "${text}"`);
  }
  return n;
}

/** Seeds from `1-5`, `1,4,7` or a mix (`1-3,9`). */
export function seedList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(",")) {
    const [lo, hi] = part.split("-").map((s) => count("seeds", s));
    for (let s = lo; s <= (hi ?? lo); s++) out.push(s);
  }
  if (out.length === 0) throw new Error(`--seeds gives no seed: "${text}" (e.g. 1-5 or 1,4,7)`);
  return out;
}
