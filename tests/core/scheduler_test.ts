import assert from "node:assert/strict";
import { PHASES, Scheduler, type System, type TickContext } from "../../engine/core/scheduler.ts";
import { parseScenario } from "../../engine/scenario/load.ts";
import type { ScenarioConfig } from "../../engine/scenario/schema.ts";
import { createWorld, type SimWorld } from "../../engine/world.ts";

/** An empty world (no system init runs, so its tables stay empty). */
function toyWorld(yaml = ""): SimWorld {
  return createWorld(parseScenario(`name: toy\nrandom_seed: 5\n${yaml}`));
}

/** A toy system that logs "name@tick.substep/substeps" to `log` on every update. */
function toy(
  name: string,
  phase: System["phase"],
  log: string[],
  extra: Partial<System<SimWorld>> = {},
): System<SimWorld> {
  return {
    name,
    phase,
    doc: `Toy system ${name}.`,
    enabled: () => true,
    update: (_w: SimWorld, ctx: TickContext) => {
      log.push(`${name}@${ctx.tick}.${ctx.substep}/${ctx.substeps}`);
    },
    ...extra,
  };
}

function steps(s: Scheduler<SimWorld>, w: SimWorld, n: number): void {
  for (let i = 0; i < n; i++) s.step(w);
}

Deno.test("Scheduler runs systems in phase order regardless of list order", () => {
  const log: string[] = [];
  const w = toyWorld();
  const systems = [
    toy("books", "bookkeeping", log),
    toy("shop", "markets", log),
    toy("weather", "environment", log),
    toy("births", "population", log),
    toy("shop2", "markets", log),
  ];
  const s = new Scheduler(w, systems);
  assert.deepEqual(s.systems.map((x) => x.name), ["weather", "births", "shop", "shop2", "books"]);
  s.step(w);
  // Systems of one phase keep their declaration order.
  assert.deepEqual(log, [
    "weather@1.0/1",
    "births@1.0/1",
    "shop@1.0/1",
    "shop2@1.0/1",
    "books@1.0/1",
  ]);
  assert.equal(PHASES[0], "environment");
  assert.equal(PHASES[PHASES.length - 1], "bookkeeping");
});

Deno.test("Scheduler.step() advances the tick and stamps it on every update", () => {
  const log: string[] = [];
  const w = toyWorld();
  const s = new Scheduler(w, [toy("a", "population", log)]);
  steps(s, w, 3);
  assert.equal(w.tick, 3);
  assert.deepEqual(log, ["a@1.0/1", "a@2.0/1", "a@3.0/1"]);
});

Deno.test("Scheduler runs a system with every = 3 on days 3 and 6 only", () => {
  const log: string[] = [];
  const w = toyWorld();
  const s = new Scheduler(w, [
    toy("slow", "markets", log, { every: () => 3 }),
    toy("daily", "population", log),
  ]);
  steps(s, w, 8);
  assert.deepEqual(log.filter((l) => l.startsWith("slow")), [
    "slow@3.0/1",
    "slow@6.0/1",
  ]);
  assert.equal(log.filter((l) => l.startsWith("daily")).length, 8);
});

Deno.test("Scheduler reads a system's cadence from the scenario in force", () => {
  const log: string[] = [];
  const w = toyWorld("ai: {cadence: {firm_days: 2}}");
  const s = new Scheduler(w, [
    toy("firms", "markets", log, { every: (cfg: ScenarioConfig) => cfg.ai.cadence.firm_days }),
  ]);
  steps(s, w, 4);
  assert.deepEqual(log, ["firms@2.0/1", "firms@4.0/1"]);
});

Deno.test("Scheduler runs a system's substeps in order within the tick", () => {
  const log: string[] = [];
  const w = toyWorld();
  const s = new Scheduler(w, [
    toy("fine", "markets", log, { substeps: () => 3 }),
    toy("after", "finance", log),
  ]);
  steps(s, w, 2);
  assert.deepEqual(log, [
    "fine@1.0/3",
    "fine@1.1/3",
    "fine@1.2/3",
    "after@1.0/1",
    "fine@2.0/3",
    "fine@2.1/3",
    "fine@2.2/3",
    "after@2.0/1",
  ]);
});

Deno.test("Scheduler gives each substep its own draws", () => {
  const keys: number[] = [];
  const w = toyWorld();
  const s = new Scheduler(w, [{
    name: "fine",
    phase: "markets",
    doc: "Records keys.",
    enabled: () => true,
    substeps: () => 2,
    update: (_w, ctx) => keys.push(ctx.key()),
  }]);
  steps(s, w, 3);
  assert.equal(new Set(keys).size, 6);
});

Deno.test("Scheduler skips disabled systems and reports them in disabled", () => {
  const log: string[] = [];
  const w = toyWorld("systems: {migration: false}");
  const s = new Scheduler(w, [
    toy("on", "population", log),
    toy("off", "markets", log, { enabled: () => false }),
    toy("moves", "population", log, { enabled: (cfg: ScenarioConfig) => cfg.systems.migration }),
  ]);
  assert.deepEqual(s.systems.map((x) => x.name), ["on"]);
  assert.deepEqual(s.disabled.map((x) => x.name).sort(), ["moves", "off"]);
  assert.deepEqual(s.timings.names, ["on"]);
  steps(s, w, 2);
  s.init(w);
  assert.deepEqual(log, ["on@1.0/1", "on@2.0/1"]);
});

Deno.test("Scheduler.init() calls init of enabled systems only, in phase order", () => {
  const log: string[] = [];
  const w = toyWorld();
  const init = (name: string) => () => void log.push(`init ${name}`);
  const s = new Scheduler(w, [
    toy("late", "bookkeeping", [], { init: init("late") }),
    toy("early", "environment", [], { init: init("early") }),
    toy("off", "population", [], { init: init("off"), enabled: () => false }),
    toy("none", "markets", []),
  ]);
  s.init(w);
  assert.deepEqual(log, ["init early", "init late"]);
  assert.equal(w.tick, 0);
});

Deno.test("Scheduler declares each system's KPIs and lets it set them through ctx.kpi", () => {
  const w = toyWorld();
  const counter: System<SimWorld> = {
    name: "counter",
    phase: "bookkeeping",
    doc: "Sets two KPIs.",
    enabled: () => true,
    kpis: () => [
      { name: "ticks_seen", unit: "ticks", doc: "The tick (day) computed." },
      { name: "doubled", unit: "ticks", doc: "Twice the tick." },
    ],
    update: (world, ctx) => {
      world.kpis.values[ctx.kpi[0]] = ctx.tick;
      world.kpis.values[ctx.kpi[1]] = ctx.tick * 2;
      world.kpis.commit(ctx.tick);
    },
  };
  const other: System<SimWorld> = {
    ...toy("other", "population", []),
    kpis: () => [{ name: "other_kpi", unit: "x", doc: "Other." }],
  };
  const s = new Scheduler(w, [counter, other]);
  assert.deepEqual(w.kpis.specs.map((k) => k.name).sort(), ["doubled", "other_kpi", "ticks_seen"]);
  steps(s, w, 3);
  assert.deepEqual([...w.kpis.series("ticks_seen")], [1, 2, 3]);
  assert.deepEqual([...w.kpis.series("doubled")], [2, 4, 6]);
  assert.deepEqual([...w.kpis.ticks.subarray(0, 3)], [1, 2, 3]);
  // A KPI nobody sets stays NaN: values are reset each tick.
  assert.ok(w.kpis.series("other_kpi").every(Number.isNaN));
});

Deno.test("Scheduler throws when two systems declare the same KPI", () => {
  const w = toyWorld();
  const k = () => [{ name: "same", unit: "x", doc: "Same." }];
  assert.throws(
    () =>
      new Scheduler(w, [
        toy("a", "markets", [], { kpis: k }),
        toy("b", "finance", [], { kpis: k }),
      ]),
    /KPI "same" is declared twice/,
  );
});

Deno.test("Scheduler records a time for every system on every tick", () => {
  const w = toyWorld();
  const busy = (ms: number) => () => {
    const end = performance.now() + ms;
    while (performance.now() < end) { /* spin */ }
  };
  const s = new Scheduler(w, [
    toy("quick", "population", [], { update: () => {} }),
    toy("busy", "markets", [], { update: busy(2) }),
  ]);
  const ticks = 70; // past the initial 64 rows, so the timings grow
  steps(s, w, ticks);
  const t = s.timings;
  assert.equal(t.count, ticks);
  assert.deepEqual(t.names, ["quick", "busy"]);
  const busyTimes = t.times[1].subarray(0, ticks);
  const quickTimes = t.times[0].subarray(0, ticks);
  assert.ok(busyTimes.every((ms) => ms >= 1.9), `busy: ${busyTimes}`);
  assert.ok(quickTimes.every((ms) => ms >= 0));
  const median = (a: Float64Array) => Float64Array.from(a).sort()[a.length >> 1];
  assert.ok(median(quickTimes) < 1, `quick median ${median(quickTimes)}`);
  for (let i = 0; i < ticks; i++) assert.ok(t.total[i] >= busyTimes[i]);
});

Deno.test("Scheduler throws when two systems have the same name", () => {
  const w = toyWorld();
  assert.throws(
    () => new Scheduler(w, [toy("twin", "markets", []), toy("twin", "finance", [])]),
    /two systems are named "twin"/,
  );
});

Deno.test("Scheduler clears last tick's event queue and ledger flows before the systems run", () => {
  const w = toyWorld();
  const seen: number[] = [];
  const s = new Scheduler(w, [{
    name: "emitter",
    phase: "population",
    doc: "Emits one event and one flow per tick.",
    enabled: () => true,
    update: (world) => {
      seen.push(world.events.queue.length, world.ledger.flows[0]);
      world.events.emit(0, 1);
      world.ledger.record(0, 5);
    },
  }]);
  steps(s, w, 3);
  assert.deepEqual(seen, [0, 0, 0, 0, 0, 0]);
  assert.equal(w.events.log.length, 3);
  assert.deepEqual([...w.events.log.tick.subarray(0, 3)], [1, 2, 3]);
});

/** A system that records ctx.key(0) and ctx.key(1) and a keyed uniform every tick. */
function recorder(name: string, phase: System["phase"], out: number[]): System<SimWorld> {
  return {
    name,
    phase,
    doc: "Records its draws.",
    enabled: () => true,
    update: (_w, ctx) => void out.push(ctx.key(0), ctx.key(1)),
  };
}

Deno.test("Scheduler keeps a system's draws when another system is added", () => {
  const alone: number[] = [];
  const w1 = toyWorld();
  const s1 = new Scheduler(w1, [recorder("target", "markets", alone)]);
  steps(s1, w1, 5);

  const withOthers: number[] = [];
  const w2 = toyWorld();
  const s2 = new Scheduler(w2, [
    recorder("newcomer", "environment", []),
    recorder("target", "markets", withOthers),
    recorder("late", "bookkeeping", []),
  ]);
  steps(s2, w2, 5);
  assert.equal(alone.length, 10);
  assert.deepEqual(withOthers, alone);
  // The draws do depend on the system's name, the family k, the tick and the seed.
  const other: number[] = [];
  const s3 = new Scheduler(toyWorld(), [recorder("another", "markets", other)]);
  s3.step(toyWorld());
  assert.notEqual(other[0], alone[0]);
  assert.notEqual(alone[0], alone[1]);
  assert.notEqual(alone[0], alone[2]);
  const reseeded: number[] = [];
  const w4 = createWorld(parseScenario("name: toy\nrandom_seed: 6\n"));
  new Scheduler(w4, [recorder("target", "markets", reseeded)]).step(w4);
  assert.notEqual(reseeded[0], alone[0]);
});
