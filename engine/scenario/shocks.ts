/**
 * Shocks: scheduled parameter changes. The scenario in force at a tick is a pure function of
 * the base scenario and the tick, so a run resumed from a snapshot sees the same parameters.
 * @module
 */
import type { ScenarioConfig, Shock } from "./schema.ts";

/** True when the shock is active at `tick`. */
export function shockActive(s: Shock, tick: number): boolean {
  return tick >= s.at && (s.duration === 0 || tick < s.at + s.duration);
}

/**
 * The scenario in force at `tick`: the base with every active shock applied in order.
 *
 * @example
 * ```ts
 * const cfg = configAt(base, 200); // economy.households.consume_income scaled by 0.8 if shocked
 * ```
 */
export function configAt(base: ScenarioConfig, tick: number): ScenarioConfig {
  const active = base.shocks.filter((s) => shockActive(s, tick));
  if (active.length === 0) return base;
  const cfg = structuredClone(base);
  for (const s of active) {
    const parts = s.parameter.split(".");
    let node = cfg as unknown as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
    const key = parts[parts.length - 1];
    const old = node[key] as number;
    node[key] = s.op === "set" ? s.value : s.op === "add" ? old + s.value : old * s.value;
  }
  return cfg;
}

/** True when the set of active shocks differs between `tick - 1` and `tick`. */
export function shocksChange(base: ScenarioConfig, tick: number): boolean {
  return base.shocks.some((s) => shockActive(s, tick) !== shockActive(s, tick - 1));
}
