/**
 * The initial economy: goods rows, firms sized from a Pareto draw and allocated to goods in
 * proportion to the labor that final and intermediate demand need (an input-output solve),
 * workers matched to nearby firms, prices that cover costs at the initial markup, stocks at
 * their base-stock targets, households' money at the buffer-stock steady state of their
 * income and, with housing, their dwellings at the size their income calls for, so the run
 * starts near a balanced state rather than in a transient.
 *
 * @module
 */
import { hash32, normal } from "../../core/rng.ts";
import { SKILLS, Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { PUBLIC_STAFF, publicStaffShare } from "../government/agencies.ts";
import { capitalPerCapacityAt, desiredCapacity } from "./capital.ts";
import { initialDraw, initialFirms, initialTechnology, startKey } from "./start.ts";
import { costPrices, grossOutput, type Recipes } from "./recipes.ts";
import { lowestMarkup, markupNorms } from "./markup_norm.ts";
import { learnedYears, productivity } from "./productivity.ts";
import { thrift } from "./shopping.ts";
import { START_MARKUPS } from "../../settle.ts";
import { output } from "./technology.ts";
import { tasteDraw } from "./taste.ts";
import { openFund } from "./fund.ts";
import { dwellingPerIncome } from "./housing.ts";
import { housingOn, housingUpkeepShare } from "../../scenario/housing_schema.ts";

/**
 * The markups the start is solved at: the goods' norms `norms`, or, on a later pass of the
 * start, the markups the previous settle ended at (settle.ts), a good nobody sold keeping its
 * norm.
 */
function startMarkups(world: SimWorld, norms: Float64Array): Float64Array {
  const settled = world.scratch.get(START_MARKUPS) as Float64Array | undefined;
  if (!settled) return norms;
  return norms.map((n, g) => Number.isFinite(settled[g]) ? settled[g] : n);
}

/** Fills the goods and firms tables, employs the initial workforce and hands out money. */
export function initEconomy(world: SimWorld, r: Recipes): void {
  const cfg = world.config;
  const e = cfg.economy;
  const fb = e.firm_behaviour;
  const key = startKey(world);
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const F = world.tables.firms;
  const Gt = world.tables.goods;
  const G = r.goods;
  const w0 = e.initial_wage;
  const opw = e.production.output_per_worker;

  workedBefore(world, r);
  // Labor force and the employment to start with.
  const labor: number[] = [];
  for (let p = 0; p < P.length; p++) {
    if (P.col.employment[p] === Status.unemployed) labor.push(p);
  }
  const working = Math.round(labor.length * (1 - e.labor.initial_unemployment));
  // With a government, the share of the workforce its staff budgets pay starts in public jobs
  // (`government/agencies.ts`); the firms are sized for the rest.
  const publicJobs = Math.round(working * publicStaffShare(cfg));
  const employed = working - publicJobs;

  // Prices and gross output per good from the input-output structure; labor cost per unit
  // is the wage over what an average member of the labor force makes in each sector.
  const sectors = e.sectors.length;
  const perHead = new Float64Array(sectors);
  for (let s = 0; s < sectors; s++) {
    let sum = 0;
    for (const p of labor) {
      sum += productivity(
        P.col.skills,
        P.col.education[p],
        p,
        r.skillWeights,
        s,
        r.schooling,
      );
    }
    perHead[s] = labor.length > 0 ? sum / labor.length : 1;
  }
  let meanHead = 0;
  for (let s = 0; s < sectors; s++) meanHead += perHead[s] / sectors;
  // Prices at the goods' markup norms, which (with target-return pricing) depend on what the
  // inputs cost at those prices: a few rounds settle both.
  const laborCost = w0 / (opw * meanHead);
  let norms = markupNorms(cfg, r, new Float64Array(r.goods)); // inputs costing nothing, to start
  let price = costPrices(r, laborCost, norms);
  for (let round = 0; round < 20; round++) {
    norms = markupNorms(cfg, r, price);
    price = costPrices(r, laborCost, norms);
  }
  // A second pass of the start (`economy.settle_passes`) prices at the markups the first
  // settle ended at, the norms staying what markups revert to.
  const markups = startMarkups(world, norms);
  if (markups !== norms) price = costPrices(r, laborCost, markups);
  // Households' spending per good: necessities first, the rest by budget shares, out of their
  // income; firms replace the machines that wear out, so the capital good's final demand
  // includes the depreciation of the capacity gross output needs (an inner fixed point). The
  // income is scaled until the labor gross output needs is the workforce to employ: then
  // income equals the value of final consumption, value added less investment, as in the
  // steady state (and necessities, needed per person, are not scaled with it).
  // Firms' capacities are Pareto draws times technology squared (selection has happened),
  // so the workforce works at the capacity-weighted technology of the firms, above the mean
  // of 1: the output it makes, and so the income it earns, is that much higher. (Solving at
  // technology 1 employed a tenth fewer than `initial_unemployment` says.)
  const tfp = initialTechnology(world);
  const psi = capitalPerCapacityAt(cfg, r, price, tfp);
  const u = fb.target_utilisation;
  const depreciation = e.production.depreciation;
  // Productivity of each member of the labor force in each sector (row-major: labor index x
  // sectors), for sorting workers into sectors.
  const prodOf = new Float64Array(labor.length * sectors);
  for (let i = 0; i < labor.length; i++) {
    for (let s = 0; s < sectors; s++) {
      prodOf[i * sectors + s] = productivity(
        P.col.skills,
        P.col.education[labor[i]],
        labor[i],
        r.skillWeights,
        s,
        r.schooling,
      );
    }
  }
  let necessities = 0;
  for (let g = 0; g < G; g++) necessities += r.subsistence[g] * P.length * price[g];
  const finalQty = new Float64Array(G);
  const demandQty = new Float64Array(G);
  let gross: Float64Array = new Float64Array(G);
  let need = 0;
  const workShare = new Float64Array(G);
  const sectorHeads = new Float64Array(sectors);
  let sectorOf: Int32Array = new Int32Array(labor.length);
  // Who has a job is left to chance (a keyed draw per person); who works where is not.
  const chance = labor.map((p) => hash32(key, P.ids[p], 9));
  const drawOrder = Array.from({ length: labor.length }, (_, i) => i).sort((a, b) =>
    chance[a] - chance[b] || a - b
  );
  // The workforce sorts itself into the sectors where it is most productive (below), which
  // raises each sector's productivity per head above the labor force's average, which
  // changes the labor each good needs: a few rounds of solve and sort settle it.
  // With housing, households keep up their dwellings (at the size they want: see housing.ts)
  // out of their income, which buys the capital good and leaves less for consumption.
  const upkeepShare = housingOn(cfg) && r.capitalGood >= 0 ? housingUpkeepShare(cfg) : 0;
  for (let sort = 0; sort < 3; sort++) {
    let income = employed * w0 * (1 + e.initial_markup);
    for (let round = 0; round < 40; round++) {
      const upkeep = upkeepShare * income;
      for (let g = 0; g < G; g++) {
        const spend = r.subsistence[g] * P.length * price[g] +
          r.consumerShare[g] * Math.max(0, income - upkeep - necessities);
        finalQty[g] = spend / price[g];
      }
      demandQty.set(finalQty);
      gross = grossOutput(r, demandQty);
      for (let it = 0; it < 50 && r.capitalGood >= 0; it++) {
        let replacement = 0;
        for (let g = 0; g < G; g++) {
          replacement += depreciation * psi[g] * desiredCapacity(cfg, gross[g], 1, u);
        }
        demandQty[r.capitalGood] = finalQty[r.capitalGood] + replacement +
          upkeep / price[r.capitalGood];
        gross = grossOutput(r, demandQty);
      }
      need = 0;
      for (let g = 0; g < G; g++) need += gross[g] / (opw * perHead[r.sectorOf[g]] * tfp);
      if (!(need > 0) || Math.abs(need / employed - 1) < 1e-9) break;
      income *= employed / need;
    }
    // Workers per good: an average worker of the good's sector makes opw x perHead units a
    // day. `workShare` is the share of the workforce each good needs; it does not depend on
    // how many are employed, so a start with no workforce (a tiny population, everyone in
    // school) still spreads the firms over the goods. With no demand at all (no income and
    // no subsistence needs) the split is undefined and the firms are spread evenly.
    sectorHeads.fill(0);
    for (let g = 0; g < G; g++) {
      workShare[g] = need > 0 ? gross[g] / (opw * perHead[r.sectorOf[g]] * tfp * need) : 1 / G;
      sectorHeads[r.sectorOf[g]] += employed * workShare[g];
    }
    sectorOf = sortIntoSectors(prodOf, sectors, sectorHeads, drawOrder.slice(0, employed));
    const sum = new Float64Array(sectors);
    const heads = new Float64Array(sectors);
    for (let i = 0; i < labor.length; i++) {
      const s = sectorOf[i];
      if (s < 0) continue;
      sum[s] += prodOf[i * sectors + s];
      heads[s]++;
    }
    for (let s = 0; s < sectors; s++) if (heads[s] > 0) perHead[s] = sum[s] / heads[s];
  }
  const workers = new Float64Array(G);
  for (let g = 0; g < G; g++) workers[g] = employed * workShare[g];
  const scale = need > 0 ? employed / need : 0; // units per unit of the solved quantities

  // The macro row (demand shock 0) and the goods rows.
  world.tables.macro.add(1);
  Gt.add(G);
  for (let g = 0; g < G; g++) {
    Gt.col.sector[g] = r.sectorOf[g];
    Gt.col.base_price[g] = price[g];
    Gt.col.price[g] = price[g];
    Gt.col.basic_price[g] = price[g];
    Gt.col.base_quantity[g] = finalQty[g] * scale;
  }

  // Firms per good, capacities from a Pareto draw scaled to the good's workforce.
  const nFirms = initialFirms(world);
  const firmsOf = new Int32Array(G);
  let assigned = 0;
  for (let g = 0; g < G; g++) {
    firmsOf[g] = Math.max(1, Math.floor(nFirms * workShare[g]));
    assigned += firmsOf[g];
  }
  for (let g = 0; assigned < nFirms; g = (g + 1) % G, assigned++) firmsOf[g]++;
  const first = F.add(assigned);
  const c = F.col;
  let row = first;
  for (let g = 0; g < G; g++) {
    let capSum = 0;
    for (let i = 0; i < firmsOf[g]; i++) {
      const f = row + i;
      const draw = initialDraw(world, key, f);
      c.technology[f] = draw.technology;
      c.capacity[f] = draw.capacity;
      capSum += c.capacity[f];
    }
    for (let i = 0; i < firmsOf[g]; i++) {
      const f = row + i;
      c.capacity[f] = Math.max(0.5, (c.capacity[f] * workers[g] * 1.08) / capSum);
      c.product[f] = g;
      c.sector[f] = r.sectorOf[g];
      // Pay per labor unit: an average member of the labor force earns about w0.
      c.wage_offer[f] = (w0 / meanHead) * (1 + 0.03 * normal(key, f, 3));
      c.founded[f] = -1 - (hash32(key, f, 4) % 3650);
      c.taste[f] = tasteDraw(cfg.economy.households.taste_sigma, normal(key, f, 7));
      // Sites and owners: the tile of a random resident, a random household.
      const person = hash32(key, f, 5) % P.length;
      c.tile[f] = P.col.tile[person];
      c.owner[f] = Hh.ids[hash32(key, f, 6) % Hh.length];
    }
    row += firmsOf[g];
  }

  // Head counts: each good's workforce split over its firms by capacity, whole persons by
  // largest remainders, so every good gets the labor its output needs (rounding each firm
  // on its own starved goods made of many small firms by a tenth).
  const quota = firmQuotas(world, workers, tfp);
  // Workers sorted into sectors for the firms' exact head counts, then to nearby firms of
  // their sector: both lists in tile order, each firm takes its share in turn.
  sectorHeads.fill(0);
  let jobs = 0;
  for (let f = 0; f < F.length; f++) {
    sectorHeads[c.sector[f]] += quota[f];
    jobs += quota[f];
  }
  sectorOf = sortIntoSectors(prodOf, sectors, sectorHeads, drawOrder.slice(0, jobs));
  const pc = P.col;
  const rank = new Int32Array(P.length);
  for (let i = 0; i < labor.length; i++) rank[labor[i]] = i;
  const byTile = (a: number, b: number) => P.col.tile[a] - P.col.tile[b] || a - b;
  for (let s = 0; s < sectors; s++) {
    const staff = labor.filter((p) => sectorOf[rank[p]] === s).sort(byTile);
    const firmOrder = [];
    for (let f = 0; f < F.length; f++) if (c.sector[f] === s) firmOrder.push(f);
    firmOrder.sort((a, b) => c.tile[a] - c.tile[b] || a - b);
    let next = 0;
    for (const f of firmOrder) {
      for (let k = 0; k < quota[f] && next < staff.length; k++) {
        const p = staff[next++];
        pc.employment[p] = Status.employed;
        pc.employer[p] = F.ids[f];
        c.employees[f]++;
      }
    }
  }
  if (publicJobs > 0) {
    const kept = drawOrder.slice(jobs, jobs + publicJobs).map((i) => labor[i]);
    world.scratch.set(PUBLIC_STAFF, Int32Array.from(kept));
  }
  for (const p of labor) {
    if (pc.employment[p] === Status.employed) continue;
    const s = r.sectorOf[0];
    const own = productivity(pc.skills, pc.education[p], p, r.skillWeights, s, r.schooling);
    pc.reservation_wage[p] = 0.9 * (w0 / meanHead) * own;
  }

  // Effective labor, planned output, stocks and costs.
  for (let p = 0; p < P.length; p++) {
    if (pc.employment[p] !== Status.employed) continue;
    const f = F.row(pc.employer[p]);
    pc.productivity[p] = productivity(
      pc.skills,
      pc.education[p],
      p,
      r.skillWeights,
      c.sector[f],
      r.schooling,
    );
    c.labor_units[f] += pc.productivity[p];
    pc.wage[p] = c.wage_offer[f] * pc.productivity[p];
    pc.reservation_wage[p] = pc.wage[p];
    c.wage_bill[f] += pc.wage[p];
  }
  const inv = c.inventory;
  for (let f = 0; f < F.length; f++) {
    const g = c.product[f];
    // Capacity in labor units, at the target utilisation.
    c.capacity[f] = Math.max(0.5, c.labor_units[f] / u);
    const out = output(cfg, c.capacity[f], c.labor_units[f], c.technology[f]);
    // Sales the firm can sustain: output less what spoils of a stock at its target.
    c.expected_demand[f] = out / (1 + r.perish[g] * fb.inventory_cover_days);
    c.potential_output[f] = out;
    // Yesterday's demand and sales as in the steady state, so the first day's smoothing of
    // demand and profit starts where the economy is instead of from zero.
    c.demand_today[f] = c.expected_demand[f];
    c.trend_sales[f] = c.expected_demand[f];
    c.capacity_sales[f] = c.expected_demand[f];
    c.sales_today[f] = c.expected_demand[f];
    c.output_today[f] = c.expected_demand[f];
    inv[f * G + g] = fb.inventory_cover_days * c.expected_demand[f];
    for (let k = 0; k < G; k++) {
      inv[f * G + k] += fb.input_cover_days * r.inputs[g * G + k] * out;
    }
    // Normal unit cost, as the pricing rule computes it.
    let inputs = 0;
    for (let k = 0; k < G; k++) inputs += r.inputs[g * G + k] * price[k];
    const perUnit = c.labor_units[f] > 0 ? c.wage_bill[f] / c.labor_units[f] : c.wage_offer[f];
    c.unit_cost[f] = perUnit / (c.technology[f] * opw) + inputs;
    c.cash[f] = fb.cash_buffer_days * c.wage_bill[f];
  }
  // One price per good at the start: (1 + markup) x the output-weighted mean unit cost. Each
  // firm's markup is what that price leaves over its own cost, so buyers' price comparison
  // starts neutral and demand meets each firm's capacity; markups then adapt (a firm with
  // better technology starts with a fatter margin, room to undercut and grow).
  const value = new Float64Array(G);
  const units = new Float64Array(G);
  for (let f = 0; f < F.length; f++) {
    value[c.product[f]] += c.unit_cost[f] * c.expected_demand[f];
    units[c.product[f]] += c.expected_demand[f];
  }
  for (let g = 0; g < G; g++) {
    if (units[g] > 0) price[g] = (1 + markups[g]) * (value[g] / units[g]);
    Gt.col.markup_norm[g] = norms[g];
    Gt.col.base_price[g] = price[g];
    Gt.col.price[g] = price[g];
    Gt.col.basic_price[g] = price[g];
  }
  for (let f = 0; f < F.length; f++) {
    c.price[f] = price[c.product[f]];
    const norm = norms[c.product[f]];
    c.markup[f] = Math.max(lowestMarkup(fb.markup_floor, norm), c.price[f] / c.unit_cost[f] - 1);
    c.profit[f] = c.expected_demand[f] * (c.price[f] - c.unit_cost[f]);
  }
  for (let g = 0; g < G; g++) Gt.col.stock[g] = 0;
  for (let f = 0; f < F.length; f++) {
    for (let k = 0; k < G; k++) Gt.col.stock[k] += inv[f * G + k];
  }

  // Households' money: the buffer-stock steady state of their income.
  const hb = e.households;
  const hhIncome = new Float64Array(Hh.length);
  const adults = new Int32Array(Hh.length);
  // Income = the value of final output (so demand starts equal to supply): wages, and the
  // rest as dividends spread over households.
  let finalValue = 0;
  for (let f = 0; f < F.length; f++) {
    const g = c.product[f];
    let inputs = 0;
    for (let k = 0; k < G; k++) inputs += r.inputs[g * G + k] * price[k];
    finalValue += c.expected_demand[f] * (c.price[f] - inputs);
  }
  let wages = 0;
  for (let p = 0; p < P.length; p++) {
    const h = Hh.row(pc.household[p]);
    if (pc.employment[p] === Status.employed) {
      hhIncome[h] += pc.wage[p];
      wages += pc.wage[p];
    }
    if (pc.age[p] >= 18) adults[h]++;
  }
  // Firms retain what replacing their machines costs; the rest of the profit is paid out.
  const finalPsi = capitalPerCapacityAt(cfg, r, price, tfp);
  let investment = 0;
  if (r.capitalGood >= 0) {
    for (let f = 0; f < F.length; f++) {
      // Machines on order: the replacement of what wears out, as in the steady state.
      c.capital_order[f] = depreciation * c.capacity[f] * finalPsi[c.product[f]];
      investment += c.capital_order[f] * price[r.capitalGood];
    }
  }
  const dividendPerHousehold = Math.max(0, finalValue - wages - investment) / Hh.length;
  // The buffer-stock steady state: money above the buffer is spent at consume_wealth a month,
  // and with the upkeep of the dwelling it pays for, on the income not consumed.
  const saving = ((1 - hb.consume_income - upkeepShare) * 30) / hb.consume_wealth;
  for (let h = 0; h < Hh.length; h++) {
    Hh.col.thrift[h] = thrift(world.seed, Hh.ids[h], hb.thrift_sigma);
    hhIncome[h] += dividendPerHousehold;
    Hh.col.permanent_income[h] = hhIncome[h];
  }
  if (upkeepShare > 0) {
    world.tables.macro.col.dwelling_price[0] = price[r.capitalGood];
    world.tables.macro.col.house_price[0] = price[r.capitalGood];
    const perIncome = dwellingPerIncome(world);
    for (let h = 0; h < Hh.length; h++) {
      Hh.col.housing_income[h] = hhIncome[h];
      Hh.col.dwelling[h] = perIncome * hhIncome[h];
    }
  }
  for (let p = 0; p < P.length; p++) {
    const h = Hh.row(pc.household[p]);
    const members = adults[h] > 0 ? adults[h] : Hh.col.size[h];
    if (adults[h] > 0 && pc.age[p] < 18) continue;
    const target = hb.buffer_months * 30 * Hh.col.thrift[h] + saving;
    pc.wealth[p] = (hhIncome[h] * target * e.initial_money_scale) / members;
  }
  openFund(world);
  assignSuppliers(world, r);
}

/**
 * Each firm's supplier of each input (and of machines) at the start, so that every seller's
 * business orders are its share of the good's business demand, as households' purchases are
 * its share of theirs. Left to chance on the first day, a large buyer landing on a small
 * seller emptied its stock in days while other sellers lost their customers: a start-up
 * reshuffle of output and hiring that showed as a first-year boom. Buyers, largest daily
 * need first, go to the seller with the most room left (room: the seller's share of output
 * times the good's business demand), the longest-processing-time rule for balancing loads
 * (Graham 1969, SIAM J. Appl. Math. 17:416); ties go to the lower row.
 */
function assignSuppliers(world: SimWorld, r: Recipes): void {
  const F = world.tables.firms;
  const c = F.col;
  const G = r.goods;
  const n = F.length;
  const need = new Float64Array(n);
  const room = new Float64Array(n);
  for (let k = 0; k < G; k++) {
    let demand = 0;
    let made = 0;
    const buyers: number[] = [];
    const sellers: number[] = [];
    for (let f = 0; f < n; f++) {
      if (c.product[f] === k) {
        sellers.push(f);
        made += c.output_today[f];
      }
      const q = k === r.capitalGood
        ? c.capital_order[f]
        : r.inputs[c.product[f] * G + k] * c.output_today[f];
      if (q > 0 && c.product[f] !== k) {
        need[f] = q;
        demand += q;
        buyers.push(f);
      }
    }
    if (sellers.length === 0 || buyers.length === 0) continue;
    for (const s of sellers) room[s] = made > 0 ? (demand * c.output_today[s]) / made : 0;
    buyers.sort((a, b) => need[b] - need[a] || a - b);
    // Sellers in a binary max-heap by room left.
    const heap = sellers.slice().sort((a, b) => room[b] - room[a] || a - b);
    const above = (a: number, b: number) => room[a] > room[b] || (room[a] === room[b] && a < b);
    for (const b of buyers) {
      const s = heap[0];
      c.supplier[b * G + k] = F.ids[s];
      room[s] -= need[b];
      // Sift the root down.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let top = i;
        if (l < heap.length && above(heap[l], heap[top])) top = l;
        if (rr < heap.length && above(heap[rr], heap[top])) top = rr;
        if (top === i) break;
        [heap[i], heap[top]] = [heap[top], heap[i]];
        i = top;
      }
    }
  }
}

/**
 * Whole head counts per firm row: good g's `workers[g]` (at the expected technology `tfp`),
 * times `tfp` over the capacity-weighted mean technology its firms drew, split over them in
 * proportion to capacity by largest remainders (ties to the lower row).
 */
function firmQuotas(world: SimWorld, workers: Float64Array, tfp: number): Int32Array {
  const F = world.tables.firms;
  const c = F.col;
  const G = workers.length;
  const capSum = new Float64Array(G);
  const techSum = new Float64Array(G);
  for (let f = 0; f < F.length; f++) {
    capSum[c.product[f]] += c.capacity[f];
    techSum[c.product[f]] += c.capacity[f] * c.technology[f];
  }
  // A good whose firms drew better technology needs fewer hands for the same output.
  const heads = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    heads[g] = techSum[g] > 0 ? Math.round((workers[g] * tfp * capSum[g]) / techSum[g]) : 0;
  }
  const quota = new Int32Array(F.length);
  const rest = new Float64Array(F.length);
  const left = Float64Array.from(heads);
  for (let f = 0; f < F.length; f++) {
    const g = c.product[f];
    const exact = capSum[g] > 0 ? (heads[g] * c.capacity[f]) / capSum[g] : 0;
    quota[f] = Math.floor(exact);
    rest[f] = exact - quota[f];
    left[g] -= quota[f];
  }
  const order = Array.from({ length: F.length }, (_, f) => f).sort((a, b) =>
    rest[b] - rest[a] || a - b
  );
  for (const f of order) {
    const g = c.product[f];
    if (left[g] >= 1) {
      quota[f]++;
      left[g]--;
    }
  }
  return quota;
}

/**
 * Gives the labor force at the start the skills of the careers it has already had. On-the-job
 * learning raises skills while employed and they decay while unemployed (see production), so
 * in the long run a worker's skills grow with experience, the experience profile of wages
 * (Mincer 1974; Becker 1964). A population that started with every adult at their birth skills
 * would spend decades catching up, a productivity boom that is an artefact of the start.
 * Each member of the labor force instead starts with each skill `k` times the expected net
 * learning of their years `y` since they could first work,
 * `exp(365 ((1 - u) l_k e(y) - u d y))` at the initial unemployment rate `u` and decay `d`,
 * where `e(y)` is the years of full-rate learning in `y` as learning slows with experience
 * (`learnedYears`), and `l_k` is the daily gain of skill `k` early on the job
 * (`learning_rate` x 8 x its weight, see production) in the sector where the
 * worker's birth skills and schooling make them most productive: a career is mostly spent in
 * one sector (workers sort into sectors by productivity, Roy 1951, and learning there widens
 * their lead), and a skill that sector weighs heavily grows fastest. (Learning at the weights
 * averaged over sectors gave older workers 0.2 log points too little, which the run then made
 * up for over decades: 0.8% a year of productivity growth from the start alone.)
 */
function workedBefore(world: SimWorld, r: Recipes): void {
  const cfg = world.config;
  const prod = cfg.economy.production;
  const u = cfg.economy.labor.initial_unemployment;
  const sectors = r.skillWeights.length / SKILLS;
  // perYear[s * SKILLS + k]: yearly log gain of skill k early in a career in sector s, while
  // employed (share 1 - u of the time).
  const perYear = new Float64Array(sectors * SKILLS);
  for (let s = 0; s < sectors; s++) {
    for (let k = 0; k < SKILLS; k++) {
      perYear[s * SKILLS + k] = 365 * (1 - u) * prod.learning_rate * SKILLS *
        r.skillWeights[s * SKILLS + k];
    }
  }
  const lost = 365 * u * prod.skill_decay;
  const P = world.tables.persons;
  const pc = P.col;
  for (let p = 0; p < P.length; p++) {
    if (pc.employment[p] !== Status.unemployed) continue;
    let best = 0;
    let most = -Infinity;
    for (let s = 0; s < sectors; s++) {
      const q = productivity(pc.skills, pc.education[p], p, r.skillWeights, s, r.schooling);
      if (q > most) {
        most = q;
        best = s;
      }
    }
    const years = Math.max(0, pc.age[p] - r.workStart[pc.education[p]]);
    const learned = learnedYears(years, prod.experience_peak_years);
    for (let k = 0; k < SKILLS; k++) {
      const gain = perYear[best * SKILLS + k] * learned - lost * years;
      const s = pc.skills[p * SKILLS + k] * Math.exp(gain);
      pc.skills[p * SKILLS + k] = s > 5 ? 5 : s;
    }
  }
}

/**
 * The sector of each member of the labor force at the start (index into `prod`, which holds
 * each one's productivity in each of `sectors` sectors), or -1 for those without a job: the
 * workers in `pool` (labor force indices) fill `heads[s]` jobs (rounded) in each sector `s`.
 * Firms pay the same per labor unit, so each worker earns most where they are most
 * productive, and on-the-job search moves workers there (Roy 1951, Oxford Econ. Papers
 * 3:135); a start that placed workers by where they live left a fifth of them to move
 * within a few years, a productivity boom that is an artefact of the start. Workers choose in
 * turn, the most productive (at their best) first, each the best sector with room left: a
 * serial dictatorship (Abdulkadiroglu & Sonmez 1998, Econometrica 66:689). One sort of the
 * pool, O(n log n) (pairs of worker and sector sorted together took 4 s at 500k persons).
 */
function sortIntoSectors(
  prod: Float64Array,
  sectors: number,
  heads: Float64Array,
  pool: number[],
): Int32Array {
  const out = new Int32Array(prod.length / sectors).fill(-1);
  const room = Float64Array.from(heads, Math.round);
  const best = new Float64Array(out.length);
  for (const i of pool) {
    let top = 0;
    for (let s = 0; s < sectors; s++) top = Math.max(top, prod[i * sectors + s]);
    best[i] = top;
  }
  const order = Int32Array.from(pool).sort((a, b) => best[b] - best[a] || a - b);
  for (const i of order) {
    let pick = -1;
    for (let s = 0; s < sectors; s++) {
      if (room[s] >= 1 && (pick < 0 || prod[i * sectors + s] > prod[i * sectors + pick])) pick = s;
    }
    if (pick < 0) break;
    out[i] = pick;
    room[pick]--;
  }
  return out;
}
