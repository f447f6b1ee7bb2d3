/**
 * Technology verbs: `start_RnD` and `adopt_tech`, the decisions a firm takes about technology,
 * as validated engine functions. The rules policy (`research.ts`) calls them today; AI
 * providers and notebooks call the same functions, so every decision passes the same checks.
 * Technologies are named by id (their row in the `technologies` table, the order of the
 * scenario's graph) or by name.
 *
 * @module
 */
import { NULL_REF } from "../../core/table.ts";
import type { SimWorld } from "../../world.ts";
import { VerbError } from "../economy/verbs.ts";
import { hasBit, missingPrerequisites, techGraph } from "./dag.ts";
import { switchVintage } from "./embodiment.ts";

function firmRow(world: SimWorld, firmId: number, verb: string): number {
  if (!world.config.systems.technology) {
    throw new VerbError(`${verb}: there are no technologies (systems.technology is off)`);
  }
  const f = world.tables.firms.row(firmId);
  if (f < 0) throw new VerbError(`${verb}: firm ${firmId} does not exist`);
  return f;
}

/** The technology row of an id or a name, checked to exist and to be of firm row `f`'s sector. */
function technologyRow(world: SimWorld, f: number, tech: number | string, verb: string): number {
  const g = techGraph(world);
  const t = typeof tech === "string" ? g.names.indexOf(tech) : tech;
  if (!Number.isInteger(t) || t < 0 || t >= g.names.length) {
    throw new VerbError(
      `${verb}: no technology ${JSON.stringify(tech)} (ids 0..${g.names.length - 1}, or a name ` +
        `such as "${g.names[0]}")`,
    );
  }
  const c = world.tables.firms.col;
  if (g.sector[t] !== c.sector[f]) {
    const sectors = world.config.economy.sectors;
    throw new VerbError(
      `${verb}: technology "${g.names[t]}" is of sector ${sectors[g.sector[t]]}, firm ` +
        `${world.tables.firms.ids[f]} is of sector ${sectors[c.sector[f]]}`,
    );
  }
  return t;
}

/** Throws naming the prerequisites of `t` that firm row `f` does not know. */
function checkPrerequisites(world: SimWorld, f: number, t: number, verb: string): void {
  const g = techGraph(world);
  const missing = missingPrerequisites(g, world.tables.firms.col.known, f * g.words, t);
  if (missing.length > 0) {
    throw new VerbError(
      `${verb}: firm ${world.tables.firms.ids[f]} cannot work on "${g.names[t]}": it does not ` +
        `know its prerequisite(s) ${missing.map((p) => `"${g.names[p]}"`).join(", ")}`,
    );
  }
}

/**
 * `start_RnD`: firm `firmId` researches technology `tech` with `budget` more money to spend on
 * researchers (added to its project's budget if it already researches `tech`; a project on
 * another technology is dropped, its progress lost). The technology must be of the firm's
 * sector, not yet discovered by any firm (a technology is invented once; the others imitate
 * it), and every prerequisite known. Returns the project's id.
 *
 * @throws {VerbError} naming the firm, the technology and the missing prerequisites or bound.
 * @example
 * ```ts
 * startRnD(world, firmId, "manufacturing_1", 5_000);
 * ```
 */
export function startRnD(
  world: SimWorld,
  firmId: number,
  tech: number | string,
  budget: number,
): number {
  const verb = "start_RnD";
  const f = firmRow(world, firmId, verb);
  const t = technologyRow(world, f, tech, verb);
  if (!Number.isFinite(budget) || budget < 0) {
    throw new VerbError(`${verb}: budget ${budget} must be a finite amount >= 0`);
  }
  const g = techGraph(world);
  const c = world.tables.firms.col;
  if (hasBit(c.known, f * g.words, t)) {
    throw new VerbError(
      `${verb}: firm ${firmId} already knows "${g.names[t]}"; research one it does not know`,
    );
  }
  checkPrerequisites(world, f, t, verb);
  const discovered = world.tables.technologies.col.discovered[t];
  if (discovered >= 0) {
    throw new VerbError(
      `${verb}: "${g.names[t]}" was discovered on day ${discovered} and is invented once ` +
        `(a patent race); firm ${firmId} can get it by imitating a firm that knows it`,
    );
  }
  const P = world.tables.projects;
  const pc = P.col;
  let p = c.project[f] === NULL_REF ? -1 : P.row(c.project[f]);
  if (p >= 0 && pc.technology[p] !== t) {
    P.remove(p);
    p = -1;
  }
  if (p < 0) {
    p = P.add(1);
    pc.firm[p] = firmId;
    pc.technology[p] = t;
    pc.budget[p] = 0;
    pc.spent[p] = 0;
    pc.progress[p] = 0;
    pc.started[p] = world.tick;
    c.project[f] = P.ids[p];
  }
  pc.budget[p] += budget;
  return P.ids[p];
}

/**
 * `adopt_tech`: firm `firmId` makes technology `tech` the vintage of the machines it buys from
 * now on. The firm must know it (discovered or imitated), which implies its prerequisites.
 *
 * @throws {VerbError} naming the firm, the technology and the missing prerequisites.
 * @example
 * ```ts
 * adoptTech(world, firmId, "manufacturing_1");
 * ```
 */
export function adoptTech(world: SimWorld, firmId: number, tech: number | string): void {
  const verb = "adopt_tech";
  const f = firmRow(world, firmId, verb);
  const t = technologyRow(world, f, tech, verb);
  checkPrerequisites(world, f, t, verb);
  const g = techGraph(world);
  if (!hasBit(world.tables.firms.col.known, f * g.words, t)) {
    throw new VerbError(
      `${verb}: firm ${firmId} does not know "${g.names[t]}"; it must discover (start_RnD) or ` +
        `imitate it first`,
    );
  }
  switchVintage(world, f, t);
}
