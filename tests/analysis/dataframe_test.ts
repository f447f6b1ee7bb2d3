import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import { DataFrame } from "npm:danfojs@1.1.2";
import { toDataFrame, withFrameDisplay } from "../../analysis/dataframe.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../../analysis/display.ts";

/** The kernel's view of a value: its `text/html`, or a failure when it has no display method. */
function htmlOf(value: object): string {
  const display = (value as { [JUPYTER_DISPLAY]?: () => MimeBundle })[JUPYTER_DISPLAY];
  assert.equal(typeof display, "function", "the value has no Jupyter display method");
  return display!.call(value)["text/html"];
}

/** Header cells and body rows (cell text, tags removed) of the first table in `html`. */
function parseTable(html: string): { header: string[]; rows: string[][] } {
  const cells = (row: string) =>
    [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
  const head = html.match(/<thead>(.*?)<\/thead>/)?.[1] ?? "";
  const body = html.match(/<tbody>(.*?)<\/tbody>/)?.[1] ?? "";
  return {
    header: cells(head),
    rows: [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => cells(m[1])),
  };
}

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
  const html = htmlOf(df);
  assert.ok(html.includes("<table"));
  assert.ok(html.includes("50 rows × 1 column"));
  assert.ok(html.includes("… 30 more rows"));
  const captioned = toDataFrame({ id: [1, 2, 3] }, { display: { caption: "ids", maxRows: 2 } });
  assert.match(htmlOf(captioned), /ids — 3 rows × 1 column/);
  const head = withFrameDisplay(df.head(3), { caption: "first three" });
  assert.ok(htmlOf(head).includes("first three — 3 rows × 1 column"));
});

Deno.test("every danfojs DataFrame renders as a table, however it was made", () => {
  const df = new DataFrame({
    town: ["north", "south", "north", "south", "east"],
    age: [30, 40, 50, 60, 70],
    wealth: [1.5, 2.5, 3.5, 4.5, 10],
  });
  const cases: [string, object, string[], string[]][] = [
    ["new DataFrame()", df, ["", "town", "age", "wealth"], ["0", "north", "30", "1.5"]],
    ["head(2)", df.head(2), ["", "town", "age", "wealth"], ["0", "north", "30", "1.5"]],
    ["tail(2)", df.tail(2), ["", "town", "age", "wealth"], ["3", "south", "60", "4.5"]],
    ["describe()", df.describe(), ["", "age", "wealth"], ["count", "5", "5"]],
    ["groupby().mean()", df.groupby(["town"]).mean(), ["", "town", "age_mean", "wealth_mean"], [
      "0",
      "north",
      "40",
      "2.5",
    ]],
    ["groupby().col().sum()", df.groupby(["town"]).col(["age"]).sum(), ["", "town", "age_sum"], [
      "0",
      "north",
      "80",
    ]],
    ["groupby().agg()", df.groupby(["town"]).agg({ wealth: "max" }), ["", "town", "wealth_max"], [
      "0",
      "north",
      "3.5",
    ]],
    ["loc()", df.loc({ columns: ["age"] }), ["", "age"], ["0", "30"]],
    ["iloc()", df.iloc({ rows: [4] }), ["", "town", "age", "wealth"], ["4", "east", "70", "10"]],
    ["query()", df.query(df["age"].gt(55)), ["", "town", "age", "wealth"], [
      "3",
      "south",
      "60",
      "4.5",
    ]],
    ["sortValues()", df.sortValues("wealth", { ascending: false }), ["", "town", "age", "wealth"], [
      "4",
      "east",
      "70",
      "10",
    ]],
    ["toDataFrame()", toDataFrame({ n: Int32Array.of(7) }), ["", "n"], ["0", "7"]],
  ];
  for (const [how, frame, header, firstRow] of cases) {
    const table = parseTable(htmlOf(frame));
    assert.deepEqual(table.header, header, how);
    assert.deepEqual(table.rows[0], firstRow, how);
  }
});

Deno.test("every danfojs Series renders as a table of index and values", () => {
  const df = new DataFrame({ town: ["north", "south", "north"], age: [30, 40, 50] });
  const cases: [string, object, string, string[][]][] = [
    ['df["age"]', df["age"], "age", [["0", "30"], ["1", "40"], ["2", "50"]]],
    ['column("town")', df.column("town"), "town", [["0", "north"], ["1", "south"], ["2", "north"]]],
    ["head(1)", df["age"].head(1), "age", [["0", "30"]]],
    ["add(1)", df["age"].add(1), "age", [["0", "31"], ["1", "41"], ["2", "51"]]],
    ["valueCounts()", df["town"].valueCounts(), "0", [["north", "2"], ["south", "1"]]],
  ];
  for (const [how, series, name, rows] of cases) {
    const html = htmlOf(series);
    const table = parseTable(html);
    assert.deepEqual(table.header, ["", name], how);
    assert.deepEqual(table.rows, rows, how);
    assert.ok(html.includes(`Series ${name} — ${rows.length} row`), how);
  }
  const described = parseTable(htmlOf(df["age"].describe()));
  assert.deepEqual(described.rows.slice(0, 2), [["count", "3"], ["mean", "40"]]);
});

Deno.test("a danfojs groupby shows its groups and their sizes", () => {
  const df = new DataFrame({ town: ["north", "south", "north"], age: [30, 40, 50] });
  const html = htmlOf(df.groupby(["town"]));
  assert.match(html, /groupby\(\[town\]\) of age/);
  assert.deepEqual(parseTable(html).rows, [["north", "2"], ["south", "1"]]);
});

Deno.test("a large frame renders its head and tail with a row count, without reading the rest", () => {
  const n = 200_000;
  const df = toDataFrame({
    id: Int32Array.from({ length: n }, (_, i) => i),
    share: Float64Array.from({ length: n }, (_, i) => i / n),
  });
  const t0 = performance.now();
  const html = htmlOf(df);
  const ms = performance.now() - t0;
  const table = parseTable(html);
  assert.equal(table.rows.length, 21); // 10 head rows, the "…" row, 10 tail rows
  assert.deepEqual(table.rows[0], ["0", "0", "0"]);
  assert.deepEqual(table.rows[10], ["…", "…", "…"]);
  assert.deepEqual(table.rows[20], ["199999", "199999", "0.999995"]);
  assert.ok(html.includes("200000 rows × 2 columns"));
  assert.ok(html.includes("… 199980 more rows"));
  assert.ok(ms < 50, `rendering took ${ms.toFixed(1)} ms`);
});

Deno.test("frame tables escape names, values and index labels", () => {
  const df = new DataFrame({ "<b>name</b>": ["<script>x</script>", "a & b"] }, {
    index: ["<i>", "ok"],
  });
  const html = htmlOf(df);
  assert.ok(!html.includes("<script>") && !html.includes("<b>name") && !html.includes("<i>"));
  assert.ok(html.includes("&lt;script&gt;x&lt;/script&gt;"));
  assert.deepEqual(parseTable(html).header, ["", "&lt;b&gt;name&lt;/b&gt;"]);
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
