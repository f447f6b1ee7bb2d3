/**
 * R&D, imitation and adoption: the rules policy of firms about technology, in the spirit of
 * the K+S models (Dosi, Fagiolo & Roventini 2010, JEDC 34:1748; Dosi, Fagiolo, Napoletano &
 * Roventini 2013, JEDC 37:1598). Every profitable firm spends `rd_share` of its sales on
 * researchers (labor taken from production and paid as usual): a firm with a research project
 * puts `imitation_share` of it into imitation and the rest into its project; a firm of
 * research size with no technology left to invent puts all of it into imitation, the catching
 * up that R&D buys far from the frontier (the second face of R&D, absorptive capacity: Cohen &
 * Levinthal 1989, Econ. J. 99:569; Griffith, Redding & Van Reenen 2004, REStat 86:883); smaller
 * firms only imitate, with their imitation share. On its decision day (the firm cadence):
 *
 * 1. **Innovation**: a discovery of its project's technology arrives with probability
 *    1 - exp(-E / d), E the innovation effort since the last decision and d the technology's
 *    difficulty (worker-years): Poisson arrivals at a rate proportional to R&D, the K+S
 *    innovation draw 1 - exp(-zeta IN). A technology is invented once: research is a patent
 *    race that the first discoverer wins outright (Loury 1979, QJE 93:395; Dasgupta & Stiglitz
 *    1980, Bell J. Econ. 11:1; Reinganum 1989, Handbook of IO ch. 14): the discovery ends every
 *    project on the technology, the losers' effort lost, and the others get it only by
 *    imitation. Diffusion is then imitation's logistic (Griliches 1957, Econometrica 25:501;
 *    Mansfield 1961, Econometrica 29:741): without the race every firm of research size
 *    invented each technology of its sector on its own, and a new technology's adopters rose
 *    in a straight line from the start (Bass p of 0.07-0.14 a year, not 0.03).
 * 2. **Imitation**: an imitation opportunity arrives with probability 1 - exp(-M / m), M the
 *    imitation effort and m `imitation_difficulty`; the firm then meets `imitation_sample`
 *    random firms of the economy, learns only from those of its own sector (so it sees on
 *    average `imitation_sample` times its sector's share of firms: random contacts, as in the
 *    word of mouth behind Bass's imitation term), and picks one with a weight falling with
 *    geographic distance, exp(-km / `imitation_distance_tiles`), and with technological
 *    distance, 1 / (technologies the other knows and it does not) as K+S weight competitors
 *    by inverse distance (Dosi et al. 2010, eq. 6); it copies the cheapest-to-use of the
 *    other's technologies whose prerequisites it knows. Imitation is cheaper than invention
 *    (Mansfield, Schwartz & Wagner 1981, Econ. J. 91:907: imitation costs about 65% of
 *    innovation and takes 70% of the time).
 * 2b. **The supplier's offer**: users invent, makers spread: most innovations in producer
 *    goods come from their users (von Hippel 1976, Research Policy 5:212), and the machine
 *    builders who make them for one user carry them to the others (Rosenberg 1963, J. Econ.
 *    Hist. 23:414: the machine-tool industry as the channel of "technological convergence").
 *    A maker that has delivered machines of a technology to a customer can build them for
 *    any other (`builds`), and offers its clients the best it builds for their sector, as K+S
 *    makers send their historical clients a brochure every period (Dosi, Fagiolo & Roventini
 *    2010), one a period of theirs (a quarter: `supplier_offer_days`, 91); hearing one, the firm
 *    learns the cheapest to use of those it does not know, prerequisites known. Adoption (4)
 *    then weighs it as any other.
 * 3. **Research target** (`start_RnD`): keep the project, or start one on the technology of its
 *    sector that nobody has discovered yet, prerequisites known, with the largest cost saving
 *    per unit of difficulty, funded for the coming cycle.
 * 4. **Adoption** (`adopt_tech`): make the known technology with the lowest unit cost the
 *    vintage of its next machines, when it is at least 1% cheaper than the current one (the
 *    margin keeps a firm from switching back and forth on price noise).
 * 5. **Early replacement**: old machines are replaced before they wear out when the new ones
 *    pay for themselves within `payback_years` (the K+S payback rule p_new / (c_old - c_new)
 *    <= b), at most `replacement_per_year` of capacity a year; the new machines are ordered
 *    from the capital-goods sector and scrap the old as they arrive.
 *
 * @module
 */
import { hash32, uniform } from "../../core/rng.ts";
import { NULL_REF } from "../../core/table.ts";
import { EVENTS } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { capitalPerCapacity } from "../economy/capital.ts";
import { recipesOf } from "../economy/recipes.ts";
import { output } from "../economy/technology.ts";
import { hasBit, prerequisitesKnown, setBit, type TechGraph, techGraph } from "./dag.ts";
import { Count, counts } from "./counters.ts";
import { cheapestKnown, type CostBasis, costBasis, nodeCost, unitCost } from "./embodiment.ts";
import { sectorYearOutput } from "./learning.ts";
import { adoptTech, startRnD } from "./verbs.ts";

/** A switch to a cheaper technology must save at least this share of unit cost. */
const ADOPTION_MARGIN = 0.01;

/**
 * Today's research of every firm: the researchers' wages (already paid with the wage bill)
 * count as R&D spending, their effective labor as effort toward imitation and the project.
 */
export function accrueResearch(world: SimWorld): void {
  const F = world.tables.firms;
  const c = F.col;
  const P = world.tables.projects;
  const pc = P.col;
  const xi = world.config.technology.imitation_share;
  let spending = 0;
  for (let f = 0; f < F.length; f++) {
    const rs = c.research_share[f];
    if (rs <= 0) continue;
    const spend = rs * c.wage_bill[f];
    const effort = (rs * c.labor_units[f]) / 365;
    spending += spend;
    // Researchers work on the project while it has budget left, and imitate otherwise.
    const id = c.project[f];
    const p = id === NULL_REF ? -1 : P.row(id);
    if (p < 0 || !(pc.budget[p] > 0)) {
      c.imitation_effort[f] += effort;
      continue;
    }
    c.imitation_effort[f] += xi * effort;
    c.innovation_effort[f] += (1 - xi) * effort;
    pc.progress[p] += (1 - xi) * effort;
    pc.spent[p] += (1 - xi) * spend;
    pc.budget[p] = Math.max(0, pc.budget[p] - (1 - xi) * spend);
  }
  counts(world)[Count.rd_spending] = spending;
}

/** Removes the projects of firms that exited today. */
export function dropOrphanProjects(world: SimWorld): void {
  const P = world.tables.projects;
  const F = world.tables.firms;
  for (let p = P.length - 1; p >= 0; p--) if (F.row(P.col.firm[p]) < 0) P.remove(p);
}

/** The technology decisions of firm row `f` on its decision day (module overview, 1-5). */
export function decideTechnology(world: SimWorld, f: number, key: number): void {
  const g = techGraph(world);
  const F = world.tables.firms;
  const c = F.col;
  const t = world.config.technology;
  const id = F.ids[f];
  const basis = costBasis(world, f);

  // 1. innovation
  const P = world.tables.projects;
  const project = c.project[f] === NULL_REF ? -1 : P.row(c.project[f]);
  if (project >= 0) {
    const target = P.col.technology[project];
    const d = g.difficulty[target];
    const chance = d > 0 ? 1 - Math.exp(-c.innovation_effort[f] / d) : 1;
    if (uniform(key, id, 0) < chance) discover(world, f, target);
  }
  c.innovation_effort[f] = 0;

  // 2. imitation
  const chance = 1 - Math.exp(-c.imitation_effort[f] / t.imitation_difficulty);
  if (c.imitation_effort[f] > 0 && uniform(key, id, 1) < chance) imitate(world, f, key, basis);
  c.imitation_effort[f] = 0;

  // 2b. the capital-goods supplier's offer
  const days = world.config.ai.cadence.firm_days;
  const offers = t.supplier_offer_days > 0 ? days / t.supplier_offer_days : 0;
  if (uniform(key, id, 2) < offers) supplierOffer(world, f, basis);

  // 3. the research target and its budget, paid from profits: a firm that is losing money
  // stops hiring researchers (its project waits), as R&D is financed from internal cash flow
  // (Himmelberg & Petersen 1994, REStat 76:38; Brown, Fazzari & Petersen 2009, J. Finance
  // 64:151).
  const sales = c.profit[f] > 0 ? t.rd_share * c.trend_sales[f] * c.price[f] : 0;
  let target = c.project[f] === NULL_REF ? -1 : P.col.technology[P.row(c.project[f])];
  // Formal R&D is for firms of some size: the chance that a firm performs R&D rises with its
  // size, and most small firms perform none (Cohen & Klepper 1996, Econ. J. 106:925); they
  // still learn what competitors do (imitation, their absorptive capacity: Cohen & Levinthal
  // 1990, ASQ 35:128).
  const formal = c.employees[f] >= t.rd_min_employees;
  if (target < 0 && formal) target = researchTarget(world, g, f, basis);
  const innovating = target >= 0 && formal ? 1 - t.imitation_share : 0;
  if (target >= 0 && formal) startRnD(world, id, target, innovating * sales * days);
  const wages = c.wage_bill[f];
  const share = wages > 0 ? ((formal ? 1 : t.imitation_share) * sales) / wages : 0;
  c.research_share[f] = Math.min(t.max_research_share, share);

  // 4. adoption
  const best = cheapestKnown(world, f, basis);
  const v = c.vintage[f];
  if (best >= 0 && best !== v) {
    const now = v >= 0 ? nodeCost(world, basis, v) : Infinity;
    if (nodeCost(world, basis, best) < (1 - ADOPTION_MARGIN) * now) adoptTech(world, id, best);
  }

  // 5. early replacement of old machines
  replaceEarly(world, f, basis);
}

/**
 * Firm row `f` discovers technology row `t` (its project's target), first in the world: the
 * technology's learning curve starts and the project ends.
 */
function discover(world: SimWorld, f: number, t: number): void {
  const g = techGraph(world);
  const F = world.tables.firms;
  const c = F.col;
  const P = world.tables.projects;
  const spent = P.col.spent[P.row(c.project[f])];
  setBit(c.known, f * g.words, t);
  openTechnology(world, t);
  // The race is over: every project on `t` ends, the winner's and the losers' (their effort
  // is lost; their researchers imitate until their next decision).
  for (let q = P.length - 1; q >= 0; q--) {
    if (P.col.technology[q] !== t) continue;
    const owner = F.row(P.col.firm[q]);
    if (owner >= 0) c.project[owner] = NULL_REF;
    P.remove(q);
  }
  world.events.emit(EVENTS.code.tech_discovery, F.ids[f], t, c.tile[f], spent);
  counts(world)[Count.discoveries]++;
}

/** Technology row `t` is discovered: its learning curve starts. */
function openTechnology(world: SimWorld, t: number): void {
  const T = world.tables.technologies.col;
  T.discovered[t] = world.tick;
  const x0 = world.config.technology.new_experience_years * sectorYearOutput(world, T.sector[t]);
  T.experience_base[t] = Math.max(x0, 1e-9);
  T.experience[t] = T.experience_base[t];
  T.cost_factor[t] = 1;
}

/**
 * The technology firm row `f` would research: of its sector, not yet discovered by anyone,
 * prerequisites known, with the largest unit-cost saving over its vintage per unit of
 * difficulty; -1 if none.
 */
function researchTarget(world: SimWorld, g: TechGraph, f: number, basis: CostBasis): number {
  const c = world.tables.firms.col;
  const discovered = world.tables.technologies.col.discovered;
  const v = c.vintage[f];
  if (v < 0) return -1;
  const now = nodeCost(world, basis, v);
  let best = -1;
  let bestValue = -Infinity;
  const s = c.sector[f];
  for (let i = g.start[s]; i < g.start[s + 1]; i++) {
    const t = g.bySector[i];
    if (hasBit(c.known, f * g.words, t) || discovered[t] >= 0) continue;
    if (!prerequisitesKnown(g, c.known, f * g.words, t)) continue;
    const cost = nodeCost(world, basis, t);
    const value = (now / cost - 1) / Math.max(g.difficulty[t], 1e-9);
    if (value > bestValue) {
      best = t;
      bestValue = value;
    }
  }
  return best;
}

/** Firm row `f` got an imitation opportunity: module overview, step 2. */
function imitate(world: SimWorld, f: number, key: number, basis: CostBasis): void {
  const g = techGraph(world);
  const F = world.tables.firms;
  const c = F.col;
  const tiles = world.tables.tiles;
  const t = world.config.technology;
  const id = F.ids[f];
  const here = tiles.row(c.tile[f]);
  let total = 0;
  let chosen = -1;
  for (let j = 0; j < t.imitation_sample; j++) {
    const o = hash32(key, id, 16 + j) % F.length;
    if (o === f || c.sector[o] !== c.sector[f]) continue;
    let ahead = 0;
    for (let w = 0; w < g.words; w++) {
      ahead += popcount(c.known[o * g.words + w] & ~c.known[f * g.words + w]);
    }
    if (ahead === 0) continue;
    const there = tiles.row(c.tile[o]);
    const dx = tiles.col.x[here] - tiles.col.x[there];
    const dy = tiles.col.y[here] - tiles.col.y[there];
    const weight = Math.exp(-Math.hypot(dx, dy) / t.imitation_distance_tiles) / ahead;
    total += weight;
    // Weighted reservoir choice: keep candidate o with probability weight / total.
    if (uniform(key, id, 48 + j) * total < weight) chosen = o;
  }
  if (chosen < 0) return;
  const best = cheapestLearnable(world, f, basis, c.known, chosen * g.words);
  if (best < 0) return;
  // What another firm knows has been discovered, so it is no firm's project (the race ends at
  // discovery): imitating it ends no project.
  setBit(c.known, f * g.words, best);
  world.events.emit(EVENTS.code.tech_imitation, id, best, c.tile[f], F.ids[chosen]);
  counts(world)[Count.imitations]++;
}

/**
 * Firm row `f` hears its capital-goods supplier's offer (module overview, 2b): of the
 * technologies of its sector that the supplier has built machines of for other customers, the
 * firm learns the cheapest to use among those it does not know and whose prerequisites it knows.
 */
function supplierOffer(world: SimWorld, f: number, basis: CostBasis): void {
  const k = recipesOf(world).capitalGood;
  if (k < 0) return;
  const F = world.tables.firms;
  const c = F.col;
  const supplier = c.supplier[f * world.tables.goods.length + k];
  const s = supplier === NULL_REF ? -1 : F.row(supplier);
  if (s < 0) return;
  const words = techGraph(world).words;
  const best = cheapestLearnable(world, f, basis, c.builds, s * words);
  if (best < 0) return;
  setBit(c.known, f * words, best);
  world.events.emit(EVENTS.code.tech_offer, F.ids[f], best, c.tile[f], supplier);
  counts(world)[Count.offers]++;
}

/**
 * Of the technologies of firm row `f`'s sector set in the bit set `bits` at `base` (another
 * firm's known set, or a maker's `builds`), the cheapest to use that `f` does not know yet and
 * whose prerequisites it knows; -1 if none. Ties go to the lower row.
 */
function cheapestLearnable(
  world: SimWorld,
  f: number,
  basis: CostBasis,
  bits: Uint32Array,
  base: number,
): number {
  const g = techGraph(world);
  const c = world.tables.firms.col;
  const own = f * g.words;
  const sector = c.sector[f];
  let best = -1;
  let bestCost = Infinity;
  for (let i = g.start[sector]; i < g.start[sector + 1]; i++) {
    const n = g.bySector[i];
    if (!hasBit(bits, base, n) || hasBit(c.known, own, n)) continue;
    if (!prerequisitesKnown(g, c.known, own, n)) continue;
    const cost = nodeCost(world, basis, n);
    if (cost < bestCost) {
      best = n;
      bestCost = cost;
    }
  }
  return best;
}

/** Early replacement of firm row `f`'s old machines by the K+S payback rule (overview, 5). */
function replaceEarly(world: SimWorld, f: number, basis: CostBasis): void {
  const c = world.tables.firms.col;
  const cfg = world.config;
  const t = cfg.technology;
  const v = c.vintage[f];
  const psi = capitalPerCapacity(world)[c.product[f]];
  const old = (1 - c.vintage_share[f]) * c.capacity[f] - c.replacing[f];
  if (v < 0 || !(psi > 0) || t.payback_years <= 0) return;
  const days = cfg.ai.cadence.firm_days;
  const cap = (t.replacement_per_year * days * c.capacity[f]) / 365;
  // Machines still owed for earlier replacements are ordered again this cycle (the economy's
  // own decision has just reset the order to its investment plan).
  if (c.replacing[f] > 0) c.capital_order[f] += (Math.min(c.replacing[f], cap) * psi) / days;
  if (!(old > 0) || c.replacing[f] >= cap) return;
  const before = unitCost(basis, c.legacy_productivity[f], c.legacy_inputs[f]);
  const after = nodeCost(world, basis, v);
  const perCapacity = output(
    cfg,
    1,
    cfg.economy.firm_behaviour.target_utilisation,
    c.technology[f],
  );
  const saving = (before - after) * perCapacity * 365;
  const k = recipesOf(world).capitalGood;
  const price = psi * world.tables.goods.col.basic_price[k];
  if (!(saving > 0) || price / saving > t.payback_years) return;
  const replace = Math.min(old, cap - c.replacing[f]);
  c.replacing[f] += replace;
  c.capital_order[f] += (replace * psi) / days;
}

/** Bits set in a 32-bit word (Hacker's Delight, 5-1). */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
