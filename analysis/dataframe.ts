/**
 * danfojs DataFrames built column-wise from Arrow tables or typed-array columns.
 *
 * A snapshot table arrives as Arrow (or as the engine's typed-array columns); a researcher
 * wants a DataFrame to slice, group and describe. The frame is built from whole columns, never
 * from per-row objects.
 *
 * Importing this module teaches danfojs to render in the Deno Jupyter kernel: every DataFrame
 * and Series, however it was made (`df.head()`, `df.describe()`, `df.groupby([...]).mean()`,
 * `df["x"]`, `new DataFrame(...)`), shows as an HTML table, and a `df.groupby([...])` as its
 * groups. The display method sits on danfojs's `NDframe` prototype, the base class of both its
 * DataFrame and Series (including the internal classes that derived frames are made of).
 *
 * @module
 */
import * as arrow from "apache-arrow";
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import { DataFrame, NDframe, type Series } from "npm:danfojs@1.1.2";
import {
  escapeHtml,
  type HtmlTableOptions,
  installHtmlDisplay,
  tableHtml,
  withHtmlDisplay,
} from "./display.ts";

/** danfojs's DataFrame (v1.1.2), the type {@linkcode toDataFrame} returns. */
export type { DataFrame };
/** danfojs's Series (v1.1.2), e.g. a column `df["x"]`. */
export type { Series };

/** A typed-array column as the engine's tables hold them. */
export type TypedColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | BigInt64Array
  | BigUint64Array;

/** Column name -> values, the plain (non-Arrow) input of {@linkcode toDataFrame}. */
export type ColumnRecord = Record<string, TypedColumn | ReadonlyArray<unknown>>;

/** danfojs's dtype names. */
type Dtype = "float32" | "int32" | "boolean" | "string";

/** Options of {@linkcode toDataFrame}. */
export interface ToDataFrameOptions {
  /** Only these columns (after vector expansion the originals' names still select). */
  columns?: string[];
  /** How the frame renders in the kernel. @default {{ maxRows: 20 }} */
  display?: HtmlTableOptions;
}

/**
 * Builds a danfojs DataFrame from an Arrow table or a record of columns, column by column.
 *
 * - Numeric columns become numbers (64-bit integers are converted with `Number`, exact up to
 *   2^53); integer columns get danfojs dtype `int32`, floats `float32` (danfojs's labels; the
 *   values stay JavaScript doubles).
 * - Null entries stay `null` (e.g. a nullable Int32 reference column such as `employer_id`).
 * - A FixedSizeList column such as `skills` (f32x8) becomes columns `skills_0` … `skills_7`.
 * - Other Arrow types (strings, dictionaries, booleans, dates) go through Arrow's `get`.
 *
 * Like every danfojs frame once this module is loaded, it renders as an HTML table in the Deno
 * kernel; `opts.display` sets how (rows shown, caption).
 *
 * @param table An `arrow.Table` or a record of typed arrays / arrays of equal length.
 * @param opts Column selection and display options.
 * @returns A danfojs DataFrame that displays in the kernel.
 * @throws {Error} When the record's columns differ in length or a selected column is missing.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { toDataFrame } from "./dataframe.ts";
 * const df = toDataFrame(tableFromArrays({ id: Int32Array.of(1, 2), wealth: Float64Array.of(3, 4) }));
 * df.shape; // [2, 2]
 * ```
 */
export function toDataFrame(
  table: arrow.Table | ColumnRecord,
  opts: ToDataFrameOptions = {},
): DataFrame {
  const data: Record<string, unknown[]> = {};
  const dtypes: Dtype[] = [];
  const add = (name: string, values: unknown[], dtype: Dtype) => {
    data[name] = values;
    dtypes.push(dtype);
  };
  if (table instanceof arrow.Table) {
    const fields = selectNames(table.schema.fields.map((f) => f.name), opts.columns);
    for (const name of fields) addArrowColumn(name, table.getChild(name)!, add);
  } else {
    const names = selectNames(Object.keys(table), opts.columns);
    let length = -1;
    for (const name of names) {
      const col = table[name];
      if (length >= 0 && col.length !== length) {
        throw new Error(
          `toDataFrame(): column "${name}" has ${col.length} values but "${
            names[0]
          }" has ${length}`,
        );
      }
      length = col.length;
      addPlainColumn(name, col, add);
    }
  }
  const names = Object.keys(data);
  // danfojs cannot build a frame from empty columns; an empty row list keeps the column names.
  const empty = names.length > 0 && data[names[0]].length === 0;
  const df = empty ? new DataFrame([], { columns: names }) : new DataFrame(data, { dtypes });
  return opts.display ? withFrameDisplay(df, opts.display) : df;
}

/**
 * Sets how one danfojs DataFrame or Series renders in the Deno Jupyter kernel (rows shown,
 * digits, caption). Every frame already renders as a table once this module is loaded; use this
 * to change the table of one frame, e.g. to give it a caption or show more rows.
 *
 * @param df A danfojs DataFrame or Series (returned, not copied).
 * @param opts Table options (rows shown, digits, caption).
 * @returns The same frame.
 *
 * @example
 * ```ts
 * import { toDataFrame, withFrameDisplay } from "./dataframe.ts";
 * const df = toDataFrame({ age: Int32Array.of(30, 40, 50) });
 * withFrameDisplay(df.describe(), { caption: "age", digits: 3 }); // a captioned table
 * ```
 */
export function withFrameDisplay<T extends DataFrame | Series>(
  df: T,
  opts: HtmlTableOptions = {},
): T {
  return withHtmlDisplay(df, (frame) => frameHtml(frame, opts));
}

/** What rendering reads of a danfojs DataFrame or Series: public getters, no copies. */
interface FrameView {
  readonly ndim: number;
  readonly shape: number[];
  readonly columns: string[];
  readonly index: unknown[];
  readonly values: unknown[];
  readonly dtypes: string[];
}

/**
 * A DataFrame or Series as an HTML table. It reads the row-major `values` danfojs keeps, and only
 * the rows shown (head and tail of a long frame), so it costs the same for any frame size;
 * `getColumnData` would transpose the whole frame.
 */
function frameHtml(frame: DataFrame | Series, opts: HtmlTableOptions = {}): string {
  const f = frame as unknown as FrameView;
  try {
    const values = f.values;
    const index = f.index;
    const series = f.ndim === 1;
    return tableHtml({
      columns: series ? [String(f.columns[0] ?? "")] : f.columns.map(String),
      rowCount: f.shape[0],
      cell: series ? (r) => values[r] : (r, c) => (values[r] as unknown[])[c],
      indexLabel: (r) => index[r],
      dtypes: f.dtypes,
    }, {
      maxRows: 20,
      ...opts,
      caption: opts.caption ?? (series ? `Series ${f.columns[0] ?? ""}` : undefined),
    });
  } catch (e) {
    // The kernel shows nothing useful when a display method throws; say what went wrong.
    return `<pre>danfojs frame could not be rendered as a table: ${
      escapeHtml(String((e as Error)?.message ?? e))
    }</pre>`;
  }
}

/** What rendering reads of a danfojs Groupby (the value of `df.groupby([...])`). */
interface GroupbyView {
  readonly keyCol: string[];
  readonly columnName: string[];
  readonly colDict: Record<string, Record<string, unknown[]>>;
  readonly keyToValue: Record<string, unknown[]>;
  readonly groupColNames?: string[];
}

/** A danfojs Groupby as a table of its groups: the key values and the rows in each group. */
function groupbyHtml(groupby: object, opts: HtmlTableOptions = {}): string {
  const g = groupby as GroupbyView;
  try {
    const keys = Object.keys(g.colDict);
    const keyCols = g.keyCol.map(String);
    const valueCols = g.groupColNames ?? g.columnName.filter((c) => !g.keyCol.includes(c));
    const size = (r: number) => {
      const group = g.colDict[keys[r]];
      for (const name in group) return group[name].length;
      return 0;
    };
    return tableHtml({
      columns: [...keyCols, "rows"],
      rowCount: keys.length,
      cell: (r, c) => (c < keyCols.length ? g.keyToValue[keys[r]]?.[c] : size(r)),
    }, {
      maxRows: 20,
      ...opts,
      caption: `groupby([${keyCols.join(", ")}]) of ${
        valueCols.join(", ")
      }: aggregate with .mean(), .sum(), .count(), .agg({...})`,
    });
  } catch (e) {
    return `<pre>danfojs groupby could not be rendered: ${
      escapeHtml(String((e as Error)?.message ?? e))
    }</pre>`;
  }
}

// Once per process: every NDframe (DataFrame, Series, and danfojs's internal subclasses that
// head(), describe(), groupby().mean() ... construct) and every Groupby renders in the kernel.
installHtmlDisplay(NDframe.prototype as object, (f) => frameHtml(f as DataFrame));
installHtmlDisplay(
  Object.getPrototypeOf(new DataFrame({ key: [0] }).groupby(["key"])) as object,
  groupbyHtml,
);

function selectNames(available: string[], wanted?: string[]): string[] {
  if (!wanted) return available;
  for (const name of wanted) {
    if (!available.includes(name)) {
      throw new Error(
        `toDataFrame(): no column "${name}"; the columns are ${available.join(", ")}`,
      );
    }
  }
  return wanted;
}

type AddColumn = (name: string, values: unknown[], dtype: Dtype) => void;

function addArrowColumn(name: string, vector: arrow.Vector, add: AddColumn): void {
  const type = vector.type;
  const n = vector.length;
  if (arrow.DataType.isFixedSizeList(type)) {
    // Split the flat child values into one column per position; a null list nulls every part.
    const size = type.listSize;
    const child = vector.getChildAt(0)!;
    const flat = child.toArray() as ArrayLike<number | bigint>;
    const childDtype = dtypeOfArrow(child.type);
    const listNulls = vector.nullCount > 0;
    const childNulls = child.nullCount > 0;
    for (let k = 0; k < size; k++) {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const j = i * size + k;
        out[i] = (listNulls && !vector.isValid(i)) || (childNulls && !child.isValid(j))
          ? null
          : toJs(flat[j]);
      }
      add(`${name}_${k}`, out, childDtype);
    }
    return;
  }
  const dtype = dtypeOfArrow(type);
  if (arrow.DataType.isInt(type) || arrow.DataType.isFloat(type)) {
    const values = vector.toArray() as ArrayLike<number | bigint>;
    const out = new Array<unknown>(n);
    const hasNulls = vector.nullCount > 0;
    const big = typeof values[0] === "bigint";
    for (let i = 0; i < n; i++) {
      out[i] = hasNulls && !vector.isValid(i) ? null : big ? Number(values[i]) : values[i];
    }
    add(name, out, dtype);
    return;
  }
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = toJs(vector.get(i));
  add(name, out, dtype);
}

function dtypeOfArrow(type: arrow.DataType): Dtype {
  if (arrow.DataType.isInt(type)) return "int32";
  if (arrow.DataType.isFloat(type) || arrow.DataType.isDecimal(type)) return "float32";
  if (arrow.DataType.isBool(type)) return "boolean";
  if (arrow.DataType.isDate(type) || arrow.DataType.isTimestamp(type)) return "int32";
  if (arrow.DataType.isDictionary(type)) return dtypeOfArrow(type.dictionary);
  return "string";
}

function addPlainColumn(
  name: string,
  col: TypedColumn | ReadonlyArray<unknown>,
  add: AddColumn,
): void {
  const n = col.length;
  if (col instanceof Float64Array || col instanceof Float32Array) {
    add(name, Array.from(col), "float32");
    return;
  }
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    add(name, Array.from(col, Number), "int32");
    return;
  }
  if (ArrayBuffer.isView(col)) {
    add(name, Array.from(col as ArrayLike<number>), "int32");
    return;
  }
  const arr = col as ReadonlyArray<unknown>;
  const out = new Array<unknown>(n);
  let allNumber = true;
  let allInt = true;
  let allBool = true;
  for (let i = 0; i < n; i++) {
    const v = toJs(arr[i]);
    out[i] = v;
    if (v === null) continue;
    if (typeof v === "number") {
      allBool = false;
      if (!Number.isInteger(v)) allInt = false;
    } else if (typeof v === "boolean") {
      allNumber = false;
    } else {
      allNumber = false;
      allBool = false;
    }
  }
  add(name, out, allNumber ? (allInt ? "int32" : "float32") : allBool ? "boolean" : "string");
}

/** Arrow or array cell -> a value danfojs accepts (it cannot handle bigint). */
function toJs(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return Number(v);
  return v;
}
