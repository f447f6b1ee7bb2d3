/**
 * Firm entry and exit (phase "markets", after the goods market).
 * - Exit, once a firm cycle on its dividend day: a firm whose overdraft debt passes its limit
 *   (working capital plus what its machines secure, see credit.ts) is insolvent, and a firm
 *   without staff or output for `idle_exit_days` closes: its workers are laid off, its stock
 *   and machines are scrapped (stock counted as waste), its cash repays what it can of its debt
 *   (the rest is defaulted on), what is left goes to the owner's adult members (liquidation),
 *   and buyers that used it as supplier drop it.
 * - Entry, once a firm cycle on its dividend day: free entry where the return on capital beats
 *   the cost of capital (see `planEntries`); after the equity fund's market of that day,
 *   founders sell the fund units they need to the households with money to spare (fund.ts) and
 *   found their firms (`foundFirms`); entrants buy their machines from the capital-goods
 *   sector.
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
import { distributeToAdults, householdMoney, payFromMembers } from "./payouts.ts";
import { fundNav, fundUnits, liquidity, payHolders, sellForFounders, tradeFund } from "./fund.ts";
import { recipesOf } from "./recipes.ts";
import { sellerIndex } from "./sellers.ts";
import { output, technologyDraw } from "./technology.ts";
import { tasteDraw } from "./taste.ts";
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
      doc: "Would-be entrants drawn today, the firm cycle's dividend day (free entry's expected " +
        "count over the cycle, rounded by a draw; 0 on other days): those a founder could fund " +
        "entered (firm_entries), the rest are entries_unfunded.",
    },
    {
      name: "entries_unfunded",
      unit: "firms",
      doc: "Would-be entrants today for whom no founder was found (among 32 residents drawn, " +
        "one whose household's money above its buffer and fund units pass 1.5 times the equity " +
        "of one worker's worth of the firm), or whose founder's fund units found no buyer.",
    },
    {
      name: "firm_first_birthdays",
      unit: "firms",
      doc: "Firms turning one year old today (entered 365 days before, by their founded stamp) " +
        "still in business after today's exits: over firm_entries a year before, the " +
        "entrants' one-year survival. In the first year it also counts initial firms whose " +
        "stamped age reaches a year.",
    },
    {
      name: "firm_insolvencies",
      unit: "firms",
      doc: "Firms that closed today because their debt passed what they may owe (the rest of " +
        "firm_exits closed after idle_exit_days without staff or output).",
    },
  ],
  update(world, ctx) {
    const v = world.kpis.values;
    v[ctx.kpi[0]] = 0;
    v[ctx.kpi[1]] = 0;
    v[ctx.kpi[2]] = 0;
    exits(world, ctx.kpi[0], ctx.kpi[3], ctx.kpi[4]);
    // Entry is a cold path (a few decisions a cycle): a pure-rand sequence keyed on
    // (seed, stream, tick) draws them; each entrant's own traits are keyed on its id.
    const plans = world.tick % world.config.ai.cadence.firm_days === 0
      ? planEntries(world, ctx.key(0), coldGenerator(world.seed, ctx.stream, world.tick), ctx.kpi)
      : null;
    // The equity fund's market, on the dividend day, once households have paid their taxes and
    // shopped: what they trade is money the day has left them. Then founders sell the units
    // they need and found their firms.
    tradeFund(world);
    if (plans !== null) foundFirms(world, plans, ctx.key(0), ctx.kpi);
    // Entrants borrow part of their machines: negative cash becomes overdraft credit.
    drawOverdrafts(world);
  },
};

/** An empty list of person rows. */
const NO_ROWS = new Int32Array(0);
/** No machine values: the days without closures need none. */
const NO_VALUES = new Float64Array(0);

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
 * employees in KPI `kpi`, the firms that stay on their first birthday in KPI `birthdays` and those
 * that closed insolvent in KPI `insolvent`.
 *
 * Firms close on the firm cycle's day (`ai.cadence.firm_days`, the day of dividends and entry),
 * as they make their other decisions once a cycle: a firm past its credit limit or idle too
 * long on another day closes on the next cycle day. Exit is an end-of-period decision in
 * discrete-time models of firm dynamics (Hopenhayn 1992; the K+S family, Dosi et al. 2010),
 * and the period here is the firm cycle. One closing day a cycle also pays the week's
 * liquidations to the fund's holders in one pass over persons rather than one a day.
 */
function exits(world: SimWorld, kpi: number, birthdays: number, insolvent: number): number {
  const fb = world.config.economy.firm_behaviour;
  const F = world.tables.firms;
  const c = F.col;
  const gone = scratch(world, "firms.exiting", Uint8Array, F.length);
  gone.fill(0, 0, F.length);
  let n = 0;
  let broke = 0;
  let staff = 0;
  let firstBirthdays = 0;
  const born = world.tick - YEAR;
  const cycleDay = world.tick % world.config.ai.cadence.firm_days === 0;
  const values = cycleDay ? machineValues(world) : NO_VALUES;
  for (let f = 0; f < F.length; f++) {
    const idle = c.employees[f] === 0 && c.output_today[f] === 0;
    c.idle_days[f] = idle ? Math.min(65535, c.idle_days[f] + 1) : 0;
    const insolvency = cycleDay && c.debt[f] > overdraftLimit(world, f, values);
    if (insolvency || (cycleDay && c.idle_days[f] > fb.idle_exit_days)) {
      gone[f] = 1;
      staff += c.employees[f];
      n++;
      broke += +insolvency;
    } else if (c.founded[f] === born) firstBirthdays++;
  }
  world.kpis.values[birthdays] = firstBirthdays;
  world.kpis.values[insolvent] = broke;
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

/** Fields of a planned entrant's record in {@link Plans}. */
const PLAN = { good: 0, size: 1, household: 2, founder: 3, equity: 4, least: 5, width: 6 } as const;

/**
 * The cycle's planned entrants ({@link planEntries}), `PLAN.width` numbers each, and the money
 * each founding household sells fund units for (by household row), which `sellForFounders`
 * overwrites with what it got.
 */
interface Plans {
  n: number;
  plan: Float64Array;
  sales: Float64Array;
  /** 1 for a household founding a firm this cycle (by row). */
  founding: Uint8Array;
  /** Households' money before the market, and the buffer each keeps (by row). */
  money: Float64Array;
  buffer: Float64Array;
  offer: number;
  perHead: number;
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
 * draws entrants while its demand goes unmet.
 *
 * Would-be founders decide once a firm cycle, on the day the equity fund's market opens, over
 * the cycle's expected count. Each is planned here ({@link findFounder}); after the market,
 * {@link foundFirms} sells the fund units the founders need and founds the firms with what they
 * raised. Returns the plans (none, `n` 0, on a day without would-be entrants).
 */
function planEntries(world: SimWorld, key: number, rng: ColdGenerator, kpi: Int32Array): Plans {
  const v = world.kpis.values;
  const cfg = world.config;
  const e = cfg.economy;
  const fb = e.firm_behaviour;
  const F = world.tables.firms;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const gc = world.tables.goods.col;
  const G = world.tables.goods.length;
  const plans: Plans = {
    n: 0,
    plan: scratch(world, "entry.plans", Float64Array, 16 * PLAN.width),
    sales: scratch(world, "entry.sales", Float64Array, Hh.length),
    founding: scratch(world, "entry.founding", Uint8Array, Hh.length),
    money: scratch(world, "entry.money", Float64Array, Hh.length),
    buffer: scratch(world, "entry.buffer", Float64Array, Hh.length),
    offer: 0,
    perHead: 1,
  };
  plans.sales.fill(0, 0, Hh.length);
  plans.founding.fill(0, 0, Hh.length);
  if (F.length === 0 || P.length === 0) return plans;
  const values = machineValues(world);
  const c = F.col;
  const profit = scratch(world, "entry.profit", Float64Array, G);
  const capital = scratch(world, "entry.capital", Float64Array, G);
  const sellers = scratch(world, "entry.sellers", Float64Array, G);
  const sales = scratch(world, "entry.goodSales", Float64Array, G);
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
  plans.offer = offer / F.length;
  plans.perHead = staff > 0 ? perHead / staff : 1;
  const rate = (fb.entry_per_year / 100 / 365) * cfg.ai.cadence.firm_days;
  const k = fb.cost_of_capital;
  const supported = (initialFirms(world) * P.length) / cfg.population.persons;
  const counts = scratch(world, "entry.counts", Int32Array, G);
  let attempts = 0;
  for (let g = 0; g < G; g++) {
    let expected: number;
    if (sellers[g] === 0) expected = gc.unmet[g] > 0 ? rate * fb.entry_pull_max : 0;
    else {
      const ret = capital[g] > 0 ? (365 * profit[g]) / capital[g] : 0;
      const pull = k > 0 ? (ret - k) / k : ret > 0 ? fb.entry_pull_max : 0;
      const pool = allSales > 0 ? (supported * sales[g]) / allSales : sellers[g];
      expected = rate * pool * Math.min(fb.entry_pull_max, Math.max(0, pull));
    }
    counts[g] = Math.floor(expected + rng.next());
    attempts += counts[g];
  }
  v[kpi[1]] = attempts;
  if (attempts === 0) return plans;
  // Households' money and buffers (a pass over persons, once a cycle with would-be entrants),
  // and what a unit of the fund fetches.
  liquidity(world, plans.money, plans.buffer);
  const nav = fundNav(world, values);
  let attempt = 0;
  for (let g = 0; g < G; g++) {
    for (let i = 0; i < counts[g]; i++) {
      if (!findFounder(world, plans, g, attempt++, key, rng, nav)) v[kpi[2]]++;
    }
  }
  return plans;
}

/**
 * Plans one entrant in good `g` if a founder can be found: the first of 32 residents drawn whose
 * household (founding no other firm this cycle) has the means, its money above its buffer and
 * its fund units at the net asset value `nav`, to pass 1.5 times the equity of one worker's
 * worth of the firm. That is the liquidity constraint on who can start a firm (Evans &
 * Jovanovic 1989, JPE 97:808), measured on what the household owns (housing and financial
 * wealth fund start-ups: Hurst & Lusardi 2004, JPE 112:319; Schmalz, Sraer & Thesmar 2017,
 * JF 72:99), and a founder short of the drawn size starts as large as two thirds of the means
 * allow, as Evans & Jovanovic's constrained entrants start below the size they want. The
 * founder pays `entry_equity_share` of the machines and the working capital from money above
 * the buffer, selling fund units for the rest. Returns whether a founder was found.
 */
function findFounder(
  world: SimWorld,
  plans: Plans,
  g: number,
  attempt: number,
  key: number,
  rng: ColdGenerator,
  nav: number,
): boolean {
  const e = world.config.economy;
  const fb = e.firm_behaviour;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const gc = world.tables.goods.col;
  const r = recipesOf(world);
  // Size drawn before the founder: Pareto in workers, as initial firms (entrants are small on
  // average, with a few large ones: Dunne, Roberts & Samuelson 1988, RAND J. Econ. 19:495),
  // turned into capacity at the labor units today's workers bring, so an entrant's smallest
  // size is one worker's worth however productive workers have become. Keyed on the cycle's
  // attempt number, in the order they are drawn.
  const size = plans.perHead *
    Math.pow(1 - uniform(key, attempt, 3), -1 / e.production.size_pareto_alpha);
  const machines = r.capitalGood >= 0
    ? capitalPerCapacity(world)[g] * gc.basic_price[r.capitalGood]
    : 0;
  // The equity of one unit of capacity: its share of the machines and its working capital.
  const perUnit = fb.entry_equity_share * machines +
    fb.cash_buffer_days * plans.offer * fb.target_utilisation;
  // The drawn size is at least one worker's worth: the least a founder can start.
  const least = perUnit * plans.perHead;
  const units = Hh.col.fund_units;
  const money = plans.money;
  const buffer = plans.buffer;
  const sales = plans.sales;
  let founder = -1;
  let h = -1;
  let means = 0;
  for (let t = 0; t < 32 && founder < 0; t++) {
    const p = rng.int(P.length);
    const hh = Hh.row(P.col.household[p]);
    if (hh < 0 || plans.founding[hh] === 1) continue; // founding another firm this cycle
    const m = Math.max(0, money[hh] - buffer[hh]) + units[hh] * nav;
    if (m > 1.5 * least) {
      founder = p;
      h = hh;
      means = m;
    }
  }
  if (founder < 0) return false;
  const start = Math.min(size, means / 1.5 / perUnit);
  const equity = perUnit * start;
  // What money above the buffer does not cover is raised by selling units.
  const short = equity - Math.max(0, money[h] - buffer[h]);
  if (short > 0) sales[h] = short;
  plans.founding[h] = 1;
  const o = plans.n * PLAN.width;
  if (o + PLAN.width > plans.plan.length) {
    plans.plan = grownScratch(world, "entry.plans", plans.plan);
  }
  const plan = plans.plan;
  plan[o + PLAN.good] = g;
  plan[o + PLAN.size] = start;
  plan[o + PLAN.household] = h;
  plan[o + PLAN.founder] = founder;
  plan[o + PLAN.equity] = equity;
  plan[o + PLAN.least] = least;
  plans.n++;
  return true;
}

/**
 * Founds the cycle's planned entrants after the fund's market: each household pays its
 * entrant's equity from its money above the buffer, which now holds what its units fetched; a
 * founder whose units sold short starts smaller, and one left below one worker's worth does not
 * found (counted in `entries_unfunded`). Each entrant's owner is the founder's household, its
 * tile the founder's; its traits are keyed on its id. The households pay from their members'
 * money in proportion to it ({@link payFromMembers}), in one pass over persons after the last
 * entrant.
 */
function foundFirms(world: SimWorld, plans: Plans, key: number, kpi: Int32Array): void {
  if (plans.n === 0) return;
  const e = world.config.economy;
  const fb = e.firm_behaviour;
  const F = world.tables.firms;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const gc = world.tables.goods.col;
  const nh = Hh.length;
  sellForFounders(world, plans.sales, plans.founding, fundNav(world));
  // The households' money now: the founders' sales are paid, and the fund's market and the
  // central bank's purchases have moved money since the plans were made.
  const now = scratch(world, "entry.moneyNow", Float64Array, nh);
  householdMoney(world, now);
  const pay = scratch(world, "entry.pay", Float64Array, nh);
  pay.fill(0, 0, nh);
  const buffer = plans.buffer;
  const plan = plans.plan;
  const sellers = sellerIndex(world);
  const sectorOf = recipesOf(world).sectorOf;
  const sd = e.production.tfp_sigma;
  let total = 0;
  for (let i = 0; i < plans.n; i++) {
    const o = i * PLAN.width;
    const g = plan[o + PLAN.good];
    const h = plan[o + PLAN.household];
    const available = Math.max(0, now[h] - buffer[h] - pay[h]);
    const equity = Math.min(plan[o + PLAN.equity], available);
    if (!(equity >= plan[o + PLAN.least])) {
      world.kpis.values[kpi[2]]++;
      continue;
    }
    const size = (plan[o + PLAN.size] * equity) / plan[o + PLAN.equity];
    const f = F.add(1);
    const id = F.ids[f];
    const c = F.col;
    const founder = plan[o + PLAN.founder];
    c.product[f] = g;
    c.sector[f] = sectorOf[g];
    c.tile[f] = P.col.tile[founder];
    c.owner[f] = Hh.ids[h];
    c.founded[f] = world.tick;
    c.technology[f] = technologyDraw(sd, normal(key, id, 2));
    c.taste[f] = tasteDraw(e.households.taste_sigma, normal(key, id, 5));
    if (world.config.systems.technology) equipEntrant(world, f, key);
    c.price[f] = entrantPrice(gc.basic_price[g], fb.entry_price_spread, normal(key, id, 4));
    c.price_since[f] = world.tick;
    c.wage_offer[f] = plans.offer;
    c.unit_cost[f] = c.price[f] / (1 + gc.markup_norm[g]);
    c.markup[f] = gc.markup_norm[g];
    c.cash[f] = equity;
    pay[h] += equity;
    total += equity;
    world.events.emit(EVENTS.code.firm_entry, id, c.owner[f], c.tile[f], equity);
    if (capitalPerCapacity(world)[g] > 0) buyCapacity(world, f, size, sellers, key, 1);
    else c.capacity[f] = size;
    const u = fb.target_utilisation;
    // The founder's plan: the sales a firm of this size plans for, half of it to start with.
    c.trend_sales[f] = output(world.config, size, u * size, c.technology[f]);
    c.capacity_sales[f] = c.trend_sales[f];
    c.expected_demand[f] = 0.5 * c.trend_sales[f];
    c.vacancies[f] = Math.max(1, Math.ceil((u * c.capacity[f]) / plans.perHead));
  }
  if (total > 0) {
    for (let h = 0; h < nh; h++) pay[h] = -pay[h];
    payFromMembers(world, pay, now);
    world.ledger.record(FLOW.entry_capital, total);
  }
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
