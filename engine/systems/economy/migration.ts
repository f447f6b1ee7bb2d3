/**
 * Migration (phase "population", after demography; weekly): every `check_days` (staggered by id) a
 * household compares the expected income where it lives with that of a few candidate tiles
 * (where other residents live): expected income = mean wage of employed residents x their
 * employment rate (Harris-Todaro). It moves (`migrate`) with a logistic chance in the gain
 * net of the distance cost and the policy barrier. Members move with it; an employee whose
 * commute becomes too long quits.
 *
 * @module
 */
import { hash32, uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { EVENTS } from "../../events.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { endAnyJob } from "./jobs.ts";

/** Moves household row `h` to tile `to` (its members follow in {@link migration}'s pass). */
export function migrate(world: SimWorld, h: number, to: number): void {
  const Hh = world.tables.households;
  const T = world.tables.tiles;
  if (to < 0 || to >= T.length || !T.col.land[to]) {
    throw new Error(`migrate: tile ${to} is not a land tile`);
  }
  const from = Hh.col.tile[h];
  Hh.col.tile[h] = T.ids[to];
  Hh.col.last_move[h] = world.tick;
  world.events.emit(EVENTS.code.migration, Hh.ids[h], from, T.ids[to], Hh.col.size[h]);
}

const WEEK = 7;

/** The migration system. */
export const migration: System<SimWorld> = {
  name: "migration",
  phase: "population",
  doc: "Households move between tiles on expected income, distance and a policy barrier.",
  enabled: (cfg) => cfg.systems.migration && cfg.systems.economy,
  every: () => WEEK,
  update(world, ctx) {
    const mg = world.config.economy.migration;
    const maxCommute = world.config.economy.labor.max_commute_tiles;
    const P = world.tables.persons;
    const Hh = world.tables.households;
    const T = world.tables.tiles;
    const F = world.tables.firms;
    const A = world.tables.agencies;
    const pc = P.col;
    const nt = T.length;
    // Runs weekly; each household's turn comes every `check_days` (rounded to weeks).
    const cycles = Math.max(1, Math.round(mg.check_days / WEEK));
    const turn = Math.floor(world.tick / WEEK) % cycles;

    // Expected income per tile from its residents.
    const wage = scratch(world, "migration.wage", Float64Array, nt);
    const emp = scratch(world, "migration.employed", Float64Array, nt);
    const labor = scratch(world, "migration.labor", Float64Array, nt);
    wage.fill(0, 0, nt);
    emp.fill(0, 0, nt);
    labor.fill(0, 0, nt);
    for (let p = 0; p < P.length; p++) {
      const s = pc.employment[p];
      if (s === Status.employed) {
        const t = pc.tile[p];
        wage[t] += pc.wage[p];
        emp[t]++;
        labor[t]++;
      } else if (s === Status.unemployed) labor[pc.tile[p]]++;
    }
    const expected = (t: number) => (emp[t] > 0 ? (wage[t] / emp[t]) * (emp[t] / labor[t]) : 0);

    const key = ctx.key(0);
    const tx = T.col.x;
    const ty = T.col.y;
    let moved = 0;
    for (let h = 0; h < Hh.length; h++) {
      const id = Hh.ids[h];
      if (id % cycles !== turn) continue;
      const here = Hh.col.tile[h];
      const eh = expected(here);
      if (eh <= 0) continue;
      let best = -1;
      let bestNet = -Infinity;
      for (let k = 0; k < mg.candidates; k++) {
        const t = pc.tile[hash32(key, id, k) % P.length];
        if (t === here) continue;
        const dx = tx[here] - tx[t];
        const dy = ty[here] - ty[t];
        const net = (expected(t) - eh) / eh - mg.distance_cost * Math.sqrt(dx * dx + dy * dy) -
          mg.policy_barrier;
        if (net > bestNet) {
          bestNet = net;
          best = t;
        }
      }
      if (best < 0) continue;
      const chance = mg.base_rate / (1 + Math.exp(-mg.income_sensitivity * bestNet));
      if (uniform(key, id, 100) >= chance) continue;
      migrate(world, h, best);
      moved++;
    }
    if (moved === 0) return;
    // Members follow; jobs now too far away are left.
    for (let p = 0; p < P.length; p++) {
      const t = Hh.col.tile[Hh.rowOf[pc.household[p]]];
      if (t === pc.tile[p]) continue;
      pc.tile[p] = t;
      if (pc.employment[p] !== Status.employed) continue;
      const a = pc.agency[p];
      const ft = a === NULL_REF ? F.col.tile[F.rowOf[pc.employer[p]]] : A.col.tile[A.rowOf[a]];
      const dx = tx[t] - tx[ft];
      const dy = ty[t] - ty[ft];
      if (Math.sqrt(dx * dx + dy * dy) <= maxCommute) continue;
      endAnyJob(world, p, false);
    }
  },
};
