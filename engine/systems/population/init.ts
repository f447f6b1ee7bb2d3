/**
 * The initial population: ages and sexes drawn from the stable population of the scenario's
 * fertility and mortality, households formed by linking children to mothers of a plausible
 * age and women to partners (both `partner` columns set), and households placed in towns on
 * suitable land (so there are towns and empty land). Runs once, in the population system's
 * `init`.
 *
 * @module
 */
import { hash32, normal, streamOf, tickKey, uniform } from "../../core/rng.ts";
import { NULL_REF } from "../../core/table.ts";
import { SKILLS, Status } from "../../tables/persons.ts";
import type { SimWorld } from "../../world.ts";
import { lifeStage, schoolDraws } from "./life_stage.ts";
import { expectedHealth, type Schedule } from "./schedule.ts";

/** Index of the first cumulative weight above u * total (binary search). */
function pick(cum: Float64Array, n: number, u: number): number {
  const target = u * cum[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Persons grouped by (sex, age): counting-sort buckets. */
function buckets(age: Uint8Array, sex: Uint8Array, n: number, maxAge: number) {
  const start = new Int32Array(2 * (maxAge + 2));
  for (let i = 0; i < n; i++) start[sex[i] * (maxAge + 1) + age[i] + 1]++;
  for (let k = 1; k < start.length; k++) start[k] += start[k - 1];
  const fill = start.slice();
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[sex[i] * (maxAge + 1) + age[i]]++] = i;
  return {
    at(s: number, a: number): [number, number] {
      const k = s * (maxAge + 1) + a;
      return [start[k], start[k + 1]];
    },
    members,
  };
}

/**
 * Fills the persons and households tables of a new world.
 *
 * @param world A world whose tiles are already initialised (land, suitability).
 * @param s The demographic schedule of the scenario.
 */
export function initPopulation(world: SimWorld, s: Schedule): void {
  const cfg = world.config;
  const pp = cfg.population_params;
  const hp = pp.households;
  const n = cfg.population.persons;
  const seed = world.seed;
  const key = tickKey(seed, streamOf("population.init"), 0);
  const maxAge = s.maxAge;

  // 1. Ages and sexes from the stable population.
  const cum = new Float64Array(2 * (maxAge + 1));
  let acc = 0;
  for (let a = 0; a <= maxAge; a++) cum[a] = acc += s.stableF[a];
  for (let a = 0; a <= maxAge; a++) cum[maxAge + 1 + a] = acc += s.stableM[a];
  const age = new Uint8Array(n);
  const sex = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = pick(cum, cum.length, uniform(key, i, 0));
    sex[i] = k > maxAge ? 1 : 0;
    age[i] = k > maxAge ? k - maxAge - 1 : k;
  }

  // 2. Households: children to mothers, women to partners, the rest alone.
  const b = buckets(age, sex, n, maxAge);
  const hh = new Int32Array(n).fill(-1);
  const motherOf = new Int32Array(n).fill(-1);
  let households = 0;
  const birthAge = new Float64Array(maxAge + 1);
  let bacc = 0;
  for (let a = 0; a <= maxAge; a++) birthAge[a] = bacc += s.asfr[a];
  const randomIn = (sx: number, a: number, u: number): number => {
    for (let d = 0; d < 6; d++) {
      for (const aa of [a + d, a - d]) {
        if (aa < 0 || aa > maxAge) continue;
        const [lo, hi] = b.at(sx, aa);
        if (hi > lo) return b.members[lo + Math.floor(u * (hi - lo))];
      }
    }
    return -1;
  };
  for (let i = 0; i < n; i++) {
    if (age[i] >= hp.leave_home_age) continue;
    const motherAge = age[i] + pick(birthAge, birthAge.length, uniform(key, i, 1));
    const mother = randomIn(0, motherAge, uniform(key, i, 2));
    if (mother < 0 || mother === i || age[mother] < hp.leave_home_age) continue;
    if (hh[mother] < 0) hh[mother] = households++;
    hh[i] = hh[mother];
    motherOf[i] = mother;
  }
  const partnerOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (sex[i] !== 0 || age[i] < hp.leave_home_age) continue;
    if (hh[i] < 0) hh[i] = households++;
    if (uniform(key, i, 3) >= hp.couple_share) continue;
    const target = Math.round(
      age[i] + hp.partner_age_gap + hp.partner_age_sd * normal(key, i, 2),
    );
    for (let tries = 0; tries < 4; tries++) {
      const man = randomIn(1, Math.max(hp.leave_home_age, target), uniform(key, i, 10 + tries));
      if (man >= 0 && partnerOf[man] < 0 && hh[man] < 0) {
        partnerOf[man] = i;
        partnerOf[i] = man;
        hh[man] = hh[i];
        break;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (hh[i] >= 0) continue;
    // Unpartnered young men often stay with their parents; the old with family.
    const stays =
      (sex[i] === 1 && age[i] < 35 && uniform(key, i, 4) < hp.single_men_with_parents) ||
      (age[i] >= 75 && uniform(key, i, 4) < hp.elderly_with_family) || age[i] < hp.leave_home_age;
    if (stays) {
      const kinAge = age[i] < 75 ? age[i] + 28 : Math.max(hp.leave_home_age, age[i] - 30);
      const kin = randomIn(0, Math.min(maxAge, kinAge), uniform(key, i, 5));
      if (kin >= 0 && hh[kin] >= 0) {
        hh[i] = hh[kin];
        continue;
      }
    }
    hh[i] = households++;
  }

  // 3. Towns on suitable land, households around them.
  const tiles = world.tables.tiles;
  const nt = tiles.length;
  const tcum = new Float64Array(nt);
  let tacc = 0;
  for (let t = 0; t < nt; t++) {
    const su = tiles.col.land[t] ? tiles.col.suitability[t] : 0;
    tcum[t] = tacc += su * su;
  }
  if (tacc <= 0) {
    throw new Error(
      "population: no suitable land to settle; enable the environment system or enlarge the grid",
    );
  }
  const towns = pp.towns.count;
  const townTile = new Int32Array(towns);
  const zcum = new Float64Array(towns);
  let zacc = 0;
  for (let k = 0; k < towns; k++) {
    townTile[k] = pick(tcum, nt, uniform(key, k, 20));
    zcum[k] = zacc += 1 / Math.pow(k + 1, pp.towns.zipf_exponent);
  }
  const W = cfg.spatial.width_tiles;
  const H = cfg.spatial.height_tiles;
  const hhTile = new Int32Array(households);
  for (let h = 0; h < households; h++) {
    const town = townTile[pick(zcum, towns, uniform(key, h, 30))];
    let tile = town;
    for (let tries = 0; tries < 8; tries++) {
      const r = -Math.log(1 - uniform(key, h, 31 + 2 * tries)) * pp.towns.spread_tiles;
      const th = 6.283185307179586 * uniform(key, h, 32 + 2 * tries);
      const x = tiles.col.x[town] + Math.round(r * Math.cos(th));
      const y = tiles.col.y[town] + Math.round(r * Math.sin(th));
      if (x < 0 || y < 0 || x >= W || y >= H) continue;
      const t = y * W + x;
      if (tiles.col.land[t]) {
        tile = t;
        break;
      }
    }
    hhTile[h] = tile;
  }

  // 4. Rows, laid out for locality: households in tile order, persons in household order,
  // so the loops that gather persons into households and households into tiles walk memory
  // nearly in sequence.
  const hhOrder = Int32Array.from({ length: households }, (_, h) => h).sort((a, b) =>
    hhTile[a] - hhTile[b] || a - b
  );
  const hhRank = new Int32Array(households);
  for (let k = 0; k < households; k++) hhRank[hhOrder[k]] = k;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    hhRank[hh[a]] - hhRank[hh[b]] || a - b
  );
  const H0 = world.tables.households;
  const firstH = H0.add(households);
  const weight = cfg.population.use_representative_households ? cfg.population.household_weight : 1;
  for (let h = 0; h < households; h++) {
    const row = firstH + hhRank[h];
    H0.col.tile[row] = tiles.ids[hhTile[h]];
    H0.col.weight[row] = weight;
    H0.col.last_move[row] = 0;
  }
  const rankOf = new Int32Array(n);
  for (let k = 0; k < n; k++) rankOf[order[k]] = k;
  const P = world.tables.persons;
  const first = P.add(n);
  const c = P.col;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const r = first + k;
    const id = P.ids[r];
    const hrow = firstH + hhRank[hh[i]];
    c.household[r] = H0.ids[hrow];
    c.mother[r] = motherOf[i] < 0 ? -1 : P.ids[first + rankOf[motherOf[i]]];
    c.partner[r] = partnerOf[i] < 0 ? -1 : P.ids[first + rankOf[partnerOf[i]]];
    if (partnerOf[i] >= 0) {
      // The union's age is unknown: uniform over the woman's years since union_min_age.
      const woman = sex[i] === 0 ? i : partnerOf[i];
      const years = Math.max(0, age[woman] - hp.union_min_age) * uniform(key, woman, 50);
      c.union_start[r] = -Math.round(years * 365) - 1;
    }
    c.tile[r] = H0.col.tile[hrow];
    H0.col.size[hrow]++;
    c.age[r] = age[i];
    c.sex[r] = sex[i];
    c.birth_day[r] = -(age[i] * 365 + (hash32(key, i, 40) % 365)) - 1;
    const h = expectedHealth(cfg, age[i]) + 0.05 * normal(key, i, 21);
    c.health[r] = Math.min(1, Math.max(0.05, h));
    const [u0, u1] = schoolDraws(seed, id);
    const st = lifeStage(cfg, age[i], u0, u1);
    c.education[r] = st.education;
    c.employment[r] = st.status === "labor" ? Status.unemployed : st.status;
    c.employer[r] = NULL_REF;
    for (let k = 0; k < SKILLS; k++) {
      c.skills[r * SKILLS + k] = Math.exp(pp.skill_sigma * normal(key, i, 100 + k));
    }
  }
}
