import assert from "node:assert/strict";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
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
  const html = bundle["text/html"] ?? bundle["image/svg+xml"];
  assert.equal(html, fig.svg);
  assert.ok(fig.svg.includes("<svg"));
}

Deno.test("kpiLines() draws one line per KPI with a legend", () => {
  const fig = kpiLines(
    { tick: [0, 1, 2, 3], gdp: [1, 1.1, 1.2, 1.3], unemployment: [0.05, 0.06, 0.05, 0.04] },
    ["gdp", "unemployment"],
    { title: "Macro" },
  );
  assertDisplays(fig);
  assert.equal((fig.svg.match(/<path/g) ?? []).length >= 2, true);
  assert.ok(fig.svg.includes("unemployment"));
  assert.ok(fig.svg.includes("Macro"));
  assert.throws(
    () => kpiLines({ tick: [0], gdp: [1] }, ["cpi"]),
    /no KPI column "cpi"; known: gdp/,
  );
});

Deno.test("agePyramid() puts males and females on either side of zero", () => {
  const fig = agePyramid({ age_lo: [0, 20, 40], male: [10, 8, 5], female: [9, 8, 6] });
  assertDisplays(fig);
  assert.equal((fig.svg.match(/<rect/g) ?? []).length >= 6, true);
  assert.ok(fig.svg.includes(defaults.male));
  assert.throws(() => agePyramid({ age_lo: [0], male: [1, 2], female: [1] }), /agePyramid/);
});

Deno.test("tileMap() draws one cell per tile, row-major", () => {
  const fig = tileMap(Float32Array.from({ length: 12 }, (_, i) => i), 4, 3, { label: "fertility" });
  assertDisplays(fig);
  assert.ok((fig.svg.match(/<rect/g) ?? []).length >= 12);
  assert.ok(fig.svg.includes("fertility"));
  assert.throws(() => tileMap([1, 2, 3], 2, 2), /do not fill a 2×2 map/);
});

Deno.test("ccdf() plots positive values on log-log axes", () => {
  const fig = ccdf([0, 1, 2, 2, 5, 100], { xLabel: "employees" });
  assertDisplays(fig);
  assert.equal((fig.svg.match(/<circle/g) ?? []).length, 4); // 1, 2, 5, 100
  assert.ok(fig.svg.includes("employees"));
});

Deno.test("scatterFit() reports the least-squares slope in the title", () => {
  const fig = scatterFit([1, 2, 3, 4], [3, 5, 7, 9], { title: "Okun" });
  assertDisplays(fig);
  assert.ok(fig.svg.includes("Okun — slope 2, R² 1"));
});

Deno.test("a figure without title or legend displays as image/svg+xml with its namespace", () => {
  const fig = ccdf([1, 2, 3]);
  const bundle = fig[JUPYTER_DISPLAY]();
  assert.ok(bundle["image/svg+xml"].includes('xmlns="http://www.w3.org/2000/svg"'));
});
