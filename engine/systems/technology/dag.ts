/**
 * The technology graph of a scenario: its nodes (declared, or the default ladder), checked to
 * be a DAG whose prerequisites exist, and the bit sets firms keep of the technologies they
 * know and have adopted.
 *
 * The default ladder gives every sector, at each level k = 1..L, a labor-saving technology
 * `<sector>_<k>` (productivity (1 + a)^k, inputs (1 - b)^(k-1)) and an input-saving one
 * `<sector>_<k>x` (productivity (1 + a)^(k-1), inputs (1 - b)^k), both requiring the two of
 * level k - 1 (the root `<sector>_0` for k = 1): two paths a firm chooses between by its
 * costs, both needed to go further. Each level is `difficulty_growth` times harder to find
 * than the last: ideas get harder to find (Jones 1995, JPE 103:759; Bloom, Jones, Van Reenen &
 * Webb 2020, AER 110:1104), so growth does not accelerate as firms climb.
 *
 * @module
 */
import { derived } from "../../core/world.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import { MAX_PREREQUISITES, MAX_TECHNOLOGIES } from "../../scenario/technology_schema.ts";
import type { SimWorld } from "../../world.ts";

/** One technology as the scenario declares it (defaults filled in). */
export type TechnologyNode = ScenarioConfig["technology"]["nodes"][number];

/** The resolved graph, indexed by technology row (the order of {@link technologyNodes}). */
export interface TechGraph {
  /** Names, one per technology. */
  names: string[];
  /** Sector index of each technology. */
  sector: Uint8Array;
  /** Productivity multiplier of each. */
  productivity: Float64Array;
  /** Input multiplier of each. */
  inputSaving: Float64Array;
  /** Research effort (worker-years) of each. */
  difficulty: Float64Array;
  /** Prerequisites: `MAX_PREREQUISITES` rows per technology, -1 padded. */
  prerequisites: Int32Array;
  /** Technologies of each sector: `bySector[start[s] .. start[s + 1])`. */
  bySector: Int32Array;
  /** Offsets into {@link bySector}, one per sector plus one. */
  start: Int32Array;
  /** 32-bit words a firm needs to hold one bit per technology (at least 1). */
  words: number;
}

/**
 * The technologies of a scenario: `technology.nodes`, or the default ladder of the module
 * overview for every sector when that list is empty (or when `systems.technology` is off: no
 * technologies then).
 *
 * @example
 * ```ts
 * technologyNodes(cfg).map((n) => n.name); // ["agri_0", "agri_1", "agri_1x", ...]
 * ```
 */
export function technologyNodes(cfg: ScenarioConfig): TechnologyNode[] {
  if (!cfg.systems.technology) return [];
  const t = cfg.technology;
  if (t.nodes.length > 0) return t.nodes;
  const out: TechnologyNode[] = [];
  const a = 1 + t.default_productivity_step;
  const b = 1 - t.default_input_step;
  for (const s of cfg.economy.sectors) {
    out.push({
      name: `${s}_0`,
      sector: s,
      productivity: 1,
      input_saving: 1,
      difficulty: 0,
      prerequisites: [],
    });
    for (let k = 1; k <= t.default_levels; k++) {
      const prerequisites = k === 1 ? [`${s}_0`] : [`${s}_${k - 1}`, `${s}_${k - 1}x`];
      const difficulty = t.default_difficulty * Math.pow(t.difficulty_growth, k - 1);
      out.push({
        name: `${s}_${k}`,
        sector: s,
        productivity: Math.pow(a, k),
        input_saving: Math.pow(b, k - 1),
        difficulty,
        prerequisites,
      });
      out.push({
        name: `${s}_${k}x`,
        sector: s,
        productivity: Math.pow(a, k - 1),
        input_saving: Math.pow(b, k),
        difficulty,
        prerequisites,
      });
    }
  }
  return out;
}

/** A problem of the technology graph, at a path of the scenario. */
export interface TechnologyProblem {
  /** Dotted path, e.g. `technology.nodes.3.prerequisites.0`. */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * Whether the declared technologies form a valid graph: unique names, known sectors, existing
 * prerequisites of the same sector, no cycle, roots at the baseline (productivity and inputs
 * 1), and a root in every sector that has technologies. Empty when all is well.
 *
 * @example
 * ```ts
 * technologyProblems(cfg); // [{ path: "technology.nodes.2.prerequisites.0", message: ... }]
 * ```
 */
export function technologyProblems(cfg: ScenarioConfig): TechnologyProblem[] {
  if (!cfg.systems.technology) return [];
  const out: TechnologyProblem[] = [];
  const count = technologyNodes(cfg).length;
  if (count > MAX_TECHNOLOGIES) {
    return [{
      path: "technology.default_levels",
      message:
        `${cfg.economy.sectors.length} sectors x (1 + 2 x ${cfg.technology.default_levels}) ` +
        `levels make ${count} technologies, more than ${MAX_TECHNOLOGIES}; use fewer levels`,
    }];
  }
  const nodes = cfg.technology.nodes;
  const at = (i: number) => `technology.nodes.${i}`;
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(n.name)) {
      out.push({ path: `${at(i)}.name`, message: `technology "${n.name}" is named twice` });
    } else index.set(n.name, i);
    if (!cfg.economy.sectors.includes(n.sector)) {
      out.push({
        path: `${at(i)}.sector`,
        message: `unknown sector "${n.sector}"; economy.sectors has ${
          cfg.economy.sectors.join(", ")
        }`,
      });
    }
    if (n.prerequisites.length === 0 && (n.productivity !== 1 || n.input_saving !== 1)) {
      out.push({
        path: at(i),
        message: `root technology "${n.name}" (no prerequisites) must have productivity 1 and ` +
          `input_saving 1: the roots are the sector's baseline the starting economy is built on`,
      });
    }
  });
  nodes.forEach((n, i) => {
    n.prerequisites.forEach((p, j) => {
      const k = index.get(p);
      if (k === undefined) {
        out.push({
          path: `${at(i)}.prerequisites.${j}`,
          message: `technology "${n.name}" needs "${p}", which is not declared; declare it or ` +
            `remove the prerequisite`,
        });
      } else if (nodes[k].sector !== n.sector) {
        out.push({
          path: `${at(i)}.prerequisites.${j}`,
          message: `technology "${n.name}" (sector ${n.sector}) needs "${p}" of sector ` +
            `${nodes[k].sector}; prerequisites must be of the same sector`,
        });
      }
    });
  });
  if (out.length > 0) return out;
  const cycle = findCycle(nodes.map((n) => n.prerequisites.map((p) => index.get(p)!)));
  if (cycle) {
    out.push({
      path: at(cycle[0]),
      message: `the prerequisites form a cycle: ${
        [...cycle, cycle[0]].map((i) => nodes[i].name).join(" -> ")
      }; a technology cannot (indirectly) need itself`,
    });
  }
  for (const s of new Set(nodes.map((n) => n.sector))) {
    if (!nodes.some((n) => n.sector === s && n.prerequisites.length === 0)) {
      out.push({
        path: "technology.nodes",
        message: `sector "${s}" has technologies but no root (one without prerequisites), so ` +
          `its firms could never start; give one technology of ${s} no prerequisites`,
      });
    }
  }
  return out;
}

/**
 * A cycle of the graph whose node `i` needs the nodes `needs[i]`, as a list of node indices
 * (each needs the next, the last needs the first), or null when the graph is acyclic.
 * Iterative depth-first search with three colours (Cormen et al., Introduction to Algorithms,
 * 22.3), so deep chains do not overflow the stack.
 *
 * @example
 * ```ts
 * findCycle([[1], [2], [0]]); // [0, 1, 2]
 * findCycle([[], [0], [0, 1]]); // null
 * ```
 */
export function findCycle(needs: readonly (readonly number[])[]): number[] | null {
  const n = needs.length;
  const colour = new Uint8Array(n); // 0 new, 1 on the path, 2 done
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    colour[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [v, next] = top;
      if (next < needs[v].length) {
        top[1]++;
        const w = needs[v][next];
        if (colour[w] === 1) {
          const cycle = [w];
          for (let u = v; u !== w; u = parent[u]) cycle.push(u);
          return [w, ...cycle.slice(1).reverse()];
        }
        if (colour[w] === 0) {
          colour[w] = 1;
          parent[w] = v;
          stack.push([w, 0]);
        }
      } else {
        colour[v] = 2;
        stack.pop();
      }
    }
  }
  return null;
}

/**
 * The world's technology graph (cached until the config changes). Assumes the scenario passed
 * {@link technologyProblems}.
 */
export function techGraph(world: SimWorld): TechGraph {
  return derived(world, "technology.graph", buildGraph);
}

/** {@link techGraph} of a config. */
export function buildGraph(cfg: ScenarioConfig): TechGraph {
  const nodes = technologyNodes(cfg);
  const N = nodes.length;
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  const sectors = cfg.economy.sectors;
  const g: TechGraph = {
    names: nodes.map((n) => n.name),
    sector: new Uint8Array(N),
    productivity: new Float64Array(N),
    inputSaving: new Float64Array(N),
    difficulty: new Float64Array(N),
    prerequisites: new Int32Array(N * MAX_PREREQUISITES).fill(-1),
    bySector: new Int32Array(N),
    start: new Int32Array(sectors.length + 1),
    words: techWords(N),
  };
  nodes.forEach((n, i) => {
    g.sector[i] = sectors.indexOf(n.sector);
    g.productivity[i] = n.productivity;
    g.inputSaving[i] = n.input_saving;
    g.difficulty[i] = n.difficulty;
    n.prerequisites.forEach((p, j) => g.prerequisites[i * MAX_PREREQUISITES + j] = index.get(p)!);
    g.start[g.sector[i] + 1]++;
  });
  for (let s = 0; s < sectors.length; s++) g.start[s + 1] += g.start[s];
  const fill = g.start.slice(0, sectors.length);
  for (let i = 0; i < N; i++) g.bySector[fill[g.sector[i]]++] = i;
  return g;
}

/** Words of 32 bits holding one bit per technology, at least 1. */
export function techWords(technologies: number): number {
  return Math.max(1, Math.ceil(technologies / 32));
}

/** Whether bit `t` of the set starting at `base` of `bits` is on. */
export function hasBit(bits: Uint32Array, base: number, t: number): boolean {
  return (bits[base + (t >>> 5)] & (1 << (t & 31))) !== 0;
}

/** Turns bit `t` of the set starting at `base` of `bits` on. */
export function setBit(bits: Uint32Array, base: number, t: number): void {
  bits[base + (t >>> 5)] |= 1 << (t & 31);
}

/**
 * Whether every prerequisite of technology `t` is in the known set starting at `base` of
 * `known` (the check of the decision loops; {@link missingPrerequisites} names what is not).
 */
export function prerequisitesKnown(
  g: TechGraph,
  known: Uint32Array,
  base: number,
  t: number,
): boolean {
  for (let j = 0; j < MAX_PREREQUISITES; j++) {
    const p = g.prerequisites[t * MAX_PREREQUISITES + j];
    if (p < 0) return true;
    if (!hasBit(known, base, p)) return false;
  }
  return true;
}

/**
 * The prerequisites of technology `t` missing from the known set starting at `base` of
 * `known`, as technology rows (empty: every prerequisite is known).
 */
export function missingPrerequisites(
  g: TechGraph,
  known: Uint32Array,
  base: number,
  t: number,
): number[] {
  const out: number[] = [];
  for (let j = 0; j < MAX_PREREQUISITES; j++) {
    const p = g.prerequisites[t * MAX_PREREQUISITES + j];
    if (p < 0) break;
    if (!hasBit(known, base, p)) out.push(p);
  }
  return out;
}
