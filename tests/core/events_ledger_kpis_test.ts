import assert from "node:assert/strict";
import fc from "fast-check";
import { defineEvents, EventBus, EventColumns } from "../../engine/core/events.ts";
import { checkColumns, checkKpis, InvariantError } from "../../engine/core/invariants.ts";
import { KpiRegistry } from "../../engine/core/kpis.ts";
import { Ledger, moneyTotal } from "../../engine/core/ledger.ts";
import { defineTable, NULL_REF, Table } from "../../engine/core/table.ts";

const EV = defineEvents({
  birth: { doc: "A child is born.", subject: "child id", object: "mother id" },
  death: { doc: "A person dies.", subject: "person id", value: "age" },
});

// --- events -----------------------------------------------------------------------------

Deno.test("defineEvents() numbers the kinds in declaration order", () => {
  assert.deepEqual(EV.names, ["birth", "death"]);
  assert.deepEqual(EV.code, { birth: 0, death: 1 });
});

Deno.test("EventBus.emit() appends the record to both the tick's queue and the run's log", () => {
  const bus = new EventBus(EV.names);
  bus.beginTick(4);
  bus.emit(EV.code.birth, 10, 3, 7, 1.5);
  bus.emit(EV.code.death, 11);
  for (const cols of [bus.queue, bus.log]) {
    assert.equal(cols.length, 2);
    assert.deepEqual([...cols.tick.subarray(0, 2)], [4, 4]);
    assert.deepEqual([...cols.kind.subarray(0, 2)], [0, 1]);
    assert.deepEqual([...cols.subject.subarray(0, 2)], [10, 11]);
    // Unset slots default to -1 (object, tile) and 0 (value).
    assert.deepEqual([...cols.object.subarray(0, 2)], [3, -1]);
    assert.deepEqual([...cols.tile.subarray(0, 2)], [7, -1]);
    assert.deepEqual([...cols.value.subarray(0, 2)], [1.5, 0]);
  }
});

Deno.test("EventBus.beginTick() empties the queue but keeps the log", () => {
  const bus = new EventBus(EV.names);
  bus.beginTick(0);
  bus.emit(EV.code.birth, 1);
  bus.emit(EV.code.birth, 2);
  bus.beginTick(1);
  assert.equal(bus.queue.length, 0);
  assert.equal(bus.log.length, 2);
  bus.emit(EV.code.death, 1);
  assert.equal(bus.queue.length, 1);
  assert.equal(bus.queue.tick[0], 1);
  assert.equal(bus.queue.subject[0], 1);
  assert.deepEqual([...bus.log.tick.subarray(0, 3)], [0, 0, 1]);
});

Deno.test("EventBus.countThisTick() counts only this tick's events of one kind", () => {
  const bus = new EventBus(EV.names);
  bus.beginTick(0);
  bus.emit(EV.code.birth, 1);
  bus.emit(EV.code.death, 2);
  bus.beginTick(1);
  bus.emit(EV.code.birth, 3);
  bus.emit(EV.code.birth, 4);
  bus.emit(EV.code.death, 5);
  assert.equal(bus.countThisTick(EV.code.birth), 2);
  assert.equal(bus.countThisTick(EV.code.death), 1);
});

Deno.test("EventBus refuses more than 255 event kinds", () => {
  const many = Array.from({ length: 256 }, (_, i) => `k${i}`);
  assert.throws(() => new EventBus(many), /at most 255 event kinds/);
  assert.equal(new EventBus(many.slice(0, 255)).kinds.length, 255);
});

Deno.test("EventColumns grows past its initial buffers without losing records", () => {
  const c = new EventColumns();
  const n = 5000;
  for (let i = 0; i < n; i++) c.push(i >> 4, i % 2, i, -i - 1, i % 7, i / 2);
  assert.equal(c.length, n);
  for (const i of [0, 1023, 1024, 4999]) {
    assert.equal(c.subject[i], i);
    assert.equal(c.object[i], -i - 1);
    assert.equal(c.value[i], i / 2);
    assert.equal(c.tick[i], i >> 4);
  }
});

Deno.test("EventColumns.truncateAfter() keeps exactly the records up to a tick", () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat({ max: 5 }), { maxLength: 60 }),
      fc.integer({ min: -1, max: 400 }),
      (gaps, last) => {
        const c = new EventColumns();
        let tick = 0;
        for (const g of gaps) c.push(tick += g, 0, tick, -1, -1, 0);
        const keep = [...c.tick.subarray(0, c.length)].filter((t) => t <= last).length;
        c.truncateAfter(last);
        assert.equal(c.length, keep);
        for (let i = 0; i < c.length; i++) assert.ok(c.tick[i] <= last);
      },
    ),
  );
});

// --- ledger -----------------------------------------------------------------------------

const FLOWS = ["wages", "purchases"] as const;

Deno.test("Ledger.transfer() moves money between cells and tallies the flow", () => {
  const ledger = new Ledger(FLOWS);
  const firms = new Float64Array([100, 50]);
  const persons = new Float64Array([1, 2, 3]);
  const WAGES = ledger.kind("wages");
  ledger.transfer(firms, 0, persons, 2, 30, WAGES);
  ledger.transfer(firms, 1, persons, 0, 5, WAGES);
  ledger.transfer(persons, 2, firms, 1, 10, ledger.kind("purchases"));
  assert.deepEqual([...firms], [70, 55]);
  assert.deepEqual([...persons], [6, 2, 23]);
  assert.deepEqual([...ledger.flows], [35, 10]);
  // A transfer moves money; it neither creates nor destroys any.
  assert.equal(ledger.created, 0);
  assert.equal(ledger.destroyed, 0);
  ledger.beginTick();
  assert.deepEqual([...ledger.flows], [0, 0]);
});

Deno.test("Ledger.transfer() throws on a negative, NaN or infinite amount and moves nothing", () => {
  const ledger = new Ledger(FLOWS);
  const a = new Float64Array([10]);
  const b = new Float64Array([0]);
  for (const bad of [-1, NaN, Infinity]) {
    assert.throws(() => ledger.transfer(a, 0, b, 0, bad, 0), RangeError);
  }
  assert.throws(() => ledger.transfer(a, 0, b, 0, -1, 0), /transfer of -1 \(wages\)/);
  assert.equal(a[0], 10);
  assert.equal(b[0], 0);
  assert.equal(ledger.flows[0], 0);
});

Deno.test("Ledger.kind() throws on an unknown flow name", () => {
  assert.throws(() => new Ledger(FLOWS).kind("bribes"), /unknown ledger flow "bribes"/);
});

Deno.test("Ledger.writeOff() of a negative balance counts as money created", () => {
  const ledger = new Ledger(FLOWS);
  const cash = new Float64Array([-40, 7]);
  ledger.writeOff(cash, 0);
  assert.equal(cash[0], 0);
  assert.equal(cash[1], 7);
  assert.equal(ledger.created, 40);
  assert.equal(ledger.destroyed, 0);
});

Deno.test("Ledger.writeOff() of a positive balance counts as money destroyed", () => {
  const ledger = new Ledger(FLOWS);
  ledger.base = 1000;
  const cash = new Float64Array([25]);
  ledger.writeOff(cash, 0);
  assert.equal(cash[0], 0);
  assert.equal(ledger.destroyed, 25);
  assert.equal(ledger.created, 0);
  assert.equal(ledger.expected(), 975);
});

Deno.test("Ledger.record() tallies a flow moved inline", () => {
  const ledger = new Ledger(FLOWS);
  ledger.record(1, 2.5);
  ledger.record(1, 0.5);
  assert.deepEqual([...ledger.flows], [0, 3]);
});

const accounts = defineTable("accounts", "Toy accounts.", {
  cash: { type: "f64", unit: "currency", doc: "Cash.", money: true },
  debt: { type: "f64", unit: "currency", doc: "Not money here.", width: 2 },
  pockets: { type: "f64", unit: "currency", doc: "Money in two pockets.", width: 2, money: true },
});

Deno.test("moneyTotal() sums every money column over live rows only", () => {
  const a = new Table(accounts, {});
  const b = new Table(accounts, {});
  a.add(2);
  a.col.cash.set([10, -4]);
  a.col.debt.set([1000, 1000, 1000, 1000]);
  a.col.pockets.set([1, 2, 3, 4]);
  b.add(3);
  b.col.cash.set([5, 5, 5]);
  b.remove(2); // the removed row's cash no longer counts
  const { total, scale } = moneyTotal([a, b]);
  assert.equal(total, 10 - 4 + 1 + 2 + 3 + 4 + 5 + 5);
  assert.equal(scale, 10 + 4 + 1 + 2 + 3 + 4 + 5 + 5);
});

Deno.test("Ledger keeps moneyTotal() equal to expected() through transfers and write-offs", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          from: fc.nat({ max: 4 }),
          to: fc.nat({ max: 4 }),
          amount: fc.double({ min: 0, max: 100, noNaN: true }),
          writeOff: fc.boolean(),
        }),
        { maxLength: 40 },
      ),
      (ops) => {
        const t = new Table(accounts, {});
        t.add(5);
        t.col.cash.set([50, 20, 0, 10, 5]);
        const ledger = new Ledger(FLOWS);
        ledger.base = moneyTotal([t]).total;
        for (const op of ops) {
          if (op.writeOff) ledger.writeOff(t.col.cash, op.from);
          else ledger.transfer(t.col.cash, op.from, t.col.cash, op.to, op.amount, 0);
        }
        const { total, scale } = moneyTotal([t]);
        assert.ok(Math.abs(total - ledger.expected()) <= 1e-9 * Math.max(1, scale));
      },
    ),
  );
});

// --- KPIs -------------------------------------------------------------------------------

Deno.test("KpiRegistry.define() returns indices in order and throws on a name declared twice", () => {
  const k = new KpiRegistry();
  assert.deepEqual(
    k.define([{ name: "a", unit: "x", doc: "A." }, { name: "b", unit: "x", doc: "B." }]),
    [0, 1],
  );
  assert.deepEqual(k.define([{ name: "c", unit: "x", doc: "C." }]), [2]);
  assert.equal(k.indexOf("b"), 1);
  assert.equal(k.indexOf("zzz"), -1);
  assert.throws(
    () => k.define([{ name: "a", unit: "y", doc: "Again." }]),
    /KPI "a" is declared twice/,
  );
});

Deno.test("KpiRegistry.define() keeps values already set and starts new ones at NaN", () => {
  const k = new KpiRegistry();
  const [a] = k.define([{ name: "a", unit: "x", doc: "A." }]);
  k.values[a] = 3;
  const [b] = k.define([{ name: "b", unit: "x", doc: "B." }]);
  assert.equal(k.values[a], 3);
  assert.ok(Number.isNaN(k.values[b]));
});

Deno.test("KpiRegistry.commit() appends a row that series() and lagged() read back", () => {
  const k = new KpiRegistry();
  const [pop, gdp] = k.define([
    { name: "population", unit: "persons", doc: "Persons." },
    { name: "gdp", unit: "currency", doc: "GDP." },
  ]);
  const n = 100; // past the initial 64 rows, so the history grows
  for (let t = 0; t < n; t++) {
    k.values[pop] = 1000 + t;
    if (t % 2 === 0) k.values[gdp] = t * 10;
    else k.values[gdp] = NaN;
    k.commit(t);
  }
  assert.equal(k.rows, n);
  const series = k.series("population");
  assert.equal(series.length, n);
  assert.equal(series[0], 1000);
  assert.equal(series[n - 1], 1000 + n - 1);
  assert.equal(k.series("gdp")[98], 980);
  assert.ok(Number.isNaN(k.series("gdp")[99]));
  assert.deepEqual([...k.ticks.subarray(0, 3)], [0, 1, 2]);
  assert.equal(k.lagged(pop, 0), 1000 + n - 1);
  assert.equal(k.lagged(pop, 1), 1000 + n - 2);
  assert.equal(k.lagged(pop, n - 1), 1000);
  assert.ok(Number.isNaN(k.lagged(pop, n)));
  assert.throws(() => k.series("nope"), /unknown KPI "nope"/);
});

Deno.test("KpiRegistry.lagged() is NaN before anything is committed", () => {
  const k = new KpiRegistry();
  const [a] = k.define([{ name: "a", unit: "x", doc: "A." }]);
  assert.ok(Number.isNaN(k.lagged(a, 0)));
  assert.equal(k.series("a").length, 0);
});

// --- invariants -------------------------------------------------------------------------

const owners = defineTable("owners", "Toy owners.", {
  wealth: { type: "f64", unit: "currency", doc: "Wealth." },
});
const stocks = defineTable("stocks", "Toy stocks.", {
  amount: { type: "f32", unit: "units", doc: "Stock.", min: 0, stock: true },
  share: { type: "f64", unit: "0..1", doc: "A share.", min: 0, max: 1 },
  owner: { type: "i32", ref: "owners", unit: "id", doc: "Owner." },
  level: { type: "f32", unit: "x", doc: "Unbounded float." },
});

function toyTables() {
  const o = new Table(owners, {});
  o.add(3);
  const s = new Table(stocks, {});
  s.add(4);
  s.col.amount.set([1, 2, 3, 4]);
  s.col.owner.set([0, 1, NULL_REF, 2]);
  return { owners: o, stocks: s } as Record<string, Table>;
}

Deno.test("checkColumns() passes tables that keep every bound and reference, and only those", () => {
  const t = toyTables();
  checkColumns(0, t, false);
  checkColumns(0, t, true);
  t.stocks.col.amount[3] = -0.01;
  assert.throws(() => checkColumns(0, t, false), InvariantError);
});

Deno.test("checkColumns() checks stocks every tick and other bounds in deep checks", () => {
  const t = toyTables();
  t.stocks.col.share[3] = -0.01;
  checkColumns(0, t, false);
  assert.throws(() => checkColumns(0, t, true), /stocks\.share row 3/);
});

Deno.test("checkColumns() names the tick, table, column, row and id of a negative stock", () => {
  const t = toyTables();
  t.stocks.remove(0); // row 0 now holds id 3
  t.stocks.col.amount[0] = -2;
  assert.throws(
    () => checkColumns(17, t, false),
    (e: unknown) => {
      assert.ok(e instanceof InvariantError);
      assert.equal(e.name, "InvariantError");
      assert.match(e.message, /tick 17/);
      assert.match(e.message, /stocks\.amount/);
      assert.match(e.message, /row 0 /);
      assert.match(e.message, /\(id 3\)/);
      assert.match(e.message, /= -2/);
      return true;
    },
  );
});

Deno.test("checkColumns() fails a value above a declared max", () => {
  const t = toyTables();
  t.stocks.col.share[2] = 1.5;
  assert.throws(
    () => checkColumns(1, t, true),
    /stocks\.share row 2 \(id 2\) = 1\.5, allowed 0\.\.1/,
  );
});

Deno.test("checkColumns() fails NaN in a stock even without deep checks", () => {
  const t = toyTables();
  t.stocks.col.amount[1] = NaN;
  assert.throws(() => checkColumns(2, t, false), InvariantError);
});

Deno.test("checkColumns() fails NaN in an unbounded float column only in deep mode", () => {
  const t = toyTables();
  t.owners.col.wealth[1] = NaN;
  checkColumns(3, t, false);
  assert.throws(() => checkColumns(3, t, true), /owners\.wealth row 1 \(id 1\) = NaN/);
});

Deno.test("checkColumns() fails a dangling reference only in deep mode", () => {
  const t = toyTables();
  t.owners.remove(t.owners.row(1)); // stocks row 1 still points at owner id 1
  checkColumns(5, t, false);
  assert.throws(
    () => checkColumns(5, t, true),
    (e: unknown) => {
      assert.ok(e instanceof InvariantError);
      assert.match(e.message, /tick 5: stocks\.owner row 1 \(id 1\) refers to owners id 1/);
      return true;
    },
  );
});

Deno.test("checkColumns() ignores values in rows past the table's length", () => {
  const t = toyTables();
  t.stocks.reserve(10);
  t.stocks.col.amount[8] = -5;
  t.stocks.col.owner[8] = 99;
  checkColumns(0, t, true);
  t.stocks.add(); // row 4 is fresh and zero: still fine
  checkColumns(0, t, true);
  t.stocks.col.owner[4] = 99;
  assert.throws(() => checkColumns(0, t, true), /stocks\.owner row 4/);
});

Deno.test("checkColumns() fails +-Infinity like NaN: in stocks every tick, in any float deeply", () => {
  for (const v of [Infinity, -Infinity]) {
    const t = toyTables();
    t.stocks.col.amount[1] = v;
    assert.throws(
      () => checkColumns(2, t, false),
      new RegExp(`stocks\\.amount row 1 \\(id 1\\) = ${v}, allowed a finite number >= 0`),
    );
    const u = toyTables();
    u.owners.col.wealth[2] = v;
    u.stocks.col.level[0] = v;
    checkColumns(3, u, false);
    assert.throws(
      () => checkColumns(3, u, true),
      new RegExp(`owners\\.wealth row 2 \\(id 2\\) = ${v}, allowed a finite number`),
    );
  }
  // The largest finite values pass.
  const t = toyTables();
  t.owners.col.wealth[0] = Number.MAX_VALUE;
  t.stocks.col.level[0] = -3.4e38;
  checkColumns(4, t, true);
});

Deno.test("checkKpis() fails an infinite KPI, naming it, and lets NaN (undefined today) pass", () => {
  const specs = [{ name: "gdp" }, { name: "cpi" }];
  checkKpis(1, specs, Float64Array.of(3, NaN));
  assert.throws(
    () => checkKpis(7, specs, Float64Array.of(3, Infinity)),
    (e: unknown) => e instanceof InvariantError && /tick 7: KPI cpi = Infinity/.test(e.message),
  );
  assert.throws(() => checkKpis(7, specs, Float64Array.of(-Infinity, 1)), /KPI gdp = -Infinity/);
});
