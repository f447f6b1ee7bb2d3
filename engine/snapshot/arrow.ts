/**
 * Tables <-> Arrow. The table declaration gives the Arrow schema: each column becomes a field
 * of its dtype (vector columns a FixedSizeList), with its unit and doc in the field metadata.
 * Three conventions make a snapshot read the same in any tool:
 * - ids and every column that holds ids (references, `nullable` columns) are Int32, and
 *   "none" ({@link NULL_REF} in memory) is written as null;
 * - categorical columns (declared with `levels`) are dictionary-encoded strings, so DuckDB,
 *   polars or pandas read `"female"`, not `0`;
 * - other numeric columns pass to Arrow without copying.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import {
  arrayFor,
  type ColumnArray,
  type ColumnSpec,
  type DType,
  NULL_REF,
  type Table,
} from "../core/table.ts";

const ARROW_TYPES: Record<DType, () => arrow.DataType> = {
  u8: () => new arrow.Uint8(),
  u16: () => new arrow.Uint16(),
  u32: () => new arrow.Uint32(),
  i32: () => new arrow.Int32(),
  f32: () => new arrow.Float32(),
  f64: () => new arrow.Float64(),
};

function validity(values: Int32Array): { bitmap: Uint8Array; nulls: number } | undefined {
  let nulls = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === NULL_REF) nulls++;
  if (nulls === 0) return undefined;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== NULL_REF) bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

/** True when the column holds ids whose "none" is written as null. */
function holdsIds(c: ColumnSpec): boolean {
  return c.ref !== undefined || c.nullable === true;
}

function leaf(type: DType, values: ColumnArray, nullable: boolean): arrow.Data {
  const v = nullable ? validity(values as Int32Array) : undefined;
  return arrow.makeData({
    type: ARROW_TYPES[type](),
    length: values.length,
    data: values,
    nullCount: v?.nulls ?? 0,
    nullBitmap: v?.bitmap,
  } as never);
}

/**
 * The live rows of a table as an Arrow table (`id` first, then the declared columns).
 *
 * @example
 * ```ts
 * const t = tableToArrow(world.tables.persons);
 * t.numRows === world.tables.persons.length;
 * ```
 */
export function tableToArrow(t: Table): arrow.Table {
  const n = t.length;
  if (t.nextId > 0x7fffffff) throw new Error(`table ${t.name}: ids exceed the Int32 range`);
  const ids = new Int32Array(t.ids.buffer, t.ids.byteOffset, n);
  const fields: arrow.Field[] = [new arrow.Field("id", new arrow.Int32(), false)];
  const data: arrow.Data[] = [leaf("i32", ids, false)];
  const cols = t.col as Record<string, ColumnArray>;
  for (const [name, c] of Object.entries(t.spec.columns)) {
    const w = t.widths[name];
    const values = cols[name].subarray(0, n * w);
    const meta = new Map([["unit", c.unit], ["doc", c.doc]]);
    if (c.ref) meta.set("ref", c.ref);
    const nullable = holdsIds(c);
    if (c.levels && w === 1) {
      const d = categorical(values, c.levels);
      fields.push(new arrow.Field(name, d.type, false, meta));
      data.push(d);
    } else if (w === 1) {
      const d = leaf(c.type, values, nullable);
      fields.push(new arrow.Field(name, d.type, nullable, meta));
      data.push(d);
    } else {
      const child = leaf(c.type, values, nullable);
      const type = new arrow.FixedSizeList(w, new arrow.Field("item", child.type, nullable));
      fields.push(new arrow.Field(name, type, false, meta));
      data.push(arrow.makeData({ type, length: n, nullCount: 0, child }));
    }
  }
  const schema = new arrow.Schema(fields, new Map([["table", t.name], ["doc", t.spec.doc]]));
  const struct = arrow.makeData({
    type: new arrow.Struct(fields),
    length: n,
    nullCount: 0,
    children: data,
  });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
}

/** A categorical column as dictionary-encoded strings (its codes are the indices). */
function categorical(codes: ColumnArray, levels: readonly string[]): arrow.Data {
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Uint8());
  const dictionary = arrow.vectorFromArray([...levels], new arrow.Utf8());
  return arrow.makeData({
    type,
    length: codes.length,
    data: codes as Uint8Array,
    dictionary,
  } as never);
}

/**
 * Copies a dictionary-encoded column into level codes (the index of each label in `levels`).
 * The dictionary read back from Parquet need not be the declared levels in order, so each
 * entry is looked up by its label.
 *
 * @throws {Error} Starting with `where` when a label is not one of `levels`.
 */
export function levelCodes(
  vec: arrow.Vector,
  levels: readonly string[],
  out: ColumnArray,
  where: string,
): void {
  let at = 0;
  for (const d of vec.data) {
    const dict = d.dictionary!;
    const code = new Int32Array(dict.length);
    for (let k = 0; k < dict.length; k++) {
      code[k] = levels.indexOf(dict.get(k) as string);
      if (code[k] < 0) {
        throw new Error(`${where} holds "${dict.get(k)}", not one of ${levels.join(", ")}`);
      }
    }
    const idx = d.values as ArrayLike<number>;
    for (let i = 0; i < d.length; i++) out[at + i] = code[idx[d.offset + i]];
    at += d.length;
  }
}

/** Copies one Arrow column (all chunks) into a typed array, nulls as {@link NULL_REF}. */
function readColumn(vec: arrow.Vector, type: DType, width: number, out: ColumnArray): void {
  let at = 0;
  for (const d of vec.data) {
    const leafData = width === 1 ? d : d.children[0];
    const start = width === 1 ? d.offset : (d.offset * width + leafData.offset);
    const len = d.length * width;
    const values = leafData.values as ColumnArray;
    out.set(values.subarray(start, start + len) as never, at);
    if (leafData.nullCount > 0 && leafData.nullBitmap) {
      const bm = leafData.nullBitmap;
      for (let i = 0; i < len; i++) {
        const bit = start + i;
        if ((bm[bit >> 3] & (1 << (bit & 7))) === 0) out[at + i] = NULL_REF;
      }
    }
    at += len;
  }
  if (type === "i32" && at !== out.length) throw new Error("column length mismatch");
}

/**
 * Fills an empty table from an Arrow table written by {@link tableToArrow}. Columns are
 * matched by name; a missing or mistyped column is an error naming the table and column.
 */
export function arrowToTable(src: arrow.Table, t: Table, source: string): void {
  if (t.length !== 0) throw new Error(`table ${t.name} must be empty to load ${source}`);
  const n = src.numRows;
  const idVec = src.getChild("id");
  if (!idVec) throw new Error(`${source}: no "id" column; is this a PANARCHY snapshot?`);
  if (String(idVec.type) !== "Int32") {
    throw new Error(`${source}: "id" is ${idVec.type}, expected Int32; rerun with this engine`);
  }
  const ids = new Int32Array(n);
  readColumn(idVec, "i32", 1, ids);
  for (let i = 0; i < n; i++) t.addWithId(ids[i]);
  const cols = t.col as Record<string, ColumnArray>;
  for (const [name, c] of Object.entries(t.spec.columns)) {
    const vec = src.getChild(name);
    if (!vec) {
      throw new Error(`${source}: column "${name}" of table ${t.name} is missing`);
    }
    const w = t.widths[name];
    if (c.levels && w === 1) {
      if (!arrow.DataType.isDictionary(vec.type)) {
        throw new Error(
          `${source}: column "${name}" of table ${t.name} is ${vec.type}, expected labels`,
        );
      }
      levelCodes(vec, c.levels, cols[name], `${source}: column "${name}"`);
      continue;
    }
    const leafType = w === 1 ? vec.type : (vec.type as arrow.FixedSizeList).children[0].type;
    // Types read back from Parquet are generic (Int_, Float_): compare by their names.
    if (String(leafType) !== String(ARROW_TYPES[c.type]())) {
      throw new Error(
        `${source}: column "${name}" of table ${t.name} is ${leafType}, expected ${c.type}`,
      );
    }
    if (w > 1 && (vec.type as arrow.FixedSizeList).listSize !== w) {
      throw new Error(
        `${source}: column "${name}" has width ${(vec.type as arrow.FixedSizeList).listSize}, ` +
          `the scenario needs ${w}`,
      );
    }
    const out = new (arrayFor(c.type))(n * w);
    readColumn(vec, c.type, w, out);
    cols[name].set(out as never);
  }
}
