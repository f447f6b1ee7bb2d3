/**
 * Thin figure builders on Observable Plot for runs of the simulation.
 *
 * Deno has no DOM, so each builder renders with a linkedom document and returns a
 * {@linkcode Figure}: the Plot element, its markup as `.svg`, and a Jupyter display method so the
 * figure shows when it is a cell's value in the Deno kernel. Sizes and colors come from the
 * module-level {@linkcode defaults}, overridable per call.
 *
 * Continuous color legends need a canvas, which linkedom lacks, so color scales here are
 * quantized (discrete steps) or ordinal.
 *
 * @module
 */
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import * as Plot from "npm:@observablehq/plot@0.6.17";
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import { parseHTML } from "npm:linkedom@0.18.15";
import { JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { ccdfPoints, olsSlope } from "./stats.ts";

/** A color scheme name Observable Plot knows, e.g. "viridis", "blues", "tableau10". */
export type ColorScheme = Plot.ColorScheme;

/** Figure sizes and colors used when a call does not say otherwise (edit to restyle all). */
export const defaults = {
  /** Figure width in pixels. */
  width: 640,
  /** Figure height in pixels. */
  height: 400,
  /** Categorical scheme for lines of several series. */
  categoricalScheme: "tableau10" as ColorScheme,
  /** Sequential scheme for maps. */
  sequentialScheme: "viridis" as ColorScheme,
  /** Number of color steps of a map's legend. */
  mapColorSteps: 9,
  /** Color of male bars in an age pyramid. */
  male: "#4e79a7",
  /** Color of female bars in an age pyramid. */
  female: "#e15759",
  /** Color of scatter dots and CCDF points. */
  point: "#4e79a7",
  /** Color of a fitted line. */
  fit: "#e15759",
  /** Color of a target band (the literature range of a stylized fact). */
  band: "#59a14f",
};

/** Options common to every builder. */
export interface FigureOptions {
  /** Title shown above the plot. */
  title?: string;
  /** Caption shown below the plot. */
  caption?: string;
  /** Width in pixels. @default {defaults.width} */
  width?: number;
  /** Height in pixels. @default {defaults.height} */
  height?: number;
  /** A DOM document to render with (e.g. a browser's); a fresh linkedom document by default. */
  document?: object;
}

/** The part of a DOM element that a {@linkcode Figure} exposes (Deno has no DOM types). */
export interface FigureElement {
  /** "svg" or "figure" (case as the document reports it). */
  readonly tagName: string;
  /** The element's markup. */
  readonly outerHTML: string;
  /** Sets an attribute. */
  setAttribute(name: string, value: string): void;
}

/** A rendered figure: the element, its markup, and a Jupyter display method. */
export interface Figure {
  /** The `<svg>` (or `<figure>` when there is a title, caption or legend) Plot returned. */
  element: FigureElement;
  /** The element's markup (outerHTML), for tests and reports. */
  svg: string;
  /** MIME bundle for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

function render(options: Plot.PlotOptions, opts: FigureOptions): Figure {
  const document = opts.document ??
    (parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as { document: object })
      .document;
  const element = Plot.plot({
    width: opts.width ?? defaults.width,
    height: opts.height ?? defaults.height,
    title: opts.title,
    caption: opts.caption,
    ...options,
    document: document as never,
  }) as unknown as FigureElement;
  // A standalone SVG (image/svg+xml) needs its namespace declared.
  if (element.tagName.toLowerCase() === "svg") {
    element.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  }
  const svg = element.outerHTML;
  const isSvg = element.tagName.toLowerCase() === "svg";
  return {
    element,
    svg,
    [JUPYTER_DISPLAY]: (): MimeBundle =>
      isSvg ? { "image/svg+xml": svg, "text/html": svg } : { "text/html": svg },
  };
}

function indices(n: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
}

/** KPI series: a `tick` column and one column per KPI. */
export interface KpiColumns {
  /** Tick (day) of each row. */
  tick: ArrayLike<number>;
  /** KPI name -> value per row. */
  [name: string]: ArrayLike<number>;
}

/** Options of {@linkcode kpiLines}. */
export interface KpiLinesOptions extends FigureOptions {
  /** Label of the y axis. @default {""} */
  yLabel?: string;
  /** Logarithmic y axis. @default {false} */
  logY?: boolean;
  /**
   * A target range [lo, hi] drawn as a shaded band behind the lines (an infinite end is cut
   * at the data's range), e.g. the literature range of a stylized fact.
   */
  targetBand?: [number, number];
}

/**
 * Line chart of KPIs over ticks, one colored line per KPI with a legend.
 *
 * @param kpis Columns `tick` and one per KPI (e.g. the run's `kpis.parquet`).
 * @param names The KPIs to draw.
 * @param opts Figure options.
 * @returns A {@linkcode Figure}.
 * @throws {Error} When a name is not a column of `kpis`.
 *
 * @example
 * ```ts
 * import { kpiLines } from "./plots.ts";
 * const fig = kpiLines({ tick: [0, 1, 2], gdp: [1, 1.1, 1.2], cpi: [1, 1, 1.05] }, ["gdp", "cpi"]);
 * fig.svg.includes("<svg"); // true
 * ```
 */
export function kpiLines(kpis: KpiColumns, names: string[], opts: KpiLinesOptions = {}): Figure {
  const missing = names.filter((n) => !(n in kpis));
  if (missing.length > 0) {
    const known = Object.keys(kpis).filter((k) => k !== "tick");
    throw new Error(
      `kpiLines(): no KPI column ${missing.map((m) => `"${m}"`).join(", ")}; known: ${
        known.join(", ")
      }`,
    );
  }
  const tick = kpis.tick;
  const idx = indices(tick.length);
  const marks = names.map((name) => {
    const values = kpis[name];
    return Plot.lineY(idx, {
      x: (i: number) => tick[i],
      y: (i: number) => values[i],
      stroke: () => name,
    });
  });
  const band = opts.targetBand
    ? [targetBandMark(tick, names.map((n) => kpis[n]), opts.targetBand)]
    : [];
  return render({
    marks: [...band, ...marks, Plot.ruleY([0], { strokeOpacity: opts.logY ? 0 : 0.3 })],
    x: { label: "tick" },
    y: { label: opts.yLabel ?? "", type: opts.logY ? "log" : "linear", grid: true },
    color: { legend: true, scheme: defaults.categoricalScheme, domain: names },
  }, opts);
}

/** The shaded target band of {@linkcode kpiLines}; infinite ends are cut at the data. */
function targetBandMark(
  tick: ArrayLike<number>,
  series: ArrayLike<number>[],
  [lo, hi]: [number, number],
): Plot.Markish {
  let x1 = Infinity;
  let x2 = -Infinity;
  for (let i = 0; i < tick.length; i++) {
    x1 = Math.min(x1, tick[i]);
    x2 = Math.max(x2, tick[i]);
  }
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      if (Number.isFinite(s[i])) {
        yMin = Math.min(yMin, s[i]);
        yMax = Math.max(yMax, s[i]);
      }
    }
  }
  const y1 = Number.isFinite(lo) ? lo : Math.min(yMin, hi);
  const y2 = Number.isFinite(hi) ? hi : Math.max(yMax, lo);
  if (!Number.isFinite(x1) || !Number.isFinite(y1) || !Number.isFinite(y2)) return null;
  return Plot.rect([0], {
    x1: () => x1,
    x2: () => x2,
    y1: () => y1,
    y2: () => y2,
    fill: defaults.band,
    fillOpacity: 0.15,
  });
}

/** Population counts by age bin and sex, e.g. from a households/persons snapshot. */
export interface AgeBins {
  /** Lower edge of each age bin (years). */
  age_lo: number[];
  /** Males per bin. */
  male: number[];
  /** Females per bin. */
  female: number[];
}

/**
 * Population pyramid: one horizontal bar per age bin, males to the left, females to the right,
 * youngest at the bottom.
 *
 * @param bins Age bins with male and female counts (same length).
 * @param opts Figure options.
 * @returns A {@linkcode Figure}.
 * @throws {Error} When the three arrays differ in length.
 *
 * @example
 * ```ts
 * import { agePyramid } from "./plots.ts";
 * const fig = agePyramid({ age_lo: [0, 10, 20], male: [50, 45, 40], female: [48, 46, 42] });
 * fig.svg.includes("male"); // true
 * ```
 */
export function agePyramid(bins: AgeBins, opts: FigureOptions = {}): Figure {
  const n = bins.age_lo.length;
  if (bins.male.length !== n || bins.female.length !== n) {
    throw new Error(
      `agePyramid(): age_lo has ${n} bins, male ${bins.male.length}, female ${bins.female.length}`,
    );
  }
  const rows: { age: string; count: number; sex: string }[] = [];
  for (let i = 0; i < n; i++) {
    const age = String(bins.age_lo[i]);
    rows.push({ age, count: -bins.male[i], sex: "male" });
    rows.push({ age, count: bins.female[i], sex: "female" });
  }
  const ageDomain = bins.age_lo.map(String).reverse();
  return render({
    marks: [
      Plot.barX(rows, { x: "count", y: "age", fill: "sex" }),
      Plot.ruleX([0]),
    ],
    x: { label: "← male · count · female →", tickFormat: (d: number) => String(Math.abs(d)) },
    y: { label: "age", domain: ageDomain },
    color: { legend: true, domain: ["male", "female"], range: [defaults.male, defaults.female] },
  }, opts);
}

/** Options of {@linkcode tileMap}. */
export interface TileMapOptions extends FigureOptions {
  /** Label of the color legend. @default {""} */
  label?: string;
  /** Color scheme (a Plot scheme name such as "viridis", "blues", "rdbu"). @default {defaults.sequentialScheme} */
  scheme?: ColorScheme;
  /** Number of color steps. @default {defaults.mapColorSteps} */
  steps?: number;
}

/**
 * Map of a per-tile column: one square cell per tile, colored by value, tile (0, 0) at the top
 * left. Cells are SVG rects (Plot's raster mark needs a canvas, which linkedom lacks), so keep
 * maps to some tens of thousands of tiles.
 *
 * @param values One value per tile, row-major: index = y·width + x.
 * @param width Tiles per row.
 * @param height Number of rows.
 * @param opts Figure and color options.
 * @returns A {@linkcode Figure}.
 * @throws {Error} When `values.length` is not width·height.
 *
 * @example
 * ```ts
 * import { tileMap } from "./plots.ts";
 * const fig = tileMap(Float32Array.of(0, 1, 2, 3, 4, 5), 3, 2, { label: "soil fertility" });
 * fig.svg.includes("<rect"); // true
 * ```
 */
export function tileMap(
  values: ArrayLike<number>,
  width: number,
  height: number,
  opts: TileMapOptions = {},
): Figure {
  if (values.length !== width * height) {
    throw new Error(
      `tileMap(): ${values.length} values do not fill a ${width}×${height} map (${
        width * height
      } tiles)`,
    );
  }
  const idx = indices(values.length);
  const figWidth = opts.width ?? defaults.width;
  // Square tiles: height follows the aspect ratio unless given (plus room for axes and legend).
  const figHeight = opts.height ?? Math.round((figWidth - 60) * height / width) + 60;
  return render({
    marks: [
      Plot.rect(idx, {
        x1: (i: number) => i % width,
        x2: (i: number) => (i % width) + 1,
        y1: (i: number) => Math.floor(i / width),
        y2: (i: number) => Math.floor(i / width) + 1,
        fill: (i: number) => values[i],
        inset: 0,
      }),
    ],
    x: { label: "x", domain: [0, width] },
    y: { label: "y", domain: [0, height], reverse: true },
    color: {
      legend: true,
      type: "quantize",
      n: opts.steps ?? defaults.mapColorSteps,
      scheme: opts.scheme ?? defaults.sequentialScheme,
      label: opts.label ?? "",
    },
  }, { ...opts, height: figHeight });
}

/** Options of {@linkcode ccdf}. */
export interface CcdfOptions extends FigureOptions {
  /** Label of the x axis (the measured quantity). @default {"value"} */
  xLabel?: string;
}

/**
 * Log-log complementary CDF, P(X ≥ x), of the positive values: a power-law tail shows as a
 * straight line of slope −α (firm sizes: α ≈ 1, Axtell 2001).
 *
 * @param values The sample (zero and negative values are left out, they have no log).
 * @param opts Figure options.
 * @returns A {@linkcode Figure}.
 *
 * @example
 * ```ts
 * import { ccdf } from "./plots.ts";
 * const fig = ccdf([1, 2, 3, 10, 100], { xLabel: "firm employees" });
 * fig.svg.includes("<circle"); // true
 * ```
 */
export function ccdf(values: ArrayLike<number>, opts: CcdfOptions = {}): Figure {
  let nPos = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) nPos++;
  const positive = new Float64Array(nPos);
  for (let i = 0, j = 0; i < values.length; i++) if (values[i] > 0) positive[j++] = values[i];
  const { x, p } = ccdfPoints(positive);
  const idx = indices(x.length);
  return render({
    marks: [
      Plot.dot(idx, {
        x: (i: number) => x[i],
        y: (i: number) => p[i],
        r: 1.5,
        fill: defaults.point,
      }),
    ],
    x: { type: "log", label: opts.xLabel ?? "value", grid: true },
    y: { type: "log", label: "P(X ≥ x)", grid: true },
  }, opts);
}

/** Options of {@linkcode scatterFit}. */
export interface ScatterFitOptions extends FigureOptions {
  /** Label of the x axis. @default {"x"} */
  xLabel?: string;
  /** Label of the y axis. @default {"y"} */
  yLabel?: string;
}

/**
 * Scatter plot with the least-squares line; the title reports the slope and R² (prefixed by
 * `opts.title` when given).
 *
 * @param x Regressor values.
 * @param y Response values, same length.
 * @param opts Figure and axis options.
 * @returns A {@linkcode Figure}.
 * @throws {RangeError} When x and y differ in length.
 *
 * @example
 * ```ts
 * import { scatterFit } from "./plots.ts";
 * const fig = scatterFit([1, 2, 3], [2, 4, 6.5], { xLabel: "unemployment", yLabel: "inflation" });
 * fig.svg.includes("slope"); // true
 * ```
 */
export function scatterFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: ScatterFitOptions = {},
): Figure {
  const fit = olsSlope(x, y);
  const summary = `slope ${formatFit(fit.slope)}, R² ${formatFit(fit.r2)}`;
  const idx = indices(x.length);
  const X = (i: number) => x[i];
  const Y = (i: number) => y[i];
  return render({
    marks: [
      Plot.dot(idx, { x: X, y: Y, r: 2, fill: defaults.point, fillOpacity: 0.7 }),
      Plot.linearRegressionY(idx, { x: X, y: Y, ci: 0, stroke: defaults.fit }),
    ],
    x: { label: opts.xLabel ?? "x", grid: true },
    y: { label: opts.yLabel ?? "y", grid: true },
  }, { ...opts, title: opts.title ? `${opts.title} — ${summary}` : summary });
}

function formatFit(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v);
}
