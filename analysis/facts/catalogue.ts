/**
 * The catalogue of stylized facts, their evaluation into a displayable table, and their
 * figures against the targets.
 * @module
 */
import { type DataFrame, toDataFrame } from "../dataframe.ts";
import { escapeHtml, formatCell, JUPYTER_DISPLAY, type MimeBundle } from "../display.ts";
import { agePyramid, ccdf, type Figure, kpiLines, scatterFit } from "../plots.ts";
import { crudeBirthRate, crudeDeathRate, dependencyRatio } from "./demography.ts";
import {
  firmSizes,
  firmSizeSkewness,
  firmSizeTailExponent,
  meanPriceCv,
  priceCvNames,
  priceDispersion,
  priceDispersionPersistence,
} from "./firms.ts";
import {
  beveridgeCorrelation,
  inflationRate,
  okunCoefficient,
  okunPairs,
  unemploymentRate,
} from "./macro.ts";
import { incomeGini, wealthGini } from "./inequality.ts";
import { hillTailExponent, skewness } from "../stats.ts";
import type { Run } from "../run.ts";
import {
  type FactOptions,
  type FactRow,
  type FactSpec,
  type FactStatus,
  hasRows,
  type Measure,
  na,
  type NotAvailable,
  notAvailable,
  periodMeans,
  tickOf,
  windowStart,
} from "./_common.ts";

function kpiPlot(names: string[], target: [number, number], yLabel: string) {
  return (run: Run, opts: FactOptions = {}): Figure | NotAvailable => {
    const present = names.filter((n) => run.hasKpi(n));
    if (present.length === 0) return notAvailable(`the run has no KPI ${names.join(" / ")}`);
    const from = windowStart(run, opts);
    const scale = (n: string) => (/%|percent/i.test(run.kpiUnit(n)) ? 0.01 : 1);
    const cols = run.kpiColumns(present);
    const t = cols.tick;
    const cut: { tick: number[]; [n: string]: number[] } = { tick: [] };
    for (const n of present) cut[n] = [];
    for (let i = 0; i < t.length; i++) {
      if (t[i] < from) continue;
      cut.tick.push(t[i]);
      for (const n of present) cut[n].push(cols[n][i] * scale(n));
    }
    return kpiLines(cut, present, { yLabel, targetBand: target, caption: `after tick ${from}` });
  };
}

const RATE = "share";

/** Every fact {@linkcode facts} checks, in display order. */
export const FACTS: readonly FactSpec[] = [
  {
    id: "crude_birth_rate",
    fact: "Crude birth rate is in the range of national rates",
    target: [5, 45],
    unit: "per 1000 per year",
    source: "UN World Population Prospects 2022",
    measure: crudeBirthRate,
    plot: kpiPlot(["crude_birth_rate"], [5, 45], "births per 1000 per year"),
  },
  {
    id: "crude_death_rate",
    fact: "Crude death rate is in the range of national rates",
    target: [4, 18],
    unit: "per 1000 per year",
    source: "UN World Population Prospects 2022",
    measure: crudeDeathRate,
    plot: kpiPlot(["crude_death_rate"], [4, 18], "deaths per 1000 per year"),
  },
  {
    id: "dependency_ratio",
    fact: "Age pyramid: dependents (0–14, 65+) per working-age person",
    target: [0.35, 1.1],
    unit: "ratio",
    source: "UN World Population Prospects 2022",
    measure: dependencyRatio,
    plot: (run, opts = {}) => {
      if (hasRows(run, "persons", opts.tick)) {
        return agePyramid(run.agePyramid(opts.tick), {
          title: `Age pyramid at tick ${tickOf(run, opts)}`,
        });
      }
      return kpiPlot(["dependency_ratio"], [0.35, 1.1], "ratio")(run, opts);
    },
  },
  {
    id: "firm_size_tail",
    fact: "Firm sizes follow Zipf's law (Pareto tail exponent about 1)",
    target: [0.8, 1.4],
    unit: "alpha",
    source: "Axtell 2001, Science 293:1818",
    measure: firmSizeTailExponent,
    plot: (run, opts = {}) => {
      const sizes = firmSizes(run, opts);
      if (typeof sizes === "string") {
        return kpiPlot(["firm_size_tail_exponent"], [0.8, 1.4], "alpha")(run, opts);
      }
      const a = hillTailExponent(sizes, opts.kFraction ?? 0.1);
      return ccdf(sizes, {
        xLabel: "employees",
        title: `Firm sizes: Hill α = ${formatCell(a, 3)} (target 0.8–1.4, Zipf: 1)`,
      });
    },
  },
  {
    id: "firm_size_skewness",
    fact: "Firm sizes are strongly right-skewed",
    target: [1, Infinity],
    unit: "skewness",
    source: "Axtell 2001; Sutton 1997, J. Econ. Literature 35:40",
    measure: firmSizeSkewness,
    plot: (run, opts = {}) => {
      const sizes = firmSizes(run, opts);
      if (typeof sizes === "string") {
        return kpiPlot(["firm_size_skewness"], [1, Infinity], "skewness")(run, opts);
      }
      return ccdf(sizes, {
        xLabel: "employees",
        title: `Firm sizes: skewness ${formatCell(skewness(sizes), 3)} (target > 1)`,
      });
    },
  },
  {
    id: "price_dispersion",
    fact: "Identical goods sell at different prices (within-good CV)",
    target: [0.05, 0.5],
    unit: "CV",
    source: "Kaplan & Menzio 2015, Int. Econ. Review 56:1165",
    measure: priceDispersion,
    plot: (run, opts = {}) => {
      const names = priceCvNames(run);
      if (names.length === 0) return notAvailable("the run has no price_cv_<good> KPIs");
      return kpiPlot(names, [0.05, 0.5], "coefficient of variation")(run, opts);
    },
  },
  {
    id: "price_dispersion_persistence",
    fact: "Price dispersion persists (share of days with mean CV > 0.02)",
    target: [0.9, 1],
    unit: "share of days",
    source: "Kaplan & Menzio 2015; Kaplan, Menzio, Rudanko & Trachter 2019, AEJ: Micro 11(3):1",
    measure: priceDispersionPersistence,
    plot: (run, opts = {}) => {
      const w = meanPriceCv(run, opts);
      if (typeof w === "string") return notAvailable(w);
      return kpiLines({ tick: w.ticks, mean_price_cv: w.values }, ["mean_price_cv"], {
        yLabel: "mean within-good CV",
        targetBand: [0.02, Infinity],
      });
    },
  },
  {
    id: "beveridge",
    fact: "Beveridge curve: unemployment and vacancies move in opposite directions",
    target: [-1, -0.2],
    unit: "correlation",
    source: "Beveridge 1944; Elsby, Michaels & Ratner 2015, J. Econ. Literature 53:571",
    measure: beveridgeCorrelation,
    plot: (run, opts = {}) => {
      const p = periodMeans(run, "unemployment_rate", "vacancy_rate", opts);
      if (typeof p === "string") return notAvailable(p);
      if (p.a.length < 2) return notAvailable(`only ${p.a.length} periods after the burn-in`);
      return scatterFit(p.a, p.b, {
        xLabel: "unemployment rate",
        yLabel: "vacancy rate",
        title: "Beveridge curve (target: negative)",
      });
    },
  },
  {
    id: "okun",
    fact: "Okun's law: faster growth, falling unemployment",
    target: [-0.6, -0.2],
    unit: "pp per % growth",
    source: "Okun 1962; Ball, Leigh & Loungani 2017, J. Money Credit Banking 49:1413",
    measure: okunCoefficient,
    plot: (run, opts = {}) => {
      const p = okunPairs(run, opts);
      if (typeof p === "string") return notAvailable(p);
      return scatterFit(p.growth, p.du, {
        xLabel: "real output growth, %",
        yLabel: "change in unemployment, pp",
        title: "Okun's law (target slope −0.6 … −0.2)",
      });
    },
  },
  {
    id: "unemployment",
    fact: "Unemployment rate in the usual band",
    target: [0.03, 0.15],
    unit: RATE,
    source: "OECD Labour Force Statistics, 1990–2019",
    measure: unemploymentRate,
    plot: kpiPlot(["unemployment_rate"], [0.03, 0.15], "unemployment rate"),
  },
  {
    id: "inflation",
    fact: "Annual inflation in the usual band",
    target: [-0.02, 0.1],
    unit: RATE,
    source: "IMF World Economic Outlook, advanced economies 1990–2019",
    measure: inflationRate,
    plot: kpiPlot(["inflation_annual"], [-0.02, 0.1], "annual inflation"),
  },
  {
    id: "wealth_gini",
    fact: "Wealth is very unequal",
    target: [0.6, 0.85],
    unit: "Gini",
    source: "Davies, Sandström, Shorrocks & Wolff 2011, Economic Journal 121:223",
    measure: wealthGini,
    plot: (run, opts = {}) => {
      if (run.hasKpi("gini_wealth")) {
        return kpiPlot(["gini_wealth"], [0.6, 0.85], "Gini")(run, opts);
      }
      if (!hasRows(run, "persons", opts.tick)) return notAvailable("no gini_wealth KPI or persons");
      return ccdf(run.column("persons", "wealth", opts.tick), {
        xLabel: "wealth",
        title: `Wealth: Gini ${formatCell(wealthGini(run, opts).value, 3)} (target 0.6–0.85)`,
      });
    },
  },
  {
    id: "income_gini",
    fact: "Income is moderately unequal",
    target: [0.25, 0.5],
    unit: "Gini",
    source: "Luxembourg Income Study; OECD Income Distribution Database",
    measure: incomeGini,
    plot: (run, opts = {}) => {
      if (run.hasKpi("gini_income")) {
        return kpiPlot(["gini_income"], [0.25, 0.5], "Gini")(run, opts);
      }
      if (!hasRows(run, "households", opts.tick)) {
        return notAvailable("no gini_income KPI or households");
      }
      return ccdf(run.column("households", "permanent_income", opts.tick), {
        xLabel: "household permanent income",
        title: `Income: Gini ${formatCell(incomeGini(run, opts).value, 3)} (target 0.25–0.5)`,
      });
    },
  },
];

function findFact(id: string): FactSpec {
  const f = FACTS.find((x) => x.id === id);
  if (!f) throw new Error(`no stylized fact "${id}"; facts: ${FACTS.map((x) => x.id).join(", ")}`);
  return f;
}

function targetText([lo, hi]: [number, number]): string {
  if (hi === Infinity) return `> ${formatCell(lo)}`;
  if (lo === -Infinity) return `< ${formatCell(hi)}`;
  return `${formatCell(lo)} … ${formatCell(hi)}`;
}

/**
 * Evaluates one fact on a run. A measure that throws (a malformed run) is reported as "not
 * available" with the error as its note.
 *
 * @param run The run.
 * @param fact A fact id (see {@linkcode FACTS}) or spec.
 * @param opts Burn-in, period, snapshot tick.
 * @returns The row: value, target, source, status and note.
 * @throws {Error} When the id names no fact.
 */
export function evaluateFact(run: Run, fact: string | FactSpec, opts: FactOptions = {}): FactRow {
  const spec = typeof fact === "string" ? findFact(fact) : fact;
  let m: Measure;
  try {
    m = spec.measure(run, opts);
  } catch (e) {
    m = na((e as Error).message);
  }
  const [lo, hi] = spec.target;
  const status: FactStatus = !Number.isFinite(m.value)
    ? "not available"
    : m.value >= lo && m.value <= hi
    ? "pass"
    : "fail";
  return {
    id: spec.id,
    fact: spec.fact,
    value: m.value,
    target: spec.target,
    targetText: targetText(spec.target),
    unit: spec.unit,
    source: spec.source,
    status,
    note: m.note,
  };
}

/** The result of {@linkcode facts}: one row per fact; displays as an HTML table. */
export class FactsTable {
  /** One row per fact, in {@linkcode FACTS} order. */
  readonly rows: FactRow[];

  /** @internal Use {@linkcode facts}. */
  constructor(rows: FactRow[]) {
    this.rows = rows;
  }

  /** Facts that passed. */
  get passed(): FactRow[] {
    return this.rows.filter((r) => r.status === "pass");
  }

  /** Facts that failed. */
  get failed(): FactRow[] {
    return this.rows.filter((r) => r.status === "fail");
  }

  /** Facts this run could not measure. */
  get notAvailable(): FactRow[] {
    return this.rows.filter((r) => r.status === "not available");
  }

  /**
   * The row of one fact.
   *
   * @throws {Error} When the id names no fact in the table.
   */
  get(id: string): FactRow {
    const r = this.rows.find((x) => x.id === id);
    if (!r) throw new Error(`no fact "${id}"; facts: ${this.rows.map((x) => x.id).join(", ")}`);
    return r;
  }

  /** The table as a danfojs DataFrame (columns fact, value, target, source, status, note). */
  frame(): DataFrame {
    return toDataFrame(this.#columns(), { display: { maxRows: 50 } });
  }

  /** Text summary. */
  toString(): string {
    return this.rows.map((r) =>
      `${r.status.padEnd(13)} ${r.id.padEnd(28)} ${
        formatCell(r.value, 4).padStart(10)
      }  target ${r.targetText}`
    ).join("\n");
  }

  #columns() {
    return {
      fact: this.rows.map((r) => r.fact),
      value: this.rows.map((r) => (Number.isFinite(r.value) ? r.value : null)),
      target: this.rows.map((r) => r.targetText),
      unit: this.rows.map((r) => r.unit),
      status: this.rows.map((r) => r.status),
      source: this.rows.map((r) => r.source),
      note: this.rows.map((r) => r.note),
    };
  }

  /** HTML table for the Deno Jupyter kernel, status colored. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const color: Record<FactStatus, string> = {
      pass: "#2e7d32",
      fail: "#c62828",
      "not available": "#757575",
    };
    const head = ["fact", "value", "target", "unit", "status", "source", "note"]
      .map((h) => `<th>${h}</th>`).join("");
    const body = this.rows.map((r) =>
      `<tr><td>${escapeHtml(r.fact)}</td><td style="text-align:right">${
        Number.isFinite(r.value) ? escapeHtml(formatCell(r.value, 4)) : "—"
      }</td><td>${escapeHtml(r.targetText)}</td><td>${escapeHtml(r.unit)}</td>` +
      `<td style="color:${color[r.status]};font-weight:bold">${r.status}</td>` +
      `<td>${escapeHtml(r.source)}</td><td><small>${escapeHtml(r.note)}</small></td></tr>`
    ).join("");
    const summary = `${this.passed.length} pass · ${this.failed.length} fail · ` +
      `${this.notAvailable.length} not available`;
    return {
      "text/html": `<div class="panarchy-facts"><table><caption style="text-align:left">` +
        `Stylized facts — ${summary}</caption><thead><tr>${head}</tr></thead><tbody>${body}` +
        `</tbody></table></div>`,
      "text/plain": this.toString(),
    };
  }
}

/**
 * Evaluates every stylized fact of {@linkcode FACTS} on a run.
 *
 * @param run The run ({@linkcode openRun}, {@linkcode runFromResult}, ...).
 * @param opts Burn-in (ticks left out of time series), Okun/Beveridge period, snapshot tick.
 * @returns A {@linkcode FactsTable} (displays as a table: fact, value, target, source, status).
 *
 * @example
 * ```ts
 * import { facts } from "./catalogue.ts";
 * const table = facts(run, { burnIn: 90 });
 * table.get("unemployment").status; // "pass" | "fail" | "not available"
 * ```
 */
export function facts(run: Run, opts: FactOptions = {}): FactsTable {
  return new FactsTable(FACTS.map((f) => evaluateFact(run, f, opts)));
}

/**
 * Draws one fact's evidence against its target (a KPI with the target band, a CCDF, a
 * scatter with its fit); a fact the run cannot show gives a "not available" note instead.
 *
 * @param run The run.
 * @param id A fact id from {@linkcode FACTS}.
 * @param opts Burn-in, period, snapshot tick.
 * @returns A figure or a note, both displayable in the kernel.
 * @throws {Error} When the id names no fact.
 *
 * @example
 * ```ts
 * import { plotFact } from "./facts.ts";
 * plotFact(run, "okun", { burnIn: 90 });
 * ```
 */
export function plotFact(run: Run, id: string, opts: FactOptions = {}): Figure | NotAvailable {
  const spec = findFact(id);
  try {
    return spec.plot(run, opts);
  } catch (e) {
    return notAvailable((e as Error).message);
  }
}

/**
 * Every fact's figure with its verdict, as one displayable gallery (HTML).
 *
 * @param run The run.
 * @param opts Burn-in, period, snapshot tick.
 * @returns A displayable whose `figures` hold the individual figures.
 */
export function factFigures(
  run: Run,
  opts: FactOptions = {},
): { figures: { row: FactRow; figure: Figure | NotAvailable }[]; [JUPYTER_DISPLAY](): MimeBundle } {
  const figures = FACTS.map((f) => ({
    row: evaluateFact(run, f, opts),
    figure: plotFact(run, f.id, opts),
  }));
  return {
    figures,
    [JUPYTER_DISPLAY]: () => ({
      "text/html": figures.map(({ row, figure }) => {
        const html = figure[JUPYTER_DISPLAY]()["text/html"] ?? "";
        return `<h4>${escapeHtml(row.fact)} — <span>${row.status}</span> (${
          Number.isFinite(row.value) ? escapeHtml(formatCell(row.value, 4)) : "—"
        }; target ${escapeHtml(row.targetText)}; ${escapeHtml(row.source)})</h4>${html}`;
      }).join("\n"),
    }),
  };
}
