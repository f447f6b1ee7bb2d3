/**
 * Recipes: which sector makes each good, the inputs per unit of output (a Leontief
 * input-output matrix), households' budget shares and subsistence needs, spoilage, the
 * capital good and the skill weights of each sector. Defaults are given for the goods the
 * seed scenarios use; `economy.recipes` and `economy.skill_weights` override them, and a good
 * with no default is a plain consumer good of the first sector with no inputs. The capital
 * good (machinery, else tools) is no default input of other goods: what firms use of it is
 * their capacity, bought as investment (capital formation, not intermediate use, in the
 * national accounts: SNA 2008, ch. 10).
 *
 * @module
 */
import { derived } from "../../core/world.ts";
import type { ScenarioConfig } from "../../scenario/schema.ts";
import type { SimWorld } from "../../world.ts";
import { schoolingFactors, workStartAges } from "./productivity.ts";
import { capitalCharge, largestMarkupNorm } from "./markup_norm.ts";

interface GoodDefault {
  sector: string[];
  inputs: Record<string, number>;
  consumer_share: number;
  subsistence: number;
  perish_rate: number;
}

/** Default recipe of well-known goods; `sector` lists preferred sectors in order. */
const DEFAULT_GOODS: Record<string, GoodDefault> = {
  food: {
    sector: ["agri"],
    inputs: { wheat: 0.25, energy: 0.04 },
    consumer_share: 0.14,
    subsistence: 0.03,
    perish_rate: 0.002,
  },
  wheat: {
    sector: ["agri"],
    inputs: { chemicals: 0.03, energy: 0.02 },
    consumer_share: 0,
    subsistence: 0,
    perish_rate: 0.002,
  },
  energy: {
    sector: ["energy", "manufacturing"],
    inputs: {},
    consumer_share: 0.08,
    subsistence: 0.02,
    perish_rate: 0,
  },
  services: {
    sector: ["services"],
    inputs: { energy: 0.03 },
    consumer_share: 0.45,
    subsistence: 0,
    perish_rate: 0.002,
  },
  tools: {
    sector: ["manufacturing"],
    inputs: { steel: 0.2, energy: 0.06 },
    consumer_share: 0.06,
    subsistence: 0,
    perish_rate: 0,
  },
  steel: {
    sector: ["manufacturing"],
    inputs: { energy: 0.15 },
    consumer_share: 0,
    subsistence: 0,
    perish_rate: 0,
  },
  goods: {
    sector: ["manufacturing"],
    inputs: { steel: 0.1, chemicals: 0.05, energy: 0.04 },
    consumer_share: 0.17,
    subsistence: 0,
    perish_rate: 0,
  },
  chemicals: {
    sector: ["manufacturing"],
    inputs: { energy: 0.1 },
    consumer_share: 0.02,
    subsistence: 0,
    perish_rate: 0,
  },
  textiles: {
    sector: ["manufacturing"],
    inputs: { energy: 0.04, chemicals: 0.02 },
    consumer_share: 0.05,
    subsistence: 0,
    perish_rate: 0,
  },
  housing: {
    sector: ["services"],
    inputs: { steel: 0.02, energy: 0.03 },
    consumer_share: 0.2,
    subsistence: 0.01,
    perish_rate: 0.002,
  },
  machinery: {
    sector: ["manufacturing"],
    inputs: { steel: 0.3, energy: 0.08 },
    consumer_share: 0,
    subsistence: 0,
    perish_rate: 0,
  },
  transport: {
    sector: ["services"],
    inputs: { energy: 0.1 },
    consumer_share: 0.08,
    subsistence: 0,
    perish_rate: 0.002,
  },
};

/** Skill names, in the order of the persons' `skills` vector. */
export const SKILL_NAMES = [
  "manual",
  "technical",
  "cognitive",
  "social",
  "agricultural",
  "managerial",
  "creative",
  "digital",
] as const;

const DEFAULT_SKILLS: Record<string, number[]> = {
  agri: [0.35, 0.1, 0.05, 0.05, 0.35, 0.05, 0, 0.05],
  manufacturing: [0.3, 0.35, 0.1, 0.05, 0, 0.1, 0.05, 0.05],
  services: [0.05, 0.05, 0.3, 0.3, 0, 0.1, 0.1, 0.1],
  energy: [0.15, 0.4, 0.2, 0, 0, 0.1, 0, 0.15],
};

/** The scenario's recipes, recomputed only when a shock changes the scenario. */
export const recipesOf = (world: SimWorld): Recipes =>
  derived(world, "economy.recipes", recipesFromConfig);

const recipesFromConfig = (cfg: ScenarioConfig): Recipes => resolveRecipes(cfg);

/** Resolved recipes of a scenario, as flat typed arrays for the hot loops. */
export interface Recipes {
  /** Number of goods. */
  goods: number;
  /** Sector (index) making each good. */
  sectorOf: Uint8Array;
  /** inputs[out * goods + in]: units of `in` per unit of `out`. */
  inputs: Float64Array;
  /**
   * The inputs of each good in increasing order, `inputGoods[inputStart[g] .. inputStart[g + 1])`
   * (the goods whose `inputs` entry is not 0): the firms' daily loops visit these, not every
   * good (two of twelve in the large preset).
   */
  inputStart: Int32Array;
  inputGoods: Int32Array;
  /** Budget share of each good beyond subsistence (normalised to sum 1). */
  consumerShare: Float64Array;
  /** Units per person per day bought first. */
  subsistence: Float64Array;
  /** Share of stock that spoils per day. */
  perish: Float64Array;
  /** Good bought to add capacity, or -1. */
  capitalGood: number;
  /** skillWeights[sector * 8 + k], each sector's row summing to 1. */
  skillWeights: Float64Array;
  /** Human capital by education level (see schoolingFactors). */
  schooling: Float64Array;
  /** Age at which each education level can first work (see workStartAges). */
  workStart: Float64Array;
}

/**
 * Resolves the recipes of a scenario.
 *
 * @param cfg A validated scenario.
 * @param check Throw on recipes that cannot run (validation reports them first, see
 *   {@link recipeProblems}); false lets validation look at them.
 * @example
 * ```ts
 * const r = resolveRecipes(cfg);
 * r.inputs[food * r.goods + wheat]; // 0.25 with the defaults
 * ```
 */
export function resolveRecipes(cfg: ScenarioConfig, check = true): Recipes {
  const goods = cfg.economy.goods;
  const sectors = cfg.economy.sectors;
  const G = goods.length;
  const sectorOf = new Uint8Array(G);
  const inputs = new Float64Array(G * G);
  const consumerShare = new Float64Array(G);
  const subsistence = new Float64Array(G);
  const perish = new Float64Array(G);
  goods.forEach((name, g) => {
    const d = DEFAULT_GOODS[name];
    const o = cfg.economy.recipes[name] ?? {};
    const preferred = o.sector ?? d?.sector.find((s) => sectors.includes(s)) ??
      (sectors.includes("manufacturing") ? "manufacturing" : sectors[g % sectors.length]);
    sectorOf[g] = sectors.indexOf(preferred);
    const ins = o.inputs ?? d?.inputs ?? {};
    for (const [input, a] of Object.entries(ins)) {
      const k = goods.indexOf(input);
      if (k >= 0 && k !== g) inputs[g * G + k] = a;
    }
    consumerShare[g] = o.consumer_share ?? d?.consumer_share ?? (d ? 0 : 0.05);
    subsistence[g] = o.subsistence ?? d?.subsistence ?? 0;
    perish[g] = o.perish_rate ?? d?.perish_rate ?? 0;
  });
  const total = consumerShare.reduce((a, b) => a + b, 0);
  if (check && total <= 0) {
    throw new Error(
      "economy: no good has a consumer share; give one in economy.recipes.<good>.consumer_share",
    );
  }
  if (total > 0) { for (let g = 0; g < G; g++) consumerShare[g] /= total; }
  const named = cfg.economy.capital_good;
  if (check && named && !goods.includes(named)) {
    throw new Error(
      `economy.capital_good "${named}" is not one of the goods (${goods.join(", ")})`,
    );
  }
  const capitalGood = named
    ? goods.indexOf(named)
    : goods.indexOf("machinery") >= 0
    ? goods.indexOf("machinery")
    : goods.indexOf("tools");
  const skillWeights = new Float64Array(sectors.length * 8);
  sectors.forEach((s, i) => {
    const w = cfg.economy.skill_weights[s] ?? DEFAULT_SKILLS[s] ?? new Array(8).fill(1);
    const sum = w.reduce((a, b) => a + b, 0) || 1;
    for (let k = 0; k < 8; k++) skillWeights[i * 8 + k] = w[k] / sum;
  });
  const inputStart = new Int32Array(G + 1);
  const inputGoods: number[] = [];
  for (let g = 0; g < G; g++) {
    for (let k = 0; k < G; k++) if (inputs[g * G + k] !== 0) inputGoods.push(k);
    inputStart[g + 1] = inputGoods.length;
  }
  return {
    goods: G,
    sectorOf,
    inputs,
    inputStart,
    inputGoods: Int32Array.from(inputGoods),
    consumerShare,
    subsistence,
    perish,
    capitalGood,
    skillWeights,
    schooling: schoolingFactors(cfg),
    workStart: workStartAges(cfg),
  };
}

/**
 * What makes a scenario's recipes unusable, for validation (each with the key path, a message
 * saying how to fix it, and the parameters involved):
 * - no good with a consumer share (households would buy nothing);
 * - a capital good that is not one of the goods;
 * - a sector whose skill weights are all 0 (its workers would produce nothing);
 * - input coefficients that do not leave a surplus. Cost prices solve p = (1 + m)(w/a + A p)
 *   and gross output x = A x + c; both have a positive solution, reached by the fixed-point
 *   iterations below, only when the spectral radius of (1 + m) A is below 1: the
 *   Hawkins-Simon condition of a productive input-output economy (Hawkins & Simon 1949,
 *   Econometrica 17(3); Leontief 1986, Input-Output Economics, ch. 2).
 *
 * @param cfg A scenario whose goods, sectors and recipe keys are known to be consistent.
 * @returns the problems (empty when the recipes are usable).
 * @example
 * ```ts
 * recipeProblems(cfg); // [] for the defaults
 * ```
 */
export function recipeProblems(
  cfg: ScenarioConfig,
): { path: string; message: string; params: string[] }[] {
  const out: { path: string; message: string; params: string[] }[] = [];
  const goods = cfg.economy.goods;
  const named = cfg.economy.capital_good;
  if (named && !goods.includes(named)) {
    out.push({
      path: "economy.capital_good",
      message: `"${named}" is not one of the goods (${goods.join(", ")}); name one or give ""`,
      params: [],
    });
    return out;
  }
  const recipePaths = Object.entries(cfg.economy.recipes).flatMap(([g, r]) => [
    `economy.recipes.${g}.consumer_share`,
    ...Object.keys(r.inputs ?? {}).map((k) => `economy.recipes.${g}.inputs.${k}`),
  ]);
  const r = resolveRecipes(cfg, false);
  if (!r.consumerShare.some((x) => x > 0)) {
    out.push({
      path: "economy.recipes",
      message: "no good has a consumer share, so households would buy nothing: give one in " +
        "economy.recipes.<good>.consumer_share",
      params: recipePaths,
    });
  }
  cfg.economy.sectors.forEach((s, i) => {
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += r.skillWeights[i * 8 + k];
    if (!(sum > 0)) {
      out.push({
        path: `economy.skill_weights.${s}`,
        message: `the skill weights of sector "${s}" are all 0, so its workers would make ` +
          `nothing; give at least one skill a weight above 0`,
        params: Array.from({ length: 8 }, (_, k) => `economy.skill_weights.${s}.${k}`),
      });
    }
  });
  const fb = cfg.economy.firm_behaviour;
  if (fb.markup_norm === "target_return" && r.capitalGood >= 0 && capitalCharge(cfg) >= 1) {
    out.push({
      path: "economy.firm_behaviour.markup_norm",
      message: `target-return pricing needs the machines' yearly cost below the value they add: ` +
        `(cost_of_capital + 365 x depreciation) x capital_output_ratio / target_utilisation is ` +
        `${capitalCharge(cfg).toFixed(3)}, at least 1; lower the cost of capital, the ` +
        `depreciation or the capital-output ratio, or use markup_norm: uniform`,
      params: [
        "economy.firm_behaviour.markup_norm",
        "economy.firm_behaviour.cost_of_capital",
        "economy.production.depreciation",
        "economy.firm_behaviour.capital_output_ratio",
        "economy.firm_behaviour.target_utilisation",
      ],
    });
    return out;
  }
  const norm = largestMarkupNorm(cfg);
  const radius = spectralRadiusBelow1(r.inputs, r.goods, 1 + norm);
  if (!radius) {
    const which = fb.markup_norm === "uniform"
      ? `initial_markup ${cfg.economy.initial_markup}`
      : `the largest target-return markup ${norm.toFixed(3)}`;
    out.push({
      path: "economy.recipes",
      message: `the input coefficients need more than they make: (1 + markup) x the ` +
        `spectral radius of the input matrix must be below 1 (Hawkins-Simon), here with ` +
        `${which}; lower the recipes' inputs or the markup`,
      params: ["economy.initial_markup", "economy.firm_behaviour.markup_norm", ...recipePaths],
    });
  }
  return out;
}

/**
 * True when the spectral radius of `scale x A` (a nonnegative n x n matrix) is below 1:
 * its powers then vanish. Squaring 48 times reaches the power 2^48, so a radius below
 * 1 - 1e-12 shows; one at 1 or above never vanishes.
 */
function spectralRadiusBelow1(a: Float64Array, n: number, scale: number): boolean {
  let m = a.map((x) => x * scale);
  let next = new Float64Array(n * n);
  for (let it = 0; it < 48; it++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += m[i * n + k] * m[k * n + j];
        next[i * n + j] = s;
        total += s;
      }
    }
    [m, next] = [next, m];
    if (total < 1e-30) return true;
    if (!(total < 1e30)) return false;
  }
  return false;
}

/**
 * Gross output per unit of final demand: solves x = A x + c by fixed-point iteration (the
 * input coefficients are small, so it converges quickly).
 */
export function grossOutput(r: Recipes, final: Float64Array): Float64Array {
  const G = r.goods;
  let x = Float64Array.from(final);
  for (let it = 0; it < 100; it++) {
    const next = Float64Array.from(final);
    for (let out = 0; out < G; out++) {
      for (let k = 0; k < G; k++) next[k] += r.inputs[out * G + k] * x[out];
    }
    x = next;
  }
  return x;
}

/** Unit prices that cover wages and inputs at each good's markup: p_g = (1 + m_g)(w/a + (A p)_g). */
export function costPrices(
  r: Recipes,
  laborCost: number,
  markup: ArrayLike<number>,
): Float64Array {
  const G = r.goods;
  let p = new Float64Array(G).fill(laborCost);
  for (let it = 0; it < 100; it++) {
    const next = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      let c = laborCost;
      for (let k = 0; k < G; k++) c += r.inputs[g * G + k] * p[k];
      next[g] = (1 + markup[g]) * c;
    }
    p = next;
  }
  return p;
}
