import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { encodeIndexedPng, pngDataUrl } from "../../analysis/_png.ts";

/** The chunks of a PNG file: type and data, with each chunk's CRC checked. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const crc = view.getUint32(at + 8 + length);
    assert.equal(crc, crc32(png.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    out.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** CRC-32 (ISO 3309), bit by bit: an independent check of the encoder's table-driven one. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

Deno.test("encodeIndexedPng() writes an indexed PNG whose rows inflate back to the pixels", () => {
  const pixels = Uint8Array.of(0, 1, 2, 2, 1, 0);
  const png = encodeIndexedPng({
    width: 3,
    height: 2,
    pixels,
    palette: [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 0, 0]],
  });
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const cs = chunks(png);
  assert.deepEqual(cs.map((c) => c.type), ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
  const ihdr = new DataView(cs[0].data.buffer, cs[0].data.byteOffset);
  assert.deepEqual([ihdr.getUint32(0), ihdr.getUint32(4), cs[0].data[8], cs[0].data[9]], [
    3,
    2,
    8,
    3,
  ]);
  assert.deepEqual([...cs[1].data], [255, 0, 0, 0, 255, 0, 0, 0, 0]);
  assert.deepEqual([...cs[2].data], [255, 255, 0]);
  assert.deepEqual([...inflateSync(cs[3].data)], [0, 0, 1, 2, 0, 2, 1, 0]);
  assert.ok(pngDataUrl(png).startsWith("data:image/png;base64,iVBORw0KGgo"));
});

Deno.test("encodeIndexedPng() leaves out tRNS when every color is opaque, and checks sizes", () => {
  const png = encodeIndexedPng({
    width: 1,
    height: 1,
    pixels: Uint8Array.of(0),
    palette: [[1, 2, 3, 255]],
  });
  assert.deepEqual(chunks(png).map((c) => c.type), ["IHDR", "PLTE", "IDAT", "IEND"]);
  assert.throws(
    () =>
      encodeIndexedPng({
        width: 2,
        height: 2,
        pixels: new Uint8Array(3),
        palette: [[0, 0, 0, 255]],
      }),
    /3 pixels do not fill 2×2/,
  );
});
