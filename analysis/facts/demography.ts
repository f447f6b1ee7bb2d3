/**
 * Stylized facts of the population: the age pyramid and households.
 * @module
 */
import type { Run } from "../run.ts";
import { mean } from "../stats.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import { kpiMean, relativeDrift, windowSnapshots } from "./_window.ts";

/**
 * Age dependency ratio, persons aged 0–14 and 65+ per person aged 15–64: the shape of the age
 * pyramid in one number. Mean of KPI `dependency_ratio` over the window (at least a year after
 * the burn-in); without the KPI, the mean over the window's snapshots of the ratio counted in
 * the persons table.
 *
 * Target 0.35–1.1: national age dependency ratios range from about 0.4 (East Asia, the Gulf) to
 * above 1 (Niger); high-income countries are at 0.5–0.6 (United Nations, World Population
 * Prospects 2022).
 *
 * @param run The run.
 * @param opts Burn-in, window, snapshot tick.
 * @returns The ratio, or NaN with a note.
 */
export function dependencyRatio(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "dependency_ratio", opts);
  if (run.hasKpi("dependency_ratio")) return k;
  const snaps = windowSnapshots(run, "persons", ["age"], opts);
  if (typeof snaps === "string") return na(`${k.note}; ${snaps}`);
  const ratios: number[] = [];
  for (const t of snaps.ticks) {
    const age = run.column("persons", "age", t);
    let young = 0;
    let old = 0;
    for (let i = 0; i < age.length; i++) {
      if (age[i] < 15) young++;
      else if (age[i] >= 65) old++;
    }
    const working = age.length - young - old;
    if (working > 0) ratios.push((young + old) / working);
  }
  if (ratios.length === 0) return na(`no persons aged 15–64 at ${snaps.text}`);
  return { value: mean(ratios), note: `counted in the persons table, mean over ${snaps.text}` };
}

/**
 * Mean household size, persons per household: mean of KPI `mean_household_size` over the
 * window (at least a year after the burn-in); without the KPI, the weighted mean of the
 * households' `size` (weights `weight`) over the window's snapshots.
 *
 * Target 2.0–3.0: the EU-27 average is 2.3 persons, member states range from about 1.9
 * (Sweden, Finland) to 2.8–2.9 (Croatia, Slovakia) (Eurostat, EU-LFS, dataset lfst_hhantych,
 * "Household composition statistics", 2017–2021).
 *
 * @param run The run.
 * @param opts Burn-in, window, snapshot tick.
 * @returns Persons per household, or NaN with a note.
 */
export function meanHouseholdSize(run: Run, opts: FactOptions = {}): Measure {
  const k = kpiMean(run, "mean_household_size", opts);
  if (run.hasKpi("mean_household_size")) return k;
  const snaps = windowSnapshots(run, "households", ["size"], opts);
  if (typeof snaps === "string") return na(`${k.note}; ${snaps}`);
  const means: number[] = [];
  for (const t of snaps.ticks) {
    const size = run.column("households", "size", t);
    const weight = run.table("households", t).getChild("weight")
      ? run.column("households", "weight", t)
      : undefined;
    let s = 0;
    let w = 0;
    for (let i = 0; i < size.length; i++) {
      const wi = weight ? weight[i] : 1;
      s += wi * size[i];
      w += wi;
    }
    if (w > 0) means.push(s / w);
  }
  if (means.length === 0) return na(`no households at ${snaps.text}`);
  return { value: mean(means), note: `households table, weighted mean over ${snaps.text}` };
}

/**
 * Drift of the mean household size: least-squares slope per year of KPI `mean_household_size`
 * over the window (at least three years after the burn-in), divided by its mean; signed.
 *
 * Target −2 … +2 % a year: household size changes slowly; the EU-27 average fell from 2.4 to 2.3
 * persons over 2010–2018, about −0.5 % a year (Eurostat, lfst_hhantych). A faster drift is the
 * model's population still settling, not a fact.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Relative change per year, or NaN with a note.
 */
export function householdSizeDrift(run: Run, opts: FactOptions = {}): Measure {
  return relativeDrift(run, "mean_household_size", opts);
}

/**
 * Share of households with one person: mean of KPI `one_person_household_share` over the window
 * (at least a year after the burn-in). Not available on runs without the KPI.
 *
 * Target 0.2–0.52: one household in three in the EU-28 was a single person (33.6 % in 2017);
 * member states ranged from about 20 % (Malta) to 52 % (Sweden) (Eurostat, EU-LFS, dataset
 * lfst_hhnhtych, "Household composition statistics", 2016–2017).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The share, or NaN with a note.
 */
export function onePersonHouseholdShare(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "one_person_household_share", opts);
}

/**
 * Share of adults living with a partner: mean of KPI `partnered_share` over the window (at least
 * a year after the burn-in). Not available on runs without the KPI.
 *
 * Target 0.45–0.7: in most OECD countries between half and two thirds of adults live with a
 * spouse or cohabiting partner (OECD Family Database, indicator SF3.3 "Cohabitation rate and
 * prevalence of other forms of partnership").
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The share, or NaN with a note.
 */
export function partneredShare(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "partnered_share", opts);
}
