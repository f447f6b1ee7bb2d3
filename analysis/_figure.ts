/**
 * One self-contained SVG per figure: title, legend, the Observable Plot chart and caption all
 * inside a single `<svg>`, so an exported figure says which line is which.
 *
 * Layout, top to bottom: title (wrapped), legend (swatches or a class ramp), the plot, caption.
 * The plot's margins are fitted to its tick labels: the chart is rendered once, its tick labels
 * are measured with an estimate of their width, and it is rendered again with room for them
 * (Plot's fixed 40 px left margin clipped "20,000" to "0,000").
 *
 * Text widths are estimates (see `_text.ts`): no browser measures them here.
 *
 * @module
 */
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import * as Plot from "npm:@observablehq/plot@0.6.17";
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import { parseHTML } from "npm:linkedom@0.18.15";
import { JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { textWidth, wrapText } from "./_text.ts";

/** Options common to every figure builder. */
export interface FigureOptions {
  /** Title at the top of the figure (wrapped to its width). */
  title?: string;
  /** Caption at the bottom of the figure (wrapped to its width). */
  caption?: string;
  /** Width of the figure in pixels. @default {640} */
  width?: number;
  /**
   * Height of the whole figure in pixels, title, legend and caption included.
   * @default {400} (a map: the height that makes its tiles square)
   */
  height?: number;
  /** A DOM document to render with (e.g. a browser's); a fresh linkedom document by default. */
  document?: object;
}

/** The part of a DOM element that a {@linkcode Figure} exposes (Deno has no DOM types). */
export interface FigureElement {
  /** "svg" (case as the document reports it). */
  readonly tagName: string;
  /** The element's markup. */
  readonly outerHTML: string;
  /** Sets an attribute. */
  setAttribute(name: string, value: string): void;
}

/** A rendered figure: one `<svg>` element, its markup, and a Jupyter display method. */
export interface Figure {
  /** The figure's `<svg>`: title, legend, plot and caption. */
  element: FigureElement;
  /** The element's markup (outerHTML): a standalone SVG file's content. */
  svg: string;
  /** MIME bundle for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** One entry of a figure's legend. */
export interface LegendItem {
  /** The text. */
  label: string;
  /** CSS color. */
  color: string;
  /** A series line, a filled square (bars), a dot (points) or a translucent band (a range). */
  shape: "line" | "swatch" | "dot" | "band";
}

/** A legend of color classes: one box per class, labels at the boundaries between boxes. */
export interface ClassLegend {
  /** Legend title, e.g. "persons (log scale)". */
  title: string;
  /** One color per class, lowest first. */
  colors: string[];
  /** `colors.length + 1` labels: left end, each boundary, right end ("" for none). */
  boundaries: string[];
}

/** What a builder asks {@linkcode composeFigure} to draw. */
export interface FigureSpec {
  /** Marks and scales; size, margins and document are set by the composer. */
  plot: Plot.PlotOptions;
  /** Swatch legend entries drawn under the title. */
  legend?: LegendItem[];
  /** A color-class legend drawn under the title. */
  classLegend?: ClassLegend;
  /** An image (URL) drawn under the marks, filling the plot's frame. */
  underlay?: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const FONT = "system-ui, sans-serif";
const INK = "#222";
const PAD = 8;
const TITLE_SIZE = 16;
const TITLE_LINE = 20;
const LEGEND_SIZE = 11;
const LEGEND_ROW = 18;
const CAPTION_SIZE = 11;
const CAPTION_LINE = 15;
const TICK_SIZE = 10; // Plot's font size
const MIN_PLOT_HEIGHT = 120;
const PLOT_MARGINS = { top: 20, right: 20, bottom: 30, left: 40 }; // Plot's defaults

/**
 * Renders a figure: the Plot chart with margins fitted to its tick labels, under a title and a
 * legend and above a caption, all in one `<svg>` with a white background.
 *
 * @param spec Marks, scales, legend and underlay.
 * @param opts Title, caption, size and document; `width` must be resolved, `height` undefined
 *   means "from the plot's `aspectRatio`".
 * @returns The figure.
 *
 * @example
 * ```ts
 * import * as Plot from "npm:@observablehq/plot@0.6.17";
 * import { composeFigure } from "./_figure.ts";
 * const fig = composeFigure({
 *   plot: { marks: [Plot.lineY([1, 3, 2], { stroke: "steelblue" })] },
 *   legend: [{ label: "gdp", color: "steelblue", shape: "line" }],
 * }, { width: 640, height: 400, title: "Output" });
 * fig.svg.startsWith("<svg"); // true
 * ```
 */
export function composeFigure(
  spec: FigureSpec,
  opts: FigureOptions & { width: number },
): Figure {
  const document = (opts.document ??
    (parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as { document: object })
      .document) as DomDocument;
  const width = opts.width;
  const el = (tag: string, attrs: Record<string, string | number>, text?: string): DomElement => {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // Header: title lines, then the legend.
  const header: DomElement[] = [];
  let y = PAD;
  if (opts.title) {
    for (const line of wrapText(opts.title, width - 2 * PAD, TITLE_SIZE, true)) {
      header.push(el("text", {
        x: PAD,
        y: y + TITLE_SIZE,
        "font-size": TITLE_SIZE,
        "font-weight": "bold",
        "aria-label": "title",
      }, line));
      y += TITLE_LINE;
    }
    y += 2;
  }
  if (spec.legend && spec.legend.length > 0) {
    const g = el("g", { "aria-label": "legend", "font-size": LEGEND_SIZE });
    y = swatchLegend(g, spec.legend, y, width, el);
    header.push(g);
  }
  if (spec.classLegend) {
    const g = el("g", { "aria-label": "legend", "font-size": LEGEND_SIZE });
    y = classLegend(g, spec.classLegend, y, width, el);
    header.push(g);
  }
  const top = Math.ceil(y + 4);
  const captionLines = opts.caption
    ? wrapText(opts.caption, width - 2 * PAD, CAPTION_SIZE, false)
    : [];
  const footer = captionLines.length > 0 ? captionLines.length * CAPTION_LINE + PAD : 0;
  const plotHeight = opts.height === undefined
    ? undefined
    : Math.max(MIN_PLOT_HEIGHT, opts.height - top - footer);

  // The chart, rendered until its margins hold its tick labels (twice at most in practice).
  let margins = { ...PLOT_MARGINS };
  let chart = renderPlot(spec.plot, document, width, plotHeight, margins);
  for (let pass = 0; pass < 3; pass++) {
    const fitted = fitMargins(chart, width, margins);
    if (fitted.left === margins.left && fitted.right === margins.right) break;
    margins = fitted;
    chart = renderPlot(spec.plot, document, width, plotHeight, margins);
  }
  const chartHeight = Number(chart.getAttribute("height"));
  const total = Math.ceil(top + chartHeight + footer);

  const svg = el("svg", {
    xmlns: SVG_NS,
    width,
    height: total,
    viewBox: `0 0 ${width} ${total}`,
    "font-family": FONT,
    color: INK,
    fill: INK,
    style: "max-width:100%;height:auto",
  });
  if (spec.underlay) svg.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  svg.appendChild(el("rect", { width, height: total, fill: "white" }));
  for (const h of header) svg.appendChild(h);

  // Plot's own <svg> becomes a <g>: one viewport (no nested clipping), Plot's scoped style kept.
  const plotGroup = el("g", { transform: `translate(0,${top})`, "aria-label": "plot" });
  for (const name of ["class", "fill", "font-family", "font-size", "text-anchor"]) {
    const v = chart.getAttribute(name);
    if (v !== null) plotGroup.setAttribute(name, v);
  }
  const children: DomElement[] = [];
  while (chart.firstChild) children.push(chart.removeChild(chart.firstChild));
  for (const child of children) {
    plotGroup.appendChild(child);
    if (spec.underlay && child.tagName?.toLowerCase() === "style") {
      plotGroup.appendChild(el("image", {
        x: margins.left,
        y: margins.top,
        width: width - margins.left - margins.right,
        height: chartHeight - margins.top - margins.bottom,
        preserveAspectRatio: "none",
        style: "image-rendering:pixelated",
        "xlink:href": spec.underlay,
      }));
    }
  }
  svg.appendChild(plotGroup);

  let cy = top + chartHeight;
  for (const line of captionLines) {
    svg.appendChild(el("text", {
      x: PAD,
      y: cy + CAPTION_SIZE + 1,
      "font-size": CAPTION_SIZE,
      fill: "#555",
      "aria-label": "caption",
    }, line));
    cy += CAPTION_LINE;
  }

  const markup = svg.outerHTML;
  return {
    element: svg,
    svg: markup,
    [JUPYTER_DISPLAY]: (): MimeBundle => ({ "image/svg+xml": markup, "text/html": markup }),
  };
}

// --- Internals -----------------------------------------------------------------------------

/** The DOM calls the composer makes, which both linkedom and a browser provide. */
interface DomElement {
  readonly tagName: string;
  readonly outerHTML: string;
  readonly firstChild: DomElement | null;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  appendChild(child: DomElement): DomElement;
  removeChild(child: DomElement): DomElement;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

interface DomDocument {
  createElementNS(ns: string, tag: string): DomElement;
}

type Margins = { top: number; right: number; bottom: number; left: number };
type MakeElement = (
  tag: string,
  attrs: Record<string, string | number>,
  text?: string,
) => DomElement;

function renderPlot(
  plot: Plot.PlotOptions,
  document: DomDocument,
  width: number,
  height: number | undefined,
  m: Margins,
): DomElement {
  return Plot.plot({
    ...plot,
    width,
    ...(height === undefined ? {} : { height }),
    marginTop: m.top,
    marginRight: m.right,
    marginBottom: m.bottom,
    marginLeft: m.left,
    document: document as never,
  }) as unknown as DomElement;
}

/** Margins that hold the chart's tick labels: y labels left of the axis, x labels at the ends. */
function fitMargins(chart: DomElement, width: number, m: Margins): Margins {
  let left = PLOT_MARGINS.left;
  let right = PLOT_MARGINS.right;
  // Plot right-aligns y tick labels 9 px left of the axis (6 px tick, 3 px padding).
  for (const t of Array.from(chart.querySelectorAll('[aria-label="y-axis tick label"] text'))) {
    left = Math.max(left, Math.ceil(textWidth(t.textContent ?? "", TICK_SIZE) + 9 + 4));
  }
  // x tick labels are centered on their tick; the outermost may stick out of the figure.
  let overLeft = 0;
  let overRight = 0;
  for (const t of Array.from(chart.querySelectorAll('[aria-label="x-axis tick label"] text'))) {
    const x = translateX(t.getAttribute("transform"));
    if (x === undefined) continue;
    const half = textWidth(t.textContent ?? "", TICK_SIZE) / 2;
    overLeft = Math.max(overLeft, 2 - (x - half));
    overRight = Math.max(overRight, x + half - (width - 2));
  }
  // A label sticks out by what it sticks out now, plus the shift its own margin will cause.
  if (overRight > 0) right = Math.max(right, Math.ceil(m.right + overRight));
  if (overLeft > 0) left = Math.max(left, Math.ceil(m.left + overLeft));
  return { ...m, left, right };
}

function translateX(transform: string | null): number | undefined {
  const match = transform?.match(/translate\(\s*([-\d.e]+)/);
  return match ? Number(match[1]) : undefined;
}

function swatchLegend(
  g: DomElement,
  items: LegendItem[],
  y: number,
  width: number,
  el: MakeElement,
): number {
  let x = PAD;
  let row = y;
  for (const item of items) {
    const labelWidth = textWidth(item.label, LEGEND_SIZE);
    const itemWidth = 18 + 5 + labelWidth;
    if (x > PAD && x + itemWidth > width - PAD) {
      x = PAD;
      row += LEGEND_ROW;
    }
    const cy = row + LEGEND_ROW / 2;
    if (item.shape === "line") {
      g.appendChild(el("line", {
        x1: x,
        x2: x + 18,
        y1: cy,
        y2: cy,
        stroke: item.color,
        "stroke-width": 2.5,
      }));
    } else if (item.shape === "dot") {
      g.appendChild(el("circle", { cx: x + 9, cy, r: 3.5, fill: item.color }));
    } else {
      const band = item.shape === "band";
      g.appendChild(el("rect", {
        x: x + 3,
        y: cy - 6,
        width: 12,
        height: 12,
        fill: item.color,
        ...(band ? { "fill-opacity": 0.25, stroke: item.color, "stroke-opacity": 0.6 } : {}),
      }));
    }
    g.appendChild(el("text", { x: x + 23, y: cy + 4, "text-anchor": "start" }, item.label));
    x += itemWidth + 14;
  }
  return row + LEGEND_ROW + 2;
}

function classLegend(
  g: DomElement,
  legend: ClassLegend,
  y: number,
  width: number,
  el: MakeElement,
): number {
  const n = legend.colors.length;
  const barWidth = Math.min(360, width - 2 * PAD, Math.max(120, n * 40));
  const box = barWidth / n;
  let barTop = y + 4;
  if (legend.title !== "") {
    g.appendChild(el("text", {
      x: PAD,
      y: y + LEGEND_SIZE + 1,
      "font-weight": "bold",
      "text-anchor": "start",
    }, legend.title));
    barTop = y + LEGEND_SIZE + 6;
  }
  for (let i = 0; i < n; i++) {
    g.appendChild(el("rect", {
      x: PAD + i * box,
      y: barTop,
      width: box + 0.5,
      height: 10,
      fill: legend.colors[i],
    }));
  }
  g.appendChild(el("rect", {
    x: PAD,
    y: barTop,
    width: barWidth,
    height: 10,
    fill: "none",
    stroke: "#999",
    "stroke-width": 0.5,
  }));
  // Boundary labels: both ends always, inner ones left to right unless they would touch a
  // label already placed.
  const labelY = barTop + 10 + 4 + LEGEND_SIZE - 1;
  const placed: { j: number; x0: number; x1: number; anchor: string }[] = [];
  const span = (j: number) => {
    const label = legend.boundaries[j] ?? "";
    const x = PAD + j * box;
    const w = textWidth(label, LEGEND_SIZE - 1);
    const anchor = j === 0 ? "start" : j === n ? "end" : "middle";
    const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
    return { j, x0, x1: x0 + w, anchor, empty: label === "" };
  };
  const first = span(0);
  const last = span(n);
  if (!first.empty) placed.push(first);
  let lastEnd = first.empty ? -Infinity : first.x1;
  const limit = last.empty ? Infinity : last.x0;
  for (let j = 1; j < n; j++) {
    const s = span(j);
    if (s.empty || s.x0 < lastEnd + 6 || s.x1 + 6 > limit) continue;
    placed.push(s);
    lastEnd = s.x1;
  }
  if (!last.empty && last.x0 >= (placed.at(-1)?.x1 ?? -Infinity) + 6) placed.push(last);
  for (const { j, anchor } of placed) {
    const x = PAD + j * box;
    g.appendChild(el("line", {
      x1: x,
      x2: x,
      y1: barTop + 10,
      y2: barTop + 13,
      stroke: INK,
      "stroke-width": 0.75,
    }));
    g.appendChild(el("text", {
      x,
      y: labelY,
      "font-size": LEGEND_SIZE - 1,
      "text-anchor": anchor,
    }, legend.boundaries[j]));
  }
  return labelY + 6;
}
