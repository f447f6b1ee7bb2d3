/**
 * Evaluating the stylized facts on a run into a displayable table, and their figures.
 * @module
 */
import { type DataFrame, toDataFrame } from "../dataframe.ts";
import { escapeHtml, formatCell, JUPYTER_DISPLAY, type MimeBundle } from "../display.ts";
import type { Figure } from "../plots.ts";
import type { Run } from "../run.ts";
import {
  type FactOptions,
  type FactRow,
  type FactSpec,
  type FactStatus,
  type Measure,
  na,
  type NotAvailable,
  notAvailable,
} from "./_common.ts";
import { FACTS } from "./catalogue.ts";

export const STATUS_COLOR: Record<FactStatus, string> = {
  pass: "#2e7d32",
  fail: "#c62828",
  "not available": "#757575",
};

export function findFact(id: string): FactSpec {
  const f = FACTS.find((x) => x.id === id);
  if (!f) throw new Error(`no stylized fact "${id}"; facts: ${FACTS.map((x) => x.id).join(", ")}`);
  return f;
}

export function targetText([lo, hi]: [number, number]): string {
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
 * @param opts Burn-in, window, snapshot tick.
 * @returns The row: value, target, source, status and note.
 * @throws {Error} When the id names no fact.
 *
 * @example
 * ```ts
 * import { evaluateFact } from "./table.ts";
 * evaluateFact(run, "unemployment").status; // "pass" | "fail" | "not available"
 * ```
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

/** The result of {@linkcode facts} on one run: one row per fact; displays as an HTML table. */
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

  /** The table as a danfojs DataFrame (columns fact, value, target, unit, status, source, note). */
  frame(): DataFrame {
    return toDataFrame({
      fact: this.rows.map((r) => r.fact),
      value: this.rows.map((r) => (Number.isFinite(r.value) ? r.value : null)),
      target: this.rows.map((r) => r.targetText),
      unit: this.rows.map((r) => r.unit),
      status: this.rows.map((r) => r.status),
      source: this.rows.map((r) => r.source),
      note: this.rows.map((r) => r.note),
    }, { display: { maxRows: 60 } });
  }

  /** Text summary, one line per fact. */
  toString(): string {
    return this.rows.map((r) =>
      `${r.status.padEnd(13)} ${r.id.padEnd(30)} ${
        formatCell(r.value, 4).padStart(10)
      }  target ${r.targetText}`
    ).join("\n");
  }

  /** HTML table for the Deno Jupyter kernel, status colored. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const head = ["fact", "value", "target", "unit", "status", "source", "note"]
      .map((h) => `<th>${h}</th>`).join("");
    const body = this.rows.map((r) =>
      `<tr><td>${escapeHtml(r.fact)}</td><td style="text-align:right">${
        Number.isFinite(r.value) ? escapeHtml(formatCell(r.value, 4)) : "—"
      }</td><td>${escapeHtml(r.targetText)}</td><td>${escapeHtml(r.unit)}</td>` +
      `<td style="color:${STATUS_COLOR[r.status]};font-weight:bold">${r.status}</td>` +
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
 * Draws one fact's evidence on its window against its target (a KPI with the target band, a
 * month-by-month rate, HP cycles, a CCDF, a scatter with its fit); a fact the run cannot show
 * gives a "not available" note instead.
 *
 * @param run The run.
 * @param id A fact id from {@linkcode FACTS}.
 * @param opts Burn-in, window, snapshot tick.
 * @returns A figure or a note, both displayable in the kernel.
 * @throws {Error} When the id names no fact.
 *
 * @example
 * ```ts
 * import { plotFact } from "./table.ts";
 * plotFact(run, "okun", { burnIn: 365 });
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
 * @param opts Burn-in, window, snapshot tick.
 * @returns A displayable whose `figures` hold the individual figures.
 *
 * @example
 * ```ts
 * import { factFigures } from "./table.ts";
 * factFigures(run).figures.length; // one per fact
 * ```
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
