/**
 * The stylized facts over several runs of one scenario (one per seed): how many pass, the
 * median and spread of each value, and every run's value.
 * @module
 */
import { type DataFrame, toDataFrame } from "../dataframe.ts";
import { escapeHtml, formatCell, JUPYTER_DISPLAY, type MimeBundle } from "../display.ts";
import { quantile } from "../stats.ts";
import type { FactRow, FactStatus } from "./_common.ts";
import { FactsTable, STATUS_COLOR } from "./table.ts";

/** One fact over several runs, see {@linkcode FactsBySeed}. */
export interface SeedFactRow {
  /** The fact's id. */
  id: string;
  /** What the fact says. */
  fact: string;
  /** Target range. */
  target: [number, number];
  /** Target range as text. */
  targetText: string;
  /** Unit of the values. */
  unit: string;
  /** Literature source of the target. */
  source: string;
  /** Runs evaluated. */
  n: number;
  /** Runs on which the fact passed. */
  passes: number;
  /** Runs on which it failed. */
  fails: number;
  /** Runs that could not measure it. */
  notAvailable: number;
  /** Median of the measured values (NaN when none). */
  median: number;
  /** Smallest measured value (NaN when none). */
  min: number;
  /** Largest measured value (NaN when none). */
  max: number;
  /** Value per run, in run order (NaN where not available). */
  values: number[];
  /** Status per run, in run order. */
  statuses: FactStatus[];
}

/**
 * The result of `facts([run1, run2, ...])`: per fact the pass count out of n, the median and
 * min–max of the values, and each run's value; displays as an HTML table (and text) in the
 * kernel, `.frame()` gives a danfojs DataFrame, `.toMarkdown()` a Markdown table.
 */
export class FactsBySeed {
  /** The table of each run, in run order. */
  readonly tables: FactsTable[];
  /** The label of each run's column (its seed, e.g. "seed 7"). */
  readonly labels: string[];
  /** One row per fact. */
  readonly rows: SeedFactRow[];

  /**
   * Combines tables evaluated one run at a time (what `facts(runs)` does in one go), e.g. to
   * delete each run's files before the next.
   *
   * @param tables One {@linkcode FactsTable} per run, all of the same facts.
   * @param labels The column label of each run, e.g. "seed 7".
   * @throws {Error} When there is no table or the labels do not match the tables.
   */
  constructor(tables: FactsTable[], labels: string[]) {
    if (tables.length === 0) throw new Error("facts(): give at least one run");
    if (labels.length !== tables.length) {
      throw new Error(`FactsBySeed: ${tables.length} tables but ${labels.length} labels`);
    }
    this.tables = tables;
    this.labels = labels;
    this.rows = tables[0].rows.map((first, k) => summarize(first, tables.map((t) => t.rows[k])));
  }

  /**
   * The row of one fact.
   *
   * @throws {Error} When the id names no fact in the table.
   */
  get(id: string): SeedFactRow {
    const r = this.rows.find((x) => x.id === id);
    if (!r) throw new Error(`no fact "${id}"; facts: ${this.rows.map((x) => x.id).join(", ")}`);
    return r;
  }

  /** The table as a danfojs DataFrame: fact, target, unit, passes, n, median, min, max, one column per run. */
  frame(): DataFrame {
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    const cols: Record<string, (string | number | null)[]> = {
      fact: this.rows.map((r) => r.id),
      target: this.rows.map((r) => r.targetText),
      unit: this.rows.map((r) => r.unit),
      passes: this.rows.map((r) => r.passes),
      n: this.rows.map((r) => r.n),
      median: this.rows.map((r) => num(r.median)),
      min: this.rows.map((r) => num(r.min)),
      max: this.rows.map((r) => num(r.max)),
    };
    this.labels.forEach((l, j) => (cols[l] = this.rows.map((r) => num(r.values[j]))));
    return toDataFrame(cols, { display: { maxRows: 60 } });
  }

  /** Text table: passes, median, range and one value per run for each fact. */
  toString(): string {
    const head = `${"fact".padEnd(30)} ${"target".padEnd(14)} pass   ${"median".padStart(9)} ${
      "min".padStart(9)
    } ${"max".padStart(9)}  ${this.labels.join(" | ")}`;
    const lines = this.rows.map((r) =>
      `${r.id.padEnd(30)} ${r.targetText.padEnd(14)} ${`${r.passes}/${r.n}`.padEnd(6)} ${
        cell(r.median).padStart(9)
      } ${cell(r.min).padStart(9)} ${cell(r.max).padStart(9)}  ${
        r.values.map((v, j) => `${cell(v)}${mark(r.statuses[j])}`).join(" | ")
      }`
    );
    return [head, ...lines].join("\n");
  }

  /**
   * A Markdown table (for a README): fact, target, unit, passes out of n, median, min–max, one
   * column per run (a value that fails is marked ✗, one not available is "n/a").
   *
   * @example
   * ```ts
   * console.log(facts([run1, run2]).toMarkdown());
   * ```
   */
  toMarkdown(): string {
    const head = ["fact", "target", "unit", "pass", "median", "min–max", ...this.labels];
    const lines = this.rows.map((r) =>
      [
        `\`${r.id}\``,
        r.targetText,
        r.unit,
        `${r.passes}/${r.n}`,
        cell(r.median),
        Number.isFinite(r.min) ? `${cell(r.min)} – ${cell(r.max)}` : "n/a",
        ...r.values.map((v, j) => `${cell(v)}${mark(r.statuses[j])}`),
      ].join(" | ")
    );
    return [head.join(" | "), head.map(() => "---").join(" | "), ...lines]
      .map((l) => `| ${l} |`).join("\n");
  }

  /** HTML table for the Deno Jupyter kernel, each run's value colored by its status. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const head = ["fact", "target", "unit", "pass", "median", "min – max", ...this.labels, "source"]
      .map((h) => `<th>${escapeHtml(h)}</th>`).join("");
    const body = this.rows.map((r) => {
      const ok = r.passes === r.n ? "pass" : r.passes === 0 ? "fail" : "not available";
      return `<tr><td>${escapeHtml(r.fact)}</td><td>${escapeHtml(r.targetText)}</td>` +
        `<td>${escapeHtml(r.unit)}</td><td style="color:${
          STATUS_COLOR[ok]
        };font-weight:bold">${r.passes}/${r.n}</td>` +
        `<td style="text-align:right">${escapeHtml(cell(r.median))}</td>` +
        `<td style="text-align:right">${
          Number.isFinite(r.min) ? escapeHtml(`${cell(r.min)} – ${cell(r.max)}`) : "—"
        }</td>` +
        r.values.map((v, j) =>
          `<td style="text-align:right;color:${STATUS_COLOR[r.statuses[j]]}">${
            escapeHtml(cell(v))
          }</td>`
        ).join("") + `<td><small>${escapeHtml(r.source)}</small></td></tr>`;
    }).join("");
    const passAll = this.rows.filter((r) => r.passes === r.n).length;
    return {
      "text/html": `<div class="panarchy-facts"><table><caption style="text-align:left">` +
        `Stylized facts over ${this.labels.length} runs — ${passAll} of ${this.rows.length} ` +
        `pass on every run</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody>` +
        `</table></div>`,
      "text/plain": this.toString(),
    };
  }
}

function cell(v: number): string {
  return Number.isFinite(v) ? formatCell(v, 3) : "n/a";
}

function mark(s: FactStatus): string {
  return s === "fail" ? " ✗" : "";
}

function summarize(first: FactRow, rows: FactRow[]): SeedFactRow {
  const values = rows.map((r) => r.value);
  const measured = values.filter(Number.isFinite);
  const statuses = rows.map((r) => r.status);
  const count = (s: FactStatus) => statuses.filter((x) => x === s).length;
  return {
    id: first.id,
    fact: first.fact,
    target: first.target,
    targetText: first.targetText,
    unit: first.unit,
    source: first.source,
    n: rows.length,
    passes: count("pass"),
    fails: count("fail"),
    notAvailable: count("not available"),
    median: measured.length ? quantile(measured, 0.5) : NaN,
    min: measured.length ? Math.min(...measured) : NaN,
    max: measured.length ? Math.max(...measured) : NaN,
    values,
    statuses,
  };
}
