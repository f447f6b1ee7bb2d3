/**
 * Stylized facts of inequality: Gini coefficients of wealth and income.
 * @module
 */
import { gini, mean } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import { kpiMean, windowSnapshots } from "./_window.ts";

/**
 * Gini coefficient of wealth: mean of KPI `gini_wealth` (households' money) over the window (at
 * least a year after the burn-in); without the KPI, of the persons' `wealth` at the window's
 * snapshots (negative wealth counted as 0), averaged over them.
 *
 * Target 0.6–0.85: national wealth Ginis (Davies, Sandström, Shorrocks & Wolff 2011, "The
 * level and distribution of global household wealth", Economic Journal 121:223).
 *
 * @param run The run.
 * @param opts Burn-in, window, snapshot tick.
 * @returns G, or NaN with a note.
 */
export function wealthGini(run: Run, opts: FactOptions = {}): Measure {
  if (run.hasKpi("gini_wealth") && opts.tick === undefined) {
    return kpiMean(run, "gini_wealth", opts);
  }
  const snaps = windowSnapshots(run, "persons", ["wealth"], opts);
  if (typeof snaps === "string") return na(`no KPI gini_wealth; ${snaps}`);
  const gs: number[] = [];
  for (const t of snaps.ticks) {
    const w = run.column("persons", "wealth", t);
    const g = gini(Float64Array.from(w, (x) => (x > 0 ? x : 0)));
    if (Number.isFinite(g)) gs.push(g);
  }
  if (gs.length === 0) return na(`nobody holds any wealth at ${snaps.text}`);
  return { value: mean(gs), note: `persons' wealth, mean over ${snaps.text}` };
}

/**
 * Gini coefficient of income: mean of KPI `gini_income` (households' permanent income per member)
 * over the window (at least a year after the burn-in); without the KPI, of the households'
 * permanent income (weighted by `weight`) at the window's snapshots, averaged over them.
 *
 * Target 0.25–0.5: disposable-income Ginis of rich economies are 0.25–0.40, market-income Ginis
 * up to about 0.5 (Luxembourg Income Study; OECD Income Distribution Database).
 *
 * @param run The run.
 * @param opts Burn-in, window, snapshot tick.
 * @returns G, or NaN with a note.
 */
export function incomeGini(run: Run, opts: FactOptions = {}): Measure {
  if (run.hasKpi("gini_income") && opts.tick === undefined) {
    return kpiMean(run, "gini_income", opts);
  }
  const snaps = windowSnapshots(run, "households", ["permanent_income", "weight"], opts);
  if (typeof snaps === "string") return na(`no KPI gini_income; ${snaps}`);
  const gs: number[] = [];
  for (const t of snaps.ticks) {
    const g = gini(
      run.column("households", "permanent_income", t),
      run.column("households", "weight", t),
    );
    if (Number.isFinite(g)) gs.push(g);
  }
  if (gs.length === 0) return na(`no household has any income at ${snaps.text}`);
  return { value: mean(gs), note: `households' permanent income, mean over ${snaps.text}` };
}
