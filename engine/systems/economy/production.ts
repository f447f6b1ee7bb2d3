/**
 * Production (phase "production"). Order of one daily update:
 * 1. yesterday's demand and profit enter the firms' smoothed expectations; today's market
 *    counters and the households' income are reset; delayed inputs that are due arrive;
 * 2. one pass over persons: effective labor per firm, wages paid with yesterday's overtime
 *    premium (firm -> person; the goods market counts them in the households' income), skills
 *    grow with work, more slowly as experience accumulates (Mincer's concave profile), and
 *    decay without it;
 * 3. each firm produces min(value-added capacity f(K, L), inputs on hand / recipe, plan),
 *    using up its inputs; stocks spoil; capacity depreciates;
 * 4. firms whose turn it is draw their productivity shock since their last turn and decide
 *    (rules policy through the verbs);
 * 5. firms buy inputs for the coming days from their suppliers (`choose_supplier` when the
 *    supplier is gone, short of stock or undercut), delivered now or after the latency; the
 *    supplier counts as demand the order rate of a stock-adjustment rule (usage plus the
 *    stock gap over `input_cover_days`), not the whole gap; firms take today's share of
 *    their machine orders from their capital-goods supplier the same way;
 * 6. once every firm cycle, cash above the buffer repays overdraft credit, then dividends
 *    are paid to the owners' adult members;
 * 7. negative balances are drawn as overdraft credit (money created, recorded as debt).
 *
 * @module
 */
import { normal, uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { NULL_REF, rowOrNull } from "../../core/table.ts";
import { derived, scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import { SKILLS, Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { publicSector } from "../government/agencies.ts";
import { chargeEmployerContributions } from "../government/transfers.ts";
import { initEconomy } from "./init.ts";
import { learningLeft, productivity } from "./productivity.ts";
import { type Recipes, recipesOf } from "./recipes.ts";
import { decideFirm } from "./rules_policy.ts";
import { sampleSeller, type SellerIndex, sellerIndex, sellersByGood } from "./sellers.ts";
import { capitalTerm, evolveTechnology, laborFor, output, profitableLabor } from "./technology.ts";
import { evolveTaste } from "./taste.ts";
import { chooseSupplier } from "./verbs.ts";

/** Scratch buffer: each person row's pay today (production writes it, the goods market reads). */
export const PAID = "economy.paid";
import { buyOrderedMachines } from "./investment.ts";
import { machineValues } from "./capital.ts";
import { creditLeft, creditToRepay, drawOverdrafts, repayCredit } from "./credit.ts";
import { fundUnits, payHolders } from "./fund.ts";
import { distributeToAdults } from "./payouts.ts";

/** The production system. */
export const production: System<SimWorld> = {
  name: "production",
  phase: "production",
  doc: "Wages, production with inputs, firm decisions, input purchases, dividends.",
  enabled: (cfg) => cfg.systems.economy,
  init(world) {
    initEconomy(world, recipesOf(world));
  },
  update(world, ctx) {
    const r = recipesOf(world);
    startDay(world, r);
    updateSkills(world, r);
    payAndProduce(world, r);
    const sellers = sellerIndex(world);
    decideFirms(world, r, ctx.key(0), ctx.key(2));
    buyInputs(world, r, sellers, ctx.key(1));
    payDividends(world);
    drawOverdrafts(world);
  },
};

/**
 * The firms whose cycle ends today (every `firm_days`, staggered by id) draw their TFP and taste
 * shocks and decide: a loop of calls in a function of its own, apart from the update's other code.
 */
function decideFirms(world: SimWorld, r: Recipes, key: number, shocks: number): void {
  const F = world.tables.firms;
  const days = world.config.ai.cadence.firm_days;
  const tick = world.tick;
  for (let f = 0; f < F.length; f++) {
    if ((F.ids[f] + tick) % days !== 0) continue;
    evolveTechnology(world, f, days, normal(shocks, F.ids[f], 0));
    evolveTaste(world, f, days, normal(shocks, F.ids[f], 1));
    decideFirm(world, f, key, r);
  }
}

function startDay(world: SimWorld, r: Recipes): void {
  const F = world.tables.firms;
  const c = F.col;
  const G = r.goods;
  const m = world.config.economy.firm_behaviour.demand_memory;
  const pm = world.config.economy.firm_behaviour.profit_memory;
  const tm = world.config.economy.firm_behaviour.trend_memory;
  const ctm = world.config.economy.firm_behaviour.capacity_trend_memory;
  const tick = world.tick;
  const gp = world.tables.goods.col.basic_price;
  const tech = world.config.systems.technology;
  for (let f = 0; f < F.length; f++) {
    if (tick > 0) {
      c.expected_demand[f] = (1 - m) * c.expected_demand[f] + m * c.demand_today[f];
      c.trend_sales[f] = (1 - tm) * c.trend_sales[f] + tm * c.sales_today[f];
      c.capacity_sales[f] = (1 - ctm) * c.capacity_sales[f] + ctm * c.sales_today[f];
      const g = c.product[f];
      let inputs = 0;
      for (let j = r.inputStart[g]; j < r.inputStart[g + 1]; j++) {
        const k = r.inputGoods[j];
        inputs += r.inputs[g * G + k] * gp[k];
      }
      if (tech) inputs *= c.input_use[f];
      const revenue = c.sales_today[f] * c.price[f];
      // With technologies, researchers' wages are R&D, an investment (capitalised in the
      // national accounts since the 2008 SNA), not a cost of today's output.
      const wages = tech ? c.wage_bill[f] * (1 - c.research_share[f]) : c.wage_bill[f];
      const cost = wages + c.output_today[f] * inputs;
      c.profit[f] = (1 - pm) * c.profit[f] + pm * (revenue - cost);
    }
    c.demand_today[f] = 0;
    c.sales_today[f] = 0;
    c.output_today[f] = 0;
    for (let g = 0; g < G; g++) {
      const i = f * G + g;
      if (c.in_transit[i] > 0 && tick >= c.transit_due[i]) {
        c.inventory[i] += c.in_transit[i];
        c.in_transit[i] = 0;
      }
    }
  }
  const gc = world.tables.goods.col;
  for (let g = 0; g < G; g++) {
    gc.produced[g] =
      gc.consumed[g] =
      gc.intermediate[g] =
      gc.invested[g] =
        0;
    gc.wasted[g] =
      gc.unmet[g] =
      gc.spending[g] =
      gc.dwellings_built[g] =
        0;
  }
  const Hh = world.tables.households;
  Hh.col.income_today.fill(0, 0, Hh.length);
}

/** Layout of a firm's record in the pay loop of {@link payWages}. */
const PAY = { factor: 0, units: 1, cash: 2, bill: 3, size: 4 } as const;

/**
 * Skills change slowly: each person's are updated once every `skill_update_days` (staggered by
 * id) with that many days of learning on the job (public employees too, in public work) or of
 * decay while unemployed, which is also when the cached productivity is refreshed. This keeps
 * the daily pay loop off the 8 skill columns, and off any call: after a call inside a loop, V8
 * reloads every typed array the loop reads, at every row.
 */
function updateSkills(world: SimWorld, r: Recipes): void {
  const prod = world.config.economy.production;
  const P = world.tables.persons;
  const pc = P.col;
  const schooling = r.schooling;
  const weights = r.skillWeights;
  const days = prod.skill_update_days;
  const learn = prod.learning_rate * SKILLS * days;
  // Learning slows with potential experience (age less the age work could start).
  const peak = prod.experience_peak_years;
  const workStart = r.workStart;
  const decay = Math.pow(1 - prod.skill_decay, days);
  const publicWork = publicSector(world.config);
  const firmRow = world.tables.firms.rowOf;
  const sector = world.tables.firms.col.sector;
  // The persons due today are the ids that leave the tick's remainder: they are visited by
  // stepping through the id index, a thirtieth of the rows with monthly updates, where a pass
  // over every row tested each id (1.3 ms a day at 500,000 persons). Each person's update is
  // its own, so the order of the visits changes nothing.
  const rowOfId = P.rowOf;
  const end = Math.min(P.nextId, rowOfId.length);
  for (let id = world.tick % days; id < end; id += days) {
    const p = rowOfId[id];
    if (p < 0) continue; // the id of a person who has died or left
    const status = pc.employment[p];
    if (status === Status.employed) {
      const f = rowOrNull(firmRow, pc.employer[p]);
      const rate = learn * learningLeft(pc.age[p] - workStart[pc.education[p]], peak);
      learnOnJob(pc, p, f >= 0 ? sector[f] : publicWork, rate, weights, schooling);
    } else if (status === Status.unemployed) {
      const o = p * SKILLS;
      for (let k = 0; k < SKILLS; k++) pc.skills[o + k] *= decay;
    }
  }
}

/**
 * Pays today's wages: each firm's employees their wage times the firm's pay factor (overtime),
 * from the firm's cash; sets the firms' labor units and wage bills and today's pay by person
 * (`PAID`). Returns the wages paid.
 */
function payWages(world: SimWorld): number {
  const cfg = world.config;
  const P = world.tables.persons;
  const F = world.tables.firms;
  const pc = P.col;
  const fc = F.col;
  const premium = cfg.economy.firm_behaviour.overtime_premium;
  // Today's pay by person row: the goods market adds it to the households' income in the
  // pass over persons it makes anyway (rows do not move in between).
  const paid = scratch(world, PAID, Float64Array, P.length);
  let wages = 0;
  // The hot loop over persons: plain indexed arrays. Employees of a firm are scattered over
  // the persons' rows, so what the loop reads and writes of their firm is packed into one
  // record per firm (PAY: pay factor, labor units, cash, wage bill), one cache line instead of
  // four, and written back after. Records are by firm id + 1, so the employer reference finds
  // its record in one random read (through the row index it took two in a chain); record 0
  // stands for "no firm" (persons without a job, public employees, `NULL_REF` + 1) with a pay
  // factor of 0, so every person goes through the same steps without a branch on who is
  // employed. Ids of firms gone leave records nobody reads.
  const nf = F.length;
  const ids = F.ids;
  const firm = scratch(world, "economy.payRecords", Float64Array, (F.nextId + 1) * PAY.size);
  firm.fill(0, 0, PAY.size);
  for (let f = 0; f < nf; f++) {
    const o = (ids[f] + 1) * PAY.size;
    firm[o + PAY.factor] = payFactor(premium, fc.overtime[f]);
    firm[o + PAY.units] = 0;
    firm[o + PAY.cash] = fc.cash[f];
    firm[o + PAY.bill] = 0;
  }
  const employer = pc.employer;
  const unitsOf = pc.productivity;
  const wage = pc.wage;
  const wealth = pc.wealth;
  for (let p = 0; p < P.length; p++) {
    const o = (employer[p] + 1) * PAY.size;
    // Labor units and the wage bill are f32 columns: rounded as storing them would.
    firm[o + PAY.units] = Math.fround(firm[o + PAY.units] + unitsOf[p]);
    // The government pays its employees (`government/transfers.ts`): 0 here, as for persons
    // without a job.
    const w = wage[p] * firm[o + PAY.factor];
    wealth[p] += w;
    paid[p] = w;
    firm[o + PAY.cash] -= w;
    firm[o + PAY.bill] = Math.fround(firm[o + PAY.bill] + w);
    wages += w;
  }
  for (let f = 0; f < nf; f++) {
    const o = (ids[f] + 1) * PAY.size;
    fc.labor_units[f] = firm[o + PAY.units];
    fc.cash[f] = firm[o + PAY.cash];
    fc.wage_bill[f] = firm[o + PAY.bill];
  }
  return wages;
}

/**
 * A day's pay as a multiple of the normal day's wage when yesterday's hours were `overtime`
 * above normal (a share of normal hours), each overtime hour paid at 1 + `premium` times the
 * normal hour: time and a half at 0.5, as the Fair Labor Standards Act of 1938 requires
 * (29 U.S.C. 207(a)). The firm's overtime rule weighs an hour at the same cost.
 */
function payFactor(premium: number, overtime: number): number {
  return 1 + (1 + premium) * overtime;
}

/** Pays today's wages ({@link payWages}), then each firm makes its day's output. */
function payAndProduce(world: SimWorld, r: Recipes): void {
  const cfg = world.config;
  const prod = cfg.economy.production;
  const F = world.tables.firms;
  const fc = F.col;
  const premium = cfg.economy.firm_behaviour.overtime_premium;
  world.ledger.record(FLOW.wages, payWages(world));
  if (cfg.systems.government) chargeEmployerContributions(world);

  const G = r.goods;
  const fb = cfg.economy.firm_behaviour;
  const gc = world.tables.goods.col;
  const inv = fc.inventory;
  const depreciation = 1 - prod.depreciation;
  const tech = cfg.systems.technology;
  const whenProfitable = fb.overtime_when_profitable;
  for (let f = 0; f < F.length; f++) {
    const g = fc.product[f];
    // With technologies, researchers are paid but do not produce, and the firm's machines
    // make each worker more productive (labor-augmenting: output per machine is what it was,
    // as in the K+S vintages) and set how much of each input a unit takes.
    const embodied = tech ? fc.embodied[f] : 1;
    const labor = tech
      ? fc.labor_units[f] * (1 - fc.research_share[f]) * embodied
      : fc.labor_units[f];
    const use = tech ? fc.input_use[f] : 1;
    // Normal unit cost: the wage of one labor unit over what it makes at design capacity,
    // plus inputs at market prices (average cost would explode when output is low).
    let inputsPerUnit = 0;
    for (let j = r.inputStart[g]; j < r.inputStart[g + 1]; j++) {
      const k = r.inputGoods[j];
      inputsPerUnit += r.inputs[g * G + k] * gc.basic_price[k];
    }
    inputsPerUnit *= use;
    // Normal cost counts normal hours: the wage bill less yesterday's overtime pay.
    const wagePerUnit = fc.labor_units[f] > 0
      ? fc.wage_bill[f] / payFactor(premium, fc.overtime[f]) / fc.labor_units[f]
      : fc.wage_offer[f];
    // Hours flex up to `effort_max` above normal, paid at the overtime premium, so a firm
    // short of stock catches up without hiring, at a cost: the intensive margin of labor
    // demand (Fair 1969, The Short-Run Demand for Workers and Hours; Burnside, Eichenbaum &
    // Rebelo 1993, JPE 101:245). With `overtime_when_profitable` it works overtime only while
    // an extra hour's output, at its price less inputs, pays the hour at the premium: with its
    // staff and machines fixed the marginal product of hours falls, so the hours worked are
    // where their marginal revenue meets their marginal cost, the firm's choice of overtime
    // (Ehrenberg 1971, Fringe Benefits and Overtime Behavior; Hart 2004, The Economics of
    // Overtime Working, ch. 2). Without it hours flex to `effort_max` whatever they cost.
    // The capacity's term of the production function, which the three calls below share.
    const capacity = fc.capacity[f];
    const kt = capitalTerm(cfg, capacity);
    let effort = 1 + fb.effort_max;
    if (whenProfitable && labor > 0) {
      const hourCost = (1 + premium) * wagePerUnit * fc.labor_units[f] / labor;
      const margin = fc.price[f] - inputsPerUnit;
      const paying = profitableLabor(cfg, capacity, fc.technology[f], margin, hourCost, kt);
      effort = Math.max(1, Math.min(1 + fb.effort_max, paying / labor));
    }
    const cap = output(cfg, capacity, labor * effort, fc.technology[f], kt);
    let limit = cap;
    for (let j = r.inputStart[g]; j < r.inputStart[g + 1]; j++) {
      const k = r.inputGoods[j];
      const a = r.inputs[g * G + k] * use;
      if (a > 0) {
        const q = inv[f * G + k] / a;
        if (q < limit) limit = q;
      }
    }
    const demand = fc.expected_demand[f];
    // Make today's expected sales, what the stock will lose to spoilage, and a share of the
    // gap to the base-stock target (Sterman's stock-adjustment rule).
    const stock = inv[f * G + g];
    const gap = fb.inventory_cover_days * demand - stock;
    const plan = Math.max(
      0,
      demand + r.perish[g] * stock + gap / Math.max(1, fb.inventory_cover_days),
    );
    const q = plan < limit ? plan : limit;
    fc.potential_output[f] = limit;

    if (q > 0) {
      for (let j = r.inputStart[g]; j < r.inputStart[g + 1]; j++) {
        const k = r.inputGoods[j];
        const a = r.inputs[g * G + k] * use;
        if (a <= 0) continue;
        const i = f * G + k;
        const used = Math.min(inv[i], a * q);
        inv[i] -= used;
        gc.intermediate[k] += used;
      }
      inv[f * G + g] += q;
      gc.produced[g] += q;
      fc.output_today[f] = q;
    }
    fc.unit_cost[f] = wagePerUnit / (fc.technology[f] * embodied * prod.output_per_worker) +
      inputsPerUnit;
    // Hours beyond normal that today's output took, paid at the premium tomorrow.
    const hours = q > 0 && labor > 0
      ? laborFor(cfg, q, capacity, fc.technology[f], kt) / labor - 1
      : 0;
    fc.overtime[f] = hours > 0 ? Math.min(fb.effort_max, hours) : 0;
    fc.capacity[f] *= depreciation;
    // Spoilage of perishable stock.
    for (let k = 0; k < G; k++) {
      const rate = r.perish[k];
      if (rate <= 0) continue;
      const i = f * G + k;
      const lost = inv[i] * rate;
      inv[i] -= lost;
      gc.wasted[k] += lost;
    }
  }
}

function buyInputs(world: SimWorld, r: Recipes, sellers: SellerIndex, key: number): void {
  const cfg = world.config;
  const fb = cfg.economy.firm_behaviour;
  const F = world.tables.firms;
  const c = F.col;
  const G = r.goods;
  const inv = c.inventory;
  const latency = cfg.economy.enable_supply_chain_latency ? cfg.economy.supply_latency_days : 0;

  let spent = 0;
  const visits = fb.supplier_visits;
  const bySize = visits > 1 ? sellersByGood(world) : null;
  const values = machineValues(world);
  const tech = cfg.systems.technology;
  const order = derived(world, "production.order", () => new Order());
  // The credit each firm can still draw does not change while firms buy (debt and the banks'
  // lending room move after, in drawOverdrafts, and capacity only as a firm's own machines
  // arrive, after it has looked): looked up once, at its first purchase of inputs or machines
  // (NaN: not yet).
  const credits = scratch(world, "production.credits", Float64Array, F.length);
  credits.fill(NaN, 0, F.length);
  for (let f = 0; f < F.length; f++) {
    const g = c.product[f];
    const id = F.ids[f];
    const use = tech ? c.input_use[f] : 1;
    for (let j = r.inputStart[g]; j < r.inputStart[g + 1]; j++) {
      const k = r.inputGoods[j];
      const a = r.inputs[g * G + k] * use;
      if (a <= 0) continue;
      const i = f * G + k;
      const usage = a * Math.max(c.expected_demand[f], c.output_today[f]);
      const need = fb.input_cover_days * usage - inv[i] - c.in_transit[i];
      if (need <= 0) continue;
      order.need = need;
      order.draw = uniform(key, id, k);
      const s = supplierFor(world, f, k, sellers, order);
      if (s < 0) continue;
      // Suppliers hear an order rate, not the whole stock gap: expected usage plus the gap
      // spread over the cover horizon, the stock-adjustment ordering rule (Sterman 1989,
      // Management Science 35(3); the rule firms use for their own production plan). Counting
      // an unfilled gap again every day as demand fed back through suppliers' own input
      // orders: with a long cover the loop gain passed 1 and orders grew without bound.
      const rate = Math.min(need, usage + need / Math.max(1, fb.input_cover_days));
      // Inputs are paid from cash and up to half of the credit still available.
      if (Number.isNaN(credits[f])) credits[f] = creditLeft(world, f, values);
      // A buyer its supplier rations turns to other sellers of the input, drawn by size (where
      // the stock is), for the rest: the rationed buyer's sequential search of JMAB's markets
      // (Caiani et al. 2016, JEDC 69:375). With one visit a firm bought no more a day than its
      // supplier held, which capped the inputs, and so the output, of a firm larger than its
      // suppliers. Each seller hears its part of the order rate, the first also the part no
      // one could fill.
      let left = need;
      let elsewhere = 0;
      for (let v = 0; v < visits && left > 0; v++) {
        let seller = s;
        if (v > 0) {
          seller = sampleSeller(bySize!, k, uniform(key, id, G * (v + 1) + k));
          if (seller < 0 || seller === f || seller === s) continue;
        }
        const budget = c.cash[f] + 0.5 * credits[f];
        const q = Math.min(left, inv[seller * G + k], Math.max(0, budget / c.price[seller]));
        if (!(q > 0)) {
          if (budget <= 0) break;
          continue;
        }
        if (v > 0) {
          c.demand_today[seller] += (rate * q) / need;
          elsewhere += q;
        }
        const cost = q * c.price[seller];
        c.cash[f] -= cost;
        c.cash[seller] += cost;
        spent += cost;
        inv[seller * G + k] -= q;
        c.sales_today[seller] += q;
        if (latency > 0) {
          c.in_transit[i] += q;
          c.transit_due[i] = world.tick + latency;
        } else inv[i] += q;
        left -= q;
      }
      c.demand_today[s] += elsewhere > 0 ? (rate * (need - elsewhere)) / need : rate;
    }
  }
  world.ledger.record(FLOW.intermediate, spent);
  // Machines on order arrive a day's share at a time from the capital-goods supplier.
  const kg = r.capitalGood;
  if (kg < 0) return;
  for (let f = 0; f < F.length; f++) {
    const ordered = c.capital_order[f];
    if (ordered <= 0) continue;
    order.need = ordered;
    order.draw = uniform(key, F.ids[f], G + kg);
    const s = supplierFor(world, f, kg, sellers, order);
    if (s < 0) continue;
    if (Number.isNaN(credits[f])) credits[f] = creditLeft(world, f, values);
    buyOrderedMachines(world, f, s, credits[f]);
  }
}

/**
 * A firm's order of the moment for {@link supplierFor}: units needed and the uniform that draws
 * the rival seller. In fields rather than arguments: a double passed to a call V8 does not
 * inline is boxed on the heap (some 75,000 orders a day at 500,000 persons).
 */
class Order {
  need = 0;
  draw = 0;
}

/**
 * `choose_supplier` for firm row `f` and good `k`, needing `order.need` units today: keeps
 * the current supplier unless it is gone or short, or a rival undercuts it by more than 3% with
 * the stock to serve. The rival is one seller of the good drawn uniformly (by `order.draw`):
 * every seller's offer reaches buyers alike, as the brochures capital-good firms send to
 * potential customers in the K+S model (Dosi, Fagiolo & Roventini 2010, JEDC 34:1748), so an
 * entrant that prices well can win business customers (drawn by size, entrants were almost
 * never seen and nearly all died within a year). Returns the supplier's row, -1 when there is
 * none but the firm itself.
 */
function supplierFor(
  world: SimWorld,
  f: number,
  k: number,
  sellers: SellerIndex,
  order: Order,
): number {
  const need = order.need;
  const u = order.draw;
  const F = world.tables.firms;
  const c = F.col;
  const G = world.tables.goods.length;
  const inv = c.inventory;
  const i = f * G + k;
  let s = c.supplier[i] === NULL_REF ? -1 : F.row(c.supplier[i]);
  const lo = sellers.start[k];
  const n = sellers.start[k + 1] - lo;
  if (n === 0) return s === f ? -1 : s;
  const rival = sellers.rows[lo + Math.floor(u * n)];
  const short = s < 0 || inv[s * G + k] < need;
  if (
    short || (rival !== s && inv[rival * G + k] >= need && c.price[rival] < 0.97 * c.price[s])
  ) {
    if (rival !== f && inv[rival * G + k] > 0 && (s < 0 || short || c.price[rival] < c.price[s])) {
      chooseSupplier(world, F.ids[f], k, F.ids[rival]);
      s = rival;
    }
  }
  return s === f ? -1 : s;
}

/**
 * Dividends, on the firm cycle's dividend day: a firm pays out `dividend_payout` of its cash above
 * a buffer of `cash_buffer_days` of its wage bill (of one wage offer while it has no staff, as its
 * credit limit counts working capital), after repaying its credit line from that cash, and only
 * while it makes a profit: dividends are paid out of profits (Caiani et al. 2016, JEDC 69:375;
 * Lintner 1956, AER 46(2):97). A loss-making firm that has repaid its line keeps its cash, so an
 * entrant keeps the working capital its founder put in until it earns (before 2026-12-07 it paid
 * 30% of it out every cycle while it had a term loan and no staff, docs/economy.md).
 */
export function payDividends(world: SimWorld): void {
  const cfg = world.config;
  const fb = cfg.economy.firm_behaviour;
  const F = world.tables.firms;
  const Hh = world.tables.households;
  const c = F.col;
  // Dividends are paid on one day of each firm cycle, by all profitable firms at once, so
  // the pass over persons that hands them out runs once a cycle rather than daily.
  if (world.tick % cfg.ai.cadence.firm_days !== 0) return;
  const due = scratch(world, "economy.dividends", Float64Array, Hh.length);
  due.fill(0, 0, Hh.length);
  let total = 0;
  let toFund = 0;
  // Without holders (none yet, or all gone) the owners keep the fund's share.
  const units = fundUnits(world);
  const fund = units > 0;
  for (let f = 0; f < F.length; f++) {
    if (c.profit[f] <= 0 && c.debt[f] === 0) continue;
    const buffer = fb.cash_buffer_days * Math.max(c.wage_bill[f], c.wage_offer[f]);
    if (c.cash[f] <= buffer) continue;
    const owed = creditToRepay(world, f);
    if (owed > 0) {
      // Cash above the buffer repays credit before anything is paid out.
      repayCredit(world, f, Math.min(owed, c.cash[f] - buffer));
      if (creditToRepay(world, f) > 0) continue;
    }
    if (c.profit[f] <= 0) continue;
    const h = Hh.row(c.owner[f]);
    if (h < 0) continue;
    const pay = fb.dividend_payout * (c.cash[f] - buffer);
    // The equity fund's share goes to its holders (fund.ts), the rest to the owner.
    const outside = fund ? c.outside_share[f] * pay : 0;
    c.cash[f] -= pay;
    due[h] += pay - outside;
    toFund += outside;
    total += pay;
  }
  // The central bank's part of the fund's share is paid to it (fund.ts).
  const central = toFund > 0 ? payHolders(world, due, toFund, units) : 0;
  if (total > 0) {
    distributeToAdults(world, due);
    world.ledger.record(FLOW.dividends, total - central);
  }
}

/**
 * Learning on the job for person row `p` working in `sector` (`learn` per unit of the sector's
 * skill weight, already slowed by experience, see {@link learningLeft}; skills capped at 5),
 * and the productivity it gives there.
 */
function learnOnJob(
  pc: SimWorld["tables"]["persons"]["col"],
  p: number,
  sector: number,
  learn: number,
  weights: Float64Array,
  schooling: Float64Array,
): void {
  const o = p * SKILLS;
  for (let k = 0; k < SKILLS; k++) {
    const s = pc.skills[o + k] * (1 + learn * weights[sector * SKILLS + k]);
    pc.skills[o + k] = s > 5 ? 5 : s;
  }
  pc.productivity[p] = productivity(pc.skills, pc.education[p], p, weights, sector, schooling);
}
