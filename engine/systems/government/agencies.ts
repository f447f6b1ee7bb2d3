/**
 * Public employment: the government's agencies, which hire public employees through the labor
 * market and pay them out of the budgets for public purchases and education.
 *
 * General government final consumption is mostly the pay of public employees: in OECD
 * countries compensation of employees is about 10% of GDP out of final consumption of about
 * 18%, and public employment about 18% of total employment (OECD, Government at a Glance
 * 2021). So each polity's budget for public purchases pays `purchases_staff_share` of itself
 * as wages (administration, health, order) and its education budget `education_staff_share`
 * (teachers and school staff); the rest buys goods (`purchases.ts`).
 *
 * - **Agencies**: one per polity, service (general, education) and district (a square of
 *   `district_tiles` tiles) where people live at the start, sited on the district's most
 *   populous tile of the polity. A service's staff budget is split over its agencies by their
 *   clients (residents for general services, students for education; counted every 30 days),
 *   as public services are staffed where people live.
 * - **Public pay**: the polity's private pay per labor unit (employment-weighted mean of the
 *   firms' offers) times 1 + `pay_premium`: pay comparability, the rule of most OECD public pay
 *   systems, under which the public premium is near zero once skills are controlled for
 *   (Gregory & Borland 1999, "Recent developments in public sector labor markets", Handbook of
 *   Labor Economics 3C). A public employee earns the offer times her productivity in the
 *   `sector` whose skills public work uses, and her wage drifts with the offer as in firms.
 * - **Staffing**: an agency posts vacancies for what its budget leaves over its staff's pay,
 *   and lays off only when pay exceeds the budget by `layoff_margin`: below that it shrinks by
 *   attrition (public employers cut staff through hiring freezes far more than through
 *   layoffs; OECD, Government at a Glance 2011, ch. 5).
 * - **Value added**: the staff's pay is the government's value added (non-market output valued
 *   at cost, SNA 2008 §6.130), part of GDP.
 *
 * At the start the economy keeps the share of its workforce that the staff budgets pay
 * ({@link publicStaffShare}) out of the firms (`economy/init.ts`), and {@link openAgencies}
 * gives them their public jobs, so the run starts with its public sector staffed.
 *
 * @module
 */
import { hash32 } from "../../core/rng.ts";
import { scratch } from "../../core/world.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import { SERVICE } from "../../tables/agencies.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { recipesOf } from "../economy/recipes.ts";
import { productivity } from "../economy/productivity.ts";
import { firmPolities, tilePolities } from "./polities.ts";
import { STAFF_PAID } from "./transfers.ts";

/**
 * Labor share of GDP the start assumes: trend GDP starts at the wage bill over it
 * (`openPolities`), and the public staff at the share of the employed it implies.
 */
export const START_LABOR_SHARE = 0.6;

/** Scratch key of the person rows the economy's start keeps for public jobs. */
export const PUBLIC_STAFF = "government.publicStaff";

/** Days between recounts of the agencies' clients. */
const CLIENT_DAYS = 30;

/**
 * Share of the employed who start in public jobs: the staff budgets' share of GDP over the
 * labor share (at equal pay, staff pay / all pay = staff budgets / (labor share x GDP)).
 *
 * @example
 * ```ts
 * publicStaffShare(cfg); // (0.135 x 0.45 + 0.045 x 0.75) / 0.6 = 0.158 with the defaults
 * ```
 */
export function publicStaffShare(cfg: ScenarioConfig): number {
  if (!cfg.systems.government) return 0;
  const g = cfg.government;
  const pe = g.public_employment;
  const staff = g.purchases_share * pe.purchases_staff_share +
    g.education_share * pe.education_staff_share;
  return Math.min(0.5, staff / START_LABOR_SHARE);
}

/** Sector index whose skill weights public work uses (see the scenario's `sector`). */
export function publicSector(cfg: ScenarioConfig): number {
  const sectors = cfg.economy.sectors;
  const named = cfg.government.public_employment.sector ?? "services";
  const s = sectors.indexOf(named);
  return s >= 0 ? s : sectors.length - 1;
}

/** District index of tile row `t` (squares of `district_tiles`). */
function districtOf(world: SimWorld, t: number): number {
  const D = world.config.government.public_employment.district_tiles;
  const T = world.tables.tiles.col;
  const across = Math.ceil(world.config.spatial.width_tiles / D);
  return Math.floor(T.y[t] / D) * across + Math.floor(T.x[t] / D);
}

/** Number of districts of the map. */
function districts(world: SimWorld): number {
  const D = world.config.government.public_employment.district_tiles;
  const s = world.config.spatial;
  return Math.ceil(s.width_tiles / D) * Math.ceil(s.height_tiles / D);
}

/**
 * Agency row of each (polity row, district, service), -1 where there is none, in a scratch
 * array rebuilt from the table (a few hundred rows).
 */
function agencyIndex(world: SimWorld): Int32Array {
  const A = world.tables.agencies;
  const Pol = world.tables.polities;
  const nd = districts(world);
  const out = scratch(world, "government.agencyOf", Int32Array, Pol.length * nd * 2);
  out.fill(-1, 0, Pol.length * nd * 2);
  const ac = A.col;
  for (let a = 0; a < A.length; a++) {
    out[(Pol.rowOf[ac.polity[a]] * nd + ac.district[a]) * 2 + ac.service[a]] = a;
  }
  return out;
}

/**
 * Recounts every agency's clients: the residents (general) and students (education) of its
 * district and polity.
 */
function countClients(world: SimWorld, tq: Int32Array): void {
  const A = world.tables.agencies;
  const P = world.tables.persons;
  const T = world.tables.tiles;
  const pc = P.col;
  const nd = districts(world);
  const index = agencyIndex(world);
  const district = scratch(world, "government.tileDistrict", Int32Array, T.length);
  for (let t = 0; t < T.length; t++) district[t] = districtOf(world, t);
  A.col.clients.fill(0, 0, A.length);
  const clients = A.col.clients;
  for (let p = 0; p < P.length; p++) {
    const t = T.rowOf[pc.tile[p]];
    const o = (tq[t] * nd + district[t]) * 2;
    const general = index[o + SERVICE.general];
    if (general >= 0) clients[general]++;
    if (pc.employment[p] !== Status.student) continue;
    const school = index[o + SERVICE.education];
    if (school >= 0) clients[school]++;
  }
}

/**
 * Builds the agencies of a new world (one per polity, service and inhabited district, on the
 * district's most populous tile) and gives the persons the economy's start kept for public jobs
 * (scratch {@link PUBLIC_STAFF}) a job at an agency of their home district: education with the
 * education budget's share of the staff budgets, else general. Runs before the polities'
 * average wage and trend GDP are measured, so both include public pay.
 */
export function openAgencies(world: SimWorld, tq: Int32Array): void {
  const cfg = world.config;
  const A = world.tables.agencies;
  const T = world.tables.tiles;
  const P = world.tables.persons;
  const Pol = world.tables.polities;
  const pc = P.col;
  const nd = districts(world);
  // The most populous tile of each (polity, district).
  const best = new Int32Array(Pol.length * nd).fill(-1);
  const residents = new Int32Array(T.length);
  for (let p = 0; p < P.length; p++) residents[T.rowOf[pc.tile[p]]]++;
  for (let t = 0; t < T.length; t++) {
    if (residents[t] === 0) continue;
    const k = tq[t] * nd + districtOf(world, t);
    if (best[k] < 0 || residents[t] > residents[best[k]]) best[k] = t;
  }
  for (let k = 0; k < best.length; k++) {
    if (best[k] < 0) continue;
    for (const service of [SERVICE.general, SERVICE.education]) {
      const a = A.add(1);
      A.col.polity[a] = Pol.ids[Math.floor(k / nd)];
      A.col.district[a] = k % nd;
      A.col.service[a] = service;
      A.col.tile[a] = T.ids[best[k]];
    }
  }
  countClients(world, tq);
  const payRef = privatePay(world, tq);
  const ac = A.col;
  for (let a = 0; a < A.length; a++) {
    ac.wage_offer[a] = payRef[Pol.rowOf[ac.polity[a]]] * (1 + cfg.government.public_employment
      .pay_premium);
  }
  const staff = world.scratch.get(PUBLIC_STAFF) as Int32Array | undefined;
  if (!staff) return;
  const g = cfg.government;
  const pe = g.public_employment;
  const schools = g.education_share * pe.education_staff_share;
  const general = g.purchases_share * pe.purchases_staff_share;
  const toSchools = schools + general > 0 ? schools / (schools + general) : 0;
  const index = agencyIndex(world);
  const r = recipesOf(world);
  const sector = publicSector(cfg);
  const key = hash32(world.seed, 0x9ab1, 0);
  for (let i = 0; i < staff.length; i++) {
    const p = staff[i];
    const t = T.rowOf[pc.tile[p]];
    const o = (tq[t] * nd + districtOf(world, t)) * 2;
    const draw = hash32(key, P.ids[p], 0) * 2.3283064365386963e-10;
    let a = index[o + (draw < toSchools ? SERVICE.education : SERVICE.general)];
    if (a < 0) a = index[o + SERVICE.general];
    if (a < 0) continue;
    pc.employment[p] = Status.employed;
    pc.agency[p] = A.ids[a];
    pc.productivity[p] = productivity(
      pc.skills,
      pc.education[p],
      p,
      r.skillWeights,
      sector,
      r
        .schooling,
    );
    pc.wage[p] = ac.wage_offer[a] * pc.productivity[p];
    pc.reservation_wage[p] = pc.wage[p];
    // The job's non-wage value, as a hire in the labor market gets it (labor_market.ts).
    pc.amenity[p] = pe.job_value;
    ac.employees[a]++;
  }
  world.scratch.delete(PUBLIC_STAFF);
}

/**
 * Each polity's private pay per labor unit: the employment-weighted mean of its firms' wage
 * offers (the national mean for a polity without firms).
 */
function privatePay(world: SimWorld, tq: Int32Array): Float64Array {
  const F = world.tables.firms;
  const fc = F.col;
  const nq = world.tables.polities.length;
  const fq = firmPolities(world, tq);
  const sum = scratch(world, "government.paySum", Float64Array, 2 * nq);
  sum.fill(0, 0, 2 * nq);
  let all = 0;
  let heads = 0;
  for (let f = 0; f < F.length; f++) {
    const n = fc.employees[f];
    sum[2 * fq[f]] += n * fc.wage_offer[f];
    sum[2 * fq[f] + 1] += n;
    all += n * fc.wage_offer[f];
    heads += n;
  }
  const out = scratch(world, "government.privatePay", Float64Array, nq);
  for (let q = 0; q < nq; q++) {
    out[q] = sum[2 * q + 1] > 0 ? sum[2 * q] / sum[2 * q + 1] : heads > 0 ? all / heads : 0;
  }
  return out;
}

/**
 * The agencies' day after the markets: clients recounted every 30 days, budgets from the
 * polities' levers and trend GDP, the public pay offer, and vacancies or layoffs for tomorrow
 * (see the module doc). Today's pay (`wage_bill`, from `taxes_transfers`) over the staff paid
 * gives the pay a post costs.
 */
export function staffAgencies(world: SimWorld): void {
  const A = world.tables.agencies;
  const tq = tilePolities(world);
  const paidStaff = scratch(world, STAFF_PAID, Int32Array, A.length);
  const Pol = world.tables.polities;
  const ac = A.col;
  const pol = Pol.col;
  const pe = world.config.government.public_employment;
  if (world.tick % CLIENT_DAYS === 0) countClients(world, tq);
  const nq = Pol.length;
  // Clients per (polity, service), for each agency's share of its service's budget.
  const total = scratch(world, "government.clients", Float64Array, 2 * nq);
  total.fill(0, 0, 2 * nq);
  for (let a = 0; a < A.length; a++) {
    total[2 * Pol.rowOf[ac.polity[a]] + ac.service[a]] += ac.clients[a];
  }
  const payRef = privatePay(world, tq);
  for (let a = 0; a < A.length; a++) {
    const q = Pol.rowOf[ac.polity[a]];
    const s = ac.service[a];
    const staffBudget = s === SERVICE.education
      ? pol.education_share[q] * pe.education_staff_share * pol.gdp_trend[q]
      : pol.purchases_share[q] * pe.purchases_staff_share * pol.gdp_trend[q];
    const n = total[2 * q + s];
    ac.budget[a] = n > 0 ? staffBudget * ac.clients[a] / n : 0;
    ac.wage_offer[a] = payRef[q] * (1 + pe.pay_premium);
    // What a post costs: today's mean pay of the agency's staff, else the polity's average wage.
    const post = paidStaff[a] > 0 ? ac.wage_bill[a] / paidStaff[a] : pol.average_wage[q];
    if (!(post > 0)) continue;
    const committed = ac.employees[a] * post;
    const room = ac.budget[a] - committed;
    ac.vacancies[a] = room > post ? Math.floor(room / post) : 0;
    const excess = committed - (1 + pe.layoff_margin) * ac.budget[a];
    ac.layoffs[a] = excess > 0 ? Math.min(ac.employees[a], Math.ceil(excess / post)) : 0;
  }
}
