import assert from "node:assert/strict";
import {
  escapeHtml,
  formatCell,
  htmlTable,
  JUPYTER_DISPLAY,
  liveDisplay,
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
});

Deno.test("htmlTable() escapes values and truncates with a 'more rows' line", () => {
  const html = htmlTable(
    { name: ["<b>x</b>", "y", "z"], wealth: Float64Array.of(1.5, 2, 3) },
    { maxRows: 2, caption: "households" },
  );
  assert.ok(html.includes("&lt;b&gt;x&lt;/b&gt;"));
  assert.ok(!html.includes("<b>x</b>"));
  assert.ok(html.includes("… 1 more row"));
  assert.ok(html.includes("3 rows × 2 columns"));
  assert.ok(html.includes("households"));
  assert.equal((html.match(/<tr>/g) ?? []).length, 3); // header + 2 rows
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
