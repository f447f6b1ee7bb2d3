/**
 * The figures of a sweep, drawn from numbers that {@linkcode SweepResults} has already grouped:
 * a measure against a parameter with a band over replicates, a 2-D grid of means, and a fan of
 * a KPI's quantiles over time. Private: `analysis/sweep.ts` is the door.
 *
 * @module
 */
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { colorClasses } from "./_color_classes.ts";
import { composeFigure, type Figure, type FigureOptions, type LegendItem } from "./_figure.ts";
import { formatCell } from "./display.ts";
import { defaults } from "./plots.ts";

/** A value a parameter takes at a point. */
export type Level = number | string | boolean;

/** One drawn point of {@linkcode parameterFigure}: a measure over the runs at one x (and color). */
export interface GroupStat {
  x: Level;
  /** The value of the color parameter, when lines are split by one. */
  group?: Level;
  mean: number;
  /** Lower and upper edge of the band (NaN: no band at this x). */
  lo: number;
  hi: number;
  /** Runs behind the mean. */
  n: number;
}

function size(opts: FigureOptions): FigureOptions & { width: number } {
  return { ...opts, width: opts.width ?? defaults.width, height: opts.height ?? defaults.height };
}

/** Ascending order for the values of one parameter (numbers numerically, others as text). */
export function compareLevels(a: Level, b: Level): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** A parameter's value as an axis or legend label (0.7833333 -> "0.783"). */
export function levelLabel(v: Level): string {
  return typeof v === "number" ? formatCell(v, 3) : String(v);
}

/**
 * A measure against a parameter: per color group a band (when `bandLabel` is given), a line
 * through the means and a dot at each mean.
 */
export function parameterFigure(
  stats: GroupStat[],
  labels: { x: string; y: string; group?: string; band?: string; line: string },
  opts: FigureOptions,
): Figure {
  const groups = [...new Set(stats.map((s) => s.group))].sort((a, b) =>
    a === undefined || b === undefined ? 0 : compareLevels(a, b)
  );
  const palette = Plot.scale({
    color: { type: "ordinal", scheme: defaults.categoricalScheme, domain: groups.map(String) },
  });
  const numericX = stats.every((s) => typeof s.x === "number");
  const X = (s: GroupStat) => (numericX ? s.x : String(s.x));
  const marks: Plot.Markish[] = [];
  const legend: LegendItem[] = [];
  for (const g of groups) {
    const color = groups.length > 1 ? String(palette.apply(String(g))) : defaults.point;
    const rows = stats.filter((s) => s.group === g).sort((a, b) => compareLevels(a.x, b.x));
    const banded = rows.filter((s) => Number.isFinite(s.lo) && Number.isFinite(s.hi));
    if (labels.band && banded.length > 0) {
      marks.push(
        banded.length > 1
          ? Plot.areaY(banded, { x: X, y1: "lo", y2: "hi", fill: color, fillOpacity: 0.18 })
          : Plot.ruleX(banded, { x: X, y1: "lo", y2: "hi", stroke: color, strokeOpacity: 0.5 }),
      );
    }
    marks.push(Plot.lineY(rows, { x: X, y: "mean", stroke: color, strokeWidth: 1.5 }));
    marks.push(Plot.dot(rows, { x: X, y: "mean", fill: color, r: 3 }));
    legend.push({
      label: g === undefined ? labels.line : `${labels.group} = ${levelLabel(g)}`,
      color,
      shape: "line",
    });
  }
  if (labels.band) legend.push({ label: labels.band, color: "#888", shape: "band" });
  return composeFigure({
    plot: {
      marks,
      x: {
        label: labels.x,
        ...(numericX ? { grid: true } : { type: "point" as const }),
      },
      y: { label: labels.y, grid: true, nice: true },
    },
    legend,
  }, size(opts));
}

/** One cell of {@linkcode heatmapFigure}. */
export interface Cell {
  x: Level;
  y: Level;
  mean: number;
  n: number;
}

/**
 * A grid of cells colored by their mean (color classes as on a map, their boundaries in the
 * legend), each cell labeled with its value when the grid is small enough to read.
 */
export function heatmapFigure(
  cells: Cell[],
  labels: { x: string; y: string; value: string },
  opts: FigureOptions & { scheme?: Plot.ColorScheme },
): Figure {
  const classes = colorClasses(cells.map((c) => c.mean), "linear", 7);
  const ramp = Plot.scale({
    color: { type: "linear", scheme: opts.scheme ?? defaults.sequentialScheme, domain: [0, 1] },
  });
  const colors = Array.from(
    { length: classes.count },
    (_, c) => String(ramp.apply(classes.count === 1 ? 0.5 : c / (classes.count - 1))),
  );
  const fill = (c: Cell) => {
    const k = classes.classOf(c.mean);
    return k < 0 ? "#eee" : colors[k];
  };
  const xs = [...new Set(cells.map((c) => c.x))].sort(compareLevels);
  const ys = [...new Set(cells.map((c) => c.y))].sort(compareLevels);
  const marks: Plot.Markish[] = [
    Plot.cell(cells, { x: "x", y: "y", fill, inset: 0.5 }),
  ];
  if (cells.length <= 100) {
    // Dark text on the light end of the scheme, white on the dark end.
    const ink = (c: Cell) => classes.classOf(c.mean) > (classes.count - 1) / 2 ? "#222" : "white";
    marks.push(Plot.text(cells, {
      x: "x",
      y: "y",
      text: (c: Cell) => (Number.isFinite(c.mean) ? formatCell(c.mean, 3) : "n/a"),
      fill: ink,
      fontSize: 10,
    }));
  }
  const end = (v: number) => formatCell(Number(v.toPrecision(3)), 3);
  return composeFigure({
    plot: {
      marks,
      // Labels at the ends, as on a continuous axis: a rotated label would cover the ticks.
      x: { label: labels.x, labelAnchor: "right", domain: xs, tickFormat: levelLabel },
      y: { label: labels.y, labelAnchor: "top", domain: ys, tickFormat: levelLabel, reverse: true },
    },
    classLegend: {
      title: labels.value,
      colors,
      boundaries: [
        end(classes.min),
        ...classes.thresholds.map((t) => formatCell(t, 3)),
        classes.count > 1 ? end(classes.max) : "",
      ],
    },
  }, size(opts));
}

/** Quantiles of a KPI across runs at each tick: `q[k][i]` is quantile `levels[k]` at `tick[i]`. */
export interface FanData {
  tick: number[];
  levels: number[];
  q: Float64Array[];
  /** Runs behind the fan. */
  runs: number;
}

/**
 * A fan chart: nested translucent bands between symmetric quantiles (outermost palest), and a
 * line for the middle quantile when the count of levels is odd.
 */
export function fanFigure(fan: FanData, labels: { y: string }, opts: FigureOptions): Figure {
  const { tick, levels, q } = fan;
  const idx = tick.map((_, i) => i);
  const marks: Plot.Markish[] = [];
  const legend: LegendItem[] = [];
  const pct = (p: number) => formatCell(100 * p, 3);
  const nBands = Math.floor(levels.length / 2);
  for (let k = 0; k < nBands; k++) {
    const lo = q[k];
    const hi = q[levels.length - 1 - k];
    const opacity = 0.12 + (0.3 * (k + 1)) / nBands;
    marks.push(Plot.areaY(idx, {
      x: (i: number) => tick[i],
      y1: (i: number) => lo[i],
      y2: (i: number) => hi[i],
      fill: defaults.point,
      fillOpacity: opacity,
    }));
    legend.push({
      label: `${pct(levels[k])}–${pct(levels[levels.length - 1 - k])} %`,
      color: defaults.point,
      shape: "band",
    });
  }
  if (levels.length % 2 === 1) {
    const mid = q[nBands];
    marks.push(Plot.lineY(idx, {
      x: (i: number) => tick[i],
      y: (i: number) => mid[i],
      stroke: defaults.point,
      strokeWidth: 1.5,
    }));
    legend.push({
      label: levels[nBands] === 0.5 ? "median" : `${pct(levels[nBands])} %`,
      color: defaults.point,
      shape: "line",
    });
  }
  return composeFigure({
    plot: {
      marks,
      x: { label: "tick" },
      y: { label: labels.y, grid: true, nice: true },
    },
    legend,
  }, size(opts));
}
