import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { toDataFrame, withFrameDisplay } from "../../analysis/dataframe.ts";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";

function skillsVector(rows: number[][]): arrow.Vector {
  const type = new arrow.FixedSizeList(8, new arrow.Field("item", new arrow.Float32(), false));
  return arrow.vectorFromArray(rows, type);
}

Deno.test("toDataFrame() keeps Arrow columns and their nulls", () => {
  const employer = arrow.vectorFromArray([7, null, 9], new arrow.Int32());
  const table = new arrow.Table({
    id: arrow.vectorFromArray(Int32Array.of(1, 2, 3)),
    wealth: arrow.vectorFromArray(Float64Array.of(0.5, 1.5, 2.5)),
    employer_id: employer,
    age: arrow.vectorFromArray(BigInt64Array.of(30n, 40n, 50n)),
  });
  const df = toDataFrame(table);
  assert.deepEqual(df.columns, ["id", "wealth", "employer_id", "age"]);
  assert.deepEqual(df.shape, [3, 4]);
  assert.deepEqual(df.column("employer_id").values, [7, null, 9]);
  assert.deepEqual(df.column("age").values, [30, 40, 50]);
  assert.equal(df.dtypes[2], "int32");
});

Deno.test("toDataFrame() splits a FixedSizeList column into skills_0..skills_7", () => {
  const rows = [[0, 1, 2, 3, 4, 5, 6, 7], [10, 11, 12, 13, 14, 15, 16, 17]];
  const table = new arrow.Table({ skills: skillsVector(rows) });
  const df = toDataFrame(table);
  assert.deepEqual(df.columns, Array.from({ length: 8 }, (_, k) => `skills_${k}`));
  assert.deepEqual(df.column("skills_3").values, [3, 13]);
  assert.deepEqual(df.column("skills_7").values, [7, 17]);
});

Deno.test("toDataFrame() accepts a record of typed arrays and arrays", () => {
  const df = toDataFrame({
    id: Uint32Array.of(1, 2),
    income: Float32Array.of(1.5, 2.5),
    region: ["north", null],
    employed: [true, false],
  });
  assert.deepEqual(df.shape, [2, 4]);
  assert.deepEqual(df.dtypes, ["int32", "float32", "string", "boolean"]);
  assert.deepEqual(df.column("region").values, ["north", null]);
  assert.throws(() => toDataFrame({ a: [1, 2], b: [1] }), /column "b" has 1 values/);
  assert.throws(() => toDataFrame({ a: [1] }, { columns: ["zz"] }), /no column "zz"/);
});

Deno.test("toDataFrame() frames display as an HTML table in the kernel", () => {
  const df = toDataFrame({ id: Int32Array.from({ length: 50 }, (_, i) => i) });
  const bundle = (df as unknown as { [JUPYTER_DISPLAY](): Record<string, string> })
    [JUPYTER_DISPLAY]();
  assert.ok(bundle["text/html"].includes("<table>"));
  assert.ok(bundle["text/html"].includes("… 30 more rows"));
  const head = withFrameDisplay(df.head(3)) as unknown as {
    [JUPYTER_DISPLAY](): Record<string, string>;
  };
  assert.ok(head[JUPYTER_DISPLAY]()["text/html"].includes("3 rows × 1 column"));
});

Deno.test("toDataFrame() builds a 50,000 x 20 frame column-wise", () => {
  const n = 50_000;
  const cols: Record<string, Float64Array | Int32Array> = {};
  for (let c = 0; c < 20; c++) {
    const a = c % 2 === 0 ? new Float64Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = (i * (c + 1)) % 997;
    cols[`c${c}`] = a;
  }
  const table = arrow.tableFromArrays(cols);
  const df = toDataFrame(table);
  assert.deepEqual(df.shape, [n, 20]);
  assert.equal(df.column("c3").values[n - 1], ((n - 1) * 4) % 997);
});
