import assert from "node:assert/strict";
import fc from "fast-check";
import { defineTable, NULL_REF, Table } from "../../engine/core/table.ts";
import { firms } from "../../engine/tables/firms.ts";
import { persons, SKILLS } from "../../engine/tables/persons.ts";

const pets = defineTable("pets", "Pets of a toy island.", {
  owner: { type: "i32", ref: "persons", unit: "id", doc: "Owner." },
  age: { type: "u8", unit: "years", doc: "Age." },
  weight: { type: "f32", unit: "kg", doc: "Weight." },
  wealth: { type: "f64", unit: "currency", doc: "Savings.", money: true },
  legs: { type: "u16", unit: "count", doc: "Legs." },
  tag: { type: "u32", unit: "code", doc: "Tag." },
  food: { type: "f64", width: "goods", unit: "units", doc: "Food stock per good." },
  pos: { type: "i32", width: 2, unit: "tiles", doc: "Position (x, y)." },
});

function petTable(capacity = 4): Table<typeof pets.columns> {
  return new Table(pets, { goods: 3 }, capacity);
}

Deno.test("defineTable() refuses a declared id column, because id is implicit", () => {
  assert.throws(
    () => defineTable("bad", "Bad.", { id: { type: "u32", unit: "id", doc: "Id." } }),
    /"id" is implicit/,
  );
});

Deno.test("Table allocates each declared column as the typed array of its dtype", () => {
  const t = petTable();
  assert.ok(t.col.owner instanceof Int32Array);
  assert.ok(t.col.age instanceof Uint8Array);
  assert.ok(t.col.weight instanceof Float32Array);
  assert.ok(t.col.wealth instanceof Float64Array);
  assert.ok(t.col.legs instanceof Uint16Array);
  assert.ok(t.col.tag instanceof Uint32Array);
});

Deno.test("Table sizes vector columns by their width, resolving a named width from the widths argument", () => {
  const t = petTable(10);
  assert.equal(t.widths.age, 1);
  assert.equal(t.widths.pos, 2);
  assert.equal(t.widths.food, 3);
  assert.equal(t.col.age.length, 10);
  assert.equal(t.col.pos.length, 20);
  assert.equal(t.col.food.length, 30);
});

Deno.test("Table gives the persons' skills column a width of 8 and firms' inventory one per good", () => {
  const p = new Table(persons, { goods: 6 }, 5);
  assert.equal(SKILLS, 8);
  assert.equal(p.widths.skills, 8);
  assert.ok(p.col.skills instanceof Float32Array);
  assert.equal(p.col.skills.length, 5 * 8);
  const f = new Table(firms, { goods: 6, tech_words: 1 }, 5);
  assert.equal(f.widths.inventory, 6);
  assert.equal(f.col.inventory.length, 5 * 6);
  assert.equal(f.widths.supplier, 6);
});

Deno.test("Table throws on a named width that the widths argument does not resolve", () => {
  assert.throws(() => new Table(pets, {}), /pets\.food: unknown vector width "goods"/);
  assert.throws(() => new Table(pets, { goods: 0 }), /unknown vector width/);
});

Deno.test("Table starts reference columns as NULL_REF and other columns as zero", () => {
  const t = petTable();
  const r = t.add(3);
  for (let i = r; i < r + 3; i++) {
    assert.equal(t.col.owner[i], NULL_REF);
    assert.equal(t.col.age[i], 0);
    assert.equal(t.col.wealth[i], 0);
  }
  // Rows added past the initial capacity (after growth) are null too.
  const r2 = t.add(20);
  for (let i = r2; i < r2 + 20; i++) assert.equal(t.col.owner[i], NULL_REF);
  assert.equal(NULL_REF, -1);
});

Deno.test("Table.add() hands out fresh ids in order and returns the first new row", () => {
  const t = petTable();
  assert.equal(t.add(2), 0);
  assert.equal(t.add(3), 2);
  assert.deepEqual([...t.ids.subarray(0, t.length)], [0, 1, 2, 3, 4]);
  assert.equal(t.length, 5);
  assert.equal(t.nextId, 5);
});

Deno.test("Table.add() never reuses the id of a removed row", () => {
  const t = petTable();
  t.add(3);
  t.remove(2); // id 2, the last id handed out
  t.remove(0);
  const r = t.add(1);
  assert.equal(t.ids[r], 3);
  assert.equal(t.row(2), -1);
  assert.equal(t.row(0), -1);
});

Deno.test("Table.remove() moves the last row's values and id into the freed row", () => {
  const t = petTable();
  t.add(3);
  for (let r = 0; r < 3; r++) {
    t.col.age[r] = 10 + r;
    t.col.owner[r] = 100 + r;
    t.col.food.set([r, r + 0.5, r + 0.25], r * 3);
  }
  t.remove(0);
  assert.equal(t.length, 2);
  assert.equal(t.ids[0], 2);
  assert.equal(t.col.age[0], 12);
  assert.equal(t.col.owner[0], 102);
  assert.deepEqual([...t.col.food.subarray(0, 3)], [2, 2.5, 2.25]);
  assert.equal(t.row(2), 0);
  assert.equal(t.row(0), -1);
  // The vacated last row is reset (reference to null, values to zero).
  assert.equal(t.col.owner[2], NULL_REF);
  assert.equal(t.col.age[2], 0);
  assert.deepEqual([...t.col.food.subarray(6, 9)], [0, 0, 0]);
});

Deno.test("Table.remove() of a row outside the live rows throws a RangeError", () => {
  const t = petTable();
  t.add(2);
  assert.throws(() => t.remove(2), RangeError);
  assert.throws(() => t.remove(-1), RangeError);
});

Deno.test("Table.remove() keeps every other id pointing at its row", () => {
  // A command is either "add n rows" or "remove the row at (index mod length)".
  const command = fc.oneof(
    fc.record({ op: fc.constant("add" as const), n: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant("remove" as const), at: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.array(command, { maxLength: 120 }), (commands) => {
      const t = petTable(1);
      const live = new Map<number, number>(); // id -> tag value written at creation
      const removed = new Set<number>();
      const seen = new Set<number>();
      for (const c of commands) {
        if (c.op === "add") {
          const first = t.add(c.n);
          for (let r = first; r < first + c.n; r++) {
            const id = t.ids[r];
            assert.ok(!seen.has(id), `id ${id} handed out twice`);
            seen.add(id);
            t.col.tag[r] = id * 7 + 1;
            t.col.pos[r * 2 + 1] = id;
            live.set(id, id * 7 + 1);
          }
        } else if (t.length > 0) {
          const row = c.at % t.length;
          const id = t.ids[row];
          t.remove(row);
          live.delete(id);
          removed.add(id);
        }
      }
      assert.equal(t.length, live.size);
      for (let r = 0; r < t.length; r++) assert.equal(t.rowOf[t.ids[r]], r);
      for (const [id, tag] of live) {
        const r = t.row(id);
        assert.equal(t.ids[r], id);
        assert.equal(t.col.tag[r], tag);
        assert.equal(t.col.pos[r * 2 + 1], id);
      }
      for (const id of removed) assert.equal(t.row(id), -1);
    }),
    { numRuns: 200 },
  );
});

Deno.test("Table.reserve() grows the capacity and keeps the live rows' data", () => {
  const t = petTable(2);
  t.add(2);
  t.col.age.set([5, 6]);
  t.col.food.set([1, 2, 3, 4, 5, 6]);
  t.col.owner.set([7, NULL_REF]);
  const oldAge = t.col.age;
  t.reserve(100);
  assert.ok(t.capacity >= 100);
  assert.notEqual(t.col.age, oldAge); // arrays are replaced on growth
  assert.equal(t.col.age.length, t.capacity);
  assert.equal(t.col.food.length, t.capacity * 3);
  assert.deepEqual([...t.col.age.subarray(0, 2)], [5, 6]);
  assert.deepEqual([...t.col.food.subarray(0, 6)], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...t.col.owner.subarray(0, 3)], [7, NULL_REF, NULL_REF]);
  assert.deepEqual([...t.ids.subarray(0, 2)], [0, 1]);
  assert.equal(t.length, 2);
  const cap = t.capacity;
  t.reserve(3); // smaller than the capacity: nothing changes
  assert.equal(t.capacity, cap);
});

Deno.test("Table keeps data when add() grows it many times over", () => {
  const t = petTable(1);
  for (let i = 0; i < 500; i++) {
    const r = t.add();
    t.col.weight[r] = i / 2;
    t.col.food[r * 3 + 2] = i;
  }
  for (let r = 0; r < 500; r++) {
    assert.equal(t.col.weight[r], r / 2);
    assert.equal(t.col.food[r * 3 + 2], r);
    assert.equal(t.row(r), r);
  }
});

Deno.test("Table.addWithId() keeps the given id, moves nextId past it and refuses a duplicate", () => {
  const t = petTable();
  const r = t.addWithId(41);
  assert.equal(r, 0);
  assert.equal(t.row(41), 0);
  assert.equal(t.nextId, 42);
  assert.throws(() => t.addWithId(41), /duplicate id 41/);
  assert.equal(t.ids[t.add()], 42);
});

Deno.test("Table.bytesPerRow() counts the id plus every column times its width", () => {
  const t = petTable();
  // id 4 + owner 4 + age 1 + weight 4 + wealth 8 + legs 2 + tag 4 + food 3*8 + pos 2*4
  assert.equal(t.bytesPerRow(), 4 + 4 + 1 + 4 + 8 + 2 + 4 + 24 + 8);
  const wider = new Table(pets, { goods: 5 });
  assert.equal(wider.bytesPerRow(), t.bytesPerRow() + 2 * 8);
});

Deno.test("Table.clear() empties the table and restarts ids", () => {
  const t = petTable();
  t.add(5);
  t.clear();
  assert.equal(t.length, 0);
  assert.equal(t.row(3), -1);
  assert.equal(t.ids[t.add()], 0);
});

Deno.test("nullable id columns start null in new rows, as references do", () => {
  const t = new Table(persons, {}, 2);
  const r = t.add(5); // grows past the initial capacity
  for (let i = r; i < r + 5; i++) {
    assert.equal(t.col.mother[i], NULL_REF);
    assert.equal(t.col.partner[i], NULL_REF);
    assert.equal(t.col.employer[i], NULL_REF);
    assert.equal(t.col.age[i], 0);
  }
  t.col.partner[4] = 7;
  t.remove(0); // the last row moves into row 0; its old place is cleared
  t.add(1);
  assert.equal(t.col.partner[0], 7);
  assert.equal(t.col.partner[4], NULL_REF);
});
