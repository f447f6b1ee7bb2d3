/**
 * Nelder–Mead simplex search inside a box, in two shapes: {@link nelderMead}, a plain
 * synchronous minimiser for cheap functions, and {@link NelderMead}, an ask/tell state machine
 * that hands out the points it needs next (one for a reflection, expansion or contraction, `d`
 * for a shrink, `d + 1` for the first simplex) so an expensive model can evaluate them as a
 * parallel batch, and whose state round-trips through JSON for resume. Both run the same code:
 * the synchronous function drives the state machine.
 *
 * The method is Nelder & Mead (1965) with the standard coefficients and the order of tests of
 * Lagarias, Reeds, Wright & Wright (1998), "Convergence properties of the Nelder–Mead simplex
 * method in low dimensions", SIAM J. Optim. 9(1): reflection ρ = 1, expansion χ = 2,
 * contraction γ = 1/2, shrink σ = 1/2; the expanded point is kept only if it beats the
 * reflected one (greedy minimisation), and ties in ordering keep the older vertex first.
 * Bounds are enforced by clipping every proposed point to the box, a common, simple choice
 * that keeps the model inside its valid range (it can stall on a face; restart from the best
 * point if that matters).
 *
 * @module
 */

/** Reflection, expansion, contraction and shrink coefficients (Lagarias et al. 1998, §2). */
const RHO = 1;
const CHI = 2;
const GAMMA = 0.5;
const SIGMA = 0.5;

/** Options of {@link nelderMead} and {@link NelderMead}. */
export interface NelderMeadOptions {
  /**
   * Edge of the first simplex: vertex i is `x0` moved by `step` along axis i (or against it,
   * when the move would leave the box).
   * @default {0.1}
   */
  step?: number;
  /**
   * Budget of function evaluations; the search stops before a step that would exceed it.
   * @default {200 * dims}
   */
  maxEvaluations?: number;
  /**
   * Convergence threshold: the search stops when every vertex is within `tolerance` of the best
   * one in every coordinate and in function value (SciPy's `xatol` and `fatol` together).
   * @default {1e-8}
   */
  tolerance?: number;
  /**
   * Box the points are clipped to, as `[lower, upper]` arrays of length `dims`.
   * @default {the unit box [0, 1]^dims}
   */
  bounds?: [number[], number[]];
}

/** A point and its loss. */
export interface EvaluatedPoint {
  /** Coordinates of the point. */
  x: number[];
  /** Loss at `x`. */
  loss: number;
}

/** Result of {@link nelderMead}. */
export interface NelderMeadResult extends EvaluatedPoint {
  /** Number of function evaluations used. */
  evaluations: number;
  /** Number of completed simplex iterations. */
  iterations: number;
  /** Whether the tolerance was met (false: the evaluation budget ran out first). */
  converged: boolean;
}

type Phase = "init" | "reflect" | "expand" | "outside" | "inside" | "shrink" | "done";

/** The JSON form of a {@link NelderMead} search, see {@link NelderMead.toJSON}. */
export interface NelderMeadState {
  /** Format tag, so a stale file is refused with a clear message. */
  format: "panarchy.nelder-mead.v1";
  step: number;
  maxEvaluations: number;
  tolerance: number;
  lower: number[];
  upper: number[];
  phase: Phase;
  /** Vertices ordered best first once the first simplex is evaluated; losses as JSON numbers or "Infinity". */
  simplex: { x: number[]; loss: number | "Infinity" }[];
  pending: number[][];
  reflected: { x: number[]; loss: number | "Infinity" } | null;
  evaluations: number;
  iterations: number;
  converged: boolean;
}

/**
 * Ask/tell Nelder–Mead: `ask()` returns the points to evaluate next, `tell(losses)` takes their
 * losses in the same order. Between the two the state is plain data, so `toJSON()` can be saved
 * and {@link NelderMead.fromJSON} resumes the search exactly. `ask()` returns `[]` once the
 * search is done; calling it twice without `tell` returns the same points.
 *
 * @example
 * ```ts
 * import { NelderMead } from "./local_search.ts";
 * const search = new NelderMead([0.9, 0.9], { tolerance: 1e-10 });
 * for (let points = search.ask(); points.length > 0; points = search.ask()) {
 *   search.tell(points.map(([a, b]) => (a - 0.3) ** 2 + (b - 0.6) ** 2));
 * }
 * search.best; // { x: ≈[0.3, 0.6], loss: ≈0 }
 * ```
 */
export class NelderMead {
  #step: number;
  #maxEvaluations: number;
  #tolerance: number;
  #lower: number[];
  #upper: number[];
  #phase: Phase = "init";
  #simplex: EvaluatedPoint[] = [];
  #pending: number[][] = [];
  #reflected: EvaluatedPoint | null = null;
  #evaluations = 0;
  #iterations = 0;
  #converged = false;

  /**
   * Starts a search from `x0`.
   *
   * @param x0 starting point inside the box (outside coordinates are clipped).
   * @param options step, budget, tolerance and box, see {@link NelderMeadOptions}.
   * @throws {RangeError} on an empty or non-finite `x0`, a bad option, or bounds that do not
   * match `x0`'s dimension.
   */
  constructor(x0: readonly number[], options: NelderMeadOptions = {}) {
    const dims = x0.length;
    if (dims === 0 || !x0.every(Number.isFinite)) {
      throw new RangeError(`NelderMead: x0 must be a non-empty array of finite numbers`);
    }
    const {
      step = 0.1,
      maxEvaluations = 200 * dims,
      tolerance = 1e-8,
      bounds = [new Array(dims).fill(0), new Array(dims).fill(1)],
    } = options;
    if (!(step > 0) || !Number.isFinite(step)) {
      throw new RangeError(`NelderMead: step must be a positive number, got ${step}`);
    }
    if (!Number.isSafeInteger(maxEvaluations) || maxEvaluations < dims + 1) {
      throw new RangeError(
        `NelderMead: maxEvaluations must be an integer >= dims + 1 = ${dims + 1}, ` +
          `got ${maxEvaluations}`,
      );
    }
    if (!(tolerance >= 0)) {
      throw new RangeError(`NelderMead: tolerance must be >= 0, got ${tolerance}`);
    }
    const [lower, upper] = bounds;
    if (
      lower.length !== dims || upper.length !== dims ||
      lower.some((l, i) => !(l < upper[i]) || !Number.isFinite(l) || !Number.isFinite(upper[i]))
    ) {
      throw new RangeError(
        `NelderMead: bounds must be two arrays of ${dims} finite numbers with lower < upper`,
      );
    }
    this.#step = step;
    this.#maxEvaluations = maxEvaluations;
    this.#tolerance = tolerance;
    this.#lower = [...lower];
    this.#upper = [...upper];
    const start = this.#clip(x0);
    this.#pending = [start];
    for (let i = 0; i < dims; i++) {
      const vertex = [...start];
      vertex[i] = start[i] + step <= upper[i] ? start[i] + step : start[i] - step;
      this.#pending.push(this.#clip(vertex));
    }
  }

  /** Whether the search has stopped (converged or out of budget). */
  get done(): boolean {
    return this.#phase === "done";
  }

  /** Whether the search stopped because the tolerance was met. */
  get converged(): boolean {
    return this.#converged;
  }

  /** Function evaluations told so far. */
  get evaluations(): number {
    return this.#evaluations;
  }

  /** Completed simplex iterations. */
  get iterations(): number {
    return this.#iterations;
  }

  /**
   * The best vertex so far.
   *
   * @throws {Error} before the first simplex has been evaluated.
   */
  get best(): EvaluatedPoint {
    if (this.#simplex.length === 0) {
      throw new Error("NelderMead.best: no point evaluated yet; ask() and tell() first");
    }
    const { x, loss } = this.#simplex[0];
    return { x: [...x], loss };
  }

  /**
   * The points whose losses the search needs next, in the order `tell` expects them.
   *
   * @returns copies of the pending points; `[]` when the search is done.
   */
  ask(): number[][] {
    return this.#pending.map((x) => [...x]);
  }

  /**
   * Feeds the losses of the points from the last `ask()` and advances the search.
   *
   * @param losses one loss per asked point, same order; `Infinity` marks a failed run.
   * @throws {Error} if the search is done, or the count differs from the asked points.
   * @throws {RangeError} if a loss is NaN or -Infinity.
   */
  tell(losses: readonly number[]): void {
    if (this.#phase === "done") {
      throw new Error("NelderMead.tell: the search is done; nothing was asked");
    }
    if (losses.length !== this.#pending.length) {
      throw new Error(
        `NelderMead.tell: expected ${this.#pending.length} losses (one per asked point), ` +
          `got ${losses.length}`,
      );
    }
    for (const loss of losses) {
      if (Number.isNaN(loss) || loss === -Infinity) {
        throw new RangeError(
          `NelderMead.tell: a loss must be a number or Infinity (failed run), got ${loss}`,
        );
      }
    }
    const told = this.#pending.map((x, i) => ({ x, loss: losses[i] }));
    this.#evaluations += told.length;
    this.#pending = [];
    this.#advance(told);
  }

  /**
   * The whole state as plain JSON data.
   *
   * @returns a {@link NelderMeadState}; `JSON.stringify` it to save.
   */
  toJSON(): NelderMeadState {
    const encode = ({ x, loss }: EvaluatedPoint) => ({
      x: [...x],
      loss: loss === Infinity ? "Infinity" as const : loss,
    });
    return {
      format: "panarchy.nelder-mead.v1",
      step: this.#step,
      maxEvaluations: this.#maxEvaluations,
      tolerance: this.#tolerance,
      lower: [...this.#lower],
      upper: [...this.#upper],
      phase: this.#phase,
      simplex: this.#simplex.map(encode),
      pending: this.#pending.map((x) => [...x]),
      reflected: this.#reflected === null ? null : encode(this.#reflected),
      evaluations: this.#evaluations,
      iterations: this.#iterations,
      converged: this.#converged,
    };
  }

  /**
   * Restores a search saved with {@link NelderMead.toJSON}.
   *
   * @param state the saved state (parsed JSON).
   * @returns a search that continues exactly where the saved one stopped.
   * @throws {Error} if `state` is not a saved Nelder–Mead state of this format.
   *
   * @example
   * ```ts
   * import { NelderMead } from "./local_search.ts";
   * const search = new NelderMead([0.5, 0.5]);
   * const resumed = NelderMead.fromJSON(JSON.parse(JSON.stringify(search)));
   * resumed.ask(); // the same three points as search.ask()
   * ```
   */
  static fromJSON(state: NelderMeadState): NelderMead {
    if (
      state === null || typeof state !== "object" || state.format !== "panarchy.nelder-mead.v1"
    ) {
      throw new Error(
        `NelderMead.fromJSON: not a saved Nelder–Mead state (expected format ` +
          `"panarchy.nelder-mead.v1"); save one with JSON.stringify(search)`,
      );
    }
    const decode = ({ x, loss }: { x: number[]; loss: number | "Infinity" }) => ({
      x: [...x],
      loss: loss === "Infinity" ? Infinity : loss,
    });
    const search = new NelderMead(state.lower, {
      step: state.step,
      maxEvaluations: state.maxEvaluations,
      tolerance: state.tolerance,
      bounds: [state.lower, state.upper],
    });
    search.#phase = state.phase;
    search.#simplex = state.simplex.map(decode);
    search.#pending = state.pending.map((x) => [...x]);
    search.#reflected = state.reflected === null ? null : decode(state.reflected);
    search.#evaluations = state.evaluations;
    search.#iterations = state.iterations;
    search.#converged = state.converged;
    return search;
  }

  #clip(x: readonly number[]): number[] {
    return x.map((v, i) => Math.min(this.#upper[i], Math.max(this.#lower[i], v)));
  }

  /** Centroid of all vertices but the worst. */
  #centroid(): number[] {
    const n = this.#simplex.length - 1;
    const c = new Array<number>(this.#simplex[0].x.length).fill(0);
    for (let i = 0; i < n; i++) {
      const x = this.#simplex[i].x;
      for (let j = 0; j < c.length; j++) c[j] += x[j] / n;
    }
    return c;
  }

  /** The point c + t (w - c), w the worst vertex, clipped to the box. */
  #along(t: number): number[] {
    const c = this.#centroid();
    const worst = this.#simplex[this.#simplex.length - 1].x;
    return this.#clip(c.map((cj, j) => cj + t * (worst[j] - cj)));
  }

  /** Replaces the worst vertex and ends the iteration. */
  #replaceWorst(point: EvaluatedPoint): void {
    this.#simplex[this.#simplex.length - 1] = point;
    this.#endIteration();
  }

  #shrink(): void {
    const best = this.#simplex[0].x;
    this.#phase = "shrink";
    this.#pending = this.#simplex.slice(1).map(({ x }) =>
      this.#clip(best.map((b, j) => b + SIGMA * (x[j] - b)))
    );
    this.#checkBudget();
  }

  #advance(told: EvaluatedPoint[]): void {
    const simplex = this.#simplex;
    const n = simplex.length - 1;
    switch (this.#phase) {
      case "init":
        this.#simplex = told;
        this.#endIteration(false);
        return;
      case "shrink":
        this.#simplex = [simplex[0], ...told];
        this.#endIteration();
        return;
      case "reflect": {
        const r = told[0];
        this.#reflected = r;
        if (r.loss < simplex[0].loss) {
          this.#phase = "expand";
          this.#pending = [this.#along(-RHO * CHI)];
          this.#checkBudget();
        } else if (r.loss < simplex[n - 1].loss) {
          this.#replaceWorst(r);
        } else if (r.loss < simplex[n].loss) {
          this.#phase = "outside";
          this.#pending = [this.#along(-RHO * GAMMA)];
          this.#checkBudget();
        } else {
          this.#phase = "inside";
          this.#pending = [this.#along(GAMMA)];
          this.#checkBudget();
        }
        return;
      }
      case "expand": {
        const r = this.#reflected!;
        this.#replaceWorst(told[0].loss < r.loss ? told[0] : r);
        return;
      }
      case "outside":
        if (told[0].loss <= this.#reflected!.loss) this.#replaceWorst(told[0]);
        else this.#shrink();
        return;
      case "inside":
        if (told[0].loss < simplex[n].loss) this.#replaceWorst(told[0]);
        else this.#shrink();
        return;
      case "done":
        return;
    }
  }

  /** Orders the simplex, tests convergence and asks for the next reflection. */
  #endIteration(counts = true): void {
    if (counts) this.#iterations++;
    this.#reflected = null;
    // A stable sort keeps the older vertex first among ties (Lagarias et al.'s rule, in effect).
    this.#simplex.sort((a, b) => a.loss - b.loss || 0);
    const best = this.#simplex[0];
    const spread = this.#simplex.every(({ x, loss }) =>
      Math.abs(loss - best.loss) <= this.#tolerance &&
      x.every((v, j) => Math.abs(v - best.x[j]) <= this.#tolerance)
    );
    if (spread) {
      this.#converged = true;
      this.#phase = "done";
      this.#pending = [];
      return;
    }
    this.#phase = "reflect";
    this.#pending = [this.#along(-RHO)];
    this.#checkBudget();
  }

  /** Stops, rather than asks, when the pending points would exceed the budget. */
  #checkBudget(): void {
    if (this.#evaluations + this.#pending.length > this.#maxEvaluations) {
      this.#phase = "done";
      this.#pending = [];
    }
  }
}

/**
 * Minimises `f` over a box with Nelder–Mead (Nelder & Mead 1965; Lagarias et al. 1998),
 * clipping every point into the box. Deterministic: it draws no random numbers.
 *
 * @param f the function to minimise; `Infinity` is allowed (a failed point), NaN is not.
 * @param x0 starting point.
 * @param options step, budget, tolerance and box, see {@link NelderMeadOptions}.
 * @returns the best point, its loss, the evaluations and iterations used, and whether the
 * tolerance was met.
 * @throws {RangeError} on a bad `x0` or option, or if `f` returns NaN.
 *
 * @example
 * ```ts
 * import { nelderMead } from "./local_search.ts";
 * const { x } = nelderMead(([a, b]) => (a - 0.25) ** 2 + 3 * (b - 0.5) ** 2, [0.9, 0.1]);
 * // x ≈ [0.25, 0.5]
 * ```
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const search = new NelderMead(x0, options);
  for (let points = search.ask(); points.length > 0; points = search.ask()) {
    search.tell(points.map((x) => f(x)));
  }
  return {
    ...search.best,
    evaluations: search.evaluations,
    iterations: search.iterations,
    converged: search.converged,
  };
}
