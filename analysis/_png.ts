/**
 * A minimal PNG encoder for indexed-color images, so that a tile map can be one `<image>` in its
 * SVG instead of one `<rect>` per tile (a 128×64 map: 730 KB of rects, a few KB of PNG).
 *
 * Synchronous (figure builders return their SVG at once), so it compresses with `node:zlib`'s
 * `deflateSync` rather than the asynchronous `CompressionStream`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { deflateSync } from "node:zlib";

/** An indexed-color image: one palette index per pixel, row-major. */
export interface IndexedImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Palette index of each pixel, row-major (`width·height` entries). */
  pixels: Uint8Array;
  /** Palette colors as [r, g, b, a] (0-255 each); at most 256 entries. */
  palette: readonly (readonly [number, number, number, number])[];
}

/**
 * Encodes an indexed-color image as PNG (color type 3, 8 bits per pixel, with a `tRNS` chunk
 * when a palette color is not opaque).
 *
 * @param image Size, pixels and palette.
 * @returns The PNG file's bytes.
 * @throws {RangeError} When the pixel count does not match the size or the palette has more than
 *   256 colors.
 *
 * @example
 * ```ts
 * import { encodeIndexedPng } from "./_png.ts";
 * const png = encodeIndexedPng({
 *   width: 2,
 *   height: 1,
 *   pixels: Uint8Array.of(0, 1),
 *   palette: [[255, 255, 255, 255], [0, 0, 0, 255]],
 * });
 * png[1] === 0x50; // "P" of the signature
 * ```
 */
export function encodeIndexedPng(image: IndexedImage): Uint8Array {
  const { width, height, pixels, palette } = image;
  if (pixels.length !== width * height) {
    throw new RangeError(`PNG: ${pixels.length} pixels do not fill ${width}×${height}`);
  }
  if (palette.length === 0 || palette.length > 256) {
    throw new RangeError(`PNG: a palette holds 1 to 256 colors, not ${palette.length}`);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8 bits, indexed color, deflate, adaptive filters, no interlace
  const plte = new Uint8Array(palette.length * 3);
  const trns = new Uint8Array(palette.length);
  let translucent = false;
  palette.forEach(([r, g, b, a], i) => {
    plte.set([r, g, b], i * 3);
    trns[i] = a;
    if (a !== 255) translucent = true;
  });
  // Each scanline starts with its filter type; 0 (none) is enough: deflate finds the repeats of
  // an upscaled map (runs within a row, identical rows) by itself.
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const chunks = [
    chunk("IHDR", ihdr),
    chunk("PLTE", plte),
    ...(translucent ? [chunk("tRNS", trns)] : []),
    chunk("IDAT", new Uint8Array(deflateSync(raw, { level: 9 }))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  let size = signature.length;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  out.set(signature, 0);
  let at = signature.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * A PNG as a `data:` URL, for an SVG `<image>`.
 *
 * @param png The PNG file's bytes.
 * @returns `data:image/png;base64,…`.
 *
 * @example
 * ```ts
 * import { encodeIndexedPng, pngDataUrl } from "./_png.ts";
 * const url = pngDataUrl(encodeIndexedPng({
 *   width: 1,
 *   height: 1,
 *   pixels: Uint8Array.of(0),
 *   palette: [[0, 0, 0, 255]],
 * }));
 * url.startsWith("data:image/png;base64,"); // true
 * ```
 */
export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
