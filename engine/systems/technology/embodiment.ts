/**
 * Technology embodied in machines (the vintage capital of Solow 1960, "Investment and
 * technical progress", and of the K+S models: Dosi, Fagiolo & Roventini 2010, JEDC 34:1748):
 * a firm's capacity is made of machines of its newest vintage (`vintage`, a share
 * `vintage_share` of the capacity) and older ones, whose productivity and input multipliers
 * were frozen when they stopped being newest (`legacy_*`). Adopting a technology makes it the
 * vintage of the machines the firm buys from then on; the share of new machines grows with
 * every delivery (investment, replacement of worn-out capacity, early replacement of old
 * machines), so a technology raises a firm's productivity as fast as its machines turn over.
 * Machines of the newest vintage keep learning as their technology's cost factor falls.
 *
 * Technical change is labor-augmenting, as in K+S, where a machine's vintage sets the labor
 * productivity of the workers on it and not its output: production multiplies the firm's
 * effective labor by `embodied`, so output per worker rises and output per unit of capacity
 * does not. Capital per unit of output then stays put as productivity grows, the balanced
 * growth Uzawa's theorem requires (Uzawa 1961, REStud 28:117; Kaldor's constant capital-output
 * ratio). `input_use` scales the recipe's inputs. The firm's own efficiency (`technology`, the
 * AR(1) of `economy/technology.ts`) is a separate, Hicks-neutral factor. Firms whose good needs
 * no machines (every good, in a scenario without a capital good) switch all their capacity at
 * adoption.
 *
 * @module
 */
import { hash32 } from "../../core/rng.ts";
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { EVENTS } from "../../events.ts";
import type { SimWorld } from "../../world.ts";
import { MAX_PREREQUISITES } from "../../scenario/technology_schema.ts";
import { capitalPerCapacity } from "../economy/capital.ts";
import { recipesOf } from "../economy/recipes.ts";
import { Count, counts } from "./counters.ts";
import { hasBit, setBit, techGraph } from "./dag.ts";

/** Productivity multiplier of technology row `t` today: declared, over its cost factor. */
export function nodeProductivity(world: SimWorld, t: number): number {
  const c = world.tables.technologies.col;
  return c.productivity[t] / c.cost_factor[t];
}

/** Input multiplier of technology row `t` today: declared, times its cost factor. */
export function nodeInputs(world: SimWorld, t: number): number {
  const c = world.tables.technologies.col;
  return c.input_saving[t] * c.cost_factor[t];
}

/** Recomputes firm row `f`'s embodied productivity and input use from its vintages. */
export function refreshFirm(world: SimWorld, f: number): void {
  const c = world.tables.firms.col;
  const v = c.vintage[f];
  if (v === NULL_REF) return;
  const s = c.vintage_share[f];
  c.embodied[f] = s * nodeProductivity(world, v) + (1 - s) * c.legacy_productivity[f];
  c.input_use[f] = s * nodeInputs(world, v) + (1 - s) * c.legacy_inputs[f];
}

/**
 * {@link refreshFirm} for every firm, after learning moved the technologies' cost factors: one
 * pass with each technology's multipliers read once.
 */
export function refreshFirms(world: SimWorld): void {
  const T = world.tables.technologies;
  const N = T.length;
  const prod = scratch(world, "technology.productivity", Float64Array, N);
  const inputs = scratch(world, "technology.inputs", Float64Array, N);
  for (let t = 0; t < N; t++) {
    prod[t] = nodeProductivity(world, t);
    inputs[t] = nodeInputs(world, t);
  }
  const F = world.tables.firms;
  const c = F.col;
  for (let f = 0; f < F.length; f++) {
    const v = c.vintage[f];
    if (v === NULL_REF) continue;
    const s = c.vintage_share[f];
    c.embodied[f] = s * prod[v] + (1 - s) * c.legacy_productivity[f];
    c.input_use[f] = s * inputs[v] + (1 - s) * c.legacy_inputs[f];
  }
}

/**
 * New capacity `added` was installed at firm row `f`, whose capacity was `before`: the
 * machines are of its vintage. Machines on order to replace old ones early (`replacing`)
 * scrap as much old capacity as they bring. No-op without technologies.
 */
export function addVintageCapacity(world: SimWorld, f: number, before: number, added: number) {
  const c = world.tables.firms.col;
  if (c.vintage[f] === NULL_REF || !(added > 0)) return;
  const s = c.vintage_share[f];
  const fresh = s * before + added;
  let old = (1 - s) * before;
  const scrapped = Math.min(added, c.replacing[f], old);
  if (scrapped > 0) {
    old -= scrapped;
    c.replacing[f] -= scrapped;
  }
  const total = fresh + Math.max(0, old);
  // Nothing old left to scrap, or a rounding remainder of the order (float32 column).
  if (old <= 0 || c.replacing[f] < 1e-6 * total) c.replacing[f] = 0;
  c.capacity[f] = total;
  c.vintage_share[f] = total > 0 ? Math.min(1, fresh / total) : 1;
  refreshFirm(world, f);
}

/**
 * Firm row `s` (a capital-goods maker) has delivered machines to firm row `f`: they are of
 * `f`'s vintage, which `s` now knows how to build and offers its other customers (see
 * `research.ts`, the supplier's offer). No-op without technologies.
 */
export function recordBuild(world: SimWorld, s: number, f: number): void {
  const c = world.tables.firms.col;
  const v = c.vintage[f];
  if (v === NULL_REF) return;
  setBit(c.builds, s * techGraph(world).words, v);
}

/**
 * Makes technology row `t` firm row `f`'s vintage: the machines it has are frozen into its
 * legacy, the ones it buys from now on are of `t` (all its capacity at once when its good
 * needs no machines). The caller has checked that the firm knows `t` (the `adopt_tech` verb).
 */
export function switchVintage(world: SimWorld, f: number, t: number): void {
  const F = world.tables.firms;
  const c = F.col;
  const words = techGraph(world).words;
  const v = c.vintage[f];
  if (v === t) return;
  if (v !== NULL_REF) {
    const s = c.vintage_share[f];
    c.legacy_productivity[f] = s * nodeProductivity(world, v) + (1 - s) * c.legacy_productivity[f];
    c.legacy_inputs[f] = s * nodeInputs(world, v) + (1 - s) * c.legacy_inputs[f];
  }
  const embodied = capitalPerCapacity(world)[c.product[f]] > 0 && c.capacity[f] > 0;
  c.vintage[f] = t;
  c.vintage_share[f] = embodied ? 0 : 1;
  c.replacing[f] = 0;
  setBit(c.adopted, f * words, t);
  refreshFirm(world, f);
  counts(world)[Count.adoptions]++;
  world.events.emit(EVENTS.code.tech_adoption, F.ids[f], t, c.tile[f], 1 - c.vintage_share[f]);
}

/**
 * Gives firm row `f` (new, its `technology` drawn) its first technologies:
 * the known set of firm row `from` (a spin-off inherits what its parent knows: Klepper 2007,
 * Management Science 53:616) or, when `from` is -1, its sector's roots; its vintage is the
 * cheapest of them by {@link cheapestKnown}, all its capacity of that vintage.
 */
export function equipFirm(world: SimWorld, f: number, from: number): void {
  const g = techGraph(world);
  const c = world.tables.firms.col;
  const W = g.words;
  const sector = c.sector[f];
  for (let w = 0; w < W; w++) c.known[f * W + w] = from >= 0 ? c.known[from * W + w] : 0;
  if (from < 0) {
    for (let i = g.start[sector]; i < g.start[sector + 1]; i++) {
      const t = g.bySector[i];
      if (g.prerequisites[t * MAX_PREREQUISITES] < 0) setBit(c.known, f * W, t);
    }
  }
  for (let w = 0; w < W; w++) c.adopted[f * W + w] = 0;
  for (let w = 0; w < W; w++) c.builds[f * W + w] = 0;
  c.embodied[f] = 1;
  c.input_use[f] = 1;
  c.vintage[f] = NULL_REF;
  c.project[f] = NULL_REF;
  const t = cheapestKnown(world, f);
  if (t < 0) return;
  c.vintage[f] = t;
  c.vintage_share[f] = 1;
  c.legacy_productivity[f] = nodeProductivity(world, t);
  c.legacy_inputs[f] = nodeInputs(world, t);
  setBit(c.adopted, f * W, t);
  refreshFirm(world, f);
}

/**
 * Equips entrant row `f` (keyed draws on `key`): it inherits the known set of an incumbent of
 * its sector drawn at random (up to 8 draws), or its sector's roots when none is found.
 */
export function equipEntrant(world: SimWorld, f: number, key: number): void {
  const F = world.tables.firms;
  const c = F.col;
  let from = -1;
  for (let j = 0; j < 8 && from < 0 && F.length > 1; j++) {
    const o = hash32(key, F.ids[f], 40 + j) % F.length;
    if (o !== f && c.sector[o] === c.sector[f] && c.vintage[o] !== NULL_REF) from = o;
  }
  equipFirm(world, f, from);
}

/**
 * What a unit of firm row `f`'s good costs before its machines: the wage per labor unit, what
 * a labor unit makes at the firm's own efficiency, and the recipe's inputs at today's prices.
 * A technology of productivity multiplier p and input multiplier i makes it cost
 * `wage / (output * p) + inputs * i` ({@link unitCost}): the cost the firm compares
 * technologies by. Computed once per decision.
 */
export interface CostBasis {
  /** Wage per labor unit. */
  wage: number;
  /** Output of a labor unit at productivity multiplier 1. */
  output: number;
  /** Inputs per unit of output at input multiplier 1. */
  inputs: number;
}

/** The {@link CostBasis} of firm row `f` at today's wage per labor unit and prices. */
export function costBasis(world: SimWorld, f: number): CostBasis {
  const c = world.tables.firms.col;
  const r = recipesOf(world);
  const G = r.goods;
  const gp = world.tables.goods.col.basic_price;
  const g = c.product[f];
  let inputs = 0;
  for (let k = 0; k < G; k++) inputs += r.inputs[g * G + k] * gp[k];
  return {
    wage: c.labor_units[f] > 0 ? c.wage_bill[f] / c.labor_units[f] : c.wage_offer[f],
    output: c.technology[f] * world.config.economy.production.output_per_worker,
    inputs,
  };
}

/** Unit cost on a {@link CostBasis} with machines of multipliers `p` (labor) and `i` (inputs). */
export function unitCost(b: CostBasis, p: number, i: number): number {
  return b.wage / (b.output * p) + b.inputs * i;
}

/** Unit cost on a {@link CostBasis} with machines of technology row `t` as it is today. */
export function nodeCost(world: SimWorld, b: CostBasis, t: number): number {
  return unitCost(b, nodeProductivity(world, t), nodeInputs(world, t));
}

/**
 * The technology firm row `f` knows whose machines would make its good cheapest today (ties:
 * the lower row), or -1 if it knows none: the vintage choice of a cost-minimising firm.
 */
export function cheapestKnown(
  world: SimWorld,
  f: number,
  basis: CostBasis = costBasis(world, f),
): number {
  const g = techGraph(world);
  const c = world.tables.firms.col;
  const sector = c.sector[f];
  let best = -1;
  let bestCost = Infinity;
  for (let i = g.start[sector]; i < g.start[sector + 1]; i++) {
    const t = g.bySector[i];
    if (!hasBit(c.known, f * g.words, t)) continue;
    const cost = nodeCost(world, basis, t);
    if (cost < bestCost) {
      best = t;
      bestCost = cost;
    }
  }
  return best;
}
