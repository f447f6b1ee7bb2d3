import assert from "node:assert/strict";
import { EVENTS } from "../../engine/events.ts";
import { Simulation } from "../../engine/simulation.ts";
import { demographicSchedule, lifeExpectancy } from "../../engine/systems/population/schedule.ts";
import { Status } from "../../engine/tables/persons.ts";
import { smallScenario } from "../_fixtures.ts";

const noEconomy = { systems: { economy: false, migration: false } };

Deno.test("the hazard is scaled so the initial crude death rate is mortality_base", () => {
  for (const mortality of [0.008, 0.01, 0.012]) {
    const cfg = smallScenario(1000, { population_params: { mortality_base: mortality } });
    const s = demographicSchedule(cfg);
    assert.ok(Math.abs(s.crudeDeathRate - mortality) < 1e-6, `${s.crudeDeathRate}`);
    const e0 = lifeExpectancy(s.hazardF);
    assert.ok(e0 > 62 && e0 < 92, `female e0 ${e0}`);
    let tfr = 0;
    for (const f of s.asfr) tfr += f;
    assert.ok(Math.abs(tfr - cfg.population_params.fertility_base) < 1e-9);
  }
});

Deno.test("the hazard meets mortality_base for any relative shape, however large its terms", () => {
  const shapes = [
    { background: 1000 }, // flat: a background term far above the others
    { infant: 1000, infant_decay: 20 },
    { infant: 0, background: 0, senescent: 1000, senescent_rate: 0.5 },
    { infant: 0, background: 0, senescent: 1e-9, senescent_rate: 0 },
  ];
  for (const shape of shapes) {
    for (const mortality of [0.0005, 0.009, 0.2]) {
      const cfg = smallScenario(300, {
        population_params: { mortality_base: mortality, mortality_shape: shape },
      });
      const s = demographicSchedule(cfg);
      const rel = Math.abs(s.crudeDeathRate - mortality) / mortality;
      assert.ok(rel < 1e-6, `${JSON.stringify(shape)} at ${mortality}: CDR ${s.crudeDeathRate}`);
    }
  }
});

Deno.test("the initial population has plausible households and is settled in towns", () => {
  const sim = Simulation.create(smallScenario(12000, noEconomy));
  const { persons, households, tiles } = sim.world.tables;
  assert.equal(persons.length, 12000);
  const mean = persons.length / households.length;
  assert.ok(mean > 2 && mean < 3, `mean household size ${mean}`);
  let biggest = 0;
  for (let h = 0; h < households.length; h++) biggest = Math.max(biggest, households.col.size[h]);
  assert.ok(biggest >= 5 && biggest <= 15, `largest household ${biggest}`);
  // Towns: a few tiles hold most people, most land is empty.
  const residents = new Float64Array(tiles.length);
  for (let p = 0; p < persons.length; p++) residents[persons.col.tile[p]]++;
  let land = 0;
  let empty = 0;
  for (let t = 0; t < tiles.length; t++) {
    if (!tiles.col.land[t]) {
      assert.equal(residents[t], 0, "nobody lives at sea");
      continue;
    }
    land++;
    if (residents[t] === 0) empty++;
  }
  assert.ok(empty / land > 0.5, `empty land share ${empty / land}`);
  const sorted = Array.from(residents).sort((a, b) => b - a);
  const top = sorted.slice(0, Math.ceil(land * 0.05)).reduce((a, b) => a + b, 0);
  assert.ok(top / persons.length > 0.4, `top 5% of land tiles hold ${top / persons.length}`);
});

Deno.test("life stages follow age: children, students, workers, retirees", () => {
  const sim = Simulation.create(smallScenario(6000, noEconomy));
  const { persons } = sim.world.tables;
  const c = persons.col;
  for (let p = 0; p < persons.length; p++) {
    const a = c.age[p];
    if (a < 6) assert.equal(c.employment[p], Status.child);
    else if (a < 18) assert.equal(c.employment[p], Status.student, `age ${a}`);
    else if (a >= 67) assert.equal(c.employment[p], Status.retired);
    if (a >= 12 && a < 18) assert.equal(c.education[p], 1);
    if (a >= 30) assert.ok(c.education[p] >= 1);
  }
});

Deno.test("every survivor ages exactly one year in 365 ticks", () => {
  const sim = Simulation.create(smallScenario(3000, noEconomy));
  const P = sim.world.tables.persons;
  const before = new Map<number, number>();
  for (let p = 0; p < P.length; p++) before.set(P.ids[p], P.col.age[p]);
  sim.run(365);
  let checked = 0;
  for (let p = 0; p < P.length; p++) {
    const was = before.get(P.ids[p]);
    if (was === undefined || was >= 109) continue;
    assert.equal(P.col.age[p], was + 1);
    checked++;
  }
  assert.ok(checked > 2800);
});

Deno.test("a year of demography lands near the scenario's death rate and fertility", () => {
  const cfg = smallScenario(30000, {
    ...noEconomy,
    population_params: { fertility_base: 1.8, mortality_base: 0.01 },
  });
  const sim = Simulation.create(cfg);
  const w = sim.world;
  const P = w.tables.persons;
  const births = new Float64Array(60);
  const exposure = new Float64Array(60);
  let deaths = 0;
  let personDays = 0;
  for (let t = 0; t < 365; t++) {
    for (let p = 0; p < P.length; p++) {
      if (P.col.sex[p] === 0 && P.col.age[p] < 60) exposure[P.col.age[p]]++;
    }
    personDays += P.length;
    sim.step();
    const q = w.events.queue;
    for (let e = 0; e < q.length; e++) {
      if (q.kind[e] === EVENTS.code.death) deaths++;
      if (q.kind[e] === EVENTS.code.birth) {
        const mother = P.row(q.object[e]);
        if (mother >= 0) births[P.col.age[mother]]++;
      }
    }
  }
  const cdr = deaths / (personDays / 365);
  assert.ok(Math.abs(cdr - 0.01) < 0.0025, `crude death rate ${cdr}`);
  let tfr = 0;
  for (let a = 0; a < 60; a++) if (exposure[a] > 0) tfr += births[a] / (exposure[a] / 365);
  assert.ok(Math.abs(tfr - 1.8) < 0.3, `observed TFR ${tfr}`);
  const k = w.kpis;
  const e0 = k.series("life_expectancy")[364];
  assert.ok(e0 > 70 && e0 < 92, `life expectancy ${e0}`);
  const dep = k.series("dependency_ratio")[364];
  assert.ok(dep > 0.35 && dep < 1.1, `dependency ratio ${dep}`);
  assert.ok(Math.abs(k.series("crude_death_rate")[364] - 10) < 2.5);
});

Deno.test("the age pyramid KPIs add up to the population", () => {
  const sim = Simulation.create(smallScenario(4000, noEconomy));
  sim.run(3);
  const k = sim.world.kpis;
  let total = 0;
  for (const s of k.specs) if (s.name.startsWith("pop_")) total += k.lagged(k.indexOf(s.name), 0);
  assert.equal(total, k.lagged(k.indexOf("population"), 0) + 0);
});

Deno.test("young adults living with their mother found households of their own", () => {
  // Without unions, so every household formed is someone leaving home.
  const sim = Simulation.create(smallScenario(6000, {
    ...noEconomy,
    population_params: { households: { union_rate: 0, separation_rate: 0 } },
  }));
  const w = sim.world;
  const P = w.tables.persons;
  const Hh = w.tables.households;
  let formed = 0;
  for (let t = 0; t < 365; t++) {
    sim.step();
    const q = w.events.queue;
    for (let e = 0; e < q.length; e++) {
      if (q.kind[e] !== EVENTS.code.household_formed) continue;
      formed++;
      const person = P.row(q.object[e]);
      if (person < 0) continue; // died the same day
      assert.equal(P.col.household[person], q.subject[e]);
      assert.ok(P.col.age[person] >= sim.world.config.population_params.households.leave_home_age);
      const mother = P.row(P.col.mother[person]);
      if (mother >= 0) assert.notEqual(P.col.household[mother], q.subject[e]);
    }
  }
  assert.ok(formed > 10, `${formed} households formed`);
  // Household sizes still match their members.
  const size = new Map<number, number>();
  for (let p = 0; p < P.length; p++) {
    size.set(P.col.household[p], (size.get(P.col.household[p]) ?? 0) + 1);
  }
  for (let h = 0; h < Hh.length; h++) assert.equal(Hh.col.size[h], size.get(Hh.ids[h]) ?? 0);
});
