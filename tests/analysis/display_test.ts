import assert from "node:assert/strict";
import {
  escapeHtml,
  formatCell,
  htmlTable,
  installHtmlDisplay,
  JUPYTER_DISPLAY,
  liveDisplay,
  tableHtml,
  withHtmlDisplay,
} from "../../analysis/display.ts";

Deno.test("escapeHtml() escapes markup characters", () => {
  assert.equal(
    escapeHtml(`<a href="x">&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
  );
});

Deno.test("formatCell() keeps integers whole and rounds other numbers", () => {
  assert.equal(formatCell(12345678), "12345678");
  assert.equal(formatCell(1 / 3), "0.333333");
  assert.equal(formatCell(2.5), "2.5");
  assert.equal(formatCell(1.23e-7), "1.230e-7");
  assert.equal(formatCell(null), "null");
  assert.equal(formatCell(NaN), "NaN");
  assert.equal(formatCell(7n), "7");
  assert.equal(formatCell(1234567.8), "1234568");
  assert.equal(formatCell(-0), "0");
});

Deno.test("htmlTable() escapes values and shows the head and tail of a long table", () => {
  const html = htmlTable(
    { name: ["<b>x</b>", "y", "z"], wealth: Float64Array.of(1.5, 2, 3) },
    { maxRows: 2, caption: "households" },
  );
  assert.ok(html.includes("&lt;b&gt;x&lt;/b&gt;"));
  assert.ok(!html.includes("<b>x</b>"));
  assert.ok(html.includes("… 1 more row"));
  assert.ok(html.includes("households — 3 rows × 2 columns"));
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]);
  assert.equal(rows.length, 4); // header, first row, "…" row, last row
  assert.match(rows[1], /&lt;b&gt;x/);
  assert.equal(rows[2], "<td>…</td><td>…</td>");
  assert.match(rows[3], />z</);
});

Deno.test("htmlTable() shows the first and last columns of a wide table", () => {
  const columns: Record<string, number[]> = {};
  for (let c = 0; c < 10; c++) columns[`c${c}`] = [c];
  const html = htmlTable(columns, { maxColumns: 4 });
  const header = [...html.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(header, ["c0", "c1", "…", "c8", "c9"]);
  assert.ok(html.includes("… 6 more columns"));
  assert.ok(html.includes("1 row × 10 columns"));
});

Deno.test("tableHtml() reads only the cells it shows", () => {
  const read = new Set<number>();
  const html = tableHtml({
    columns: ["n"],
    rowCount: 1_000_000,
    cell: (r) => (read.add(r), r * 2),
    indexLabel: (r) => `row ${r}`,
    dtypes: ["int32"],
  }, { maxRows: 4 });
  assert.deepEqual([...read].sort((a, b) => a - b), [0, 1, 999_998, 999_999]);
  assert.ok(html.includes("<th>row 999999</th>"));
  assert.ok(html.includes('<th title="int32">n</th>'));
  assert.ok(html.includes("1000000 rows × 1 column"));
});

Deno.test("htmlTable() greys missing values and cuts long text, keeping it as a tooltip", () => {
  const long = "x".repeat(30);
  const html = htmlTable({ v: [null, NaN, long] }, { maxChars: 10 });
  assert.ok(html.includes('<td style="color:#888"><i>null</i></td>'));
  assert.ok(html.includes('<td style="color:#888"><i>NaN</i></td>'));
  assert.ok(html.includes(`<td title="${long}">${"x".repeat(9)}…</td>`));
});

Deno.test("installHtmlDisplay() renders every instance of a class, own methods first", () => {
  class Point {
    x = 1;
    y = 2;
  }
  installHtmlDisplay(Point.prototype, (p) => `<b>${p.x},${p.y}</b>`);
  const p = new Point() as Point & { [JUPYTER_DISPLAY](): Record<string, string> };
  assert.deepEqual(p[JUPYTER_DISPLAY](), { "text/html": "<b>1,2</b>" });
  assert.deepEqual(Object.keys(p), ["x", "y"]);
  const own = withHtmlDisplay(new Point(), () => "<i>own</i>");
  assert.deepEqual(own[JUPYTER_DISPLAY](), { "text/html": "<i>own</i>" });
});

Deno.test("withHtmlDisplay() attaches a non-enumerable Jupyter display method", () => {
  const obj = withHtmlDisplay({ n: 3 }, (o) => `<p>${o.n}</p>`);
  assert.deepEqual(obj[JUPYTER_DISPLAY](), { "text/html": "<p>3</p>" });
  assert.deepEqual(Object.keys(obj), ["n"]);
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
});

Deno.test("liveDisplay() outside the kernel falls back without throwing", async () => {
  const lines: string[] = [];
  const live = liveDisplay({ fallback: (t) => lines.push(t) });
  assert.equal(live.inKernel, false);
  await live.update("<b>tick</b> 1 &amp; more");
  await live.update({ text: "tick 2" });
  assert.deepEqual(lines, ["tick 1 & more", "tick 2"]);
  await liveDisplay({ fallback: "none" }).update("silent");
});

Deno.test("liveDisplay() in a kernel sends display_data then update_display_data with one id", async () => {
  const sent: { type: string; content: Record<string, unknown> }[] = [];
  const live = liveDisplay({
    displayId: "progress",
    jupyter: { broadcast: (type, content) => (sent.push({ type, content }), Promise.resolve()) },
  });
  assert.equal(live.inKernel, true);
  await live.update("<i>1</i>");
  await live.update("<i>2</i>");
  assert.deepEqual(sent.map((s) => s.type), ["display_data", "update_display_data"]);
  assert.deepEqual(sent[1].content, {
    data: { "text/plain": "2", "text/html": "<i>2</i>" },
    metadata: {},
    transient: { display_id: "progress" },
  });
});

Deno.test("liveDisplay() falls back when the kernel refuses the message", async () => {
  const lines: string[] = [];
  const live = liveDisplay({
    fallback: (t) => lines.push(t),
    jupyter: { broadcast: () => Promise.reject(new Error("no active comm")) },
  });
  await live.update("still here");
  assert.deepEqual(lines, ["still here"]);
  assert.equal(live.inKernel, false);
});
