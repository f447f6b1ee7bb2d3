/**
 * The closing summary of a run: KPIs, timings per system, memory.
 * @module
 */
import type { RunResult } from "../engine/run.ts";

/**
 * KPIs shown in the closing summary when they exist, headline first: the state at the last
 * tick. Rates are annual (per 1000 per year, % per year), never one day's count.
 */
export const SUMMARY_KPIS = [
  "population",
  "households",
  "unemployment_rate",
  "gdp_real",
  "cpi",
  "mean_wage",
  "firms",
  "gini_income",
  "gini_wealth",
  "mean_household_size",
  "crude_birth_rate",
  "crude_death_rate",
  "tfr",
  "life_expectancy",
  "dependency_ratio",
  "gdp_nominal",
  "vacancy_rate",
  "labor_share",
  "cover_urban",
  "cover_forest",
  "minerals_extracted_share",
  "money_total",
];

/** Flows summed over the run (daily counts are noise; their totals are not). */
const RUN_TOTALS = ["births", "deaths"];

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return v.toExponential(3);
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(a >= 100 ? 1 : 4);
}

/** KPIs of the periodic progress lines (`logging.kpi_interval_days`). */
const PROGRESS_KPIS = ["population", "unemployment_rate", "gdp_real", "cpi", "firms"];

/** One progress line: the tick and the headline KPIs at the end of that day. */
export function kpiLine(w: RunResult["sim"]["world"]): string {
  const parts = [`tick ${String(w.tick).padStart(5)}`];
  for (const name of PROGRESS_KPIS) {
    const i = w.kpis.indexOf(name);
    if (i >= 0 && w.kpis.rows > 0) parts.push(`${name} ${fmt(w.kpis.lagged(i, 0))}`);
  }
  return parts.join("  ");
}

/** Text of the closing summary. */
export function formatSummary(r: RunResult): string {
  const w = r.sim.world;
  const k = w.kpis;
  const lines: string[] = [];
  lines.push(`scenario ${w.base.name}, seed ${w.seed}, ended at tick ${w.tick}`);
  if (k.rows === 0) return [...lines, "", ...timingLines(r)].join("\n");
  const first = k.ticks[0];
  const row = (name: string, value: number, unit: string) =>
    lines.push(`  ${name.padEnd(26)} ${fmt(value).padStart(14)}  ${unit}`);
  lines.push("", `KPIs at tick ${w.tick} (the end of day ${w.tick}):`);
  for (const name of SUMMARY_KPIS) {
    const i = k.indexOf(name);
    if (i >= 0) row(name, k.lagged(i, 0), k.specs[i].unit);
  }
  lines.push("", `Over ticks ${first}–${w.tick} (${k.rows} days):`);
  for (const name of RUN_TOTALS) {
    const i = k.indexOf(name);
    if (i < 0) continue;
    const s = k.series(name);
    let total = 0;
    for (let t = 0; t < s.length; t++) if (Number.isFinite(s[t])) total += s[t];
    row(`${name} (total)`, total, k.specs[i].unit);
  }
  const cpi = k.indexOf("cpi");
  if (cpi >= 0) {
    const s = k.series("cpi");
    const start = s.find(Number.isFinite) ?? NaN;
    row("cpi change", 100 * (s[s.length - 1] / start - 1), "% since the first tick");
  }
  lines.push("", ...timingLines(r));
  return lines.join("\n");
}

function timingLines(r: RunResult): string[] {
  const lines: string[] = [];
  const width = Math.max(14, ...r.timings.map((t) => t.system.length));
  lines.push(`${"ms/tick".padEnd(width + 2)}   median      p95`);
  for (const t of r.timings) {
    lines.push(
      `  ${t.system.padEnd(width)} ${t.median_ms.toFixed(3).padStart(8)} ${
        t.p95_ms.toFixed(3).padStart(8)
      }`,
    );
  }
  lines.push("");
  lines.push(
    `init ${(r.initMs / 1000).toFixed(2)} s, ticks ${(r.runMs / 1000).toFixed(2)} s, ` +
      `peak memory ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  if (r.dir) lines.push(`run written to ${r.dir}`);
  return lines;
}
