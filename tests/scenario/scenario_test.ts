import assert from "node:assert/strict";
import fc from "fast-check";
import {
  isNumericParameter,
  loadScenario,
  parseScenario,
  PRESETS,
  ScenarioError,
  scenarioPath,
} from "../../engine/scenario/load.ts";
import type { ScenarioConfig } from "../../engine/scenario/schema.ts";
import { problemsOf } from "../_fixtures.ts";
import { configAt, shockActive, shocksChange } from "../../engine/scenario/shocks.ts";

type Problem = ScenarioError["problems"][number];

/** The one problem reported for `path`. */
function problemAt(problems: Problem[], path: string): Problem {
  const p = problems.find((x) => x.path === path);
  assert.ok(p, `no problem at ${path} in ${JSON.stringify(problems)}`);
  return p;
}

Deno.test("loadScenario() loads every preset with the sizes of the spec's table", async () => {
  const sizes: Record<string, [number, number, number]> = {
    tiny: [50_000, 3_000, 6],
    small: [150_000, 8_000, 8],
    medium: [300_000, 15_000, 10],
    large: [500_000, 25_000, 12],
  };
  assert.deepEqual([...PRESETS], ["tiny", "small", "medium", "large", "xl"]);
  for (const [name, [persons, firms, goods]] of Object.entries(sizes)) {
    const cfg = await loadScenario(name);
    assert.equal(cfg.name, name);
    assert.equal(cfg.population.persons, persons, `${name} persons`);
    assert.equal(cfg.economy.firms, firms, `${name} firms`);
    assert.equal(cfg.economy.goods.length, goods, `${name} goods`);
    assert.equal(new Set(cfg.economy.goods).size, goods, `${name} goods are distinct`);
  }
  const xl = await loadScenario("xl");
  assert.equal(xl.population.persons, 5_000_000);
});

Deno.test("loadScenario() loads tiny_island as the spec writes it", async () => {
  const cfg = await loadScenario("tiny_island");
  assert.equal(cfg.name, "tiny_island");
  assert.equal(cfg.random_seed, 7);
  assert.equal(cfg.population.persons, 50_000);
  assert.equal(cfg.population.use_representative_households, true);
  assert.equal(cfg.spatial.width_tiles, 128);
  assert.equal(cfg.spatial.height_tiles, 64);
  assert.deepEqual(cfg.economy.goods, ["food", "tools", "energy", "services", "steel", "wheat"]);
  assert.equal(cfg.finance.enable_banks, true);
});

Deno.test("loadScenario() loads laptop_small as the spec writes it", async () => {
  const cfg = await loadScenario("laptop_small");
  assert.equal(cfg.name, "laptop_small");
  assert.equal(cfg.random_seed, 42);
  assert.equal(cfg.population.persons, 150_000);
  assert.equal(cfg.snapshot.interval_days, 30);
  assert.equal(cfg.snapshot.compression, "zstd");
  assert.equal(cfg.economy.goods.length, 8);
  assert.equal(cfg.economy.enable_supply_chain_latency, true);
  assert.equal(cfg.ai.providers.gov, "local");
  assert.equal(cfg.ai.providers.firm, "rules");
  assert.equal(cfg.population_params.fertility_base, 1.8);
});

Deno.test("loadScenario() also takes a path to a YAML file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/mine.yaml`;
    await Deno.writeTextFile(file, "name: mine\nrandom_seed: 9\n");
    const cfg = await loadScenario(file);
    assert.equal(cfg.name, "mine");
    assert.equal(cfg.random_seed, 9);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("scenarioPath() resolves presets, scenario names and paths", () => {
  assert.match(scenarioPath("tiny"), /\/scenarios\/presets\/tiny\.yaml$/);
  assert.match(scenarioPath("tiny_island"), /\/scenarios\/tiny_island\.yaml$/);
  assert.equal(scenarioPath("./some/file.yaml"), "./some/file.yaml");
});

Deno.test("loadScenario() of a missing file names the path and lists the presets", async () => {
  await assert.rejects(
    () => loadScenario("does/not/exist.yaml"),
    (e: unknown) => {
      assert.ok(e instanceof ScenarioError);
      assert.match(e.message, /does\/not\/exist\.yaml/);
      assert.match(e.message, /file not found/);
      for (const p of PRESETS) assert.match(e.message, new RegExp(`\\b${p}\\b`));
      return true;
    },
  );
});

Deno.test("parseScenario() fills in defaults for everything but the name", () => {
  const cfg = parseScenario("name: x");
  assert.equal(cfg.name, "x");
  assert.equal(cfg.population.persons, 50_000);
  assert.equal(cfg.random_seed, 1);
  assert.equal(cfg.ticks, 365);
  assert.equal(cfg.spatial.width_tiles, 128);
  assert.deepEqual(cfg.economy.goods, ["food", "tools", "energy", "services"]);
  assert.equal(cfg.population_params.towns.count, 40);
  assert.equal(cfg.economy.households.consume_income, 0.9);
  assert.deepEqual(cfg.shocks, []);
  // A section given in part keeps the defaults of the keys it leaves out.
  const partial = parseScenario("name: x\nspatial: {width_tiles: 32}\n");
  assert.equal(partial.spatial.width_tiles, 32);
  assert.equal(partial.spatial.height_tiles, 64);
});

Deno.test("parseScenario() reads the YAML digit separator 50_000 as a number", () => {
  const cfg = parseScenario("name: x\npopulation: {persons: 12_345}\neconomy: {firms: 1_000}\n");
  assert.equal(cfg.population.persons, 12_345);
  assert.equal(cfg.economy.firms, 1000);
});

Deno.test("parseScenario() names the path and line of a misspelt key", () => {
  const problems = problemsOf(
    "# a comment\nname: x\n\npopulation:\n  persons: 10\n  persns: 5\n",
  );
  const p = problemAt(problems, "population.persns");
  assert.equal(p.line, 6);
  assert.match(p.message, /unknown key "persns"/);
  const top = problemAt(problemsOf("name: x\nrandom_sed: 3\n"), "random_sed");
  assert.equal(top.line, 2);
});

Deno.test("parseScenario() names the path and line of a value of the wrong type", () => {
  const problems = problemsOf("name: x\nspatial:\n  level: 7\n  width_tiles: wide\n");
  const p = problemAt(problems, "spatial.width_tiles");
  assert.equal(p.line, 4);
  assert.match(p.message, /expected number/);
});

Deno.test("parseScenario() names the path and line of an out-of-range value", () => {
  const problems = problemsOf(
    "name: x\n\n\npopulation:\n  persons: 0\neconomy:\n  households: {consume_income: 1.5}\n",
  );
  assert.equal(problemAt(problems, "population.persons").line, 5);
  assert.equal(problemAt(problems, "economy.households.consume_income").line, 7);
  assert.equal(problems.length, 2, "every problem is reported, not only the first");
});

Deno.test("parseScenario() names the line of a YAML syntax error", () => {
  const problems = problemsOf("name: x\nticks: 5\nspatial: {level: 7]\nrandom_seed: 2\n");
  assert.equal(problems[0].line, 3);
  assert.equal(problems[0].path, "");
  assert.match(problems[0].message, /YAML syntax/);
});

Deno.test("parseScenario() rejects a duplicated key and a document that is not a mapping", () => {
  const dup = problemsOf("name: x\nticks: 3\nticks: 4\n");
  assert.equal(dup[0].line, 3);
  assert.match(problemsOf("- a\n- b\n")[0].message, /must be a YAML mapping/);
  assert.ok(problemsOf("random_seed: 3\n").some((p) => p.path === "name"));
});

Deno.test("parseScenario() rejects a good listed twice", () => {
  const p = problemAt(problemsOf("name: x\neconomy:\n  goods: [a, b, a]\n"), "economy.goods");
  assert.match(p.message, /good "a" is listed twice/);
  assert.equal(p.line, 3);
});

Deno.test("parseScenario() rejects a recipe for an unknown good or with an unknown input", () => {
  const problems = problemsOf(
    "name: x\neconomy:\n  goods: [food, tools]\n  recipes:\n    gold: {sector: agri}\n" +
      "    food: {inputs: {mana: 1}}\n",
  );
  const gold = problemAt(problems, "economy.recipes.gold");
  assert.match(gold.message, /unknown good "gold"/);
  assert.equal(gold.line, 5);
  assert.match(problemAt(problems, "economy.recipes.food.inputs.mana").message, /"mana"/);
});

Deno.test("parseScenario() rejects a shock on a parameter that is not numeric", () => {
  const problems = problemsOf(
    "name: x\nshocks:\n  - {at: 1, parameter: economy.households.consume_income, value: 0.5}\n" +
      "  - {at: 3, parameter: economy.market_model, value: 1}\n" +
      "  - {at: 3, parameter: economy.nothing_here, value: 1}\n",
  );
  assert.deepEqual(problems.map((p) => p.path), ["shocks.1", "shocks.2"]);
  assert.match(problems[0].message, /"economy\.market_model" is not a numeric/);
  assert.equal(problems[0].line, 4);
});

Deno.test("isNumericParameter() accepts exactly the dotted paths of numbers", () => {
  const cfg = parseScenario("name: x");
  assert.equal(isNumericParameter(cfg, "economy.households.consume_income"), true);
  assert.equal(isNumericParameter(cfg, "population.persons"), true);
  assert.equal(isNumericParameter(cfg, "economy.market_model"), false);
  assert.equal(isNumericParameter(cfg, "economy"), false);
  assert.equal(isNumericParameter(cfg, "economy.households.nope"), false);
  assert.equal(isNumericParameter(cfg, "name.length"), false);
});

// --- shocks -----------------------------------------------------------------------------

function shocked(): ScenarioConfig {
  return parseScenario(
    [
      "name: x",
      "shocks:",
      "  - {at: 10, parameter: economy.households.consume_income, op: scale, value: 0.5, duration: 5}",
      "  - {at: 12, parameter: economy.households.consume_income, op: add, value: 0.1, duration: 1}",
      "  - {at: 20, parameter: economy.labor.quit_rate, op: set, value: 0.01}",
    ].join("\n"),
  );
}

Deno.test("configAt() returns the base object itself when no shock is active", () => {
  const base = shocked();
  assert.equal(configAt(base, 0), base);
  assert.equal(configAt(base, 9), base);
  assert.equal(configAt(base, 15), base); // the first shock lasted ticks 10..14
  const none = parseScenario("name: x");
  assert.equal(configAt(none, 100), none);
});

Deno.test("configAt() applies scale, add and set shocks only while they are active", () => {
  const base = shocked();
  const at = (t: number) => configAt(base, t);
  assert.equal(at(10).economy.households.consume_income, 0.45);
  assert.equal(at(11).economy.households.consume_income, 0.45);
  // Shocks apply in order: scale, then add.
  assert.ok(Math.abs(at(12).economy.households.consume_income - 0.55) < 1e-12);
  assert.equal(at(13).economy.households.consume_income, 0.45);
  assert.equal(at(14).economy.households.consume_income, 0.45);
  assert.equal(at(20).economy.labor.quit_rate, 0.01);
  assert.equal(at(20).economy.households.consume_income, 0.9);
  assert.equal(at(5000).economy.labor.quit_rate, 0.01, "duration 0 lasts for the rest of the run");
});

Deno.test("configAt() leaves the base scenario untouched", () => {
  const base = shocked();
  const before = structuredClone(base);
  for (let t = 0; t < 30; t++) configAt(base, t);
  assert.deepEqual(base, before);
  assert.notEqual(configAt(base, 10).economy, base.economy);
});

Deno.test("shocksChange() is true exactly on the ticks where a shock starts or ends", () => {
  const base = shocked();
  const changes: number[] = [];
  for (let t = 1; t < 30; t++) if (shocksChange(base, t)) changes.push(t);
  assert.deepEqual(changes, [10, 12, 13, 15, 20]);
});

Deno.test("configAt() is a pure function of the base scenario and the tick", () => {
  const base = shocked();
  fc.assert(
    fc.property(fc.nat({ max: 40 }), (t) => {
      assert.deepEqual(configAt(base, t), configAt(base, t));
      const active = base.shocks.filter((s) => shockActive(s, t)).length;
      assert.equal(configAt(base, t) === base, active === 0);
    }),
  );
});
