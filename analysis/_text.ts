/**
 * Text for figures without a browser: estimated widths (to fit margins and wrap titles before
 * anything is drawn) and plain tick numbers.
 *
 * Widths are estimated from DejaVu Sans metrics (the sans-serif font of Debian and of most Linux
 * Jupyter hosts, and wider than Helvetica or San Francisco), so an estimate errs on the side of
 * room.
 *
 * @module
 */

/**
 * Estimated width in pixels of `text` in a sans-serif font: DejaVu Sans advance widths (per
 * mille of the font size) for the characters charts use, a wide default for the rest.
 *
 * @param text The text.
 * @param fontSize Font size in pixels.
 * @param bold Bold text (about 10% wider).
 * @returns The estimated width.
 *
 * @example
 * ```ts
 * import { textWidth } from "./_text.ts";
 * Math.round(textWidth("20,000", 10)); // 35
 * ```
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += CHAR_WIDTH[ch] ?? (ch >= "A" && ch <= "Z" ? 720 : 760);
  return (units / 1000) * fontSize * (bold ? 1.1 : 1);
}

// DejaVu Sans advance widths, per mille of the em.
const CHAR_WIDTH: Record<string, number> = (() => {
  const w: Record<string, number> = {};
  for (const d of "0123456789") w[d] = 636;
  const lower = "abcdefghijklmnopqrstuvwxyz";
  const lw = [
    613,
    635,
    550,
    635,
    615,
    352,
    635,
    634,
    278,
    278,
    579,
    278,
    974,
    634,
    612,
    635,
    635,
    411,
    521,
    392,
    634,
    592,
    818,
    592,
    592,
    525,
  ];
  for (let i = 0; i < lower.length; i++) w[lower[i]] = lw[i];
  Object.assign(w, {
    " ": 318,
    ",": 318,
    ".": 318,
    ":": 337,
    ";": 337,
    "-": 361,
    "_": 500,
    "−": 838,
    "+": 838,
    "=": 838,
    "(": 390,
    ")": 390,
    "[": 390,
    "]": 390,
    "/": 337,
    "%": 950,
    "'": 275,
    '"': 460,
    "·": 318,
    "…": 1000,
    "–": 500,
    "—": 1000,
    "×": 838,
    "≥": 838,
    "≤": 838,
    "←": 838,
    "→": 838,
    "↑": 838,
    "↓": 838,
    "²": 400,
    "α": 659,
  });
  return w;
})();

/**
 * Splits text into lines no wider than `maxWidth` (estimated), breaking at spaces; a word wider
 * than the line is cut with "…".
 *
 * @param text The text.
 * @param maxWidth Line width in pixels.
 * @param fontSize Font size in pixels.
 * @param bold Bold text.
 * @returns The lines (at least one).
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  bold: boolean,
): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, fontSize, bold) <= maxWidth || line === "") {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.map((l) => {
    if (textWidth(l, fontSize, bold) <= maxWidth) return l;
    let cut = l;
    while (cut.length > 1 && textWidth(`${cut}…`, fontSize, bold) > maxWidth) {
      cut = cut.slice(0, -1);
    }
    return `${cut}…`;
  });
}

/**
 * A tick format with plain digits: "20,000", "0.001", "−3.5", never SI prefixes ("200m",
 * "20k"), which d3 uses for log axes.
 *
 * @param d The tick value.
 * @returns The label.
 *
 * @example
 * ```ts
 * import { plainNumber } from "./_text.ts";
 * plainNumber(0.2); // "0.2"
 * plainNumber(20000); // "20,000"
 * ```
 */
export function plainNumber(d: number): string {
  if (!Number.isFinite(d)) return String(d);
  const abs = Math.abs(d);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-6)) {
    // "1e−15", "2.5e+20": d3's compact form, without SI prefixes.
    const [mantissa, exponent] = d.toExponential(2).split("e");
    return `${String(Number(mantissa))}e${exponent}`.replaceAll("-", "−");
  }
  return d.toLocaleString("en-US", { maximumSignificantDigits: 6 }).replace("-", "−");
}
