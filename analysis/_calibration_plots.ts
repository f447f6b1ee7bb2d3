/**
 * The figures of a calibration, drawn from its state: best loss against runs per stage, the
 * sampled points coloured by loss, one profile panel per parameter, and the bootstrap draws of
 * a pair of parameters. Private: `analysis/calibration.ts` is the door.
 *
 * @module
 */
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import * as Plot from "npm:@observablehq/plot@0.6.17";
// deno-lint-ignore no-import-prefix -- workbench-only: `deno task run` must not install it
import { parseHTML } from "npm:linkedom@0.18.15";
import type { CalibrationState, Stage } from "../calibrate/state.ts";
import { CHI2_1_95 } from "../calibrate/uncertainty.ts";
import type { CalibratedParameter } from "../calibrate/spec.ts";
import { pearson } from "./stats.ts";
import { valueFromUnit } from "../sweep/plan.ts";
import { colorClasses } from "./_color_classes.ts";
import { composeFigure, type Figure, type FigureOptions, type LegendItem } from "./_figure.ts";
import { plainNumber } from "./_text.ts";
import { formatCell, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { defaults } from "./plots.ts";

/** The colour of each stage of a calibration. */
export const STAGE_COLORS: Record<Stage, string> = {
  start: "#4e79a7",
  search: "#f28e2b",
  refine: "#59a14f",
};
const STAGES: Stage[] = ["start", "search", "refine"];
const ESTIMATE = "#e15759";

function size(opts: FigureOptions): FigureOptions & { width: number } {
  return { ...opts, width: opts.width ?? defaults.width, height: opts.height ?? defaults.height };
}

/** A parameter's value at a unit coordinate. */
function valueOf(p: CalibratedParameter, u: number): number {
  return valueFromUnit(u, p.bounds, p.scale, p.type === "integer");
}

/** A parameter's axis: logarithmic for a log-scale parameter, its bounds as the domain. */
function axisOf(p: CalibratedParameter, label = p.path): Plot.ScaleOptions {
  return p.scale === "log"
    ? { label, domain: p.bounds, type: "log", grid: true, tickFormat: plainNumber }
    : { label, domain: p.bounds, grid: true };
}

/**
 * Best loss so far against the runs spent: one line per stage (each starting where the last
 * ended), every point's own loss as a faint dot, on a log axis.
 */
export function convergenceFigure(state: CalibrationState, opts: FigureOptions): Figure {
  const R = state.seeds.length;
  let best = Infinity;
  const rows = state.evaluations.map((e, i) => {
    best = Math.min(best, e.loss);
    return { runs: (i + 1) * R, best, loss: e.loss, stage: e.stage };
  });
  const shown = rows.filter((r) => Number.isFinite(r.best) && r.best > 0);
  if (shown.length === 0) {
    throw new Error(
      `calibration ${state.name} has no point with a finite loss yet: nothing to draw`,
    );
  }
  const marks: Plot.Markish[] = [
    Plot.dot(rows.filter((r) => Number.isFinite(r.loss) && r.loss > 0), {
      x: "runs",
      y: "loss",
      fill: "#bbb",
      r: 2,
      ariaDescription: "point loss",
    }),
  ];
  const legend: LegendItem[] = [];
  for (const stage of STAGES) {
    const own = shown.filter((r) => r.stage === stage);
    if (own.length === 0) continue;
    // The line starts at the best loss the previous stage left.
    const before = shown.filter((r) => r.runs < own[0].runs).at(-1);
    marks.push(Plot.line(before ? [before, ...own] : own, {
      x: "runs",
      y: "best",
      stroke: STAGE_COLORS[stage],
      strokeWidth: 2,
      curve: "step-after",
      ariaDescription: `best loss ${stage}`,
    }));
    legend.push({ label: `best so far: ${stage}`, color: STAGE_COLORS[stage], shape: "line" });
  }
  const baseline = state.result?.baseline;
  if (baseline && baseline.curve.length > 0) {
    // The same budget with Halton sampling alone: "loss against runs for each method".
    marks.push(Plot.line(baseline.curve.filter((c) => Number.isFinite(c.loss) && c.loss > 0), {
      x: "runs",
      y: "loss",
      stroke: "#777",
      strokeWidth: 1.5,
      strokeDasharray: "4,3",
      curve: "step-after",
      ariaDescription: "best loss baseline",
    }));
    legend.push({ label: "best so far: Halton alone", color: "#777", shape: "line" });
  }
  legend.push({ label: "each point's loss", color: "#bbb", shape: "dot" });
  const reached = baseline
    ? baseline.reachedAfter === null
      ? "the search never reached the Halton baseline's best loss"
      : `the search reached the Halton baseline's best loss after ${baseline.reachedAfter} runs ` +
        `(the baseline spent ${baseline.curve.at(-1)?.runs ?? "?"})`
    : undefined;
  return composeFigure({
    plot: {
      marks,
      x: { label: "runs (points × seeds)", grid: true },
      y: {
        label: "loss (log scale)",
        type: "log",
        grid: true,
        nice: true,
        tickFormat: plainNumber,
      },
    },
    legend,
  }, { ...size(opts), caption: opts.caption ?? reached });
}

/** Colour classes of the losses (log scale), as a map's legend draws them. */
function lossColors(losses: number[]) {
  const classes = colorClasses(losses, "log", 7);
  const ramp = Plot.scale({
    color: { type: "linear", scheme: defaults.sequentialScheme, domain: [0, 1] },
  });
  const colors = Array.from(
    { length: classes.count },
    (_, c) => String(ramp.apply(classes.count === 1 ? 0.5 : c / (classes.count - 1))),
  );
  const end = (v: number) => formatCell(Number(v.toPrecision(3)), 3);
  return {
    fill: (loss: number) => colors[Math.max(0, classes.classOf(loss))],
    legend: {
      title: "loss (log scale; dark is low)",
      colors,
      boundaries: [
        end(classes.min),
        ...classes.thresholds.map((t) => formatCell(t, 3)),
        classes.count > 1 ? end(classes.max) : "",
      ],
    },
  };
}

/**
 * The evaluated points in parameter space coloured by their loss, the estimate ringed: a
 * scatter of the two parameters, or for more a scatter matrix of every pair (in position
 * within the bounds, 0 to 1, so the panels share their axes).
 */
export function pointsFigure(state: CalibrationState, opts: FigureOptions): Figure {
  const params = state.spec.parameters;
  const evals = state.evaluations.filter((e) => Number.isFinite(e.loss) && e.loss > 0);
  if (evals.length === 0) {
    throw new Error(`calibration ${state.name} has no point with a finite loss yet`);
  }
  const left = state.evaluations.length - evals.length;
  const best = evals.reduce((a, b) => (b.loss < a.loss ? b : a));
  const { fill, legend } = lossColors(evals.map((e) => e.loss));
  const note = left > 0
    ? `${left} point${left === 1 ? "" : "s"} with a missing moment (infinite loss) left out. `
    : "";
  const base = { caption: `${note}Ringed: the point of least loss.`, ...opts };
  if (params.length === 1) {
    const p = params[0];
    return composeFigure({
      plot: {
        marks: [
          Plot.dot(evals, {
            x: (e) => e.values[p.path],
            y: "loss",
            fill: (e) => fill(e.loss),
            r: 4,
            ariaDescription: "points",
          }),
          Plot.dot([best], {
            x: (e) => e.values[p.path],
            y: "loss",
            r: 8,
            stroke: ESTIMATE,
            strokeWidth: 2,
            ariaDescription: "estimate",
          }),
        ],
        x: axisOf(p),
        y: {
          label: "loss (log scale)",
          type: "log",
          grid: true,
          nice: true,
          tickFormat: plainNumber,
        },
      },
      classLegend: legend,
    }, size(base));
  }
  if (params.length === 2) {
    const [p, q] = params;
    const x = (e: typeof best) => e.values[p.path];
    const y = (e: typeof best) => e.values[q.path];
    return composeFigure({
      plot: {
        marks: [
          Plot.dot(evals, {
            x,
            y,
            fill: (e) => fill(e.loss),
            r: 4,
            stroke: "white",
            strokeWidth: 0.5,
            ariaDescription: "points",
          }),
          Plot.dot([best], {
            x,
            y,
            r: 8,
            stroke: ESTIMATE,
            strokeWidth: 2,
            ariaDescription: "estimate",
          }),
        ],
        x: axisOf(p),
        y: axisOf(q),
      },
      classLegend: legend,
    }, size(base));
  }
  // Every pair (i < j): a panel in row i, column j.
  const pairs: { e: typeof best; row: string; col: string; u: number; v: number }[] = [];
  const ests: typeof pairs = [];
  for (let i = 0; i < params.length; i++) {
    for (let j = i + 1; j < params.length; j++) {
      for (const e of evals) {
        pairs.push({ e, row: params[i].path, col: params[j].path, u: e.unit[j], v: e.unit[i] });
      }
      ests.push({
        e: best,
        row: params[i].path,
        col: params[j].path,
        u: best.unit[j],
        v: best.unit[i],
      });
    }
  }
  return composeFigure({
    plot: {
      marks: [
        Plot.frame({ stroke: "#ccc" }),
        Plot.dot(pairs, {
          x: "u",
          y: "v",
          fx: "col",
          fy: "row",
          fill: (d) => fill(d.e.loss),
          r: 2.5,
          ariaDescription: "points",
        }),
        Plot.dot(ests, {
          x: "u",
          y: "v",
          fx: "col",
          fy: "row",
          r: 6,
          stroke: ESTIMATE,
          strokeWidth: 2,
          ariaDescription: "estimate",
        }),
      ],
      x: { label: "position within the column parameter's bounds", domain: [0, 1] },
      y: { label: "row parameter", domain: [0, 1] },
      fx: { label: null, domain: params.slice(1).map((p) => p.path) },
      fy: { label: null, domain: params.slice(0, -1).map((p) => p.path) },
    },
    classLegend: legend,
  }, size({ height: 180 * (params.length - 1) + 120, ...base }));
}

/** Small panels side by side in one `<svg>` (each panel a nested `<svg>`), under a title. */
function panelGrid(
  panels: Figure[],
  document: DomDocument,
  opts: FigureOptions & { columns: number; panelWidth: number; caption?: string },
): Figure {
  const NS = "http://www.w3.org/2000/svg";
  const titleHeight = opts.title ? 28 : 4;
  const heights = panels.map((p) => Number(p.element.outerHTML.match(/height="(\d+)"/)?.[1] ?? 0));
  const rowHeight = Math.max(...heights);
  const rows = Math.ceil(panels.length / opts.columns);
  const captionHeight = opts.caption ? 22 : 0;
  const width = opts.columns * opts.panelWidth;
  const height = titleHeight + rows * rowHeight + captionHeight;
  const svg = document.createElementNS(NS, "svg");
  const attrs: Record<string, string | number> = {
    xmlns: NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    "font-family": "system-ui, sans-serif",
    style: "max-width:100%;height:auto",
  };
  for (const [k, v] of Object.entries(attrs)) svg.setAttribute(k, String(v));
  const text = (y: number, size: number, content: string, extra: Record<string, string>) => {
    const t = document.createElementNS(NS, "text");
    for (
      const [k, v] of Object.entries({ x: "8", y: String(y), "font-size": String(size), ...extra })
    ) {
      t.setAttribute(k, v);
    }
    t.textContent = content;
    svg.appendChild(t);
  };
  const bg = document.createElementNS(NS, "rect");
  for (const [k, v] of Object.entries({ width, height, fill: "white" })) {
    bg.setAttribute(k, String(v));
  }
  svg.appendChild(bg);
  if (opts.title) text(20, 16, opts.title, { "font-weight": "bold", "aria-label": "title" });
  panels.forEach((p, i) => {
    const el = p.element as unknown as DomElement;
    el.setAttribute("x", String((i % opts.columns) * opts.panelWidth));
    el.setAttribute("y", String(titleHeight + Math.floor(i / opts.columns) * rowHeight));
    el.setAttribute("aria-label", "panel");
    el.removeAttribute("style");
    svg.appendChild(el);
  });
  if (opts.caption) text(height - 8, 11, opts.caption, { fill: "#555", "aria-label": "caption" });
  const markup = svg.outerHTML;
  return {
    element: svg,
    svg: markup,
    [JUPYTER_DISPLAY]: (): MimeBundle => ({ "image/svg+xml": markup, "text/html": markup }),
  };
}

interface DomElement {
  readonly outerHTML: string;
  readonly tagName: string;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  appendChild(child: DomElement): DomElement;
}
interface DomDocument {
  createElementNS(ns: string, tag: string): DomElement;
}

/**
 * One panel per parameter: the profile loss against the parameter's value, the estimate as a
 * vertical rule, its 95% interval shaded, and a horizontal band from the least loss up by the
 * identifiability threshold (the chi-square(1) 95% point, 3.84, for the variance weightings;
 * twice the loss's noise for the identity): a profile inside that band does not pin the
 * parameter down.
 */
export function profilesFigure(state: CalibrationState, opts: FigureOptions): Figure {
  const r = state.result!;
  const document = (opts.document ??
    (parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as { document: object })
      .document) as DomDocument;
  const columns = Math.min(state.spec.parameters.length, 3);
  const panelWidth = Math.floor((opts.width ?? defaults.width) / columns);
  const band = state.spec.weighting === "identity"
    ? 2 * (Number.isFinite(r.lossNoise) ? r.lossNoise : 0)
    : CHI2_1_95;
  const panels = state.spec.parameters.map((p) => {
    const prof = r.profiles.find((x) => x.path === p.path);
    const est = r.estimates.find((x) => x.path === p.path)!;
    const rows = (prof?.unit ?? [])
      .map((u, k) => ({ value: valueOf(p, u), loss: prof!.loss[k] }))
      .filter((d) => Number.isFinite(d.loss));
    const marks: Plot.Markish[] = [];
    if (Number.isFinite(est.interval[0]) && Number.isFinite(est.interval[1])) {
      marks.push(Plot.rect([est], {
        x1: (e) => e.interval[0],
        x2: (e) => e.interval[1],
        fill: ESTIMATE,
        fillOpacity: 0.12,
        ariaDescription: "interval",
      }));
    }
    marks.push(
      Plot.rect([r], {
        y1: (x) => x.loss,
        y2: (x) => x.loss + band,
        fill: "#888",
        fillOpacity: 0.2,
        ariaDescription: "threshold band",
      }),
      Plot.line(rows, { x: "value", y: "loss", stroke: defaults.point, strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "value", y: "loss", fill: defaults.point, r: 2 }),
      Plot.ruleX([est.value], { stroke: ESTIMATE, strokeWidth: 2, ariaDescription: "estimate" }),
    );
    const method = "binned points";
    return composeFigure({
      plot: {
        marks,
        x: { ...axisOf(p, p.path.split(".").at(-1)), ticks: 4 },
        y: { label: "profile loss", grid: true, nice: true },
      },
    }, {
      width: panelWidth,
      height: 240,
      title: p.path.split(".").slice(-2).join("."),
      caption: `${method}; estimate ${formatCell(est.value, 3)}`,
      document,
    });
  });
  return panelGrid(panels, document, {
    columns,
    panelWidth,
    title: opts.title ?? "Profiles: the least loss with one parameter held at each value",
    caption: opts.caption ??
      "Red rule: the estimate; red shade: its 95% interval; grey band: least loss + " +
        (state.spec.weighting === "identity"
          ? "2 sd of the loss's noise"
          : "3.84 (chi-square(1) 95%): a profile that stays in it does not pin the parameter down") +
        ".",
  });
}

/**
 * The bootstrap draws of the estimate for the first pair of parameters (a dot per distinct
 * draw, its area the number of draws there), the estimate ringed, the 95% intervals as a box:
 * a cloud along a diagonal is a trade-off the moments cannot separate.
 */
export function drawsFigure(state: CalibrationState, opts: FigureOptions): Figure {
  const r = state.result!;
  const params = state.spec.parameters;
  if (r.draws.length === 0) {
    throw new Error(`calibration ${state.name} has no bootstrap draws (uncertainty.bootstrap: 0)`);
  }
  const [p, q] = params;
  const counts = new Map<string, { x: number; y: number; n: number }>();
  for (const d of r.draws) {
    const x = d[p.path];
    const y = q ? d[q.path] : 0;
    const key = `${x},${y}`;
    const c = counts.get(key) ?? { x, y, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  const cloud = [...counts.values()];
  const est = r.estimates;
  const at = { x: est[0].value, y: q ? est[1].value : 0 };
  const rho = q ? pearson(r.draws.map((d) => d[p.path]), r.draws.map((d) => d[q.path])) : NaN;
  const marks: Plot.Markish[] = [];
  if (q) {
    marks.push(Plot.rect([est], {
      x1: (e) => e[0].interval[0],
      x2: (e) => e[0].interval[1],
      y1: (e) => e[1].interval[0],
      y2: (e) => e[1].interval[1],
      fill: ESTIMATE,
      fillOpacity: 0.08,
      stroke: ESTIMATE,
      strokeOpacity: 0.5,
      ariaDescription: "interval",
    }));
  }
  marks.push(
    Plot.dot(cloud, {
      x: "x",
      y: "y",
      r: "n",
      fill: defaults.point,
      fillOpacity: 0.6,
      ariaDescription: "draws",
    }),
    Plot.dot([at], {
      x: "x",
      y: "y",
      r: 7,
      stroke: ESTIMATE,
      strokeWidth: 2,
      ariaDescription: "estimate",
    }),
  );
  const corr = Number.isFinite(rho) ? `; correlation of the draws ${rho.toFixed(2)}` : "";
  return composeFigure(
    {
      plot: {
        marks,
        x: axisOf(p),
        y: q ? axisOf(q) : { label: null, ticks: [] },
        r: { range: [2, 12] },
      },
      legend: [
        { label: "bootstrap draws (area: count)", color: defaults.point, shape: "dot" },
        { label: "estimate and 95% intervals", color: ESTIMATE, shape: "band" },
      ],
    },
    size({
      caption: `${r.draws.length} draws at ${cloud.length} distinct points${corr}.`,
      ...opts,
    }),
  );
}
