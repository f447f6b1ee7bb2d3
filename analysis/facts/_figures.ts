/**
 * Figure builders of the stylized facts (private to analysis/facts/): each draws a fact's
 * evidence on its window against its target.
 * @module
 */
import { formatCell } from "../display.ts";
import { ccdf, type Figure, kpiLines, scatterFit } from "../plots.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type NotAvailable, notAvailable } from "./_common.ts";
import { blockMeans, factWindow, kpiWindow, missingKpi, MONTH, windowText } from "./_window.ts";
import { quarterlyCycles } from "./cycle.ts";

export type FactFigure = Figure | NotAvailable;
export type Plotter = (run: Run, opts: FactOptions, target: [number, number]) => FactFigure;

/** Daily KPIs over the window, with the target band (none for drift facts: pass `band` false). */
export function kpiPlot(names: string[], yLabel: string, band = true): Plotter {
  return (run, opts, target) => {
    const w = factWindow(run, opts, 1);
    if (typeof w === "string") return notAvailable(w);
    const present = names.filter((n) => run.hasKpi(n));
    if (present.length === 0) return notAvailable(missingKpi(run, names)!);
    const s = kpiWindow(run, present, w);
    if (typeof s === "string") return notAvailable(s);
    return kpiLines({ tick: s.ticks, ...s.cols }, present, {
      yLabel,
      targetBand: band ? target : undefined,
      caption: windowText(w),
    });
  };
}

/**
 * A rate computed month by month (blocks of 365/12 days) from the means of KPIs, with the
 * target band: the fact's value is the same rate over the whole window.
 */
export function monthlyPlot(
  names: string[],
  rate: (m: Record<string, number>) => number,
  label: string,
  yLabel: string,
): Plotter {
  return (run, opts, target) => {
    const w = factWindow(run, opts, Math.ceil(2 * MONTH));
    if (typeof w === "string") return notAvailable(w);
    const b = blockMeans(run, names, w, MONTH);
    if (typeof b === "string") return notAvailable(b);
    const values = b.start.map((_, i) =>
      rate(Object.fromEntries(names.map((n) => [n, b.cols[n][i]])))
    );
    return kpiLines({ tick: b.start, [label]: values }, [label], {
      yLabel,
      targetBand: target,
      caption: `month by month over ${windowText(w)}`,
    });
  };
}

/**
 * Each month's entrants' survival to their first birthday: KPI `firm_first_birthdays` twelve
 * months on over the month's `firm_entries` (months of 365/12 days, so twelve are a year to the
 * day), with the target band; the fact's value is the same ratio over all the window's cohorts.
 */
export function cohortSurvivalPlot(): Plotter {
  return (run, opts, target) => {
    const w = factWindow(run, opts, Math.ceil(13 * MONTH));
    if (typeof w === "string") return notAvailable(w);
    const b = blockMeans(run, ["firm_entries", "firm_first_birthdays"], w, MONTH);
    if (typeof b === "string") return notAvailable(b);
    const tick: number[] = [];
    const survival: number[] = [];
    for (let i = 0; i + 12 < b.start.length; i++) {
      const entries = b.cols.firm_entries[i];
      if (!(entries > 0)) continue;
      tick.push(b.start[i]);
      survival.push(b.cols.firm_first_birthdays[i + 12] / entries);
    }
    if (tick.length === 0) return notAvailable(`no month of ${windowText(w)} has entrants`);
    return kpiLines({ tick, "alive a year later": survival }, ["alive a year later"], {
      yLabel: "share of the month's entrants",
      targetBand: target,
      caption: `entrants month by month over ${windowText(w)}, the month of entry on the x axis`,
    });
  };
}

/** HP cycles of log output and another log series (or output alone), quarter by quarter. */
export function cyclePlot(name: string): Plotter {
  return (run, opts) => {
    const names = [...new Set(["gdp_real", name])];
    const c = quarterlyCycles(run, names, [], opts);
    if (typeof c === "string") return notAvailable(c);
    return kpiLines({ tick: c.start, ...c.cycle }, names, {
      yLabel: "HP cycle, log deviation from trend",
      caption: c.text,
    });
  };
}

/** Scatter of two HP cycles with the least-squares line. */
export function cycleScatter(
  logged: string[],
  levels: string[],
  x: string,
  y: string,
  labels: { x: string; y: string; title: string },
  scale = 1,
): Plotter {
  return (run, opts) => {
    const c = quarterlyCycles(run, logged, levels, opts);
    if (typeof c === "string") return notAvailable(c);
    return scatterFit(
      Array.from(c.cycle[x], (v) => v * scale),
      Array.from(c.cycle[y], (v) => v * scale),
      { xLabel: labels.x, yLabel: labels.y, title: labels.title, caption: c.text },
    );
  };
}

/** A CCDF of a sample (or a note), titled with the fact's value and target. */
export function ccdfPlot(
  sample: (run: Run, opts: FactOptions) => ArrayLike<number> | string,
  xLabel: string,
  title: string,
  value: (run: Run, opts: FactOptions) => number,
): Plotter {
  return (run, opts, target) => {
    const s = sample(run, opts);
    if (typeof s === "string") return notAvailable(s);
    return ccdf(s, {
      xLabel,
      title: `${title}: ${formatCell(value(run, opts), 3)} (target ${formatCell(target[0])}–${
        formatCell(target[1])
      })`,
    });
  };
}
