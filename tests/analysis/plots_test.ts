import assert from "node:assert/strict";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import { textWidth } from "../../analysis/_text.ts";
import {
  agePyramid,
  ccdf,
  defaults,
  type Figure,
  kpiLines,
  scatterFit,
  tileMap,
} from "../../analysis/plots.ts";

function assertDisplays(fig: Figure) {
  const bundle = fig[JUPYTER_DISPLAY]();
  assert.equal(bundle["image/svg+xml"], fig.svg);
  assert.equal(bundle["text/html"], fig.svg);
  // One standalone SVG: nothing (an HTML legend, a <figure>) around it.
  assert.ok(fig.svg.startsWith("<svg"));
  assert.ok(fig.svg.endsWith("</svg>"));
  assert.ok(fig.svg.includes('xmlns="http://www.w3.org/2000/svg"'));
  assert.equal(fig.element.tagName.toLowerCase(), "svg");
  assert.ok(!/<(figure|div|span|h2|h3|p)[\s>]/.test(fig.svg));
}

/** The texts of the `<g aria-label="…">` group named `label` (tick labels, legend). */
function groupTexts(svg: string, label: string): string[] {
  const start = svg.indexOf(`aria-label="${label}"`);
  if (start < 0) return [];
  const end = svg.indexOf("</g>", start);
  return [...svg.slice(start, end).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** y tick labels with the x at which each ends (Plot right-aligns them 9 px left of the axis). */
function yTickLabels(svg: string): { text: string; right: number }[] {
  const start = svg.indexOf('aria-label="y-axis tick label"');
  const end = svg.indexOf("</g>", start);
  const group = svg.slice(svg.lastIndexOf("<g", start), end);
  const dx = Number(group.match(/transform="translate\(([-\d.]+)/)?.[1] ?? 0);
  return [...group.matchAll(/<text[^>]*translate\(([-\d.]+),[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    text: m[2],
    right: Number(m[1]) + dx,
  }));
}

const tick = Array.from({ length: 100 }, (_, i) => i);

Deno.test("kpiLines() draws one line per KPI, named in a legend inside the svg", () => {
  const fig = kpiLines(
    { tick: [0, 1, 2, 3], gdp: [1, 1.1, 1.2, 1.3], unemployment: [0.05, 0.06, 0.05, 0.04] },
    ["gdp", "unemployment"],
    { title: "Macro", caption: "two KPIs" },
  );
  assertDisplays(fig);
  assert.equal((fig.svg.match(/aria-label="line"/g) ?? []).length, 2);
  assert.deepEqual(groupTexts(fig.svg, "legend"), ["gdp", "unemployment"]);
  assert.match(fig.svg, /aria-label="title"[^>]*>Macro</);
  assert.match(fig.svg, /aria-label="caption"[^>]*>two KPIs</);
  assert.throws(
    () => kpiLines({ tick: [0], gdp: [1] }, ["cpi"]),
    /no KPI column "cpi"; known: gdp/,
  );
});

Deno.test("kpiLines() fits the y axis to the data instead of starting it at zero", () => {
  const population = tick.map((t) => 50_000 * (1 + 0.01 * Math.sin(t / 10)));
  const labels = yTickLabels(kpiLines({ tick, population }, ["population"]).svg);
  const values = labels.map((l) => Number(l.text.replace(/,/g, "")));
  assert.ok(values.length >= 3, `ticks ${labels.map((l) => l.text)}`);
  assert.ok(Math.min(...values) >= 49_000, `lowest tick ${Math.min(...values)}`);
  assert.ok(Math.max(...values) <= 51_000, `highest tick ${Math.max(...values)}`);
  // A series crossing zero keeps its zero line.
  const swing = kpiLines({ tick, g: tick.map((t) => Math.sin(t / 10)) }, ["g"]).svg;
  assert.match(swing, /aria-label="rule"/);
  // A constant series still gets an axis around its value.
  const flat = yTickLabels(kpiLines({ tick, cpi: tick.map(() => 100) }, ["cpi"]).svg);
  assert.ok(flat.some((l) => Number(l.text) < 100) && flat.some((l) => Number(l.text) > 100));
});

Deno.test("kpiLines() leaves room left of the axis for wide tick labels", () => {
  const series = { tick, big: tick.map((t) => -20_000 + 2_000 * t), small: tick.map(() => 0) };
  const labels = yTickLabels(kpiLines(series, ["big", "small"]).svg);
  assert.ok(labels.some((l) => l.text === "−20,000"), labels.map((l) => l.text).join(" "));
  for (const l of labels) {
    assert.ok(l.right - textWidth(l.text, 10) >= 0, `"${l.text}" ends at ${l.right}`);
  }
});

Deno.test("kpiLines() shades a target band and names it in the legend", () => {
  const fig = kpiLines({ tick, u: tick.map(() => 0.05) }, ["u"], { targetBand: [0.03, 0.15] });
  assert.match(fig.svg, new RegExp(`fill="${defaults.band}"`));
  assert.deepEqual(groupTexts(fig.svg, "legend"), ["u", "target range"]);
  const labels = yTickLabels(fig.svg).map((l) => Number(l.text));
  assert.ok(Math.min(...labels) <= 0.04 && Math.max(...labels) >= 0.14);
});

Deno.test("log axes label their ticks with plain numbers, never SI prefixes", () => {
  const sample = Array.from({ length: 5000 }, (_, i) => Math.floor(5000 / (i + 1)));
  const fig = ccdf(sample, { xLabel: "employees" });
  const labels = [
    ...groupTexts(fig.svg, "y-axis tick label"),
    ...groupTexts(fig.svg, "x-axis tick label"),
  ]
    .filter((t) => t !== "");
  assert.ok(labels.includes("0.001") && labels.includes("1,000"), labels.join(" "));
  for (const t of labels) assert.match(t, /^[\d,.]+$/, `tick label "${t}"`);
  const logKpi = kpiLines({ tick, p: tick.map((t) => 10 ** (-t / 25)) }, ["p"], { logY: true });
  for (const t of groupTexts(logKpi.svg, "y-axis tick label").filter((x) => x !== "")) {
    assert.match(t, /^[\d,.]+$/, `tick label "${t}"`);
  }
});

Deno.test("agePyramid() puts males and females on either side of a symmetric axis", () => {
  const fig = agePyramid({ age_lo: [0, 20, 40], male: [10, 8, 5], female: [9, 8, 6] });
  assertDisplays(fig);
  assert.equal((fig.svg.match(/<rect[^>]*fill="#(4e79a7|e15759)"/g) ?? []).length >= 6, true);
  assert.deepEqual(groupTexts(fig.svg, "legend"), ["male", "female"]);
  const x = groupTexts(fig.svg, "x-axis tick label");
  assert.equal(x[0], x[x.length - 1], `x ticks ${x}`);
  assert.throws(() => agePyramid({ age_lo: [0], male: [1, 2], female: [1] }), /agePyramid/);
});

Deno.test("tileMap() draws the tiles as one image with a class legend, not a rect per tile", () => {
  const fig = tileMap(Float32Array.from({ length: 12 }, (_, i) => i), 4, 3, { label: "fertility" });
  assertDisplays(fig);
  assert.equal((fig.svg.match(/<image/g) ?? []).length, 1);
  assert.match(fig.svg, /xlink:href="data:image\/png;base64,/);
  assert.ok((fig.svg.match(/<rect/g) ?? []).length < 20);
  assert.equal(groupTexts(fig.svg, "legend")[0], "fertility");
  assert.throws(() => tileMap([1, 2, 3], 2, 2), /do not fill a 2×2 map/);
  assert.throws(() => tileMap([-1, 2], 2, 1, { scale: "log" }), /log color scale needs values ≥ 0/);
});

Deno.test("tileMap() picks a log scale for a town among empty tiles, and stays small", () => {
  const w = 64;
  const values = new Float64Array(w * w);
  for (let i = 0; i < values.length; i++) values[i] = i % 7 === 0 ? (i % 5) + 1 : 0;
  values[40 * w + 20] = 20_000;
  const fig = tileMap(values, w, w, { label: "persons" });
  const legend = groupTexts(fig.svg, "legend");
  assert.equal(legend[0], "persons, log scale");
  assert.deepEqual(legend.slice(1, 3), ["0", "1"]);
  assert.ok(fig.svg.length < 150_000, `${(fig.svg.length / 1024).toFixed(1)} KB`);
  const uniform = tileMap(Float64Array.from({ length: 100 }, (_, i) => i), 10, 10);
  assert.ok(!groupTexts(uniform.svg, "legend").some((t) => t.includes("log")));
});

Deno.test("ccdf() plots positive values on log-log axes, thinning dots that would overlap", () => {
  const fig = ccdf([0, 1, 2, 2, 5, 100], { xLabel: "employees" });
  assertDisplays(fig);
  assert.equal((fig.svg.match(/<circle/g) ?? []).length, 4); // 1, 2, 5, 100
  assert.ok(fig.svg.includes("employees"));
  const many = Array.from({ length: 20_000 }, (_, i) => 1 + i * 0.37);
  const big = ccdf(many);
  const dots = (big.svg.match(/<circle/g) ?? []).length;
  assert.ok(dots < 1500 && dots > 100, `${dots} dots`);
  assert.ok(big.svg.length < 80_000, `${(big.svg.length / 1024).toFixed(1)} KB`);
});

Deno.test("scatterFit() reports the least-squares slope in the title and names its marks", () => {
  const fig = scatterFit([1, 2, 3, 4], [3, 5, 7, 9], { title: "Okun" });
  assertDisplays(fig);
  assert.ok(fig.svg.includes("Okun — slope 2, R² 1"));
  assert.deepEqual(groupTexts(fig.svg, "legend"), ["observations", "least-squares fit"]);
});

Deno.test("a long title wraps to the figure's width", () => {
  const title = "A title far too long for one line of a figure that is only three hundred px wide";
  const fig = kpiLines({ tick: [0, 1], a: [1, 2] }, ["a"], { title, width: 300 });
  const lines = [...fig.svg.matchAll(/aria-label="title"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.ok(lines.length >= 2);
  assert.equal(lines.join(" "), title);
  for (const l of lines) assert.ok(textWidth(l, 16, true) <= 300 - 16, l);
});
