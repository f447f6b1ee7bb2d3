/**
 * Tables: every entity kind (persons, households, firms, tiles, ...) is declared once as
 * column name -> dtype, unit and doc. The declaration allocates dense typed-array columns
 * that grow, gives each row a stable id that is never reused, resolves ids to rows through
 * an Int32Array index, and is the single source for the Arrow schema and the reference docs.
 *
 * Rows are dense: removing a row moves the last row into its place (swap-remove), so hot
 * loops are plain `for (let r = 0; r < t.length; r++)` over the columns. Column arrays are
 * replaced when the table grows: read `t.col.x` again after adding rows.
 *
 * @module
 */

/** Element types a column can hold. */
export type DType = "u8" | "u16" | "u32" | "i32" | "f32" | "f64";

/** Typed array for each dtype. */
export interface DTypeArray {
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** Any column array. */
export type ColumnArray = DTypeArray[DType];

const CONSTRUCTORS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;

/**
 * Writes every field of `record` twice, with an empty array of the same kind in between. V8
 * treats a field that has only ever held one value as a constant in optimised code, and the
 * first replacement (a table growing: new column arrays) then deoptimised every function that
 * read any column of the table at once, which took days (calls) to recover from. A field
 * written twice from the start is an ordinary field, and stays typed by its array kind.
 */
function reassignable(
  record: Record<string, ColumnArray>,
  columns: [string, ColumnSpec][],
): void {
  for (const [name, c] of columns) {
    const a = record[name];
    record[name] = new CONSTRUCTORS[c.type](0);
    record[name] = a;
  }
}

/** Null value of a reference column (an id that no row has). */
export const NULL_REF = -1;

/** One column of a table declaration. */
export interface ColumnSpec {
  /** Element type. References are `i32` holding an id of `ref`'s table, or {@link NULL_REF}. */
  readonly type: DType;
  /** Unit of the value ("years", "currency", "0..1", "id", ...). */
  readonly unit: string;
  /** One line saying what the column is. */
  readonly doc: string;
  /** Name of the table whose ids this column holds (nullable reference). */
  readonly ref?: string;
  /**
   * The column holds ids that may be {@link NULL_REF} without referring to a live row (e.g. a
   * mother who has died). References are nullable already; both are written as null, and
   * both start as {@link NULL_REF} in new rows.
   */
  readonly nullable?: boolean;
  /** Fixed vector width: a number, or a name resolved from the scenario (e.g. "goods"). */
  readonly width?: number | string;
  /** Names of the values of a categorical column (index = stored value). */
  readonly levels?: readonly string[];
  /** The column is a money account: it moves only through the ledger and is audited. */
  readonly money?: boolean;
  /** Smallest allowed value, checked every tick by the invariants (stocks: 0). */
  readonly min?: number;
  /** Largest allowed value, checked every tick by the invariants. */
  readonly max?: number;
  /**
   * A stock or a population: its bounds are checked every tick. Other bounded columns
   * (indices, shares, categories) are checked in the periodic deep checks.
   */
  readonly stock?: boolean;
}

/** A table declaration: its name, its doc and its columns. */
export interface TableSpec<C extends Record<string, ColumnSpec> = Record<string, ColumnSpec>> {
  readonly name: string;
  readonly doc: string;
  readonly columns: C;
}

/**
 * Declares a table once. The returned value is the declaration; {@link Table} instances are
 * made from it when a world is created.
 *
 * @example
 * ```ts
 * const pets = defineTable("pets", "Pets of the island.", {
 *   owner: { type: "i32", ref: "persons", unit: "id", doc: "Owner." },
 *   age: { type: "u8", unit: "years", doc: "Age." },
 * });
 * ```
 */
export function defineTable<C extends Record<string, ColumnSpec>>(
  name: string,
  doc: string,
  columns: C,
): TableSpec<C> {
  if ("id" in columns) throw new Error(`table ${name}: "id" is implicit, do not declare it`);
  return { name, doc, columns };
}

/** Typed columns of a table, keyed by column name. */
export type Columns<C extends Record<string, ColumnSpec>> = {
  [K in keyof C]: DTypeArray[C[K]["type"]];
};

/** A live table: dense typed-array columns, stable ids and an id -> row index. */
export class Table<C extends Record<string, ColumnSpec> = Record<string, ColumnSpec>> {
  /** The declaration this table was made from. */
  readonly spec: TableSpec<C>;
  /** Resolved vector width of every column (1 for scalars). */
  readonly widths: { readonly [K in keyof C]: number };
  /** The columns; arrays are replaced when the table grows. */
  col: Columns<C>;
  /** Stable id of each row. */
  ids: Uint32Array;
  /** Row of each id, or -1 when the id is not (or no longer) in the table. */
  rowOf: Int32Array;
  /** Number of live rows. */
  length = 0;
  /** Next id to hand out; ids are never reused within a run. */
  nextId = 0;
  #capacity: number;

  constructor(spec: TableSpec<C>, widths: Record<string, number>, capacity = 16) {
    this.spec = spec;
    // Both records are built with Object.fromEntries: an object that gets its properties one
    // computed name at a time turns into a hash table after a dozen of them (V8's dictionary
    // mode), and every `col.x` of a hot loop would then be a hash lookup.
    const entries = Object.entries(spec.columns);
    const w: Record<string, number> = Object.fromEntries(entries.map(([name, c]) => {
      if (c.width === undefined) return [name, 1];
      if (typeof c.width === "number") return [name, c.width];
      const v = widths[c.width];
      if (v === undefined || v < 1) {
        throw new Error(`table ${spec.name}.${name}: unknown vector width "${c.width}"`);
      }
      return [name, v];
    }));
    this.widths = w as { [K in keyof C]: number };
    this.#capacity = Math.max(1, capacity);
    // Every array is written twice (see reassignable): a table that grows replaces them.
    this.ids = new Uint32Array(0);
    this.ids = new Uint32Array(this.#capacity);
    this.rowOf = new Int32Array(0);
    this.rowOf = new Int32Array(Math.max(16, this.#capacity)).fill(-1);
    this.col = Object.fromEntries(entries.map(([name, c]) => {
      const a = new CONSTRUCTORS[c.type](this.#capacity * w[name]);
      if (c.ref || c.nullable) a.fill(NULL_REF);
      return [name, a];
    })) as Columns<C>;
    reassignable(this.col as Record<string, ColumnArray>, entries);
  }

  /** Table name. */
  get name(): string {
    return this.spec.name;
  }

  /** Allocated rows. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Makes room for at least `rows` rows without changing the live rows. */
  reserve(rows: number): void {
    if (rows <= this.#capacity) return;
    let cap = this.#capacity;
    while (cap < rows) cap = Math.ceil(cap * 1.5) + 16;
    const ids = new Uint32Array(cap);
    ids.set(this.ids.subarray(0, this.length));
    this.ids = ids;
    const col = this.col as Record<string, ColumnArray>;
    for (const [name, c] of Object.entries(this.spec.columns)) {
      const w = this.widths[name];
      const next = new CONSTRUCTORS[c.type](cap * w);
      if (c.ref || c.nullable) next.fill(NULL_REF);
      next.set(col[name].subarray(0, this.length * w) as never);
      col[name] = next;
    }
    this.#capacity = cap;
  }

  #ensureIdIndex(id: number): void {
    if (id < this.rowOf.length) return;
    let n = this.rowOf.length;
    while (n <= id) n = Math.ceil(n * 1.5) + 16;
    const next = new Int32Array(n).fill(-1);
    next.set(this.rowOf);
    this.rowOf = next;
  }

  /**
   * Appends `count` rows with fresh ids; their columns are zero (references and `nullable`
   * columns null).
   * @returns the row index of the first new row.
   */
  add(count = 1): number {
    const first = this.length;
    this.reserve(first + count);
    this.#ensureIdIndex(this.nextId + count);
    for (let i = 0; i < count; i++) {
      const id = this.nextId++;
      this.ids[first + i] = id;
      this.rowOf[id] = first + i;
    }
    this.length = first + count;
    return first;
  }

  /**
   * Appends one row with a given id (used when loading snapshots). Ids must be unique.
   * @returns the new row index.
   */
  addWithId(id: number): number {
    const row = this.length;
    this.reserve(row + 1);
    this.#ensureIdIndex(id);
    if (this.rowOf[id] !== -1) throw new Error(`table ${this.name}: duplicate id ${id}`);
    this.ids[row] = id;
    this.rowOf[id] = row;
    this.length = row + 1;
    if (id >= this.nextId) this.nextId = id + 1;
    return row;
  }

  /** Removes a row by moving the last row into its place. Ids of other rows keep their meaning. */
  remove(row: number): void {
    const last = this.length - 1;
    if (row < 0 || row > last) throw new RangeError(`table ${this.name}: no row ${row}`);
    const goneId = this.ids[row];
    if (row !== last) {
      const movedId = this.ids[last];
      this.ids[row] = movedId;
      this.rowOf[movedId] = row;
      const col = this.col as Record<string, ColumnArray>;
      for (const name in col) {
        const w = this.widths[name];
        const a = col[name];
        if (w === 1) a[row] = a[last];
        else a.copyWithin(row * w, last * w, last * w + w);
      }
    }
    const col = this.col as Record<string, ColumnArray>;
    for (const name in col) {
      const w = this.widths[name];
      const c = this.spec.columns[name];
      col[name].fill(c.ref || c.nullable ? NULL_REF : 0, last * w, last * w + w);
    }
    this.rowOf[goneId] = -1;
    this.length = last;
  }

  /** Row of an id, or -1 (see {@link rowOrNull}). */
  row(id: number): number {
    return rowOrNull(this.rowOf, id);
  }

  /** Bytes held per live row by the columns (the hot state of one entity). */
  bytesPerRow(): number {
    let b = 4; // ids
    for (const [name, c] of Object.entries(this.spec.columns)) {
      b += CONSTRUCTORS[c.type].BYTES_PER_ELEMENT * this.widths[name];
    }
    return b;
  }

  /** Empties the table and resets its id counter. */
  clear(): void {
    const col = this.col as Record<string, ColumnArray>;
    for (const name in col) {
      const c = this.spec.columns[name];
      col[name].fill(
        c.ref || c.nullable ? NULL_REF : 0,
        0,
        this.length * this.widths[name],
      );
    }
    this.length = 0;
    this.nextId = 0;
    this.rowOf.fill(-1);
  }
}

/** Constructor of a dtype's typed array. */
export function arrayFor(type: DType): typeof CONSTRUCTORS[DType] {
  return CONSTRUCTORS[type];
}

/**
 * Row of `id` in the id index `rowOf`, or -1 for a null reference, an id out of range or one
 * no longer in the table; without a branch (a null is as likely as not). Tables keep at least
 * 16 index entries, so the masked read of entry 0 is always in range.
 */
export function rowOrNull(rowOf: Int32Array, id: number): number {
  const ok = +(id >= 0) & +(id < rowOf.length);
  return (rowOf[id & -ok] + 1) * ok - 1;
}
