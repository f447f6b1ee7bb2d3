/**
 * Sensitivity of every target moment to the calibrated parameters over their bounds: a sweep
 * with a Saltelli design (Sobol' first-order and total indices, Saltelli et al. 2010, Jansen
 * 1999) or Morris trajectories (μ*, σ; Morris 1991, Campolongo et al. 2007), run on the sweep
 * machinery into `<calibration>/sensitivity/`.
 *
 * Sobol' indices come with bootstrap 95% half-widths and a convergence check: the indices are
 * estimated again on the first half of the base samples (itself a valid Saltelli design, the
 * first half of a Sobol' sequence), and a moment's indices count as converged only when every
 * index agrees within 0.05 and every half-width is below 0.1. Unconverged indices (the
 * complaint of SALib's users: negative or unstable values at small N) are flagged, not hidden.
 *
 * @module
 */
import { readParquetFile } from "../engine/snapshot/parquet.ts";
import { RESULTS_FILE } from "../sweep/dataset.ts";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { writeAtomic } from "../engine/snapshot/parquet.ts";
import { resolveBase } from "../sweep/plan.ts";
import { planSweepInto, runSweep, sweepSpec } from "../sweep/run.ts";
import { slurmScripts, submitSlurm, waitForSlurmJobs, writeSlurmScripts } from "../sweep/slurm.ts";
import type { CalibrationSlurm } from "./slurm.ts";
import { morrisEffects, sobolIndices } from "../sweep/sensitivity.ts";
import type { RecordSpec } from "../sweep/spec.ts";
import type { CalibrationSpec, Target } from "./spec.ts";

/** Converged when the half-sample indices agree within this. */
export const CONVERGENCE_GAP = 0.05;
/** ... and every bootstrap half-width is below this. */
export const CONVERGENCE_WIDTH = 0.1;

/** One moment's indices. */
export interface MomentSensitivity {
  moment: string;
  /** Sobol': first-order and total indices with 95% half-widths, per parameter. */
  S1?: number[];
  S1_conf?: number[];
  ST?: number[];
  ST_conf?: number[];
  /** Sobol': the largest gap to the half-sample estimates, and the verdict. */
  gap?: number;
  converged?: boolean;
  /** Morris: mean absolute elementary effect and its spread, per parameter. */
  muStar?: number[];
  sigma?: number[];
}

/** The sensitivity analysis of a calibration. */
export interface SensitivityResult {
  design: "saltelli" | "morris";
  parameters: string[];
  /** Runs of the sensitivity sweep. */
  runs: number;
  moments: MomentSensitivity[];
}

/**
 * Sobol' indices with the half-sample convergence check (see the module doc).
 *
 * @param y outputs in `saltelli()` row order for `n` base samples (second order off).
 * @param dims parameters.
 * @param seed bootstrap seed.
 */
export function sobolWithConvergence(
  y: readonly number[],
  dims: number,
  seed: number,
): Required<Pick<MomentSensitivity, "S1" | "S1_conf" | "ST" | "ST_conf" | "gap" | "converged">> {
  const full = sobolIndices(y, dims, {
    secondOrder: false,
    confidence: { resamples: 200, seed },
  });
  const block = dims + 2;
  const n = y.length / block;
  const half = sobolIndices(y.slice(0, Math.floor(n / 2) * block), dims, { secondOrder: false });
  const gap = Math.max(
    ...full.S1.map((v, i) => Math.abs(v - half.S1[i])),
    ...full.ST.map((v, i) => Math.abs(v - half.ST[i])),
  );
  const width = Math.max(...full.S1_conf!, ...full.ST_conf!);
  return {
    S1: full.S1,
    S1_conf: full.S1_conf!,
    ST: full.ST,
    ST_conf: full.ST_conf!,
    gap,
    converged: gap <= CONVERGENCE_GAP && width <= CONVERGENCE_WIDTH,
  };
}

/**
 * Runs the sensitivity sweep of a calibration spec and estimates the indices of every target
 * moment (averaged over the spec's seeds at each point).
 */
export async function sensitivityOf(
  spec: CalibrationSpec,
  dir: string,
  targets: readonly Target[],
  record: RecordSpec,
  workers: number,
  slurm?: CalibrationSlurm,
): Promise<SensitivityResult> {
  const sens = spec.sensitivity!;
  const data = {
    name: `${spec.name}-sensitivity`,
    // Absolute (or a name): the spec may be written beside the sweep, away from the original.
    scenario: /^[a-z0-9_]+$/i.test(spec.scenario) ? spec.scenario : resolve(resolveBase(spec)),
    changes: spec.changes,
    ticks: spec.ticks,
    parameters: Object.fromEntries(
      spec.parameters.map((p) => [p.path, { range: p.bounds, scale: p.scale }]),
    ),
    design: sens.design === "saltelli"
      ? { type: "saltelli", samples: sens.samples, second_order: false, seed: spec.method.seed }
      : { type: "morris", samples: sens.samples, levels: sens.levels, seed: spec.method.seed },
    seeds: spec.seeds,
    // The calibration's own record (moments over windows of their own are left out: a sweep
    // spec has one window).
    record: {
      kpis: record.kpis,
      moments: record.moments,
      window: spec.window,
      series: false,
      ...(record.facts ? { facts: record.facts } : {}),
      ...(record.correlations ? { correlations: record.correlations } : {}),
    },
  };
  const folder = `${dir}/sensitivity`;
  if (slurm) await sensitivityOnSlurm(data, folder, slurm);
  const result = await runSweep(sweepSpec(data, spec.source), { out: folder, workers });
  const rows = (await readParquetFile(`${dir}/sensitivity/${RESULTS_FILE}`)).toArray()
    .map((r) => r.toJSON() as Record<string, unknown>);
  const points = result.plan.points.length;
  const dims = spec.parameters.length;
  const out: MomentSensitivity[] = [];
  for (const t of targets) {
    // The mean over the seeds at each point, in plan order.
    const y = Array.from({ length: points }, (_, p) => {
      const vs = rows.filter((r) => r.point === p && typeof r[t.moment] === "number")
        .map((r) => r[t.moment] as number);
      return vs.length > 0 ? vs.reduce((a, b) => a + b, 0) / vs.length : NaN;
    });
    if (y.some((v) => !Number.isFinite(v))) {
      out.push({ moment: t.moment });
      continue;
    }
    if (sens.design === "saltelli") {
      out.push({ moment: t.moment, ...sobolWithConvergence(y, dims, spec.method.seed) });
    } else {
      const units = result.plan.points.map((p) => p.unit!);
      const m = morrisEffects(units, y, dims, { levels: sens.levels });
      out.push({ moment: t.moment, muStar: m.muStar, sigma: m.sigma });
    }
  }
  return {
    design: sens.design,
    parameters: spec.parameters.map((p) => p.path),
    runs: result.plan.runs.length,
    moments: out,
  };
}

/**
 * Runs the sensitivity sweep as a Slurm job array (`main.ts slurm`'s scripts: shards, then the
 * merge) and waits for it; {@link runSweep} then finds every run done and only merges.
 */
async function sensitivityOnSlurm(
  data: Record<string, unknown>,
  out: string,
  slurm: CalibrationSlurm,
): Promise<void> {
  const dir = resolve(out);
  const specFile = `${dir}.yaml`;
  await writeAtomic(specFile, stringify(data));
  const { runs } = await planSweepInto(specFile, dir);
  const scripts = slurmScripts({
    ...slurm,
    runs,
    tasks: Math.min(runs, slurm.tasks ?? runs),
    repo: new URL("../", import.meta.url).pathname,
    spec: specFile,
    out: dir,
    jobName: `${data.name}`,
  });
  await writeSlurmScripts(dir, scripts);
  const jobs = await submitSlurm(dir, slurm.env);
  await waitForSlurmJobs(jobs.map((j) => j.jobId), slurm.env);
}
