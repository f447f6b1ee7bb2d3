/**
 * The workbench's part of `main.ts bench`: the throughput of a sweep on one worker against two,
 * and a calibration that recovers known parameters of the economy (with a Halton-only baseline
 * for the surrogate search).
 * @module
 */
import { runCalibration } from "../calibrate/run.ts";
import { bestLossCurve } from "../calibrate/state.ts";
import { parseCalibrationSpec, type Search } from "../calibrate/spec.ts";
import { simulatedTargets, targetsYaml } from "../calibrate/synthetic.ts";
import { runSweep, sweepSpec } from "../sweep/run.ts";

/** Throughput of a sweep with one and with two workers. */
export interface SweepBench {
  runs: number;
  persons: number;
  ticks: number;
  /**
   * By number of workers: the whole sweep's wall time and runs per second (planning, the
   * workers' start-up and warm-up and the merge included), and the steady rate once every
   * worker has finished its first run.
   */
  workers: { workers: number; wall_s: number; runs_per_s: number; steady_runs_per_s: number }[];
  /** Two workers over one: whole sweep, and steady rate. */
  speedup: number;
  steadySpeedup: number;
}

/**
 * Times a sweep of 24 small runs (a 5,000-person island for 180 days) with one worker and with
 * two, each from an empty folder: the whole sweep, and the steady rate after each worker's first
 * run (a worker's first run also loads the engine and warms V8's compiler up).
 */
export async function benchSweep(): Promise<SweepBench> {
  const persons = 5000;
  const ticks = 180;
  const spec = sweepSpec({
    name: "bench",
    scenario: "tiny_island",
    ticks,
    changes: { "population.persons": persons, "economy.firms": 300 },
    parameters: { "economy.households.consume_income": { range: [0.75, 0.95], steps: 6 } },
    replicates: 4,
    record: { moments: ["mean", "sd", "last"], series: false },
  }, "<bench>");
  const runs = 24;
  console.log(
    `\nsweep throughput: ${runs} runs of ${persons} persons x ${ticks} days on ` +
      `${navigator.hardwareConcurrency} cores\nworkers  wall s  runs/s  steady runs/s`,
  );
  const rows: SweepBench["workers"] = [];
  for (const workers of [1, 2]) {
    const out = await Deno.makeTempDir({ prefix: "panarchy_bench_sweep_" });
    try {
      const t0 = performance.now();
      const done: number[] = [];
      await runSweep(spec, { out, workers, onProgress: () => void done.push(performance.now()) });
      const wall = (performance.now() - t0) / 1000;
      const steady = (done.length - workers) / ((done[done.length - 1] - done[workers - 1]) / 1000);
      rows.push({ workers, wall_s: wall, runs_per_s: runs / wall, steady_runs_per_s: steady });
      console.log(
        `${String(workers).padStart(7)} ${wall.toFixed(1).padStart(7)} ${
          (runs / wall).toFixed(2).padStart(7)
        } ${steady.toFixed(2).padStart(14)}`,
      );
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  }
  const speedup = rows[1].runs_per_s / rows[0].runs_per_s;
  const steadySpeedup = rows[1].steady_runs_per_s / rows[0].steady_runs_per_s;
  console.log(
    `two workers: ${speedup.toFixed(2)}x the throughput of one over the whole sweep, ` +
      `${steadySpeedup.toFixed(2)}x once warm (goal >= 1.8x)`,
  );
  return { runs, persons, ticks, workers: rows, speedup, steadySpeedup };
}

/** A parameter of the calibration bench: its bounds, scale and true (scenario default) value. */
const CALIBRATED = [
  { path: "economy.labor.matching_efficiency", bounds: [0.2, 0.8], scale: "linear", truth: 0.45 },
  { path: "economy.labor.quit_rate", bounds: [0.00005, 0.0005], scale: "log", truth: 0.00015 },
  {
    path: "economy.firm_behaviour.price_reset_chance",
    bounds: [0.005, 0.2],
    scale: "log",
    truth: 0.03,
  },
] as const;

/** What the calibration bench measured. */
export interface CalibrationBench {
  persons: number;
  ticks: number;
  seeds: number;
  budget: number;
  /** Per parameter: truth, estimate, error in % of its range (log range for log scales), interval. */
  parameters: {
    path: string;
    truth: number;
    estimate: number;
    error_pct: number;
    interval: [number, number];
    covered: boolean;
  }[];
  /** Best loss after each batch (runs, loss) of the surrogate search and of Halton alone. */
  surrogate: { runs: number; loss: number }[];
  halton: { runs: number; loss: number }[];
  /** Runs the surrogate search needed to reach Halton's final best loss (null: never). */
  surrogateRunsToHaltonBest: number | null;
  wall_s: number;
}

/** Error of an estimate in % of the parameter's range (of its log range for a log scale). */
function errorPct(p: (typeof CALIBRATED)[number], v: number): number {
  const [lo, hi] = p.bounds;
  return p.scale === "log"
    ? (100 * Math.log(v / p.truth)) / Math.log(hi / lo)
    : (100 * (v - p.truth)) / (hi - lo);
}

/**
 * Recovers three economy parameters on a 5,000-person island over a year: the targets are five
 * moments of the scenario at its own parameter values on 32 seeds (101-132) that the calibration
 * never runs, with their standard errors; the calibration runs seeds 1-12 at each point (common
 * random numbers) within a budget of 480 runs, with `search` (the moment surrogate by default).
 * The same spec with Halton sampling alone (and no refinement) is the baseline.
 */
export async function benchCalibration(search: Search = "gp_moments"): Promise<CalibrationBench> {
  const t0 = performance.now();
  const persons = 5000;
  const ticks = 360;
  const seeds = 12;
  const dataSeeds = Array.from({ length: 32 }, (_, i) => 101 + i);
  const budget = 480;
  const changes = { "population.persons": persons, "economy.firms": Math.round(persons / 16) };
  const kpis = ["unemployment_rate", "hires", "job_to_job", "quits", "price_changes"];
  const out = await Deno.makeTempDir({ prefix: "panarchy_bench_calibration_" });
  try {
    console.log(
      `\ncalibration: 3 parameters of the economy, ${persons} persons x ${ticks} days, ` +
        `${seeds} seeds per point, budget ${budget} runs`,
    );
    await runSweep(
      sweepSpec({
        name: "truth",
        scenario: "tiny_island",
        changes,
        ticks,
        // The scenario's own value: the sweep needs one parameter.
        parameters: { "economy.households.consume_income": { values: [0.9] } },
        seeds: dataSeeds,
        record: { kpis, moments: ["mean"], window: { from: 60 }, series: false },
      }),
      { out: `${out}/truth` },
    );
    const targets = await simulatedTargets(
      `${out}/truth`,
      kpis.map((k) => `${k}_mean`),
      `simulated at the scenario's values, seeds 101-${100 + dataSeeds.length}`,
    );
    // The Halton-only baseline runs inside the calibration (`method.baseline`).
    const spec = (search: string, refine: number) =>
      parseCalibrationSpec(
        `name: bench\nscenario: tiny_island\nchanges: ${JSON.stringify(changes)}\n` +
          `ticks: ${ticks}\nwindow: { from: 60 }\nparameters:\n` +
          CALIBRATED.map((p) =>
            `  ${p.path}: { bounds: [${p.bounds.join(", ")}], scale: ${p.scale} }\n`
          ).join("") +
          `targets:\n${targetsYaml(targets)}\nreplicates: ${seeds}\n` +
          `method: { budget: ${budget}, batch: 4, starts: { design: halton, points: 8 }, ` +
          `search: ${search}, refine: ${refine}, seed: 1, baseline: true }\n`,
        "<bench>",
      );
    const calibration = await runCalibration(await spec(search, 0.2), { out: `${out}/${search}` });
    const surrogate = bestLossCurve(calibration);
    const baseline = calibration.result!.baseline!.curve;
    const haltonBest = baseline[baseline.length - 1].loss;
    const reach = calibration.result!.baseline!.reachedAfter;
    const parameters = CALIBRATED.map((p, j) => {
      const e = calibration.result!.estimates[j];
      return {
        path: p.path,
        truth: p.truth,
        estimate: e.value,
        error_pct: errorPct(p, e.value),
        interval: e.interval,
        covered: e.interval[0] <= p.truth && p.truth <= e.interval[1],
        asymptotic: e.asymptotic,
        covered_asymptotic: e.asymptotic !== null && e.asymptotic[0] <= p.truth &&
          p.truth <= e.asymptotic[1],
      };
    });
    console.log(
      "parameter                                  truth     estimate  error %  " +
        "95% bootstrap          95% MSM",
    );
    const range = (r: [number, number] | null, covered: boolean) =>
      r ? `[${r.map((v) => v.toPrecision(3)).join(", ")}]${covered ? "" : " (misses)"}` : "-";
    for (const p of parameters) {
      console.log(
        `${p.path.padEnd(42)} ${String(p.truth).padEnd(8)} ${
          p.estimate.toPrecision(4).padStart(9)
        } ${p.error_pct.toFixed(1).padStart(7)}  ${range(p.interval, p.covered).padEnd(22)} ${
          range(p.asymptotic, p.covered_asymptotic)
        }`,
      );
    }
    console.log(
      `best loss: surrogate ${surrogate[surrogate.length - 1].loss.toPrecision(4)} after ` +
        `${surrogate[surrogate.length - 1].runs} runs; Halton alone ${haltonBest.toPrecision(4)} ` +
        `after ${baseline[baseline.length - 1].runs} runs; the surrogate reached Halton's best ` +
        `after ${reach ?? "never"}${reach ? " runs" : ""}`,
    );
    for (const w of calibration.result!.warnings) console.log(`warning: ${w.message}`);
    return {
      persons,
      ticks,
      seeds,
      budget,
      parameters,
      surrogate,
      halton: baseline,
      surrogateRunsToHaltonBest: reach,
      wall_s: (performance.now() - t0) / 1000,
    };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}
