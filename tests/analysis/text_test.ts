import assert from "node:assert/strict";
import { plainNumber, textWidth, wrapText } from "../../analysis/_text.ts";

Deno.test("plainNumber() writes ticks as plain numbers, never with SI prefixes", () => {
  assert.equal(plainNumber(0.2), "0.2");
  assert.equal(plainNumber(0.0001), "0.0001");
  assert.equal(plainNumber(20_000), "20,000");
  assert.equal(plainNumber(-1500), "−1,500");
  assert.equal(plainNumber(1e-15), "1e−15");
  assert.equal(plainNumber(2.5e20), "2.5e+20");
  assert.equal(plainNumber(0), "0");
});

Deno.test("textWidth() estimates DejaVu Sans widths, wider when bold", () => {
  assert.equal(Math.round(textWidth("20,000", 10)), 35);
  assert.ok(textWidth("W", 10) > textWidth("i", 10));
  assert.ok(textWidth("abc", 16, true) > textWidth("abc", 16));
});

Deno.test("wrapText() breaks at spaces and cuts a word longer than the line", () => {
  const lines = wrapText("one two three four five six", 60, 10, false);
  assert.ok(lines.length > 1);
  assert.equal(lines.join(" "), "one two three four five six");
  for (const l of lines) assert.ok(textWidth(l, 10) <= 60, l);
  const cut = wrapText("incomprehensibilities", 40, 10, false);
  assert.equal(cut.length, 1);
  assert.ok(cut[0].endsWith("…") && textWidth(cut[0], 10) <= 40);
});
