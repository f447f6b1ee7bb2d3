/**
 * Taxes on wages and the transfers to persons, once a day right after wages are paid (phase
 * production, before the goods market), so that households budget from disposable income.
 *
 * - **Income tax** withheld at source (pay-as-you-earn) by the polity's progressive schedule:
 *   each bracket's threshold is a multiple of the polity's average wage and its rate is scaled
 *   by the polity's `income_tax_scale` (OECD, Taxing Wages, states schedules the same way).
 *   A daily wage is taxed as the same wage earned all year would be.
 * - **Social contributions**: employees' a flat share of gross wages, withheld; employers' a flat
 *   share on top of the wages they pay ({@link chargeEmployerContributions}), a labour cost
 *   (wage plus employer contributions is the compensation of employees of the national
 *   accounts, SNA 2008), so it enters firms' wage bills and unit costs. Who bears a payroll
 *   tax does not depend on which side pays it in the long run (Gruber 1997, J. Labor Econ.
 *   15:S72, finds it shifted fully to wages in Chile): here prices carry it at first, and wages
 *   adjust through the labor market. The default rate closes the tax wedge on the average wage
 *   to the OECD's mean (docs/government.md, "Employers' contributions").
 * - **Unemployment benefits**: a replacement rate of the last wage for the first
 *   `unemployment_days` of a spell that began with a layoff or a closure (the insurance design
 *   of the OECD's Benefits and Wages; quits and moves away are not covered).
 * - **Pensions**, pay-as-you-go from current revenue: a replacement rate of the career-average
 *   wage (or of the average wage with `flat_pensions`), never below the floor. Past wages are
 *   valorised by the growth of the average wage, as most OECD earnings-related schemes do
 *   (OECD, Pensions at a Glance 2023, "valorisation"): each day's wage enters the career mean
 *   relative to that day's average wage, and the pension is paid on today's.
 * - **Child benefits** for every person under 18, paid to the child's household.
 * - **Public pay**: the wages of public employees (`agencies.ts`), paid from the account of
 *   their agency's polity, before their taxes are withheld like anyone's.
 *
 * Each transfer and tax moves money between a person's `wealth` and the government's account,
 * is tallied in the polity's budget items and the ledger, and changes today's pay of the
 * person (`economy.paid`), which the goods market counts as the household's income. The
 * pre-tax, pre-transfer income of each household goes into `market_income`.
 *
 * @module
 */
import { NULL_REF } from "../../core/table.ts";
import { scratch } from "../../core/world.ts";
import { FLOW } from "../../events.ts";
import { BUDGET_ITEMS, ITEM } from "../../tables/polities.ts";
import { SERVICE } from "../../tables/agencies.ts";
import { Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { PAID } from "../economy/production.ts";
import { tilePolities } from "./polities.ts";

/**
 * The tax due on a wage at each bracket's threshold, for the `n` brackets at
 * `thresholds[o..o+n)` (daily, rising) with marginal `rates[o..o+n)`: `bases[o + k]` is what the
 * brackets below k take from a wage at threshold k.
 */
export function bracketBases(
  thresholds: ArrayLike<number>,
  rates: ArrayLike<number>,
  o: number,
  n: number,
  bases: Float64Array,
): void {
  bases[o] = 0;
  for (let k = o; k + 1 < o + n; k++) {
    bases[k + 1] = bases[k] + rates[k] * (thresholds[k + 1] - thresholds[k]);
  }
}

/**
 * Income tax on a daily wage `w` under the brackets of {@link bracketBases}: the base of the
 * highest bracket the wage reaches plus that bracket's rate on the rest. The bracket is found by
 * counting the thresholds below the wage, with no loop that stops where the wage lies (a coin
 * flip from one worker to the next that the processor mispredicts).
 */
export function incomeTax(
  w: number,
  thresholds: ArrayLike<number>,
  rates: ArrayLike<number>,
  bases: Float64Array,
  o: number,
  n: number,
): number {
  if (!(w > thresholds[o])) return 0;
  let k = o;
  for (let t = o + 1; t < o + n; t++) k += +(w > thresholds[t]);
  return bases[k] + rates[k] * (w - thresholds[k]);
}

/** Opens the government's books for the day: no item yet, the account as it stands. */
export function openBudgetDay(world: SimWorld): void {
  const Pol = world.tables.polities;
  const pol = Pol.col;
  pol.flows.fill(0, 0, Pol.length * Pol.widths.flows);
  for (let q = 0; q < Pol.length; q++) {
    pol.money_open[q] = pol.money[q];
    pol.borrowed[q] = 0;
    pol.repaid[q] = 0;
  }
}

/**
 * Employers' social contributions on today's wages, right after production pays them: each firm
 * pays its polity's `employer_contribution_rate` times its wage bill from its cash, and its wage
 * bill becomes the labour cost (wages plus contributions), which its unit cost and credit limit
 * read. The money waits in scratch {@link EMPLOYER_DUE} by polity until {@link taxAndTransfer}
 * books it, the same day, on the day's opened budget.
 */
export function chargeEmployerContributions(world: SimWorld): void {
  const F = world.tables.firms;
  const c = F.col;
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const rate = Pol.col.employer_contribution_rate;
  const due = scratch(world, EMPLOYER_DUE, Float64Array, nq);
  const tq = tilePolities(world);
  const tileRow = world.tables.tiles.rowOf;
  for (let f = 0; f < F.length; f++) {
    const q = nq === 1 ? 0 : tq[tileRow[c.tile[f]]];
    const bill = c.wage_bill[f];
    const owed = rate[q] * bill;
    if (!(owed > 0)) continue;
    c.cash[f] -= owed;
    c.wage_bill[f] = bill + owed;
    due[q] += owed;
  }
}

/** Withholds taxes on today's wages and pays today's transfers (see the module doc). */
export function taxAndTransfer(world: SimWorld): void {
  const gov = world.config.government;
  const brackets = gov.income_tax;
  const nb = brackets.length;
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const pol = Pol.col;
  const Hh = world.tables.households;
  const A = world.tables.agencies;
  // Daily thresholds and scaled rates of every polity's schedule, row-major by polity.
  const thr = scratch(world, THRESHOLDS, Float64Array, nq * nb);
  const rate = scratch(world, RATES, Float64Array, nq * nb);
  const bases = scratch(world, BASES, Float64Array, nq * nb);
  for (let q = 0; q < nq; q++) {
    for (let k = 0; k < nb; k++) {
      thr[q * nb + k] = brackets[k].above * pol.average_wage[q];
      rate[q * nb + k] = Math.min(1, brackets[k].rate * pol.income_tax_scale[q]);
    }
    bracketBases(thr, rate, q * nb, nb, bases);
  }
  // Today's tallies by polity: wages and employed (for the average wage), residents, unemployed,
  // students.
  scratch(world, WAGES, Float64Array, nq).fill(0, 0, nq);
  scratch(world, COUNTS, Float64Array, 4 * nq).fill(0, 0, 4 * nq);
  scratch(world, MARKET, Float64Array, Hh.length).fill(0, 0, Hh.length);
  A.col.wage_bill.fill(0, 0, A.length);
  scratch(world, STAFF_PAID, Int32Array, A.length).fill(0, 0, A.length);
  // Employers' contributions charged with today's wages (production), on the opened books.
  const due = scratch(world, EMPLOYER_DUE, Float64Array, nq);
  for (let q = 0; q < nq; q++) {
    pol.money[q] += due[q];
    pol.flows[q * Pol.widths.flows + ITEM.employer_contributions] += due[q];
    due[q] = 0;
  }
  payPersons(world);
  settleTransfers(world);
}

/**
 * The passes over persons of {@link taxAndTransfer}. Whether a row is employed, unemployed,
 * retired or neither is a coin flip from row to row (persons sit by household: adults, then
 * children), and one pass that branched on it was mispredicted at about every other row, each
 * time losing the work the processor had run ahead on (10.7 ms a day at the large preset's
 * 500,000 persons). So the rows of each status that is paid or taxed are listed without a branch,
 * a pass over each list does that status's work and leaves each person's transfer (net of the
 * taxes withheld) in scratch {@link NET}, and a last pass in row order adds the child benefit and
 * pays. Every sum sees the same additions in the same order as in one pass: the results are the
 * same to the bit.
 *
 * Each pass is a function of its own that ends with its loop: V8 compiles a loop run once a day
 * on stack replacement on its first day, before any code after it has run, and such code,
 * lacking type feedback, sent every later day back to the interpreter when the loop ended.
 */
function payPersons(world: SimWorld): void {
  const n = world.tables.persons.length;
  scratch(world, NET, Float64Array, n).fill(0, 0, n);
  taxWages(world, listRows(world, Status.employed, 0));
  payBenefits(world, listRows(world, Status.unemployed, n));
  payPensions(world, listRows(world, Status.retired, 2 * n));
  payNet(world);
}

/**
 * Lists the rows of persons of `status` in scratch {@link BY_STATUS} from `at` on, without a
 * branch, and returns how many. (It returns from right after its loop: code after a loop run
 * once a day must need no type feedback; see payPersons.)
 */
function listRows(world: SimWorld, status: number, at: number): number {
  const P = world.tables.persons;
  const n = P.length;
  const list = scratch(world, BY_STATUS, Int32Array, 3 * n);
  const employment = P.col.employment;
  let k = 0;
  for (let p = 0; p < n; p++) {
    list[at + k] = p;
    k += +(employment[p] === status);
  }
  return k;
}

/**
 * The employed (the first `count` rows of {@link BY_STATUS}): public employees' pay, the career
 * record, income tax and contributions withheld, market income.
 */
function taxWages(world: SimWorld, count: number): void {
  const gov = world.config.government;
  const nb = gov.income_tax.length;
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const pol = Pol.col;
  const P = world.tables.persons;
  const Hh = world.tables.households;
  const A = world.tables.agencies;
  const pc = P.col;
  const tq = tilePolities(world);
  const tileRow = world.tables.tiles.rowOf;
  const list = scratch(world, BY_STATUS, Int32Array, 3 * P.length);
  const net = scratch(world, NET, Float64Array, P.length);
  const thr = scratch(world, THRESHOLDS, Float64Array, nq * nb);
  const rate = scratch(world, RATES, Float64Array, nq * nb);
  const bases = scratch(world, BASES, Float64Array, nq * nb);
  const wages = scratch(world, WAGES, Float64Array, nq);
  const counts = scratch(world, COUNTS, Float64Array, 4 * nq);
  const market = scratch(world, MARKET, Float64Array, Hh.length);
  const paid = scratch(world, PAID, Float64Array, P.length);
  const staffPaid = scratch(world, STAFF_PAID, Int32Array, A.length);
  const staffBill = A.col.wage_bill;
  const flows = pol.flows;
  const W = Pol.widths.flows;
  const memory = 1 / (gov.career_memory_years * 365);
  // Columns as locals: the loop below touches every employee once a day.
  const wealth = pc.wealth;
  const tile = pc.tile;
  const wage = pc.wage;
  const lastWage = pc.last_wage;
  const career = pc.career_earnings;
  const household = pc.household;
  const hhRow = Hh.rowOf;
  const agency = pc.agency;
  const agencyRow = A.rowOf;
  const averageWage = pol.average_wage;
  const contributionRate = pol.contribution_rate;
  const INCOME = ITEM.income_tax;
  const CONTRIBUTIONS = ITEM.social_contributions;
  // One polity (the default) needs no lookup of the tile's polity.
  const single = nq === 1;
  // Rows run in stretches of one polity (one stretch with one polity), and a stretch keeps its
  // polity's tallies in locals: a sum kept in an array is stored and loaded again at every row
  // that adds to it, a chain of memory round trips (the same additions, in the same order).
  let i = 0;
  while (i < count) {
    const q = single ? 0 : tq[tileRow[tile[list[i]]]];
    const aw = averageWage[q];
    const o = q * W;
    let employed = counts[4 * q + 1];
    let wageSum = wages[q];
    let incomeTaxes = flows[o + INCOME];
    let contributions = flows[o + CONTRIBUTIONS];
    for (; i < count; i++) {
      const p = list[i];
      if (!single && tq[tileRow[tile[p]]] !== q) break;
      const w = wage[p];
      const ag = agency[p];
      if (ag !== NULL_REF) {
        // A public employee: the agency's polity pays the wage (booked later, by agency).
        const a = agencyRow[ag];
        wealth[p] += w;
        paid[p] += w;
        staffBill[a] += w;
        staffPaid[a]++;
      }
      const gross = paid[p];
      lastWage[p] = w;
      if (aw > 0) career[p] += memory * (w / aw - career[p]);
      wageSum += w;
      employed++;
      market[hhRow[household[p]]] += gross;
      const contribution = contributionRate[q] * gross;
      let tax = aw > 0 ? incomeTax(gross, thr, rate, bases, q * nb, nb) : 0;
      let withheld = tax + contribution;
      if (withheld > gross) {
        // Rates that sum above 1 cannot take more than the wage.
        tax *= gross / withheld;
        withheld = gross;
      }
      incomeTaxes += tax;
      contributions += withheld - tax;
      net[p] = -withheld;
    }
    counts[4 * q + 1] = employed;
    wages[q] = wageSum;
    flows[o + INCOME] = incomeTaxes;
    flows[o + CONTRIBUTIONS] = contributions;
  }
}

/**
 * The unemployed (`count` rows of {@link BY_STATUS} from the row count on): benefits for those
 * who claim them, within their polity's days.
 */
function payBenefits(world: SimWorld, count: number): void {
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const pol = Pol.col;
  const P = world.tables.persons;
  const pc = P.col;
  const n = P.length;
  const tq = tilePolities(world);
  const tileRow = world.tables.tiles.rowOf;
  const list = scratch(world, BY_STATUS, Int32Array, 3 * n);
  const net = scratch(world, NET, Float64Array, n);
  const counts = scratch(world, COUNTS, Float64Array, 4 * nq);
  const flows = pol.flows;
  const W = Pol.widths.flows;
  const tick = world.tick;
  const tile = pc.tile;
  const claim = pc.benefit_claim;
  const since = pc.status_since;
  const lastWage = pc.last_wage;
  const benefitDays = pol.unemployment_days;
  const replacement = pol.unemployment_replacement;
  const BENEFITS = ITEM.unemployment_benefits;
  const single = nq === 1;
  const end = n + count;
  let i = n;
  while (i < end) {
    const q = single ? 0 : tq[tileRow[tile[list[i]]]];
    const o = q * W;
    let unemployed = counts[4 * q + 2];
    let benefits = flows[o + BENEFITS];
    for (; i < end; i++) {
      const p = list[i];
      if (!single && tq[tileRow[tile[p]]] !== q) break;
      unemployed++;
      if (claim[p] === 1 && tick - since[p] < benefitDays[q]) {
        const benefit = replacement[q] * lastWage[p];
        benefits += benefit;
        net[p] = benefit;
      }
    }
    counts[4 * q + 2] = unemployed;
    flows[o + BENEFITS] = benefits;
  }
}

/** The retired (`count` rows of {@link BY_STATUS} from twice the row count on): pensions. */
function payPensions(world: SimWorld, count: number): void {
  const gov = world.config.government;
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const pol = Pol.col;
  const P = world.tables.persons;
  const pc = P.col;
  const n = P.length;
  const tq = tilePolities(world);
  const tileRow = world.tables.tiles.rowOf;
  const list = scratch(world, BY_STATUS, Int32Array, 3 * n);
  const net = scratch(world, NET, Float64Array, n);
  const flows = pol.flows;
  const W = Pol.widths.flows;
  const flat = gov.flat_pensions;
  const tile = pc.tile;
  const career = pc.career_earnings;
  const averageWage = pol.average_wage;
  const pensionRate = pol.pension_replacement;
  const pensionFloor = pol.pension_floor;
  const PENSIONS = ITEM.pensions;
  const single = nq === 1;
  const end = 2 * n + count;
  let i = 2 * n;
  while (i < end) {
    const q = single ? 0 : tq[tileRow[tile[list[i]]]];
    const aw = averageWage[q];
    const o = q * W;
    let pensions = flows[o + PENSIONS];
    for (; i < end; i++) {
      const p = list[i];
      if (!single && tq[tileRow[tile[p]]] !== q) break;
      const pension = pensionRate[q] * (flat ? 1 : career[p]) * aw;
      const floor = pensionFloor[q] * aw;
      const paid = pension > floor ? pension : floor;
      pensions += paid;
      net[p] = paid;
    }
    flows[o + PENSIONS] = pensions;
  }
}

/**
 * Every row in order: the child benefit added to the row's transfer, which is paid from its
 * polity's account into the person's money and today's pay; residents and students counted.
 */
function payNet(world: SimWorld): void {
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const pol = Pol.col;
  const P = world.tables.persons;
  const pc = P.col;
  const n = P.length;
  const tq = tilePolities(world);
  const tileRow = world.tables.tiles.rowOf;
  const net = scratch(world, NET, Float64Array, n);
  const counts = scratch(world, COUNTS, Float64Array, 4 * nq);
  const paid = scratch(world, PAID, Float64Array, n);
  const flows = pol.flows;
  const W = Pol.widths.flows;
  const money = pol.money;
  const wealth = pc.wealth;
  const employment = pc.employment;
  const tile = pc.tile;
  const age = pc.age;
  const averageWage = pol.average_wage;
  const childBenefit = pol.child_benefit;
  const CHILDREN = ITEM.child_benefits;
  const STUDENT = Status.student;
  const single = nq === 1;
  let p = 0;
  while (p < n) {
    const q = single ? 0 : tq[tileRow[tile[p]]];
    const o = q * W;
    const benefit = childBenefit[q] * averageWage[q];
    let residents = counts[4 * q];
    let students = counts[4 * q + 3];
    let childBenefits = flows[o + CHILDREN];
    let account = money[q];
    for (; p < n; p++) {
      if (!single && tq[tileRow[tile[p]]] !== q) break;
      residents++;
      students += +(employment[p] === STUDENT);
      // Children's benefit without a branch (whether a row is a child's is a coin flip from row
      // to row): adding 0 changes nothing.
      const b = +(age[p] < 18) * benefit;
      childBenefits += b;
      const x = net[p] + b;
      wealth[p] += x;
      paid[p] += x;
      account -= x;
    }
    counts[4 * q] = residents;
    counts[4 * q + 3] = students;
    flows[o + CHILDREN] = childBenefits;
    money[q] = account;
  }
}

/** After the pass: public pay by agency, the ledger, the average wage and market income. */
function settleTransfers(world: SimWorld): void {
  const Pol = world.tables.polities;
  const nq = Pol.length;
  const pol = Pol.col;
  const flows = pol.flows;
  const W = Pol.widths.flows;
  const money = pol.money;
  const Hh = world.tables.households;
  const A = world.tables.agencies;
  const staffBill = A.col.wage_bill;
  const wages = scratch(world, WAGES, Float64Array, nq);
  const counts = scratch(world, COUNTS, Float64Array, 4 * nq);
  const market = scratch(world, MARKET, Float64Array, Hh.length);
  // Public pay, from the account of each agency's polity to its service's item.
  const ac = A.col;
  for (let a = 0; a < A.length; a++) {
    const q = Pol.rowOf[ac.polity[a]];
    const item = ac.service[a] === SERVICE.education
      ? ITEM.education_staff
      : ITEM.public_employment;
    money[q] -= staffBill[a];
    flows[q * W + item] += staffBill[a];
  }
  // The ledger's tallies are the polities' summed items.
  for (let i = 0; i < TRANSFER_ITEMS.length; i++) {
    const item = TRANSFER_ITEMS[i];
    let sum = 0;
    for (let q = 0; q < nq; q++) sum += flows[q * W + item];
    world.ledger.record(FLOW[BUDGET_ITEMS[item]], sum);
  }
  // The average wage: a 90-day mean of the employed's mean wage.
  for (let q = 0; q < nq; q++) {
    pol.persons[q] = counts[4 * q];
    pol.students[q] = counts[4 * q + 3];
    const active = counts[4 * q + 1] + counts[4 * q + 2];
    pol.unemployment[q] = active > 0 ? counts[4 * q + 2] / active : 0;
    if (counts[4 * q + 1] > 0) {
      pol.average_wage[q] += (wages[q] / counts[4 * q + 1] - pol.average_wage[q]) / 90;
    }
  }
  // Market income: dividends paid so far today plus gross wages.
  const m = world.config.economy.households.income_memory;
  const hc = Hh.col;
  for (let h = 0; h < Hh.length; h++) {
    hc.market_income[h] = (1 - m) * hc.market_income[h] + m * (hc.income_today[h] + market[h]);
  }
}

/** Budget items settled here (each is tallied as the ledger flow of its name). */
const TRANSFER_ITEMS = [
  ITEM.income_tax,
  ITEM.social_contributions,
  ITEM.employer_contributions,
  ITEM.unemployment_benefits,
  ITEM.pensions,
  ITEM.child_benefits,
  ITEM.public_employment,
  ITEM.education_staff,
];

/** Scratch key of the employers' contributions charged today and not yet booked, by polity row. */
export const EMPLOYER_DUE = "government.employerDue";

/** Scratch key of each agency's staff paid today (rows of `agencies`). */
export const STAFF_PAID = "government.staffPaid";

// Scratch keys of the day's schedules and tallies, shared by the passes of taxAndTransfer.
const THRESHOLDS = "government.thresholds";
const RATES = "government.rates";
const BASES = "government.bases";
const WAGES = "government.wages";
const COUNTS = "government.counts";
const MARKET = "government.market";
/**
 * The rows of the employed, the unemployed and the retired, in lists that start at 0, at the row
 * count and at twice it.
 */
const BY_STATUS = "government.byStatus";
/** Each row's transfer today, net of the taxes withheld, before the child benefit. */
const NET = "government.net";
