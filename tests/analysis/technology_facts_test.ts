import assert from "node:assert/strict";
import { bassShare } from "../../analysis/diffusion.ts";
import { JUPYTER_DISPLAY } from "../../analysis/display.ts";
import {
  bassImitationCoefficient,
  bassInnovationCoefficient,
  facts,
  plotFact,
  productivityDispersion,
  productivityGrowth,
  technologyGrowth,
} from "../../analysis/facts/mod.ts";
import { diffusionFits } from "../../analysis/facts/technology.ts";
import { runFromTables } from "../../analysis/run_sources.ts";

const DAYS = 2555; // 730 days of burn-in, then the five-year window (ticks 731–2555)
const TECH_FACTS = [
  "productivity_growth",
  "technology_growth",
  "bass_innovation_p",
  "bass_imitation_q",
  "productivity_dispersion",
];

/** A node first adopted at tick `a` whose share then follows the Bass curve (p, q, m). */
const bass = (a: number, p: number, q: number, m: number) => (t: number) =>
  t < a ? 0 : bassShare((t - a) / 365, p, q, m);

/** A run of `days` daily KPIs: the technology system's, with `kpis` added or replaced. */
function techRun(kpis: Record<string, (t: number) => number> = {}, days = DAYS) {
  const all: Record<string, (t: number) => number> = {
    tech_discoveries: () => 0.02,
    labor_productivity: (t) => 100 * Math.exp(Math.log(1.02) * (t / 365)),
    embodied_productivity: (t) => Math.exp(Math.log(1.012) * (t / 365)),
    tfp_dispersion: (t) => 2.5 + 0.1 * Math.sin(t / 60),
    tech_adopters_farming_0: () => 1,
    ...kpis,
  };
  const ticks = Array.from({ length: days }, (_, i) => i + 1);
  const cols: Record<string, number[]> = { tick: ticks };
  for (const [k, f] of Object.entries(all)) cols[k] = ticks.map(f);
  return runFromTables({ kpis: cols });
}

function close(actual: number, expected: number, eps: number, what = "") {
  assert(
    Math.abs(actual - expected) <= eps,
    `${what} expected ${expected} ± ${eps}, got ${actual}`,
  );
}

Deno.test("a run without the technology system has no technology fact, and says so", () => {
  const ticks = Array.from({ length: DAYS }, (_, i) => i + 1);
  // Even with the series themselves: the technology system is what is missing.
  const run = runFromTables({
    kpis: {
      tick: ticks,
      labor_productivity: ticks.map(() => 1),
      tfp_dispersion: ticks.map(() => 2),
      tech_adopters_x_1: ticks.map((t) => (t > 800 ? 0.5 : 0)),
    },
  });
  const table = facts(run);
  for (const id of TECH_FACTS) {
    assert.equal(table.get(id).status, "not available", id);
    assert.match(table.get(id).note, /the run has no technology system/, id);
  }
  // The diffusion figure draws only what the facts fit.
  for (const id of ["bass_innovation_p", "bass_imitation_q"]) {
    assert.match(plotFact(run, id)[JUPYTER_DISPLAY]()["text/html"]!, /not available/, id);
  }
});

Deno.test("productivityGrowth() is the compound annual growth of labor productivity", () => {
  close(productivityGrowth(techRun()).value, 0.02, 1e-9);
  // The same estimator on what the machines embody.
  close(technologyGrowth(techRun()).value, 0.012, 1e-9);
  assert.match(technologyGrowth(techRun()).note, /yearly means of embodied_productivity/);
  // A business cycle around a 1.5 % trend: yearly means smooth most of it away.
  const cyc = techRun({
    labor_productivity: (t) =>
      50 * Math.exp(Math.log(1.015) * (t / 365) + 0.01 * Math.sin((2 * Math.PI * t) / 900)),
  });
  close(productivityGrowth(cyc).value, 0.015, 0.002);
  assert.match(productivityGrowth(cyc).note, /5 yearly means of labor_productivity/);
  // Three years after the burn-in at least.
  const short = productivityGrowth(techRun({}, 730 + 900));
  assert(Number.isNaN(short.value));
  assert.match(short.note, /needs 1095 days/);
});

Deno.test("productivityDispersion() is the mean of tfp_dispersion over the window", () => {
  const run = techRun({ tfp_dispersion: (t) => (t <= 730 ? 50 : 2.5) });
  close(productivityDispersion(run).value, 2.5, 1e-12);
  assert.match(productivityDispersion(run).note, /mean of KPI tfp_dispersion over ticks 731–2555/);
});

Deno.test("the Bass facts are the medians of p and q over the nodes that diffuse in the window", () => {
  const run = techRun({
    tech_adopters_tools_1: bass(760, 0.02, 0.8, 1),
    tech_adopters_tools_2: bass(900, 0.04, 1.0, 0.8),
    tech_adopters_food_1: bass(1000, 0.03, 0.6, 0.9),
    tech_adopters_food_2: () => 0, // never adopted
    tech_adopters_food_3: bass(2400, 0.5, 2, 1), // five months before the window's end
    tech_adopters_food_4: bass(20, 3, 10, 0.95), // saturated during the burn-in
  });
  const p = bassInnovationCoefficient(run);
  const q = bassImitationCoefficient(run);
  close(p.value, 0.03, 0.0005, "median p");
  close(q.value, 0.8, 0.005, "median q");
  assert.match(
    p.note,
    /median Bass p per year of 3 of 7 tech_adopters_<node> KPIs \(1 roots, 1 not adopted by the window's end, 2 with under 12 months/,
  );
  assert.match(q.note, /over ticks 731–2555/);
  const d = diffusionFits(run);
  assert(typeof d !== "string");
  assert.deepEqual(d.fits.map((f) => f.node), ["tools_1", "tools_2", "food_1"]);
  const want = [[0.02, 0.8, 1], [0.04, 1.0, 0.8], [0.03, 0.6, 0.9]];
  d.fits.forEach((f, i) => {
    close(f.fit.p, want[i][0], 0.02 * want[i][0], `${f.node} p`);
    close(f.fit.q, want[i][1], 0.01 * want[i][1], `${f.node} q`);
    close(f.fit.m, want[i][2], 0.01, `${f.node} m`);
  });
  for (const id of ["bass_innovation_p", "bass_imitation_q"]) {
    assert.match(plotFact(run, id)[JUPYTER_DISPLAY]()["text/html"]!, /<svg/, id);
  }
});

Deno.test("a node first adopted in the burn-in is fitted on its months inside the window, timed from its adoption", () => {
  const run = techRun({ tech_adopters_tools_1: bass(400, 0.03, 0.6, 0.9) });
  const d = diffusionFits(run);
  assert(typeof d !== "string");
  const [f] = d.fits;
  assert.equal(f.firstAdoption, 401); // bassShare(0) = 0: the first nonzero share is a day later
  assert(f.years[0] >= (731 - 401) / 365 && f.years[0] < (731 - 401) / 365 + 1 / 12);
  close(f.fit.p, 0.03, 0.0006, "p");
  close(f.fit.q, 0.6, 0.006, "q");
  // A longer run changes nothing: the window ends where it did.
  const longer = diffusionFits(
    techRun({ tech_adopters_tools_1: bass(400, 0.03, 0.6, 0.9) }, 2 * DAYS),
  );
  assert(typeof longer !== "string");
  assert.deepEqual(longer.fits[0].fit, f.fit);
});

Deno.test("with no node diffusing in the window the Bass facts are not available, with the counts", () => {
  const run = techRun({ tech_adopters_food_2: () => 0 });
  const p = bassInnovationCoefficient(run);
  assert(Number.isNaN(p.value));
  assert.match(p.note, /no technology diffuses inside ticks 731–2555: 0 of 2 .*\(1 roots, 1 not/);
  assert.match(plotFact(run, "bass_imitation_q")[JUPYTER_DISPLAY]()["text/html"]!, /not available/);
  const short = bassImitationCoefficient(techRun({}, 900));
  assert.match(short.note, /needs 365 days after a burn-in of 730 days/);
});

Deno.test("every technology fact draws a figure on a run with the technology system", () => {
  const run = techRun({ tech_adopters_tools_1: bass(760, 0.02, 0.8, 1) });
  for (const id of TECH_FACTS) {
    assert.match(plotFact(run, id)[JUPYTER_DISPLAY]()["text/html"]!, /<svg/, id);
  }
});
