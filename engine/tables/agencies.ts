/**
 * Public agencies: the government's employers (issue 11). One row per polity, service and
 * district with residents at the start; each hires public employees through the labor market
 * at the public wage and pays them from its polity's budget (`systems/government/agencies.ts`).
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The services an agency provides: its staff are paid from that budget. */
export const SERVICES = ["general", "education"] as const;
/** Index of each service. */
export const SERVICE = { general: 0, education: 1 } as const;

/** The agencies table. */
export const agencies = defineTable(
  "agencies",
  "Public employers: the staff of each polity's services by district (systems.government).",
  {
    polity: { type: "i32", ref: "polities", unit: "id", doc: "Polity whose budget pays it." },
    service: {
      type: "u8",
      unit: "category",
      doc: "Budget its staff are paid from (general: public purchases; education).",
      levels: SERVICES,
      max: SERVICES.length - 1,
    },
    district: { type: "i32", unit: "index", doc: "District (square of tiles) it serves." },
    tile: { type: "i32", ref: "tiles", unit: "id", doc: "Tile of its site." },
    clients: {
      type: "f32",
      unit: "persons",
      doc: "Residents (general) or students (education) of its district, counted monthly.",
      min: 0,
    },
    budget: {
      type: "f64",
      unit: "currency/day",
      doc: "Its share of the polity's staff budget for its service.",
      min: 0,
    },
    wage_offer: {
      type: "f32",
      unit: "currency/day",
      doc: "Public pay per labor unit (the polity's private pay per labor unit).",
      min: 0,
    },
    employees: { type: "u32", unit: "persons", doc: "Public employees working there." },
    vacancies: { type: "u32", unit: "jobs", doc: "Open vacancies." },
    layoffs: { type: "u32", unit: "persons", doc: "Layoffs decided and not yet carried out." },
    wage_bill: { type: "f64", unit: "currency/day", doc: "Today's wages.", min: 0 },
  },
);
