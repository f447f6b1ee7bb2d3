/**
 * Stylized facts of technical change, measured when the run has the technology system (its KPIs
 * exist only then; without them each fact is not available): labor productivity growth, how
 * technologies diffuse across firms (the Bass coefficients of innovation and imitation), and
 * the dispersion of firms' total factor productivity within sectors.
 *
 * The diffusion facts read the KPIs `tech_adopters_<node>`, the share of the node's sector's
 * living firms that have ever adopted the node. Like every fact they see only the window (a
 * longer run is cut at its end, a burn-in is left out): a node first adopted during the burn-in
 * is fitted on the part of its curve inside the window, its time still counted from its first
 * adoption, so the Bass curve is the same one; a node whose share no longer rises in the window
 * (it saturated before) tells nothing about p and q and is left out. Pass a longer `window`
 * to follow slower diffusions further.
 * @module
 */
import { type BassFit, fitBass } from "../diffusion.ts";
import type { Run } from "../run.ts";
import { olsSlope, quantile } from "../stats.ts";
import { type FactOptions, type Measure, na } from "./_common.ts";
import {
  blockMeans,
  factWindow,
  kpiMean,
  MONTH,
  type Window,
  windowText,
  YEAR,
} from "./_window.ts";

/** Prefix of the diffusion KPIs, one per technology node. */
export const ADOPTERS_PREFIX = "tech_adopters_";
/** Fewest monthly means after a node's first adoption, inside the window, for a Bass fit. */
export const MIN_DIFFUSION_MONTHS = 12;
/** Smallest rise of a node's adopter share over its months in the window for a Bass fit. */
export const MIN_DIFFUSION_RISE = 0.1;

/** The reason a run without the technology system has no technology fact, or null. */
function noTechnology(run: Run): string | null {
  return run.hasKpi("tech_discoveries")
    ? null
    : "the run has no technology system (no KPI tech_discoveries)";
}

/**
 * Annual growth of labor productivity: exp(b) − 1, with b the least-squares slope of the log of
 * the yearly means of KPI `labor_productivity` (real value added per employed person per day)
 * on the year, over the window (at least three years after the burn-in).
 *
 * Target 0.01–0.025 a year: labour productivity of advanced economies grew about 1–2.5 % a year
 * in the decades before 2008, with a slowdown after (Bergeaud, Cette & Lecat 2016, "Productivity
 * trends in advanced countries between 1890 and 2012", Review of Income and Wealth 62:420; The
 * Conference Board Total Economy Database, Performance 2008: 1–1.5 % in advanced economies in
 * 2007 and a US structural trend of 1.5–2.5 %; OECD Productivity Statistics).
 *
 * Five years are short for a trend: utilisation over the cycle moves the measure by a point or
 * two either way (on five seeds of the 20,000-person tiny_island, 2026-12-02, -0.7 % to +2.1 % a
 * year without technology and 1.1–3.4 % with it). To tell technical change from the cycle,
 * measure a long run with a long window, e.g. `{ burnIn: 0, window: 7300 }` on 20 years (the
 * same estimator over years 1-20 of the 50k island: -0.1 % and +0.1 % a year without technology
 * on two seeds, 1.7–2.2 % with it on six).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The growth rate per year, or NaN with a note.
 */
export function productivityGrowth(run: Run, opts: FactOptions = {}): Measure {
  return kpiGrowth(run, opts, "labor_productivity");
}

/**
 * Annual growth of the labor productivity firms' machines embody: the estimator of
 * {@linkcode productivityGrowth} on KPI `embodied_productivity` (the employment-weighted mean
 * of the firms' embodied multipliers). It isolates what innovation, imitation, adoption and
 * learning by doing contribute, from the economy's other sources of measured productivity
 * (workers' skills, the cycle's utilisation).
 *
 * Target 0.01–0.025 a year, the issue's aim for growth from innovation: on a balanced growth
 * path labor productivity grows at the rate of labor-augmenting technical change (Uzawa 1961,
 * REStud 28:117), and output per hour in advanced economies grew at 1–2.5 % a year over the
 * long run (Bergeaud, Cette & Lecat 2016; Jones 2016, "The facts of economic growth", Handbook
 * of Macroeconomics 2A: US GDP per person about 2 % a year since 1870).
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The growth rate per year, or NaN with a note.
 */
export function technologyGrowth(run: Run, opts: FactOptions = {}): Measure {
  return kpiGrowth(run, opts, "embodied_productivity");
}

/** exp(b) − 1 of the OLS slope b of the log yearly means of KPI `kpi` over the window. */
function kpiGrowth(run: Run, opts: FactOptions, kpi: string): Measure {
  const nt = noTechnology(run);
  if (nt) return na(nt);
  if (!run.hasKpi(kpi)) return na(`the run has no KPI ${kpi}`);
  const w = factWindow(run, opts, 3 * YEAR);
  if (typeof w === "string") return na(w);
  const y = blockMeans(run, [kpi], w, YEAR);
  if (typeof y === "string") return na(y);
  const means = y.cols[kpi];
  if (means.length < 3) {
    return na(`needs three whole years of ${kpi} in ${windowText(w)}`);
  }
  if (!means.every((m) => m > 0)) return na(`${kpi} is not positive over the window`);
  const { slope } = olsSlope(means.map((_, k) => k), means.map(Math.log));
  return {
    value: Math.expm1(slope),
    note: `exp(slope) − 1 of the log of ${means.length} yearly means of ${kpi} ` +
      `over ${windowText(w)}`,
  };
}

/** One technology node's diffusion curve in the window and its Bass fit. */
export interface NodeDiffusion {
  /** The node, as in its KPI `tech_adopters_<node>`. */
  node: string;
  /** Tick of its first adoption (its first nonzero share). */
  firstAdoption: number;
  /** Years since the first adoption of each monthly mean (the mean of its days). */
  years: number[];
  /** Monthly mean adopter shares. */
  shares: number[];
  /** The Bass curve fitted to them. */
  fit: BassFit;
}

/** The fitted nodes of a run and what became of the others. */
export interface Diffusion {
  /** The fitted nodes, by first adoption. */
  fits: NodeDiffusion[];
  /** Every `tech_adopters_<node>` KPI. */
  nodes: number;
  /** Nodes adopted at the run's first tick (roots of the technology tree). */
  roots: number;
  /** Nodes not adopted by the window's end. */
  unadopted: number;
  /** Nodes with too few months in the window, or whose share rose too little there. */
  short: number;
  /** The window. */
  window: Window;
}

/**
 * Bass fits of every technology node that diffuses inside the window, or why there are none.
 *
 * A node is fitted when its first nonzero share comes after the run's first tick (a root, at 1
 * from the start, has no diffusion to fit) and before the window's end, at least
 * {@linkcode MIN_DIFFUSION_MONTHS} whole months after its first adoption lie inside the window,
 * and its share rises by at least {@linkcode MIN_DIFFUSION_RISE} over them. Months are counted
 * from the first adoption (blocks of 365/12 days); only whole months inside the window count;
 * t is the mean of a month's days since the first adoption, in years.
 */
export function diffusionFits(run: Run, opts: FactOptions = {}): Diffusion | string {
  const nt = noTechnology(run);
  if (nt) return nt;
  const w = factWindow(run, opts, YEAR);
  if (typeof w === "string") return w;
  const names = run.kpiNames.filter((n) => n.startsWith(ADOPTERS_PREFIX));
  if (names.length === 0) return `the run has no ${ADOPTERS_PREFIX}<node> KPIs`;
  const ticks = run.ticks();
  const out: Diffusion = {
    fits: [],
    nodes: names.length,
    roots: 0,
    unadopted: 0,
    short: 0,
    window: w,
  };
  for (const name of names) {
    const s = run.kpiSeries(name);
    let first = -1;
    for (let i = 0; i < ticks.length && ticks[i] <= w.to; i++) {
      if (s[i] > 0 && s[i] < Infinity) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      out.unadopted++;
      continue;
    }
    if (first === 0) {
      out.roots++;
      continue;
    }
    const curve = monthlyCurve(ticks, s, ticks[first], w);
    const n = curve.shares.length;
    if (
      n < MIN_DIFFUSION_MONTHS ||
      !(Math.max(...curve.shares) - curve.shares[0] >= MIN_DIFFUSION_RISE)
    ) {
      out.short++;
      continue;
    }
    out.fits.push({
      node: name.slice(ADOPTERS_PREFIX.length),
      firstAdoption: ticks[first],
      ...curve,
      fit: fitBass(curve.years, curve.shares),
    });
  }
  out.fits.sort((a, b) => a.firstAdoption - b.firstAdoption || (a.node < b.node ? -1 : 1));
  return out;
}

/** Monthly means of a share from its first adoption, whole months inside the window only. */
function monthlyCurve(
  ticks: ArrayLike<number>,
  s: ArrayLike<number>,
  first: number,
  w: Window,
): { years: number[]; shares: number[] } {
  const sum = new Map<number, { share: number; days: number; n: number }>();
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i];
    if (t < first || t < w.from || t > w.to || !Number.isFinite(s[i])) continue;
    const k = Math.floor((t - first) / MONTH);
    // Whole months only: the month must start and end inside the window.
    if (first + k * MONTH < w.from || first + (k + 1) * MONTH > w.to + 1) continue;
    const b = sum.get(k) ?? { share: 0, days: 0, n: 0 };
    b.share += s[i];
    b.days += t - first;
    b.n++;
    sum.set(k, b);
  }
  const years: number[] = [];
  const shares: number[] = [];
  for (const k of [...sum.keys()].sort((a, b) => a - b)) {
    const b = sum.get(k)!;
    years.push(b.days / b.n / YEAR);
    shares.push(b.share / b.n);
  }
  return { years, shares };
}

/** "3 of 40 nodes (35 roots, 1 never adopted, 1 too short or flat)". */
function diffusionText(d: Diffusion): string {
  return `${d.fits.length} of ${d.nodes} ${ADOPTERS_PREFIX}<node> KPIs (${d.roots} roots, ` +
    `${d.unadopted} not adopted by the window's end, ${d.short} with under ` +
    `${MIN_DIFFUSION_MONTHS} months in the window or a rise under ${MIN_DIFFUSION_RISE})`;
}

function bassMedian(run: Run, opts: FactOptions, coef: "p" | "q"): Measure {
  const d = diffusionFits(run, opts);
  if (typeof d === "string") return na(d);
  if (d.fits.length === 0) {
    return na(`no technology diffuses inside ${windowText(d.window)}: ${diffusionText(d)}`);
  }
  return {
    value: quantile(d.fits.map((f) => f.fit[coef]), 0.5),
    note: `median Bass ${coef} per year of ${diffusionText(d)}, fitted on monthly means since ` +
      `first adoption over ${windowText(d.window)}`,
  };
}

/**
 * Bass coefficient of innovation p (per year): the median over the technology nodes that
 * diffuse inside the window (see {@linkcode diffusionFits}; at least a year after the burn-in)
 * of p fitted to the node's monthly adopter shares (`fitBass`, Bass 1969, Management Science
 * 15:215), t in years since the node's first adoption.
 *
 * Target 0.001–0.05: the meta-analysis of Sultan, Farley & Lehmann (1990, J. Marketing Research
 * 27:70) finds a mean p of 0.03, and Mahajan, Muller & Bass (1995, Marketing Science 14:G79)
 * review the estimates since Bass (1969) to the same effect; averages per innovation compiled by
 * C. Van den Bulte
 * lie mostly between 0.001 and 0.05 (tractors 0.007, cell phones 0.005, cable TV 0.021), with a
 * few outside (hybrid corn ≈ 0, instant cameras 0.09–0.14). A median over nodes is less spread
 * than single estimates, so the band keeps the bulk, not the extremes.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The median p, or NaN with a note (the note gives how many nodes were fitted).
 */
export function bassInnovationCoefficient(run: Run, opts: FactOptions = {}): Measure {
  return bassMedian(run, opts, "p");
}

/**
 * Bass coefficient of imitation q (per year): the median over the technology nodes that
 * diffuse inside the window of q fitted as for {@linkcode bassInnovationCoefficient}.
 *
 * Target 0.1–1: Sultan, Farley & Lehmann (1990, J. Marketing Research 27:70) find a mean q of
 * 0.38 (Mahajan, Muller & Bass 1995, Marketing Science 14:G79, review the same estimates); the
 * averages per innovation compiled by C. Van den Bulte lie mostly between 0.1 and 1 (tractors
 * 0.12, cable TV 0.27, cell phones 0.51, hybrid corn 0.80, disk drives 1.0). q well above p
 * (imitation dominates) gives the S shape of observed diffusion curves.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The median q, or NaN with a note (the note gives how many nodes were fitted).
 */
export function bassImitationCoefficient(run: Run, opts: FactOptions = {}): Measure {
  return bassMedian(run, opts, "q");
}

/**
 * Dispersion of productivity within sectors: the mean over the window (at least a year after
 * the burn-in) of KPI `tfp_dispersion`, each day the mean over sectors of the ratio of the 90th
 * to the 10th percentile of the living firms' total factor productivity.
 *
 * Target 1.8–4: within four-digit US manufacturing industries the 90/10 TFP ratio averages 1.92
 * (mean log difference 0.651, standard deviation 0.173 across industries, so about 1.4–2.7 for
 * most industries: Syverson 2004 as summarised in Syverson 2011, "What determines productivity?",
 * J. Econ. Lit. 49:326); in China and India it is about 5 and 7 (Hsieh & Klenow 2009, QJE
 * 124:1403, as Syverson reports them). The band starts just below the US mean and stops short of
 * the distorted economies: dispersion above the US level but well below China's.
 *
 * @param run The run.
 * @param opts Burn-in, window.
 * @returns The mean 90/10 ratio, or NaN with a note.
 */
export function productivityDispersion(run: Run, opts: FactOptions = {}): Measure {
  const nt = noTechnology(run);
  if (nt) return na(nt);
  return kpiMean(run, "tfp_dispersion", opts);
}
