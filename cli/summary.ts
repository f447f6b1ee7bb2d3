/**
 * The closing summary of a run: KPIs, timings per system, memory.
 * @module
 */
import type { RunResult } from "../engine/run.ts";

/** KPIs shown in the closing summary when they exist. */
export const SUMMARY_KPIS = [
  "population",
  "households",
  "mean_household_size",
  "crude_birth_rate",
  "crude_death_rate",
  "tfr",
  "life_expectancy",
  "dependency_ratio",
  "gdp_nominal",
  "gdp_real",
  "cpi",
  "inflation_annual",
  "unemployment_rate",
  "vacancy_rate",
  "mean_wage",
  "labor_share",
  "firms",
  "gini_income",
  "gini_wealth",
  "cover_urban",
  "cover_forest",
  "minerals_extracted_share",
  "money_total",
];

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return v.toExponential(3);
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(a >= 100 ? 1 : 4);
}

/** Text of the closing summary. */
export function formatSummary(r: RunResult): string {
  const w = r.sim.world;
  const lines: string[] = [];
  lines.push(`scenario ${w.base.name}, seed ${w.seed}, ended at tick ${w.tick}`);
  lines.push("");
  lines.push("KPIs (last tick):");
  for (const name of SUMMARY_KPIS) {
    const k = w.kpis.indexOf(name);
    if (k < 0 || w.kpis.rows === 0) continue;
    const spec = w.kpis.specs[k];
    lines.push(`  ${name.padEnd(26)} ${fmt(w.kpis.lagged(k, 0)).padStart(14)}  ${spec.unit}`);
  }
  lines.push("");
  lines.push("ms/tick          median      p95");
  for (const t of r.timings) {
    lines.push(
      `  ${t.system.padEnd(14)} ${t.median_ms.toFixed(3).padStart(8)} ${
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
  return lines.join("\n");
}
