/**
 * `main.ts bench`: time each preset in its own process (so peak memory is the preset's own)
 * and print ms/tick (median, p95), initialisation time, peak RSS and hot bytes per person.
 * @module
 */
import { peakRss, timingSummary } from "../engine/run.ts";
import { loadScenario } from "../engine/scenario/load.ts";
import { Simulation } from "../engine/simulation.ts";
import { writeAtomic } from "../engine/snapshot/parquet.ts";
import { runSweep } from "../sweep/run.ts";
import { parseSweepSpec } from "../sweep/spec.ts";

/** One preset's benchmark result. */
export interface BenchResult {
  preset: string;
  persons: number;
  firms: number;
  ticks: number;
  init_s: number;
  median_ms: number;
  p95_ms: number;
  systems: Record<string, number>;
  peak_rss_mib: number;
  hot_bytes_per_person: number;
}

/** Hot state per person: every table's column bytes per live row, over persons. */
export function hotBytesPerPerson(sim: Simulation): number {
  const t = sim.world.tables;
  let bytes = 0;
  for (const table of Object.values(t)) bytes += table.bytesPerRow() * table.length;
  bytes += t.persons.rowOf.length * 4; // the id -> row index
  return bytes / Math.max(1, t.persons.length);
}

/** Runs one preset in this process and prints its result as JSON. */
export async function benchOneCommand(
  flags: { preset: string; ticks: number; warmup: number; core?: boolean },
): Promise<void> {
  let cfg = await loadScenario(flags.preset);
  if (flags.core) {
    // The foundation's systems only: environment and population (and bookkeeping).
    cfg = { ...cfg, systems: { ...cfg.systems, economy: false, migration: false } };
  }
  const t0 = performance.now();
  const sim = Simulation.create(cfg);
  const init = (performance.now() - t0) / 1000;
  sim.run(flags.warmup + flags.ticks);
  const timings = timingSummary(sim, flags.warmup);
  const total = timings.find((t) => t.system === "total")!;
  const result: BenchResult = {
    preset: flags.preset,
    persons: sim.world.tables.persons.length,
    firms: sim.world.tables.firms.length,
    ticks: flags.ticks,
    init_s: init,
    median_ms: total.median_ms,
    p95_ms: total.p95_ms,
    systems: Object.fromEntries(
      timings.filter((t) => t.system !== "total").map((t) => [t.system, t.median_ms]),
    ),
    peak_rss_mib: peakRss() / 2 ** 20,
    hot_bytes_per_person: hotBytesPerPerson(sim),
  };
  console.log(JSON.stringify(result));
}

/** Benchmarks every preset, each in a child process: first the foundation's systems
 * (environment, population), then everything. */
export async function benchCommand(
  flags: { presets: string; ticks: number; warmup: number; json?: string; sweep: boolean },
): Promise<void> {
  const results: (BenchResult & { systems_run: string })[] = [];
  const presets = flags.presets.split(",").map((s) => s.trim()).filter(Boolean);
  for (const core of [true, false]) {
    if (presets.length === 0) break;
    console.log(core ? "\nenvironment + population:" : "\nall systems (with the economy):");
    for (const r of await benchPresets(presets, flags, core)) {
      results.push({ ...r, systems_run: core ? "environment+population" : "all" });
    }
  }
  const sweep = flags.sweep ? await benchSweep() : null;
  if (flags.json) {
    await writeAtomic(flags.json, JSON.stringify({ presets: results, sweep }, null, 2) + "\n");
  }
}

/** Throughput of a sweep with one and with two workers. */
export interface SweepBench {
  runs: number;
  persons: number;
  ticks: number;
  /** Wall seconds and runs per second, by number of workers. */
  workers: { workers: number; wall_s: number; runs_per_s: number }[];
  /** Throughput of two workers over that of one. */
  speedup: number;
}

/**
 * Times one sweep of small runs (16 runs of a 5,000-person island, 120 days) with one worker
 * and with two, each from an empty folder, planning, worker start-up and merge included.
 */
async function benchSweep(): Promise<SweepBench> {
  const persons = 5000;
  const ticks = 120;
  const spec = parseSweepSpec(
    `name: bench\nscenario: tiny_island\nticks: ${ticks}\n` +
      `changes: { population.persons: ${persons}, economy.firms: 300 }\n` +
      "parameters:\n  economy.households.consume_income: { range: [0.75, 0.95], steps: 4 }\n" +
      "replicates: 4\nrecord: { moments: [mean, sd, last] }\n",
    "<bench>",
  );
  console.log(
    `\nsweep throughput: 16 runs of ${persons} persons x ${ticks} days\nworkers  wall s  runs/s`,
  );
  const rows: SweepBench["workers"] = [];
  for (const workers of [1, 2]) {
    const out = await Deno.makeTempDir({ prefix: "panarchy_bench_sweep_" });
    try {
      const r = await runSweep(spec, { out, workers });
      const wall = r.wallMs / 1000;
      rows.push({ workers, wall_s: wall, runs_per_s: r.ran / wall });
      console.log(
        `${String(workers).padStart(7)} ${wall.toFixed(1).padStart(7)} ${
          (r.ran / wall).toFixed(2).padStart(7)
        }`,
      );
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  }
  const speedup = rows[1].runs_per_s / rows[0].runs_per_s;
  console.log(`two workers: ${speedup.toFixed(2)}x the throughput of one (goal >= 1.8x)`);
  return { runs: 16, persons, ticks, workers: rows, speedup };
}

async function benchPresets(
  presets: string[],
  flags: { ticks: number; warmup: number },
  core: boolean,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const main = new URL("../main.ts", import.meta.url).pathname;
  console.log(
    "preset      persons    firms  init s  median ms   p95 ms  peak MiB  B/person  per system (median ms)",
  );
  for (const preset of presets) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-env",
        "--allow-sys",
        "--v8-flags=--max-old-space-size=16000",
        main,
        "bench-one",
        "--preset",
        preset,
        "--ticks",
        String(flags.ticks),
        "--warmup",
        String(flags.warmup),
        ...(core ? ["--core"] : []),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      console.log(`${preset.padEnd(10)} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
      continue;
    }
    const r: BenchResult = JSON.parse(
      new TextDecoder().decode(out.stdout).trim().split("\n").pop()!,
    );
    results.push(r);
    const per = Object.entries(r.systems).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ");
    console.log(
      `${r.preset.padEnd(10)} ${String(r.persons).padStart(8)} ${String(r.firms).padStart(8)} ${
        r.init_s.toFixed(1).padStart(7)
      } ${r.median_ms.toFixed(2).padStart(10)} ${r.p95_ms.toFixed(2).padStart(8)} ${
        r.peak_rss_mib.toFixed(0).padStart(9)
      } ${r.hot_bytes_per_person.toFixed(0).padStart(9)}  ${per}`,
    );
  }
  return results;
}
