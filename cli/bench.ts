/**
 * `main.ts bench`: time each preset in its own process (so peak memory is the preset's own)
 * and print ms/tick (median, p95), initialisation time, peak RSS and hot bytes per person.
 * @module
 */
import { peakRss, timingSummary } from "../engine/run.ts";
import { loadScenario } from "../engine/scenario/load.ts";
import { Simulation } from "../engine/simulation.ts";
import { writeAtomic } from "../engine/snapshot/parquet.ts";
import { benchCalibration, benchSweep } from "./bench_workbench.ts";
import type { Search } from "../calibrate/spec.ts";

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
  flags: {
    preset: string;
    ticks: number;
    warmup: number;
    core?: boolean;
    government?: boolean;
    technology?: boolean;
  },
): Promise<void> {
  let cfg = await loadScenario(flags.preset);
  if (flags.core) {
    // The foundation's systems only: environment and population (and bookkeeping).
    cfg = { ...cfg, systems: { ...cfg.systems, economy: false, migration: false } };
  }
  if (flags.government) cfg = { ...cfg, systems: { ...cfg.systems, government: true } };
  if (flags.technology) cfg = { ...cfg, systems: { ...cfg.systems, technology: true } };
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

/** The passes of the preset benchmark: which systems run. */
const PASSES = [
  {
    label: "environment + population:",
    systems: "environment+population",
    flags: ["--core"],
  },
  { label: "all systems on by default (with the economy):", systems: "all", flags: [] },
  {
    label: "all systems and the government:",
    systems: "all+government",
    flags: ["--government"],
  },
  { label: "all systems and technology:", systems: "all+technology", flags: ["--technology"] },
  {
    label: "every system: the defaults, the government and technology (the issues' goals):",
    systems: "all+government+technology",
    flags: ["--government", "--technology"],
  },
] as const;

/** Benchmarks every preset, each in a child process: first the foundation's systems
 * (environment, population), then the default systems, then with the government, then with
 * technology, then with both. */
export async function benchCommand(
  flags: {
    presets: string;
    ticks: number;
    warmup: number;
    json?: string;
    sweep: boolean;
    calibration: boolean;
    calibrationSearch: Search;
  },
): Promise<void> {
  const results: (BenchResult & { systems_run: string })[] = [];
  const presets = flags.presets.split(",").map((s) => s.trim()).filter(Boolean);
  for (const pass of PASSES) {
    if (presets.length === 0) break;
    console.log(`\n${pass.label}`);
    for (const r of await benchPresets(presets, flags, pass.flags)) {
      results.push({ ...r, systems_run: pass.systems });
    }
  }
  const sweep = flags.sweep ? await benchSweep() : null;
  const calibration = flags.calibration ? await benchCalibration(flags.calibrationSearch) : null;
  if (flags.json) {
    const all = { presets: results, sweep, calibration };
    await writeAtomic(flags.json, JSON.stringify(all, null, 2) + "\n");
  }
}

async function benchPresets(
  presets: string[],
  flags: { ticks: number; warmup: number },
  passFlags: readonly string[],
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
        ...passFlags,
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
