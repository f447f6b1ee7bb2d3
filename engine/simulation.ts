/**
 * A simulation: a world, its systems in schedule order and the clock. `Simulation.create`
 * builds a new world from a scenario (every system's `init`, then the ledger's base), and
 * `Simulation.fromWorld` continues a world restored from a snapshot.
 *
 * One tick: the scenario in force is updated when a shock starts or ends, then the
 * scheduler runs environment, population, production, markets, ..., bookkeeping.
 *
 * @module
 */
import { moneyTotal } from "./core/ledger.ts";
import type { KpiSpec } from "./core/kpis.ts";
import { scheduleOrder, Scheduler } from "./core/scheduler.ts";
import type { ScenarioConfig } from "./scenario/schema.ts";
import { configAt, shocksChange } from "./scenario/shocks.ts";
import { validateScenario } from "./scenario/validate.ts";
import { settle, settledMarkups, START_MARKUPS } from "./settle.ts";
import { SYSTEMS } from "./systems/mod.ts";
import { createWorld, type SimWorld } from "./world.ts";

/** A world with its scheduler. */
export class Simulation {
  readonly world: SimWorld;
  readonly scheduler: Scheduler<SimWorld>;

  private constructor(world: SimWorld) {
    this.world = world;
    this.scheduler = new Scheduler(world, SYSTEMS);
  }

  /**
   * A new world for a scenario, initialised by every enabled system and settled for
   * `economy.settle_days` (see settle.ts), `economy.settle_passes` times (each pass after the
   * first solved at the markups the previous one settled at). The scenario is validated
   * first (as `loadScenario` and `withChanges` do; a validated one comes back the same), so a
   * configuration edited by hand in a notebook gets its defaults, or a `ScenarioError` naming
   * the key and the fix, rather than an error from deep inside a system.
   *
   * @example
   * ```ts
   * const sim = Simulation.create(await loadScenario("tiny_island"));
   * sim.run(30);
   * sim.world.kpis.series("population");
   * ```
   * @throws {ScenarioError} when the scenario is invalid.
   */
  static create(config: ScenarioConfig): Simulation {
    const valid = validateScenario(config, "Simulation.create");
    const passes = valid.systems.economy && valid.economy.settle_days > 0
      ? valid.economy.settle_passes
      : 1;
    // Each earlier pass leaves only its markups, so that no two worlds are held at once.
    let markups: Float64Array | null = null;
    for (let pass = 1; pass < passes; pass++) {
      markups = settledMarkups(Simulation.started(valid, markups).world);
    }
    return Simulation.started(valid, markups);
  }

  /**
   * A new world for a valid scenario, initialised and settled, its economy solved at `markups`
   * (per good; see settle.ts) or, when null, at the goods' norms.
   */
  private static started(config: ScenarioConfig, markups: Float64Array | null): Simulation {
    const sim = new Simulation(createWorld(config));
    if (markups) sim.world.scratch.set(START_MARKUPS, markups);
    sim.scheduler.init(sim.world);
    sim.world.ledger.base = moneyTotal(Object.values(sim.world.tables)).total;
    settle(sim.world, sim.scheduler);
    return sim;
  }

  /**
   * The KPIs a world of this scenario declares, in the order of its KPI table, without
   * building the world.
   *
   * @example
   * ```ts
   * Simulation.kpisOf(await loadScenario("tiny")).map((k) => k.name); // ["population", ...]
   * ```
   */
  static kpisOf(config: ScenarioConfig): KpiSpec[] {
    return scheduleOrder(SYSTEMS).filter((s) => s.enabled(config)).flatMap((s) =>
      s.kpis?.(config) ?? []
    );
  }

  /** Continues a world restored from a snapshot (tables, tick, ledger already set). */
  static fromWorld(world: SimWorld): Simulation {
    return new Simulation(world);
  }

  /** Names of the systems that run, and of those the scenario switched off. */
  get activeSystems(): { active: string[]; off: string[] } {
    return {
      active: this.scheduler.systems.map((s) => s.name),
      off: this.scheduler.disabled.map((s) => s.name),
    };
  }

  /** Computes the next day, `tick + 1`, with the scenario in force that day. */
  step(): void {
    const w = this.world;
    const day = w.tick + 1;
    if (w.base.shocks.length > 0 && shocksChange(w.base, day)) w.config = configAt(w.base, day);
    this.scheduler.step(w);
  }

  /** Computes `ticks` ticks, calling `onTick` after each. */
  run(ticks: number, onTick?: (sim: Simulation) => void): void {
    for (let i = 0; i < ticks; i++) {
      this.step();
      onTick?.(this);
    }
  }
}
