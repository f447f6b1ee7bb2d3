/**
 * The event bus: typed event records (births, deaths, moves, firm entries, ...) queued per
 * tick for the systems that react to them, and appended to the run's event log (written as
 * `events` dataset). Records are columnar (kind, subject, object, tile, value), so emitting an
 * event allocates nothing once the buffers have grown.
 *
 * @module
 */

/** What the four slots of one event kind mean. */
export interface EventKindSpec {
  /** One line saying what the event is. */
  readonly doc: string;
  /** Meaning of `subject` (an id). */
  readonly subject: string;
  /** Meaning of `object` (an id, or -1). */
  readonly object?: string;
  /** Meaning of `tile` (a tile index, or -1). */
  readonly tile?: string;
  /** Meaning of `value`. */
  readonly value?: string;
}

/**
 * Declares the event kinds; returns the specs and a name -> code map to emit with.
 *
 * @example
 * ```ts
 * const EVENTS = defineEvents({ birth: { doc: "A child is born.", subject: "child id" } });
 * bus.emit(EVENTS.code.birth, childId, motherId, tile, 0);
 * ```
 */
export function defineEvents<K extends Record<string, EventKindSpec>>(
  kinds: K,
): { specs: K; names: (keyof K & string)[]; code: { [N in keyof K]: number } } {
  const names = Object.keys(kinds) as (keyof K & string)[];
  const code = Object.fromEntries(names.map((n, i) => [n, i])) as { [N in keyof K]: number };
  return { specs: kinds, names, code };
}

/** Growable columnar event records. */
export class EventColumns {
  tick = new Int32Array(1024);
  kind = new Uint8Array(1024);
  subject = new Int32Array(1024);
  object = new Int32Array(1024);
  tile = new Int32Array(1024);
  value = new Float64Array(1024);
  length = 0;

  /** Appends one record. */
  push(tick: number, kind: number, subject: number, object: number, tile: number, value: number) {
    if (this.length === this.tick.length) this.#grow(this.length * 2);
    const i = this.length++;
    this.tick[i] = tick;
    this.kind[i] = kind;
    this.subject[i] = subject;
    this.object[i] = object;
    this.tile[i] = tile;
    this.value[i] = value;
  }

  /** Keeps only the records with tick <= `lastTick` (used on resume). */
  truncateAfter(lastTick: number): void {
    let n = this.length;
    while (n > 0 && this.tick[n - 1] > lastTick) n--;
    this.length = n;
  }

  #grow(n: number) {
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(n);
      b.set(a);
      return b;
    };
    this.tick = grow(this.tick);
    this.kind = grow(this.kind);
    this.subject = grow(this.subject);
    this.object = grow(this.object);
    this.tile = grow(this.tile);
    this.value = grow(this.value);
  }
}

/** Per-tick queue plus the run's log. */
export class EventBus {
  /** Kind names, by code. */
  readonly kinds: readonly string[];
  /** This tick's events (cleared at the start of every tick). */
  readonly queue = new EventColumns();
  /** Every event of the run so far. */
  readonly log = new EventColumns();
  /** Tick stamped on emitted events. */
  tick = 0;

  constructor(kinds: readonly string[]) {
    if (kinds.length > 255) throw new Error("at most 255 event kinds");
    this.kinds = kinds;
  }

  /** Emits one event this tick. */
  emit(kind: number, subject: number, object = -1, tile = -1, value = 0): void {
    this.queue.push(this.tick, kind, subject, object, tile, value);
    this.log.push(this.tick, kind, subject, object, tile, value);
  }

  /** Starts a new tick: empties the queue. */
  beginTick(tick: number): void {
    this.tick = tick;
    this.queue.length = 0;
  }

  /** Number of events of `kind` queued this tick. */
  countThisTick(kind: number): number {
    let n = 0;
    const q = this.queue;
    for (let i = 0; i < q.length; i++) if (q.kind[i] === kind) n++;
    return n;
  }
}
