/**
 * Stylized facts of inequality: Gini coefficients of wealth and income.
 * @module
 */
import { gini, mean } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import { kpiMean, windowSnapshots } from "./_window.ts";

/**
 * Gini coefficient of wealth: mean of KPI `gini_wealth` (net worth per adult: each household's
 * money and the equity of the firms it owns, shared by its adults, as the source measures wealth)
 * over the window (at least a year after the burn-in); without the KPI, of the persons' `wealth`
 * (money only, negative counted as 0) at the window's snapshots, averaged over them. Until
 * 2026-12-04 the KPI was of households' money alone, leaving out the firms their owners hold.
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
  return {
    value: mean(gs),
    note: `persons' money (no business equity: no KPI gini_wealth), mean over ${snaps.text}`,
  };
}

/**
 * Gini coefficient of income: mean of KPI `gini_income` (households' permanent income over
 * persons, equivalised by the square root of household size) over the window (at least a year
 * after the burn-in); without the KPI, the same Gini of the households at the window's snapshots
 * (each household weighted by its members times `weight`), averaged over them. The square-root
 * scale is the convention of the sources (OECD 2013, Framework for Statistics on the Distribution
 * of Household Income, ch. 8); income per member, which this fact measured until 2026-12-04,
 * counts every child as an extra adult and reads 0.04-0.05 higher on the 20,000-person island.
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
  const snaps = windowSnapshots(run, "households", ["permanent_income", "weight", "size"], opts);
  if (typeof snaps === "string") return na(`no KPI gini_income; ${snaps}`);
  const gs: number[] = [];
  for (const t of snaps.ticks) {
    const income = run.column("households", "permanent_income", t);
    const weight = run.column("households", "weight", t);
    const size = run.column("households", "size", t);
    const members = (h: number) => Math.max(1, Number(size[h]));
    const g = gini(
      Float64Array.from(income, (x, h) => Number(x) / Math.sqrt(members(h))),
      Float64Array.from(weight, (x, h) => Number(x) * members(h)),
    );
    if (Number.isFinite(g)) gs.push(g);
  }
  if (gs.length === 0) return na(`no household has any income at ${snaps.text}`);
  return {
    value: mean(gs),
    note:
      `households' permanent income, equivalised (square root of size), mean over ${snaps.text}`,
  };
}
