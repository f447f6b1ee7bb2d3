/**
 * Technology KPIs, set after the economy's (phase bookkeeping): labor productivity and the part
 * of it the firms' machines embody, R&D
 * spending and its share of GDP, today's discoveries, imitations and adoptions, the
 * dispersion of productivity within sectors, and for each technology the share of its
 * sector's firms that have adopted it (its diffusion curve) and the share whose newest
 * machines are of it. The counters of the
 * `technologies` table (knowers, adopters, users) are recounted here every day.
 *
 * @module
 */
import type { KpiSpec } from "../../core/kpis.ts";
import { scratch } from "../../core/world.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { SimWorld } from "../../world.ts";
import { select } from "../economy/economy_stats.ts";
import { techGraph, technologyNodes } from "./dag.ts";
import { Count, counts } from "./counters.ts";

/** The technology KPIs for a scenario, in the order {@link technologyKpis} sets them. */
export function technologyKpiSpecs(cfg: ScenarioConfig): KpiSpec[] {
  return [
    {
      name: "labor_productivity",
      unit: "base currency/worker/day",
      doc: "Real value added per employed person (gdp_real / employment).",
    },
    {
      name: "embodied_productivity",
      unit: "multiplier",
      doc: "Labor productivity multiplier of the firms' machines, weighted by employees.",
    },
    { name: "rd_spending", unit: "currency/day", doc: "Wages of researchers today." },
    { name: "rd_gdp", unit: "share", doc: "R&D spending over nominal GDP today." },
    {
      name: "tech_discoveries",
      unit: "technologies",
      doc: "Technologies discovered today by firms' R&D (each is invented once).",
    },
    { name: "tech_imitations", unit: "firms", doc: "Technologies imitated today." },
    { name: "tech_adoptions", unit: "firms", doc: "Firms that adopted a technology today." },
    {
      name: "tech_offers",
      unit: "firms",
      doc: "Technologies firms learned today from their capital-goods supplier's offer.",
    },
    {
      name: "tfp_dispersion",
      unit: "ratio",
      doc: "Mean over sectors (with 10 firms or more) of the 90/10 ratio of firms' TFP.",
    },
    ...technologyNodes(cfg).map((n) => ({
      name: `tech_adopters_${n.name}`,
      unit: "share",
      doc: `Share of the firms of ${n.sector} that have adopted ${n.name}.`,
    })),
    ...technologyNodes(cfg).map((n) => ({
      name: `tech_users_${n.name}`,
      unit: "share",
      doc: `Share of the firms of ${n.sector} whose newest machines are of ${n.name}.`,
    })),
  ];
}

/** Sets the technology KPIs (indices `K` in the order of {@link technologyKpiSpecs}). */
export function technologyKpis(world: SimWorld, K: Int32Array): void {
  const v = world.kpis.values;
  const g = techGraph(world);
  const F = world.tables.firms;
  const c = F.col;
  const T = world.tables.technologies.col;
  const N = world.tables.technologies.length;
  T.knowers.fill(0, 0, N);
  T.adopters.fill(0, 0, N);
  T.users.fill(0, 0, N);
  const sectors = world.config.economy.sectors.length;
  const firms = scratch(world, "technology.firmsBySector", Float64Array, sectors);
  firms.fill(0, 0, sectors);
  const W = g.words;
  for (let f = 0; f < F.length; f++) {
    firms[c.sector[f]]++;
    // Only the set bits: a firm knows a handful of technologies.
    for (let w = 0; w < W; w++) {
      for (let bits = c.known[f * W + w]; bits !== 0; bits &= bits - 1) {
        T.knowers[32 * w + 31 - Math.clz32(bits & -bits)]++;
      }
      for (let bits = c.adopted[f * W + w]; bits !== 0; bits &= bits - 1) {
        T.adopters[32 * w + 31 - Math.clz32(bits & -bits)]++;
      }
    }
    if (c.vintage[f] >= 0) T.users[c.vintage[f]]++;
  }
  const gdpReal = v[world.kpis.indexOf("gdp_real")];
  const gdp = v[world.kpis.indexOf("gdp_nominal")];
  const employment = v[world.kpis.indexOf("employment")];
  const n = counts(world);
  let weighted = 0;
  let staff = 0;
  for (let f = 0; f < F.length; f++) {
    weighted += c.employees[f] * c.embodied[f];
    staff += c.employees[f];
  }
  v[K[0]] = employment > 0 ? gdpReal / employment : 0;
  v[K[1]] = staff > 0 ? weighted / staff : 1;
  v[K[2]] = n[Count.rd_spending];
  v[K[3]] = gdp > 0 ? n[Count.rd_spending] / gdp : 0;
  v[K[4]] = n[Count.discoveries];
  v[K[5]] = n[Count.imitations];
  v[K[6]] = n[Count.adoptions];
  v[K[7]] = n[Count.offers];
  v[K[8]] = tfpDispersion(world);
  n.fill(0); // counted: the next day's (and verbs called between ticks) start from zero
  for (let t = 0; t < N; t++) {
    const s = T.sector[t];
    v[K[9 + t]] = firms[s] > 0 ? T.adopters[t] / firms[s] : 0;
    v[K[9 + N + t]] = firms[s] > 0 ? T.users[t] / firms[s] : 0;
  }
}

/**
 * Mean over sectors (with at least 10 firms) of the ratio of the 90th to the 10th percentile
 * of firms' productivity (own efficiency `technology` times what their machines embody), the
 * within-industry dispersion Syverson (2011, JEL 49:326) surveys. NaN when no sector has 10 firms.
 */
export function tfpDispersion(world: SimWorld): number {
  const F = world.tables.firms;
  const c = F.col;
  const sectors = world.config.economy.sectors.length;
  // Firms' productivity grouped by sector, each group in row order (a counting sort): one pass
  // over firms, where a pass per sector took the branch on the sector at every firm.
  const start = scratch(world, "technology.tfpStart", Int32Array, sectors + 1);
  start.fill(0, 0, sectors + 1);
  for (let f = 0; f < F.length; f++) start[c.sector[f] + 1]++;
  for (let s = 0; s < sectors; s++) start[s + 1] += start[s];
  const at = scratch(world, "technology.tfpAt", Int32Array, sectors);
  at.set(start.subarray(0, sectors));
  const all = scratch(world, "technology.tfpAll", Float64Array, F.length);
  const buf = scratch(world, "technology.tfp", Float64Array, F.length);
  for (let f = 0; f < F.length; f++) all[at[c.sector[f]]++] = c.technology[f] * c.embodied[f];
  let sum = 0;
  let counted = 0;
  for (let s = 0; s < sectors; s++) {
    const m = start[s + 1] - start[s];
    if (m < 10) continue;
    for (let i = 0; i < m; i++) buf[i] = all[start[s] + i];
    const lo = Math.floor(0.1 * (m - 1));
    const hi = Math.ceil(0.9 * (m - 1));
    select(buf, m, lo);
    const p10 = buf[lo];
    select(buf, m, hi);
    const p90 = buf[hi];
    if (p10 > 0) {
      sum += p90 / p10;
      counted++;
    }
  }
  return counted > 0 ? sum / counted : NaN;
}
