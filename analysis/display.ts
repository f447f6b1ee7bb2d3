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

/** Options of {@linkcode htmlTable}. */
export interface HtmlTableOptions {
  /** Rows shown before the "… n more rows" line. @default {20} */
  maxRows?: number;
  /** Columns shown before the "… n more columns" note. @default {40} */
  maxColumns?: number;
  /** Significant digits of non-integer numbers. @default {6} */
  digits?: number;
  /** Caption above the table; the shape ("n rows × m columns") is appended. @default {""} */
  caption?: string;
  /** Values of a leading index column (e.g. a danfojs index); none when omitted. */
  index?: ArrayLike<unknown>;
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
 * digits (exponent form when very large or small), null/undefined as "null".
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
 * formatCell(null); // "null"
 * ```
 */
export function formatCell(value: unknown, digits = 6): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return String(value);
    if (!Number.isFinite(value)) return String(value);
    const abs = Math.abs(value);
    if (abs >= 1e9 || abs < 1e-4) return value.toExponential(Math.max(0, digits - 3));
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
 * Renders named columns as an HTML table: escaped, right-aligned numbers, truncated to
 * `maxRows` rows with a "… n more rows" line.
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
  const maxRows = opts.maxRows ?? 20;
  const maxColumns = opts.maxColumns ?? 40;
  const digits = opts.digits ?? 6;
  const names = Object.keys(columns);
  let nRows = 0;
  for (const name of names) nRows = Math.max(nRows, columns[name].length);
  const shownNames = names.slice(0, maxColumns);
  const shownRows = Math.min(nRows, maxRows);
  const index = opts.index;

  const parts: string[] = [`<div class="panarchy-table">`, `<table>`];
  const shape = `${nRows} row${nRows === 1 ? "" : "s"} × ${names.length} column${
    names.length === 1 ? "" : "s"
  }`;
  const caption = opts.caption ? `${escapeHtml(opts.caption)} — ${shape}` : shape;
  parts.push(`<caption style="text-align:left">${caption}</caption>`);
  parts.push("<thead><tr>");
  if (index) parts.push("<th></th>");
  for (const name of shownNames) parts.push(`<th>${escapeHtml(name)}</th>`);
  if (names.length > shownNames.length) parts.push("<th>…</th>");
  parts.push("</tr></thead><tbody>");
  for (let r = 0; r < shownRows; r++) {
    parts.push("<tr>");
    if (index) parts.push(`<th>${escapeHtml(formatCell(index[r], digits))}</th>`);
    for (const name of shownNames) {
      const col = columns[name];
      const v = r < col.length ? col[r] : null;
      const numeric = typeof v === "number" || typeof v === "bigint";
      const style = numeric ? ` style="text-align:right"` : "";
      const text = escapeHtml(formatCell(v, digits));
      parts.push(
        v === null || v === undefined ? `<td><i>${text}</i></td>` : `<td${style}>${text}</td>`,
      );
    }
    if (names.length > shownNames.length) parts.push("<td>…</td>");
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  const moreRows = nRows - shownRows;
  if (moreRows > 0) parts.push(`<p>… ${moreRows} more row${moreRows === 1 ? "" : "s"}</p>`);
  const moreCols = names.length - shownNames.length;
  if (moreCols > 0) {
    parts.push(`<p>… ${moreCols} more column${moreCols === 1 ? "" : "s"}</p>`);
  }
  parts.push("</div>");
  return parts.join("");
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
