/**
 * The economy's settling days: before day 0, the economy (firms, markets, banks, the
 * government) runs `economy.settle_days` days on the population the scenario built, held still
 * (no births, deaths, ageing, partnering, moves, weather or technological change, which start
 * at day 0), and those days then become the past: the clock goes back to 0, the tick stamps of
 * what happened in them move back with it, and their records (KPIs, events, the day's ledger
 * flows, timings) are dropped; the money created and destroyed since the start keeps them, as
 * the banks' books do. The run starts from a state the model's own dynamics produced, as
 * agent-based models discard their transient (Dosi, Fagiolo & Roventini 2010, JEDC 34:1748, the
 * first periods of each run; Caiani et al. 2016, JEDC 69:375, initialised near a steady state
 * and still run in). Firms' wage indexation (`economy.firm_behaviour.wage_indexation`) is held
 * too, for the reason the central bank's decisions are: the settling days' price rise is the
 * solve's prices moving to the markups the price rule settles at, not inflation anyone lived
 * through, and offers indexed to it started runs in a slump (50k tiny_island, seed 1, banks and
 * asset purchases on: unemployment 13.9% in year one, against 8.5% without indexation).
 * Measured on tiny_island, a start from the solved balance alone went through a year of
 * destocking, vacancies of 14% of jobs, markups a third above their norm and a CPI 17% higher
 * (docs/economy.md, "Settling days").
 *
 * @module
 */
import type { Scheduler } from "./core/scheduler.ts";
import { NULL_REF, type Table } from "./core/table.ts";
import type { ScenarioConfig } from "./scenario/schema.ts";
import type { SimWorld } from "./world.ts";

/**
 * Systems held still while the economy settles: the population's, the weather's,
 * technological change (what a run studies as history starts at day 0: technologies are
 * discovered, imitated and adopted in the run, so their diffusion curves lie in it) and the
 * central bank's decisions (policy answering the transient the settling days are there to
 * discard turned it into a slump the run started in; its rate stays at the opening one while it
 * reads the CPI, see finance/central_bank.ts).
 */
const HELD: ReadonlySet<string> = new Set([
  "environment",
  "population",
  "migration",
  "technology",
  "technology_stats",
  "monetary_policy",
]);

/**
 * Tick stamps of what the settling days can write, as [table, column, the value that means none]:
 * each moves back by the days settled, so that the ages of firms, spells, price spells and loans
 * count those days. (Stamps only the held systems write stay: birth days, unions, R&D projects,
 * discoveries.) A value meaning none stays: a credit line's maturity, {@link NULL_REF}, and a
 * firm's `invest_until` of 0, no spike under way (lumpy investment).
 */
const STAMPS: readonly (readonly [string, string, number?])[] = [
  ["firms", "founded"],
  ["firms", "transit_due"],
  ["firms", "price_since"],
  ["firms", "invest_until", 0],
  ["persons", "status_since"],
  ["loans", "start"],
  ["loans", "maturity", NULL_REF],
];

/**
 * Runs the settling days of a new world whose systems have run their `init` (a no-op when
 * `economy.settle_days` is 0 or the economy is off). Leaves the world at tick 0.
 */
export function settle(world: SimWorld, scheduler: Scheduler<SimWorld>): void {
  const days = world.config.systems.economy ? world.config.economy.settle_days : 0;
  if (!(days > 0)) return;
  const inForce = world.config;
  world.config = withoutIndexation(inForce);
  for (let d = 0; d < days; d++) scheduler.step(world, HELD);
  world.config = inForce;
  const tables = world.tables as unknown as Record<string, Table>;
  for (const [name, column, none] of STAMPS) {
    const t = tables[name];
    const values = t.col[column] as Int32Array;
    const n = t.length * t.widths[column];
    for (let i = 0; i < n; i++) if (values[i] !== none) values[i] -= days;
  }
  world.tick = 0;
  world.events.beginTick(0);
  world.events.log.length = 0;
  // The ledger's running sums (money created and destroyed since the start) keep the settling
  // days, as the banks' and the central bank's books do, against which they are checked.
  world.ledger.beginTick();
  world.kpis.rows = 0;
  world.kpis.values.fill(NaN);
  scheduler.timings.count = 0;
  // Buffers and caches of the settling days: a world restored from a snapshot has none, and
  // runs on the same, so nothing in them can matter beyond their day.
  world.scratch.clear();
}

/** The `world.scratch` key under which a settle's markups reach the next pass's solve. */
export const START_MARKUPS = "economy.startMarkups";

/**
 * Each good's markup in a settled world: its makers' trend sales at their prices over the same
 * sales at their normal unit costs, less 1 (a mean of the makers' margins weighted by the cost
 * of what each sells); NaN for a good nobody sells. The next pass's solve prices at these
 * (init.ts), so that the start agrees with the markups the price rule settles at rather than its
 * norms.
 */
export function settledMarkups(world: SimWorld): Float64Array {
  const G = world.tables.goods.length;
  const F = world.tables.firms;
  const c = F.col;
  const value = new Float64Array(G);
  const cost = new Float64Array(G);
  for (let f = 0; f < F.length; f++) {
    const q = c.trend_sales[f];
    if (!(q > 0 && c.unit_cost[f] > 0)) continue;
    value[c.product[f]] += q * c.price[f];
    cost[c.product[f]] += q * c.unit_cost[f];
  }
  const out = new Float64Array(G);
  for (let g = 0; g < G; g++) out[g] = cost[g] > 0 ? value[g] / cost[g] - 1 : NaN;
  return out;
}

/**
 * `config` with firms' wage indexation held (the same object when there is none to hold, so
 * that nothing derived from it is made again).
 */
function withoutIndexation(config: ScenarioConfig): ScenarioConfig {
  const fb = config.economy.firm_behaviour;
  if (!(fb.wage_indexation > 0)) return config;
  return {
    ...config,
    economy: { ...config.economy, firm_behaviour: { ...fb, wage_indexation: 0 } },
  };
}
