/**
 * Invariant checks run by bookkeeping every tick: declared column bounds (no negative stocks
 * or populations), money conservation and any system-specific check. A violation stops the
 * run with the tick, table, row, id and value.
 *
 * @module
 */
import { type ColumnArray, type DType, NULL_REF, type Table } from "./table.ts";

/** A broken invariant: the run cannot go on. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvariantError";
  }
}

/**
 * Checks the declared `min`/`max` bounds of stocks and populations. A value must also be
 * finite: NaN and +-Infinity fail every check, bounded or not (an infinite stock or price is
 * as broken as NaN, and arithmetic on it turns into NaN a few steps later).
 * With `deep`, checks every bounded column, that no f32/f64 column holds NaN or +-Infinity
 * and that every reference column points at a live row.
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
      const float = c.type === "f32" || c.type === "f64";
      const bounded = (c.min !== undefined || c.max !== undefined) && (deep || c.stock === true);
      if ((deep && float) || bounded) {
        // The largest finite doubles as default bounds: Infinity fails them like NaN does.
        const bad = RANGE_CHECKS[c.type](
          a,
          n,
          c.min ?? -Number.MAX_VALUE,
          c.max ?? Number.MAX_VALUE,
        );
        if (bad >= 0) fail(tick, t, name, Math.floor(bad / w), a[bad], c.min, c.max);
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

// One scan per typed-array kind, written out on purpose: a single shared loop would see six
// array kinds, go megamorphic and run several times slower on every tick.
type Scan = (a: ColumnArray, n: number, lo: number, hi: number) => number;
function scanU8(a: Uint8Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}
function scanU16(a: Uint16Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}
function scanU32(a: Uint32Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}
function scanI32(a: Int32Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}
function scanF32(a: Float32Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}
function scanF64(a: Float64Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}

/** Index of the first value outside [lo, hi] (NaN included), or -1, by dtype. */
const RANGE_CHECKS: Record<DType, Scan> = {
  u8: scanU8 as Scan,
  u16: scanU16 as Scan,
  u32: scanU32 as Scan,
  i32: scanI32 as Scan,
  f32: scanF32 as Scan,
  f64: scanF64 as Scan,
};

function fail(
  tick: number,
  t: Table,
  col: string,
  row: number,
  v: number,
  lo?: number,
  hi?: number,
) {
  const allowed = lo !== undefined && hi !== undefined
    ? `${lo}..${hi}`
    : `a finite number${lo !== undefined ? ` >= ${lo}` : ""}${hi !== undefined ? ` <= ${hi}` : ""}`;
  throw new InvariantError(
    `tick ${tick}: ${t.name}.${col} row ${row} (id ${t.ids[row]}) = ${v}, allowed ${allowed}`,
  );
}

/**
 * Checks that no KPI of this tick is +-Infinity. NaN is allowed: it is how a KPI says it is
 * not defined today (a rate over an empty group, inflation before 30 days of history).
 *
 * @param tick The tick being checked.
 * @param specs The KPI declarations (for the names).
 * @param values This tick's values, by KPI index.
 * @throws {InvariantError} naming the tick, the KPI and the value.
 * @example
 * ```ts
 * checkKpis(world.tick, world.kpis.specs, world.kpis.values);
 * ```
 */
export function checkKpis(
  tick: number,
  specs: readonly { name: string }[],
  values: Float64Array,
): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === Infinity || v === -Infinity) {
      throw new InvariantError(`tick ${tick}: KPI ${specs[k].name} = ${v}; KPIs must be finite`);
    }
  }
}
