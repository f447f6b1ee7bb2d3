/**
 * Firm entry and exit (phase "markets", after the goods market).
 * - Exit: a firm whose overdraft debt passes its limit (`overdraft_days` of its wage bill)
 *   cannot pay, and a firm without staff or output for `idle_exit_days` closes: its workers
 *   are laid off, its stock is scrapped (counted as waste), its cash repays what it can of
 *   its debt (the rest is defaulted on), what is left goes to the owner's adult members
 *   (liquidation), and buyers that used it as supplier drop it.
 * - Entry: new firms replace a share (`entry_replacement`) of today's exits and enter at
 *   `entry_per_year` per 100 firms scaled by how profitable firms are, in goods where unmet
 *   demand (and, less, sales) is high; a resident with enough money
 *   puts up the entry capital and their household owns the firm.
 *
 * @module
 */
import { type ColdGenerator, coldGenerator, normal, uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { EVENTS, FLOW } from "../../events.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { overdraftLimit } from "./credit.ts";
import { endJob } from "./jobs.ts";
import { distributeToAdults, recipesOf } from "./production.ts";

/** The firm entry and exit system. */
export const firmDynamics: System<SimWorld> = {
  name: "firm_dynamics",
  phase: "markets",
  doc: "Exit of firms that cannot pay, entry where demand is unmet.",
  enabled: (cfg) => cfg.systems.economy,
  kpis: () => [
    {
      name: "closure_layoffs",
      unit: "persons",
      doc: "Employees who lost their job today as their firm closed.",
    },
  ],
  update(world, ctx) {
    world.kpis.values[ctx.kpi[0]] = 0;
    const gone = exits(world, ctx.kpi[0]);
    // Entry is a cold path (a few decisions a day): a pure-rand sequence keyed on
    // (seed, stream, tick) draws them; each entrant's own traits are keyed on its id.
    entries(world, ctx.key(0), coldGenerator(world.seed, ctx.stream, world.tick), gone);
  },
};

/**
 * Removes the firms that cannot pay or sat idle too long; returns how many left and counts
 * their employees in KPI `kpi`.
 */
function exits(world: SimWorld, kpi: number): number {
  const fb = world.config.economy.firm_behaviour;
  const F = world.tables.firms;
  const c = F.col;
  const gone = scratch(world, "firms.exiting", Uint8Array, F.length);
  gone.fill(0, 0, F.length);
  let n = 0;
  for (let f = 0; f < F.length; f++) {
    const idle = c.employees[f] === 0 && c.output_today[f] === 0;
    c.idle_days[f] = idle ? Math.min(65535, c.idle_days[f] + 1) : 0;
    if (c.debt[f] > overdraftLimit(world, f) || c.idle_days[f] > fb.idle_exit_days) {
      gone[f] = 1;
      n++;
    }
  }
  if (n === 0) return 0;
  let laidOff = 0;
  const P = world.tables.persons;
  const pc = P.col;
  for (let p = 0; p < P.length; p++) {
    if (pc.employment[p] !== Status.employed) continue;
    const f = F.rowOf[pc.employer[p]];
    if (!gone[f]) continue;
    endJob(world, p, f);
    laidOff++;
  }
  const G = F.widths.inventory;
  const gc = world.tables.goods.col;
  const Hh = world.tables.households;
  const due = scratch(world, "firms.liquidation", Float64Array, Hh.length);
  due.fill(0, 0, Hh.length);
  world.kpis.values[kpi] = laidOff;
  let liquidation = 0;
  let defaulted = 0;
  for (let f = 0; f < F.length; f++) {
    for (let k = 0; k < G; k++) {
      const s = c.supplier[f * G + k];
      if (s !== NULL_REF && gone[F.rowOf[s]]) c.supplier[f * G + k] = NULL_REF;
    }
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
    if (c.debt[f] > 0) world.ledger.repay(c.cash, c.debt, f, Math.min(c.cash[f], c.debt[f]));
    defaulted += c.debt[f];
    c.debt[f] = 0;
    if (c.cash[f] > 0 && h >= 0) {
      due[h] += c.cash[f];
      liquidation += c.cash[f];
      c.cash[f] = 0;
    } else world.ledger.writeOff(c.cash, f);
  }
  if (liquidation > 0) {
    distributeToAdults(world, due);
    world.ledger.record(FLOW.liquidation, liquidation);
  }
  world.ledger.defaulted += defaulted;
  for (let f = F.length - 1; f >= 0; f--) if (gone[f]) F.remove(f);
  return n;
}

function entries(world: SimWorld, key: number, rng: ColdGenerator, exited: number): void {
  const cfg = world.config;
  const e = cfg.economy;
  const fb = e.firm_behaviour;
  const F = world.tables.firms;
  const P = world.tables.persons;
  const gc = world.tables.goods.col;
  const G = world.tables.goods.length;
  if (F.length === 0 || P.length === 0) return;
  let profit = 0;
  let wages = 0;
  let offer = 0;
  for (let f = 0; f < F.length; f++) {
    profit += F.col.profit[f];
    wages += F.col.wage_bill[f];
    offer += F.col.wage_offer[f];
  }
  offer /= F.length;
  const pull = Math.min(
    fb.entry_pull_max,
    Math.max(0, 1 + (fb.entry_profit_pull * profit) / Math.max(1, wages)),
  );
  // Entrants replace a share of today's exits (new firms take the place of failed ones,
  // as in Dosi et al.'s K+S model), plus entry drawn by profitability.
  const expected = fb.entry_replacement * exited +
    (fb.entry_per_year / 100 / 365) * F.length * pull;
  const count = Math.floor(expected + rng.next());
  if (count === 0) return;
  const r = recipesOf(world);
  const capital = fb.entry_capital_days * offer * 5;
  let weightSum = 0;
  const pullOf = (g: number) =>
    gc.unmet[g] * gc.price[g] + fb.entry_sales_weight * gc.spending[g] + 1e-9;
  for (let g = 0; g < G; g++) weightSum += pullOf(g);
  for (let i = 0; i < count; i++) {
    // The good: by unmet demand value (and a little by sales).
    let u = rng.next() * weightSum;
    let g = 0;
    while (g < G - 1 && u >= pullOf(g)) {
      u -= pullOf(g);
      g++;
    }
    // The investor: a resident with enough money.
    let investor = -1;
    for (let t = 0; t < 32 && investor < 0; t++) {
      const p = rng.int(P.length);
      if (P.col.wealth[p] > 1.5 * capital) investor = p;
    }
    if (investor < 0) continue;
    const f = F.add(1);
    const c = F.col;
    const id = F.ids[f];
    const sd = e.production.tfp_sigma;
    c.product[f] = g;
    c.sector[f] = r.sectorOf[g];
    c.tile[f] = P.col.tile[investor];
    c.owner[f] = P.col.household[investor];
    c.founded[f] = world.tick;
    c.technology[f] = Math.exp(sd * normal(key, id, 2) - (sd * sd) / 2);
    c.capacity[f] = Math.pow(1 - uniform(key, id, 3), -1 / e.production.size_pareto_alpha);
    c.price[f] = entrantPrice(gc.price[g], fb.entry_price_spread, normal(key, id, 4));
    c.wage_offer[f] = offer;
    c.unit_cost[f] = c.price[f] / (1 + e.initial_markup);
    c.markup[f] = e.initial_markup;
    c.expected_demand[f] = 0.5 * e.production.output_per_worker * c.capacity[f];
    c.vacancies[f] = Math.ceil(c.capacity[f]);
    world.ledger.transfer(P.col.wealth, investor, c.cash, f, capital, FLOW.entry_capital);
    world.events.emit(EVENTS.code.firm_entry, id, c.owner[f], c.tile[f], capital);
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
