/**
 * Rich display in the Deno Jupyter kernel.
 *
 * The kernel renders a cell's value by calling `value[Symbol.for("Jupyter.display")]()`, which
 * returns a MIME bundle such as `{ "text/html": "<table>…</table>" }`. This module builds such
 * bundles (HTML tables of columns), attaches them to objects, and keeps one output area updated
 * in place while a long run progresses (`update_display_data` with a `display_id`).
 *
 * Outside the kernel every helper still works: bundles are plain data, and {@linkcode liveDisplay}
 * falls back to stderr (or to nothing).
 *
 * @module
 */

/** The symbol the Deno Jupyter kernel looks up to render a value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type -> content, as Jupyter's `display_data` expects. */
export type MimeBundle = Record<string, string>;

/** An object that the Deno Jupyter kernel renders through its MIME bundle. */
export interface Displayable {
  /** Called by the kernel to render the value. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Options of {@linkcode htmlTable} and {@linkcode tableHtml}. */
export interface HtmlTableOptions {
  /**
   * Rows shown. A longer table shows its first `ceil(maxRows / 2)` and last `floor(maxRows / 2)`
   * rows around a "…" row, as pandas does, and says how many rows it left out.
   * @default {20}
   */
  maxRows?: number;
  /** Columns shown; a wider table shows its first and last halves around a "…" column. @default {40} */
  maxColumns?: number;
  /** Significant digits of non-integer numbers. @default {6} */
  digits?: number;
  /** Characters of a text cell shown before it is cut with "…" (its tooltip keeps it all). @default {100} */
  maxChars?: number;
  /** Caption above the table; the shape ("n rows × m columns") is appended. @default {""} */
  caption?: string;
  /** Values of a leading index column (e.g. a danfojs index); none when omitted. */
  index?: ArrayLike<unknown>;
}

/**
 * A table read cell by cell, so that rendering touches only the cells it shows: a frame of a
 * million rows renders as fast as one of forty.
 */
export interface TableSource {
  /** Column names, in order. */
  readonly columns: readonly string[];
  /** Number of rows. */
  readonly rowCount: number;
  /** The value at row `r`, column `c` (both 0-based). */
  cell(r: number, c: number): unknown;
  /** The index label of row `r`; the table has no index column when this is omitted. */
  indexLabel?(r: number): unknown;
  /** A type name per column, shown as its header's tooltip (e.g. danfojs dtypes). */
  readonly dtypes?: readonly string[];
}

/**
 * Escapes text for use inside HTML element content or a quoted attribute.
 *
 * @param text Any text.
 * @returns The text with `& < > " '` replaced by entities.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./display.ts";
 * escapeHtml("<b>&</b>"); // "&lt;b&gt;&amp;&lt;/b&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Formats one cell value for a table: integers in full, other numbers to `digits` significant
 * digits (exponent form when very large or small, whole when they have more integer digits
 * than `digits`), null/undefined as "null".
 *
 * @param value Any cell value.
 * @param digits Significant digits for non-integer numbers.
 * @returns Plain (unescaped) text.
 *
 * @example
 * ```ts
 * import { formatCell } from "./display.ts";
 * formatCell(1 / 3); // "0.333333"
 * formatCell(12345); // "12345"
 * formatCell(1234567.8); // "1234568"
 * formatCell(null); // "null"
 * ```
 */
export function formatCell(value: unknown, digits = 6): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "0";
    if (Number.isInteger(value)) return String(value);
    if (!Number.isFinite(value)) return String(value);
    const abs = Math.abs(value);
    if (abs >= 1e9 || abs < 1e-4) return value.toExponential(Math.max(0, digits - 3));
    // toPrecision would round 1234567.8 to "1.23457e+6", which reads as the integer 1234570.
    if (abs >= 10 ** digits) return value.toFixed(0);
    // Number(...) drops the trailing zeros that toPrecision keeps.
    return String(Number(value.toPrecision(digits)));
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const items = Array.from(value as ArrayLike<unknown>, (v) => formatCell(v, digits));
    return `[${items.join(", ")}]`;
  }
  return String(value);
}

/**
 * Renders named columns as an HTML table: escaped, numbers right-aligned, and a long table cut
 * to its first and last rows around a "…" row (see {@linkcode HtmlTableOptions.maxRows}).
 *
 * @param columns Column name -> values; all columns should have the same length (the longest
 *   sets the row count, missing cells show as "null").
 * @param opts Table options.
 * @returns An HTML string (a `<div>` wrapping a `<table>`).
 *
 * @example
 * ```ts
 * import { htmlTable } from "./display.ts";
 * const html = htmlTable({ id: [1, 2, 3], wealth: new Float64Array([0.5, 2, 1e12]) }, {
 *   maxRows: 2,
 * });
 * html.includes("… 1 more row"); // true
 * ```
 */
export function htmlTable(
  columns: Record<string, ArrayLike<unknown>>,
  opts: HtmlTableOptions = {},
): string {
  const names = Object.keys(columns);
  const cols = names.map((n) => columns[n]);
  let rowCount = 0;
  for (const col of cols) rowCount = Math.max(rowCount, col.length);
  const index = opts.index;
  return tableHtml({
    columns: names,
    rowCount,
    cell: (r, c) => (r < cols[c].length ? cols[c][r] : null),
    indexLabel: index ? (r) => index[r] : undefined,
  }, opts);
}

/**
 * Renders any {@linkcode TableSource} as an HTML table, reading only the cells it shows: the
 * first and last rows (and columns) of a large table around a "…" row (column), a caption with
 * the full shape, escaped text, right-aligned numbers in tabular figures, missing values
 * (null, NaN) in grey italics.
 *
 * @param source The table: column names, row count, and a cell reader.
 * @param opts Table options; `opts.index` is ignored (the source gives index labels).
 * @returns An HTML string (a `<div>` wrapping a `<table>`).
 *
 * @example
 * ```ts
 * import { tableHtml } from "./display.ts";
 * const rows = [[1, "a"], [2, "b"], [3, "c"]];
 * const html = tableHtml({ columns: ["n", "s"], rowCount: 3, cell: (r, c) => rows[r][c] });
 * html.includes("3 rows × 2 columns"); // true
 * ```
 */
export function tableHtml(source: TableSource, opts: HtmlTableOptions = {}): string {
  const digits = opts.digits ?? 6;
  const maxChars = Math.max(1, opts.maxChars ?? 100);
  const names = source.columns;
  const nRows = Math.max(0, source.rowCount);
  const rows = shownSpan(nRows, opts.maxRows ?? 20);
  const cols = shownSpan(names.length, opts.maxColumns ?? 40);
  const colIds = [...range(0, cols.head), ...range(names.length - cols.tail, names.length)];
  const rowIds = [...range(0, rows.head), ...range(nRows - rows.tail, nRows)];
  const hasIndex = typeof source.indexLabel === "function";
  const dtypes = source.dtypes;

  const parts: string[] = [
    `<div class="panarchy-table"><table style="font-variant-numeric:tabular-nums">`,
  ];
  const shape = `${plural(nRows, "row")} × ${plural(names.length, "column")}`;
  const caption = opts.caption ? `${escapeHtml(opts.caption)} — ${shape}` : shape;
  parts.push(`<caption style="text-align:left">${caption}</caption>`);
  parts.push("<thead><tr>");
  if (hasIndex) parts.push("<th></th>");
  for (let k = 0; k < colIds.length; k++) {
    if (k === cols.head && cols.tail + cols.head < names.length) parts.push("<th>…</th>");
    const c = colIds[k];
    const tip = dtypes?.[c] ? ` title="${escapeHtml(String(dtypes[c]))}"` : "";
    parts.push(`<th${tip}>${escapeHtml(String(names[c]))}</th>`);
  }
  if (cols.tail === 0 && cols.head < names.length) parts.push("<th>…</th>");
  parts.push("</tr></thead><tbody>");
  const gapRow = () => {
    parts.push(`<tr>${hasIndex ? "<th>…</th>" : ""}`);
    const cells = colIds.length + (cols.head + cols.tail < names.length ? 1 : 0);
    for (let k = 0; k < cells; k++) parts.push("<td>…</td>");
    parts.push("</tr>");
  };
  for (let k = 0; k < rowIds.length; k++) {
    if (k === rows.head && rows.tail > 0) gapRow();
    const r = rowIds[k];
    parts.push("<tr>");
    if (hasIndex) parts.push(`<th>${escapeHtml(formatCell(source.indexLabel!(r), digits))}</th>`);
    for (let j = 0; j < colIds.length; j++) {
      if (j === cols.head && cols.tail + cols.head < names.length) parts.push("<td>…</td>");
      parts.push(cellHtml(source.cell(r, colIds[j]), digits, maxChars));
    }
    if (cols.tail === 0 && cols.head < names.length) parts.push("<td>…</td>");
    parts.push("</tr>");
  }
  if (rows.head + rows.tail < nRows && rows.tail === 0) gapRow();
  parts.push("</tbody></table>");
  const moreRows = nRows - rowIds.length;
  if (moreRows > 0) parts.push(`<p>… ${plural(moreRows, "more row")}</p>`);
  const moreCols = names.length - colIds.length;
  if (moreCols > 0) parts.push(`<p>… ${plural(moreCols, "more column")}</p>`);
  parts.push("</div>");
  return parts.join("");
}

/** How many leading and trailing items of `n` a table shows when it may show `max`. */
function shownSpan(n: number, max: number): { head: number; tail: number } {
  const m = Math.max(1, Math.floor(max));
  if (n <= m) return { head: n, tail: 0 };
  return { head: Math.ceil(m / 2), tail: Math.floor(m / 2) };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function cellHtml(v: unknown, digits: number, maxChars: number): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) {
    return `<td style="color:#888"><i>${formatCell(v, digits)}</i></td>`;
  }
  const text = formatCell(v, digits);
  if (typeof v === "number" || typeof v === "bigint") {
    return `<td style="text-align:right">${escapeHtml(text)}</td>`;
  }
  if (text.length > maxChars) {
    const cut = text.slice(0, maxChars - 1);
    return `<td title="${escapeHtml(text.slice(0, 10 * maxChars))}">${escapeHtml(cut)}…</td>`;
  }
  return `<td>${escapeHtml(text)}</td>`;
}

/**
 * Attaches a Jupyter display method to `obj`, so the Deno kernel renders it as HTML. The HTML is
 * computed when the kernel asks, so it reflects the object's state at that moment. The property
 * is non-enumerable and does not change how the object prints elsewhere.
 *
 * @param obj The object to make displayable (returned, not copied).
 * @param htmlFn Renders the object as HTML.
 * @returns `obj`, typed as {@linkcode Displayable}.
 *
 * @example
 * ```ts
 * import { htmlTable, JUPYTER_DISPLAY, withHtmlDisplay } from "./display.ts";
 * const run = withHtmlDisplay({ gdp: [1, 2] }, (r) => htmlTable(r));
 * run[JUPYTER_DISPLAY]()["text/html"].startsWith("<div"); // true
 * ```
 */
export function withHtmlDisplay<T extends object>(
  obj: T,
  htmlFn: (obj: T) => string,
): T & Displayable {
  Object.defineProperty(obj, JUPYTER_DISPLAY, {
    value: () => ({ "text/html": htmlFn(obj) }),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return obj as T & Displayable;
}

/**
 * Gives every object that inherits from `prototype` a Jupyter display method, so the Deno kernel
 * renders all of them as HTML, including objects a library creates internally (e.g. the frames
 * danfojs returns from `head()` or `groupby().mean()`). The HTML is computed when the kernel
 * asks; an own display method on an object (see {@linkcode withHtmlDisplay}) still wins. The
 * property is non-enumerable. Installing again replaces the method.
 *
 * @param prototype The prototype to extend, e.g. `SomeClass.prototype`.
 * @param htmlFn Renders one instance as HTML.
 *
 * @example
 * ```ts
 * import { installHtmlDisplay, JUPYTER_DISPLAY } from "./display.ts";
 * class Point {
 *   x = 1;
 *   y = 2;
 * }
 * installHtmlDisplay(Point.prototype, (p) => `<b>(${p.x}, ${p.y})</b>`);
 * const bundle = (new Point() as unknown as Record<symbol, () => unknown>)[JUPYTER_DISPLAY]();
 * // bundle: { "text/html": "<b>(1, 2)</b>" }
 * ```
 */
export function installHtmlDisplay<T extends object>(
  prototype: T,
  htmlFn: (obj: T) => string,
): void {
  Object.defineProperty(prototype, JUPYTER_DISPLAY, {
    value: function (this: T): MimeBundle {
      return { "text/html": htmlFn(this) };
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** The part of `Deno.jupyter` that {@linkcode liveDisplay} uses. */
export interface JupyterBroadcaster {
  /** Sends a message on the kernel's IOPub channel. */
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void>;
}

/** Options of {@linkcode liveDisplay}. */
export interface LiveDisplayOptions {
  /** The display id; a fresh unique one by default. */
  displayId?: string;
  /**
   * What to do outside the kernel: `"stderr"` writes each update's text as one line,
   * `"none"` does nothing, a function receives the text.
   * @default {"stderr"}
   */
  fallback?: "stderr" | "none" | ((text: string) => void);
  /** The kernel API; `Deno.jupyter` when running inside the kernel. For tests. */
  jupyter?: JupyterBroadcaster;
}

/** A display area that a notebook cell updates in place. */
export interface LiveDisplay {
  /** The Jupyter display id shared by all updates. */
  readonly id: string;
  /** True when updates go to a Jupyter kernel, false when the fallback is used. */
  readonly inKernel: boolean;
  /**
   * Shows `content` in the display area, replacing what the previous call showed. A string is
   * HTML (its text, tags removed, is the plain-text fallback); `{ text }` is plain text.
   */
  update(content: string | { html?: string; text?: string }): Promise<void>;
}

/**
 * Opens one output area that later calls replace in place (Jupyter `display_data`, then
 * `update_display_data` with the same `transient.display_id`), e.g. a progress line for a long
 * run. Outside the Deno kernel, or when the kernel refuses the message, it falls back to stderr
 * (or to nothing) and never throws.
 *
 * @param opts Display id, fallback and (for tests) the kernel API.
 * @returns A {@linkcode LiveDisplay}.
 *
 * @example
 * ```ts
 * import { liveDisplay } from "./display.ts";
 * const progress = liveDisplay({ fallback: "none" });
 * for (let tick = 0; tick <= 30; tick += 10) {
 *   await progress.update(`<b>tick ${tick}</b> of 30`);
 * }
 * ```
 */
export function liveDisplay(opts: LiveDisplayOptions = {}): LiveDisplay {
  const id = opts.displayId ?? `panarchy-${crypto.randomUUID()}`;
  let jupyter = opts.jupyter ?? kernelApi();
  const fallback = opts.fallback ?? "stderr";
  let shown = false;
  const encoder = new TextEncoder();

  const fallbackWrite = (text: string) => {
    if (fallback === "none") return;
    if (typeof fallback === "function") return fallback(text);
    try {
      Deno.stderr.writeSync(encoder.encode(text.replace(/\n/g, " ") + "\n"));
    } catch {
      // stderr closed: nothing sensible left to do.
    }
  };

  return {
    id,
    get inKernel() {
      return jupyter !== undefined;
    },
    async update(content) {
      const html = typeof content === "string" ? content : content.html;
      const text = typeof content === "string"
        ? stripTags(content)
        : content.text ?? stripTags(content.html ?? "");
      if (jupyter) {
        const data: MimeBundle = { "text/plain": text };
        if (html !== undefined) data["text/html"] = html;
        try {
          await jupyter.broadcast(shown ? "update_display_data" : "display_data", {
            data,
            metadata: {},
            transient: { display_id: id },
          });
          shown = true;
          return;
        } catch {
          // No active kernel comm (e.g. Deno.jupyter present but not in a cell): fall back.
          jupyter = undefined;
        }
      }
      fallbackWrite(text);
    },
  };
}

/** `Deno.jupyter` when running inside the kernel, else undefined (accessing it may throw). */
function kernelApi(): JupyterBroadcaster | undefined {
  try {
    const api = (Deno as unknown as { jupyter?: JupyterBroadcaster }).jupyter;
    return typeof api?.broadcast === "function" ? api : undefined;
  } catch {
    return undefined;
  }
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
