/**
 * Stylized facts of demography: crude rates and the dependency ratio.
 * @module
 */
import type { Run } from "../run.ts";
import { type FactOptions, hasRows, kpiMean, type Measure, na, tickOf } from "./_common.ts";

/**
 * Crude birth rate, births per 1000 persons per year: mean of KPI `crude_birth_rate` after the
 * burn-in.
 *
 * Target 5–45 per 1000: the range of national crude birth rates (UN World Population Prospects
 * 2022; high-income countries about 8–12).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The mean rate, or NaN with a note.
 */
export function crudeBirthRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "crude_birth_rate", opts);
}

/**
 * Crude death rate, deaths per 1000 persons per year: mean of KPI `crude_death_rate` after the
 * burn-in.
 *
 * Target 4–18 per 1000: the range of national crude death rates (UN World Population Prospects
 * 2022; high-income countries about 8–12).
 *
 * @param run The run.
 * @param opts Burn-in.
 * @returns The mean rate, or NaN with a note.
 */
export function crudeDeathRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "crude_death_rate", opts);
}

/**
 * Age dependency ratio, persons aged 0–14 and 65+ per person aged 15–64: the shape of the age
 * pyramid in one number. Mean of KPI `dependency_ratio` after the burn-in, else from the
 * persons table at the last snapshot.
 *
 * Target 0.35–1.1: national ratios run from about 0.4 (young working-age populations) to
 * 0.7 (Japan) and 1.1 (Niger); world 0.54 (UN World Population Prospects 2022).
 *
 * @param run The run.
 * @param opts Burn-in, snapshot tick.
 * @returns The ratio, or NaN with a note.
 */
export function dependencyRatio(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "dependency_ratio", opts);
  if (Number.isFinite(k.value)) return k;
  if (!hasRows(run, "persons", opts.tick)) return na(`${k.note}, and no persons snapshot`);
  const age = run.column("persons", "age", opts.tick);
  let young = 0;
  let old = 0;
  for (let i = 0; i < age.length; i++) {
    if (age[i] < 15) young++;
    else if (age[i] >= 65) old++;
  }
  const working = age.length - young - old;
  if (working === 0) return na("no persons aged 15–64");
  return {
    value: (young + old) / working,
    note: `from the persons table at tick ${tickOf(run, opts)}`,
  };
}
