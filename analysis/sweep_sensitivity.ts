/**
 * Sensitivity indices of a sweep's measure as a table: one row per parameter, shown as an HTML
 * table in the kernel, a danfojs DataFrame on request. What `SweepResults.sobol()` and
 * `SweepResults.morris()` return.
 *
 * @module
 */
import { type DataFrame, toDataFrame } from "./dataframe.ts";
import { formatCell, htmlTable, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";

/** One parameter's row: `parameter` and a number per index column. */
export type SensitivityRow = { parameter: string } & Record<string, number | string>;

/**
 * Sensitivity indices per parameter (Sobol' S1, ST and their 95 % half-widths, or Morris μ, μ*,
 * σ), with the measure and method they were computed for.
 *
 * @example
 * ```ts
 * const table = sweep.sobol("unemployment_rate_mean");
 * table.get("economy.labor.matching_efficiency").ST; // a share of the variance
 * table.frame(); // danfojs
 * ```
 */
export class SensitivityTable {
  /** "sobol" or "morris". */
  readonly method: "sobol" | "morris";
  /** The measure (a column of the sweep's runs) the indices explain. */
  readonly measure: string;
  /** Index columns in display order, e.g. ["S1", "S1_conf", "ST", "ST_conf"]. */
  readonly columns: string[];
  /** One row per parameter, in the plan's order. */
  readonly rows: SensitivityRow[];
  /** What the table says in a line (design size, replicates averaged). */
  readonly note: string;

  /** @internal Made by `SweepResults.sobol()` and `SweepResults.morris()`. */
  constructor(
    method: "sobol" | "morris",
    measure: string,
    columns: string[],
    rows: SensitivityRow[],
    note: string,
  ) {
    this.method = method;
    this.measure = measure;
    this.columns = columns;
    this.rows = rows;
    this.note = note;
  }

  /**
   * The row of one parameter.
   *
   * @throws {Error} When the parameter is not in the table (the parameters are listed).
   */
  get(parameter: string): SensitivityRow {
    const r = this.rows.find((x) => x.parameter === parameter);
    if (!r) {
      throw new Error(
        `no parameter "${parameter}" in the ${this.method} table; parameters: ${
          this.rows.map((x) => x.parameter).join(", ")
        }`,
      );
    }
    return r;
  }

  /** The table as a danfojs DataFrame: parameter, then one column per index. */
  frame(): DataFrame {
    return toDataFrame(this.#columns(), { display: { caption: this.#caption() } });
  }

  /** Text table. */
  toString(): string {
    const head = ["parameter".padEnd(40), ...this.columns.map((c) => c.padStart(9))].join(" ");
    const lines = this.rows.map((r) =>
      [
        r.parameter.padEnd(40),
        ...this.columns.map((c) => formatCell(r[c], 3).padStart(9)),
      ].join(" ")
    );
    return [this.#caption(), head, ...lines].join("\n");
  }

  /** HTML table for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return {
      "text/html": htmlTable(this.#columns(), { caption: this.#caption(), digits: 3 }),
      "text/plain": this.toString(),
    };
  }

  #caption(): string {
    const what = this.method === "sobol" ? "Sobol' indices" : "Morris elementary effects";
    return `${what} of ${this.measure} (${this.note})`;
  }

  #columns(): Record<string, unknown[]> {
    const cols: Record<string, unknown[]> = { parameter: this.rows.map((r) => r.parameter) };
    for (const c of this.columns) {
      cols[c] = this.rows.map((r) => (Number.isFinite(r[c]) ? r[c] : null));
    }
    return cols;
  }
}
