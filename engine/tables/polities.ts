/**
 * Polities: one row per polity (a region of tiles with its own government). The row holds the
 * government's account, its debt, the levers of its policy and the budget items of the day,
 * from which bookkeeping proves the budget identity every tick.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The budget items, revenue first; `flows` holds today's amount of each. */
export const BUDGET_ITEMS = [
  "income_tax",
  "social_contributions",
  "employer_contributions",
  "vat",
  "profit_tax",
  "public_dividends",
  "unemployment_benefits",
  "pensions",
  "child_benefits",
  "public_employment",
  "education_staff",
  "education_goods",
  "public_purchases",
  "public_investment",
  "interest",
  "bank_support",
] as const;
/** Index of each budget item. */
export const ITEM = Object.fromEntries(BUDGET_ITEMS.map((k, i) => [k, i])) as {
  readonly [K in typeof BUDGET_ITEMS[number]]: number;
};
/** Items 0..REVENUE_ITEMS-1 are revenue, the rest spending. */
export const REVENUE_ITEMS = 6;

const money = (doc: string) => ({ type: "f64" as const, unit: "currency", doc });
const lever = (doc: string, unit = "share") => ({ type: "f64" as const, unit, doc, min: 0 });

/** The polities table. */
export const polities = defineTable(
  "polities",
  "Polities and the fiscal state of their governments (systems.government).",
  {
    money: {
      type: "f64",
      unit: "currency",
      doc: "The government's account (held at the central bank).",
      money: true,
      min: 0,
      stock: true,
    },
    debt: {
      type: "f64",
      unit: "currency",
      doc: "Debt: ways-and-means advances from the central bank, or bonds when banks run.",
      min: 0,
      stock: true,
    },
    public_capital: {
      type: "f64",
      unit: "currency",
      doc: "Public capital stock at purchase prices (infrastructure will use it).",
      min: 0,
      stock: true,
    },
    investment_planned: {
      type: "f64",
      unit: "currency",
      doc: "Public investment ordered (each day's investment_share, invest_public) and not yet " +
        "bought.",
      min: 0,
    },
    income_tax_scale: lever("Multiplier of every income-tax bracket rate.", "multiple"),
    contribution_rate: lever("Employees' social contributions, share of gross wages."),
    employer_contribution_rate: lever(
      "Employers' social contributions, share of gross wages, paid on top of them.",
    ),
    vat_rate: lever("Value-added tax, share of the price before tax."),
    profit_tax_rate: lever("Tax on positive profits."),
    unemployment_replacement: lever("Unemployment benefit, share of the last wage."),
    unemployment_days: lever("Days an unemployment spell is paid.", "days"),
    pension_replacement: lever("Pension, share of the career-average wage."),
    pension_floor: lever("Lowest pension, share of the average wage."),
    child_benefit: lever("Benefit per child per day, share of the average daily wage."),
    purchases_share: lever(
      "Public consumption outside education (staff and goods), share of trend GDP.",
    ),
    education_share: lever(
      "Public spending on education (staff and goods), share of trend GDP.",
    ),
    investment_share: lever("Public investment ordered each day, share of trend GDP."),
    students: { type: "i32", unit: "persons", doc: "Students among the residents today.", min: 0 },
    education_reference: lever(
      "Education spending per student over trend GDP per resident at the start of the run.",
      "ratio",
    ),
    education_effort: lever(
      "Education spending per student over trend GDP per resident, an exponential mean over " +
        "the years of primary and secondary school (what a cohort reaching the end of secondary " +
        "school was taught with).",
      "ratio",
    ),
    average_wage: money("Average daily wage of the polity's employed (a 90-day mean)."),
    gdp_today: money(
      "Value added of the polity's firms today plus VAT and its public pay (GDP at market prices).",
    ),
    gdp_trend: money("Trend of daily GDP (a one-year exponential mean)."),
    flows: {
      type: "f64",
      width: BUDGET_ITEMS.length,
      unit: "currency/day",
      doc: `Today's budget items: ${BUDGET_ITEMS.join(", ")}.`,
      min: 0,
    },
    money_open: money("The account at the start of today (for the budget identity)."),
    borrowed: lever("Borrowed from the central bank today.", "currency/day"),
    repaid: lever("Debt repaid today.", "currency/day"),
    revenue_trend: money("Trend of daily revenue (a one-year exponential mean)."),
    spending_trend: money("Trend of daily spending (a one-year mean); sets the cash buffer."),
    unspent: money(
      "Public purchases and education budgeted today that the market could not supply.",
    ),
    unspent_trend: money("Trend of the unspent purchases (a one-year mean)."),
    unemployment_year: lever("Unemployment rate, a one-year exponential mean."),
    unemployment_trend: lever("Unemployment rate, a five-year exponential mean."),
    persons: { type: "i32", unit: "persons", doc: "Residents today.", min: 0 },
    unemployment: lever("Unemployment rate today."),
    price_level: lever("Consumer price index (100: base-period prices).", "index"),
    inflation: { type: "f64", unit: "per year", doc: "Inflation (a 90-day mean of daily rates)." },
    income_real: lever("Real disposable income per resident today.", "base currency/day"),
    income_growth: {
      type: "f64",
      unit: "per year",
      doc: "Growth of real disposable income per resident (a 90-day mean of daily rates).",
    },
    approval: { type: "f64", unit: "share", doc: "Approval of the government.", min: 0, max: 1 },
  },
);
