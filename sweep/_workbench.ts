/**
 * The workbench's stylized facts, loaded only when a sweep or a calibration records them. The
 * facts live in `analysis/`, whose figures and dataframes pull the notebook stack (Observable
 * Plot, danfojs with TensorFlow.js); the specifiers are computed so that the CLI's module graph,
 * and the engine's lockfile with it, stays without that stack (see tests/dependencies_test.ts).
 *
 * @module
 */

/** A fact of the catalogue, as far as sweeps and calibrations read it. */
export interface CatalogueFact {
  id: string;
  fact: string;
  target: [number, number];
  unit: string;
  source: string;
}

/** A fact's value and verdict on one run. */
export interface FactValue {
  value: number;
  status: string;
}

const CATALOGUE = new URL("../analysis/facts/catalogue.ts", import.meta.url).href;
const ANALYSIS = new URL("../analysis/mod.ts", import.meta.url).href;

/** The stylized-facts catalogue (id, statement, target range, unit, source of each fact). */
export async function factsCatalogue(): Promise<CatalogueFact[]> {
  const { FACTS } = await import(CATALOGUE) as { FACTS: readonly CatalogueFact[] };
  return FACTS.map((f) => ({
    id: f.id,
    fact: f.fact,
    target: f.target,
    unit: f.unit,
    source: f.source,
  }));
}

/** Evaluates every fact on the run written to `dir`, by id. */
export async function factsOfRun(
  dir: string,
  opts: { burnIn: number; window: number },
): Promise<Map<string, FactValue>> {
  const { facts, openRun } = await import(ANALYSIS) as {
    openRun(dir: string): Promise<unknown>;
    facts(run: unknown, opts: { burnIn: number; window: number }): {
      rows: { id: string; value: number; status: string }[];
    };
  };
  const table = facts(await openRun(dir), opts);
  return new Map(table.rows.map((r) => [r.id, { value: r.value, status: r.status }]));
}
