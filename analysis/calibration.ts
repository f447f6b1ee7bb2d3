/**
 * Reading a calibration's folder ({@linkcode openCalibration}): what was calibrated, against
 * which targets, the estimates with their intervals, the moment-by-moment fit, identifiability
 * warnings and sensitivity indices as tables that display in the Deno kernel, and the figures
 * of the search (convergence, sampled points) and of its uncertainty (profiles, bootstrap
 * draws). What notebooks/05_calibration.ipynb, the report of `main.ts calibrate --report`,
 * shows.
 *
 * A calibration still running opens too: its manifest, targets and progress figures show; what
 * needs the result says so.
 *
 * @module
 */
import {
  type CalibrationResult,
  type CalibrationState,
  readState,
  STATE_FILE,
} from "../calibrate/state.ts";
import { CONVERGENCE_GAP, CONVERGENCE_WIDTH } from "../calibrate/sensitivity.ts";
import type { IdentifiabilityWarning } from "../calibrate/uncertainty.ts";
import {
  convergenceFigure,
  drawsFigure,
  pointsFigure,
  profilesFigure,
} from "./_calibration_plots.ts";
import type { Figure, FigureOptions } from "./_figure.ts";
import { escapeHtml, formatCell, htmlTable, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";

/** A row of a {@linkcode CalibrationTable}: column name -> cell. */
export type CalibrationRow = Record<string, string | number | null>;

/**
 * A table of a calibration report: rows of named cells, a caption, and a note under it (a
 * sentence on how to read it, or what is wrong). Displays as an HTML table in the kernel.
 */
export class CalibrationTable {
  /** Column names, in display order. */
  readonly columns: string[];
  /** One object per row. */
  readonly rows: CalibrationRow[];
  /** What the table is. */
  readonly caption: string;
  /** A sentence shown under the table ("" for none). */
  readonly note: string;

  /** @internal Made by {@linkcode CalibrationReport}. */
  constructor(columns: string[], rows: CalibrationRow[], caption: string, note = "") {
    this.columns = columns;
    this.rows = rows;
    this.caption = caption;
    this.note = note;
  }

  /** Text table. */
  toString(): string {
    const cell = (v: unknown) => (typeof v === "number" ? formatCell(v, 4) : String(v ?? ""));
    const widths = this.columns.map((c) =>
      Math.max(c.length, ...this.rows.map((r) => cell(r[c]).length))
    );
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
    return [
      this.caption,
      line(this.columns),
      ...this.rows.map((r) => line(this.columns.map((c) => cell(r[c])))),
      ...(this.note ? [this.note] : []),
    ].join("\n");
  }

  /** HTML table for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const cols = Object.fromEntries(this.columns.map((c) => [c, this.rows.map((r) => r[c])]));
    const note = this.note ? `<p>${escapeHtml(this.note)}</p>` : "";
    return {
      "text/html": htmlTable(cols, { caption: this.caption, digits: 4, maxRows: 200 }) + note,
      "text/plain": this.toString(),
    };
  }
}

/** Identifiability warnings; display as a highlighted box (or "no identifiability warnings"). */
export class CalibrationWarnings {
  /** The warnings, as the calibration found them. */
  readonly items: IdentifiabilityWarning[];

  /** @internal Made by {@linkcode CalibrationReport.warnings}. */
  constructor(items: IdentifiabilityWarning[]) {
    this.items = items;
  }

  /** One line per warning, or "no identifiability warnings". */
  toString(): string {
    return this.items.length === 0
      ? "no identifiability warnings"
      : this.items.map((w) => `warning (${w.kind}): ${w.message}`).join("\n");
  }

  /** A highlighted box in the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const html = this.items.length === 0
      ? `<p style="color:#2a7a2a">no identifiability warnings</p>`
      : `<div class="panarchy-warnings" style="background:#fff4e0;border-left:4px solid ` +
        `#e8a33d;padding:6px 12px"><b>${this.items.length} identifiability warning${
          this.items.length === 1 ? "" : "s"
        }</b><ul>${
          this.items.map((w) => `<li><b>${w.kind}</b>: ${escapeHtml(w.message)}</li>`).join("")
        }</ul></div>`;
    return { "text/html": html, "text/plain": this.toString() };
  }
}

/** A number rounded for a manifest line. */
const short = (v: number) => formatCell(v, 4);

/**
 * A calibration as a report: its state, tables and figures (see the module doc).
 *
 * @example
 * ```ts
 * const cal = await openCalibration("snapshots/calibrations/labor");
 * cal.estimates(); // parameter, estimate, 95% interval, bounds
 * cal.profiles(); // one panel per parameter
 * ```
 */
export class CalibrationReport {
  /** The calibration's folder. */
  readonly dir: string;
  /** The state as `calibration.json` holds it (evaluations, and the result once done). */
  readonly state: CalibrationState;

  /** @internal Made by {@linkcode openCalibration}. */
  constructor(dir: string, state: CalibrationState) {
    this.dir = dir;
    this.state = state;
  }

  /** True once the search and the uncertainty analysis have finished. */
  get done(): boolean {
    return this.state.done && this.state.result !== null;
  }

  /** Runs spent so far (points × seeds), the sensitivity sweep's not included. */
  get runs(): number {
    return this.state.evaluations.length * this.state.seeds.length;
  }

  /**
   * The result of the finished calibration.
   *
   * @throws {Error} When the calibration has not finished (it says how far it is).
   */
  get result(): CalibrationResult {
    if (!this.done) {
      throw new Error(
        `calibration ${this.state.name} in ${this.dir} has not finished (${this.runs} of ` +
          `${this.state.spec.method.budget} runs): run \`main.ts calibrate ` +
          `${this.state.spec.source} --out ${this.dir}\` again to continue it; its manifest(), ` +
          `targets(), convergence() and points() show its progress meanwhile`,
      );
    }
    return this.state.result!;
  }

  /** What was calibrated and how: engine, spec, seeds, method, budget and runs used. */
  manifest(): CalibrationTable {
    const s = this.state;
    const m = s.spec.method;
    const sens = this.done ? this.result.sensitivity : null;
    const rows: [string, string][] = [
      ["name", s.name],
      ["status", this.done ? "finished" : `in progress (batch ${s.batches})`],
      [
        "scenario",
        `${s.spec.scenario}, ${s.spec.ticks} days, moments over days ` +
        `${s.spec.window.from}..${s.spec.window.to}`,
      ],
      ["changes", JSON.stringify(s.spec.changes)],
      [
        "parameters",
        s.spec.parameters.map((p) =>
          `${p.path} [${p.bounds.join(", ")}]` +
          (p.scale === "log" ? " log" : "")
        ).join("; "),
      ],
      ["engine", s.engine],
      ["spec hash", s.spec_hash],
      ["spec source", s.spec.source],
      ["seeds", s.seeds.join(", ")],
      ["weighting", s.spec.weighting],
      [
        "method",
        `${m.starts.points} ${m.starts.design} starts, ${m.search} search in batches ` +
        `of ${m.batch}, ${Math.round(m.refine * 100)}% of the points Nelder–Mead refinement`,
      ],
      ["method seed", String(m.seed)],
      ["budget", `${m.budget} runs`],
      [
        "runs used",
        `${this.runs} (${s.evaluations.length} points × ${s.seeds.length} seeds)` +
        (sens ? ` + ${sens.runs} of the sensitivity sweep` : ""),
      ],
      ["bootstrap draws", String(s.spec.uncertainty.bootstrap)],
    ];
    return new CalibrationTable(
      ["field", "value"],
      rows.map(([field, value]) => ({ field, value })),
      `calibration ${s.name}`,
    );
  }

  /** The target moments: observed value, standard error and source. */
  targets(): CalibrationTable {
    return new CalibrationTable(
      ["moment", "value", "se", "source"],
      this.state.targets.map((t) => ({
        moment: t.moment,
        value: t.value,
        se: t.se,
        source: t.source,
      })),
      "target moments",
    );
  }

  /**
   * The estimates: value, 95% bootstrap interval, the 95% interval of the asymptotic MSM
   * standard errors, bounds, and the bootstrap interval's width as a share of the bounds (on the
   * parameter's scale: a log-scale parameter's in logs).
   */
  estimates(): CalibrationTable {
    const r = this.result;
    const params = this.state.spec.parameters;
    const rows = r.estimates.map((e) => {
      const log = params.find((p) => p.path === e.path)?.scale === "log";
      const f = log ? Math.log : (v: number) => v;
      const share = (f(e.interval[1]) - f(e.interval[0])) / (f(e.bounds[1]) - f(e.bounds[0]));
      return {
        parameter: e.path,
        estimate: e.value,
        "95% low": e.interval[0],
        "95% high": e.interval[1],
        "MSM 95% low": e.asymptotic?.[0] ?? null,
        "MSM 95% high": e.asymptotic?.[1] ?? null,
        "lower bound": e.bounds[0],
        "upper bound": e.bounds[1],
        "interval % of bounds": Number.isFinite(share) ? Math.round(share * 1000) / 10 : null,
      };
    });
    return new CalibrationTable(
      Object.keys(rows[0] ?? { parameter: 0 }),
      rows,
      `estimates at point ${r.best} (loss ${short(r.loss)}), 95% bootstrap and asymptotic ` +
        `(MSM standard errors) intervals`,
      "An interval that covers much of the bounds is a parameter the targets barely pin down.",
    );
  }

  /**
   * The fit at the estimate, moment by moment: target, its standard error and source, the
   * simulated mean and sd over the seeds, the t-statistic, and a flag where |t| > 2.
   */
  fit(): CalibrationTable {
    const rows = this.result.fit.map((f) => ({
      moment: f.moment,
      target: f.target,
      se: f.se,
      source: f.source,
      "simulated mean": f.simulated,
      sd: f.sd,
      t: f.t,
      "|t| > 2": Math.abs(f.t) > 2 ? "✗ off" : "",
    }));
    const off = rows.filter((r) => r["|t| > 2"] !== "");
    return new CalibrationTable(
      Object.keys(rows[0] ?? { moment: 0 }),
      rows,
      "fit at the estimate",
      off.length === 0
        ? "Every moment is within two standard errors of its target."
        : `${off.length} of ${rows.length} moments miss their target by more than two ` +
          `standard errors: ${off.map((r) => r.moment).join(", ")}.`,
    );
  }

  /** The identifiability warnings (flat profiles, wide intervals, trade-offs). */
  warnings(): CalibrationWarnings {
    return new CalibrationWarnings(this.result.warnings);
  }

  /**
   * Sensitivity indices per moment and parameter: Sobol' S1 and ST with their 95% half-widths
   * and the convergence verdict (with the gap to the half-sample estimate), or Morris μ* and σ.
   * The note says which moments have not converged; an empty table when the spec asked for no
   * sensitivity analysis.
   */
  sensitivity(): CalibrationTable {
    const sens = this.result.sensitivity;
    if (!sens) {
      return new CalibrationTable(
        ["moment", "parameter"],
        [],
        "sensitivity indices",
        "No sensitivity analysis: add `sensitivity: { design: saltelli, samples: 64 }` to the " +
          "spec to estimate them.",
      );
    }
    const sobol = sens.design === "saltelli";
    const rows: CalibrationRow[] = [];
    for (const m of sens.moments) {
      sens.parameters.forEach((parameter, j) => {
        const at = (xs: number[] | undefined) => xs?.[j] ?? null;
        rows.push(
          sobol
            ? {
              moment: m.moment,
              parameter,
              S1: at(m.S1),
              "S1 ±": at(m.S1_conf),
              ST: at(m.ST),
              "ST ±": at(m.ST_conf),
              converged: m.converged === undefined
                ? "not measured"
                : `${m.converged ? "yes" : "no"} (gap ${short(m.gap!)})`,
            }
            : { moment: m.moment, parameter, "μ*": at(m.muStar), σ: at(m.sigma) },
        );
      });
    }
    const columns = sobol
      ? ["moment", "parameter", "S1", "S1 ±", "ST", "ST ±", "converged"]
      : ["moment", "parameter", "μ*", "σ"];
    const unconverged = sens.moments.filter((m) => m.converged === false);
    const note = !sobol
      ? "μ* is the mean absolute effect of a step in the parameter; σ its spread " +
        "(interactions, non-linearity)."
      : unconverged.length === 0
      ? "The indices of every moment have converged."
      : `The indices of ${unconverged.length} of ${sens.moments.length} moments have not ` +
        `converged (${unconverged.map((m) => m.moment).join(", ")}): their half-sample ` +
        `estimates differ by more than ${CONVERGENCE_GAP} or a half-width exceeds ` +
        `${CONVERGENCE_WIDTH}; read them as rough, and raise sensitivity.samples for firm ones.`;
    return new CalibrationTable(
      columns,
      rows,
      `${sobol ? "Sobol'" : "Morris"} sensitivity of the target moments (${sens.runs} runs)`,
      note,
    );
  }

  /** Best loss so far against runs, one line per stage (start, search, refine), log y. */
  convergence(opts: FigureOptions = {}): Figure {
    return convergenceFigure(this.state, {
      title: `Calibration ${this.state.name}: best loss against runs spent`,
      ...opts,
    });
  }

  /** The sampled points in parameter space coloured by loss (a scatter matrix beyond two). */
  points(opts: FigureOptions = {}): Figure {
    return pointsFigure(this.state, {
      title: `Points the search evaluated (${this.state.evaluations.length}), coloured by loss`,
      ...opts,
    });
  }

  /** One panel per parameter: profile loss, the estimate and its interval, the identifiability threshold band. */
  profiles(opts: FigureOptions = {}): Figure {
    return profilesFigure({ ...this.state, result: this.result }, opts);
  }

  /** Bootstrap draws of the estimate for the first pair of parameters (trade-offs). */
  draws(opts: FigureOptions = {}): Figure {
    return drawsFigure({ ...this.state, result: this.result }, {
      title: "Bootstrap draws of the estimate",
      ...opts,
    });
  }

  /** A line: name, status, runs, least loss. */
  toString(): string {
    const s = this.state;
    const best = Math.min(...s.evaluations.map((e) => e.loss));
    return `calibration ${s.name} (${this.done ? "finished" : "in progress"}): ` +
      `${this.runs} runs of ${s.spec.method.budget}, least loss ${short(best)}`;
  }

  /** The summary line in the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": `<p>${escapeHtml(this.toString())}</p>`, "text/plain": this.toString() };
  }
}

/**
 * Opens a calibration's folder (the `--out` of `main.ts calibrate`, or `runCalibration`'s
 * `out`), finished or still running.
 *
 * @param dir The folder holding `calibration.json`.
 * @returns The {@linkcode CalibrationReport}.
 * @throws {Error} When the folder does not exist, holds no `calibration.json`, or that file is
 *   not a PANARCHY calibration.
 * @example
 * ```ts
 * const cal = await openCalibration("snapshots/calibrations/labor");
 * cal.fit(); // moment, target, simulated mean, t-statistic
 * ```
 */
export async function openCalibration(dir: string): Promise<CalibrationReport> {
  const state = await readState(dir);
  if (state === null) {
    const exists = await Deno.stat(dir).then(() => true, () => false);
    throw new Error(
      exists
        ? `${dir} is not a calibration's folder (no ${STATE_FILE}): give the --out folder of ` +
          `\`main.ts calibrate\``
        : `no folder ${dir}: give the --out folder of \`main.ts calibrate\` (by default ` +
          `snapshots/calibrations/<name>)`,
    );
  }
  return new CalibrationReport(dir, state);
}
