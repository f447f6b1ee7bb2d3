/**
 * Demographic statistics: the cohorts table (exposure and events by single year of age,
 * exponentially weighted over about a year) and the population KPIs computed from it.
 *
 * @module
 */
import type { KpiSpec } from "../../core/kpis.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import { Status } from "../../tables/persons.ts";
import { derived, scratch } from "../../core/world.ts";
import type { SimWorld } from "../../world.ts";
import { lifeExpectancy, type Schedule } from "./schedule.ts";

/**
 * Weight of one day in the cohort averages (a one-year memory). Exposure is kept as
 * `keep * e + ALPHA * persons` (so it settles at the persons counted, in person-years per
 * year) and events as `keep * d + events` (so they settle at the events per year): their
 * ratio is an annual rate.
 */
const ALPHA = 1 / 365;
const BIN = 5;

/** Age-pyramid bins: [lo, hi) in years, the last one open. */
export function pyramidBins(cfg: ScenarioConfig): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = 0; lo < 100 && lo <= cfg.population_params.max_age; lo += BIN) {
    out.push([lo, lo + BIN >= 100 ? Infinity : lo + BIN]);
  }
  return out;
}

const binName = (sex: "f" | "m", lo: number, hi: number) =>
  `pop_${sex}_${String(lo).padStart(2, "0")}_${hi === Infinity ? "plus" : String(hi - 1)}`;

/** The population KPIs, in the order {@link setPopulationKpis} sets them. */
export function POPULATION_KPIS(cfg: ScenarioConfig): KpiSpec[] {
  const fixed: KpiSpec[] = [
    { name: "population", unit: "persons", doc: "Persons alive (rows)." },
    {
      name: "represented_population",
      unit: "persons",
      doc: "Persons represented (household members x household weight).",
    },
    { name: "households", unit: "households", doc: "Household rows." },
    { name: "mean_household_size", unit: "persons", doc: "Persons per household." },
    { name: "births", unit: "persons", doc: "Births today." },
    { name: "deaths", unit: "persons", doc: "Deaths today." },
    {
      name: "crude_birth_rate",
      unit: "per 1000 per year",
      doc: "Births per 1000 persons per year (past year, weighted).",
    },
    {
      name: "crude_death_rate",
      unit: "per 1000 per year",
      doc: "Deaths per 1000 persons per year (past year, weighted).",
    },
    {
      name: "tfr",
      unit: "children per woman",
      doc: "Period total fertility rate: sum of age-specific fertility rates.",
    },
    {
      name: "life_expectancy",
      unit: "years",
      doc: "Period life expectancy at birth from the past year's death rates (both sexes).",
    },
    {
      name: "dependency_ratio",
      unit: "ratio",
      doc: "Persons aged 0-14 and 65+ per person aged 15-64.",
    },
    { name: "mean_age", unit: "years", doc: "Mean age." },
    { name: "students", unit: "persons", doc: "Persons in school or university." },
    { name: "retired", unit: "persons", doc: "Retired persons." },
    { name: "labor_force", unit: "persons", doc: "Employed plus unemployed persons." },
    {
      name: "one_person_household_share",
      unit: "share",
      doc: "Share of households with one member (EU about 0.35-0.4; Eurostat household " +
        "composition statistics).",
    },
    {
      name: "partnered_share",
      unit: "share",
      doc: "Share of persons 18+ who have a partner (living in a couple).",
    },
    {
      name: "unions_formed",
      unit: "unions",
      doc: "Unions formed today (unions are checked weekly, so 0 on other days).",
    },
    {
      name: "unions_dissolved",
      unit: "unions",
      doc: "Unions ended by separation today (checked weekly; widowhood is not counted).",
    },
  ];
  const bins = pyramidBins(cfg);
  const pyramid: KpiSpec[] = [];
  for (const sex of ["f", "m"] as const) {
    for (const [lo, hi] of bins) {
      pyramid.push({
        name: binName(sex, lo, hi),
        unit: "persons",
        doc: `${sex === "f" ? "Women" : "Men"} aged ${lo}${
          hi === Infinity ? "+" : `-${hi - 1}`
        } (age pyramid).`,
      });
    }
  }
  return [...fixed, ...pyramid];
}

/** Seeds the cohorts table with the schedule's expected rates (a warm start). */
export function initCohorts(world: SimWorld, s: Schedule): void {
  const C = world.tables.cohorts;
  const P = world.tables.persons;
  const M1 = s.maxAge + 1;
  C.add(M1);
  const countF = new Float64Array(M1);
  const countM = new Float64Array(M1);
  for (let r = 0; r < P.length; r++) {
    (P.col.sex[r] ? countM : countF)[P.col.age[r]] += 1;
  }
  for (let a = 0; a < M1; a++) {
    C.col.age[a] = a;
    C.col.exposure_f[a] = countF[a];
    C.col.exposure_m[a] = countM[a];
    C.col.deaths_f[a] = countF[a] * s.hazardF[a];
    C.col.deaths_m[a] = countM[a] * s.hazardM[a];
    C.col.births[a] = countF[a] * s.asfr[a];
  }
}

/**
 * Updates the cohorts with today's counts and sets the population KPIs (births, deaths and
 * unions are today's counts). `expo` counts the persons of the day's pass by sex and age (those
 * who died today among them, today's newborns not); the age pyramid's bins count the persons at
 * the end of the day, as `population` does: `expo` less `deathsBy`, plus `newborns` by sex.
 */
export function setPopulationKpis(
  world: SimWorld,
  kpi: Int32Array,
  s: Schedule,
  expo: Float64Array,
  deathsBy: Float64Array,
  birthsBy: Float64Array,
  newborns: Float64Array,
  births: number,
  deaths: number,
  unionsFormed: number,
  unionsDissolved: number,
): void {
  const C = world.tables.cohorts;
  const M1 = s.maxAge + 1;
  const cc = C.col;
  const keep = 1 - ALPHA;
  let expoAll = 0;
  let deathsAll = 0;
  let birthsAll = 0;
  let tfr = 0;
  const rates = scratch(world, "population.rates", Float64Array, M1);
  for (let a = 0; a < M1; a++) {
    cc.exposure_f[a] = keep * cc.exposure_f[a] + ALPHA * expo[a];
    cc.exposure_m[a] = keep * cc.exposure_m[a] + ALPHA * expo[M1 + a];
    cc.deaths_f[a] = keep * cc.deaths_f[a] + deathsBy[a];
    cc.deaths_m[a] = keep * cc.deaths_m[a] + deathsBy[M1 + a];
    cc.births[a] = keep * cc.births[a] + birthsBy[a];
    const e = cc.exposure_f[a] + cc.exposure_m[a];
    expoAll += e;
    deathsAll += cc.deaths_f[a] + cc.deaths_m[a];
    birthsAll += cc.births[a];
    rates[a] = e > 0 ? (cc.deaths_f[a] + cc.deaths_m[a]) / e : s.hazardF[a];
    if (cc.exposure_f[a] > 0) tfr += cc.births[a] / cc.exposure_f[a];
  }

  const P = world.tables.persons;
  const Hh = world.tables.households;
  let young = 0;
  let working = 0;
  let old = 0;
  let ageSum = 0;
  let pop = 0;
  for (let a = 0; a < M1; a++) {
    const k = expo[a] + expo[M1 + a];
    pop += k;
    ageSum += k * (a + 0.5);
    if (a < 15) young += k;
    else if (a < 65) working += k;
    else old += k;
  }
  let adults = 0;
  let partnered = 0;
  const emp = P.col.employment;
  const age = P.col.age;
  const partner = P.col.partner;
  // Persons by status, counted without a branch (statuses are unpredictable row to row).
  const byStatus = scratch(world, "population.byStatus", Int32Array, 8);
  byStatus.fill(0);
  for (let r = 0; r < P.length; r++) {
    byStatus[emp[r] & 7]++;
    // Branch-free (partners are unpredictable): adult is 1 from age 18, and a partner id is
    // >= 0 while NULL_REF is -1, so ~(partner >> 31) is all ones exactly with a partner.
    const adult = (17 - age[r]) >>> 31;
    adults += adult;
    partnered += adult & ~(partner[r] >> 31);
  }
  const students = byStatus[Status.student];
  const retired = byStatus[Status.retired];
  const labor = byStatus[Status.employed] + byStatus[Status.unemployed];
  let represented = 0;
  let alone = 0;
  for (let h = 0; h < Hh.length; h++) {
    represented += Hh.col.size[h] * Hh.col.weight[h];
    if (Hh.col.size[h] === 1) alone++;
  }

  const v = world.kpis.values;
  let i = 0;
  v[kpi[i++]] = P.length;
  v[kpi[i++]] = represented;
  v[kpi[i++]] = Hh.length;
  v[kpi[i++]] = Hh.length > 0 ? P.length / Hh.length : 0;
  v[kpi[i++]] = births;
  v[kpi[i++]] = deaths;
  v[kpi[i++]] = expoAll > 0 ? (1000 * birthsAll) / expoAll : 0;
  v[kpi[i++]] = expoAll > 0 ? (1000 * deathsAll) / expoAll : 0;
  v[kpi[i++]] = tfr;
  v[kpi[i++]] = lifeExpectancy(rates.subarray(0, M1));
  v[kpi[i++]] = working > 0 ? (young + old) / working : 0;
  v[kpi[i++]] = pop > 0 ? ageSum / pop : 0;
  v[kpi[i++]] = students;
  v[kpi[i++]] = retired;
  v[kpi[i++]] = labor;
  v[kpi[i++]] = Hh.length > 0 ? alone / Hh.length : 0;
  v[kpi[i++]] = adults > 0 ? partnered / adults : 0;
  v[kpi[i++]] = unionsFormed;
  v[kpi[i++]] = unionsDissolved;
  const bins = derived(world, "population.bins", pyramidBins);
  for (let sx = 0; sx < 2; sx++) {
    for (const [lo, hi] of bins) {
      let k = lo === 0 ? newborns[sx] : 0;
      for (let a = lo; a < Math.min(hi, M1); a++) k += expo[sx * M1 + a] - deathsBy[sx * M1 + a];
      v[kpi[i++]] = k;
    }
  }
}
