/**
 * The labor market (phase "markets"). One pass over persons:
 * - employees of a firm with layoffs pending are laid off (first come, in row order); others
 *   quit at `quit_rate` and are dismissed at `discharge_rate`; an employee's wage drifts toward
 *   the firm's current offer (down at a third of the speed: nominal wages are sticky downward);
 * - unemployed persons search every `search_days` (staggered by id), employed ones at
 *   `on_the_job_search`; a search meets vacancies with the chance a matching function of
 *   vacancies and unemployment gives, less for the long-term unemployed, for older ones and
 *   for those drawing unemployment benefits; `seek_job` then samples open vacancies and values
 *   each offer (the firm's pay per labor unit times the worker's productivity there) net of the
 *   commuting cost, times the job's non-wage value to this worker (below); `accept_job` takes
 *   the best one if it beats the reservation wage (or the current job, valued the same way,
 *   by 5%). Searchers sample vacancies in the cells (`search_cell_tiles`) around
 *   their home (where a worker would look), not across the whole map. The reservation wage
 *   of the unemployed decays day by day.
 * Public agencies (`government/agencies.ts`) hire in the same market: their vacancies are
 * sampled with the firms', valued at the public pay offer, and their staff quit, are laid off
 * and see their wages drift in the same way.
 * Employers' employee counts, vacancies and the persons' status, employer and wage change
 * together, so they always agree.
 *
 * @module
 */
import { hash32, normalFast } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { bucketByCell, countNear, pickNear } from "../../core/cells.ts";
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { publicSector } from "../government/agencies.ts";
import { tilePolities } from "../government/polities.ts";
import { recipesOf } from "./recipes.ts";
import { endJob, endPublicJob } from "./jobs.ts";
import { productivity } from "./productivity.ts";

/** 2^-32: turns a 32-bit hash into a uniform in [0, 1). */
const U32 = 2.3283064365386963e-10;
/** Age at which `age_finding_slope` leaves the job-finding chance as it is. */
const AGE_REFERENCE = 40;

/**
 * Scratch key of the day's separations of public employees (quits, dismissals, layoffs and moves
 * to another employer), one number, which the government's KPIs read (`public_separations`).
 */
export const PUBLIC_SEPARATIONS = "labor.publicSeparations";

/**
 * Each employer's wage offer and pending layoffs, by slot, in scratch `labor.employers`: firm id
 * `i` at slots `2 (i + 1)` and `2 (i + 1) + 1`, agency id `j` at `2 (base + j + 1)` and the next
 * (`base`: the firms' next id + 1). Slot 0 is no employer's. Offers are f32 columns and the
 * layoffs counts far below 2^24, so the f32 record holds both exactly.
 */
function employerSlots(world: SimWorld, base: number): Float32Array {
  const F = world.tables.firms;
  const A = world.tables.agencies;
  const slots = scratch(world, "labor.employers", Float32Array, 2 * (base + A.nextId + 1));
  const fc = F.col;
  const ac = A.col;
  for (let f = 0; f < F.length; f++) {
    const s = 2 * (F.ids[f] + 1);
    slots[s] = fc.wage_offer[f];
    slots[s + 1] = fc.layoffs[f];
  }
  for (let a = 0; a < A.length; a++) {
    const s = 2 * (base + A.ids[a] + 1);
    slots[s] = ac.wage_offer[a];
    slots[s + 1] = ac.layoffs[a];
  }
  return slots;
}

/** The labor market system. */
export const laborMarket: System<SimWorld> = {
  name: "labor_market",
  phase: "markets",
  doc: "Layoffs, quits, wage drift, job search and matching.",
  enabled: (cfg) => cfg.systems.economy,
  kpis: () => [
    { name: "hires", unit: "persons", doc: "Persons hired today (accept_job)." },
    { name: "quits", unit: "persons", doc: "Employees who quit today." },
    { name: "layoffs", unit: "persons", doc: "Employees laid off today." },
    { name: "job_searches", unit: "persons", doc: "Persons who searched today (seek_job)." },
    { name: "job_to_job", unit: "persons", doc: "Employees who moved straight to another job." },
  ],
  update(world, ctx) {
    const lb = world.config.economy.labor;
    const fb = world.config.economy.firm_behaviour;
    const P = world.tables.persons;
    const F = world.tables.firms;
    const T = world.tables.tiles;
    const pc = P.col;
    const fc = F.col;
    const tx = T.col.x;
    const ty = T.col.y;
    const tick = world.tick;

    // Employers with open vacancies bucketed by cells of CELL x CELL tiles: searchers look
    // nearby. Firms are numbered by row, public agencies after them (F.length + row), and
    // `site` holds the tile of each. An agency enters the draw once per open post (an agency
    // staffing a district posts dozens); a firm once per open post (`vacancy_draw` "post", the
    // default) or once ("firm", the default until 2026-12-08). Firms post two vacancies at a time
    // on average, but a fifth of their vacancies belong to firms with ten or more open (tiny_island
    // at 20,000, years 2-3): drawn by firm, those fill several times more slowly, and large firms
    // shrink to the size their one entry's hires sustain (docs/economy.md, "Hires that grow with
    // vacancies").
    const A = world.tables.agencies;
    const ac = A.col;
    const nf = F.length;
    const CELL = lb.search_cell_tiles;
    const byPost = lb.vacancy_draw === "post";
    let posts = 0;
    for (let a = 0; a < A.length; a++) posts += ac.vacancies[a];
    if (byPost) {
      for (let f = 0; f < nf; f++) posts += fc.vacancies[f];
    }
    const hiring = scratch(world, "labor.hiring", Int32Array, nf + posts);
    const site = scratch(world, "labor.site", Int32Array, nf + A.length);
    let nv = 0;
    for (let f = 0; f < nf; f++) {
      const open = fc.vacancies[f];
      if (open === 0) continue;
      fc.vacancy_days[f] += open;
      site[f] = fc.tile[f];
      if (!byPost) hiring[nv++] = f;
      else for (let k = 0; k < open; k++) hiring[nv++] = f;
    }
    for (let a = 0; a < A.length; a++) {
      for (let k = 0; k < ac.vacancies[a]; k++) hiring[nv++] = nf + a;
      site[nf + a] = ac.tile[a];
    }
    const cells = bucketByCell(world, "labor", CELL, hiring, nv, site, tx, ty);
    // Matching frictions: a search meets an open vacancy with a chance set by a Cobb-Douglas
    // matching function of vacancies V and unemployed U (Pissarides 2000, Equilibrium
    // Unemployment Theory, ch. 1; elasticity about 0.5: Petrongolo & Pissarides 2001, JEL
    // 39:390): the monthly job-finding rate is A (V/U)^(1 - eta), spread over the searches
    // of a month. Tight markets fill jobs slowly and find workers fast, slack ones the
    // reverse, which is what gives the Beveridge curve its slope.
    let V = 0;
    for (let f = 0; f < nf; f++) V += fc.vacancies[f];
    for (let a = 0; a < A.length; a++) V += ac.vacancies[a];
    // Columns as locals: the pass below makes calls (job ends, hashes), after which V8 would
    // reload every column from its table.
    const employment = pc.employment;
    const employer = pc.employer;
    const wage = pc.wage;
    const productivityOf = pc.productivity;
    const reservation = pc.reservation_wage;
    const ids = P.ids;
    const firmRow = F.rowOf;
    const agencyRow = A.rowOf;
    // The labor force's rows (the employed and the unemployed), in row order, listed without a
    // branch: the pass below runs over them only. Whether a row is in the labor force is a coin
    // flip from row to row (half the persons are children, students or retired), and a branch
    // on it was missed at about every other row. Only a person's own visit changes its status,
    // so the list made before the pass holds the rows the pass would have acted on.
    const force = scratch(world, "labor.force", Int32Array, P.length);
    let nForce = 0;
    let U = 0;
    for (let p = 0; p < P.length; p++) {
      const s = employment[p];
      const unemployed = +(s === Status.unemployed);
      force[nForce] = p;
      nForce += +(s === Status.employed) | unemployed;
      U += unemployed;
    }
    const theta = V / Math.max(1, U);
    const contact = Math.min(
      1,
      (lb.matching_efficiency * Math.pow(theta, 1 - lb.matching_elasticity) * lb.search_days) / 30,
    );
    const key = ctx.key(0);
    const up = fb.wage_pass_through / 365;
    const down = up / 3;
    const drift = scratch(world, "labor.drift", Float64Array, 2);
    drift[0] = down;
    drift[1] = up;
    const keepRes = 1 - lb.reservation_decay;
    const sample = lb.search_sample;
    const maxD = lb.max_commute_tiles;
    const amenitySd = lb.amenity_sd;
    const amenity = pc.amenity;
    const dc = lb.distance_cost;
    const weights = recipesOf(world).skillWeights;
    const schooling = recipesOf(world).schooling;
    const publicWork = publicSector(world.config);
    // The value of a public job beyond its pay (`job_value`, log points): security, pensions,
    // hours. Public employees leave for other employers far less than private ones (JOLTS:
    // separations under 2% a month in government against about 4% in private industry), and
    // workers queue for public jobs (Bradley, Postel-Vinay & Turon 2017, JEEA 15:1214): a
    // compensating differential that every agency's offer carries, and that stays with the
    // employee as part of the job's non-wage value.
    const jobValue = world.config.government.public_employment.job_value;
    const publicLeft = scratch(world, PUBLIC_SEPARATIONS, Float64Array, 1);
    let leftPublic = 0;
    const agency = pc.agency;
    // With a government: each polity's factor on recipients' job finding.
    const Pol = world.tables.polities;
    const pol = Pol.col;
    const single = Pol.length === 1;
    const tq = Pol.length > 0 && lb.benefit_semi_elasticity > 0 ? tilePolities(world) : null;
    const slower = scratch(world, "labor.benefitFactor", Float64Array, Pol.length);
    for (let q = 0; q < Pol.length; q++) {
      slower[q] = Math.exp(-lb.benefit_semi_elasticity * pol.unemployment_replacement[q]);
    }
    // Employers call older jobseekers back less (Neumark, Burn & Button 2019, JPE 127:922,
    // audit study of applicants by age), so unemployment lasts longer with age: in the CPS the
    // mean spell at 55-64 is about twice that at 16-19 (BLS, Employment and Earnings, table 31).
    // The factor on the job-finding chance is exp(-slope (age - 40)), one per year of age; with
    // the ages of a labor force it averages about 1, so the matching efficiency keeps its
    // meaning. It spreads the unemployed's exit rates, and such heterogeneity is what makes the
    // mean spell so much longer than the median (Hornstein 2012, FRB Richmond WP 12-07; Ahn &
    // Hamilton 2020, JBES 38:554).
    const age = pc.age;
    const byAge = scratch(world, "labor.ageFactor", Float64Array, 256);
    for (let a = 0; a < 256; a++) byAge[a] = Math.exp(-lb.age_finding_slope * (a - AGE_REFERENCE));

    // Each employer's offer and pending layoffs, side by side in one record per employer slot
    // (firm id + 1, or past the firms agency id + 1: {@link employerSlots}), read at every
    // employee: one random read where the row index and then the columns took two in a chain.
    const base = F.nextId + 1;
    const employers = employerSlots(world, base);
    const quitRate = lb.quit_rate;
    const separation = quitRate + lb.discharge_rate;
    const searchContact = lb.on_the_job_search * contact;
    const searchDays = lb.search_days;

    let hires = 0;
    let quits = 0;
    let laidOff = 0;
    let searches = 0;
    let jobToJob = 0;
    for (let i = 0; i < nForce; i++) {
      const p = force[i];
      const status = employment[p];
      const id = ids[p];
      let threshold: number;
      if (status === Status.employed) {
        // One keyed hash gives both of today's draws (quit, search): the second is a cheap
        // multiplicative remix of the first.
        const bits = hash32(key, id, 0);
        // A firm's or a public agency's employee (one of the two references is NULL_REF, -1):
        // the employer's layoffs, the same quits.
        const ag = agency[p];
        const slot = 2 * (employer[p] + 1 + ag + 1 + base * +(ag >= 0));
        // Separations: the employer's layoffs first, then the day's draw: below `quit_rate` a
        // quit into unemployment, in the next `discharge_rate` a dismissal (counted a layoff).
        const draw = bits * U32;
        const pending = employers[slot + 1] > 0;
        if (pending || draw < separation) {
          const layoff = pending || draw >= quitRate;
          const pub = ag !== NULL_REF;
          const row = pub ? agencyRow[ag] : firmRow[employer[p]];
          if (pending) {
            employers[slot + 1]--;
            if (pub) ac.layoffs[row]--;
            else fc.layoffs[row]--;
          }
          if (layoff) laidOff++;
          else quits++;
          leftPublic += +pub;
          if (pub) endPublicJob(world, p, row, layoff);
          else endJob(world, p, row, layoff);
          continue;
        }
        const offer = employers[slot];
        const gap = offer * productivityOf[p] - wage[p];
        wage[p] += gap * drift[+(gap > 0)]; // no branch: the sign of the gap is a coin flip
        // Whether the employee searches today (`on_the_job_search`) and its search meets a
        // vacancy (the unemployed's contact chance): one draw below the product of the two
        // chances, the same event as two independent draws. Two draws took a second hash for a
        // third of the employees and a branch on the first that was a coin flip.
        if (nv === 0 || (Math.imul(bits, 0x9e3779b1) >>> 0) * U32 >= searchContact) continue;
        // The current job's wage, times its non-wage value.
        threshold = 1.05 * wage[p] * Math.exp(amenity[p]);
      } else {
        // Unemployed: the only other status in the labor force.
        reservation[p] *= keepRes;
        if (nv === 0 || (id + tick) % searchDays !== 0) continue;
        threshold = reservation[p];
        // Employers call back the long-term unemployed less: the chance of a callback falls
        // by about 45% over the first eight months of a spell and then levels off (Kroft,
        // Lange & Notowidigdo 2013, QJE 128:1123), which gives unemployment its negative
        // duration dependence.
        const spell = tick - pc.status_since[p];
        let chance = contact;
        chance *= (1 - lb.callback_decline * (1 - Math.exp(-spell / 120))) * byAge[age[p]];
        // Benefit recipients find jobs more slowly (moral hazard in search: Katz & Meyer
        // 1990; Chetty 2008), until their benefits run out.
        if (tq !== null && pc.benefit_claim[p] === 1) {
          const q = single ? 0 : tq[T.rowOf[pc.tile[p]]];
          if (spell < pol.unemployment_days[q]) chance *= slower[q];
        }
        if (hash32(key, id, 1) * U32 >= chance) continue; // no vacancy met this time
      }

      // seek_job: sample vacancies in the 3 x 3 cells around home, value each net of commuting.
      const home = pc.tile[p];
      const cx = Math.floor(tx[home] / CELL);
      const cy = Math.floor(ty[home] / CELL);
      const near = countNear(cells, cx, cy);
      if (near === 0) continue;
      searches++;
      let best = -1;
      let bestValue = threshold;
      let bestOffer = 0;
      let bestProd = 0;
      let bestAmenity = 0;
      for (let k = 0; k < sample; k++) {
        const j = pickNear(cells, cx, cy, hash32(key, id, 2 + k) % near);
        const isFirm = j < nf;
        const row = isFirm ? j : j - nf;
        if (isFirm) {
          if (fc.vacancies[row] === 0) continue;
          if (status === Status.employed && F.ids[row] === pc.employer[p]) continue;
        } else {
          if (ac.vacancies[row] === 0) continue;
          if (status === Status.employed && A.ids[row] === agency[p]) continue;
        }
        const dx = tx[home] - tx[site[j]];
        const dy = ty[home] - ty[site[j]];
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d > maxD) continue;
        // The offer to this worker: the employer's pay per labor unit times what the worker
        // would make in its sector (public work: `publicWork`'s).
        const sector = isFirm ? fc.sector[row] : publicWork;
        const prod = productivity(pc.skills, pc.education[p], p, weights, sector, schooling);
        const offer = isFirm ? fc.wage_offer[row] : ac.wage_offer[row];
        // Workers value jobs for more than pay: each offer carries a match-specific non-wage
        // value (hours, tasks, colleagues), normal in log points with sd `amenity_sd`. Such
        // idiosyncratic tastes give each employer an upward-sloping labor supply (Card,
        // Cardoso, Heining & Kline 2018, J. Labor Econ. 36:S13; Lamadon, Mogstad & Setzler
        // 2022, AER 112:169), make workers rank employers by more than wages (Sorkin 2018,
        // QJE 133:1331), and move people between jobs also for a lower wage, as a large share
        // of job-to-job moves do (Jolivet, Postel-Vinay & Robin 2006, Eur. Econ. Rev. 50:877).
        const taste = (amenitySd > 0 ? amenitySd * normalFast(key, id, 64 + k) : 0) +
          (isFirm ? 0 : jobValue);
        const value = offer * prod * (1 - dc * d) * Math.exp(taste);
        if (value > bestValue) {
          bestValue = value;
          best = j;
          bestOffer = offer;
          bestProd = prod;
          bestAmenity = taste;
        }
      }
      if (best < 0) continue;
      // accept_job
      if (status === Status.employed) {
        if (agency[p] === NULL_REF) fc.employees[F.rowOf[pc.employer[p]]]--;
        else {
          ac.employees[A.rowOf[agency[p]]]--;
          leftPublic++;
        }
        jobToJob++;
      } else pc.status_since[p] = tick;
      pc.employment[p] = Status.employed;
      pc.productivity[p] = bestProd;
      // The wage on the stored (f32) productivity, as the wage drift computes it.
      pc.wage[p] = bestOffer * pc.productivity[p];
      if (best < nf) {
        pc.employer[p] = F.ids[best];
        agency[p] = NULL_REF;
        fc.employees[best]++;
        fc.vacancies[best]--;
        if (fc.hires_since[best] < 65535) fc.hires_since[best]++;
      } else {
        const a = best - nf;
        pc.employer[p] = NULL_REF;
        agency[p] = A.ids[a];
        ac.employees[a]++;
        ac.vacancies[a]--;
      }
      amenity[p] = bestAmenity;
      pc.reservation_wage[p] = pc.wage[p];
      hires++;
    }
    const v = world.kpis.values;
    v[ctx.kpi[0]] = hires;
    v[ctx.kpi[1]] = quits;
    v[ctx.kpi[2]] = laidOff;
    v[ctx.kpi[3]] = searches;
    v[ctx.kpi[4]] = jobToJob;
    publicLeft[0] = leftPublic;
  },
};
