/**
 * Running a simulation for the tools: yearly means of chosen KPIs.
 *
 * @module
 */
import type { Simulation } from "../mod.ts";

/**
 * Runs `sim` for `years` years of 365 days and returns, a row per year, the mean of each KPI in
 * `names` over its days (NaN for a KPI the run does not have). `onDay` runs after every day.
 */
export function yearlyMeans(
  sim: Simulation,
  names: readonly string[],
  years: number,
  onDay: () => void = () => {},
): Float64Array[] {
  const k = sim.world.kpis;
  const index = names.map((name) => k.indexOf(name));
  const yearly: Float64Array[] = [];
  const sums = new Float64Array(names.length);
  let days = 0;
  sim.run(365 * years, () => {
    for (let i = 0; i < names.length; i++) sums[i] += index[i] >= 0 ? k.values[index[i]] : NaN;
    days++;
    onDay();
    if (sim.world.tick % 365 === 0) {
      yearly.push(sums.map((s) => s / days));
      sums.fill(0);
      days = 0;
    }
  });
  return yearly;
}
