/**
 * Government KPIs, set at the end of the government's daily update (all polities together;
 * each polity's own figures are its row of the `polities` table): revenue, spending and the
 * balance, debt and debt/GDP, shares of GDP, the effective income-tax rate, approval, the
 * education effort, the bonds' coupon, public employment, inequality of market and disposable income, poverty
 * and households without income. Each
 * budget item's amount is the ledger's `flow_<item>` KPI.
 *
 * @module
 */
import type { KpiSpec } from "../../core/kpis.ts";
import { derived, scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import { ITEM } from "../../tables/polities.ts";
import type { SimWorld } from "../../world.ts";
import { HELD_DOC, Histogram, measuresDistribution, setHeldKpi } from "../economy/distribution.ts";
import { equivalised, householdIncome, publicPay } from "../economy/economy_stats.ts";
import { revenueToday, spendingToday } from "./budget.ts";
import { PUBLIC_SEPARATIONS } from "../economy/labor_market.ts";

/** The government KPIs, in the order {@link governmentKpis} sets them. */
export const GOVERNMENT_KPIS: KpiSpec[] = [
  { name: "gov_revenue", unit: "currency/day", doc: "Taxes and contributions collected today." },
  {
    name: "gov_spending",
    unit: "currency/day",
    doc: "Public pay, transfers, purchases and investment today.",
  },
  { name: "gov_balance", unit: "currency/day", doc: "Revenue less spending today (< 0: deficit)." },
  { name: "gov_debt", unit: "currency", doc: "Debt of all governments." },
  { name: "gov_debt_gdp", unit: "ratio", doc: "Debt over a year of trend GDP." },
  {
    name: "gov_revenue_gdp",
    unit: "share",
    doc: "Revenue over GDP, both as one-year exponential means.",
  },
  {
    name: "gov_spending_gdp",
    unit: "share",
    doc: "Spending over GDP, both as one-year exponential means.",
  },
  {
    name: "gov_balance_gdp",
    unit: "share",
    doc: "Trend balance (one-year mean) over trend GDP (< 0: deficit).",
  },
  {
    name: "income_tax_rate",
    unit: "share",
    doc: "Effective income-tax rate: income tax over gross wages (public pay included) today.",
  },
  { name: "approval", unit: "share", doc: "Approval of the governments, weighted by residents." },
  {
    name: "education_effort",
    unit: "ratio",
    doc: "Education spending per student over GDP per resident (a mean over the school years), " +
      "relative to the start, weighted by residents (1: the schools the scenario starts with).",
  },
  {
    name: "bond_coupon",
    unit: "per year",
    doc: "Average coupon of the government bonds outstanding (NaN without bonds: banks off).",
  },
  { name: "public_employees", unit: "persons", doc: "Persons employed by public agencies." },
  {
    name: "public_employment_share",
    unit: "share",
    doc: "Public employees over all employed persons.",
  },
  { name: "public_vacancies", unit: "jobs", doc: "Open vacancies of public agencies." },
  {
    name: "public_separations",
    unit: "persons",
    doc: "Public employees who left their job today in the labor market: quits, dismissals, " +
      "layoffs and moves to another employer (not retirements or deaths).",
  },
  {
    name: "gini_market_income",
    unit: "0..1",
    doc: "Gini of households' market income (before taxes and transfers) over persons, " +
      "equivalised by the square root of household size." + HELD_DOC,
  },
  {
    name: "poverty_rate",
    unit: "share",
    doc: "Persons in households whose equivalised disposable income (square-root scale) is " +
      "below 60% of the median (the EU's at-risk-of-poverty line; the EU equivalises with the " +
      "modified OECD scale, which needs the members' ages)." + HELD_DOC,
  },
  {
    name: "households_without_income",
    unit: "share",
    doc: "Households with no disposable income (permanent income below 1% of the average wage)." +
      HELD_DOC,
  },
];

/** Sets the government KPIs (`k`: their indices in the registry). */
export function governmentKpis(world: SimWorld, k: Int32Array): void {
  const v = world.kpis.values;
  const Pol = world.tables.polities;
  const pol = Pol.col;
  const W = Pol.widths.flows;
  let revenue = 0;
  let spending = 0;
  let debt = 0;
  let gdp = 0;
  let revenueTrend = 0;
  let spendingTrend = 0;
  let approval = 0;
  let effort = 0;
  let residents = 0;
  let wageRef = 0;
  for (let q = 0; q < Pol.length; q++) {
    revenue += revenueToday(world, q);
    spending += spendingToday(world, q);
    debt += pol.debt[q];
    gdp += pol.gdp_trend[q];
    revenueTrend += pol.revenue_trend[q];
    spendingTrend += pol.spending_trend[q];
    approval += pol.approval[q] * pol.persons[q];
    const ref = pol.education_reference[q];
    effort += (ref > 0 ? pol.education_effort[q] / ref : 1) * pol.persons[q];
    residents += pol.persons[q];
    wageRef += pol.average_wage[q] * pol.persons[q];
  }
  let i = 0;
  v[k[i++]] = revenue;
  v[k[i++]] = spending;
  v[k[i++]] = revenue - spending;
  v[k[i++]] = debt;
  v[k[i++]] = gdp > 0 ? debt / (365 * gdp) : NaN;
  v[k[i++]] = gdp > 0 ? revenueTrend / gdp : NaN;
  v[k[i++]] = gdp > 0 ? spendingTrend / gdp : NaN;
  v[k[i++]] = gdp > 0 ? (revenueTrend - spendingTrend) / gdp : NaN;
  const wages = world.ledger.flows[FLOW.wages] + publicPay(world);
  let incomeTax = 0;
  for (let q = 0; q < Pol.length; q++) incomeTax += pol.flows[q * W + ITEM.income_tax];
  v[k[i++]] = wages > 0 ? incomeTax / wages : NaN;
  v[k[i++]] = residents > 0 ? approval / residents : NaN;
  v[k[i++]] = residents > 0 ? effort / residents : NaN;
  const Bo = world.tables.bonds;
  let coupons = 0;
  let principal = 0;
  for (let r = 0; r < Bo.length; r++) {
    coupons += Bo.col.coupon[r] * Bo.col.principal[r];
    principal += Bo.col.principal[r];
  }
  v[k[i++]] = principal > 0 ? coupons / principal : NaN;
  const A = world.tables.agencies;
  let staff = 0;
  let openings = 0;
  for (let a = 0; a < A.length; a++) {
    staff += A.col.employees[a];
    openings += A.col.vacancies[a];
  }
  const F = world.tables.firms;
  let employed = staff;
  for (let f = 0; f < F.length; f++) employed += F.col.employees[f];
  v[k[i++]] = staff;
  v[k[i++]] = employed > 0 ? staff / employed : NaN;
  v[k[i++]] = openings;
  v[k[i++]] = scratch(world, PUBLIC_SEPARATIONS, Float64Array, 1)[0];
  // Measured every `logging.distribution_days` (else held), as the economy's Ginis.
  const measured = measuresDistribution(world);
  const d = scratch(world, "government.distribution", Float64Array, 3);
  if (measured) incomeDistribution(world, residents > 0 ? wageRef / residents : 0, d);
  for (let j = 0; j < 3; j++) setHeldKpi(world, measured, k[i++], d[j]);
}

/**
 * The Gini of market income, the poverty rate and the share of households without income, into
 * `out`.
 */
function incomeDistribution(world: SimWorld, averageWage: number, out: Float64Array): void {
  const Hh = world.tables.households;
  const hc = Hh.col;
  const nh = Hh.length;
  const hist = derived(world, "government.histogram", () => new Histogram());
  const market = scratch(world, "government.marketIncome", Float64Array, nh);
  equivalised(hc.market_income, hc.size, nh, market);
  hist.fill(market, nh, hc.size);
  const gini = hist.gini();
  let none = 0;
  for (let h = 0; h < nh; h++) if (!(hc.permanent_income[h] > 0.01 * averageWage)) none++;
  const disposable = householdIncome(world);
  const line = 0.6 * disposable.hist.quantile(0.5);
  let poor = 0;
  let persons = 0;
  for (let h = 0; h < nh; h++) {
    persons += hc.size[h];
    if (disposable.values[h] < line) poor += hc.size[h];
  }
  out[0] = gini;
  out[1] = persons > 0 ? poor / persons : NaN;
  out[2] = nh > 0 ? none / nh : NaN;
}
