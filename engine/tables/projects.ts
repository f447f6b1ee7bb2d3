/**
 * Research projects: one row per firm doing R&D toward a technology (issue 12). `start_RnD`
 * opens or tops up a project; it ends with the discovery, when the firm learns the target
 * otherwise (imitation), or with the firm.
 * @module
 */
import { defineTable } from "../core/table.ts";

/** The research projects table. */
export const projects = defineTable("projects", "Research projects of firms.", {
  firm: { type: "i32", ref: "firms", unit: "id", doc: "Firm doing the research." },
  technology: {
    type: "i32",
    ref: "technologies",
    unit: "id",
    doc: "Technology it researches.",
  },
  budget: {
    type: "f64",
    unit: "currency",
    doc: "Money left to spend on it (researchers' wages).",
    min: 0,
  },
  spent: { type: "f64", unit: "currency", doc: "Money spent on it so far.", min: 0 },
  progress: {
    type: "f64",
    unit: "worker-years",
    doc: "Innovation effort put into it so far.",
    min: 0,
  },
  started: { type: "i32", unit: "tick", doc: "Tick it started." },
});
