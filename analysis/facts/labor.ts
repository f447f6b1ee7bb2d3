/**
 * Stylized facts of the labor market: unemployment, its duration, worker flows, wages.
 * @module
 */
import { mean, ols, quantile } from "../stats.ts";
import type { Run } from "../run.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import {
  factWindow,
  kpiMean,
  kpiSums,
  kpiWindow,
  MONTH,
  trendPerYear,
  windowSnapshots,
  windowText,
  YEAR,
} from "./_window.ts";

/** Code of "employed" and "unemployed" in the persons' `employment` column. */
const EMPLOYED = 2;
const UNEMPLOYED = 3;

/**
 * Unemployment rate (share of the labor force): mean of KPI `unemployment_rate` over the window
 * (at least a year after the burn-in).
 *
 * Target 0.03–0.15: the range of OECD unemployment rates over 1990–2019 outside deep crises
 * (OECD Labour Force Statistics).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The mean rate, or NaN with a note.
 */
export function unemploymentRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "unemployment_rate", opts);
}

/**
 * Vacancy rate (job openings over openings plus employment): mean of KPI `vacancy_rate` over
 * the window (at least a year after the burn-in).
 *
 * Target 0.01–0.075: the US job openings rate of the Job Openings and Labor Turnover Survey
 * ran from 1.7 % (2009) to 7.4 % (2022) over 2001–2023 (BLS JOLTS), and the EU's job vacancy
 * rate from about 1 % to 3 % over 2010–2023 (Eurostat, jvs_q_nace2). The Beveridge fact checks
 * that vacancies move against unemployment; this one checks their level.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The mean rate, or NaN with a note.
 */
export function vacancyRate(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "vacancy_rate", opts);
}

/**
 * Overtime: hours worked beyond normal hours as a share of all hours, the mean of KPI
 * `overtime_share` over the window (at least a year after the burn-in).
 *
 * Target 0.01–0.06: in the May 1985 Current Population Survey, 10.5 million of the 90.9
 * million wage and salary workers worked overtime at premium pay, 9 hours each on average, about
 * 94 million hours against some 3.5 billion worked that week, 2.7 % (Carr 1986, "Overtime work:
 * an expanded view", Monthly Labor Review 109(11)); production employees in US manufacturing,
 * the sector that uses it most, work about 3–4.8 overtime hours of a 40–42-hour week, 7–12 %
 * (BLS Current Employment Statistics, 1990–2019). Hours are the margin firms adjust first when
 * demand moves (Fair 1969); a share far above this says firms meet demand they could not staff
 * for by working their people's hours, whatever it costs.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The mean share, or NaN with a note.
 */
export function overtimeShare(run: Run, opts: FactOptions = {}): Measure {
  return kpiMean(run, "overtime_share", opts);
}

/**
 * Vacancy yield: hires per job opening per month, the sum of daily KPI `hires` over the window
 * (at least a year after the burn-in) over the sum of daily `vacancies`, times 365/12 days. Every
 * hire in the model fills a posted vacancy, so this is also the inverse of the mean vacancy
 * duration in months.
 *
 * Target 0.8–1.7 a month: total nonfarm hires over job openings in JOLTS ran from about 0.8
 * (2019) to about 1.6 (2009) over 2001–2019 (Bureau of Labor Statistics); Davis, Faberman &
 * Haltiwanger (2013, "The establishment-level behavior of vacancies and hiring", QJE 128:581)
 * measure vacancies that fill in about a month. With the separation rate in range, a yield
 * below it means vacancies that stay open too long: firms whose wage offers rise with the days
 * a vacancy stays open then push wages up however slack the market is.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Hires per vacancy per month, or NaN with a note.
 */
export function vacancyYield(run: Run, opts: FactOptions = {}): Measure {
  const s = kpiSums(run, ["hires", "vacancies"], opts);
  if (typeof s === "string") return na(s);
  const { hires, vacancies } = s.sums;
  if (!(vacancies > 0)) return na(`no vacancy open in ${s.text}`);
  return {
    value: (hires / vacancies) * MONTH,
    note: `${hires} hires over ${s.text} per vacancy-day (KPI vacancies), × 365/12`,
  };
}

/**
 * Drift of unemployment: least-squares slope per year of the daily KPI `unemployment_rate` over
 * the window (at least three years after the burn-in), in percentage points a year; signed.
 *
 * Target −0.5 … +0.5 points a year: the unemployment rate has no trend over long spans; it
 * moves with the cycle around a slowly changing natural rate (OECD Labour Force Statistics;
 * Blanchard & Summers 1986, NBER Macroeconomics Annual 1:15). A faster, steady rise or fall over
 * five years is the model not having settled.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Points per year, or NaN with a note.
 */
export function unemploymentDrift(run: Run, opts: FactOptions = {}): Measure {
  const w = factWindow(run, opts, 3 * YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, ["unemployment_rate"], w);
  if (typeof s === "string") return na(s);
  const { slope, mean: m } = trendPerYear(s.ticks, s.cols.unemployment_rate);
  return {
    value: 100 * slope,
    note: `least-squares slope per year of daily KPI unemployment_rate over ${windowText(w)} ` +
      `(mean ${(100 * m).toFixed(2)} %), in points`,
  };
}

/**
 * Ongoing unemployment spells in weeks, (snapshot tick − `status_since`) / 7 for every
 * unemployed person, pooled over the window's snapshots.
 */
export function unemploymentSpells(
  run: Run,
  opts: FactOptions,
): { weeks: Float64Array; text: string } | string {
  const snaps = windowSnapshots(run, "persons", ["employment", "status_since"], opts);
  if (typeof snaps === "string") return snaps;
  const weeks: number[] = [];
  for (const t of snaps.ticks) {
    const status = run.column("persons", "employment", t);
    const since = run.column("persons", "status_since", t);
    for (let i = 0; i < status.length; i++) {
      if (status[i] === UNEMPLOYED) weeks.push((t - since[i]) / 7);
    }
  }
  if (weeks.length < 10) return `only ${weeks.length} unemployed persons at ${snaps.text}`;
  return { weeks: Float64Array.from(weeks), text: snaps.text };
}

/**
 * Mean duration of unemployment, weeks, as the US Current Population Survey measures it: the
 * elapsed length of the ongoing spells of the persons unemployed at each snapshot in the window
 * (tick − `status_since`), pooled over those snapshots.
 *
 * Target 12–40 weeks: the BLS annual averages of the mean duration (CPS, series LNU03008275)
 * ranged from about 12 weeks (1990, 2000) to 39 weeks (2011) over 1990–2019, about 20 on
 * average; 2019: 21.6 (Bureau of Labor Statistics, Employment Situation, Table A-12).
 *
 * @param run The run (snapshots with `persons.status_since` in the window).
 * @param opts Burn-in, window, snapshot tick.
 * @returns Weeks, or NaN with a note.
 */
export function unemploymentDurationMean(run: Run, opts: FactOptions = {}): Measure {
  const s = unemploymentSpells(run, opts);
  if (typeof s === "string") return na(s);
  return {
    value: mean(s.weeks),
    note: `mean elapsed spell of ${s.weeks.length} unemployed person-snapshots, ${s.text}`,
  };
}

/**
 * Median duration of unemployment, weeks: the median elapsed length of the ongoing spells of the
 * persons unemployed at each snapshot in the window, pooled (as {@linkcode unemploymentDurationMean}).
 *
 * Target 5–22 weeks: the BLS annual averages of the median duration (CPS, series LNU03008276)
 * ranged from about 5 weeks (1990s) to 21 weeks (2010–2011) over 1990–2019, about 9 on average
 * (Bureau of Labor Statistics, Employment Situation, Table A-12).
 *
 * @param run The run (snapshots with `persons.status_since` in the window).
 * @param opts Burn-in, window, snapshot tick.
 * @returns Weeks, or NaN with a note.
 */
export function unemploymentDurationMedian(run: Run, opts: FactOptions = {}): Measure {
  const s = unemploymentSpells(run, opts);
  if (typeof s === "string") return na(s);
  return {
    value: quantile(s.weeks, 0.5),
    note: `median elapsed spell of ${s.weeks.length} unemployed person-snapshots, ${s.text}`,
  };
}

const SEPARATIONS = ["quits", "layoffs", "job_to_job", "closure_layoffs"];

/**
 * Job endings of the kinds `kinds` (KPIs) summed over the window (at least a year after the
 * burn-in), over the sum of daily `employment`, times 365/12 days: such endings in a month per
 * employee, as JOLTS counts them.
 */
function endingsPerEmployeeMonth(
  run: Run,
  opts: FactOptions,
  kinds: string[],
  what: string,
): Measure {
  const s = kpiSums(run, [...kinds, "employment"], opts);
  if (typeof s === "string") return na(s);
  let ended = 0;
  for (const k of kinds) ended += s.sums[k];
  const empDays = s.sums.employment;
  if (!(empDays > 0)) return na(`nobody employed in ${s.text}`);
  return {
    value: (ended / empDays) * MONTH,
    note: `${ended} ${what} (${kinds.join(" + ")}) over ${s.text} per employee-day, × 365/12`,
  };
}

/**
 * Monthly separation rate: all job endings (KPIs `quits` + `layoffs` + `job_to_job` +
 * `closure_layoffs`) summed over the window (at least a year after the burn-in), over the sum of
 * daily `employment`, times 365/12 days: separations in a month per employee, as JOLTS counts
 * them.
 *
 * Target 0.025–0.05 a month: JOLTS total separations were 3–4 % of employment a month over
 * 2001–2019 (Bureau of Labor Statistics, Job Openings and Labor Turnover Survey; Shimer 2012,
 * "Reassessing the ins and outs of unemployment", Review of Economic Dynamics 15:127).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Separations per employee per month, or NaN with a note.
 */
export function separationRate(run: Run, opts: FactOptions = {}): Measure {
  return endingsPerEmployeeMonth(run, opts, SEPARATIONS, "separations");
}

/**
 * Monthly layoff rate: job endings the employer decided (KPIs `layoffs` + `closure_layoffs`)
 * per employee and month over the window (at least a year after the burn-in), measured as
 * {@link separationRate}. The total separation rate can pass with the wrong mix; this fact and
 * {@link jobToJobRate} check its two largest parts.
 *
 * Target 0.01–0.02 a month: JOLTS layoffs and discharges were 1.0–2.0 % of employment a month
 * over 2001–2019, about 1.2–1.4 % outside recessions (Bureau of Labor Statistics, Job Openings
 * and Labor Turnover Survey; Davis, Faberman & Haltiwanger 2012, "Labor market flows in the
 * cross section and over time", Journal of Monetary Economics 59:1).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Layoffs per employee per month, or NaN with a note.
 */
export function layoffRate(run: Run, opts: FactOptions = {}): Measure {
  return endingsPerEmployeeMonth(run, opts, ["layoffs", "closure_layoffs"], "layoffs");
}

/**
 * Monthly job-to-job rate: employees who move straight to another employer (KPI `job_to_job`)
 * per employee and month over the window (at least a year after the burn-in), measured as
 * {@link separationRate}.
 *
 * Target 0.012–0.035 a month: employer-to-employer moves were about 2.6 % of the employed a
 * month in the CPS over 1994–2003 (Fallick & Fleischman 2004, FEDS 2004-34), about 2–2.5 % after
 * the correction of missing answers, with no downward trend after 2000 (Fujita, Moscarini &
 * Postel-Vinay 2024, "Measuring employer-to-employer reallocation", AEJ: Macroeconomics); they
 * are as large as hires from unemployment and from outside the labor force together.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns Job-to-job moves per employee per month, or NaN with a note.
 */
export function jobToJobRate(run: Run, opts: FactOptions = {}): Measure {
  return endingsPerEmployeeMonth(run, opts, ["job_to_job"], "job-to-job moves");
}

/**
 * Monthly job-finding rate of the unemployed: the daily rate h = Σ (`hires` − `job_to_job`) /
 * Σ `unemployed` over the window (at least a year after the burn-in), as the probability of
 * finding a job within a month, 1 − (1 − h)^(365/12), the form of Shimer's rate.
 *
 * Target 0.05–0.6 a month: about 0.45 in the US (Shimer 2005, "The cyclical behavior of
 * equilibrium unemployment and vacancies", American Economic Review 95:25; Shimer 2012, RED
 * 15:127); 0.3–0.6 in Anglo-Saxon and Nordic economies, below 0.15 in continental Europe (Elsby,
 * Hobijn & Şahin 2013, "Unemployment dynamics in the OECD", Review of Economics and Statistics
 * 95:530).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The monthly probability, or NaN with a note.
 */
export function jobFindingRate(run: Run, opts: FactOptions = {}): Measure {
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, ["hires", "job_to_job", "unemployed"], w);
  if (typeof s === "string") return na(s);
  let found = 0;
  let uDays = 0;
  for (let i = 0; i < s.ticks.length; i++) {
    found += s.cols.hires[i] - s.cols.job_to_job[i];
    uDays += s.cols.unemployed[i];
  }
  if (!(uDays > 0)) return na(`nobody unemployed in ${windowText(w)}`);
  const h = found / uDays;
  return {
    value: 1 - Math.pow(1 - h, MONTH),
    note: `${found} hires from unemployment over ${windowText(w)} per unemployed-day ` +
      `(${(100 * h).toPrecision(3)} %), as a monthly probability 1 − (1 − h)^(365/12)`,
  };
}

/** Daily wages of the employed with a positive wage at snapshot `tick`. */
function employedWages(run: Run, tick: number): { wage: number[]; index: number[] } {
  const status = run.column("persons", "employment", tick);
  const wage = run.column("persons", "wage", tick);
  const out: number[] = [];
  const index: number[] = [];
  for (let i = 0; i < status.length; i++) {
    if (status[i] === EMPLOYED && wage[i] > 0) {
      out.push(wage[i]);
      index.push(i);
    }
  }
  return { wage: out, index };
}

/**
 * Wage inequality among the employed: the ratio of the 90th to the 10th percentile of daily
 * wages of the employed (persons table), at each snapshot in the window, averaged over them.
 *
 * Target 2.3–5: the P90/P10 ratio of gross earnings of full-time employees runs from about 2.3
 * (Nordic countries, Italy) to about 5 (United States) (OECD Earnings Database, decile ratios,
 * 2000–2019).
 *
 * @param run The run (snapshots in the window).
 * @param opts Burn-in, window, snapshot tick.
 * @returns P90/P10, or NaN with a note.
 */
export function wageRatio9010(run: Run, opts: FactOptions = {}): Measure {
  const snaps = windowSnapshots(run, "persons", ["employment", "wage"], opts);
  if (typeof snaps === "string") return na(snaps);
  const ratios: number[] = [];
  let n = 0;
  for (const t of snaps.ticks) {
    const { wage } = employedWages(run, t);
    if (wage.length < 20) continue;
    n += wage.length;
    ratios.push(quantile(wage, 0.9) / quantile(wage, 0.1));
  }
  if (ratios.length === 0) return na(`fewer than 20 employed persons at ${snaps.text}`);
  return {
    value: mean(ratios),
    note: `P90/P10 of daily wages of the employed (type-7 quantiles), mean over ${snaps.text} ` +
      `(${n} wages)`,
  };
}

/** Years of schooling of each education level (0 none … 3 tertiary) and the school start age. */
export function schoolingYears(run: Run): { years: number[]; startAge: number; text: string } {
  const ed = (run.scenario as { population_params?: { education?: Record<string, number> } })
    ?.population_params?.education;
  const primary = ed?.primary_years ?? 6;
  const secondary = ed?.secondary_years ?? 6;
  const tertiary = ed?.tertiary_years ?? 4;
  const startAge = ed?.school_start_age ?? 6;
  const years = [0, primary, primary + secondary, primary + secondary + tertiary];
  const text = `${ed ? "the scenario's" : "the schema's default"} schooling: ${
    years.join("/")
  } years for none/primary/secondary/tertiary, school from age ${startAge}`;
  return { years, startAge, text };
}

/** The Mincer regression at one snapshot: return to a year of schooling and the sample size. */
export function mincerFit(run: Run, tick: number): { ret: number; n: number; r2: number } {
  const { years, startAge } = schoolingYears(run);
  const { wage, index } = employedWages(run, tick);
  const age = run.column("persons", "age", tick);
  const edu = run.column("persons", "education", tick);
  const s: number[] = [];
  const x: number[] = [];
  const x2: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < index.length; j++) {
    const i = index[j];
    const school = years[Math.min(3, Math.max(0, edu[i]))];
    const exp = Math.max(0, age[i] - school - startAge);
    s.push(school);
    x.push(exp);
    x2.push(exp * exp);
    y.push(Math.log(wage[j]));
  }
  const fit = ols([s, x, x2], y);
  return { ret: fit.coef[1], n: fit.n, r2: fit.r2 };
}

/**
 * Mincer return to schooling: the coefficient on years of schooling in the least-squares fit
 * ln w = b₀ + r·S + b₂·X + b₃·X² among the employed with a positive wage (Mincer 1974,
 * "Schooling, experience, and earnings"), S the years of the completed education level (from the
 * scenario's `population_params.education`), X = age − S − school start age (potential
 * experience, at least 0); at each snapshot in the window, averaged over them.
 *
 * Target 0.05–0.12: the average private return to a year of schooling is about 9 % worldwide,
 * 5–12 % across regions (Psacharopoulos & Patrinos 2018, "Returns to investment in education: a
 * decennial review of the global literature", Education Economics 26:445).
 *
 * @param run The run (snapshots in the window).
 * @param opts Burn-in, window, snapshot tick.
 * @returns r, log points per year of schooling, or NaN with a note.
 */
export function mincerReturn(run: Run, opts: FactOptions = {}): Measure {
  const snaps = windowSnapshots(run, "persons", ["employment", "wage", "age", "education"], opts);
  if (typeof snaps === "string") return na(snaps);
  const rets: number[] = [];
  let n = 0;
  let r2 = 0;
  for (const t of snaps.ticks) {
    const fit = mincerFit(run, t);
    if (!Number.isFinite(fit.ret)) continue;
    rets.push(fit.ret);
    n += fit.n;
    r2 += fit.r2;
  }
  if (rets.length === 0) {
    return na(`schooling does not vary among the employed, or too few of them, at ${snaps.text}`);
  }
  return {
    value: mean(rets),
    note: `OLS of ln wage on schooling, experience, experience² among the employed, mean over ` +
      `${snaps.text} (${n} wages, mean R² ${(r2 / rets.length).toFixed(2)}); ` +
      schoolingYears(run).text,
  };
}

/**
 * Real wages follow labor productivity: growth per year of the real mean wage (`mean_wage` /
 * `cpi`) minus growth per year of labor productivity (`gdp_real` / `employment`), each the
 * least-squares slope of the daily log series over the window (at least three years after the
 * burn-in).
 *
 * Target −0.01 … +0.01 a year: over long spans real compensation grows with productivity and the
 * labor share is stable (Kaldor 1961, "Capital accumulation and economic growth"; Feldstein
 * 2008, "Did wages reflect growth in productivity?", J. Policy Modeling 30:591).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The gap in growth rates (share per year), or NaN with a note.
 */
export function wageProductivityGap(run: Run, opts: FactOptions = {}): Measure {
  const w = factWindow(run, opts, 3 * YEAR);
  if (typeof w === "string") return na(w);
  const s = kpiWindow(run, ["mean_wage", "cpi", "gdp_real", "employment"], w);
  if (typeof s === "string") return na(s);
  const ticks: number[] = [];
  const lw: number[] = [];
  const lp: number[] = [];
  for (let i = 0; i < s.ticks.length; i++) {
    const real = s.cols.mean_wage[i] / s.cols.cpi[i];
    const prod = s.cols.gdp_real[i] / s.cols.employment[i];
    if (!(real > 0 && prod > 0)) continue;
    ticks.push(s.ticks[i]);
    lw.push(Math.log(real));
    lp.push(Math.log(prod));
  }
  if (ticks.length < 3 * YEAR * 0.9) return na(`too few days with positive wages and output`);
  const gw = trendPerYear(ticks, lw).slope;
  const gp = trendPerYear(ticks, lp).slope;
  return {
    value: gw - gp,
    note: `real wage grows ${(100 * gw).toFixed(2)} % a year, productivity ` +
      `${(100 * gp).toFixed(2)} % (log-linear trends of daily mean_wage/cpi and ` +
      `gdp_real/employment over ${windowText(w)})`,
  };
}
