/**
 * Persons: one row per person. Hot state is about 90 bytes per person.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** Labor-market and life status of a person. */
export const EMPLOYMENT = ["child", "student", "employed", "unemployed", "retired"] as const;
/** Index of each {@link EMPLOYMENT} status. */
export const Status = { child: 0, student: 1, employed: 2, unemployed: 3, retired: 4 } as const;
/** Education levels. */
export const EDUCATION = ["none", "primary", "secondary", "tertiary"] as const;
/** Number of skills per person. */
export const SKILLS = 8;

/** The persons table. */
export const persons = defineTable("persons", "Every person of the synthetic society.", {
  household: { type: "i32", ref: "households", unit: "id", doc: "Household the person lives in." },
  tile: { type: "i32", ref: "tiles", unit: "id", doc: "Tile of residence (the household's)." },
  mother: {
    type: "i32",
    unit: "person id",
    nullable: true,
    doc:
      "Id of the person's mother, null if unknown; she may have died since, so it is no reference.",
  },
  partner: {
    type: "i32",
    unit: "person id",
    nullable: true,
    doc: "Id of the person's partner (they share a household), null if none; not a reference, " +
      "as unions are cleared on the day a partner dies.",
  },
  union_start: {
    type: "i32",
    unit: "tick",
    doc: "Tick the current union began (negative: before the run); meaningless without a partner.",
  },
  birth_day: { type: "i32", unit: "tick", doc: "Tick of birth (negative: born before the run)." },
  age: { type: "u8", unit: "years", doc: "Age in completed years, updated on birthdays." },
  sex: { type: "u8", unit: "category", doc: "Sex.", levels: ["female", "male"], max: 1 },
  health: { type: "f32", unit: "0..1", doc: "Health index (1 = perfect).", min: 0, max: 1 },
  education: {
    type: "u8",
    unit: "level",
    doc: "Highest completed education level.",
    levels: EDUCATION,
    max: 3,
  },
  school_shift: {
    type: "f32",
    unit: "log-odds",
    doc: "Shift of the log-odds of finishing secondary school and entering tertiary, fixed at " +
      "the end of secondary school from the education spending per student of the person's " +
      "polity (0: the scenario's rates).",
  },
  skills: {
    type: "f32",
    width: SKILLS,
    unit: "index",
    doc: "Skill levels (1 = average).",
    min: 0,
  },
  employment: {
    type: "u8",
    unit: "category",
    doc: "Employment status.",
    levels: EMPLOYMENT,
    max: 4,
  },
  employer: {
    type: "i32",
    ref: "firms",
    unit: "id",
    doc: "Employing firm, null if none (and for public employees).",
  },
  agency: {
    type: "i32",
    ref: "agencies",
    unit: "id",
    doc: "Employing public agency, null if none (an employed person has an employer or an agency).",
  },
  status_since: {
    type: "i32",
    unit: "tick",
    doc: "Tick the current employment status began (for the unemployed, the start of the spell; " +
      "negative: before the run).",
  },
  wage: { type: "f32", unit: "currency/day", doc: "Daily wage (0 if not employed).", min: 0 },
  productivity: {
    type: "f32",
    unit: "labor units",
    doc: "Effective labor supplied at the employer (skills x sector weights x education).",
    min: 0,
  },
  benefit_claim: {
    type: "u8",
    unit: "flag",
    doc:
      "1 while the current unemployment spell began with a layoff or a closure, which entitles " +
      "to unemployment benefits (quits and moves away do not).",
    max: 1,
  },
  last_wage: {
    type: "f32",
    unit: "currency/day",
    doc: "Wage of the current or last job (0 if never employed); unemployment benefits use it.",
    min: 0,
  },
  career_earnings: {
    type: "f32",
    unit: "multiple of the average wage",
    doc: "Career-average earnings, each working day's wage valued relative to the average wage " +
      "of that day (an exponential mean; pensions use it, valorised by the average wage).",
    min: 0,
  },
  reservation_wage: {
    type: "f32",
    unit: "currency/day",
    doc: "Lowest wage the person accepts.",
    min: 0,
  },
  amenity: {
    type: "f32",
    unit: "log points",
    doc: "Non-wage value the person puts on their current job, in log points of its wage " +
      "(match-specific, drawn with the offer; 0 while not employed).",
  },
  wealth: {
    type: "f64",
    unit: "currency",
    doc: "Money the person holds (never negative).",
    money: true,
    min: 0,
    stock: true,
  },
});
