/**
 * Every table of the world, declared once each in this folder.
 * @module
 */
import { Table, type TableSpec } from "../core/table.ts";
import type { ScenarioConfig } from "../scenario/schema.ts";
import { technologyNodes, techWords } from "../systems/technology/dag.ts";
import { agencies } from "./agencies.ts";
import { banks } from "./banks.ts";
import { bonds } from "./bonds.ts";
import { centralBank } from "./central_bank.ts";
import { cohorts } from "./cohorts.ts";
import { firms } from "./firms.ts";
import { goods } from "./goods.ts";
import { households } from "./households.ts";
import { loans } from "./loans.ts";
import { macro } from "./macro.ts";
import { persons } from "./persons.ts";
import { polities } from "./polities.ts";
import { projects } from "./projects.ts";
import { technologies } from "./technologies.ts";
import { tiles } from "./tiles.ts";

/** The table declarations, in snapshot order. */
export const TABLE_SPECS = {
  tiles,
  households,
  persons,
  cohorts,
  firms,
  goods,
  macro,
  banks,
  loans,
  central_bank: centralBank,
  polities,
  agencies,
  bonds,
  technologies,
  projects,
} as const;

/** Live tables of a world. */
export type Tables = {
  [K in keyof typeof TABLE_SPECS]: Table<typeof TABLE_SPECS[K]["columns"]>;
};

/** Vector widths resolved from a scenario (`width: "goods"` and `"tech_words"` columns). */
export function tableWidths(config: ScenarioConfig): Record<string, number> {
  return {
    goods: config.economy.goods.length,
    tech_words: techWords(technologyNodes(config).length),
  };
}

/** Empty tables for a scenario. */
export function createTables(config: ScenarioConfig): Tables {
  const w = tableWidths(config);
  const out: Record<string, Table> = {};
  for (const [name, spec] of Object.entries(TABLE_SPECS)) {
    out[name] = new Table(spec as TableSpec, w);
  }
  return out as Tables;
}
