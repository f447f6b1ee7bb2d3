/**
 * Firm entry and exit (phase "markets", after the goods market).
 * - Exit: a firm whose overdraft debt passes its limit (working capital plus what its
 *   machines secure, see credit.ts) is insolvent, and a firm without staff or output for
 *   `idle_exit_days` closes: its workers are laid off, its stock and machines are scrapped
 *   (stock counted as waste), its cash repays what it can of its debt (the rest is defaulted
 *   on), what is left goes to the owner's adult members (liquidation), and buyers that used
 *   it as supplier drop it.
 * - Entry: free entry where the return on capital beats the cost of capital (see
 *   `entries`); entrants buy their machines from the capital-goods sector.
 * - Then, on the firm cycle's dividend day, the equity fund's market (fund.ts).
 *
 * @module
 */
import { type ColdGenerator, coldGenerator, normal, uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { NULL_REF } from "../../core/table.ts";
import { grownScratch, scratch } from "../../core/world.ts";
import { EVENTS, FLOW } from "../../events.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { capitalPerCapacity, capitalValue, machineValues } from "./capital.ts";
import {
  closeAccount,
  drawOverdrafts,
  exitingDebts,
  overdraftLimit,
  settleDebtAtExit,
} from "./credit.ts";
import { buyCapacity } from "./investment.ts";
import { initialFirms } from "./start.ts";
import { endJob } from "./jobs.ts";
import { distributeToAdults } from "./payouts.ts";
import { fundUnits, payHolders, tradeFund } from "./fund.ts";
import { recipesOf } from "./recipes.ts";
import { type Sellers, sellersByGood } from "./sellers.ts";
import { output, technologyDraw } from "./technology.ts";
import { equipEntrant } from "../technology/embodiment.ts";

/** The firm entry and exit system. */
export const firmDynamics: System<SimWorld> = {
  name: "firm_dynamics",
  phase: "markets",
  doc: "Exit of firms that cannot pay, entry where demand is unmet, the equity fund's market.",
  enabled: (cfg) => cfg.systems.economy,
  kpis: () => [
    {
      name: "closure_layoffs",
      unit: "persons",
      doc: "Employees who lost their job today as their firm closed.",
    },
    {
      name: "entry_attempts",
      unit: "firms",
      doc: "Would-be entrants drawn today (free entry's expected count, rounded by a draw): " +
        "those a founder could fund entered (firm_entries), the rest are entries_unfunded.",
    },
    {
      name: "entries_unfunded",
      unit: "firms",
      doc: "Would-be entrants today for whom no resident was found with the money to found " +
        "them (1.5 times the founder's equity, among 32 residents drawn).",
    },
    {
      name: "firm_first_birthdays",
      unit: "firms",
      doc: "Firms turning one year old today (entered 365 days before, by their founded stamp) " +
        "still in business after today's exits: over firm_entries a year before, the " +
        "entrants' one-year survival. In the first year it also counts initial firms whose " +
        "stamped age reaches a year.",
    },
  ],
  update(world, ctx) {
    world.kpis.values[ctx.kpi[0]] = 0;
    exits(world, ctx.kpi[0], ctx.kpi[3]);
    // Entry is a cold path (a few decisions a day): a pure-rand sequence keyed on
    // (seed, stream, tick) draws them; each entrant's own traits are keyed on its id.
    entries(world, ctx.key(0), coldGenerator(world.seed, ctx.stream, world.tick), ctx.kpi);
    // Entrants borrow part of their machines: negative cash becomes overdraft credit.
    drawOverdrafts(world);
    // The equity fund's market, on the dividend day, once households have paid their taxes and
    // shopped: what they trade is money the day has left them.
    tradeFund(world);
  },
};

/** An empty list of person rows. */
const NO_ROWS = new Int32Array(0);

/**
 * The firms marked in `gone` (by firm row) marked again by id, in a byte per id + 1 (slot 0,
 * for `NULL_REF`, is 0): a reference to a firm says whether it is closing in one read, without
 * the firms' row index. The marks `ExitingLoans.find` (finance/lending.ts) takes.
 */
export function closingIds(world: SimWorld, gone: Uint8Array): Uint8Array {
  const F = world.tables.firms;
  const closing = scratch(world, "firms.closingIds", Uint8Array, F.nextId + 1);
  closing.fill(0, 0, F.nextId + 1);
  for (let f = 0; f < F.length; f++) closing[F.ids[f] + 1] = gone[f];
  return closing;
}

/**
 * Rows of the employed persons whose firm is marked in `closing` ({@link closingIds}), in row
 * order. Employers are looked up by id, not through the firms' row index: "has an employer" is
 * a coin flip from row to row, and the branch on it that a row lookup needs (or its arithmetic
 * without one) made the pass ten times slower at 500,000 persons (3.5 against 0.35 ms), where
 * "works at a closing firm" is nearly always false.
 */
function employeesOf(world: SimWorld, closing: Uint8Array): Int32Array {
  const P = world.tables.persons;
  const employment = P.col.employment;
  const employer = P.col.employer;
  let rows = scratch(world, "firms.laidOff", Int32Array, 64);
  let n = 0;
  for (let p = 0; p < P.length; p++) {
    if (closing[employer[p] + 1] === 0 || employment[p] !== Status.employed) continue;
    if (n === rows.length) rows = grownScratch(world, "firms.laidOff", rows);
    rows[n++] = p;
  }
  return rows.subarray(0, n);
}

/** Days from a firm's entry to its first birthday, when it counts in `firm_first_birthdays`. */
const YEAR = 365;

/**
 * Removes the firms that cannot pay or sat idle too long; returns how many left, counts their
 * employees in KPI `kpi` and the firms that stay on their first birthday in KPI `birthdays`.
 */
function exits(world: SimWorld, kpi: number, birthdays: number): number {
  const fb = world.config.economy.firm_behaviour;
  const F = world.tables.firms;
  const c = F.col;
  const gone = scratch(world, "firms.exiting", Uint8Array, F.length);
  gone.fill(0, 0, F.length);
  let n = 0;
  let staff = 0;
  let firstBirthdays = 0;
  const born = world.tick - YEAR;
  const values = machineValues(world);
  for (let f = 0; f < F.length; f++) {
    const idle = c.employees[f] === 0 && c.output_today[f] === 0;
    c.idle_days[f] = idle ? Math.min(65535, c.idle_days[f] + 1) : 0;
    if (c.debt[f] > overdraftLimit(world, f, values) || c.idle_days[f] > fb.idle_exit_days) {
      gone[f] = 1;
      staff += c.employees[f];
      n++;
    } else if (c.founded[f] === born) firstBirthdays++;
  }
  world.kpis.values[birthdays] = firstBirthdays;
  if (n === 0) return 0;
  const G = F.widths.inventory;
  const gc = world.tables.goods.col;
  const Hh = world.tables.households;
  const due = scratch(world, "firms.liquidation", Float64Array, Hh.length);
  due.fill(0, 0, Hh.length);
  let liquidation = 0;
  let defaulted = 0;
  let toFund = 0;
  // Without holders (none yet, or all gone) the owners keep the fund's share.
  const units = fundUnits(world);
  const fund = units > 0;
  const closing = closingIds(world, gone);
  const debts = exitingDebts(world, closing);
  const supplier = c.supplier;
  for (let i = 0; i < F.length * G; i++) {
    if (closing[supplier[i] + 1] === 1) supplier[i] = NULL_REF;
  }
  for (let f = 0; f < F.length; f++) {
    if (!gone[f]) continue;
    for (let k = 0; k < G; k++) {
      gc.wasted[k] += c.inventory[f * G + k] + c.in_transit[f * G + k];
      c.inventory[f * G + k] = 0;
      c.in_transit[f * G + k] = 0;
    }
    const h = Hh.row(c.owner[f]);
    world.events.emit(
      EVENTS.code.firm_exit,
      F.ids[f],
      c.owner[f],
      c.tile[f],
      c.cash[f] - c.debt[f],
    );
    // Cash repays what it can of the debt; the rest of the debt is defaulted on (the money
    // once lent stays in circulation); what cash is left goes to the owner.
    defaulted += settleDebtAtExit(world, f, debts);
    if (c.cash[f] > 0 && h >= 0) {
      // The equity fund's share goes to its holders (fund.ts), the rest to the owner.
      const outside = fund ? c.outside_share[f] * c.cash[f] : 0;
      due[h] += c.cash[f] - outside;
      toFund += outside;
      liquidation += c.cash[f];
      c.cash[f] = 0;
    } else closeAccount(world, f);
  }
  // The central bank's part of the fund's share is paid to it (fund.ts).
  const central = toFund > 0 ? payHolders(world, due, toFund, units) : 0;
  if (liquidation > 0) {
    distributeToAdults(world, due);
    world.ledger.record(FLOW.liquidation, liquidation - central);
  }
  // Their employees are laid off (public employees have no employer and are not affected).
  const laid = staff > 0 ? employeesOf(world, closing) : NO_ROWS;
  const P = world.tables.persons;
  for (let i = 0; i < laid.length; i++) {
    const p = laid[i];
    endJob(world, p, F.rowOf[P.col.employer[p]], true);
  }
  world.kpis.values[kpi] = laid.length;
  world.ledger.defaulted += defaulted;
  for (let f = F.length - 1; f >= 0; f--) if (gone[f]) F.remove(f);
  return n;
}

/**
 * Entry by free entry (Hopenhayn 1992, Econometrica 60:1127; Jovanovic 1982): would-be
 * founders are a share of the population, as in the span-of-control model of who runs a firm
 * (Lucas 1978, Bell J. Econ. 9:508), so the pool of potential entrants scales with the
 * population, not with the incumbents: `entry_per_year` entrants per 100 firms the population
 * supports at the scenario's firm density (`initialFirms` scaled by today's population),
 * split across goods by their share of sales. In each good that pool enters at how far the
 * incumbents' return on capital (smoothed profit less depreciation, over the value of their
 * machines and working capital) exceeds the cost of capital, relative to it, capped at
 * `entry_pull_max`. Entry stops where the return falls to the cost of capital, and since exit
 * scales with the number of firms while the pool does not, the number of firms returns to
 * where entry and exit balance instead of drifting with its own past. A good nobody makes
 * draws entrants while its demand goes unmet. The founder (a resident with the money) pays
 * `entry_equity_share` of the start-up cost; the firm buys its machines from the
 * capital-goods sector, borrowing the rest against them.
 */
function entries(world: SimWorld, key: number, rng: ColdGenerator, kpi: Int32Array): void {
  const v = world.kpis.values;
  v[kpi[1]] = 0;
  v[kpi[2]] = 0;
  const cfg = world.config;
  const e = cfg.economy;
  const fb = e.firm_behaviour;
  const F = world.tables.firms;
  const P = world.tables.persons;
  const gc = world.tables.goods.col;
  const G = world.tables.goods.length;
  if (F.length === 0 || P.length === 0) return;
  const values = machineValues(world);
  const c = F.col;
  const profit = scratch(world, "entry.profit", Float64Array, G);
  const capital = scratch(world, "entry.capital", Float64Array, G);
  const sellers = scratch(world, "entry.sellers", Float64Array, G);
  const sales = scratch(world, "entry.sales", Float64Array, G);
  profit.fill(0, 0, G);
  capital.fill(0, 0, G);
  sellers.fill(0, 0, G);
  sales.fill(0, 0, G);
  let offer = 0;
  let perHead = 0;
  let staff = 0;
  let allSales = 0;
  const depreciation = e.production.depreciation;
  const tech = cfg.systems.technology;
  for (let f = 0; f < F.length; f++) {
    const g = c.product[f];
    const machines = capitalValue(world, f, values);
    profit[g] += c.profit[f] - depreciation * machines;
    capital[g] += machines + fb.cash_buffer_days * c.wage_bill[f];
    sellers[g]++;
    const value = c.trend_sales[f] * c.price[f];
    sales[g] += value;
    allSales += value;
    offer += c.wage_offer[f];
    // With technologies a worker runs as much capacity as the machines make them productive.
    perHead += tech ? c.labor_units[f] * c.embodied[f] : c.labor_units[f];
    staff += c.employees[f];
  }
  offer /= F.length;
  perHead = staff > 0 ? perHead / staff : 1;
  const rate = fb.entry_per_year / 100 / 365;
  const k = fb.cost_of_capital;
  const supported = (initialFirms(world) * P.length) / cfg.population.persons;
  let index: Sellers | null = null;
  for (let g = 0; g < G; g++) {
    let expected: number;
    if (sellers[g] === 0) expected = gc.unmet[g] > 0 ? rate * fb.entry_pull_max : 0;
    else {
      const ret = capital[g] > 0 ? (365 * profit[g]) / capital[g] : 0;
      const pull = k > 0 ? (ret - k) / k : ret > 0 ? fb.entry_pull_max : 0;
      const pool = allSales > 0 ? (supported * sales[g]) / allSales : sellers[g];
      expected = rate * pool * Math.min(fb.entry_pull_max, Math.max(0, pull));
    }
    const count = Math.floor(expected + rng.next());
    for (let i = 0; i < count; i++) {
      index ??= sellersByGood(world);
      v[kpi[1]]++;
      if (!enter(world, g, key, rng, offer, perHead, index)) v[kpi[2]]++;
    }
  }
}

/**
 * One entrant in good `g`, if a resident can found it: the founder is the first of 32 residents
 * drawn whose money passes 1.5 times the equity the firm needs, a liquidity constraint on who
 * can start a firm (Evans & Jovanovic 1989, JPE 97:808). Returns whether the firm entered.
 */
function enter(
  world: SimWorld,
  g: number,
  key: number,
  rng: ColdGenerator,
  offer: number,
  perHead: number,
  sellers: Sellers,
): boolean {
  const e = world.config.economy;
  const fb = e.firm_behaviour;
  const F = world.tables.firms;
  const P = world.tables.persons;
  const gc = world.tables.goods.col;
  const r = recipesOf(world);
  // Size drawn before the founder: Pareto in workers, as initial firms (entrants are small on
  // average, with a few large ones: Dunne, Roberts & Samuelson 1988, RAND J. Econ. 19:495),
  // turned into capacity at the labor units today's workers bring, so an entrant's smallest
  // size is one worker's worth however productive workers have become.
  const id = F.nextId;
  const size = perHead * Math.pow(1 - uniform(key, id, 3), -1 / e.production.size_pareto_alpha);
  const machines = r.capitalGood >= 0
    ? size * capitalPerCapacity(world)[g] * gc.basic_price[r.capitalGood]
    : 0;
  const working = fb.cash_buffer_days * offer * fb.target_utilisation * size;
  const equity = fb.entry_equity_share * machines + working;
  let founder = -1;
  for (let t = 0; t < 32 && founder < 0; t++) {
    const p = rng.int(P.length);
    if (P.col.wealth[p] > 1.5 * equity) founder = p;
  }
  if (founder < 0) return false;
  const f = F.add(1);
  const c = F.col;
  const sd = e.production.tfp_sigma;
  c.product[f] = g;
  c.sector[f] = r.sectorOf[g];
  c.tile[f] = P.col.tile[founder];
  c.owner[f] = P.col.household[founder];
  c.founded[f] = world.tick;
  c.technology[f] = technologyDraw(sd, normal(key, id, 2));
  if (world.config.systems.technology) equipEntrant(world, f, key);
  c.price[f] = entrantPrice(gc.basic_price[g], fb.entry_price_spread, normal(key, id, 4));
  c.price_since[f] = world.tick;
  c.wage_offer[f] = offer;
  c.unit_cost[f] = c.price[f] / (1 + gc.markup_norm[g]);
  c.markup[f] = gc.markup_norm[g];
  world.ledger.transfer(P.col.wealth, founder, c.cash, f, equity, FLOW.entry_capital);
  world.events.emit(EVENTS.code.firm_entry, id, c.owner[f], c.tile[f], equity);
  if (capitalPerCapacity(world)[g] > 0) buyCapacity(world, f, size, sellers, key, 1);
  else c.capacity[f] = size;
  const u = fb.target_utilisation;
  // The founder's plan: the sales a firm of this size plans for, half of it to start with.
  c.trend_sales[f] = output(world.config, size, u * size, c.technology[f]);
  c.capacity_sales[f] = c.trend_sales[f];
  c.expected_demand[f] = 0.5 * c.trend_sales[f];
  c.vacancies[f] = Math.max(1, Math.ceil((u * c.capacity[f]) / perHead));
  return true;
}

/**
 * An entrant's first price: the market price times a lognormal factor with log-sd `spread`
 * and mean 1, `p exp(spread z - spread^2 / 2)` for a standard normal draw `z`. A
 * multiplicative, lognormal perturbation keeps every price positive for any spread (an
 * additive one, `p (1 + spread z)`, is negative whenever z < -1/spread), and the
 * `-spread^2 / 2` term keeps the mean entrant price at the market price (Aitchison & Brown
 * 1957, The Lognormal Distribution, ch. 2). Posted prices of one good across sellers are
 * close to lognormal in scanner data (Kaplan, Menzio, Rudanko & Trachter 2019, "Relative
 * Price Dispersion: Evidence and Theory", AEJ: Microeconomics 11(3)).
 *
 * @param market The good's mean transaction price (positive).
 * @param spread Log-sd of the entrants' prices (`firm_behaviour.entry_price_spread`).
 * @param z A standard normal draw.
 * @returns a positive price.
 * @example
 * ```ts
 * entrantPrice(100, 0.7, -3); // about 9.6: low, but positive
 * ```
 */
export function entrantPrice(market: number, spread: number, z: number): number {
  return market * Math.exp(spread * z - (spread * spread) / 2);
}
