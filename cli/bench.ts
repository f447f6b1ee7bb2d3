/**
 * `main.ts bench`: time each preset in its own process (so peak memory is the preset's own)
 * and print ms/tick (median, p95), initialisation time, peak RSS and hot bytes per person.
 * @module
 */
import { peakRss, timingSummary } from "../engine/run.ts";
import { changesBetween, type ScenarioChanges, withChanges } from "../analysis/changes.ts";
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
  /** With `--repeat`: the median ms/tick of every run, in the order they ran. */
  median_ms_runs?: number[];
}

/**
 * tiny_island's banks as changes to any scenario: the keys by which tiny_island differs from
 * overdraft_island (banks and the economy's keys that go with them: the central bank's purchases
 * and rule, anchored wages, markups and labor flows; scenarios/tiny_island.yaml lists them), and
 * `finance.enable_banks`, which both say and the schema leaves off.
 *
 * @example
 * ```ts
 * const banked = withChanges(await loadScenario("large"), await tinyIslandBanks());
 * ```
 */
export async function tinyIslandBanks(): Promise<ScenarioChanges> {
  const banks = changesBetween(
    await loadScenario("overdraft_island"),
    await loadScenario("tiny_island"),
  );
  return { ...banks, "finance.enable_banks": true };
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
    banks?: boolean;
  },
): Promise<void> {
  let cfg = await loadScenario(flags.preset);
  if (flags.banks) cfg = withChanges(cfg, await tinyIslandBanks());
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
  {
    label: "every system with tiny_island's banks (on in tiny_island since 2026-12-06):",
    systems: "all+banks+government+technology",
    flags: ["--banks", "--government", "--technology"],
  },
] as const;

/** The names `--passes` takes, in the order the passes run. */
export const PASS_NAMES: readonly string[] = PASSES.map((p) => p.systems);

/**
 * Benchmarks every preset, each in a child process: first the foundation's systems
 * (environment, population), then the default systems, then with the government, then with
 * technology, then with both (`passes`: a comma-separated subset of {@link PASS_NAMES}). With
 * `repeat` above 1 each preset runs that many times in a row and the table shows the middle run
 * (by median ms/tick) and the range of the medians: on a machine shared with other work single
 * runs differ by a third from one hour to the next.
 */
export async function benchCommand(
  flags: {
    presets: string;
    passes?: string;
    repeat?: number;
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
  const wanted = flags.passes?.split(",").map((s) => s.trim()).filter(Boolean) ?? PASS_NAMES;
  const unknown = wanted.filter((w) => !PASS_NAMES.includes(w));
  if (unknown.length > 0) {
    throw new Error(
      `--passes: no pass named ${unknown.map((u) => `"${u}"`).join(", ")}; the passes are ` +
        PASS_NAMES.join(", "),
    );
  }
  for (const pass of PASSES) {
    if (presets.length === 0) break;
    if (!wanted.includes(pass.systems)) continue;
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
  flags: { ticks: number; warmup: number; repeat?: number },
  passFlags: readonly string[],
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const repeat = flags.repeat ?? 1;
  console.log(
    "preset      persons    firms  init s  median ms   p95 ms  peak MiB  B/person  per system (median ms)",
  );
  for (const preset of presets) {
    const runs: BenchResult[] = [];
    for (let i = 0; i < repeat; i++) {
      const r = await benchOne(preset, flags, passFlags);
      if (typeof r === "string") {
        console.log(`${preset.padEnd(10)} failed: ${r}`);
        break;
      }
      runs.push(r);
    }
    if (runs.length < repeat) continue;
    // The middle run by its median; with one run, that run.
    const r = [...runs].sort((a, b) => a.median_ms - b.median_ms)[Math.floor(runs.length / 2)];
    const medians = runs.map((x) => x.median_ms);
    if (repeat > 1) r.median_ms_runs = medians;
    results.push(r);
    const per = Object.entries(r.systems).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ");
    const range = repeat > 1
      ? `  (${Math.min(...medians).toFixed(2)}-${Math.max(...medians).toFixed(2)} over ${repeat})`
      : "";
    console.log(
      `${r.preset.padEnd(10)} ${String(r.persons).padStart(8)} ${String(r.firms).padStart(8)} ${
        r.init_s.toFixed(1).padStart(7)
      } ${r.median_ms.toFixed(2).padStart(10)} ${r.p95_ms.toFixed(2).padStart(8)} ${
        r.peak_rss_mib.toFixed(0).padStart(9)
      } ${r.hot_bytes_per_person.toFixed(0).padStart(9)}  ${per}${range}`,
    );
  }
  return results;
}

/** One run of `bench-one` in a child process: its result, or what it printed on failing. */
async function benchOne(
  preset: string,
  flags: { ticks: number; warmup: number },
  passFlags: readonly string[],
): Promise<BenchResult | string> {
  const main = new URL("../main.ts", import.meta.url).pathname;
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
  if (!out.success) return new TextDecoder().decode(out.stderr).trim();
  return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").pop()!);
}
