/**
 * Bookkeeping, the last phase of every tick: the invariants (column bounds, money conserved,
 * goods balanced, employee counts and household sizes agree with persons, and with banks the
 * stock-flow identities of `finance/checks.ts`), the ledger KPIs,
 * the check that no KPI is infinite, and the commit of this tick's KPI row. A violation stops
 * the run with the tick, table or good and amounts.
 *
 * @module
 */
import { checkColumns, checkKpis, InvariantError } from "../core/invariants.ts";
import { moneyTotal } from "../core/ledger.ts";
import type { System } from "../core/scheduler.ts";
import { NULL_REF, rowOrNull } from "../core/table.ts";
import { scratch } from "../core/world.ts";
import { FLOWS } from "../events.ts";
import { banksOn } from "../scenario/finance_schema.ts";
import { Status } from "../tables/persons.ts";
import { checkFinance } from "./finance/checks.ts";
import { checkBudgets } from "./government/checks.ts";
import type { SimWorld } from "../world.ts";

/** Relative tolerance of the money and goods balances. */
export const BALANCE_TOLERANCE = 1e-9;
/**
 * Rounding allowed for the ledger's own running sums, relative to what they have summed: base,
 * created and destroyed are sums of every flow since the start, each rounded, so the expected
 * total carries an error that grows with them, not with the money left. (A run whose money
 * shrank to 3.5e4 after flows of 9.7e8 was stopped by a difference of 3.5e-5, 3.6e-14 of the
 * flows: rounding, not a leak.)
 */
export const LEDGER_ROUNDING = 1e-12;

/** Money check: total of all money columns = base + created - destroyed. */
export function checkMoney(world: SimWorld): number {
  const { total, scale } = moneyTotal(Object.values(world.tables));
  const L = world.ledger;
  const expected = L.expected();
  const tolerance = BALANCE_TOLERANCE * Math.max(1, scale) +
    LEDGER_ROUNDING * (Math.abs(L.base) + L.created + L.destroyed);
  if (Math.abs(total - expected) > tolerance) {
    throw new InvariantError(
      `tick ${world.tick}: money is not conserved: accounts hold ${total}, the ledger expects ` +
        `${expected} (base ${L.base}, created ${L.created}, destroyed ${L.destroyed}); ` +
        `difference ${total - expected}`,
    );
  }
  return total;
}

/**
 * Goods check, per good: stock today = stock yesterday + produced - consumed - intermediate -
 * invested - wasted. Sets goods.stock to today's stock.
 */
export function checkGoods(world: SimWorld): void {
  const G = world.tables.goods;
  const F = world.tables.firms;
  const ng = G.length;
  if (ng === 0) return;
  const stock = scratch(world, "bookkeeping.stock", Float64Array, ng);
  stock.fill(0, 0, ng);
  const inv = F.col.inventory;
  const transit = F.col.in_transit;
  const w = F.widths.inventory;
  for (let f = 0; f < F.length; f++) {
    for (let g = 0; g < ng; g++) stock[g] += inv[f * w + g] + transit[f * w + g];
  }
  const c = G.col;
  for (let g = 0; g < ng; g++) {
    const expected = c.stock[g] + c.produced[g] - c.consumed[g] - c.intermediate[g] -
      c.invested[g] - c.wasted[g];
    const scale = Math.max(1, c.stock[g], stock[g], c.produced[g]);
    if (Math.abs(stock[g] - expected) > BALANCE_TOLERANCE * scale) {
      throw new InvariantError(
        `tick ${world.tick}: good ${world.config.economy.goods[g]} does not balance: stock ` +
          `${stock[g]}, expected ${expected} (previous ${c.stock[g]} + produced ` +
          `${c.produced[g]} - consumed ${c.consumed[g]} - intermediate ${c.intermediate[g]} - ` +
          `invested ${c.invested[g]} - wasted ${c.wasted[g]})`,
      );
    }
    c.stock[g] = stock[g];
  }
}

/**
 * Memberships: every firm's and public agency's `employees` equals the persons it employs,
 * every household's `size` equals its members, and employed persons (only) have exactly one
 * live employer, a firm or an agency. One pass that counts by id (a slot per id, slot 0 for
 * none): looking every reference up in its table's row index costs 60% more at 500,000
 * persons. A reference to a firm, agency or household that no longer exists is counted in a
 * slot no live row reads, so the counts of the live ones then fall short of the persons; on
 * any mismatch {@link explainMembership} finds the person or row and throws.
 */
export function checkMembership(world: SimWorld): void {
  const F = world.tables.firms;
  const A = world.tables.agencies;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const staff = scratch(world, "bookkeeping.employeesById", Int32Array, F.nextId + 1);
  const publicStaff = scratch(world, "bookkeeping.publicById", Int32Array, A.nextId + 1);
  const members = scratch(world, "bookkeeping.membersById", Int32Array, Hh.nextId + 1);
  staff.fill(0, 0, F.nextId + 1);
  publicStaff.fill(0, 0, A.nextId + 1);
  members.fill(0, 0, Hh.nextId + 1);
  const emp = P.col.employment;
  const employer = P.col.employer;
  const agency = P.col.agency;
  const household = P.col.household;
  let bad = 0;
  for (let r = 0; r < P.length; r++) {
    const e = employer[r];
    const a = agency[r];
    const hasF = +(e >= 0);
    const hasA = +(a >= 0);
    bad |= (+(emp[r] === Status.employed) ^ (hasF | hasA)) | (hasF & hasA);
    // An id out of range (a corrupt reference) writes nothing, and so falls short below.
    staff[e + 1]++;
    publicStaff[a + 1]++;
    members[household[r] + 1]++;
  }
  let employed = 0;
  for (let f = 0; f < F.length; f++) {
    const n = staff[F.ids[f] + 1];
    employed += n;
    bad |= +(n !== F.col.employees[f]);
  }
  let servants = 0;
  for (let a = 0; a < A.length; a++) {
    const n = publicStaff[A.ids[a] + 1];
    servants += n;
    bad |= +(n !== A.col.employees[a]);
  }
  let housed = 0;
  for (let h = 0; h < Hh.length; h++) {
    const n = members[Hh.ids[h] + 1];
    housed += n;
    bad |= +(n !== Hh.col.size[h] || n === 0);
  }
  const n = P.length;
  if (bad !== 0 || employed + staff[0] !== n || servants + publicStaff[0] !== n || housed !== n) {
    explainMembership(world);
  }
}

/**
 * The membership check of {@link checkMembership} by rows, which names the first person, firm,
 * agency or household that breaks it, and throws.
 */
function explainMembership(world: SimWorld): void {
  const F = world.tables.firms;
  const A = world.tables.agencies;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  // Counts by row + 1: slot 0 takes the persons without a firm (or agency), so the pass counts
  // without a branch on who is employed (unpredictable row to row).
  const staff = scratch(world, "bookkeeping.employees", Int32Array, F.length + 1);
  const publicStaff = scratch(world, "bookkeeping.publicEmployees", Int32Array, A.length + 1);
  const members = scratch(world, "bookkeeping.members", Int32Array, Hh.length);
  staff.fill(0, 0, F.length + 1);
  publicStaff.fill(0, 0, A.length + 1);
  members.fill(0, 0, Hh.length);
  const emp = P.col.employment;
  const employer = P.col.employer;
  const agency = P.col.agency;
  const household = P.col.household;
  const firmRow = F.rowOf;
  const agencyRow = A.rowOf;
  const householdRow = Hh.rowOf;
  for (let r = 0; r < P.length; r++) {
    const f = rowOrNull(firmRow, employer[r]);
    const a = rowOrNull(agencyRow, agency[r]);
    const hasF = +(employer[r] !== NULL_REF);
    const hasA = +(agency[r] !== NULL_REF);
    const gone = (hasF & +(f < 0)) | (hasA & +(a < 0));
    if (((+(emp[r] === Status.employed) ^ (hasF | hasA)) | (hasF & hasA) | gone) !== 0) {
      throw new InvariantError(
        `tick ${world.tick}: person ${P.ids[r]} has status ${emp[r]}, employer ` +
          `${employer[r]} and agency ${agency[r]}: employed persons (only) must have one live ` +
          `employer, a firm or a public agency`,
      );
    }
    staff[f + 1]++;
    publicStaff[a + 1]++;
    const h = rowOrNull(householdRow, household[r]);
    if (h < 0) {
      throw new InvariantError(
        `tick ${world.tick}: person ${P.ids[r]} lives in household ${household[r]}, ` +
          `which does not exist`,
      );
    }
    members[h]++;
  }
  for (let f = 0; f < F.length; f++) {
    if (staff[f + 1] !== F.col.employees[f]) {
      throw new InvariantError(
        `tick ${world.tick}: firm ${F.ids[f]} counts ${F.col.employees[f]} employees but ` +
          `${staff[f + 1]} persons work there`,
      );
    }
  }
  for (let a = 0; a < A.length; a++) {
    if (publicStaff[a + 1] !== A.col.employees[a]) {
      throw new InvariantError(
        `tick ${world.tick}: agency ${A.ids[a]} counts ${A.col.employees[a]} employees but ` +
          `${publicStaff[a + 1]} persons work there`,
      );
    }
  }
  for (let h = 0; h < Hh.length; h++) {
    if (members[h] !== Hh.col.size[h] || members[h] === 0) {
      throw new InvariantError(
        `tick ${world.tick}: household ${Hh.ids[h]} has size ${Hh.col.size[h]} but ` +
          `${members[h]} members (an empty household must dissolve)`,
      );
    }
  }
  throw new InvariantError(
    `tick ${world.tick}: the persons' memberships do not add up by id, yet every row agrees ` +
      `(an id index out of step with its table)`,
  );
}

/** The bookkeeping system. */
export const bookkeeping: System<SimWorld> = {
  name: "bookkeeping",
  phase: "bookkeeping",
  doc: "Invariants (bounds, money, goods, employment) and the KPI row of the tick.",
  enabled: () => true,
  kpis: () => [
    { name: "money_total", unit: "currency", doc: "Money held by all accounts." },
    { name: "money_created", unit: "currency", doc: "Money created since the start." },
    { name: "money_destroyed", unit: "currency", doc: "Money destroyed since the start." },
    { name: "credit_outstanding", unit: "currency", doc: "Credit owed by firms." },
    { name: "credit_defaulted", unit: "currency", doc: "Credit defaulted on since the start." },
    ...FLOWS.map((f) => ({
      name: `flow_${f}`,
      unit: "currency/day",
      doc: `Money moved today as ${f.replace("_", " ")}.`,
    })),
  ],
  update(world, ctx) {
    const deep = world.tick % world.config.logging.deep_checks_days === 0;
    checkColumns(world.tick, world.tables, deep);
    const total = checkMoney(world);
    checkGoods(world);
    checkMembership(world);
    if (banksOn(world.config) && world.tables.banks.length > 0) checkFinance(world);
    if (world.tables.polities.length > 0) checkBudgets(world);
    const v = world.kpis.values;
    v[ctx.kpi[0]] = total;
    v[ctx.kpi[1]] = world.ledger.created;
    v[ctx.kpi[2]] = world.ledger.destroyed;
    let debt = 0;
    const F = world.tables.firms;
    for (let f = 0; f < F.length; f++) debt += F.col.debt[f];
    v[ctx.kpi[3]] = debt;
    v[ctx.kpi[4]] = world.ledger.defaulted;
    for (let k = 0; k < FLOWS.length; k++) v[ctx.kpi[5 + k]] = world.ledger.flows[k];
    checkKpis(world.tick, world.kpis.specs, v);
    world.kpis.commit(world.tick);
  },
};
