/**
 * Economy KPIs (phase "bookkeeping", before the KPI row is committed): national accounts
 * (GDP nominal and real by value added, CPI and inflation, labor share), the labor market
 * (unemployment and vacancy rates, mean and median wage), firms (count, entries, exits,
 * size distribution), prices (dispersion within each good; firms' mean markup and the shares
 * of firms whose stock signals the price rule to raise or cut it), inequality (Gini of income and
 * wealth), stocks, unmet demand and migration.
 *
 * @module
 */
import type { KpiSpec } from "../../core/kpis.ts";
import type { System } from "../../core/scheduler.ts";
import { derived, scratch } from "../../core/world.ts";
import { EVENTS, FLOW } from "../../events.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { HELD_DOC, Histogram, measuresDistribution, setHeldKpi } from "./distribution.ts";
import { isAdult } from "./payouts.ts";
import { bookEquity, machineValues } from "./capital.ts";
import { fundUnits } from "./fund.ts";
import { stockSignal } from "./markup_norm.ts";
import { housingOn } from "../../scenario/housing_schema.ts";
import { rowOrNull } from "../../core/table.ts";

/**
 * Today's nominal GDP: value added (output less intermediate use) of every good at its mean
 * transaction price (consumer prices include VAT, so this is GDP at market prices), plus the
 * government's value added, the pay of its employees (non-market output valued at cost, SNA
 * 2008 §6.130; paid before this is called each day).
 */
export function nominalGdp(world: SimWorld): number {
  return publicPay(world) + marketValueAdded(world);
}

/** Today's value added of the firms: output less intermediate use at mean transaction prices. */
export function marketValueAdded(world: SimWorld): number {
  const gc = world.tables.goods.col;
  let va = 0;
  for (let g = 0; g < world.tables.goods.length; g++) {
    va += gc.price[g] * (gc.produced[g] - gc.intermediate[g]);
  }
  return va;
}

/** Today's pay of all public employees (0 without a government). */
export function publicPay(world: SimWorld): number {
  const A = world.tables.agencies;
  let pay = 0;
  for (let a = 0; a < A.length; a++) pay += A.col.wage_bill[a];
  return pay;
}

/**
 * Today's Laspeyres consumer price index: the base-period basket at today's mean transaction
 * prices over its cost at base prices, times 100 (NaN without a basket).
 */
export function consumerPriceIndex(world: SimWorld): number {
  const gc = world.tables.goods.col;
  let basket = 0;
  let base = 0;
  for (let g = 0; g < world.tables.goods.length; g++) {
    basket += gc.base_quantity[g] * gc.price[g];
    base += gc.base_quantity[g] * gc.base_price[g];
  }
  return base > 0 ? (100 * basket) / base : NaN;
}

const FIXED: KpiSpec[] = [
  {
    name: "gdp_nominal",
    unit: "currency/day",
    doc: "Value added at today's prices (public employees' pay included).",
  },
  {
    name: "gdp_real",
    unit: "base currency/day",
    doc: "Value added at base-period prices (public employees' pay deflated by the CPI).",
  },
  { name: "cpi", unit: "index (start = 100)", doc: "Laspeyres consumer price index." },
  {
    name: "inflation_annual",
    unit: "% per year",
    doc: "CPI change over the past 365 days (annualised 30-day change before that).",
  },
  { name: "unemployment_rate", unit: "share", doc: "Unemployed over the labor force." },
  { name: "vacancy_rate", unit: "share", doc: "Vacancies over (vacancies + employed)." },
  { name: "employment", unit: "persons", doc: "Employed persons." },
  { name: "unemployed", unit: "persons", doc: "Unemployed persons." },
  { name: "vacancies", unit: "jobs", doc: "Open vacancies (firms and public agencies)." },
  { name: "mean_wage", unit: "currency/day", doc: "Mean wage of the employed." },
  { name: "median_wage", unit: "currency/day", doc: "Median wage of the employed." + HELD_DOC },
  {
    name: "labor_share",
    unit: "share",
    doc: "Wages (public employees' included) over nominal value added.",
  },
  { name: "firms", unit: "firms", doc: "Firms alive." },
  { name: "firm_entries", unit: "firms", doc: "Firms that entered today." },
  { name: "firm_exits", unit: "firms", doc: "Firms that exited today." },
  { name: "firm_size_mean", unit: "employees", doc: "Mean employees per firm." },
  { name: "firm_size_skewness", unit: "ratio", doc: "Skewness of employees per firm." },
  {
    name: "firm_size_tail_exponent",
    unit: "exponent",
    doc: "Hill estimate of the Pareto tail of firm sizes (top 10% of firms)." + HELD_DOC,
  },
  {
    name: "gini_income",
    unit: "0..1",
    doc: "Gini of households' permanent income over persons, equivalised by the square root of " +
      "household size (the OECD's and LIS's convention)." + HELD_DOC,
  },
  {
    name: "gini_wealth",
    unit: "0..1",
    doc: "Gini of net worth per adult: each household's money, its share of the equity of the " +
      "firms it owns (cash and machines less debt, at least 0) and its units of the equity " +
      "fund at their net asset value, shared by its adults." + HELD_DOC,
  },
  {
    name: "inventory_sales_ratio",
    unit: "days",
    doc: "Value of firms' own-product stock over today's sales value.",
  },
  { name: "unmet_demand_share", unit: "share", doc: "Household demand not served, by value." },
  { name: "consumption_nominal", unit: "currency/day", doc: "Household spending today." },
  {
    name: "consumption_real",
    unit: "base currency/day",
    doc: "Household purchases at base-period prices.",
  },
  {
    name: "investment_nominal",
    unit: "currency/day",
    doc: "Gross fixed capital formation today: capital goods bought by firms (capacity and " +
      "entrants' start-up capital), dwellings built for households (economy.housing) and " +
      "public investment.",
  },
  {
    name: "investment_real",
    unit: "base currency/day",
    doc: "investment_nominal's capital goods at base-period prices.",
  },
  { name: "price_changes", unit: "firms", doc: "Firms that changed their posted price today." },
  {
    name: "price_change_size",
    unit: "log points",
    doc: "Mean absolute log size of today's price changes (0 when none).",
  },
  { name: "migrations", unit: "households", doc: "Households that moved today." },
  { name: "migrants", unit: "persons", doc: "Persons that moved today." },
  {
    name: "overtime_share",
    unit: "share",
    doc: "Overtime hours over all hours worked by firms' employees today.",
  },
  {
    name: "markup_mean",
    unit: "share",
    doc: "Firms' wanted markup over normal unit cost (the price rule's margin), weighted by " +
      "today's sales value; NaN on a day without sales.",
  },
  {
    name: "stock_short_share",
    unit: "share",
    doc: "Firms whose stock of their product is below their base-stock target by more than " +
      "firm_behaviour.stock_band (the price rule's signal to raise the markup), over all " +
      "firms (NaN without firms).",
  },
  {
    name: "stock_long_share",
    unit: "share",
    doc: "Firms whose stock is above their target by more than stock_band (the signal to cut " +
      "it), over all firms (NaN without firms).",
  },
];

/** The economy KPIs, in the order the system sets them. */
export function economyKpis(cfg: ScenarioConfig): KpiSpec[] {
  const perGood = cfg.economy.goods.flatMap((g) => [
    { name: `price_${g}`, unit: "currency/unit", doc: `Mean transaction price of ${g}.` },
    {
      name: `price_cv_${g}`,
      unit: "ratio",
      doc: `Coefficient of variation of posted prices of ${g} across sellers.`,
    },
  ]);
  return [
    ...FIXED,
    ...perGood,
    ...(cfg.economy.ownership.outside_share > 0 ? FUND : []),
    ...(housingOn(cfg) ? HOUSING : []),
  ];
}

/** KPIs of households' dwellings (only with `economy.housing.enabled`). */
const HOUSING: KpiSpec[] = [
  {
    name: "residential_investment",
    unit: "currency/day",
    doc: "Dwellings built for households today (upkeep and additions; part of " +
      "investment_nominal).",
  },
  {
    name: "residential_investment_real",
    unit: "base currency/day",
    doc: "residential_investment at base-period prices.",
  },
  {
    name: "dwelling_trades",
    unit: "currency/day",
    doc: "Existing dwellings households sold to each other today.",
  },
  {
    name: "dwellings_value",
    unit: "currency",
    doc: "Households' dwellings at the market price of existing dwellings.",
  },
  {
    name: "house_price",
    unit: "currency/unit",
    doc: "Market price of a unit of existing dwelling (at most its replacement cost).",
  },
];

/** KPIs of the equity fund (only with `economy.ownership.outside_share` above 0). */
const FUND: KpiSpec[] = [
  {
    name: "fund_value",
    unit: "currency",
    doc: "The equity fund's holdings: its share of each firm's book equity (at least 0)." +
      HELD_DOC,
  },
  {
    name: "fund_nav",
    unit: "currency/unit",
    doc: "The fund's net asset value per unit." + HELD_DOC,
  },
  {
    name: "fund_share_of_equity",
    unit: "share",
    doc: "The fund's holdings over all firms' book equity (the rest: their owners')." + HELD_DOC,
  },
];

/** The economy statistics system. */
export const economyStats: System<SimWorld> = {
  name: "economy_stats",
  phase: "bookkeeping",
  doc: "Economy KPIs: GDP, CPI, labor market, firms, prices, inequality, migration.",
  enabled: (cfg) => cfg.systems.economy,
  kpis: economyKpis,
  update(world, ctx) {
    const v = world.kpis.values;
    const K = ctx.kpi;
    const F = world.tables.firms;
    const gc = world.tables.goods.col;
    const G = world.tables.goods.length;
    const fc = F.col;

    const gdp = nominalGdp(world);
    const staffPay = publicPay(world);
    let real = 0;
    let spending = 0;
    let unmet = 0;
    let consumed = 0;
    let invested = 0;
    for (let g = 0; g < G; g++) {
      consumed += gc.base_price[g] * gc.consumed[g];
      invested += gc.base_price[g] * gc.invested[g];
      real += gc.base_price[g] * (gc.produced[g] - gc.intermediate[g]);
      spending += gc.spending[g];
      unmet += gc.unmet[g] * gc.price[g];
    }
    const cpi = consumerPriceIndex(world);
    // Public value added at base-period prices: its pay deflated by the CPI.
    if (staffPay > 0 && cpi > 0) real += (100 * staffPay) / cpi;
    const cpiK = K[2];
    const rows = world.kpis.rows;
    // Both changes are computed every day (NaN until there is history enough for them), so
    // that all of this code has run before V8 optimises the update: a branch first taken on day
    // 30 deoptimised the whole of it, which then ran several times slower for weeks.
    const yearly = 100 * (cpi / world.kpis.lagged(cpiK, 364) - 1);
    const monthly = 100 * (Math.pow(cpi / world.kpis.lagged(cpiK, 29), 365 / 30) - 1);
    const inflation = rows >= 365 ? yearly : monthly;

    const counts = workers(world);
    const employed = counts[0];
    const unemployed = counts[1];
    const wageSum = counts[2];

    let vacancies = 0;
    let sizeSum = 0;
    let changes = 0;
    let changeSum = 0;
    let stockValue = 0;
    let salesValue = 0;
    let markupSum = 0;
    let short = 0;
    let long = 0;
    const fb = world.config.economy.firm_behaviour;
    const band = fb.stock_band;
    for (let f = 0; f < F.length; f++) {
      vacancies += fc.vacancies[f];
      if (fc.price_since[f] === world.tick) {
        changes++;
        changeSum += Math.abs(fc.price_change[f]);
      }
      sizeSum += fc.employees[f];
      const stock = fc.inventory[f * G + fc.product[f]];
      const sold = fc.sales_today[f] * fc.price[f];
      stockValue += stock * fc.price[f];
      salesValue += sold;
      markupSum += fc.markup[f] * sold;
      const signal = stockSignal(stock, fb.inventory_cover_days * fc.expected_demand[f], band);
      if (signal < 0) short++;
      else if (signal > 0) long++;
    }
    // Public agencies' open posts count too (JOLTS counts government job openings).
    const A = world.tables.agencies;
    for (let a = 0; a < A.length; a++) vacancies += A.col.vacancies[a];
    const meanSize = F.length > 0 ? sizeSum / F.length : 0;
    let m2 = 0;
    let m3 = 0;
    const sizes = scratch(world, "stats.sizes", Float64Array, F.length);
    for (let f = 0; f < F.length; f++) {
      const d = fc.employees[f] - meanSize;
      m2 += d * d;
      m3 += d * d * d;
      sizes[f] = fc.employees[f];
    }
    m2 /= Math.max(1, F.length);
    m3 /= Math.max(1, F.length);

    // The distribution KPIs, measured every `logging.distribution_days` (else held).
    const measured = measuresDistribution(world);
    const d = scratch(world, "stats.distribution", Float64Array, DISTRIBUTION);
    if (measured) measureDistribution(world, sizes.subarray(0, F.length), d);

    let i = 0;
    v[K[i++]] = gdp;
    v[K[i++]] = real;
    v[K[i++]] = cpi;
    v[K[i++]] = inflation;
    v[K[i++]] = employed + unemployed > 0 ? unemployed / (employed + unemployed) : NaN;
    v[K[i++]] = vacancies + employed > 0 ? vacancies / (vacancies + employed) : NaN;
    v[K[i++]] = employed;
    v[K[i++]] = unemployed;
    v[K[i++]] = vacancies;
    v[K[i++]] = employed > 0 ? wageSum / employed : NaN;
    setHeldKpi(world, measured, K[i++], d[0]);
    v[K[i++]] = gdp > 0 ? (world.ledger.flows[FLOW.wages] + staffPay) / gdp : NaN;
    v[K[i++]] = F.length;
    v[K[i++]] = world.events.countThisTick(EVENTS.code.firm_entry);
    v[K[i++]] = world.events.countThisTick(EVENTS.code.firm_exit);
    v[K[i++]] = meanSize;
    v[K[i++]] = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
    for (let j = 1; j < 4; j++) setHeldKpi(world, measured, K[i++], d[j]);
    v[K[i++]] = salesValue > 0 ? stockValue / salesValue : NaN;
    v[K[i++]] = spending + unmet > 0 ? unmet / (spending + unmet) : 0;
    v[K[i++]] = spending;
    v[K[i++]] = consumed;
    const flows = world.ledger.flows;
    v[K[i++]] = flows[FLOW.investment] + flows[FLOW.residential_investment] +
      flows[FLOW.public_investment];
    v[K[i++]] = invested;
    v[K[i++]] = changes;
    v[K[i++]] = changes > 0 ? changeSum / changes : 0;
    let moves = 0;
    let movers = 0;
    const q = world.events.queue;
    for (let e = 0; e < q.length; e++) {
      if (q.kind[e] === EVENTS.code.migration) {
        moves++;
        movers += q.value[e];
      }
    }
    v[K[i++]] = moves;
    v[K[i++]] = movers;
    v[K[i++]] = overtimeShare(world);
    v[K[i++]] = salesValue > 0 ? markupSum / salesValue : NaN;
    v[K[i++]] = F.length > 0 ? short / F.length : NaN;
    v[K[i++]] = F.length > 0 ? long / F.length : NaN;
    // Per good: mean transaction price and the dispersion of posted prices.
    const sum = scratch(world, "stats.priceSum", Float64Array, 3 * G);
    sum.fill(0, 0, 3 * G);
    for (let f = 0; f < F.length; f++) {
      const g = fc.product[f];
      const p = fc.price[f];
      sum[3 * g] += 1;
      sum[3 * g + 1] += p;
      sum[3 * g + 2] += p * p;
    }
    for (let g = 0; g < G; g++) {
      const n = sum[3 * g];
      const mean = n > 0 ? sum[3 * g + 1] / n : NaN;
      const variance = n > 0 ? Math.max(0, sum[3 * g + 2] / n - mean * mean) : NaN;
      v[K[i++]] = gc.price[g];
      v[K[i++]] = n > 1 ? Math.sqrt(variance) / mean : 0;
    }
    if (world.config.economy.ownership.outside_share > 0) {
      for (let j = 4; j < 7; j++) setHeldKpi(world, measured, K[i++], d[j]);
    }
    if (housingOn(world.config)) {
      v[K[i++]] = flows[FLOW.residential_investment];
      let built = 0;
      for (let g = 0; g < G; g++) built += gc.base_price[g] * gc.dwellings_built[g];
      v[K[i++]] = built;
      v[K[i++]] = flows[FLOW.dwelling_trades];
      v[K[i++]] = dwellingsValue(world);
      v[K[i++]] = world.tables.macro.col.house_price[0];
    }
  },
};

/**
 * Employed and unemployed persons and the wages of the employed, in scratch `stats.workers`
 * ([employed, unemployed, wage sum]): one pass over persons, without a branch on the status
 * (unpredictable row to row; adding 0 leaves the sum exact).
 */
function workers(world: SimWorld): Float64Array {
  const P = world.tables.persons;
  const status = P.col.employment;
  const wage = P.col.wage;
  let employed = 0;
  let unemployed = 0;
  let wageSum = 0;
  for (let p = 0; p < P.length; p++) {
    const s = status[p];
    const isEmployed = +(s === Status.employed);
    employed += isEmployed;
    wageSum += isEmployed * wage[p];
    unemployed += +(s === Status.unemployed);
  }
  const out = scratch(world, "stats.workers", Float64Array, 3);
  out[0] = employed;
  out[1] = unemployed;
  out[2] = wageSum;
  return out;
}

/** Values {@link measureDistribution} sets. */
const DISTRIBUTION = 7;

/**
 * The distribution KPIs into `out`: the median wage, the Hill exponent of the firm-size tail
 * (`sizes`: employees by firm row, reordered), the Ginis of equivalised income and of net worth
 * per adult, and the equity fund's value, net asset value per unit and share of firms' equity.
 */
function measureDistribution(world: SimWorld, sizes: Float64Array, out: Float64Array): void {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const nh = Hh.length;
  const wages = scratch(world, "stats.wages", Float64Array, P.length);
  const money = scratch(world, "stats.money", Float64Array, nh);
  money.fill(0, 0, nh);
  const adults = scratch(world, "stats.adults", Uint16Array, nh);
  adults.fill(0, 0, nh);
  const employed = gatherPersons(world, wages, money, adults);
  const hist = derived(world, "stats.histogram", () => new Histogram());
  hist.fill(wages, employed);
  out[0] = hist.quantile(0.5);
  out[1] = hillExponent(sizes, 0.1);
  // Households: equivalised income and net worth per adult.
  out[2] = householdIncome(world).hist.gini();
  const equity = netWorthPerAdult(world, money, adults);
  hist.fill(money, nh, adults);
  out[3] = hist.gini();
  out[4] = equity.fund;
  out[5] = equity.units > 0 ? equity.fund / equity.units : NaN;
  out[6] = equity.total > 0 ? equity.fund / equity.total : NaN;
}

/**
 * The pass over persons of {@link measureDistribution}: wages of the employed into `wages`,
 * households' money and adults by household row; returns the number employed. Without a branch
 * on the status: every wage is written at the next free place and kept only when the person is
 * employed. A function that returns right after its loop: V8 compiles a loop run once a day on
 * stack replacement before the code after it has run, and that code, lacking type feedback, sent
 * the rest of the day's call back to the interpreter (63 times in 200 days of tiny_island).
 */
function gatherPersons(
  world: SimWorld,
  wages: Float64Array,
  money: Float64Array,
  adults: Uint16Array,
): number {
  const P = world.tables.persons;
  const pc = P.col;
  const status = pc.employment;
  const wage = pc.wage;
  const wealth = pc.wealth;
  const household = pc.household;
  const householdRow = world.tables.households.rowOf;
  const age = pc.age;
  let employed = 0;
  for (let p = 0; p < P.length; p++) {
    const h = householdRow[household[p]];
    money[h] += wealth[p];
    adults[h] += isAdult(age[p]);
    wages[employed] = wage[p];
    employed += +(status[p] === Status.employed);
  }
  return employed;
}

/** Overtime hours over all hours of firms' employees (a normal day is 1, overtime adds to it). */
function overtimeShare(world: SimWorld): number {
  const F = world.tables.firms;
  const overtime = F.col.overtime;
  const employees = F.col.employees;
  let extra = 0;
  let normal = 0;
  for (let f = 0; f < F.length; f++) {
    extra += overtime[f] * employees[f];
    normal += employees[f];
  }
  return normal > 0 ? extra / (normal + extra) : 0;
}

/**
 * Households' equivalised permanent income (see {@link equivalised}), by household row, and its
 * histogram weighted by members, as of tick `tick`.
 */
export class HouseholdIncome {
  readonly hist = new Histogram();
  values = new Float64Array(0);
  tick = -1;
}

/**
 * Today's equivalised permanent income of households and its histogram: the income Gini here
 * and the government's poverty line and count read the same one, filled once a day (permanent
 * income changes only in the goods market, before both).
 */
export function householdIncome(world: SimWorld): HouseholdIncome {
  const cache = derived(world, "stats.householdIncome", () => new HouseholdIncome());
  if (cache.tick !== world.tick) {
    const Hh = world.tables.households;
    const nh = Hh.length;
    cache.values = scratch(world, "stats.income", Float64Array, nh);
    equivalised(Hh.col.permanent_income, Hh.col.size, nh, cache.values);
    cache.hist.fill(cache.values, nh, Hh.col.size);
    cache.tick = world.tick;
  }
  return cache;
}

/** Firms' book equity (at least 0) in all, the equity fund's share of it and its units. */
interface Equity {
  total: number;
  fund: number;
  units: number;
}

/**
 * Turns households' money (`money`, by household row) into net worth per adult, in place: each
 * household's money plus its share of the equity of the firms it owns (cash and machines at
 * today's price of the capital good, less debt; at least 0, as an owner's liability is limited
 * to the firm; the equity fund holds the rest) and its units of the fund at their net asset
 * value (fund.ts), divided by its adults (`adults`, set to 1 where a household has none, so it
 * counts once). The concept and unit of Davies, Sandström, Shorrocks & Wolff (2011, Economic
 * Journal 121:223), whose national wealth Ginis the fact compares with: household net worth per
 * adult, business equity included, and with housing their dwellings at the market price. The
 * model's households hold no debt. Returns firms' equity in all, the fund's share of it and its
 * units (one pass serves both).
 */
function netWorthPerAdult(world: SimWorld, money: Float64Array, adults: Uint16Array): Equity {
  const Hh = world.tables.households;
  const sums = scratch(world, "stats.equity", Float64Array, 2);
  addOwnersEquity(world, machineValues(world), money, sums);
  const total = sums[0];
  const fund = sums[1];
  // Units of the equity fund at its net asset value.
  const units = fundUnits(world);
  if (units > 0) addValueOf(Hh.col.fund_units, fund / units, money, Hh.length);
  const pk = dwellingPrice(world);
  if (pk > 0) addValueOf(Hh.col.dwelling, pk, money, Hh.length);
  perAdult(money, adults, Hh.length);
  return { total, fund, units };
}

// The passes over households of netWorthPerAdult, each a function that ends with its loop: V8
// compiles a loop run once a day on stack replacement before the code after it has run, and
// that code, lacking type feedback, sent the rest of the day's call back to the interpreter
// (112 times in 200 days of tiny_island).

/** `money[h] += held[h] * price` for the `n` households. */
function addValueOf(
  held: Float64Array,
  price: number,
  money: Float64Array,
  n: number,
): void {
  for (let h = 0; h < n; h++) money[h] += held[h] * price;
}

/** `money[h]` divided by the household's adults (at least 1, which `adults` is set to). */
function perAdult(money: Float64Array, adults: Uint16Array, n: number): void {
  for (let h = 0; h < n; h++) {
    if (adults[h] === 0) adults[h] = 1;
    money[h] /= adults[h];
  }
}

/**
 * Adds to `money` (by household row) each owner's part of its firm's book equity (`firmEquity`
 * of capital.ts, the machines valued at `values`), and sets `sums` to firms' equity in all and
 * the equity fund's part of it. A loop in a function of its own, with the columns in locals:
 * inside `netWorthPerAdult` V8 compiled it on stack replacement and threw that code away every
 * day at large (100 ns a firm, 2.5 ms a day for 25,000 firms; 0.5 ms now).
 */
function addOwnersEquity(
  world: SimWorld,
  values: Float64Array,
  money: Float64Array,
  sums: Float64Array,
): void {
  const F = world.tables.firms;
  const { cash, capacity, product, debt, outside_share: outsideShare, owner } = F.col;
  const householdRow = world.tables.households.rowOf;
  let total = 0;
  let fund = 0;
  for (let f = 0; f < F.length; f++) {
    // firmEquity, with capitalValue's machines: capacity times its good's value per unit.
    const equity = bookEquity(cash[f], capacity[f] * values[product[f]], debt[f]);
    if (equity === 0) continue;
    const outside = outsideShare[f] * equity;
    total += equity;
    fund += outside;
    const h = rowOrNull(householdRow, owner[f]);
    if (h >= 0) money[h] += (1 - outsideShare[f]) * equity;
  }
  sums[0] = total;
  sums[1] = fund;
}

/**
 * `out[h] = totals[h] / sqrt(max(1, sizes[h]))` for the `n` households: an amount equivalised by
 * the square-root scale, the one the OECD's Income Distribution Database and the Luxembourg
 * Income Study use for the Ginis and poverty rates they publish (OECD 2013, "OECD Framework for
 * Statistics on the Distribution of Household Income, Consumption and Wealth", ch. 8). Income per
 * member would treat every child as an extra adult and economies of scale in a household as
 * none. A loop in a function of its own: V8 compiles a loop run once a day on stack replacement
 * on its first day, before the code after it has run, and that code, lacking type feedback, sent
 * every later day back to the interpreter.
 */
export function equivalised(
  totals: Float32Array,
  sizes: Uint16Array,
  n: number,
  out: Float64Array,
): void {
  for (let h = 0; h < n; h++) out[h] = totals[h] / Math.sqrt(Math.max(1, sizes[h]));
}

/**
 * Hill estimator of a Pareto tail exponent on the top `share` of positive values. Reorders
 * the given buffer: a selection (O(n)) finds the threshold, no full sort is needed.
 */
export function hillExponent(values: Float64Array, share: number): number {
  const n = values.length;
  let positive = 0;
  for (let i = 0; i < n; i++) if (values[i] > 0) values[positive++] = values[i];
  const k = Math.floor(positive * share);
  if (k < 2) return NaN;
  // After selection, values[positive - k - 1] is the (k+1)-th largest and everything to its
  // right is at least as large.
  const at = positive - k - 1;
  select(values, positive, at);
  const threshold = values[at];
  if (threshold <= 0) return NaN;
  let s = 0;
  for (let i = at + 1; i < positive; i++) s += Math.log(values[i] / threshold);
  return s > 0 ? k / s : NaN;
}

/** Hoare's selection: puts the k-th smallest of a[0..n) at k, smaller left, larger right. */
export function select(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Price of a unit of dwelling: the market price of existing dwellings (0 without housing). */
function dwellingPrice(world: SimWorld): number {
  return housingOn(world.config) ? world.tables.macro.col.house_price[0] : 0;
}

/** Households' dwellings at today's price of the capital good. */
function dwellingsValue(world: SimWorld): number {
  const Hh = world.tables.households;
  const dwelling = Hh.col.dwelling;
  let units = 0;
  for (let h = 0; h < Hh.length; h++) units += dwelling[h];
  return units * dwellingPrice(world);
}
