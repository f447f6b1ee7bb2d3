/**
 * Firms: one product each, owned by a household. Vector columns are sized by the scenario's
 * goods (`width: "goods"`).
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The firms table. */
export const firms = defineTable("firms", "Firms: production, prices, jobs and cash.", {
  sector: { type: "u8", unit: "index", doc: "Sector (index into economy.sectors)." },
  product: { type: "u8", unit: "index", doc: "Good the firm makes (index into economy.goods)." },
  tile: { type: "i32", ref: "tiles", unit: "id", doc: "Tile of the firm's site." },
  owner: { type: "i32", ref: "households", unit: "id", doc: "Owning household." },
  outside_share: {
    type: "f32",
    unit: "share",
    doc: "Share of the firm's equity the equity fund holds; the owner holds the rest.",
    min: 0,
    max: 1,
  },
  founded: { type: "i32", unit: "tick", doc: "Tick of entry (negative: before the run)." },
  technology: { type: "f32", unit: "index", doc: "Total factor productivity.", min: 0 },
  taste: {
    type: "f32",
    unit: "log points",
    doc: "Buyers' taste for the firm's variety: a persistent demand shifter, exp(taste) " +
      "multiplying its weight in buyers' draws (economy.households.taste_sigma; 0 without).",
  },
  capacity: {
    type: "f32",
    unit: "capital units",
    doc: "Productive capacity.",
    min: 0,
    stock: true,
  },
  inventory: {
    type: "f64",
    width: "goods",
    unit: "units",
    doc: "Stock of each good on hand (own product and inputs).",
    min: 0,
    stock: true,
  },
  in_transit: {
    type: "f64",
    width: "goods",
    unit: "units",
    doc: "Purchased inputs not yet delivered.",
    min: 0,
    stock: true,
  },
  transit_due: { type: "i32", width: "goods", unit: "tick", doc: "Tick the inputs arrive." },
  supplier: {
    type: "i32",
    width: "goods",
    ref: "firms",
    unit: "id",
    doc: "Current supplier of each input good (choose_supplier).",
  },
  price: { type: "f32", unit: "currency/unit", doc: "Posted price of the product.", min: 0 },
  price_since: { type: "i32", unit: "tick", doc: "Tick the posted price last changed." },
  price_change: {
    type: "f32",
    unit: "log points",
    doc: "Size of the last price change, log(new / old).",
  },
  markup: { type: "f32", unit: "share", doc: "Markup over normal unit cost (adaptive).", min: 0 },
  wage_offer: { type: "f32", unit: "currency/day", doc: "Wage offered to new hires.", min: 0 },
  employees: { type: "u32", unit: "persons", doc: "Persons employed." },
  vacancies: { type: "u32", unit: "jobs", doc: "Open vacancies (post_vacancies)." },
  vacancy_days: {
    type: "f32",
    unit: "vacancy-days",
    doc: "Open vacancies summed over the days since the firm last measured how fast it hires.",
    min: 0,
  },
  hires_since: {
    type: "u16",
    unit: "persons",
    doc: "Hires since the firm last measured how fast it hires (with `vacancy_days`).",
  },
  layoffs: { type: "u32", unit: "persons", doc: "Layoffs decided and not yet carried out." },
  idle_days: { type: "u16", unit: "days", doc: "Days in a row without staff or output." },
  overtime: {
    type: "f32",
    unit: "share",
    doc: "Hours worked above normal yesterday, as a share of normal (paid at a premium today).",
    min: 0,
  },
  labor_units: {
    type: "f32",
    unit: "skill-weighted workers",
    doc: "Effective labor today.",
    min: 0,
  },
  expected_demand: { type: "f32", unit: "units/day", doc: "Smoothed demand.", min: 0 },
  capital_order: {
    type: "f32",
    unit: "units/day",
    doc: "Machines (units of the capital good) the firm buys a day until its next decision.",
    min: 0,
  },
  trend_sales: {
    type: "f32",
    unit: "units/day",
    doc: "Smoothed sales (trend_memory): the base of capacity and staffing plans.",
    min: 0,
  },
  invest_until: {
    type: "i32",
    unit: "tick",
    doc: "Lumpy investment: the tick by which the machines of the firm's current spike are " +
      "delivered (0 when none is under way).",
  },
  spike_rate: {
    type: "f32",
    unit: "capacity/day",
    doc: "Lumpy investment: capacity a day the current spike delivers on top of replacement.",
    min: 0,
  },
  capacity_sales: {
    type: "f32",
    unit: "units/day",
    doc: "Slowly smoothed sales (capacity_trend_memory): the base of lumpy capacity plans.",
    min: 0,
  },
  demand_today: { type: "f32", unit: "units", doc: "Units asked for today.", min: 0 },
  sales_today: { type: "f32", unit: "units", doc: "Units sold today.", min: 0 },
  output_today: { type: "f32", unit: "units", doc: "Units produced today.", min: 0 },
  potential_output: { type: "f32", unit: "units/day", doc: "Output at current inputs.", min: 0 },
  unit_cost: {
    type: "f32",
    unit: "currency/unit",
    doc: "Normal unit cost: wages per unit at design capacity plus inputs at market prices.",
    min: 0,
  },
  wage_bill: { type: "f32", unit: "currency/day", doc: "Today's wage bill.", min: 0 },
  profit: {
    type: "f32",
    unit: "currency/day",
    doc: "Smoothed daily profit: revenue less wages and inputs used.",
  },
  cash: {
    type: "f64",
    unit: "currency",
    doc: "Money the firm holds (never negative at the end of a tick).",
    money: true,
    min: 0,
    stock: true,
  },
  debt: {
    type: "f64",
    unit: "currency",
    doc: "Credit owed (overdraft, or with banks the principal of its loans): money created " +
      "when drawn, destroyed when repaid.",
    min: 0,
    stock: true,
  },
  borrowed: {
    type: "f64",
    unit: "currency",
    doc: "Credit the firm has drawn from banks since it entered, its opening loan and " +
      "capitalised interest included (0 without banks): the scale of the rounding its debt, a " +
      "running sum, may carry.",
    min: 0,
  },
  capex_today: {
    type: "f64",
    unit: "currency",
    doc:
      "Spent on machines since the last drawing of credit (with banks: financed by a term loan).",
    min: 0,
  },
  bank: { type: "i32", ref: "banks", unit: "id", doc: "The firm's bank (null without banks)." },
  credit_line: {
    type: "i32",
    ref: "loans",
    unit: "id",
    doc: "The firm's credit line, null if none is drawn.",
  },
  term_loan: {
    type: "i32",
    ref: "loans",
    unit: "id",
    doc: "The firm's latest term loan, null if none is outstanding.",
  },
  known: {
    type: "u32",
    width: "tech_words",
    unit: "bit set",
    doc: "Technologies the firm knows (discovered, imitated or inherited), a bit each.",
  },
  adopted: {
    type: "u32",
    width: "tech_words",
    unit: "bit set",
    doc: "Technologies the firm has adopted (bought machines of), a bit each.",
  },
  builds: {
    type: "u32",
    width: "tech_words",
    unit: "bit set",
    doc: "Technologies whose machines the firm has built for a customer (capital-goods " +
      "makers), a bit each: it offers them to its other customers.",
  },
  vintage: {
    type: "i32",
    ref: "technologies",
    unit: "id",
    doc: "Technology of the firm's newest machines (null without technologies).",
  },
  vintage_share: {
    type: "f32",
    unit: "share",
    doc: "Share of the capacity made of machines of the vintage.",
    min: 0,
    max: 1,
  },
  legacy_productivity: {
    type: "f32",
    unit: "multiplier",
    doc: "Productivity multiplier of the older machines (frozen when they stopped being newest).",
    min: 0,
  },
  legacy_inputs: {
    type: "f32",
    unit: "multiplier",
    doc: "Input multiplier of the older machines.",
    min: 0,
  },
  embodied: {
    type: "f32",
    unit: "multiplier",
    doc: "Labor productivity its machines embody (multiplies its effective labor; 1 without " +
      "technologies).",
    min: 0,
  },
  input_use: {
    type: "f32",
    unit: "multiplier",
    doc: "Intermediate inputs per unit relative to the recipe, from its machines.",
    min: 0,
  },
  research_share: {
    type: "f32",
    unit: "share",
    doc: "Share of its labor working in R&D (paid, not producing).",
    min: 0,
    max: 1,
  },
  innovation_effort: {
    type: "f32",
    unit: "worker-years",
    doc: "Research effort toward innovation since its last decision.",
    min: 0,
  },
  imitation_effort: {
    type: "f32",
    unit: "worker-years",
    doc: "Research effort toward imitation since its last decision.",
    min: 0,
  },
  replacing: {
    type: "f32",
    unit: "capital units",
    doc: "Old capacity to be replaced early by machines on order.",
    min: 0,
  },
  project: {
    type: "i32",
    ref: "projects",
    unit: "id",
    doc: "The firm's research project, null if none.",
  },
});
