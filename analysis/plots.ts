/**
 * Thin figure builders on Observable Plot for runs of the simulation.
 *
 * Each builder returns a {@linkcode Figure}: one self-contained `<svg>` holding the title, the
 * legend, the chart and the caption (an exported figure says which line is which), with a
 * Jupyter display method so the figure shows when it is a cell's value in the Deno kernel. Deno
 * has no DOM, so Plot renders into a linkedom document.
 *
 * What every figure shares: margins fitted to the tick labels, plain numbers on every axis
 * ("0.001", "20,000"; no SI prefixes such as "200m"), a white background. Sizes and colors come
 * from the module-level {@linkcode defaults}, overridable per call.
 *
 * @module
 */
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { colorClasses, type ColorClassScale } from "./_color_classes.ts";
import { composeFigure, type Figure, type FigureOptions, type LegendItem } from "./_figure.ts";
import { plainNumber } from "./_text.ts";
import { encodeIndexedPng, pngDataUrl } from "./_png.ts";
import { ccdfPoints, olsSlope } from "./stats.ts";

export type { Figure, FigureElement, FigureOptions } from "./_figure.ts";
export type { ColorClassScale } from "./_color_classes.ts";

/** A color scheme name Observable Plot knows, e.g. "viridis", "blues", "tableau10". */
export type ColorScheme = Plot.ColorScheme;

/** Figure sizes and colors used when a call does not say otherwise (edit to restyle all). */
export const defaults = {
  /** Figure width in pixels. */
  width: 640,
  /** Figure height in pixels (title, legend and caption included). */
  height: 400,
  /** Categorical scheme for lines of several series. */
  categoricalScheme: "tableau10" as ColorScheme,
  /** Sequential scheme for maps. */
  sequentialScheme: "viridis" as ColorScheme,
  /** Number of color classes of a map (a map may use fewer: nice thresholds). */
  mapColorSteps: 9,
  /** How a map's values map to its color classes; "auto" is log for skewed densities. */
  mapColorScale: "auto" as ColorClassScale,
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

function size(opts: FigureOptions): FigureOptions & { width: number } {
  return { ...opts, width: opts.width ?? defaults.width, height: opts.height ?? defaults.height };
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
  /** Label of the x axis. @default {"tick"} */
  xLabel?: string;
  /** A d3-format specifier for the x axis's ticks, e.g. "d" for years without a comma. */
  xTickFormat?: string;
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
 * Line chart of KPIs over ticks: one colored line per KPI, named in a legend inside the figure.
 * The y axis fits the data (a population of 50,000 ± 1% fills the chart rather than lying flat
 * on a zero-based axis); a zero line is drawn when zero is within the range. A target band, when
 * given, is shaded behind the lines and named "target range" in the legend.
 *
 * @param kpis Columns `tick` and one per KPI (e.g. `run.kpis()`, the run's `kpis` dataset).
 * @param names The KPIs to draw.
 * @param opts Figure options, y label, log axis, target band.
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
  const logY = opts.logY ?? false;
  const tick = kpis.tick;
  const idx = indices(tick.length);
  const palette = Plot.scale({
    color: { type: "ordinal", scheme: defaults.categoricalScheme, domain: names },
  });
  const colors = names.map((n) => String(palette.apply(n)));
  const series = names.map((n) => kpis[n]);
  const marks: Plot.Markish[] = names.map((_, k) => {
    const values = series[k];
    return Plot.lineY(idx, {
      x: (i: number) => tick[i],
      y: (i: number) => values[i],
      stroke: colors[k],
      strokeWidth: 1.5,
    });
  });
  const legend: LegendItem[] = names.map((n, k) => ({ label: n, color: colors[k], shape: "line" }));

  let [lo, hi] = extent(series, logY);
  if (opts.targetBand) {
    const band = targetBand(tick, [lo, hi], opts.targetBand);
    if (band) {
      marks.unshift(band.mark);
      legend.push({ label: "target range", color: defaults.band, shape: "band" });
      lo = Math.min(lo, band.y1);
      hi = Math.max(hi, band.y2);
    }
  }
  let domain: [number, number] | undefined;
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    // A constant series still gets an axis: widen it a little around the value.
    if (lo === hi) {
      const pad = logY ? 0 : Math.abs(lo) * 0.05 || 1;
      domain = logY ? [lo / 1.5, hi * 1.5] : [lo - pad, hi + pad];
    } else {
      domain = [lo, hi];
    }
    if (!logY && domain[0] <= 0 && domain[1] >= 0) {
      marks.push(Plot.ruleY([0], { strokeOpacity: 0.4 }));
    }
  }
  return composeFigure({
    plot: {
      marks,
      x: {
        label: opts.xLabel ?? "tick",
        ...(opts.xTickFormat ? { tickFormat: opts.xTickFormat } : {}),
      },
      y: {
        label: opts.yLabel ?? "",
        type: logY ? "log" : "linear",
        domain,
        nice: true,
        grid: true,
        ...(logY ? { tickFormat: plainNumber } : {}),
      },
    },
    legend,
  }, size(opts));
}

/** The finite (for a log axis: positive) range of several series; [∞, −∞] when none. */
function extent(series: ArrayLike<number>[], positiveOnly: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** The shaded target band of {@linkcode kpiLines}; infinite ends are cut at the data. */
function targetBand(
  tick: ArrayLike<number>,
  [yMin, yMax]: [number, number],
  [lo, hi]: [number, number],
): { mark: Plot.Markish; y1: number; y2: number } | undefined {
  let x1 = Infinity;
  let x2 = -Infinity;
  for (let i = 0; i < tick.length; i++) {
    x1 = Math.min(x1, tick[i]);
    x2 = Math.max(x2, tick[i]);
  }
  const y1 = Number.isFinite(lo) ? lo : Math.min(yMin, hi);
  const y2 = Number.isFinite(hi) ? hi : Math.max(yMax, lo);
  if (!Number.isFinite(x1) || !Number.isFinite(y1) || !Number.isFinite(y2)) return undefined;
  const mark = Plot.rect([0], {
    x1: () => x1,
    x2: () => x2,
    y1: () => y1,
    y2: () => y2,
    fill: defaults.band,
    fillOpacity: 0.15,
  });
  return { mark, y1, y2 };
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
 * youngest at the bottom, on an axis symmetric about zero (so the two sides compare by length);
 * a legend inside the figure names the colors.
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
  let most = 0;
  for (let i = 0; i < n; i++) {
    const age = String(bins.age_lo[i]);
    rows.push({ age, count: -bins.male[i], sex: "male" });
    rows.push({ age, count: bins.female[i], sex: "female" });
    most = Math.max(most, bins.male[i], bins.female[i]);
  }
  const ageDomain = bins.age_lo.map(String).reverse();
  return composeFigure({
    plot: {
      marks: [
        Plot.barX(rows, { x: "count", y: "age", fill: "sex" }),
        Plot.ruleX([0]),
      ],
      x: {
        label: "← male · count · female →",
        domain: [-(most || 1), most || 1],
        nice: true,
        grid: true,
        tickFormat: (d: number) => plainNumber(Math.abs(d)),
      },
      y: { label: "age", domain: ageDomain },
      color: { domain: ["male", "female"], range: [defaults.male, defaults.female] },
    },
    legend: [
      { label: "male", color: defaults.male, shape: "swatch" },
      { label: "female", color: defaults.female, shape: "swatch" },
    ],
  }, size(opts));
}

/** Options of {@linkcode tileMap}. */
export interface TileMapOptions extends FigureOptions {
  /** Title of the color legend (the measured quantity). @default {""} */
  label?: string;
  /** Color scheme (a Plot scheme name such as "viridis", "blues", "rdbu"). @default {defaults.sequentialScheme} */
  scheme?: ColorScheme;
  /** Number of color classes wanted (nice thresholds may give fewer). @default {defaults.mapColorSteps} */
  steps?: number;
  /**
   * How values map to color classes: `"linear"` (equal widths), `"sqrt"`, `"log"` (one class per
   * 1-2-5 or decade step, zero in a class of its own), `"quantile"` (about as many tiles per
   * class), or `"auto"`: log when the values are non-negative and skewed (skewness > 2, e.g.
   * residents: a town among empty tiles), else linear.
   * @default {defaults.mapColorScale}
   */
  scale?: ColorClassScale;
}

/**
 * Map of a per-tile column, tile (0, 0) at the top left, each tile a square colored by its value's
 * class. The classes suit skewed densities (see {@linkcode TileMapOptions.scale}) and a legend
 * inside the figure gives their boundaries. The tiles are one PNG `<image>` (upscaled, so it stays
 * sharp), not a `<rect>` per tile: a 128×64 map weighs about 10 KB instead of 730 KB. NaN tiles are
 * transparent.
 *
 * @param values One value per tile, row-major: index = y·width + x.
 * @param width Tiles per row.
 * @param height Number of rows.
 * @param opts Figure and color options; the default height makes the tiles square.
 * @returns A {@linkcode Figure}.
 * @throws {Error} When `values.length` is not width·height, or a log/sqrt scale meets negative
 *   values.
 *
 * @example
 * ```ts
 * import { tileMap } from "./plots.ts";
 * const fig = tileMap(Float32Array.of(0, 1, 2, 3, 4, 5), 3, 2, { label: "soil fertility" });
 * fig.svg.includes("<image"); // true
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
  const classes = colorClasses(
    values,
    opts.scale ?? defaults.mapColorScale,
    opts.steps ?? defaults.mapColorSteps,
  );
  const ramp = Plot.scale({
    color: { type: "linear", scheme: opts.scheme ?? defaults.sequentialScheme, domain: [0, 1] },
  });
  const colors: string[] = [];
  for (let c = 0; c < classes.count; c++) {
    colors.push(String(ramp.apply(classes.count === 1 ? 0.5 : c / (classes.count - 1))));
  }
  const palette = colors.map(rgba);
  const clear = palette.length; // NaN tiles
  palette.push([0, 0, 0, 0]);

  // Upscale each tile to f×f pixels, so that viewers that smooth images keep the tiles crisp.
  let f = Math.max(1, Math.min(16, Math.ceil(640 / Math.max(1, width))));
  while (f > 1 && width * height * f * f > 4_000_000) f--;
  const w = width * f;
  const pixels = new Uint8Array(w * height * f);
  for (let ty = 0; ty < height; ty++) {
    const row = ty * f * w;
    for (let tx = 0; tx < width; tx++) {
      const cls = classes.classOf(values[ty * width + tx]);
      pixels.fill(cls < 0 ? clear : cls, row + tx * f, row + (tx + 1) * f);
    }
    for (let k = 1; k < f; k++) pixels.copyWithin(row + k * w, row, row + w);
  }
  const png = encodeIndexedPng({ width: w, height: height * f, pixels, palette });

  // The ends are the data's extremes, to 3 significant digits; inner boundaries are the (nice)
  // thresholds themselves.
  const end = (v: number) => plainNumber(Number(v.toPrecision(3)));
  const boundaries = [
    end(classes.min),
    ...classes.thresholds.map(plainNumber),
    classes.count > 1 ? end(classes.max) : "",
  ];
  const scaleNote = classes.scale === "linear" ? "" : `${classes.scale} scale`;
  const title = [opts.label ?? "", scaleNote].filter((t) => t !== "").join(", ");
  return composeFigure({
    plot: {
      marks: [
        // The frame; it also gives Plot the x and y scales for the axes.
        Plot.rect([0], {
          x1: () => 0,
          x2: () => width,
          y1: () => 0,
          y2: () => height,
          fill: "none",
          stroke: "#999",
        }),
      ],
      x: { label: "x", domain: [0, width] },
      y: { label: "y", domain: [0, height], reverse: true },
      aspectRatio: 1,
    },
    classLegend: { title, colors, boundaries },
    underlay: pngDataUrl(png),
  }, { ...opts, width: opts.width ?? defaults.width });
}

/** "#rrggbb" or "rgb(r, g, b)" (what Plot's schemes give) as [r, g, b, 255]. */
function rgba(color: string): [number, number, number, number] {
  const hex = color.match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16), 255];
  const rgb = color.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/);
  if (rgb) return [Math.round(+rgb[1]), Math.round(+rgb[2]), Math.round(+rgb[3]), 255];
  throw new Error(`tileMap(): cannot read the color "${color}" of the scheme`);
}

/** Options of {@linkcode ccdf}. */
export interface CcdfOptions extends FigureOptions {
  /** Label of the x axis (the measured quantity). @default {"value"} */
  xLabel?: string;
}

/**
 * Log-log complementary CDF, P(X ≥ x), of the positive values: a power-law tail shows as a
 * straight line of slope −α (firm sizes: α ≈ 1, Axtell 2001). One dot per distinct value, less
 * the dots that would land within 1.5 px of the previous one (20,000 wealth values: about 700
 * dots, the same picture, 30 KB instead of 720 KB). Both axes label their ticks with plain
 * numbers (0.001, 10,000).
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
  const idx = visiblePoints(x, p);
  return composeFigure({
    plot: {
      marks: [
        Plot.dot(idx, {
          x: (i: number) => x[i],
          y: (i: number) => p[i],
          r: 1.5,
          fill: defaults.point,
        }),
      ],
      x: { type: "log", label: opts.xLabel ?? "value", grid: true, tickFormat: plainNumber },
      y: { type: "log", label: "P(X ≥ x)", grid: true, tickFormat: plainNumber },
    },
  }, size(opts));
}

/**
 * Indices of the CCDF points worth drawing: the first, the last, and each point at least 1.5 px
 * (on a 640×400 log-log frame) from the last one kept. The curve is monotone, so nothing between
 * two kept points can stray from them by more than that.
 */
function visiblePoints(x: Float64Array, p: Float64Array): Uint32Array {
  const n = x.length;
  if (n < 3) return indices(n);
  const lx0 = Math.log10(x[0]);
  const lp0 = Math.log10(p[0]);
  const sx = 600 / (Math.log10(x[n - 1]) - lx0 || 1); // pixels per decade
  const sp = 350 / (lp0 - Math.log10(p[n - 1]) || 1);
  const keep: number[] = [0];
  let kx = lx0;
  let kp = lp0;
  for (let i = 1; i < n - 1; i++) {
    const lx = Math.log10(x[i]);
    const lp = Math.log10(p[i]);
    if ((lx - kx) * sx >= 1.5 || (kp - lp) * sp >= 1.5) {
      keep.push(i);
      kx = lx;
      kp = lp;
    }
  }
  keep.push(n - 1);
  return Uint32Array.from(keep);
}

/** Options of {@linkcode scatterFit}. */
export interface ScatterFitOptions extends FigureOptions {
  /** Label of the x axis. @default {"x"} */
  xLabel?: string;
  /** Label of the y axis. @default {"y"} */
  yLabel?: string;
}

/**
 * Scatter plot of y against x with the least-squares line; the legend names the points and the
 * fit, and the title reports the slope and R² (after `opts.title` when given).
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
  return composeFigure({
    plot: {
      marks: [
        Plot.dot(idx, { x: X, y: Y, r: 2, fill: defaults.point, fillOpacity: 0.7 }),
        Plot.linearRegressionY(idx, { x: X, y: Y, ci: 0, stroke: defaults.fit }),
      ],
      x: { label: opts.xLabel ?? "x", grid: true },
      y: { label: opts.yLabel ?? "y", grid: true },
    },
    legend: [
      { label: "observations", color: defaults.point, shape: "dot" },
      { label: "least-squares fit", color: defaults.fit, shape: "line" },
    ],
  }, size({ ...opts, title: opts.title ? `${opts.title} — ${summary}` : summary }));
}

function formatFit(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v);
}
