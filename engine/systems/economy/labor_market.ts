/**
 * The labor market (phase "markets"). One pass over persons:
 * - employees of a firm with layoffs pending are laid off (first come, in row order); others
 *   quit at `quit_rate`; an employee's wage drifts toward the firm's current offer (down at a
 *   third of the speed: nominal wages are sticky downward);
 * - unemployed persons search every `search_days` (staggered by id), employed ones at
 *   `on_the_job_search`: `seek_job` samples open vacancies and values each offer net of the
 *   commuting cost; `accept_job` takes the best one if it beats the reservation wage (or the
 *   current wage by 5%). The reservation wage of the unemployed decays day by day.
 * Firms' employee counts, vacancies and the persons' status, employer and wage change
 * together, so they always agree.
 *
 * @module
 */
import { hash32, uniform } from "../../core/rng.ts";
import type { System } from "../../core/scheduler.ts";
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";

/** The labor market system. */
export const laborMarket: System<SimWorld> = {
  name: "labor_market",
  phase: "markets",
  doc: "Layoffs, quits, wage drift, job search and matching.",
  enabled: (cfg) => cfg.systems.economy,
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

    const vac = scratch(world, "labor.vacancies", Int32Array, F.length);
    let nv = 0;
    for (let f = 0; f < F.length; f++) {
      if (fc.vacancies[f] > 0) {
        vac[nv++] = f;
        if (fc.vacancy_days[f] < 65535) fc.vacancy_days[f]++;
      }
    }
    const key = ctx.key(0);
    const up = fb.wage_pass_through / 365;
    const down = up / 3;
    const keepRes = 1 - lb.reservation_decay;
    const sample = lb.search_sample;
    const maxD = lb.max_commute_tiles;
    const dc = lb.distance_cost;

    for (let p = 0; p < P.length; p++) {
      const status = pc.employment[p];
      const id = P.ids[p];
      let threshold: number;
      if (status === Status.employed) {
        const f = F.rowOf[pc.employer[p]];
        if (fc.layoffs[f] > 0 || uniform(key, id, 0) < lb.quit_rate) {
          if (fc.layoffs[f] > 0) fc.layoffs[f]--;
          fc.employees[f]--;
          pc.employment[p] = Status.unemployed;
          pc.employer[p] = NULL_REF;
          pc.reservation_wage[p] = pc.wage[p];
          pc.wage[p] = 0;
          continue;
        }
        const gap = fc.wage_offer[f] - pc.wage[p];
        pc.wage[p] += gap * (gap > 0 ? up : down);
        if (nv === 0 || uniform(key, id, 1) >= lb.on_the_job_search) continue;
        threshold = 1.05 * pc.wage[p];
      } else if (status === Status.unemployed) {
        pc.reservation_wage[p] *= keepRes;
        if (nv === 0 || (id + tick) % lb.search_days !== 0) continue;
        threshold = pc.reservation_wage[p];
      } else continue;

      // seek_job: sample vacancies, value each net of commuting.
      const home = pc.tile[p];
      let best = -1;
      let bestValue = threshold;
      for (let k = 0; k < sample; k++) {
        const f = vac[hash32(key, id, 2 + k) % nv];
        if (fc.vacancies[f] === 0 || (status === Status.employed && F.ids[f] === pc.employer[p])) {
          continue;
        }
        const dx = tx[home] - tx[fc.tile[f]];
        const dy = ty[home] - ty[fc.tile[f]];
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d > maxD) continue;
        const value = fc.wage_offer[f] * (1 - dc * d);
        if (value > bestValue) {
          bestValue = value;
          best = f;
        }
      }
      if (best < 0) continue;
      // accept_job
      if (status === Status.employed) fc.employees[F.rowOf[pc.employer[p]]]--;
      pc.employment[p] = Status.employed;
      pc.employer[p] = F.ids[best];
      pc.wage[p] = fc.wage_offer[best];
      pc.reservation_wage[p] = pc.wage[p];
      fc.employees[best]++;
      if (--fc.vacancies[best] === 0) fc.vacancy_days[best] = 0;
    }
  },
};
