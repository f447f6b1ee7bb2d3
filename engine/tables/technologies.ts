/**
 * Technologies: one row per technology of the scenario's graph (issue 12), fixed at the start
 * in the order of `systems/technology/dag.ts` (row = id). The declared traits are copied here
 * so a snapshot is self-describing; experience, learning and diffusion change every day.
 * @module
 */
import { defineTable } from "../core/table.ts";
import { MAX_PREREQUISITES } from "../scenario/technology_schema.ts";

/** The technologies table. */
export const technologies = defineTable(
  "technologies",
  "Technologies: the graph, learning by doing and diffusion.",
  {
    sector: { type: "u8", unit: "index", doc: "Sector whose firms use it." },
    productivity: {
      type: "f32",
      unit: "multiplier",
      doc: "Labor productivity relative to the sector's baseline, before learning.",
      min: 0,
    },
    input_saving: {
      type: "f32",
      unit: "multiplier",
      doc: "Intermediate inputs per unit relative to the baseline, before learning.",
      min: 0,
    },
    difficulty: {
      type: "f32",
      unit: "worker-years",
      doc: "Expected research effort of a discovery.",
      min: 0,
    },
    prerequisites: {
      type: "i32",
      width: MAX_PREREQUISITES,
      ref: "technologies",
      unit: "id",
      doc: "Technologies a firm must know first (null-padded).",
    },
    experience: {
      type: "f64",
      unit: "units",
      doc: "Cumulative output made with it (learning by doing).",
      min: 0,
    },
    experience_base: {
      type: "f64",
      unit: "units",
      doc: "Cumulative output at which its unit cost is as declared (cost factor 1).",
      min: 0,
    },
    cost_factor: {
      type: "f32",
      unit: "multiplier",
      doc: "Unit cost from learning, (experience / experience_base)^-b (Wright's law).",
      min: 0,
    },
    discovered: {
      type: "i32",
      unit: "tick",
      doc: "Tick of its first discovery (the start for roots; -1: not yet).",
    },
    knowers: { type: "u32", unit: "firms", doc: "Living firms that know it." },
    adopters: { type: "u32", unit: "firms", doc: "Living firms that have adopted it." },
    users: { type: "u32", unit: "firms", doc: "Living firms whose newest machines are of it." },
  },
);
