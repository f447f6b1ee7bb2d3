/**
 * The scheduler runs the enabled systems in the seed's phase order, each at its cadence
 * (every N days) and with its substeps, and times every system every tick.
 *
 * Step order of one tick: the clock advances (tick += 1: the day computed is day `tick`, and
 * when the step ends the world is the state at tick `tick`), events queue cleared, ledger flows
 * zeroed, then for each phase in {@link PHASES} the systems of that phase in declaration order.
 * So everything of one day (draws, events, KPI row, a snapshot taken after it) bears the same
 * tick, and tick 0 is the initial state.
 *
 * @module
 */
import type { ScenarioConfig } from "../scenario/schema.ts";
import type { KpiSpec } from "./kpis.ts";
import { streamOf, tickKey } from "./rng.ts";
import type { Table } from "./table.ts";
import type { World } from "./world.ts";

/** The phases of a tick, in order. */
export const PHASES = [
  "environment",
  "population",
  "production",
  "markets",
  "finance",
  "politics",
  "diplomacy",
  "infrastructure",
  "media",
  "health",
  "bookkeeping",
] as const;

/** A phase of the tick. */
export type Phase = typeof PHASES[number];

/** What a system gets besides the world on each update. */
export interface TickContext {
  /** Tick being computed. */
  readonly tick: number;
  /** Substep within the tick (0-based) and how many there are. */
  readonly substep: number;
  readonly substeps: number;
  /** Random stream of the system (from its name). */
  readonly stream: number;
  /** Indices of the system's KPIs in the registry, in the order it declared them. */
  readonly kpi: Int32Array;
  /** Tick key of this system's stream for draw family `k` (see rng.ts). */
  key(k?: number): number;
}

/** A subsystem: one file, one `update`. */
export interface System<W extends World = World> {
  /** Unique name; also names the random stream. */
  readonly name: string;
  /** Phase the system runs in. */
  readonly phase: Phase;
  /** One line saying what the system does. */
  readonly doc: string;
  /** Whether the scenario switches the system on. */
  enabled(config: ScenarioConfig): boolean;
  /** Cadence in days (default 1). */
  every?(config: ScenarioConfig): number;
  /** Substeps per run (default 1). */
  substeps?(config: ScenarioConfig): number;
  /** KPIs the system sets. */
  kpis?(config: ScenarioConfig): KpiSpec[];
  /** Builds the initial state of a new world (not called when resuming from a snapshot). */
  init?(world: W, ctx: TickContext): void;
  /** Advances the system by one (sub)step. */
  update(world: W, ctx: TickContext): void;
}

/** Per-system timings, in ms, one row per tick. */
export interface Timings {
  readonly names: string[];
  /** times[s][i]: system s on the i-th timed tick. */
  readonly times: Float64Array[];
  /** Total tick time of the i-th timed tick. */
  total: Float64Array;
  count: number;
}

/** Reused context of one system (mutated each step, so stepping allocates nothing). */
class SystemContext implements TickContext {
  tick = 0;
  substep = 0;
  substeps = 1;
  constructor(readonly seed: number, readonly stream: number, readonly kpi: Int32Array) {}
  key(k = 0): number {
    return tickKey(
      this.seed,
      this.stream + Math.imul(k, 0x632be5ab),
      this.tick * this.substeps + this.substep,
    );
  }
  at(tick: number, substep: number, substeps: number): this {
    this.tick = tick;
    this.substep = substep;
    this.substeps = substeps;
    return this;
  }
}

/** Systems in the order they run: by phase, and in their given order within a phase. */
export function scheduleOrder<S extends { readonly phase: (typeof PHASES)[number] }>(
  all: readonly S[],
): S[] {
  return [...all].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
}

/** A world's systems in execution order, with their contexts and timings. */
export class Scheduler<W extends World<Record<string, Table>>> {
  readonly systems: System<W>[];
  readonly disabled: System<W>[];
  readonly timings: Timings;
  readonly #ctx: SystemContext[];

  constructor(world: W, all: readonly System<W>[]) {
    const names = new Set<string>();
    for (const s of all) {
      if (names.has(s.name)) throw new Error(`two systems are named "${s.name}"`);
      names.add(s.name);
    }
    const ordered = scheduleOrder(all);
    this.systems = ordered.filter((s) => s.enabled(world.base));
    this.disabled = ordered.filter((s) => !s.enabled(world.base));
    this.#ctx = this.systems.map((s) =>
      new SystemContext(
        world.seed,
        streamOf(s.name),
        Int32Array.from(world.kpis.define(s.kpis?.(world.base) ?? [])),
      )
    );
    this.timings = {
      names: this.systems.map((s) => s.name),
      times: this.systems.map(() => new Float64Array(64)),
      total: new Float64Array(64),
      count: 0,
    };
  }

  #context(world: W, i: number, substep: number, substeps: number): TickContext {
    return this.#ctx[i].at(world.tick, substep, substeps);
  }

  /** Runs every enabled system's `init` on a new world. */
  init(world: W): void {
    this.systems.forEach((s, i) => s.init?.(world, this.#context(world, i, 0, 1)));
  }

  /** Advances the clock and computes that day; systems named in `held` sit it out. */
  step(world: W, held?: ReadonlySet<string>): void {
    world.tick++;
    world.events.beginTick(world.tick);
    world.ledger.beginTick();
    world.kpis.values.fill(NaN);
    const t = this.timings;
    if (t.count === t.total.length) this.#growTimings();
    const t0 = performance.now();
    for (let i = 0; i < this.systems.length; i++) {
      const s = this.systems[i];
      const every = s.every?.(world.config) ?? 1;
      const start = performance.now();
      if (world.tick % every === 0 && !held?.has(s.name)) {
        const n = s.substeps?.(world.config) ?? 1;
        for (let k = 0; k < n; k++) s.update(world, this.#context(world, i, k, n));
      }
      t.times[i][t.count] = performance.now() - start;
    }
    t.total[t.count] = performance.now() - t0;
    t.count++;
  }

  #growTimings() {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    const t = this.timings as { times: Float64Array[]; total: Float64Array };
    for (let i = 0; i < t.times.length; i++) t.times[i] = grow(t.times[i]);
    t.total = grow(t.total);
  }
}
