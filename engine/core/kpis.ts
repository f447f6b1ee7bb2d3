/**
 * The KPI registry: every indicator is declared once (name, unit, doc); systems set this
 * tick's values by index and bookkeeping appends them to the run's history (one row per tick,
 * written as the run's `kpis` dataset).
 *
 * @module
 */

/** Declaration of one KPI. */
export interface KpiSpec {
  readonly name: string;
  readonly unit: string;
  readonly doc: string;
}

/** Current values and history of the declared KPIs. */
export class KpiRegistry {
  readonly specs: KpiSpec[] = [];
  readonly #index = new Map<string, number>();
  /** This tick's values, by KPI index (NaN until set). */
  values = new Float64Array(0);
  /** History: ticks, and one growable column per KPI. */
  ticks = new Int32Array(64);
  history: Float64Array[] = [];
  rows = 0;

  /**
   * Declares KPIs; returns their indices in order. Declaring a name twice is an error.
   *
   * @example
   * ```ts
   * const [POP] = kpis.define([{ name: "population", unit: "persons", doc: "Persons alive." }]);
   * kpis.values[POP] = world.tables.persons.length;
   * ```
   */
  define(specs: readonly KpiSpec[]): number[] {
    const out: number[] = [];
    for (const s of specs) {
      if (this.#index.has(s.name)) throw new Error(`KPI "${s.name}" is declared twice`);
      this.#index.set(s.name, this.specs.length);
      out.push(this.specs.length);
      this.specs.push(s);
      this.history.push(new Float64Array(this.ticks.length).fill(NaN));
    }
    const v = new Float64Array(this.specs.length).fill(NaN);
    v.set(this.values);
    this.values = v;
    return out;
  }

  /** Index of a KPI by name, or -1. */
  indexOf(name: string): number {
    return this.#index.get(name) ?? -1;
  }

  /** Appends this tick's values to the history. */
  commit(tick: number): void {
    if (this.rows === this.ticks.length) {
      const n = this.rows * 2;
      const t = new Int32Array(n);
      t.set(this.ticks);
      this.ticks = t;
      this.history = this.history.map((h) => {
        const b = new Float64Array(n).fill(NaN);
        b.set(h);
        return b;
      });
    }
    this.ticks[this.rows] = tick;
    for (let k = 0; k < this.values.length; k++) this.history[k][this.rows] = this.values[k];
    this.rows++;
  }

  /** History of one KPI (a view, valid until the next commit). */
  series(name: string): Float64Array {
    const k = this.indexOf(name);
    if (k < 0) throw new Error(`unknown KPI "${name}"`);
    return this.history[k].subarray(0, this.rows);
  }

  /** Value `lag` rows back in the history (0 = last committed), or NaN. */
  lagged(index: number, lag: number): number {
    const r = this.rows - 1 - lag;
    return r >= 0 ? this.history[index][r] : NaN;
  }
}
