/**
 * The property behind "exit 0 means the numbers are real": any scenario is either refused by
 * validation, with a message that names the offending parameter, or runs on a small world
 * with no invariant violation and no NaN or Infinity in any float column or KPI.
 *
 * Scenarios are drawn over every numeric, integer, boolean and enum parameter of the schema
 * (listed by `scenarioParameters()` from its JSON Schema, not by hand): a few parameters at a time get a
 * value inside their range, at an edge, or outside it, and up to two random shocks are
 * added. `PANARCHY_PROPERTY_RUNS` sets the number of cases (default 30, under a minute on
 * two cores); `PANARCHY_PROPERTY_SEED` replays a seed and `PANARCHY_PROPERTY_TICKS` runs
 * longer than the default 40 ticks.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseScenario, ScenarioError, scenarioParameters } from "../../engine/scenario/load.ts";
import { Simulation } from "../../engine/simulation.ts";
import { assertFiniteKpis, assertFiniteTables } from "./_finite.ts";

const RUNS = Number(Deno.env.get("PANARCHY_PROPERTY_RUNS") ?? 30);
const SEED = Deno.env.get("PANARCHY_PROPERTY_SEED");
/** Ticks each accepted scenario runs (shocks start by tick 30, so they all take effect). */
const TICKS = Number(Deno.env.get("PANARCHY_PROPERTY_TICKS") ?? 40);

interface Leaf {
  path: string;
  kind: "number" | "integer" | "boolean" | "enum";
  min: number;
  max: number;
  values: unknown[];
  /** Shocks to it are refused (read only when the world is built, or not read at all). */
  fixed: boolean;
}

/** Every numeric, integer, boolean and enum leaf of the schema (from its JSON Schema). */
function leaves(): Leaf[] {
  return scenarioParameters().flatMap((p): Leaf[] => {
    const base = { path: p.path, min: p.minimum ?? NaN, max: p.maximum ?? NaN, fixed: !!p.fixed };
    if (p.values) return [{ ...base, kind: "enum", values: p.values }];
    if (p.type === "boolean") return [{ ...base, kind: "boolean", values: [true, false] }];
    if (p.type === "number" || p.type === "integer") return [{ ...base, kind: p.type, values: [] }];
    return [];
  });
}

const LEAVES = leaves();
const NUMERIC = LEAVES.filter((l) => l.kind === "number" || l.kind === "integer");

/**
 * Upper ends of the range the test draws from for parameters that size the world, so that
 * every accepted case runs in milliseconds (values above them are valid, only slower).
 */
const COST_CAP: Record<string, number> = {
  "population.persons": 600,
  "spatial.width_tiles": 48,
  "spatial.height_tiles": 48,
  "population_params.towns.count": 60,
  "economy.firms": 300,
};

/** The small world every case starts from: a few hundred persons, every check every day. */
function baseScenario(): Record<string, unknown> {
  return {
    name: "property",
    random_seed: 7,
    spatial: { width_tiles: 24, height_tiles: 16 },
    population: { persons: 300 },
    population_params: { towns: { count: 4 } },
    economy: {
      sectors: ["agri", "manufacturing", "services"],
      goods: ["food", "tools", "energy", "services", "steel", "wheat"],
    },
    logging: { deep_checks_days: 1 },
  };
}

type Mode = "inside" | "edge" | "outside";

/** A value for a leaf in the given mode (`outside` values break the schema). */
function valueArb(leaf: Leaf, mode: Mode): fc.Arbitrary<unknown> {
  if (leaf.kind === "boolean" || leaf.kind === "enum") {
    return mode === "outside" ? fc.constantFrom("bogus", 2, null) : fc.constantFrom(...leaf.values);
  }
  const { min, max } = leaf;
  const top = Math.min(max, COST_CAP[leaf.path] ?? max);
  const span = Math.max(1, Math.abs(min), Math.abs(max));
  if (mode === "edge") return fc.constantFrom(min, top);
  if (mode === "outside") {
    const beyond = fc.oneof(
      fc.double({ min: 1e-6, max: 1, noNaN: true }).map((u) => min - u * span),
      fc.double({ min: 1e-6, max: 1, noNaN: true }).map((u) => max + u * span),
    );
    // An integer parameter also refuses a fraction inside its range.
    return leaf.kind === "integer" && max > min ? fc.oneof(beyond, fc.constant(min + 0.5)) : beyond;
  }
  return leaf.kind === "integer"
    ? fc.integer({ min, max: top })
    : fc.double({ min, max: top, noNaN: true, noDefaultInfinity: true });
}

interface Draw {
  leaf: Leaf;
  mode: Mode;
  value: unknown;
}

const drawArb: fc.Arbitrary<Draw> = fc
  .record({
    leaf: fc.constantFrom(...LEAVES),
    mode: fc.constantFrom<Mode>("inside", "inside", "edge", "edge", "outside"),
  })
  .chain(({ leaf, mode }) => valueArb(leaf, mode).map((value) => ({ leaf, mode, value })));

interface ShockDraw {
  leaf: Leaf;
  op: "set" | "add" | "scale";
  mode: Mode;
  value: number;
  at: number;
  duration: number;
}

const shockArb: fc.Arbitrary<ShockDraw> = fc
  .record({
    leaf: fc.constantFrom(...NUMERIC),
    op: fc.constantFrom<"set" | "add" | "scale">("set", "add", "scale"),
    mode: fc.constantFrom<Mode>("inside", "edge", "outside"),
    at: fc.integer({ min: 0, max: 30 }),
    duration: fc.integer({ min: 0, max: 20 }),
  })
  .chain((s) => {
    const span = s.leaf.max - s.leaf.min;
    const value: fc.Arbitrary<number> = s.op === "set"
      ? valueArb(s.leaf, s.mode) as fc.Arbitrary<number>
      : s.op === "add"
      ? fc.double({ min: -span, max: span, noNaN: true })
      : fc.double({ min: 0, max: 3, noNaN: true });
    return value.map((v) => ({ ...s, value: v }));
  });

/** Sets a dotted path in a plain object tree. */
function setPath(tree: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = tree;
  for (const p of parts.slice(0, -1)) {
    if (typeof node[p] !== "object" || node[p] === null) node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** True when a message names a parameter (by its dotted path or its key). */
function names(message: string, path: string): boolean {
  return message.includes(path) || message.includes(path.split(".").at(-1)!);
}

/** Checks one drawn case; returns what happened, for the tally. */
function check(draws: Draw[], shocks: ShockDraw[]): "refused" | "ran" {
  const tree = baseScenario();
  // One draw per parameter: a later draw of the same leaf wins.
  const byPath = new Map(draws.map((d) => [d.leaf.path, d]));
  for (const d of byPath.values()) setPath(tree, d.leaf.path, d.value);
  tree.shocks = shocks.map((s) => ({
    at: s.at,
    parameter: s.leaf.path,
    op: s.op,
    value: s.value,
    duration: s.duration,
  }));
  const text = JSON.stringify(tree);
  const mustRefuse = [...byPath.values()].some((d) => d.mode === "outside") ||
    shocks.some((s) => s.leaf.fixed || (s.op === "set" && s.mode === "outside"));
  let cfg;
  try {
    cfg = parseScenario(text, "drawn scenario");
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw new Error(`${text}: not a ScenarioError: ${e}`);
    const named = [...byPath.keys(), ...shocks.map((s) => s.leaf.path)];
    assert.ok(
      named.some((p) => names(e.message, p)),
      `${text}\nthe error names none of the drawn parameters:\n${e.message}`,
    );
    return "refused";
  }
  assert.ok(!mustRefuse, `${text}\nwas accepted, but a value is outside its range`);
  try {
    const sim = Simulation.create(cfg);
    sim.run(TICKS);
    assertFiniteTables(sim, `${text}\n`);
    assertFiniteKpis(sim, `${text}\n`);
  } catch (e) {
    throw new Error(`${text}\nfailed to run: ${e instanceof Error ? e.stack : e}`);
  }
  return "ran";
}

Deno.test("the schema's leaves are all found: numbers, integers, booleans and enums", () => {
  const kinds = new Set(LEAVES.map((l) => l.kind));
  assert.deepEqual([...kinds].sort(), ["boolean", "enum", "integer", "number"]);
  assert.ok(NUMERIC.length > 150, `${NUMERIC.length} numeric leaves`);
  for (const l of NUMERIC) assert.ok(Number.isFinite(l.min) && Number.isFinite(l.max), l.path);
  for (const path of Object.keys(COST_CAP)) assert.ok(LEAVES.some((l) => l.path === path), path);
});

Deno.test("every parameter alone at each edge of its range is refused naming it, or runs", () => {
  // Each leaf at its minimum and its maximum (capped for the size parameters), every boolean
  // and enum value: the edges random draws reach only by chance.
  const tally = { refused: 0, ran: 0 };
  for (const leaf of LEAVES) {
    const values = leaf.kind === "number" || leaf.kind === "integer"
      ? [leaf.min, Math.min(leaf.max, COST_CAP[leaf.path] ?? leaf.max)]
      : leaf.values;
    for (const value of values) tally[check([{ leaf, mode: "edge", value }], [])]++;
  }
  assert.ok(tally.ran > tally.refused, JSON.stringify(tally));
});

Deno.test("any drawn scenario is refused naming a parameter, or runs with finite numbers", () => {
  const tally = { refused: 0, ran: 0 };
  fc.assert(
    fc.property(
      fc.array(drawArb, { minLength: 1, maxLength: 4 }),
      fc.array(shockArb, { maxLength: 2 }),
      (draws, shocks) => {
        tally[check(draws, shocks)]++;
      },
    ),
    { numRuns: RUNS, ...(SEED ? { seed: Number(SEED) } : {}), endOnFailure: true },
  );
  // Both outcomes must occur, or the draws test only one side of the property.
  assert.ok(tally.refused > 0 && tally.ran > 0, JSON.stringify(tally));
  if (RUNS >= 100) console.log(`property cases: ${JSON.stringify(tally)}`);
});
