/**
 * Double-entry money. Balances live in the tables' `money` columns (f64); a payment is a
 * transfer between two of them, so the total changes only through explicit creation and
 * destruction (credit, defaults), which the ledger records. Bookkeeping proves it every tick:
 * total now = total at start + created - destroyed, to 1e-9 of the money plus 1e-12 of the
 * running sums (their rounding).
 *
 * Hot loops may move money inline (two lines: debit, credit) and then {@link Ledger.record}
 * the summed flow once; cold paths call {@link Ledger.transfer}.
 *
 * @module
 */
import type { ColumnArray, Table } from "./table.ts";

/** Money totals of every money column of some tables. */
export function moneyTotal(tables: Iterable<Table>): { total: number; scale: number } {
  let total = 0;
  let scale = 0;
  for (const t of tables) {
    for (const [name, c] of Object.entries(t.spec.columns)) {
      if (!c.money) continue;
      const a = (t.col as Record<string, ColumnArray>)[name];
      const w = t.widths[name];
      for (let i = 0; i < t.length * w; i++) {
        total += a[i];
        scale += Math.abs(a[i]);
      }
    }
  }
  return { total, scale };
}

/** The ledger's running sums (see the constructor). */
const LEDGER_SUMS = ["base", "created", "destroyed", "defaulted"] as const;

/** Flow tallies and the explicit creation/destruction of money. */
export class Ledger {
  /** Flow kind names (wages, purchases, ...). */
  readonly kinds: readonly string[];
  /** Amount moved per kind this tick. */
  readonly flows: Float64Array;
  /** Total money when the run started. */
  base = 0;
  /** Money created since the start (credit, write-offs of negative balances). */
  created = 0;
  /** Money destroyed since the start (repayments, write-offs of positive balances). */
  destroyed = 0;
  /** Debt defaulted on since the start (the lent money stays in circulation). */
  defaulted = 0;

  constructor(kinds: readonly string[]) {
    this.kinds = kinds;
    this.flows = new Float64Array(kinds.length);
    // The sums hold fractions from their first loan, repayment or default on; V8 stores a field
    // that has held only whole numbers as an integer, and the first fraction, a month or two
    // into a run, changed the ledger's hidden class and deoptimised every function that used
    // it. Holding a fraction from the start makes them doubles for good.
    for (const sum of LEDGER_SUMS) this[sum] = 0.5;
    for (const sum of LEDGER_SUMS) this[sum] = 0;
  }

  /** Code of a flow kind. */
  kind(name: string): number {
    const k = this.kinds.indexOf(name);
    if (k < 0) throw new Error(`unknown ledger flow "${name}"`);
    return k;
  }

  /** Tallies an amount moved inline by a hot loop. */
  record(kind: number, amount: number): void {
    this.flows[kind] += amount;
  }

  /**
   * Moves `amount` from one money cell to another.
   *
   * @example
   * ```ts
   * ledger.transfer(firms.col.cash, f, persons.col.wealth, p, wage, WAGES);
   * ```
   */
  transfer(
    from: Float64Array,
    fromRow: number,
    to: Float64Array,
    toRow: number,
    amount: number,
    kind: number,
  ): void {
    if (!(amount >= 0) || !Number.isFinite(amount)) {
      throw new RangeError(`ledger: transfer of ${amount} (${this.kinds[kind]}) is not allowed`);
    }
    from[fromRow] -= amount;
    to[toRow] += amount;
    this.flows[kind] += amount;
  }

  /**
   * Credit: lends `amount` to an account, creating the money (the balance rises, and so does
   * the borrower's `debt`).
   */
  lend(account: Float64Array, debt: Float64Array, row: number, amount: number): void {
    if (!(amount >= 0) || !Number.isFinite(amount)) {
      throw new RangeError(`ledger: a loan of ${amount} is not allowed`);
    }
    account[row] += amount;
    debt[row] += amount;
    this.created += amount;
  }

  /** Repays `amount` of a debt from an account, destroying the money. */
  repay(account: Float64Array, debt: Float64Array, row: number, amount: number): void {
    if (!(amount >= 0) || amount > debt[row] + 1e-9 || amount > account[row] + 1e-9) {
      throw new RangeError(
        `ledger: repaying ${amount} of debt ${debt[row]} from balance ${account[row]}`,
      );
    }
    account[row] -= amount;
    debt[row] -= amount;
    this.destroyed += amount;
  }

  /**
   * Removes a balance from the books (an exiting firm's account): a negative balance written
   * off creates money, a positive one destroys it. Both are recorded.
   */
  writeOff(account: Float64Array, row: number): void {
    const v = account[row];
    if (v < 0) this.created += -v;
    else this.destroyed += v;
    account[row] = 0;
  }

  /** Starts a tick: zeroes the flow tallies. */
  beginTick(): void {
    this.flows.fill(0);
  }

  /** Money the books say should exist now. */
  expected(): number {
    return this.base + this.created - this.destroyed;
  }
}
