/**
 * Invariant checks run by bookkeeping every tick: declared column bounds (no negative stocks
 * or populations), money conservation and any system-specific check. A violation stops the
 * run with the tick, table, row, id and value.
 *
 * @module
 */
import { type ColumnArray, NULL_REF, type Table } from "./table.ts";

/** A broken invariant: the run cannot go on. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvariantError";
  }
}

/**
 * Checks every declared `min`/`max` bound (NaN fails it too). With `deep`, also that no
 * f32/f64 column holds NaN and that every reference column points at a live row.
 *
 * @throws {InvariantError} naming tick, table, column, row, id and value.
 */
export function checkColumns(tick: number, tables: Record<string, Table>, deep: boolean): void {
  for (const t of Object.values(tables)) {
    const cols = t.col as Record<string, ColumnArray>;
    for (const [name, c] of Object.entries(t.spec.columns)) {
      const a = cols[name];
      const w = t.widths[name];
      const n = t.length * w;
      const lo = c.min ?? -Infinity;
      const hi = c.max ?? Infinity;
      const float = c.type === "f32" || c.type === "f64";
      if ((deep && float) || c.min !== undefined || c.max !== undefined) {
        for (let i = 0; i < n; i++) {
          const v = a[i];
          if (!(v >= lo && v <= hi)) fail(tick, t, name, Math.floor(i / w), v, lo, hi);
        }
      }
      if (deep && c.ref) {
        const target = tables[c.ref];
        if (!target) continue;
        for (let i = 0; i < n; i++) {
          const id = a[i];
          if (id !== NULL_REF && target.row(id) < 0) {
            throw new InvariantError(
              `tick ${tick}: ${t.name}.${name} row ${Math.floor(i / w)} (id ${
                t.ids[Math.floor(i / w)]
              }) refers to ${c.ref} id ${id}, which does not exist`,
            );
          }
        }
      }
    }
  }
}

function fail(tick: number, t: Table, col: string, row: number, v: number, lo: number, hi: number) {
  throw new InvariantError(
    `tick ${tick}: ${t.name}.${col} row ${row} (id ${t.ids[row]}) = ${v}, allowed ${lo}..${hi}`,
  );
}
