/**
 * Technology and innovation (issue 12): a graph of technologies per sector, firms' R&D and
 * imitation, adoption embodied in machines bought from the capital-goods sector, and learning
 * by doing. Two systems:
 *
 * 1. `technology` (phase markets, after entry and exit): projects of firms that exited are
 *    dropped; today's R&D accrues (`research.ts`); today's output adds to each technology's
 *    experience and lowers its cost (`learning.ts`); firms whose turn it is decide about
 *    innovation, imitation, their research target, adoption and early replacement through the
 *    verbs `start_RnD` and `adopt_tech` (`research.ts`, `verbs.ts`); every firm's embodied
 *    productivity follows its machines (`embodiment.ts`);
 * 2. `technology_stats` (phase bookkeeping, after the economy's KPIs): the KPIs (`stats.ts`).
 *
 * Runs when `systems.technology` is on. Without it, firms have no vintage and their
 * technology is their own efficiency alone, as before.
 *
 * @module
 */
import type { System } from "../../core/scheduler.ts";
import { MAX_PREREQUISITES } from "../../scenario/technology_schema.ts";
import type { SimWorld } from "../../world.ts";
import { techGraph } from "./dag.ts";
import { equipFirm, refreshFirms } from "./embodiment.ts";
import { learn, sectorYearOutput } from "./learning.ts";
import { accrueResearch, decideTechnology, dropOrphanProjects } from "./research.ts";
import { technologyKpis, technologyKpiSpecs } from "./stats.ts";

const enabled = (cfg: SimWorld["config"]) => cfg.systems.technology && cfg.systems.economy;

/** R&D, imitation, adoption and learning by doing. */
export const technology: System<SimWorld> = {
  name: "technology",
  phase: "markets",
  doc: "R&D, imitation, adoption of technologies embodied in machines, learning by doing.",
  enabled,
  init(world) {
    openTechnologies(world);
  },
  update(world, ctx) {
    dropOrphanProjects(world);
    accrueResearch(world);
    learn(world);
    const F = world.tables.firms;
    const days = world.config.ai.cadence.firm_days;
    const key = ctx.key(0);
    for (let f = 0; f < F.length; f++) {
      if ((F.ids[f] + world.tick) % days === 0) decideTechnology(world, f, key);
    }
    refreshFirms(world);
  },
};

/** The technology KPIs, after the economy's. */
export const technologyStats: System<SimWorld> = {
  name: "technology_stats",
  phase: "bookkeeping",
  doc: "Technology KPIs: productivity, R&D, discoveries, dispersion, diffusion curves.",
  enabled,
  kpis: technologyKpiSpecs,
  update(world, ctx) {
    technologyKpis(world, ctx.kpi);
  },
};

/**
 * Fills the `technologies` table from the scenario's graph (roots discovered at the start,
 * with `root_experience_years` of their sector's output as experience) and gives every firm
 * its sector's roots.
 */
function openTechnologies(world: SimWorld): void {
  const g = techGraph(world);
  const T = world.tables.technologies;
  const N = g.names.length;
  T.add(N);
  const c = T.col;
  const years = world.config.technology.root_experience_years;
  for (let t = 0; t < N; t++) {
    c.sector[t] = g.sector[t];
    c.productivity[t] = g.productivity[t];
    c.input_saving[t] = g.inputSaving[t];
    c.difficulty[t] = g.difficulty[t];
    const M = MAX_PREREQUISITES;
    for (let j = 0; j < M; j++) c.prerequisites[t * M + j] = g.prerequisites[t * M + j];
    c.cost_factor[t] = 1;
    const root = g.prerequisites[t * M] < 0;
    c.discovered[t] = root ? world.tick : -1;
    if (root) {
      c.experience_base[t] = Math.max(1e-9, years * sectorYearOutput(world, g.sector[t]));
      c.experience[t] = c.experience_base[t];
    }
  }
  const F = world.tables.firms;
  for (let f = 0; f < F.length; f++) equipFirm(world, f, -1);
}
