/**
 * Population & demography. Order of one daily update:
 * 1. one pass over persons: birthdays (age, health, schooling, labor-force entry,
 *    retirement), exposure by age and sex, death draws (age hazard x
 *    frailty), birth draws (age-specific fertility);
 * 2. unpartnered young adults who live with their mother (from `leave_home_age`, at
 *    `leave_home_rate` a year) found a household of their own on the same tile;
 * 3. births are appended to their mothers' households;
 * 4. the dead leave their money to a household member (or, with none left, to a random
 *    resident), free their jobs and are removed; a surviving partner is widowed; empty
 *    households dissolve and their firms pass to the heir's household;
 * 5. every `UNION_CHECK_DAYS` (weekly): unions dissolve (the man moves out) and form (the
 *    couple moves into one household, her young children with her), see partnership.ts; then
 *    elders who live alone may move in with a younger family nearby, see coresidence.ts;
 * 6. residents are counted per tile, cohort rates are updated and the KPIs set.
 *
 * @module
 */
import { hash32, normal, uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { Stagger } from "../../core/stagger.ts";
import { NULL_REF } from "../../core/table.ts";
import { derived, grownScratch, scratch } from "../../core/world.ts";
import { EVENTS, FLOW } from "../../events.ts";
import { SKILLS, Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { moveInWithFamily } from "./coresidence.ts";
import { foundHousehold } from "./household_moves.ts";
import { initPopulation } from "./init.ts";
import { lifeStage, schoolDraws, secondaryEnd } from "./life_stage.ts";
import { schoolShift } from "../government/education.ts";
import { passDwelling } from "../economy/housing.ts";
import { formUnions, separateUnions, UNION_CHECK_DAYS } from "./partnership.ts";
import { demographicSchedule, type Schedule } from "./schedule.ts";
import { initCohorts, POPULATION_KPIS, setPopulationKpis } from "./stats.ts";

const scheduleOf = (world: SimWorld): Schedule =>
  derived(world, "population.schedule", demographicSchedule);

/** The population system. */
export const population: System<SimWorld> = {
  name: "population",
  phase: "population",
  doc: "Aging, schooling, retirement, births and deaths; unions and households; cohort rates.",
  enabled: (cfg) => cfg.systems.population,
  kpis: POPULATION_KPIS,
  init(world) {
    const s = scheduleOf(world);
    initPopulation(world, s);
    initCohorts(world, s);
  },
  update(world, ctx) {
    const s = scheduleOf(world);
    const cfg = world.config;
    const pp = cfg.population_params;
    const P = world.tables.persons;
    const Hh = world.tables.households;
    const T = world.tables.tiles;
    const tick = world.tick;
    const n = P.length;
    const M1 = s.maxAge + 1;
    const c = P.col;

    const expo = scratch(world, "population.expo", Float64Array, 2 * M1);
    const deathsBy = scratch(world, "population.deaths", Float64Array, 2 * M1);
    const birthsBy = scratch(world, "population.births", Float64Array, M1);
    const newborns = scratch(world, "population.newborns", Float64Array, 2);
    newborns.fill(0);
    expo.fill(0, 0, 2 * M1);
    deathsBy.fill(0, 0, 2 * M1);
    birthsBy.fill(0, 0, M1);
    const dead = scratch(world, "population.dead", Int32Array, 64);
    const isDead = scratch(world, "population.isDead", Uint8Array, n);
    let mothers = scratch(world, "population.mothers", Int32Array, 64);
    let deadRows = dead;
    let leavers = scratch(world, "population.leavers", Int32Array, 16);
    let nLeavers = 0;
    const leaveAge = pp.households.leave_home_age;
    const leaveRate = pp.households.leave_home_rate;
    let nDead = 0;
    let nMothers = 0;

    const kDeath = ctx.key(0);
    const kBirth = ctx.key(1);
    const kHealth = ctx.key(2);
    const frailty = pp.health_frailty * 5;
    const declineAge = pp.health_decline_age;
    const decline = pp.health_decline_rate;
    const ageCap = s.maxAge;

    // 1. The pass over persons: a plain indexed loop, no allocation, the columns in locals (a
    // birthday's call would otherwise make V8 reload them for every row).
    const ids = P.ids;
    const ageOf = c.age;
    const born = c.birth_day;
    const sexOf = c.sex;
    const health = c.health;
    const partner = c.partner;
    const meanHealth = s.meanHealth;
    const death = s.dailyDeath;
    const fertility = s.dailyBirth;
    // Whose birthday it is: days since birth a multiple of 365, without a division per row.
    const birthdays = new Stagger(365, 0);
    for (let r = 0; r < n; r++) {
      const id = ids[r];
      let a = ageOf[r];
      const days = tick - born[r];
      if (days > 0 && birthdays.test(days) && a < ageCap) {
        a = ++ageOf[r];
        if (a > declineAge) {
          const h = health[r] - decline * (1 + 0.5 * normal(kHealth, id, 0));
          health[r] = h < 0.05 ? 0.05 : h > 1 ? 1 : h;
        }
        birthday(world, r, id, a);
        if (
          a >= leaveAge && uniform(kHealth, id, 5) < leaveRate && partner[r] === NULL_REF &&
          livesWithMother(P, r)
        ) {
          if (nLeavers === leavers.length) {
            leavers = grownScratch(world, "population.leavers", leavers);
          }
          leavers[nLeavers++] = r;
        }
      }
      // By sex and age, without a branch on sex (a coin flip from row to row).
      const cell = sexOf[r] * M1 + a;
      expo[cell] += 1;
      let mult = 1 + frailty * (meanHealth[a] - health[r]);
      mult = mult < 0.2 ? 0.2 : mult;
      // One uniform draw decides both a death (below the day's hazard) and a birth (in the
      // next interval, as long as the fertility rate): the two are exclusive, and each keeps
      // its chance exactly, with one hash per person a day instead of two. Everyone draws (a
      // fertility of 0 for men and women past or before fertile ages), which saves a
      // mispredicted branch on sex and age.
      const u = uniform(kDeath, id, 0);
      const dies = death[cell] * mult;
      if (u < dies) {
        if (nDead === deadRows.length) deadRows = grownScratch(world, "population.dead", deadRows);
        deadRows[nDead++] = r;
        isDead[r] = 1;
        deathsBy[cell] += 1;
        continue;
      }
      if (u - dies < fertility[cell]) {
        if (nMothers === mothers.length) {
          mothers = grownScratch(world, "population.mothers", mothers);
        }
        mothers[nMothers++] = r;
        birthsBy[a] += 1;
      }
    }

    // 2. Young adults who live with their mother found their own household nearby.
    for (let i = 0; i < nLeavers; i++) if (!isDead[leavers[i]]) leaveHome(world, leavers[i]);

    // 3. Births.
    if (nMothers > 0) {
      P.reserve(P.length + nMothers);
      const cc = P.col;
      const boy = pp.sex_ratio_at_birth / (1 + pp.sex_ratio_at_birth);
      for (let i = 0; i < nMothers; i++) {
        const m = mothers[i];
        const r = P.add(1);
        const id = P.ids[r];
        cc.household[r] = cc.household[m];
        cc.mother[r] = P.ids[m];
        cc.tile[r] = cc.tile[m];
        cc.birth_day[r] = tick;
        cc.age[r] = 0;
        cc.sex[r] = uniform(kBirth, id, 1) < boy ? 1 : 0;
        newborns[cc.sex[r]]++;
        cc.health[r] = Math.min(1, Math.max(0.05, 1 - 0.03 * Math.abs(normal(kHealth, id, 1))));
        cc.education[r] = 0;
        cc.employment[r] = Status.child;
        cc.status_since[r] = tick;
        cc.employer[r] = NULL_REF;
        for (let k = 0; k < SKILLS; k++) {
          cc.skills[r * SKILLS + k] = Math.exp(pp.skill_sigma * normal(kBirth, id, 10 + k));
        }
        Hh.col.size[Hh.row(cc.household[r])]++;
        world.events.emit(EVENTS.code.birth, id, P.ids[m], cc.tile[r], cc.household[r]);
      }
    }

    // 4. Deaths: bequests, jobs, removal, dissolved households.
    if (nDead > 0) settleDeaths(world, deadRows, nDead, isDead, ctx.key(3));

    // 5. Unions dissolve and form, elders living alone move in with family (weekly).
    let dissolved = 0;
    let formed = 0;
    if (tick % UNION_CHECK_DAYS === 0) {
      dissolved = separateUnions(world, ctx.key(5));
      formed = formUnions(world, ctx.key(4));
      moveInWithFamily(world, ctx.key(6));
    }

    // 6. Residents per tile (from households: fewer, and in tile order), rates and KPIs.
    const residents = T.col.residents;
    residents.fill(0, 0, T.length);
    for (let h = 0; h < Hh.length; h++) residents[Hh.col.tile[h]] += Hh.col.size[h];
    setPopulationKpis(
      world,
      ctx.kpi,
      s,
      expo,
      deathsBy,
      birthsBy,
      newborns,
      nMothers,
      nDead,
      formed,
      dissolved,
    );
  },
};

/**
 * Releases a person's job (retirement, death): the employer's (a firm's or a public agency's)
 * employee count drops.
 */
export function releaseJob(world: SimWorld, r: number): void {
  const c = world.tables.persons.col;
  const f = world.tables.firms.row(c.employer[r]);
  if (f >= 0) world.tables.firms.col.employees[f]--;
  const a = world.tables.agencies.row(c.agency[r]);
  if (a >= 0) world.tables.agencies.col.employees[a]--;
  c.employer[r] = NULL_REF;
  c.agency[r] = NULL_REF;
  c.wage[r] = 0;
  c.amenity[r] = 0;
}

/** True when person row `r`'s mother is alive and in the same household. */
function livesWithMother(P: SimWorld["tables"]["persons"], r: number): boolean {
  const m = P.row(P.col.mother[r]);
  return m >= 0 && P.col.household[m] === P.col.household[r];
}

/** Person row `r` founds a one-person household on the tile they live on. */
function leaveHome(world: SimWorld, r: number): void {
  const Hh = world.tables.households;
  const old = Hh.row(world.tables.persons.col.household[r]);
  foundHousehold(world, r, Hh.col.tile[old], Hh.col.weight[old]);
}

/** Schooling, labor-force entry and retirement on a birthday. */
function birthday(world: SimWorld, r: number, id: number, age: number): void {
  const c = world.tables.persons.col;
  const [u0, u1] = schoolDraws(world.seed, id);
  if (age === secondaryEnd(world.config)) c.school_shift[r] = schoolShift(world, c.tile[r]);
  const st = lifeStage(world.config, age, u0, u1, c.school_shift[r]);
  c.education[r] = st.education;
  const was = c.employment[r];
  if (st.status === "labor") {
    if (was === Status.child || was === Status.student) {
      c.employment[r] = Status.unemployed;
      c.status_since[r] = world.tick;
    }
  } else if (st.status !== was) {
    if (was === Status.employed) releaseJob(world, r);
    c.employment[r] = st.status;
    c.status_since[r] = world.tick;
  }
}

/**
 * For each household row marked -2 in `heir`, the row of its first member (of the `n` persons)
 * who is not dead. A loop in a function of its own: V8 compiles a loop run once a day on stack
 * replacement on its first day, before the code after it has run, and that code, lacking type
 * feedback, sent every later day back to the interpreter.
 */
function firstSurvivors(
  household: Int32Array,
  householdRow: Int32Array,
  isDead: Uint8Array,
  n: number,
  heir: Int32Array,
): void {
  for (let r = 0; r < n; r++) {
    const h = householdRow[household[r]];
    if (heir[h] === -2 && !isDead[r]) heir[h] = r;
  }
}

function settleDeaths(
  world: SimWorld,
  dead: Int32Array,
  nDead: number,
  isDead: Uint8Array,
  key: number,
): void {
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const c = P.col;
  const n = P.length;
  // Heirs: the first surviving member of each household with a death.
  const heir = scratch(world, "population.heir", Int32Array, Hh.length);
  heir.fill(-1, 0, Hh.length);
  for (let i = 0; i < nDead; i++) heir[Hh.row(c.household[dead[i]])] = -2;
  firstSurvivors(c.household, Hh.rowOf, isDead, n, heir);
  const wealth = c.wealth;
  let bequests = 0;
  for (let i = 0; i < nDead; i++) {
    const r = dead[i];
    // Widowhood: the surviving partner is single again.
    const pr = P.row(c.partner[r]);
    if (pr >= 0 && c.partner[pr] === P.ids[r]) c.partner[pr] = NULL_REF;
    const h = Hh.row(c.household[r]);
    let to = heir[h];
    if (to < 0) {
      // No member left: the estate goes to a random living resident.
      for (let k = 0; to < 0 && k < 64; k++) {
        const cand = hash32(key, P.ids[r], k) % n;
        if (!isDead[cand]) to = cand;
      }
      if (to < 0) continue; // everyone died: the money stays with the last row
      heir[h] = -3 - to; // remember the estate's heir for firm ownership
    }
    bequests += wealth[r];
    wealth[to] += wealth[r];
    wealth[r] = 0;
    if (c.employment[r] === Status.employed) releaseJob(world, r);
    world.events.emit(EVENTS.code.death, P.ids[r], c.household[r], c.tile[r], c.age[r]);
  }
  world.ledger.record(FLOW.bequest, bequests);
  // Households left empty dissolve; their firms pass to the estate heir's household.
  const F = world.tables.firms;
  for (let i = 0; i < nDead; i++) {
    const r = dead[i];
    const h = Hh.row(c.household[r]);
    if (h < 0) continue;
    if (--Hh.col.size[h] > 0) continue;
    const hid = Hh.ids[h];
    const enc = heir[h];
    const newOwner = enc <= -3 ? c.household[-3 - enc] : NULL_REF;
    for (let f = 0; f < F.length; f++) if (F.col.owner[f] === hid) F.col.owner[f] = newOwner;
    // Its units of the equity fund and its dwelling (with its mortgage) pass with its firms
    // (nobody left: they lapse, the mortgage written off).
    const heirRow = Hh.row(newOwner);
    if (heirRow >= 0) Hh.col.fund_units[heirRow] += Hh.col.fund_units[h];
    passDwelling(world, h, heirRow);
    world.events.emit(EVENTS.code.household_dissolved, hid);
    heir[h] = heir[Hh.length - 1]; // follows the swap-remove
    Hh.remove(h);
  }
  // Remove the dead, highest row first, so no recorded row is moved before its turn.
  for (let i = nDead - 1; i >= 0; i--) {
    const r = dead[i];
    isDead[r] = 0;
    P.remove(r);
  }
}
