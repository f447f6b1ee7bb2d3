/**
 * Tables <-> Arrow. The table declaration gives the Arrow schema: each column becomes a field
 * of its dtype (vector columns a FixedSizeList), with its unit and doc in the field metadata;
 * reference columns are nullable Int32 whose null is {@link NULL_REF}. Numeric columns pass
 * to Arrow without copying.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { arrayFor, type ColumnArray, type DType, NULL_REF, type Table } from "../core/table.ts";

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
  const fields: arrow.Field[] = [new arrow.Field("id", new arrow.Uint32(), false)];
  const data: arrow.Data[] = [leaf("u32", t.ids.subarray(0, n), false)];
  const cols = t.col as Record<string, ColumnArray>;
  for (const [name, c] of Object.entries(t.spec.columns)) {
    const w = t.widths[name];
    const values = cols[name].subarray(0, n * w);
    const meta = new Map([["unit", c.unit], ["doc", c.doc]]);
    if (c.ref) meta.set("ref", c.ref);
    if (c.levels) meta.set("levels", c.levels.join(","));
    if (c.width === undefined) {
      const d = leaf(c.type, values, c.ref !== undefined);
      fields.push(new arrow.Field(name, d.type, c.ref !== undefined, meta));
      data.push(d);
    } else {
      const child = leaf(c.type, values, c.ref !== undefined);
      const type = new arrow.FixedSizeList(
        w,
        new arrow.Field("item", child.type, c.ref !== undefined),
      );
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
  const ids = new Uint32Array(n);
  readColumn(idVec, "u32", 1, ids);
  for (let i = 0; i < n; i++) t.addWithId(ids[i]);
  const cols = t.col as Record<string, ColumnArray>;
  for (const [name, c] of Object.entries(t.spec.columns)) {
    const vec = src.getChild(name);
    if (!vec) {
      throw new Error(`${source}: column "${name}" of table ${t.name} is missing`);
    }
    const w = t.widths[name];
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
