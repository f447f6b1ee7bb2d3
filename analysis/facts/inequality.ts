/**
 * Stylized facts of inequality: Gini coefficients of wealth and income.
 * @module
 */
import { gini } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, hasRows, kpiMean, type Measure, na, tickOf } from "./_common.ts";

/**
 * Gini coefficient of wealth: mean of KPI `gini_wealth` after the burn-in, else of the
 * persons' `wealth` at the last snapshot (negative wealth counted as 0).
 *
 * Target 0.6–0.85: national wealth Ginis (Davies, Sandström, Shorrocks & Wolff 2011, "The
 * level and distribution of global household wealth", Economic Journal 121:223).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns G, or NaN with a note.
 */
export function wealthGini(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "gini_wealth", opts);
  if (Number.isFinite(k.value)) return k;
  if (!hasRows(run, "persons", opts.tick)) return na(`${k.note}, and no persons snapshot`);
  const w = run.column("persons", "wealth", opts.tick);
  const v = Float64Array.from(w, (x) => (x > 0 ? x : 0));
  const g = gini(v);
  if (!Number.isFinite(g)) return na("nobody holds any wealth");
  return { value: g, note: `persons' wealth at tick ${tickOf(run, opts)}` };
}

/**
 * Gini coefficient of income: mean of KPI `gini_income` after the burn-in, else of the
 * households' permanent income (weighted by `weight`) at the last snapshot.
 *
 * Target 0.25–0.5: disposable-income Ginis of rich economies are 0.25–0.40, market-income
 * Ginis up to about 0.5 (Luxembourg Income Study; OECD Income Distribution Database).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns G, or NaN with a note.
 */
export function incomeGini(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "gini_income", opts);
  if (Number.isFinite(k.value)) return k;
  if (!hasRows(run, "households", opts.tick)) return na(`${k.note}, and no households snapshot`);
  const inc = run.column("households", "permanent_income", opts.tick);
  const weight = run.column("households", "weight", opts.tick);
  const g = gini(inc, weight);
  if (!Number.isFinite(g)) return na("no household has any income");
  return { value: g, note: `households' permanent income at tick ${tickOf(run, opts)}` };
}
