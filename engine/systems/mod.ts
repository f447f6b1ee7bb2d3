/**
 * Every system. The scheduler sorts them by phase (environment, population, production,
 * markets, ..., bookkeeping); within a phase they run in the order listed here.
 * @module
 */
import type { System } from "../core/scheduler.ts";
import type { SimWorld } from "../world.ts";
import { bookkeeping } from "./bookkeeping.ts";
import { economyStats } from "./economy/economy_stats.ts";
import { firmDynamics } from "./economy/firm_dynamics.ts";
import { goodsMarket } from "./economy/goods_market.ts";
import { laborMarket } from "./economy/labor_market.ts";
import { migration } from "./economy/migration.ts";
import { production } from "./economy/production.ts";
import { environment } from "./environment.ts";
import { finance, monetaryPolicy } from "./finance/mod.ts";
import { government, taxesTransfers } from "./government/mod.ts";
import { population } from "./population/mod.ts";
import { technology, technologyStats } from "./technology/mod.ts";

/** The systems of the simulation. */
export const SYSTEMS: readonly System<SimWorld>[] = [
  environment,
  population,
  migration,
  production,
  taxesTransfers,
  laborMarket,
  goodsMarket,
  firmDynamics,
  technology,
  monetaryPolicy,
  finance,
  government,
  economyStats,
  technologyStats,
  bookkeeping,
];
