/**
 * The rules policy of firms, run on the firm cadence (`ai.cadence.firm_days`, staggered by
 * firm id). It decides through the verbs, exactly as an AI provider will:
 * - `set_price`: raise the wanted markup when stock is short of the base-stock target and
 *   the firm sells below the good's mean price, cut it when stock piles up and it sells
 *   above (each step a keyed random share of the largest step, so prices disperse), never
 *   below the markup floor. The posted price is sticky: it moves to the wanted price,
 *   (1 + markup) x normal unit cost, only when the two are more than `price_band` apart in
 *   logs, or on a free reset drawn with `price_reset_chance`. This is the (s, S) rule a menu
 *   cost implies (Sheshinski & Weiss 1977, REStud 44:287; Golosov & Lucas 2007, JPE
 *   115:171), with the random free repricings of the CalvoPlus model (Nakamura & Steinsson
 *   2010, QJE 125:961): prices stay put for months, change by sizeable steps when they
 *   move, and still follow persistent shifts in costs (wages) and demand;
 * - `post_vacancies`: staff for the sales trend (plus spoilage) and, with
 *   `stock_correction_days` above 0 (270 by default), for a share of the gap to the stock target
 *   (the stock-management rule); lay off staff beyond the need and the slack only at a loss
 *   (labor hoarding); raise the wage offer when its vacancies stay open longer than
 *   `fill_days_target` on average (by Little's law: vacancy-days over hires), shave it when
 *   they fill in under half of it or when laying off at a loss; with `wage_indexation`, add
 *   that share of the inflation they expect ({@link indexedWage}, {@link expectedInflation});
 * - `invest`: order machines to replace worn-out capacity and close a share (`invest_rate`)
 *   of the gap to the capacity the sales trend needs at `target_utilisation` (the flexible
 *   accelerator; see investment.ts), expanding only while profitable; the machines are
 *   bought day by day from the firm's capital-goods supplier, paid from cash and credit.
 *   With `invest_hazard_base` or `invest_hazard_slope` the gap is closed in spikes instead
 *   ({@link lumpyRate}: lumpy investment, off by default).
 *
 * @module
 */
import { uniform } from "../../core/rng.ts";
import type { SimWorld } from "../../world.ts";
import type { Recipes } from "./recipes.ts";
import { laborFor } from "./technology.ts";
import { capitalPerCapacity, desiredCapacity } from "./capital.ts";
import { orderCapacity } from "./investment.ts";
import { capitalCostFactor } from "./credit.ts";
import { postVacancies, setPrice } from "./verbs.ts";
import { lowestMarkup, stockSignal } from "./markup_norm.ts";
import { twelveMonthInflation } from "../finance/central_bank.ts";

/**
 * The CPI's change over the past twelve months, as firms read it: the run's own record once it
 * has a year of it (the KPI `inflation_annual`), before that the central bank's twelve-month
 * reading (with banks, it has read the CPI through the settling days); NaN when neither has a
 * year.
 */
export function pastYearInflation(world: SimWorld): number {
  const k = world.kpis.indexOf("inflation_annual");
  if (k >= 0 && world.kpis.rows >= 365) return world.kpis.lagged(k, 0) / 100;
  return twelveMonthInflation(world);
}

/**
 * The inflation firms index their wage offers to (`wage_expectations`): the past year's
 * ({@link pastYearInflation}: adaptive expectations, the default) or the central bank's
 * `inflation_target` (expectations anchored on it: Bernanke 2007; Blanchard 2016, AER 106(5):31,
 * on a US wage and price Phillips curve whose expected inflation has been the anchored target
 * since the 1990s).
 */
export function expectedInflation(world: SimWorld): number {
  const cfg = world.config;
  return cfg.economy.firm_behaviour.wage_expectations === "target"
    ? cfg.finance.central_bank.inflation_target
    : pastYearInflation(world);
}

/**
 * Wage offer `wage` indexed for one decision to the expected inflation `inflation`:
 * `wage_indexation` x inflation x `firm_days` / 365 on top, nothing when inflation is not
 * positive or not known. An expectations-augmented wage Phillips curve (Friedman 1968, AER
 * 58:1; Phelps 1968, JPE 76:678), with backward-looking expectations by default, as in the K+S
 * wage rule (Dosi et al. 2013, JEDC 37:1598) and the indexation of Christiano, Eichenbaum & Evans
 * (2005, JPE 113:1), or anchored ones ({@link expectedInflation}): without it wage offers rise
 * only while vacancies fill slowly, so steady inflation needs a permanently tighter labor market.
 * Falling prices are not passed on: nominal wage cuts are rare (Akerlof, Dickens & Perry 1996,
 * BPEA 1996(1):1).
 */
export function indexedWage(
  wage: number,
  inflation: number,
  cfg: SimWorld["config"],
): number {
  const iota = cfg.economy.firm_behaviour.wage_indexation;
  if (!(iota > 0 && inflation > 0)) return wage;
  return wage * (1 + (iota * inflation * cfg.ai.cadence.firm_days) / 365);
}

/** Takes the decisions of firm row `f` (whose turn it is today). */
export function decideFirm(
  world: SimWorld,
  f: number,
  key: number,
  r: Recipes,
): void {
  const cfg = world.config;
  const fb = cfg.economy.firm_behaviour;
  const F = world.tables.firms;
  const c = F.col;
  const G = r.goods;
  const id = F.ids[f];
  const g = c.product[f];
  const demand = c.expected_demand[f];
  const stock = c.inventory[f * G + g];
  const target = fb.inventory_cover_days * demand;

  // set_price: adapt the markup, then move the price toward (1 + markup) x normal unit cost
  // by at most one step, so prices follow costs (wages) as well as stock.
  const u = uniform(key, id, 0);
  let markup = c.markup[f];
  // A firm short of stock raises its markup only while it sells below the market's mean
  // price, and one with stock piling up cuts it only while it sells above: the price rule of
  // the CATS model (Delli Gatti, Desiderio, Gaffeo, Cirillo & Gallegati 2011, Macroeconomics
  // from the Bottom-up, ch. 3; Assenza, Delli Gatti & Grazzini 2015, JEDC 50:5). Relative
  // prices then mean-revert, so firm-level noise in stocks does not ratchet the price level.
  const market = world.tables.goods.col.basic_price[g];
  const signal = stockSignal(stock, target, fb.stock_band);
  if (signal < 0 && c.price[f] <= market) {
    markup *= 1 + u * fb.markup_step_max;
  } else if (signal > 0 && c.price[f] >= market) {
    markup *= 1 - u * fb.markup_step_max;
  }
  // Between signals the markup drifts back toward the conventional one: normal-cost pricing
  // with a customary margin (Hall & Hitch 1939, Oxford Econ. Papers 2:12; Godley & Lavoie
  // 2007, Monetary Economics, ch. 8), so stock signals move margins for a while but do not
  // ratchet the profit share.
  const norm = world.tables.goods.col.markup_norm[g];
  markup += fb.markup_reversion * (norm - markup);
  markup = Math.max(lowestMarkup(fb.markup_floor, norm), markup);
  c.markup[f] = markup;
  const old = c.price[f];
  const wanted = (1 + markup) * c.unit_cost[f];
  if (
    Math.abs(Math.log(wanted / old)) > fb.price_band || uniform(key, id, 2) < fb.price_reset_chance
  ) {
    const step = fb.price_step_max;
    setPrice(world, id, Math.min(old * (1 + step), Math.max(old * (1 - step), wanted)));
  }

  // post_vacancies
  // Staff for the sales trend: heads follow persistent demand, and hours (overtime, in
  // production) close transitory stock gaps, the split of labor demand between the extensive
  // and the intensive margin (Fair 1969; Sargent 1978, JPE 86:1009). With
  // `stock_correction_days` (tau) heads also plan for a share of the gap to the stock target:
  // the stock-management rule of system dynamics, desired output = expected sales + (target -
  // stock) / tau, and desired labor from desired output (Sterman 1989, Management Science
  // 35:321; Sterman 2000, Business Dynamics, ch. 17-19). Without it, a firm that works overtime
  // only while it pays and is short of stock sells what its staff make, staffs for those sales
  // and never posts the vacancy its demand calls for: its only margin is its price, and markups
  // climb toward where overtime pays (docs/economy.md, "Overtime that pays"). A gap closed over
  // months, not the stock's own cover of days, keeps the hires for it from outrunning the labor
  // market (closed over the cover, the old `staffing_lean_max`, vacancies reached 12% of jobs and
  // layoffs 2.5% a month; over a quarter, 6% of jobs stayed vacant, filling in 42 days, where
  // JOLTS has 3-4.5% filling in about a month). Tau is estimated with the labor flows
  // (docs/economy.md, "The stock adjustment time"); the literature does not pin it: aggregate
  // inventories close gaps to target slowly (Blinder & Maccini 1991, J. Econ. Perspect. 5:73),
  // firms much faster (Schuh 1996, FEDS 1996-46).
  const tau = fb.stock_correction_days;
  const sustain = c.trend_sales[f] * (1 + r.perish[g] * fb.inventory_cover_days);
  const plan = Math.max(0, sustain + (tau > 0 ? (target - stock) / tau : 0));
  const perHead = c.employees[f] > 0 ? c.labor_units[f] / c.employees[f] : 1;
  // With technologies, its machines make each worker more productive, and it also staffs its
  // R&D (researchers do not produce).
  const augment = cfg.systems.technology
    ? c.embodied[f] * Math.max(0.5, 1 - c.research_share[f])
    : 1;
  const needUnits = Math.min(
    laborFor(cfg, plan, c.capacity[f], c.technology[f]) / augment,
    2 * c.capacity[f],
  );
  // A firm that plans to produce needs at least one worker.
  const heads = plan > 0 ? Math.max(1, Math.round(needUnits / Math.max(0.05, perHead))) : 0;
  const emp = c.employees[f];
  let vacancies = 0;
  let layoffs = 0;
  if (heads > emp) vacancies = heads - emp;
  else {
    // Labor is a quasi-fixed factor (Oi 1962, JPE 70:538): hiring and firing cost, so a firm
    // hoards labor through a dip while it makes money (letting quits shrink its staff), and
    // lays off staff beyond the need by more than the slack only when it is losing money,
    // the inaction band that firing costs imply (Bentolila & Bertola 1990, REStud 57:381).
    const excess = emp - heads - Math.ceil(fb.layoff_slack * emp);
    if (excess > 0 && stock >= target && c.profit[f] < 0) {
      layoffs = Math.min(excess, Math.max(1, Math.floor(fb.layoff_max * emp)));
    }
  }
  const uw = uniform(key, id, 1);
  let wage = c.wage_offer[f];
  const fillTarget = cfg.economy.labor.fill_days_target;
  // How fast the firm fills its vacancies, by Little's law (Little 1961, Oper. Res. 9:383):
  // the vacancy-days it has had open over the hires they brought, the mean time a vacancy
  // stays open, as Davis, Faberman & Haltiwanger (2013, QJE 128:581) measure it from vacancy
  // stocks and hires. Until a hire comes it is the age of the vacancies now open. (Counting the
  // days until every vacancy was filled, a firm hiring all the time but always with some
  // vacancies open read as one that could not hire, and raised its offer at every decision.)
  const hired = c.hires_since[f];
  const open = c.vacancy_days[f];
  const duration = hired > 0 ? open / hired : open / Math.max(1, c.vacancies[f]);
  if (hired > 0 || c.vacancies[f] === 0) {
    c.vacancy_days[f] = 0;
    c.hires_since[f] = 0;
  }
  if (vacancies > 0 && duration > fillTarget) {
    wage *= 1 + uw * fb.wage_step_max;
  } else if (hired > 0 && duration < fillTarget / 2) {
    // Vacancies that fill in half the usual time say the offer is above what the market
    // asks: the firm shaves it (the decentralised wage search of Riccetti, Russo & Gallegati
    // 2015, J. Econ. Interact. Coord. 10:305), so wage offers fall when labor is plentiful
    // and rise when it is scarce, a wage Phillips curve.
    wage *= 1 - uw * fb.wage_step_max;
  } else if (layoffs > 0 && c.profit[f] < 0) {
    // Wages are cut only by firms in distress, shedding staff at a loss (nominal wages are
    // sticky downward; a profitable firm that needs fewer hands keeps its pay).
    wage *= 1 - uw * fb.wage_step_max;
  }
  // Indexation to the inflation firms expect, within the verb's bound on a decision's change.
  if (fb.wage_indexation > 0) {
    const indexed = indexedWage(wage, expectedInflation(world), cfg);
    if (indexed !== wage) {
      wage = Math.min(c.wage_offer[f] * (1 + fb.wage_step_max * (1 - 1e-6)), indexed);
    }
  }
  postVacancies(world, id, vacancies, wage, layoffs);

  // invest: replace the capacity worn out since the last decision and close a share of the
  // gap to the capacity the sales trend needs at the target utilisation (expanding only
  // while profitable), buying machines from the capital-goods sector. Capacity is planned
  // on the slow trend, not this month's demand: machines last years, and an accelerator on
  // noisy demand would amplify it many times over.
  // Capacity for the output that sustains the sales trend with the stock at its target (sales
  // plus spoilage, `sustain` above), not for closing a gap in the stock.
  // With banks, dearer credit lowers the capacity wanted (the user cost of capital).
  // Lumpy investment plans capacity on a slower trend of sales (`capacity_trend_memory`): a
  // spike on this month's sales would buy machines for noise, which cannot be sold back.
  const noMachines = capitalPerCapacity(world)[g] === 0;
  const lumpy = !noMachines && (fb.invest_hazard_base > 0 || fb.invest_hazard_slope > 0);
  const planned = lumpy
    ? c.capacity_sales[f] * (1 + r.perish[g] * fb.inventory_cover_days)
    : sustain;
  const want = desiredCapacity(cfg, planned, c.technology[f], fb.target_utilisation) *
    capitalCostFactor(world, f);
  if (noMachines) {
    // Firms that need no machines (a scenario without a capital good) staff up to the plan
    // freely.
    c.capacity[f] = Math.max(c.capacity[f], want);
  } else if (lumpy) {
    orderCapacity(world, f, lumpyRate(world, f, want - c.capacity[f], uniform(key, id, 4)));
  } else {
    const wear = cfg.economy.production.depreciation * cfg.ai.cadence.firm_days * c.capacity[f];
    const gap = want - c.capacity[f];
    const order = Math.max(0, wear + fb.invest_rate * (c.profit[f] > 0 ? gap : Math.min(0, gap)));
    // The order is bought over the coming cycle, a day's share at a time (investment.ts).
    orderCapacity(world, f, order / cfg.ai.cadence.firm_days);
  }
}

/**
 * Firm row `f`'s daily machine order (units of capacity) under lumpy investment, with the gap
 * `gap` to the capacity it wants and `draw` uniform on 0-1. A firm not in a spike starts one
 * with a chance that grows with its disequilibrium z = gap / capacity, the generalized (S, s)
 * hazard of Caballero & Engel (1999, Econometrica 67:783): 1 - exp(-(base + slope z^2) years)
 * over a decision's years, from fixed adjustment costs drawn afresh each period; it then
 * closes the whole gap (a spike: Doms & Dunne 1998, RED 1:409; Cooper & Haltiwanger 2006,
 * REStud 73:611), the machines delivered evenly over `invest_lead_days` (time to build), and
 * only while it makes money. Between spikes it replaces what wears out (maintenance); above
 * the capacity it wants it replaces less, closing the gap at `invest_rate` as without lumpy
 * investment, since machines cannot be sold back (irreversibility: Abel & Eberly 1996, REStud
 * 63:581). In the aggregate the share of firms that adjust rises with the shock, so investment
 * answers large shocks more than a partial adjustment at the same mean speed does (Caballero,
 * Engel & Haltiwanger 1995, BPEA 1995(2):1). Measured effects and costs: docs/economy.md,
 * "Lumpy investment".
 */
export function lumpyRate(world: SimWorld, f: number, gap: number, draw: number): number {
  const cfg = world.config;
  const fb = cfg.economy.firm_behaviour;
  const c = world.tables.firms.col;
  const capacity = c.capacity[f];
  const days = cfg.ai.cadence.firm_days;
  const wear = cfg.economy.production.depreciation * capacity;
  const tick = world.tick;
  if (gap <= 0) {
    // Above the capacity it wants, a firm replaces less than wears out, closing the gap at the
    // partial-adjustment rate, as without lumpy investment.
    c.invest_until[f] = 0;
    c.spike_rate[f] = 0;
    return Math.max(0, wear + (fb.invest_rate * gap) / days);
  }
  // A spike under way keeps its delivery schedule: the rate set when it was ordered.
  if (c.invest_until[f] > tick) return wear + c.spike_rate[f];
  c.invest_until[f] = 0;
  c.spike_rate[f] = 0;
  const z = capacity > 0 ? gap / capacity : 0;
  const chance = 1 -
    Math.exp(-(fb.invest_hazard_base + fb.invest_hazard_slope * z * z) * (days / 365));
  if (!(draw < chance && c.profit[f] > 0)) return wear;
  const lead = Math.max(days, Math.round(fb.invest_lead_days));
  c.invest_until[f] = tick + lead;
  c.spike_rate[f] = gap / lead;
  return wear + c.spike_rate[f];
}
