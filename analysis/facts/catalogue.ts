/**
 * The catalogue of stylized facts: for each, what it says, its target and source, its measure
 * and its figure. Measures and their doc comments (window, estimator, citation) live in the
 * topic files; this file only lists them in display order.
 * @module
 */
import { agePyramid, kpiLines, scatterFit } from "../plots.ts";
import type { Run } from "../run.ts";
import { mean, quantile } from "../stats.ts";
import { type FactOptions, type FactSpec, type Measure, notAvailable } from "./_common.ts";
import {
  ccdfPlot,
  cohortSurvivalPlot,
  cyclePlot,
  cycleScatter,
  kpiPlot,
  monthlyPlot,
  type Plotter,
} from "./_figures.ts";
import { kpiWindow, MONTH, windowSnapshots, windowText, YEAR } from "./_window.ts";
import {
  beveridgeCorrelation,
  consumptionCorrelation,
  consumptionVolatility,
  investmentCorrelation,
  investmentShare,
  investmentVolatility,
  okunCoefficient,
  outputVolatility,
} from "./cycle.ts";
import {
  dependencyRatio,
  householdSizeDrift,
  meanHouseholdSize,
  onePersonHouseholdShare,
  partneredShare,
} from "./demography.ts";
import {
  entrantSurvival,
  firmCountDrift,
  firmEntryRate,
  firmExitRate,
  firmGrowthRates,
  firmGrowthShape,
  firmSizes,
  firmSizeTailExponent,
} from "./firms.ts";
import { bankruptcyCorrelation, creditCorrelation } from "./finance.ts";
import {
  marketIncomeGini,
  publicSeparationRate,
  revenueShare,
  spendingShare,
  stabiliserCorrelation,
} from "./government.ts";
import { incomeGini, wealthGini } from "./inequality.ts";
import {
  ADOPTERS_PREFIX,
  bassImitationCoefficient,
  bassInnovationCoefficient,
  diffusionFits,
  productivityDispersion,
  productivityGrowth,
  technologyGrowth,
} from "./technology.ts";
import {
  jobFindingRate,
  jobToJobRate,
  layoffRate,
  mincerReturn,
  overtimeShare,
  schoolingYears,
  separationRate,
  unemploymentDrift,
  unemploymentDurationMean,
  unemploymentDurationMedian,
  unemploymentRate,
  unemploymentSpells,
  vacancyRate,
  vacancyYield,
  wageProductivityGap,
  wageRatio9010,
} from "./labor.ts";
import {
  impliedDurationMonths,
  inflationRate,
  priceChangeSize,
  priceCvNames,
  priceDispersion,
  priceSpellMonths,
} from "./prices.ts";

interface Entry {
  id: string;
  fact: string;
  target: [number, number];
  unit: string;
  source: string;
  measure: (run: Run, opts?: FactOptions) => Measure;
  plot: Plotter;
}

function spec(e: Entry): FactSpec {
  return { ...e, plot: (run, opts = {}) => e.plot(run, opts, e.target) };
}

/** The last snapshot of the window with table `table`, or a figure saying why there is none. */
function lastSnapshot(run: Run, table: string, cols: string[], opts: FactOptions) {
  const s = windowSnapshots(run, table, cols, opts);
  return typeof s === "string" ? notAvailable(s) : s.ticks[s.ticks.length - 1];
}

const sizeTail: Plotter = (run, opts, target) => {
  const t = lastSnapshot(run, "firms", ["employees"], opts);
  if (typeof t !== "number") return kpiPlot(["firm_size_tail_exponent"], "α")(run, opts, target);
  return ccdfPlot(
    () => firmSizes(run, t),
    "employees",
    `Firm sizes at snapshot ${t}, Hill α over the window`,
    (r, o) => firmSizeTailExponent(r, o).value,
  )(run, opts, target);
};

const pyramid: Plotter = (run, opts, target) => {
  const t = lastSnapshot(run, "persons", ["age", "sex"], opts);
  if (typeof t !== "number") return kpiPlot(["dependency_ratio"], "ratio")(run, opts, target);
  return agePyramid(run.agePyramid(t), { title: `Age pyramid at snapshot ${t}` });
};

const wages: Plotter = (run, opts, target) => {
  const t = lastSnapshot(run, "persons", ["employment", "wage"], opts);
  if (typeof t !== "number") return t;
  const status = run.column("persons", "employment", t);
  const wage = run.column("persons", "wage", t);
  return ccdfPlot(
    () => Array.from(wage).filter((_, i) => status[i] === 2),
    "daily wage of the employed",
    `Wages at snapshot ${t}, P90/P10 over the window`,
    (r, o) => wageRatio9010(r, o).value,
  )(run, opts, target);
};

const mincer: Plotter = (run, opts) => {
  const t = lastSnapshot(run, "persons", ["employment", "wage", "education"], opts);
  if (typeof t !== "number") return t;
  const { years } = schoolingYears(run);
  const status = run.column("persons", "employment", t);
  const wage = run.column("persons", "wage", t);
  const edu = run.column("persons", "education", t);
  const byLevel = years.map(() => [] as number[]);
  for (let i = 0; i < status.length; i++) {
    if (status[i] === 2 && wage[i] > 0) byLevel[Math.min(3, edu[i])].push(Math.log(wage[i]));
  }
  const x: number[] = [];
  const y: number[] = [];
  byLevel.forEach((l, k) => {
    if (l.length > 0) {
      x.push(years[k]);
      y.push(mean(l));
    }
  });
  if (x.length < 2) return notAvailable(`one education level among the employed at ${t}`);
  return scatterFit(x, y, {
    xLabel: "years of schooling",
    yLabel: "mean log daily wage",
    title: `Wages by schooling at snapshot ${t} (raw slope; the fact controls for experience)`,
  });
};

/** The Gini KPI over the window, else the CCDF of the amounts at the window's last snapshot. */
function giniPlot(
  kpi: string,
  table: string,
  column: string,
  label: string,
  value: (run: Run, opts: FactOptions) => number,
): Plotter {
  return (run, opts, target) => {
    if (run.hasKpi(kpi) && opts.tick === undefined) {
      return kpiPlot([kpi], "Gini")(run, opts, target);
    }
    const t = lastSnapshot(run, table, [column], opts);
    if (typeof t !== "number") return notAvailable(`no KPI ${kpi}; ${t.reason}`);
    return ccdfPlot(
      () => run.column(table, column, t),
      label,
      `${label} at snapshot ${t}, Gini over the window`,
      value,
    )(run, opts, target);
  };
}

/** Most diffusion curves one figure draws. */
const MAX_CURVES = 12;

/** The adopter shares of the nodes the Bass facts fit, day by day over the window. */
const adoption: Plotter = (run, opts) => {
  const d = diffusionFits(run, opts);
  if (typeof d === "string") return notAvailable(d);
  if (d.fits.length === 0) {
    return notAvailable(`no technology diffuses inside ${windowText(d.window)}`);
  }
  const names = d.fits.slice(0, MAX_CURVES).map((f) => ADOPTERS_PREFIX + f.node);
  const s = kpiWindow(run, names, d.window);
  if (typeof s === "string") return notAvailable(s);
  const median = (c: "p" | "q") => quantile(d.fits.map((f) => f.fit[c]), 0.5);
  const shown = d.fits.length > MAX_CURVES ? ` (${MAX_CURVES} of ${d.fits.length} shown)` : "";
  return kpiLines({ tick: s.ticks, ...s.cols }, names, {
    yLabel: "share of the sector's firms that adopted",
    caption: `${windowText(d.window)}; ${d.fits.length} nodes fitted${shown}, median p ${
      median("p").toPrecision(2)
    }, q ${median("q").toPrecision(2)}`,
  });
};

const u = "unemployment_rate";

/** Weeks of the ongoing unemployment spells in the window, or why there are none. */
const spellWeeks = (run: Run, opts: FactOptions) => {
  const s = unemploymentSpells(run, opts);
  return typeof s === "string" ? s : s.weeks;
};

/** Every fact {@linkcode facts} checks, in display order. */
export const FACTS: readonly FactSpec[] = [
  // Population
  spec({
    id: "dependency_ratio",
    fact: "Age pyramid: dependents (0–14, 65+) per working-age person",
    target: [0.35, 1.1],
    unit: "ratio",
    source: "UN World Population Prospects 2022",
    measure: dependencyRatio,
    plot: pyramid,
  }),
  spec({
    id: "household_size",
    fact: "Mean household size as in Europe",
    target: [2, 3],
    unit: "persons",
    source: "Eurostat EU-LFS lfst_hhantych, 2017–2021 (EU-27 2.3)",
    measure: meanHouseholdSize,
    plot: kpiPlot(["mean_household_size"], "persons per household"),
  }),
  spec({
    id: "household_size_drift",
    fact: "Household size does not drift",
    target: [-0.02, 0.02],
    unit: "share per year",
    source: "Eurostat lfst_hhantych: EU-27 2.4 → 2.3 over 2010–2018 (≈ −0.5 % a year)",
    measure: householdSizeDrift,
    plot: kpiPlot(["mean_household_size"], "persons per household", false),
  }),
  spec({
    id: "one_person_households",
    fact: "A third of households are one person",
    target: [0.2, 0.52],
    unit: "share",
    source: "Eurostat EU-LFS lfst_hhnhtych, 2016–2017 (EU-28 33.6 %; Malta 20 %, Sweden 52 %)",
    measure: onePersonHouseholdShare,
    plot: kpiPlot(["one_person_household_share"], "share of households"),
  }),
  spec({
    id: "partnered_share",
    fact: "Half to two thirds of adults live with a partner",
    target: [0.45, 0.7],
    unit: "share",
    source: "OECD Family Database, SF3.3",
    measure: partneredShare,
    plot: kpiPlot(["partnered_share"], "share of adults"),
  }),
  // Firms
  spec({
    id: "firm_size_tail",
    fact: "Firm sizes follow Zipf's law (Pareto tail exponent about 1)",
    target: [0.8, 1.4],
    unit: "alpha",
    source: "Axtell 2001, Science 293:1818",
    measure: firmSizeTailExponent,
    plot: sizeTail,
  }),
  spec({
    id: "firm_growth_shape",
    fact: "Firm growth rates have Laplace tails (Subbotin b about 1)",
    target: [0.6, 1.4],
    unit: "Subbotin b",
    source: "Bottazzi & Secchi 2006, RAND J. Econ. 37:235",
    measure: firmGrowthShape,
    plot: ccdfPlot(
      (run, opts) => {
        const g = firmGrowthRates(run, opts);
        return typeof g === "string" ? g : Array.from(g.growth, Math.abs);
      },
      "|annual log growth of employees| (demeaned)",
      "Firm growth rates, Subbotin b",
      (r, o) => firmGrowthShape(r, o).value,
    ),
  }),
  spec({
    id: "firm_entry_rate",
    fact: "Firm entry rate per year",
    target: [0.05, 0.2],
    unit: "per year",
    source: "Bartelsman, Haltiwanger & Scarpetta 2009, in Producer Dynamics (NBER) 15–76",
    measure: firmEntryRate,
    plot: monthlyPlot(
      ["firm_entries", "firms"],
      (m) => (m.firm_entries / m.firms) * YEAR,
      "entry rate",
      "entrants per firm per year",
    ),
  }),
  spec({
    id: "firm_exit_rate",
    fact: "Firm exit rate per year",
    target: [0.05, 0.2],
    unit: "per year",
    source: "Bartelsman, Haltiwanger & Scarpetta 2009, in Producer Dynamics (NBER) 15–76",
    measure: firmExitRate,
    plot: monthlyPlot(
      ["firm_exits", "firms"],
      (m) => (m.firm_exits / m.firms) * YEAR,
      "exit rate",
      "exits per firm per year",
    ),
  }),
  spec({
    id: "entrant_survival",
    fact: "About four in five entrants are in business a year later",
    target: [0.7, 0.9],
    unit: "share",
    source: "Knaup 2005, Monthly Labor Review 128(5):50 (BLS Business Employment Dynamics)",
    measure: entrantSurvival,
    plot: cohortSurvivalPlot(),
  }),
  spec({
    id: "firm_count_drift",
    fact: "The number of firms does not drift",
    target: [-0.02, 0.02],
    unit: "share per year",
    source: "stationarity; US employer firms +≈1 % a year (Census BDS 1978–2019)",
    measure: firmCountDrift,
    plot: kpiPlot(["firms"], "firms", false),
  }),
  // Prices
  spec({
    id: "price_dispersion",
    fact: "Identical goods sell at different prices (within-good CV)",
    target: [0.05, 0.5],
    unit: "CV",
    source: "Kaplan & Menzio 2015, Int. Econ. Review 56:1165",
    measure: priceDispersion,
    plot: (run, opts, target) => {
      const names = priceCvNames(run);
      if (names.length === 0) return notAvailable("the run has no price_cv_<good> KPIs");
      return kpiPlot(names, "coefficient of variation")(run, opts, target);
    },
  }),
  spec({
    id: "price_spell",
    fact: "Prices stay unchanged for months (implied spell duration)",
    target: [3, 12],
    unit: "months",
    source: "Bils & Klenow 2004, JPE 112:947 (4.3); Nakamura & Steinsson 2008, QJE 123:1415 (8–11)",
    measure: priceSpellMonths,
    plot: monthlyPlot(
      ["price_changes", "firms"],
      (m) => impliedDurationMonths(1 - Math.pow(1 - m.price_changes / m.firms, MONTH)),
      "implied spell",
      "months",
    ),
  }),
  spec({
    id: "price_change_size",
    fact: "Price changes are large (mean |Δ log p|)",
    target: [0.05, 0.15],
    unit: "log points",
    source: "Klenow & Kryvtsov 2008, QJE 123:863; Nakamura & Steinsson 2008, QJE 123:1415",
    measure: priceChangeSize,
    plot: kpiPlot(["price_change_size"], "mean |Δ log p| of the day's changes"),
  }),
  spec({
    id: "inflation",
    fact: "Annual inflation in the usual band",
    target: [-0.02, 0.1],
    unit: "share",
    source: "IMF World Economic Outlook, advanced economies 1990–2019",
    measure: inflationRate,
    plot: kpiPlot(["inflation_annual"], "annual inflation"),
  }),
  // Labor market
  spec({
    id: "unemployment",
    fact: "Unemployment rate in the usual band",
    target: [0.03, 0.15],
    unit: "share",
    source: "OECD Labour Force Statistics, 1990–2019",
    measure: unemploymentRate,
    plot: kpiPlot([u], "unemployment rate"),
  }),
  spec({
    id: "unemployment_drift",
    fact: "Unemployment does not drift",
    target: [-0.5, 0.5],
    unit: "points per year",
    source: "OECD Labour Force Statistics; Blanchard & Summers 1986, NBER Macro Annual 1:15",
    measure: unemploymentDrift,
    plot: kpiPlot([u], "unemployment rate", false),
  }),
  spec({
    id: "unemployment_duration_mean",
    fact: "Mean duration of ongoing unemployment spells",
    target: [12, 40],
    unit: "weeks",
    source: "BLS CPS LNU03008275, annual averages 1990–2019 (12–39, about 20)",
    measure: unemploymentDurationMean,
    plot: ccdfPlot(
      spellWeeks,
      "weeks unemployed so far",
      "Ongoing unemployment spells, mean",
      (r, o) => unemploymentDurationMean(r, o).value,
    ),
  }),
  spec({
    id: "unemployment_duration_median",
    fact: "Median duration of ongoing unemployment spells",
    target: [5, 22],
    unit: "weeks",
    source: "BLS CPS LNU03008276, annual averages 1990–2019 (5–21, about 9)",
    measure: unemploymentDurationMedian,
    plot: ccdfPlot(
      spellWeeks,
      "weeks unemployed so far",
      "Ongoing unemployment spells, median",
      (r, o) => unemploymentDurationMedian(r, o).value,
    ),
  }),
  spec({
    id: "separation_rate",
    fact: "Monthly separation rate (all job endings per employee)",
    target: [0.025, 0.05],
    unit: "per month",
    source: "BLS JOLTS 2001–2019; Shimer 2012, Rev. Econ. Dynamics 15:127",
    measure: separationRate,
    plot: monthlyPlot(
      ["quits", "layoffs", "job_to_job", "closure_layoffs", "employment"],
      (m) => ((m.quits + m.layoffs + m.job_to_job + m.closure_layoffs) / m.employment) * MONTH,
      "separation rate",
      "separations per employee per month",
    ),
  }),
  spec({
    id: "layoff_rate",
    fact: "Monthly layoff rate (layoffs and closures per employee)",
    target: [0.01, 0.02],
    unit: "per month",
    source: "BLS JOLTS 2001–2019 (layoffs and discharges); Davis, Faberman & Haltiwanger 2012, " +
      "J. Monetary Econ. 59:1",
    measure: layoffRate,
    plot: monthlyPlot(
      ["layoffs", "closure_layoffs", "employment"],
      (m) => ((m.layoffs + m.closure_layoffs) / m.employment) * MONTH,
      "layoff rate",
      "layoffs per employee per month",
    ),
  }),
  spec({
    id: "job_to_job_rate",
    fact: "Monthly job-to-job rate (moves straight to another employer per employee)",
    target: [0.012, 0.035],
    unit: "per month",
    source: "Fallick & Fleischman 2004, FEDS 2004-34 (CPS, ≈ 2.6 %); Fujita, Moscarini & " +
      "Postel-Vinay 2024, AEJ: Macroeconomics",
    measure: jobToJobRate,
    plot: monthlyPlot(
      ["job_to_job", "employment"],
      (m) => (m.job_to_job / m.employment) * MONTH,
      "job-to-job rate",
      "moves per employee per month",
    ),
  }),
  spec({
    id: "job_finding_rate",
    fact: "Monthly job-finding probability of the unemployed",
    target: [0.05, 0.6],
    unit: "per month",
    source: "Shimer 2005, AER 95:25 (US ≈ 0.45); Elsby, Hobijn & Şahin 2013, REStat 95:530",
    measure: jobFindingRate,
    plot: monthlyPlot(
      ["hires", "job_to_job", "unemployed"],
      (m) => 1 - Math.pow(1 - (m.hires - m.job_to_job) / m.unemployed, MONTH),
      "job-finding rate",
      "probability of a job within a month",
    ),
  }),
  spec({
    id: "vacancy_rate",
    fact: "Job openings are a few percent of jobs",
    target: [0.01, 0.075],
    unit: "share",
    source: "BLS JOLTS 2001–2023 (US job openings rate 1.7–7.4 %); Eurostat job vacancy " +
      "statistics 2010–2023 (EU 1–3 %)",
    measure: vacancyRate,
    plot: kpiPlot(["vacancy_rate"], "vacancy rate"),
  }),
  spec({
    id: "overtime_share",
    fact: "Overtime is a few percent of hours worked",
    target: [0.01, 0.06],
    unit: "share",
    source: "Carr 1986, Monthly Labor Review 109(11) (CPS May 1985: about 2.7 % of hours at " +
      "premium pay); BLS Current Employment Statistics (manufacturing 7–12 %, 1990–2019)",
    measure: overtimeShare,
    plot: kpiPlot(["overtime_share"], "overtime / hours worked"),
  }),
  spec({
    id: "vacancy_yield",
    fact: "Job openings fill in about a month (hires per opening per month)",
    target: [0.8, 1.7],
    unit: "per month",
    source: "BLS JOLTS 2001–2019 (hires over job openings, ≈ 0.8–1.6); Davis, Faberman & " +
      "Haltiwanger 2013, QJE 128:581",
    measure: vacancyYield,
    plot: monthlyPlot(
      ["hires", "vacancies"],
      (m) => (m.hires / m.vacancies) * MONTH,
      "vacancy yield",
      "hires per opening per month",
    ),
  }),
  spec({
    id: "beveridge",
    fact: "Beveridge curve: unemployment and vacancies move in opposite directions",
    target: [-1, -0.2],
    unit: "correlation",
    source: "Shimer 2005, AER 95:25; Elsby, Michaels & Ratner 2015, J. Econ. Lit. 53:571",
    measure: beveridgeCorrelation,
    plot: cycleScatter([], [u, "vacancy_rate"], u, "vacancy_rate", {
      x: "unemployment gap, points",
      y: "vacancy gap, points",
      title: "Beveridge curve, HP cycles (target: negative)",
    }, 100),
  }),
  spec({
    id: "okun",
    fact: "Okun's law: output above trend, unemployment below",
    target: [-0.6, -0.15],
    unit: "points per % of output",
    source: "Ball, Leigh & Loungani 2017, J. Money Credit Banking 49:1413; Okun 1962",
    measure: okunCoefficient,
    plot: cycleScatter(["gdp_real"], [u], "gdp_real", u, {
      x: "output gap, % of trend",
      y: "unemployment gap, points",
      title: "Okun's law in gaps (target slope −0.6 … −0.15)",
    }, 100),
  }),
  // Credit and default (runs with banks)
  spec({
    id: "credit_procyclical",
    fact: "Credit is procyclical: real bank credit moves with output",
    target: [0.1, 1],
    unit: "correlation",
    source: "Schularick & Taylor 2012, AER 102:1029; Jordà, Schularick & Taylor 2013, " +
      "J. Money Credit Banking 45(s2):3; Claessens, Kose & Terrones 2012, J. Int. Econ. 87:178",
    measure: creditCorrelation,
    plot: cyclePlot("credit"),
  }),
  spec({
    id: "bankruptcies_countercyclical",
    fact: "Bankruptcies are countercyclical: firms fail more in downturns",
    target: [-1, -0.1],
    unit: "correlation",
    source: "Platt & Platt 1994, J. Econ. Business 46:113; Dosi, Fagiolo, Napoletano & " +
      "Roventini 2013, JEDC 37:1598",
    measure: bankruptcyCorrelation,
    plot: cycleScatter(["gdp_real"], ["firm_insolvencies"], "gdp_real", "firm_insolvencies", {
      x: "output gap, % of trend",
      y: "insolvent exits per day, gap",
      title: "Bankruptcies over the cycle (target: negative)",
    }),
  }),
  // The fiscal state (runs with a government)
  spec({
    id: "automatic_stabilisers",
    fact: "Automatic stabilisers: the deficit rises when unemployment rises",
    target: [0.2, 1],
    unit: "correlation",
    source: "Price, Dang & Botev 2015, OECD Economics WP 1275; Fatás & Mihov 2001, J. Int. " +
      "Econ. 55:3",
    measure: stabiliserCorrelation,
    plot: monthlyPlot(
      ["gov_balance", "gdp_nominal"],
      (m) => -m.gov_balance / m.gdp_nominal,
      "deficit / GDP",
      "share of nominal GDP",
    ),
  }),
  spec({
    id: "government_revenue",
    fact: "Government revenue as a share of GDP",
    target: [0.17, 0.47],
    unit: "share",
    source: "OECD Revenue Statistics 2023 (tax-to-GDP ratios, 2022)",
    measure: revenueShare,
    plot: monthlyPlot(
      ["gov_revenue", "gdp_nominal"],
      (m) => m.gov_revenue / m.gdp_nominal,
      "revenue / GDP",
      "share of nominal GDP",
    ),
  }),
  spec({
    id: "government_spending",
    fact: "Government spending as a share of GDP",
    target: [0.25, 0.58],
    unit: "share",
    source: "OECD Government at a Glance 2023 (general government expenditure, 2022)",
    measure: spendingShare,
    plot: monthlyPlot(
      ["gov_spending", "gdp_nominal"],
      (m) => m.gov_spending / m.gdp_nominal,
      "spending / GDP",
      "share of nominal GDP",
    ),
  }),
  spec({
    id: "market_income_gini",
    fact: "Market income is more unequal than disposable income",
    target: [0.38, 0.55],
    unit: "Gini",
    source: "OECD Income Distribution Database (Gini of market income, total population)",
    measure: marketIncomeGini,
    plot: kpiPlot(["gini_market_income", "gini_income"], "Gini"),
  }),
  spec({
    id: "public_separation_rate",
    fact: "Public employees leave their jobs less than private ones",
    target: [0.01, 0.025],
    unit: "per month",
    source: "BLS JOLTS 2001–2019 (government separations); Bradley, Postel-Vinay & Turon " +
      "2017, JEEA 15:1214",
    measure: publicSeparationRate,
    plot: monthlyPlot(
      ["public_separations", "public_employees"],
      (m) => (m.public_separations / m.public_employees) * MONTH,
      "public separation rate",
      "separations per public employee per month",
    ),
  }),
  // Technical change (runs with the technology system)
  spec({
    id: "productivity_growth",
    fact: "Labor productivity grows 1–2.5 % a year",
    target: [0.01, 0.025],
    unit: "per year",
    source: "Bergeaud, Cette & Lecat 2016, Rev. Income Wealth 62:420; Conference Board Total " +
      "Economy Database (Performance 2008); OECD Productivity Statistics",
    measure: productivityGrowth,
    plot: kpiPlot(["labor_productivity"], "real value added per worker per day", false),
  }),
  spec({
    id: "technology_growth",
    fact: "Technology embodied in machines raises labor productivity 1–2.5 % a year",
    target: [0.01, 0.025],
    unit: "per year",
    source: "Uzawa 1961, REStud 28:117 (balanced growth); Bergeaud, Cette & Lecat 2016, Rev. " +
      "Income Wealth 62:420; Jones 2016, Handbook of Macroeconomics 2A",
    measure: technologyGrowth,
    plot: kpiPlot(["embodied_productivity"], "labor productivity multiplier of machines", false),
  }),
  spec({
    id: "bass_innovation_p",
    fact: "Technologies diffuse as in the Bass model: coefficient of innovation p",
    target: [0.001, 0.05],
    unit: "per year",
    source: "Bass 1969, Management Sci. 15:215; Sultan, Farley & Lehmann 1990, J. Marketing " +
      "Res. 27:70 (mean 0.03); Mahajan, Muller & Bass 1995, Marketing Sci. 14:G79",
    measure: bassInnovationCoefficient,
    plot: adoption,
  }),
  spec({
    id: "bass_imitation_q",
    fact: "Technologies diffuse as in the Bass model: coefficient of imitation q",
    target: [0.1, 1],
    unit: "per year",
    source: "Bass 1969, Management Sci. 15:215; Sultan, Farley & Lehmann 1990, J. Marketing " +
      "Res. 27:70 (mean 0.38); Mahajan, Muller & Bass 1995, Marketing Sci. 14:G79",
    measure: bassImitationCoefficient,
    plot: adoption,
  }),
  spec({
    id: "productivity_dispersion",
    fact: "Firms of a sector differ widely in productivity (90/10 TFP ratio)",
    target: [1.8, 4],
    unit: "ratio",
    source: "Syverson 2011, J. Econ. Lit. 49:326 (US manufacturing 1.92); Hsieh & Klenow 2009, " +
      "QJE 124:1403 (China ≈ 5, India ≈ 7)",
    measure: productivityDispersion,
    plot: kpiPlot(["tfp_dispersion"], "90/10 TFP ratio, mean over sectors"),
  }),
  // Wages
  spec({
    id: "wage_p90_p10",
    fact: "Wage inequality among the employed (P90/P10)",
    target: [2.3, 5],
    unit: "ratio",
    source: "OECD Earnings Database, decile ratios 2000–2019",
    measure: wageRatio9010,
    plot: wages,
  }),
  spec({
    id: "mincer_return",
    fact: "Return to a year of schooling (Mincer regression)",
    target: [0.05, 0.12],
    unit: "log points per year",
    source: "Psacharopoulos & Patrinos 2018, Education Economics 26:445; Mincer 1974",
    measure: mincerReturn,
    plot: mincer,
  }),
  spec({
    id: "wage_productivity_gap",
    fact: "Real wages grow with labor productivity",
    target: [-0.01, 0.01],
    unit: "per year",
    source: "Kaldor 1961; Feldstein 2008, J. Policy Modeling 30:591",
    measure: wageProductivityGap,
    plot: kpiPlot(["mean_wage", "gdp_real"], "level (own units)", false),
  }),
  // Business cycle
  spec({
    id: "investment_share",
    fact: "Investment's share of output",
    target: [0.15, 0.25],
    unit: "share",
    source: "World Bank WDI NE.GDI.TOTL.ZS, 1990–2019",
    measure: investmentShare,
    plot: monthlyPlot(
      ["investment_nominal", "gdp_nominal"],
      (m) => m.investment_nominal / m.gdp_nominal,
      "investment / GDP",
      "share of nominal GDP",
    ),
  }),
  spec({
    id: "output_volatility",
    fact: "Output fluctuates by one to two percent around its trend",
    target: [0.008, 0.03],
    unit: "sd of log cycle",
    source:
      "King & Rebelo 1999, Handbook of Macroeconomics 1B:927, Table 1 (1.81 %); Backus, Kehoe " +
      "& Kydland 1992, JPE 100:745",
    measure: outputVolatility,
    plot: cyclePlot("gdp_real"),
  }),
  spec({
    id: "investment_volatility",
    fact: "Investment is about three times as volatile as output",
    target: [2, 4.5],
    unit: "sd ratio",
    source: "King & Rebelo 1999, Handbook of Macroeconomics 1B:927, Table 1 (2.93)",
    measure: investmentVolatility,
    plot: cyclePlot("investment_real"),
  }),
  spec({
    id: "consumption_volatility",
    fact: "Consumption is smoother than output",
    target: [0.4, 1],
    unit: "sd ratio",
    source: "King & Rebelo 1999, Handbook of Macroeconomics 1B:927, Table 1 (0.74)",
    measure: consumptionVolatility,
    plot: cyclePlot("consumption_real"),
  }),
  spec({
    id: "consumption_procyclical",
    fact: "Consumption moves with output",
    target: [0.5, 1],
    unit: "correlation",
    source: "King & Rebelo 1999, Handbook of Macroeconomics 1B:927, Table 1 (0.76)",
    measure: consumptionCorrelation,
    plot: cyclePlot("consumption_real"),
  }),
  spec({
    id: "investment_procyclical",
    fact: "Investment moves with output",
    target: [0.5, 1],
    unit: "correlation",
    source: "King & Rebelo 1999, Handbook of Macroeconomics 1B:927, Table 1 (0.79)",
    measure: investmentCorrelation,
    plot: cyclePlot("investment_real"),
  }),
  // Inequality
  spec({
    id: "wealth_gini",
    fact: "Wealth is very unequal",
    target: [0.6, 0.85],
    unit: "Gini",
    source: "Davies, Sandström, Shorrocks & Wolff 2011, Economic Journal 121:223",
    measure: wealthGini,
    plot: giniPlot("gini_wealth", "persons", "wealth", "wealth", (r, o) => wealthGini(r, o).value),
  }),
  spec({
    id: "income_gini",
    fact: "Income is moderately unequal",
    target: [0.25, 0.5],
    unit: "Gini",
    source: "Luxembourg Income Study; OECD Income Distribution Database",
    measure: incomeGini,
    plot: giniPlot(
      "gini_income",
      "households",
      "permanent_income",
      "household permanent income",
      (r, o) => incomeGini(r, o).value,
    ),
  }),
];
