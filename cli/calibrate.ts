/**
 * `main.ts calibrate <spec>`: runs (or continues) a calibration, prints the estimates, the fit
 * and the warnings, and with `--report` executes notebooks/05_calibration.ipynb on the result
 * into a self-contained HTML report.
 * @module
 */
import { basename, join, resolve } from "node:path";
import { executeNotebook } from "../analysis/notebook_runner.ts";
import { type CalibrationProgress, runCalibration } from "../calibrate/run.ts";
import { clock } from "./progress.ts";

/** Options of `calibrate`. */
export interface CalibrateFlags {
  out?: string;
  workers?: number;
  report?: string;
  quiet?: boolean;
  slurm?: boolean;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
  cpusPerTask?: number;
  deno?: string;
}

/** The calibration report notebook. */
export const REPORT_NOTEBOOK =
  new URL("../notebooks/05_calibration.ipynb", import.meta.url).pathname;

/** One line per batch: stage, runs against the budget, best loss, elapsed time. */
export function calibrationLine(p: CalibrationProgress): string {
  return `batch ${String(p.batch).padStart(3)} ${p.stage.padEnd(6)} runs ${p.runs}/${p.budget}` +
    `  best loss ${p.bestLoss.toPrecision(4)}  elapsed ${clock(p.elapsedMs / 1000)}`;
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

/** `main.ts calibrate <spec>`. */
export async function calibrateCommand(spec: string, flags: CalibrateFlags): Promise<void> {
  const state = await runCalibration(spec, {
    out: flags.out,
    workers: flags.workers,
    slurm: flags.slurm
      ? {
        partition: flags.partition,
        time: flags.time,
        mem: flags.mem,
        account: flags.account,
        cpusPerTask: flags.cpusPerTask,
        denoPath: flags.deno === undefined ? undefined : resolve(flags.deno),
      }
      : undefined,
    onProgress: (p) => {
      if (!flags.quiet) console.error(calibrationLine(p));
    },
  });
  const dir = flags.out ?? `snapshots/calibrations/${state.name}`;
  const r = state.result!;
  const runs = state.evaluations.length * state.seeds.length;
  console.log(
    `calibration ${state.name}: ${state.evaluations.length} points x ${state.seeds.length} ` +
      `seeds = ${runs} runs; least loss ${fmt(r.loss)} (noise sd ${fmt(r.lossNoise)}) at point ` +
      `${r.best}`,
  );
  for (const e of r.estimates) {
    console.log(
      `  ${e.path} = ${fmt(e.value)}  95% [${fmt(e.interval[0])}, ${fmt(e.interval[1])}]  ` +
        `bounds [${e.bounds.join(", ")}]`,
    );
  }
  console.log("fit at the estimate:");
  for (const f of r.fit) {
    console.log(
      `  ${f.moment.padEnd(32)} target ${fmt(f.target)}${f.se === null ? "" : ` ± ${fmt(f.se)}`}` +
        `  simulated ${fmt(f.simulated)} (sd ${fmt(f.sd)})  t ${fmt(f.t)}`,
    );
  }
  if (r.baseline) {
    const b = r.baseline;
    console.log(
      `Halton baseline: best loss ${fmt(b.curve.at(-1)?.loss ?? NaN)} after ` +
        `${b.curve.at(-1)?.runs ?? 0} runs; the search reached it ` +
        (b.reachedAfter === null ? "never" : `after ${b.reachedAfter} runs`),
    );
  }
  for (const w of r.warnings) console.log(`warning: ${w.message}`);
  console.log(`folder: ${dir}`);
  if (flags.report) {
    const html = resolve(flags.report);
    const out = join(dir, `${basename(html).replace(/\.html?$/, "")}.ipynb`);
    const done = await executeNotebook(REPORT_NOTEBOOK, {
      params: { calibration: resolve(dir) },
      outNotebook: out,
      html,
    });
    console.log(`report: ${done.html} (${done.seconds.toFixed(1)} s)`);
  }
}
