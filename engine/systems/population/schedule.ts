/**
 * Demographic schedules from the scenario: the age hazard of death (a Siler shape scaled so
 * that the initial population's crude death rate equals `mortality_base`), the age-specific
 * fertility schedule (a normal shape over the fertile ages whose sum is `fertility_base`),
 * and the initial age pyramid: the stable population (Lotka) of a past growth rate
 * `pyramid_growth_rate` under that mortality. The intrinsic growth rate the fertility
 * schedule implies is reported too.
 *
 * @module
 */
import type { ScenarioConfig } from "../../scenario/schema.ts";

/** Annual rates by single year of age, and the stable population they imply. */
export interface Schedule {
  /** Oldest age (rows are 0..maxAge). */
  maxAge: number;
  /** Annual death hazard by age, women and men. */
  hazardF: Float64Array;
  hazardM: Float64Array;
  /** Births per woman per year by age (both sexes); sums to the TFR. */
  asfr: Float64Array;
  /**
   * Daily death and birth probabilities by sex and age, women's ages first, then men's (index
   * `sex * (maxAge + 1) + age`; births are women's, 0 for men), so that the pass over persons
   * looks them up without a branch on sex.
   */
  dailyDeath: Float64Array;
  dailyBirth: Float64Array;
  /** Share of the initial population by age, women and men (all rows sum to 1). */
  stableF: Float64Array;
  stableM: Float64Array;
  /** Intrinsic growth rate implied by fertility and mortality, per year. */
  growthRate: number;
  /** Crude death rate of the initial population, per year. */
  crudeDeathRate: number;
  /** Expected health by age (used to make frailty mean-neutral). */
  meanHealth: Float64Array;
}

function sirlerShape(cfg: ScenarioConfig, a: number): number {
  const s = cfg.population_params.mortality_shape;
  return s.infant * Math.exp(-s.infant_decay * a) + s.background +
    s.senescent * Math.exp(s.senescent_rate * a);
}

/** Expected health at an age: 1 until `health_decline_age`, then a linear decline. */
export function expectedHealth(cfg: ScenarioConfig, age: number): number {
  const p = cfg.population_params;
  return Math.max(0.05, 1 - p.health_decline_rate * Math.max(0, age - p.health_decline_age));
}

/**
 * Population with the age shape e^(-r a) l(a) for a past growth rate `r0` (the stable
 * population of that growth), and the intrinsic growth rate the fertility schedule implies.
 */
function stable(
  hazF: Float64Array,
  hazM: Float64Array,
  asfr: Float64Array,
  srb: number,
  r0: number,
): { r: number; f: Float64Array; m: Float64Array; cdr: number } {
  const n = hazF.length;
  const lf = new Float64Array(n);
  const lm = new Float64Array(n);
  let sf = 1;
  let sm = 1;
  for (let a = 0; a < n; a++) {
    // survival to the middle of the age year
    lf[a] = sf * Math.exp(-hazF[a] / 2);
    lm[a] = sm * Math.exp(-hazM[a] / 2);
    sf *= Math.exp(-hazF[a]);
    sm *= Math.exp(-hazM[a]);
  }
  const girls = 1 / (1 + srb);
  const net = (r: number) => {
    let s = 0;
    for (let a = 0; a < n; a++) s += Math.exp(-r * (a + 0.5)) * lf[a] * asfr[a] * girls;
    return s;
  };
  let lo = -0.2;
  let hi = 0.2;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (net(mid) > 1) lo = mid;
    else hi = mid;
  }
  const r = (lo + hi) / 2;
  const f = new Float64Array(n);
  const m = new Float64Array(n);
  let total = 0;
  let deaths = 0;
  for (let a = 0; a < n; a++) {
    f[a] = Math.exp(-r0 * (a + 0.5)) * lf[a] * girls;
    m[a] = Math.exp(-r0 * (a + 0.5)) * lm[a] * (1 - girls);
    total += f[a] + m[a];
    deaths += f[a] * hazF[a] + m[a] * hazM[a];
  }
  for (let a = 0; a < n; a++) {
    f[a] /= total;
    m[a] /= total;
  }
  return { r, f, m, cdr: deaths / total };
}

/**
 * Builds the schedules of a scenario.
 *
 * @example
 * ```ts
 * const s = demographicSchedule(cfg);
 * s.crudeDeathRate; // equals cfg.population_params.mortality_base (to 1e-6)
 * ```
 */
export function demographicSchedule(cfg: ScenarioConfig): Schedule {
  const p = cfg.population_params;
  const n = p.max_age + 1;
  const asfr = new Float64Array(n);
  let sum = 0;
  for (let a = p.fertility_min_age; a <= Math.min(p.fertility_max_age, p.max_age); a++) {
    const z = (a + 0.5 - p.fertility_mean_age) / p.fertility_sd_age;
    asfr[a] = Math.exp(-0.5 * z * z);
    sum += asfr[a];
  }
  for (let a = 0; a < n; a++) asfr[a] = sum > 0 ? (asfr[a] / sum) * p.fertility_base : 0;

  const shape = new Float64Array(n);
  for (let a = 0; a < n; a++) shape[a] = sirlerShape(cfg, a);
  const hazF = new Float64Array(n);
  const hazM = new Float64Array(n);
  const withScale = (k: number) => {
    for (let a = 0; a < n; a++) {
      hazF[a] = Math.min(20, k * shape[a]);
      hazM[a] = Math.min(20, k * shape[a] * p.male_mortality_ratio);
    }
    hazF[n - 1] = hazM[n - 1] = 20; // nobody outlives max_age
    return stable(hazF, hazM, asfr, p.sex_ratio_at_birth, p.pyramid_growth_rate);
  };
  // The initial CDR rises with the hazard scale k, from about 0 (k -> 0) to the cap of 20 a
  // year (k -> infinity), so every mortality_base in range has one k: bisect on log k. The
  // shape is relative (only the ratios of its terms matter), so the bracket is centred on
  // the k that gives the target for the mean shape, k0 = mortality_base / mean(shape), and
  // widened until it holds the target; a fixed bracket misses it for shapes of another
  // magnitude (a background term of 1000 pinned k to the bracket's floor and gave every age
  // a hazard of 1 a year).
  let mean = 0;
  for (let a = 0; a < n; a++) mean += shape[a] / n;
  const k0 = Math.log(p.mortality_base / mean);
  let lo = k0 - Math.log(1e3);
  let hi = k0 + Math.log(1e3);
  while (withScale(Math.exp(lo)).cdr > p.mortality_base && lo > k0 - 700) lo -= Math.log(1e3);
  while (withScale(Math.exp(hi)).cdr < p.mortality_base && hi < k0 + 700) hi += Math.log(1e3);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (withScale(Math.exp(mid)).cdr < p.mortality_base) lo = mid;
    else hi = mid;
  }
  const st = withScale(Math.exp((lo + hi) / 2));

  const daily = (h: Float64Array) => h.map((x) => 1 - Math.exp(-x / 365));
  const meanHealth = new Float64Array(n);
  for (let a = 0; a < n; a++) meanHealth[a] = expectedHealth(cfg, a);
  const bySex = (f: Float64Array, m: Float64Array) => {
    const both = new Float64Array(2 * n);
    both.set(f);
    both.set(m, n);
    return both;
  };
  return {
    maxAge: p.max_age,
    hazardF: hazF,
    hazardM: hazM,
    asfr,
    dailyDeath: bySex(daily(hazF), daily(hazM)),
    dailyBirth: bySex(daily(asfr), new Float64Array(n)),
    stableF: st.f,
    stableM: st.m,
    growthRate: st.r,
    crudeDeathRate: st.cdr,
    meanHealth,
  };
}

/**
 * Period life expectancy at birth from annual death rates by age (a standard life table with
 * deaths at mid-year; the last age is open).
 *
 * @example
 * ```ts
 * lifeExpectancy(new Float64Array(111).fill(0.0125)); // about 80 years
 * ```
 */
export function lifeExpectancy(rates: ArrayLike<number>): number {
  let alive = 1;
  let years = 0;
  for (let a = 0; a < rates.length; a++) {
    const m = rates[a];
    if (a === rates.length - 1) {
      years += m > 0 ? alive / m : 0;
      break;
    }
    const q = 1 - Math.exp(-m);
    years += alive * (1 - q / 2);
    alive *= 1 - q;
  }
  return years;
}
