import assert from "node:assert/strict";
import {
  loadScenario,
  parseScenario,
  ScenarioError,
  scenarioParameters,
  validateScenario,
} from "../../engine/scenario/load.ts";
import { Simulation } from "../../engine/simulation.ts";
import { problemsOf, smallScenario } from "../_fixtures.ts";
import { assertFiniteKpis, assertFiniteTables } from "./_finite.ts";

type Problem = ScenarioError["problems"][number];

/** The one problem of a scenario with a single shock (given as flow YAML) on line 3. */
function shockProblem(shock: string): Problem {
  const problems = problemsOf(`name: x\nshocks:\n  - ${shock}\n`);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0].path, "shocks.0");
  assert.equal(problems[0].line, 3);
  return problems[0];
}

Deno.test("a shock that takes a parameter out of its range names the shock, tick, value and range", () => {
  const cases: [string, RegExp][] = [
    [
      "{at: 10, parameter: economy.households.shopping_days, op: set, value: 0}",
      /tick 10.*economy\.households\.shopping_days = 0.*an integer in 1\.\.30/,
    ],
    [
      "{at: 4, parameter: economy.households.consume_income, op: set, value: -5}",
      /tick 4.*consume_income = -5.*a number in 0\.\.1/,
    ],
    [
      "{at: 9, parameter: population_params.mortality_base, op: set, value: 1000, duration: 3}",
      /tick 9.*mortality_base = 1000.*0\.0005\.\.0\.2/,
    ],
    ["{at: 1, parameter: ai.cadence.firm_days, op: set, value: 0}", /firm_days = 0.*1\.\.365/],
    [
      "{at: 0, parameter: logging.deep_checks_days, op: scale, value: 0}",
      /tick 0.*deep_checks_days = 0 \(30 x 0\).*1\.\.3650/,
    ],
    // An integer parameter scaled to a fraction.
    ["{at: 5, parameter: economy.households.shopping_days, value: 0.5}", /= 3\.5.*integer/],
  ];
  for (const [shock, message] of cases) assert.match(shockProblem(shock).message, message);
});

Deno.test("shocks are checked at every boundary: overlapping shocks that add up out of range fail", () => {
  const problems = problemsOf(
    "name: x\nshocks:\n" +
      "  - {at: 10, parameter: economy.households.consume_income, op: add, value: 0.05}\n" +
      "  - {at: 20, parameter: economy.households.consume_income, op: add, value: 0.1, " +
      "duration: 5}\n",
  );
  // 0.9 + 0.05 is fine from tick 10; with the second one it is 1.05 on ticks 20..24.
  assert.ok(problems.length >= 1);
  assert.ok(problems.every((p) => p.path.startsWith("shocks.")));
  assert.ok(problems.some((p) => /tick 20/.test(p.message) && /1\.05/.test(p.message)));
  // The same shocks, with the second one lower, are fine.
  parseScenario(
    "name: x\nshocks:\n" +
      "  - {at: 10, parameter: economy.households.consume_income, op: add, value: 0.05}\n" +
      "  - {at: 20, parameter: economy.households.consume_income, op: add, value: 0.04, " +
      "duration: 5}\n",
  );
});

Deno.test("a shock that breaks a consistency rule is blamed for it", () => {
  const problems = problemsOf(
    "name: x\nshocks:\n" +
      "  - {at: 5, parameter: population_params.fertility_min_age, op: set, value: 30}\n" +
      "  - {at: 5, parameter: population_params.fertility_max_age, op: set, value: 30}\n",
  );
  assert.deepEqual(problems.map((p) => p.path).sort(), ["shocks.0", "shocks.1"]);
  assert.match(problems[0].message, /tick 5.*must be below fertility_max_age/);
});

Deno.test("a shock on a parameter read only when the world is built is refused, saying why", () => {
  for (
    const parameter of [
      "random_seed",
      "dt_days",
      "spatial.width_tiles",
      "spatial.land_share",
      "population.persons",
      "population_params.max_age",
      "population_params.towns.count",
      "environment.temperature_equator_c",
      "economy.initial_wage",
      "economy.labor.initial_unemployment",
    ]
  ) {
    const p = shockProblem(`{at: 5, parameter: ${parameter}, op: scale, value: 1}`);
    assert.match(p.message, new RegExp(`${parameter.replace(/\./g, "\\.")} cannot be shocked`));
    assert.match(p.message, /read only when the world is built/);
  }
  assert.match(
    shockProblem("{at: 5, parameter: ticks, op: set, value: 3}").message,
    /a setting of the run/,
  );
  assert.match(
    shockProblem("{at: 5, parameter: ai.budgets.max_calls_per_tick, op: set, value: 3}").message,
    /not implemented yet/,
  );
});

Deno.test("a shock on a parameter read while the world runs is accepted", () => {
  const cfg = parseScenario(
    "name: x\nshocks:\n" +
      "  - {at: 5, parameter: economy.households.shopping_days, op: set, value: 3}\n" +
      "  - {at: 5, parameter: population_params.mortality_base, op: scale, value: 2}\n" +
      "  - {at: 5, parameter: environment.water_capacity, op: scale, value: 0.5}\n",
  );
  assert.equal(cfg.shocks.length, 3);
});

Deno.test("the docs of a parameter that shocks cannot change say so", () => {
  const params = new Map(scenarioParameters().map((p) => [p.path, p]));
  assert.match(params.get("spatial.width_tiles")!.fixed!, /built/);
  assert.equal(params.get("economy.households.consume_income")!.fixed, undefined);
});

Deno.test("every numeric parameter has a finite range on both sides", () => {
  const numeric = scenarioParameters().filter((p) =>
    (p.type === "number" || p.type === "integer") && p.values === undefined
  );
  assert.ok(numeric.length > 150, `only ${numeric.length} numeric parameters found`);
  for (const p of numeric) {
    assert.ok(Number.isFinite(p.minimum), `${p.path} has no minimum`);
    assert.ok(Number.isFinite(p.maximum), `${p.path} has no maximum`);
  }
});

Deno.test("validateScenario() validates plain data (a manifest's scenario) like the YAML", () => {
  const cfg = parseScenario("name: x\nrandom_seed: 4\n");
  const again = validateScenario(JSON.parse(JSON.stringify(cfg)), "run/manifest.json");
  assert.deepEqual(again, cfg);
  assert.throws(
    () =>
      validateScenario(
        { ...cfg, shocks: [{ at: 3, parameter: "spatial.width_tiles", op: "set", value: 9 }] },
        "run/manifest.json",
      ),
    (e: unknown) =>
      e instanceof ScenarioError && /run\/manifest\.json/.test(e.message) &&
      /shocks\.0.*cannot be shocked/.test(e.message),
  );
});

Deno.test("parameter values the model cannot run are outside the schema's range", () => {
  const cases: [string, string][] = [
    ["economy: {households: {consume_wealth: 0}}", "economy.households.consume_wealth"],
    ["economy: {initial_wage: 0}", "economy.initial_wage"],
    ["economy: {production: {output_per_worker: 0}}", "economy.production.output_per_worker"],
    ["economy: {production: {capital_elasticity: 1}}", "economy.production.capital_elasticity"],
    ["economy: {firm_behaviour: {price_step_max: 1}}", "economy.firm_behaviour.price_step_max"],
    ["environment: {precipitation_mm_day: 0}", "environment.precipitation_mm_day"],
    ["environment: {temperature_equator_c: 1e308}", "environment.temperature_equator_c"],
  ];
  for (const [yaml, path] of cases) {
    const problems = problemsOf(`name: x\n${yaml}\n`);
    assert.deepEqual(problems.map((p) => p.path), [path], yaml);
    assert.equal(problems[0].line, 2);
    assert.match(problems[0].message, /allowed: a number in/);
  }
});

Deno.test("switching off a system another one needs is a validation error saying which", () => {
  const cases: [string, RegExp][] = [
    ["{population: false}", /systems\.economy needs systems\.population/],
    ["{environment: false}", /systems\.population needs systems\.environment/],
    ["{economy: false}", /systems\.migration needs systems\.economy/],
  ];
  for (const [systems, message] of cases) {
    const problems = problemsOf(`name: x\nsystems: ${systems}\n`);
    assert.ok(problems.some((p) => message.test(p.message)), JSON.stringify(problems));
  }
  parseScenario("name: x\nsystems: {economy: false, migration: false}\n");
  parseScenario("name: x\nsystems: {economy: false, migration: false, population: false}\n");
});

Deno.test("a grid without two land tiles to settle is a validation error", () => {
  const problems = problemsOf(
    "name: x\nspatial: {width_tiles: 4, height_tiles: 4, land_share: 0.05}",
  );
  assert.match(problems[0].message, /1 land tile.*at least 2/);
  parseScenario(
    "name: x\nspatial: {width_tiles: 4, height_tiles: 4, land_share: 0.05}\n" +
      "systems: {population: false, economy: false, migration: false}\n",
  );
});

Deno.test("a mortality shape with no term above 0 is a validation error", () => {
  const problems = problemsOf(
    "name: x\npopulation_params:\n  mortality_shape: {infant: 0, background: 0, senescent: 0}\n",
  );
  assert.equal(problems[0].path, "population_params.mortality_shape");
  assert.match(problems[0].message, /at least one/);
});

Deno.test("a bank capital aim below the dividend target is a validation error naming both", () => {
  const problems = problemsOf(
    "name: x\nfinance:\n  banks: {capital_target: 0.12, capital_aim: 0.1}\n",
  );
  assert.equal(problems[0].path, "finance.banks.capital_aim");
  assert.match(problems[0].message, /0\.1 is below capital_target \(0\.12\)/);
});

Deno.test("central-bank asset purchases without the equity fund are a validation error naming both keys", () => {
  const problems = problemsOf(
    "name: x\neconomy:\n  ownership: {outside_share: 0}\nfinance:\n  central_bank: {asset_purchases: true}\n",
  );
  assert.equal(problems[0].path, "finance.central_bank.asset_purchases");
  assert.match(problems[0].message, /there is none \(economy\.ownership\.outside_share is 0\)/);
});

Deno.test("recipes that need more inputs than they make fail validation (Hawkins-Simon)", () => {
  const problems = problemsOf(
    "name: x\neconomy:\n  recipes:\n    tools: {inputs: {energy: 3}}\n    energy: {inputs: {tools: 0.5}}\n",
  );
  assert.equal(problems[0].path, "economy.recipes");
  assert.match(problems[0].message, /Hawkins-Simon/);
  assert.match(
    problemsOf("name: x\neconomy: {capital_good: gold}\n")[0].message,
    /"gold" is not one of the goods/,
  );
  assert.match(
    problemsOf("name: x\neconomy: {skill_weights: {agri: [0, 0, 0, 0, 0, 0, 0, 0]}}\n")[0].message,
    /skill weights of sector "agri" are all 0/,
  );
  assert.match(
    problemsOf(
      "name: x\neconomy:\n  recipes:\n" +
        ["food", "tools", "energy", "services"].map((g) => `    ${g}: {consumer_share: 0}\n`)
          .join(""),
    )[0].message,
    /no good has a consumer share/,
  );
});

Deno.test("a scenario name that could leave snapshots/ is refused, saying which characters are allowed", () => {
  for (const name of ["../../../tmp/x", "a/b", ".hidden", "a..b", "", "x".repeat(65), "a b"]) {
    const problems = problemsOf(`name: ${JSON.stringify(name)}\n`);
    assert.equal(problems[0].path, "name", name);
    assert.match(problems.map((p) => p.message).join("\n"), /letters, digits|'\.\.'/);
  }
  for (const name of ["tiny_island", "run-2.v3", "A1"]) parseScenario(`name: ${name}\n`);
});

Deno.test("a YAML alias bomb is refused with a message naming the file", () => {
  const rows = ["name: bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++) {
    const prev = `*${names[i - 1]}`;
    rows.push(`${names[i]}: &${names[i]} [${Array(9).fill(prev).join(",")}]`);
  }
  const problems = problemsOf(rows.join("\n") + "\n");
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /YAML cannot be read.*aliases/);
});

Deno.test("loadScenario('') says that --scenario is empty and what to give", async () => {
  await assert.rejects(
    () => loadScenario(""),
    (e: unknown) =>
      e instanceof ScenarioError &&
      /--scenario is empty: give a preset \(tiny, small/.test(e.message) &&
      /path to a YAML file/.test(e.message),
  );
});

Deno.test("legal scenarios that used to fail or lie now run with real numbers", () => {
  const cases = [
    { population_params: { mortality_shape: { background: 1000 } } },
    { economy: { labor: { initial_unemployment: 1 } } },
    { population: { persons: 1 } },
    { economy: { households: { consume_wealth: 0.001 } } },
  ];
  for (const o of cases) {
    const sim = Simulation.create(smallScenario(300, o));
    sim.run(40);
    assertFiniteTables(sim, JSON.stringify(o));
    assertFiniteKpis(sim, JSON.stringify(o));
  }
  // A flat hazard (background only) is calibrated to the death rate, not pinned at 1 a year.
  const flat = Simulation.create(
    smallScenario(2000, { population_params: { mortality_shape: { background: 1000 } } }),
  );
  const ages = flat.world.tables.persons.col.age;
  let sum = 0;
  for (let r = 0; r < flat.world.tables.persons.length; r++) sum += ages[r];
  assert.ok(sum / flat.world.tables.persons.length > 20, "the population is not all infants");
});

Deno.test("entrants' prices stay positive at a wide entry_price_spread on every seed", () => {
  for (let seed = 1; seed <= 6; seed++) {
    const sim = Simulation.create(
      smallScenario(1500, {
        random_seed: seed,
        economy: { firm_behaviour: { entry_price_spread: 0.7, entry_per_year: 100 } },
      }),
    );
    let entries = 0;
    sim.run(60, (s) => {
      entries += s.world.kpis.values[s.world.kpis.indexOf("firm_entries")];
      const F = s.world.tables.firms;
      for (let f = 0; f < F.length; f++) {
        assert.ok(F.col.price[f] > 0, `seed ${seed}: firm ${F.ids[f]} price ${F.col.price[f]}`);
      }
    });
    assert.ok(entries > 0, `seed ${seed}: some firms entered`);
  }
});

/** A view of `obj` that records the dotted path of every property read through it. */
function tracked<T extends object>(obj: T, reads: Set<string>, prefix = ""): T {
  return new Proxy(obj, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== "string") return value;
      const path = prefix ? `${prefix}.${key}` : key;
      reads.add(path);
      return value && typeof value === "object" ? tracked(value, reads, path) : value;
    },
  });
}

Deno.test("every parameter that shocks may change is read while the world runs", () => {
  // A year of a small world, reading the scenario through a recording view from tick 0 on:
  // a parameter that no update reads would make its shocks do nothing, so it must be fixed.
  const cfg = smallScenario(2000, {
    economy: {
      enable_supply_chain_latency: true,
      firm_behaviour: { entry_per_year: 50 },
      capital_good: "tools",
      production: { function: "ces" }, // so ces_rho is read too
      households: { taste_sigma: 0.2 }, // so taste_persistence is read
    },
    // So the banks' parameters are read, and the base-money rule's.
    finance: { enable_banks: true, simulate_banks: true, central_bank: { asset_purchases: true } },
    systems: { technology: true },
    // Every firm researches, and imitation opportunities come often: discoveries and imitations.
    technology: { rd_min_employees: 0, imitation_difficulty: 0.02 },
  });
  const reads = new Set<string>();
  // A second year with the government (and banks, so that its bonds' parameters are read),
  // purchases pinned at a bound, so that the rule moves the income tax as well.
  const withGovernment = smallScenario(2000, {
    systems: { government: true },
    finance: { enable_banks: true, simulate_banks: true },
    government: { fiscal_rule: { purchases_bounds: [0.3, 0.3] } },
  });
  // And a year with housing and mortgages, whose parameters only they read, and with lumpy
  // investment, whose spikes read their lead time.
  const withHousing = smallScenario(2000, {
    economy: { housing: { enabled: true }, firm_behaviour: { invest_hazard_base: 5 } },
    finance: { enable_banks: true, simulate_banks: true, mortgages: { loan_to_value: 0.8 } },
  });
  for (const c of [cfg, withGovernment, withHousing]) {
    const sim = Simulation.create(c);
    sim.world.config = tracked(c, reads);
    sim.run(365);
  }
  const unread = scenarioParameters().filter((p) =>
    !p.fixed && (p.type === "number" || p.type === "integer") && p.values === undefined &&
    !reads.has(p.path)
  );
  assert.deepEqual(unread.map((p) => p.path), []);
});

Deno.test("Simulation.create validates a scenario edited by hand: defaults filled, a bad value named", () => {
  const cfg = smallScenario(500);
  // Two polities written as a notebook would, without the keys that have defaults.
  const edited = {
    ...cfg,
    systems: { ...cfg.systems, government: true },
    government: {
      ...cfg.government,
      polities: [{ name: "west", x: [0, 9] }, { name: "east", x: [10, 4095] }],
    },
  } as unknown as typeof cfg;
  const sim = Simulation.create(edited);
  assert.equal(sim.world.tables.polities.length, 2);
  sim.run(5);
  const bad = { ...cfg, population: { ...cfg.population, persons: -5 } };
  assert.throws(
    () => Simulation.create(bad),
    (e: unknown) =>
      e instanceof ScenarioError && e.problems.some((p) => p.path === "population.persons"),
  );
});
