/**
 * The scenario schema: every parameter of a run with its type, range, default and a doc line.
 * YAML is validated against it (unknown keys, wrong types and out-of-range values are errors),
 * `docs/scenario.md` is generated from it, and the resolved {@link ScenarioConfig} is what
 * every system reads. No system hard-codes a rate, shape or size that belongs here.
 *
 * Every numeric parameter has a finite range on both sides, one the model handles: the
 * property test (`tests/scenario/scenario_property_test.ts`) runs scenarios drawn at and
 * beyond every edge. A parameter marked {@link fixed} is read only when the world is built
 * (or by the run, not the world), so a shock to it would do nothing: validation refuses
 * such shocks and says why.
 *
 * @module
 */
import { z } from "zod";
import {
  AT_START,
  fixed,
  int,
  NOT_IMPLEMENTED,
  num,
  RUN_SETTING,
  section,
  share,
} from "./schema_parts.ts";
import { finance } from "./finance_schema.ts";
import { government } from "./government_schema.ts";
import { housing } from "./housing_schema.ts";
import { technology } from "./technology_schema.ts";

export { AT_START, fixed, NOT_IMPLEMENTED, RUN_SETTING } from "./schema_parts.ts";

const spatial = fixed(
  section("The grid of tiles the world lives on.", {
    level: int("Tile zoom level (a level-7 tile is about 300 m across; informative).").min(0)
      .max(20).default(7),
    width_tiles: int("Grid width in tiles.").min(2).max(4096).default(128),
    height_tiles: int("Grid height in tiles.").min(2).max(4096).default(64),
    land_share: share("Target share of land tiles; the rest is sea around an island.").default(
      0.55,
    ),
    terrain_octaves: int("Octaves of the value-noise terrain.").min(1).max(8).default(4),
    terrain_feature_share: share("Wavelength of the coarsest terrain octave, share of the grid.")
      .min(0.01).default(0.5),
    terrain_persistence: share("Amplitude ratio of each terrain octave to the one before.")
      .default(0.5),
    terrain_falloff: num("Strength of the radial falloff that makes the grid's edge sea.").min(0)
      .max(10).default(0.6),
    terrain_relief_exponent: num(
      "Exponent shaping elevation: above 1, broad lowlands, few peaks.",
    ).min(0.1).max(10).default(2),
  }),
  AT_START,
);

const environment = section("Climate, land cover and natural resources of the tiles.", {
  temperature_equator_c: fixed(
    num("Mean annual temperature at the equator, degrees C.").min(-60).max(60).default(27),
    AT_START,
  ),
  temperature_pole_c: fixed(
    num("Mean annual temperature at the poles, degrees C.").min(-90).max(60).default(-10),
    AT_START,
  ),
  latitude_south_deg: fixed(
    num("Latitude of the grid's bottom row, degrees.").min(-90).max(90).default(30),
    AT_START,
  ),
  latitude_north_deg: fixed(
    num("Latitude of the grid's top row, degrees.").min(-90).max(90).default(50),
    AT_START,
  ),
  seasonal_amplitude_c: num("Half the summer-winter temperature swing at 45 degrees, C.").min(0)
    .max(40).default(10),
  lapse_rate_c: fixed(
    num("Temperature drop per unit of elevation (0..1 index), C.").min(0).max(60).default(12),
    AT_START,
  ),
  precipitation_mm_day: fixed(
    num("Mean precipitation, mm per day (above 0: without rain no land can be settled).")
      .min(0.05).max(30).default(2.5),
    AT_START,
  ),
  precipitation_seasonality: share("Relative seasonal swing of precipitation.").default(0.4),
  water_capacity: num("Water stock a tile holds when full, per unit of precipitation.").min(0)
    .max(100_000).default(100),
  water_recharge: share("Share of the day's precipitation that recharges the water stock.")
    .default(0.2),
  biomass_growth: share("Logistic regrowth rate of forest biomass per day.").default(0.0015),
  biomass_per_forest: num("Biomass capacity of a fully forested tile.").min(0).max(1e6).default(
    1000,
  ),
  mineral_mean: fixed(
    num("Mean mineral stock of a tile with deposits.").min(0).max(1e9).default(5000),
    AT_START,
  ),
  mineral_deposit_share: fixed(
    share("Share of land tiles with mineral deposits.").default(0.08),
    AT_START,
  ),
  mine_extraction_per_day: num("Ore a mine extracts per day at grade 1.").min(0).max(1e6)
    .default(5),
  harvest_share_per_day: share("Share of forest biomass an active harvest removes per day.")
    .default(0.002),
  cover_friction: share("Share of the gap to the target land cover closed per day.").default(
    0.002,
  ),
  urban_per_person: share("Urban cover (tile fraction) needed per resident.").default(0.0004),
  cropland_per_person: share("Cropland (tile fraction) that one resident's food needs.")
    .default(0.0015),
  summer_peak_day: int("Day of the year (0..364) of the warmest day north of the equator.")
    .min(0).max(364).default(200),
  precipitation_peak_day: int("Day of the year (0..364) of the wettest day north of the equator.")
    .min(0).max(364).default(15),
  precipitation_noise: share("Relative day-to-day noise of precipitation (uniform +-).")
    .default(0.3),
  precipitation_spatial: fixed(
    share("Relative spatial variation of mean precipitation.").default(0.3),
    AT_START,
  ),
  precipitation_orographic: fixed(
    num("Relative increase of mean precipitation at elevation 1.").min(0).max(10).default(0.6),
    AT_START,
  ),
  fertility_optimum_c: num("Temperature at which soil fertility peaks, C.").min(-30).max(50)
    .default(18),
  fertility_width_c: num("Temperature distance from the optimum that halves fertility, C.")
    .min(0.1).max(100).default(10),
  fertility_precip_half_mm: num("Precipitation (mm/day) at which fertility is half its peak.")
    .min(0.01).max(100).default(1),
  soil_variation: fixed(
    share("Relative spatial variation of soil quality.").default(0.5),
    AT_START,
  ),
  soil_elevation_loss: fixed(
    share("Share of soil quality lost at elevation 1.").default(0.6),
    AT_START,
  ),
  comfort_temperature_c: fixed(
    num("Annual mean temperature people find most comfortable, C.").min(-30).max(50).default(16),
    AT_START,
  ),
  comfort_width_c: fixed(
    num("Distance from the comfort temperature that halves comfort, C.").min(0.1).max(100)
      .default(10),
    AT_START,
  ),
  suitability_elevation_exponent: fixed(
    num("Exponent of (1 - elevation) in settlement suitability.").min(0).max(10).default(1.5),
    AT_START,
  ),
  forest_share_natural: fixed(
    share("Forest share of natural cover under ideal climate.").default(0.8),
    AT_START,
  ),
  cropland_initial_share: fixed(
    share("Cropland fraction at the start on the most fertile tiles.").default(0.3),
    AT_START,
  ),
  forest_regrowth_per_day: share(
    "Share of the gap to the initial forest cover that regrows from other cover per day.",
  ).default(0.0003),
  water_use_per_person: num("Water a resident withdraws per day.").min(0).max(100).default(0.001),
});

const population = fixed(
  section("Size of the synthetic population.", {
    persons: int("Number of person rows at the start.").min(1).max(50_000_000).default(50_000),
    use_representative_households: z.boolean().describe(
      "Each household row stands for `household_weight` households in aggregate KPIs.",
    ).default(false),
    household_weight: num("Households one household row stands for (needs the flag above).")
      .min(1).max(1_000_000).default(1),
  }),
  AT_START,
);

const mortalityShape = section(
  "Relative shape of the age hazard (Siler: infant + background + senescent terms), " +
    "scaled so the initial crude death rate equals mortality_base. Only the ratios of the " +
    "three terms matter; at least one must be above 0.",
  {
    infant: num("Infant term at age 0 (relative).").min(0).max(1000).default(0.05),
    infant_decay: num("Decay rate of the infant term per year of age.").min(0).max(20).default(
      1.2,
    ),
    background: num("Age-independent term (relative).").min(0).max(1000).default(0.0008),
    senescent: num("Senescent term at age 0 (relative).").min(0).max(1000).default(0.00003),
    senescent_rate: num(
      "Gompertz rate of the senescent term per year of age (human populations: 0.06-0.12).",
    ).min(0).max(0.5).default(0.095),
  },
);

const households = section(
  "Households: how the initial ones are formed, leaving home, and unions that form and " +
    "dissolve during the run (checked weekly; see engine/systems/population/partnership.ts).",
  {
    couple_share: fixed(
      share("Chance an adult woman lives with a partner at the start.").default(0.7),
      AT_START,
    ),
    partner_age_gap: num(
      "Mean age gap, man minus woman, years, of initial couples and of new unions (Europe: " +
        "about 2-3; Kolk 2015, European Journal of Population 31:365).",
    ).min(-30).max(30).default(2),
    leave_home_age: int("Persons younger than this live with their mother.").min(14).max(40)
      .default(25),
    single_men_with_parents: fixed(
      share("Chance an unpartnered man under 35 lives with his parents.").default(0.5),
      AT_START,
    ),
    leave_home_rate: share(
      "Yearly chance, on each birthday from leave_home_age, that an adult living with their " +
        "mother leaves to live alone (unions take others out earlier; in the EU about 3 in 10 " +
        "of those aged 25-34 still live with their parents, Eurostat).",
    ).default(0.15),
    elderly_with_family: fixed(
      share("Share of persons 75+ living with a younger household.").default(0.15),
      AT_START,
    ),
    partner_age_sd: num(
      "Spread (standard deviation) of the age gap around partner_age_gap, years.",
    ).min(0.5).max(15).default(3),
    union_rate: num(
      "Yearly hazard that an unpartnered woman forms a union, at union_mean_age (first-union " +
        "hazards of women peak near 0.2-0.25 a year in the late twenties).",
    ).min(0).max(1).default(0.25),
    union_mean_age: num("Age at which the union-formation hazard peaks, years.").min(16).max(60)
      .default(28),
    union_sd_young: num(
      "Spread of the union-formation hazard below union_mean_age, years (the quick rise of " +
        "first unions; Coale & McNeil 1972, JASA 67:743).",
    ).min(1).max(40).default(5),
    union_sd_old: num(
      "Spread of the union-formation hazard above union_mean_age, years (its slow fall, which " +
        "covers re-partnering after separation or widowhood).",
    ).min(1).max(40).default(12),
    union_min_age: int("Youngest age at which a person forms a union.").min(16).max(40).default(
      18,
    ),
    partner_search_tiles: int(
      "Partners are found in the 3 x 3 cells of this size (tiles) around the woman's home.",
    ).min(1).max(4096).default(8),
    partner_candidates: int(
      "Unpartnered men a woman forming a union meets; she takes the best match, or none if " +
        "none suits.",
    ).min(1).max(64).default(10),
    education_homogamy: num(
      "Log-odds penalty per education level between partners (educational assortative " +
        "mating; odds of homogamy about 2 per level; Schwartz & Mare 2005, Demography 42:621).",
    ).min(0).max(10).default(0.7),
    separation_rate: num(
      "Yearly hazard that a union dissolves, at separation_peak_years of duration (a hump: " +
        "rising, then falling with duration; Lyngstad & Jalovaara 2010, Demographic Research " +
        "23:257). The default ends about a third of unions.",
    ).min(0).max(1).default(0.03),
    separation_peak_years: num("Union duration at which the separation hazard peaks, years.")
      .min(0.5).max(50).default(5),
    elderly_move_age: int(
      "From this age, unpartnered persons who live alone may move in with a younger family.",
    ).min(50).max(120).default(75),
    elderly_move_rate: share(
      "Yearly chance that such a person moves in with a family a generation younger nearby " +
        "(co-residence with adult children in old age; Tomassini et al. 2004, Population " +
        "Trends 115:24).",
    ).default(0.04),
  },
);

const education = section("Schooling: levels 0 none, 1 primary, 2 secondary, 3 tertiary.", {
  school_start_age: int("Age at which primary school starts.").min(3).max(10).default(6),
  primary_years: int("Years of primary school.").min(1).max(10).default(6),
  secondary_years: int("Years of secondary school.").min(1).max(10).default(6),
  tertiary_years: int("Years of tertiary education.").min(1).max(10).default(4),
  secondary_completion: share("Share of primary graduates who complete secondary.").default(
    0.85,
  ),
  tertiary_entry: share("Share of secondary graduates who enter tertiary.").default(0.4),
  spending_elasticity: num(
    "With a government: rise of the log-odds of finishing secondary school and of entering " +
      "tertiary per unit of the log of education spending per student (relative to GDP per " +
      "resident, and to its level at the start) that a cohort was taught with. 1.8: with the " +
      "default rates and school years, a 10% rise sustained through school adds 0.31 years of " +
      "completed education, the estimate of Jackson, Johnson & Persico (2016), QJE 131:157 " +
      "(d years / d log spending = beta (6 p_s (1 - p_s) + 4 (p_t p_s (1 - p_s) + p_s p_t " +
      "(1 - p_t))) = 1.785 beta with p_s = 0.85, p_t = 0.4).",
  ).min(0).max(10).default(1.8),
});

const towns = fixed(
  section("Where people live: towns placed by tile suitability.", {
    count: int("Number of towns.").min(1).max(10_000).default(40),
    zipf_exponent: num("Exponent of the town-size rank distribution (Zipf).").min(0).max(5)
      .default(1.05),
    spread_tiles: num("Mean distance of a household from its town center, tiles.").min(0)
      .max(1000).default(1.5),
  }),
  AT_START,
);

const populationParams = section("Demography: fertility, mortality, households, schooling.", {
  fertility_base: num("Total fertility rate (children per woman over a lifetime).").min(0).max(
    10,
  ).default(1.9),
  mortality_base: num(
    "Crude death rate of the initial population, per person per year (scales the age hazard).",
  ).min(0.0005).max(0.2).default(0.009),
  pyramid_growth_rate: fixed(
    num(
      "Past growth rate per year that shaped the initial age pyramid (stable-population shape " +
        "e^(-r a) l(a)); higher means younger.",
    ).min(-0.05).max(0.06).default(0.008),
    AT_START,
  ),
  sex_ratio_at_birth: num("Boys per girl at birth.").min(0.5).max(2).default(1.05),
  male_mortality_ratio: num("Men's age hazard relative to women's.").min(0.5).max(3).default(
    1.25,
  ),
  fertility_mean_age: num("Mean age of mothers at birth, years.").min(15).max(49).default(29.5),
  fertility_sd_age: num("Standard deviation of the mother's age at birth, years.").min(1).max(
    15,
  ).default(5.8),
  fertility_min_age: int("Youngest age of the fertility schedule.").min(10).max(30).default(15),
  fertility_max_age: int("Oldest age of the fertility schedule.").min(30).max(60).default(49),
  max_age: fixed(int("Oldest possible age, years.").min(60).max(120).default(110), AT_START),
  skill_sigma: num("Log-sd of persons' skills around 1.").min(0).max(2).default(0.3),
  health_frailty: share("How strongly low health raises the death hazard (0 = not at all).")
    .default(0.5),
  health_decline_age: num("Age from which health declines.").min(0).max(120).default(50),
  health_decline_rate: share("Mean health lost per year after that age.").default(0.012),
  work_start_age: int("Earliest age of labor-force participation.").min(12).max(30).default(18),
  retirement_age: int("Age at which persons retire (above work_start_age).").min(40).max(100)
    .default(67),
  mortality_shape: mortalityShape,
  households,
  education,
  towns,
});

const recipe = z.strictObject({
  sector: z.string().optional().describe("Sector that makes this good."),
  inputs: z.record(z.string(), z.number().min(0).max(10)).optional().describe(
    "Units of each input good used per unit of output (0..10; together they must leave a " +
      "surplus, see economy.recipes).",
  ),
  consumer_share: z.number().min(0).max(100).optional().describe(
    "Budget share of households beyond subsistence (0 = not a consumer good; relative).",
  ),
  subsistence: z.number().min(0).max(10).optional().describe(
    "Units per person per day bought first (necessities such as food and energy).",
  ),
  perish_rate: z.number().min(0).max(1).optional().describe("Share of stock that spoils per day."),
});

const production = section("Firms' production function.", {
  function: z.enum(["cobb_douglas", "ces"]).describe("Value-added function of capacity and labor.")
    .default("cobb_douglas"),
  capital_elasticity: num(
    "Capacity's exponent (Cobb-Douglas) or share (CES); below 1, or labor would not matter.",
  ).min(0).max(0.9).default(0.3),
  ces_rho: num("CES substitution parameter rho (elasticity 1/(1-rho)); not 0.").min(-10).max(0.99)
    .default(-0.5),
  output_per_worker: num("Daily output of one average worker at the mean capacity.").min(0.001)
    .max(1e6).default(1),
  tfp_sigma: num(
    "Log-sd of firms' technology (TFP), at entry and in the long run (Syverson 2011, JEL 49:326: a 90/10 ratio " +
      "near 2 within industries, a log-sd near 0.25).",
  ).min(0).max(2).default(0.25),
  tfp_persistence: num(
    "Yearly autoregressive coefficient of a firm's log technology around the mean (1 = fixed " +
      "for life; Foster, Haltiwanger & Syverson 2008, AER 98:394: about 0.8 over five years).",
  ).min(0).max(1).default(0.95),
  size_pareto_alpha: num("Tail exponent of initial firm capacities (Pareto).").min(0.5).max(10)
    .default(1.2),
  schooling_return: num(
    "Log productivity gain per year of schooling (Mincer return; Psacharopoulos & Patrinos " +
      "2018: about 0.09).",
  ).min(0).max(0.5).default(0.09),
  learning_rate: num(
    "Daily relative gain of skills on the job at the start of a career; skill k gains this " +
      "x 8 x its weight in the sector, so productivity grows about 3.5% a year of work early " +
      "on with the default weights (returns to experience of 2-4% a year early in a career: " +
      "Lagakos et al. 2018, JPE 126:797), slowing with experience (experience_peak_years).",
  ).min(0).max(0.01)
    .default(0.00005),
  experience_peak_years: num(
    "Years of potential experience at which learning on the job has slowed to nothing: the " +
      "gain is learning_rate x (1 - x / this) at experience x, the slope of Mincer's " +
      "quadratic experience profile, flat after the peak (Murphy & Welch 1990, J. Labor " +
      "Econ. 8:202: log earnings peak about 30 years into a career).",
  ).min(1).max(80).default(30),
  skill_decay: num("Skill lost per day without work (relative, about 7% a year).").min(0).max(0.1)
    .default(0.0002),
  depreciation: num("Capacity lost per day.").min(0).max(0.1).default(0.0002),
  skill_update_days: int("Days between a person's skill updates (staggered by id).").min(1)
    .max(365).default(30),
});

const firmBehaviour = section("Firms' rules policy (set_price, post_vacancies, invest).", {
  inventory_cover_days: num("Base-stock target: days of expected sales held in stock.").min(0)
    .max(365).default(12),
  demand_memory: share("Weight of today's demand in expected demand (EMA).").default(0.05),
  price_step_max: num("Largest relative price change per decision (below 1: prices stay > 0).")
    .min(0).max(0.9).default(0.3),
  price_band: num(
    "Menu-cost inaction band: a firm reprices when its wanted price is more than this far " +
      "from its posted one, in log points (0 = every decision).",
  ).min(0).max(1).default(0.08),
  price_reset_chance: share(
    "Chance per decision that a firm reprices anyway, as in the CalvoPlus model (a free " +
      "menu-cost draw).",
  ).default(0.03),
  markup_step_max: share("Largest relative markup change per decision.").default(0.05),
  markup_reversion: share(
    "Share of the gap to the conventional markup (markup_norm) closed per decision.",
  ).default(0.02),
  markup_norm: fixed(
    z.enum(["uniform", "target_return"]).describe(
      "The conventional markup of each good (the goods' column markup_norm): uniform = " +
        "initial_markup for every good; target_return = the markup at which a firm at " +
        "target_utilisation replaces its machines and earns cost_of_capital on them and on its " +
        "working capital (target-return pricing: Lanzillotti 1958; Lavoie 2014, ch. 3), about " +
        "0.4 for goods made with machines (every good, when the scenario has a capital good).",
    ).default("uniform"),
    AT_START,
  ),
  stock_band: share("Stock within target x (1 +- band) leaves the markup alone.").default(0.2),
  effort_max: share(
    "Most overtime a firm's staff works, as a share of normal hours (paid at the premium).",
  ).default(0.3),
  overtime_when_profitable: z.boolean().describe(
    "true: a firm works overtime only while an hour's output, at its price less inputs, pays " +
      "the hour at the premium (marginal revenue against marginal cost; Ehrenberg 1971; Hart " +
      "2004). With stock_correction_days 90 and the labor flows calibrated with both (the " +
      "defaults since 2026-12-03) overtime is 2.3-3.0% of hours (the fact overtime_share; CPS: " +
      "2.7%) and prices stay level; false (scenarios/flexible_hours.yaml, the economy before): " +
      "hours flex to effort_max whatever they cost, overtime is about 12% of hours and vacancies " +
      "stay open twice as long as in JOLTS.",
  ).default(true),
  overtime_premium: num(
    "Extra pay per overtime hour, as a share of the normal wage (time and a half: 0.5).",
  ).min(0).max(5).default(0.5),
  stock_correction_days: num(
    "Days over which staffing plans to close the gap between the stock and its base-stock " +
      "target (the stock-management rule: desired output = expected sales + gap / these days; " +
      "Sterman 1989; Sterman 2000, ch. 17-19). 0: heads follow the sales trend and the stock " +
      "gap is closed on hours alone (Fair 1969), which with overtime_when_profitable leaves a " +
      'short firm no margin but its price (docs/economy.md, "Overtime that pays"); 0 in ' +
      "scenarios/flexible_hours.yaml. 270 is estimated with the labor flows (the least loss " +
      "over their seven facts among 90, 135, 180, 270 and 365 on five seeds of the 20k island; " +
      'docs/economy.md, "The stock adjustment time"): firms short of stock still post ' +
      "vacancies for it, but fewer, and vacancies fill in 36-37 days (JOLTS: 19-38) rather " +
      "than 42; the default was 90 before 2026-12-05.",
  ).min(0).max(3650).default(270),
  profit_memory: share("Weight of today's profit in the smoothed profit (EMA).").default(0.05),
  wage_step_max: num("Largest relative wage-offer change per decision (below 1: wages stay > 0).")
    .min(0).max(0.5).default(0.03),
  wage_indexation: share(
    "Share of the inflation firms expect (wage_expectations; by default the past twelve " +
      "months' CPI inflation), when positive, that they add to their wage offers over a year, " +
      "spread over their decisions (backward-looking wage " +
      "indexation: the cost-of-living clauses of wage contracts; the CPI term of the K+S wage " +
      "rule, Dosi et al. 2013, JEDC 37:1598; full indexation to lagged inflation in " +
      "Christiano, Eichenbaum & Evans 2005, JPE 113:1); held in the settling days, as the " +
      "central bank's decisions are (settle.ts). 0, the default: offers move only with " +
      "how fast vacancies fill, which leaves a long-run trade-off between inflation and " +
      'unemployment (docs/finance.md, "Wage indexation").',
  ).default(0),
  wage_expectations: z.enum(["past", "target"]).describe(
    "The inflation firms index their wage offers to (with wage_indexation): past = the CPI's " +
      "change over the past twelve months (adaptive, backward-looking: the default); target = " +
      "the central bank's inflation_target, expectations anchored on it (the anchored " +
      "expectations-augmented Phillips curve of Bernanke 2007, speech of 10 July, and Blanchard " +
      "2016, AER 106(5):31: wages drift with the target, so steady inflation at the target " +
      "needs no tighter labor market, and past inflation does not feed back into wages).",
  ).default("past"),
  wage_pass_through: num("Share of the gap to the offer an employee's wage closes per year.")
    .min(0).max(365).default(3),
  markup_floor: num("Lowest markup over unit cost a firm posts.").min(0).max(10).default(0.02),
  target_utilisation: num(
    "Utilisation (labor over capacity) a firm plans its capacity for; it invests toward the " +
      "capacity its expected demand needs at this utilisation.",
  ).min(0.1).max(1).default(0.85),
  invest_rate: share(
    "Share of the gap to the desired capacity closed per decision (0.006 a week: about a " +
      "quarter a year, the slow partial adjustment of capital stocks; Chirinko 1993, JEL 31:1875).",
  ).default(0.006),
  invest_hazard_base: num(
    "Lumpy investment (with invest_hazard_slope): a firm closes the whole gap to its desired " +
      "capacity with a chance per year of 1 - exp(-(base + slope z^2)), z the gap over its " +
      "capacity, and otherwise replaces what wears out (the generalized (S, s) hazard of " +
      "Caballero & Engel 1999, Econometrica 67:783). Both 0, the default: the gap is closed " +
      "smoothly at invest_rate per decision (partial adjustment).",
  ).min(0).max(365).default(0),
  invest_hazard_slope: num(
    "Lumpy investment: how fast the yearly adjustment hazard rises with the squared gap (see " +
      "invest_hazard_base).",
  ).min(0).max(1e6).default(0),
  invest_lead_days: num(
    "Lumpy investment: days over which the machines of a spike are delivered (time to build; " +
      "Kydland & Prescott 1982, Econometrica 50:1345; Mayer 1960, REStat 42:127).",
  ).min(1).max(3650).default(90),
  capacity_trend_memory: share(
    "Weight of today's sales in the slowly smoothed sales that lumpy capacity plans are made " +
      "for (EMA; used with invest_hazard_base or invest_hazard_slope).",
  ).default(1 / 365),
  trend_memory: share(
    "Weight of today's sales in the smoothed sales capacity and staff are planned for (EMA).",
  ).default(0.04),
  capital_output_ratio: num(
    "Years of value added (at design capacity, base prices) a firm's machines are worth; " +
      "sets the capital good needed per unit of capacity (Penn World Table: about 2-4).",
  ).min(0.01).max(20).default(2.5),
  collateral_share: share(
    "Share of the value of a firm's machines it may borrow against (besides working capital).",
  ).default(0.5),
  dividend_payout: share(
    "Share of cash above the buffer paid out on each dividend day, one a firm cycle " +
      "(`ai.cadence.firm_days`, weekly by default): also the speed at which dividends follow " +
      "profits.",
  ).default(0.3),
  cash_buffer_days: num("Days of wage bill a firm keeps as cash before paying dividends.").min(0)
    .max(3650).default(30),
  overdraft_days: num("Overdraft limit in days of wage bill; below it a firm exits.").min(0)
    .max(3650).default(30),
  entry_per_year: num(
    "New firms per year per 100 firms the population supports (the scenario's firm density " +
      "times today's population, split by sales), where the return on capital is twice the " +
      "cost of capital (entry stops where the return falls to it).",
  ).min(0).max(100).default(15),
  cost_of_capital: num(
    "Yearly real return entrants require on their capital (long-run real returns on " +
      "business capital: about 4-7%, Jordà et al. 2019, QJE 134:1225).",
  ).min(0).max(1).default(0.04),
  entry_pull_max: num("Largest multiple of the entry rate at high returns.").min(0).max(100)
    .default(3),
  entry_equity_share: share(
    "Share of an entrant's machines its founder pays (with the working capital); the rest " +
      "is borrowed against them.",
  ).default(0.5),
  entry_price_spread: share(
    "Log-sd of entrants' prices around the market price (lognormal, mean-preserving).",
  ).default(0.05),
  idle_exit_days: int("A firm without staff or output for this many days closes.").min(1)
    .max(3650).default(90),
  layoff_slack: share("Share of excess staff a firm keeps before laying off.").default(0.2),
  layoff_max: share("Largest share of staff laid off per decision.").default(0.05),
  supplier_visits: int(
    "Sellers a firm its input supplier rations may visit in a day: the supplier, then others " +
      "drawn by size for the rest (the rationed buyer's sequential search, Caiani et al. " +
      "2016, JEDC 69:375). 1: the supplier only, as before 2026-12-08.",
  ).min(1).max(8).default(1),
  input_cover_days: num(
    "Days of planned production held as input stock (at least 1: inputs bought today are " +
      "used tomorrow, so less than a day's stock caps output below the plan every day).",
  ).min(1).max(365).default(6),
});

const labor = section("Labor market: search, matching, quits and layoffs.", {
  search_sample: int(
    "Vacancies a searcher looks at per search (at most 62: each offer's non-wage value is drawn " +
      "from the same keyed stream, after the draws that pick the vacancies).",
  ).min(1).max(62).default(6),
  search_days: int("A searcher searches every this many days (staggered).").min(1).max(365)
    .default(3),
  on_the_job_search: share(
    "Daily chance an employed person searches too; a search meets a vacancy with the " +
      "unemployed's chance. 0.3 (the estimate of scenarios/calibrations/labor_flows.yaml, at " +
      "its bound) moves 2.3-2.5% of the employed straight to another employer a month (CPS: " +
      "about 2-2.6%; Fallick & Fleischman 2004, FEDS 2004-34; Fujita, Moscarini & Postel-Vinay " +
      "2024, AEJ: Macroeconomics). With hours that flex (scenarios/flexible_hours.yaml) 0.07 " +
      "gave 1.1-1.8%; with `overtime_when_profitable` alone, 0.2 gave 2.1-2.3%.",
  ).default(0.3),
  matching_efficiency: num(
    "Monthly job-finding rate at one vacancy per unemployed person (matching function scale; " +
      "set so the unemployed find jobs at CPS rates, 0.25-0.45 a month: Shimer 2012, RED 15:127). " +
      "0.6 (scenarios/calibrations/labor_flows.yaml) gives 0.27-0.33 a month, vacancies " +
      "filling in about 40 days. With `overtime_when_profitable` alone, 0.85 (its calibration) " +
      "gave 0.32-0.38 with vacancies that fill in about a month (JOLTS); with hours that flex " +
      "(scenarios/flexible_hours.yaml), 0.45.",
  ).min(0).max(30).default(0.6),
  callback_decline: share(
    "Share by which employers' callbacks to the unemployed fall over a long spell (time " +
      "constant 120 days; Kroft, Lange & Notowidigdo 2013: about 0.45).",
  ).default(0.45),
  age_finding_slope: num(
    "Fall of the log job-finding chance of an unemployed person per year of age, around age 40 " +
      "(older jobseekers get fewer callbacks: Neumark, Burn & Button 2019, JPE 127:922). 0.0177 " +
      "makes spells at 55-64 about 2.1 times as long as at 16-19, the ratio of the CPS mean " +
      "durations (2005: 23.9 against 10.1-12.5 weeks; BLS, Employment and Earnings, table 31). " +
      "0: every age alike.",
  ).min(0).max(0.2).default(0.0177),
  matching_elasticity: share(
    "Elasticity of matches to unemployment in the Cobb-Douglas matching function.",
  ).default(0.5),
  benefit_semi_elasticity: num(
    "Fall of the log job-finding rate per unit of the unemployment-benefit replacement rate, " +
      "while benefits are paid (with a government): recipients search less and choose more " +
      "(0.9: a 10-point higher replacement rate lengthens spells by about 9%, an elasticity of " +
      "durations to benefits of 0.5 at the OECD's 55%; Katz & Meyer 1990, J. Public Econ. 41:45; " +
      "Chetty 2008, JPE 116:173, 0.4-0.8). Search returns to normal when benefits run out, which " +
      "gives the spike of exits at exhaustion Katz & Meyer find.",
  ).min(0).max(10).default(0.9),
  amenity_sd: num(
    "Sd, in log points of the wage, of the non-wage value a worker puts on a job offer (drawn " +
      "per offer and kept with the job): workers take jobs and move between them for more than " +
      "pay. 0.1 gives each employer a labor supply elasticity of about 13 in a logit reading " +
      "(pi / (sqrt(6) x 0.1)), above the 4-6 that Card, Cardoso, Heining & Kline (2018) and " +
      "Lamadon, Mogstad & Setzler (2022) estimate, that is, employers' market power is not overstated.",
  ).min(0).max(2).default(0.1),
  distance_cost: share("Wage-equivalent cost of commuting one tile (share of wage).").default(
    0.01,
  ),
  max_commute_tiles: num("Longest accepted commute, tiles.").min(0).max(10_000).default(25),
  quit_rate: share(
    "Daily chance an employee quits into unemployment (job leavers are about a tenth of the " +
      "inflow into unemployment in the CPS, some 0.4% of the employed a month).",
  ).default(0.00015),
  discharge_rate: share(
    "Daily chance an employee is dismissed whatever the employer's staffing plan: the job " +
      "destruction of a match gone bad, exogenous as in Pissarides (2000, Equilibrium " +
      "Unemployment Theory, ch. 1), counted with layoffs. JOLTS counts layoffs and discharges of " +
      "1.1-1.4% of employment a month (2001-2019); with `overtime_when_profitable` the model's " +
      "firms that shrink or close make about 0.6%, and 0.0003 (0.9% a month, the calibration with " +
      "that rule alone) brings layoffs to 1.5%; with `stock_correction_days` 90 as well, 0.0002 " +
      "(scenarios/calibrations/labor_flows.yaml) gives 1.7-1.8%. 0 (scenarios/flexible_hours" +
      ".yaml, with hours that flex whatever they cost): layoffs are all the firms' own.",
  ).default(0.0002),
  reservation_decay: share(
    "Daily decay of an unemployed person's reservation wage (Krueger & Mueller 2016, AEJ: " +
      "Economic Policy 8:142: reservation wages fall only slowly over a spell).",
  ).default(0.005),
  fill_days_target: num(
    "Mean days a firm's vacancies may stay open (its vacancy-days over its hires, Little's " +
      "law) before its wage offer rises; filled in under half of it, the offer falls (mean " +
      "vacancy duration: about 30 days, Davis, Faberman & Haltiwanger 2013).",
  ).min(1).max(365).default(30),
  vacancy_draw: z.enum(["firm", "post"]).describe(
    "What a searcher's sample of vacancies draws: each open post once ('post', the default since " +
      "2026-12-08), so that a firm's hires grow with the vacancies it posts, as in search models " +
      "where every vacancy meets searchers at the same rate (Pissarides 2000, ch. 1; Davis, " +
      "Faberman & Haltiwanger 2013, QJE 128:581, find hires rising with vacancies at least in " +
      "proportion); or each firm with open vacancies once ('firm', the default until then), under " +
      "which a firm's hires a month are about the same whatever its size and large firms shrink " +
      'to where their separations equal them (docs/economy.md, "Hires that grow with vacancies").',
  ).default("post"),
  search_cell_tiles: int("Searchers look at vacancies in the 3 x 3 cells of this size around home.")
    .min(1).max(4096).default(8),
  initial_unemployment: fixed(
    share("Share of the labor force without a job at the start.").default(0.07),
    AT_START,
  ),
});

const householdBehaviour = section("Households' consumption and shopping.", {
  consume_income: share("Share of permanent income consumed.").default(0.9),
  consume_wealth: num(
    "Share of buffer wealth above target consumed per month (above 0: the buffer-stock " +
      "steady state holds (1 - consume_income) x 30 / consume_wealth days of income more).",
  ).min(0.001).max(1).default(0.15),
  buffer_months: num("Target buffer: months of permanent income held as money.").min(0).max(120)
    .default(4),
  demand_noise: num(
    "Daily sd of the aggregate demand shock (an AR(1) in the log of the propensity to spend).",
  ).min(0).max(0.1).default(0.004),
  demand_persistence: share("Daily persistence of the aggregate demand shock (AR(1) rho).")
    .default(0.99),
  thrift_sigma: num(
    "Log-sd of households' thrift: how many times the average buffer each one keeps.",
  ).min(0).max(3).default(0.9),
  income_memory: share("Weight of today's income in permanent income (EMA).").default(0.01),
  shopping_days: int("A household shops every this many days (staggered).").min(1).max(30)
    .default(7),
  seller_sample: int("Sellers of a good a household compares per trip.").min(1).max(32).default(
    3,
  ),
  price_sensitivity: num("Logit sensitivity of seller choice to log price.").min(0).max(20)
    .default(4),
  regular_sellers: z.boolean().describe(
    "Households keep a regular seller of each good (customer markets, Phelps & Winter 1970): " +
      "they buy from it first, and leave it only when it runs out or, by the switching rule " +
      "below, for the cheapest of the sellers they compare. Off: every trip chooses afresh " +
      "by the logit on price. Off by default: on, the firm-size tail grows thinner over five " +
      "years (a Hill exponent of 1.45-1.78 against 1.39-1.58 on five seeds), not fatter over " +
      "twenty, and consumption swings more than output (docs/economy.md).",
  ).default(false),
  taste_sigma: num(
    "Long-run log-sd of buyers' taste for each firm's variety, a persistent idiosyncratic " +
      "demand shifter that multiplies the firm's weight in buyers' draws (Foster, Haltiwanger & " +
      "Syverson 2008, AER 98:394; Hottman, Redding & Weinstein 2016, QJE 131:1291). A firm " +
      "with more customers than its capacity was planned for grows, so size follows a random " +
      "walk with a size-independent variance (Gibrat's law; the random growth of Luttmer 2007, " +
      "QJE 122:1103). 0: no taste shocks (as before 2026-12-07).",
  ).min(0).max(2).default(0),
  taste_persistence: num(
    "Yearly autoregressive coefficient of a firm's log taste around its mean (1 = fixed for " +
      "life).",
  ).min(0).max(1).default(0.9),
  switching_intensity: num(
    "How strongly a household with a regular seller reacts to a cheaper one it compared: it " +
      "switches with probability 1 - exp(-intensity x (p_regular - p_cheaper) / p_cheaper) " +
      "(the rule of Delli Gatti et al. 2010 and Caiani et al. 2016).",
  ).min(0).max(50).default(4),
});

const migration = section("Migration between tiles.", {
  check_days: int("A household reconsiders where it lives every this many days.").min(1)
    .max(3650).default(60),
  candidates: int("Destination tiles a household compares per check.").min(1).max(64).default(
    4,
  ),
  income_sensitivity: num("Logit sensitivity to the expected-income gain (share).").min(0)
    .max(100).default(6),
  distance_cost: num("Cost of moving one tile, as a share of annual income.").min(0).max(10)
    .default(0.01),
  policy_barrier: num("Fixed cost of any move, as a share of annual income (policy).").min(0)
    .max(100).default(0.2),
  base_rate: share("Largest chance a household moves per check.").default(0.02),
});

const ownership = section("Who owns the firms: an owning household and an equity fund.", {
  outside_share: fixed(
    share(
      "Share of each firm's equity held by an equity fund whose units households hold and " +
        "trade (the owning household holds the rest; entrants sell the fund their share as it " +
        "buys). About half of the business equity households hold is public, half private " +
        "(Moskowitz & Vissing-Jørgensen 2002). 0 turns the fund off: each firm belongs to its " +
        "owner alone.",
    ).default(0.5),
    AT_START,
  ),
  participation: fixed(
    share(
      "Share of households that hold the fund at the start, those with the most money above " +
        "their buffer; the smallest holding among them, in days of the mean household income, " +
        "is the least anyone holds later (a fixed cost of participating). 52.6% of US families " +
        "held stocks directly or through funds and retirement accounts in 2019 (Survey of " +
        "Consumer Finances, Bricker et al. 2020).",
    ).default(0.53),
    AT_START,
  ),
});

const economy = section("Sectors, goods, firms, markets and households.", {
  sectors: z.array(z.string().min(1)).min(1).max(255).describe("Sector names.").default([
    "agri",
    "manufacturing",
    "services",
  ]),
  goods: z.array(z.string().min(1)).min(1).max(64).describe("Good names.").default([
    "food",
    "tools",
    "energy",
    "services",
  ]),
  market_model: z.enum(["posted_price"]).describe("Goods market clearing model.").default(
    "posted_price",
  ),
  inventory_policy: z.enum(["base_stock"]).describe("Firms' inventory policy.").default(
    "base_stock",
  ),
  enable_supply_chain_latency: z.boolean().describe("Purchased inputs arrive after a delay.")
    .default(false),
  supply_latency_days: int("Delivery delay of purchased inputs, days.").min(1).max(60).default(5),
  firms: fixed(
    int("Initial number of firms (0 = firms_per_1000_persons).").min(0).max(10_000_000).default(
      0,
    ),
    AT_START,
  ),
  firms_per_1000_persons: fixed(
    num("Initial firms per 1000 persons when `firms` is 0.").min(0.1).max(1000).default(60),
    AT_START,
  ),
  initial_wage: fixed(
    num("Initial daily wage of an average worker (the currency unit).").min(1).max(1e6)
      .default(100),
    AT_START,
  ),
  initial_money_scale: fixed(
    num(
      "Households' initial money relative to the buffer-stock steady state of their income.",
    ).min(0).max(100).default(1),
    AT_START,
  ),
  settle_days: fixed(
    int(
      "Days the economy (with banks and the government when on) runs before day 0 on the " +
        "population the scenario built, held still (no births, deaths, ageing, moves, weather " +
        "or technological change; the central bank reads the CPI but holds its rate); the run " +
        "then starts at day 0 from the state those days " +
        "produced, their records dropped. The solved start balances its flows, but the model's " +
        "own steady state has stocks below target, markups above their norm and vacancies " +
        "open, and reaching it took a year of destocking and 14-17% inflation on tiny_island " +
        "(engine/settle.ts). 0 starts from the solve.",
    ).min(0).max(3650).default(730),
    AT_START,
  ),
  settle_passes: fixed(
    int(
      "Times the start is solved and settled. From the second pass on, the solve prices each " +
        "good at the markup the previous settle ended at (its makers' trend sales at their " +
        "prices over the same sales at normal unit cost) rather than at its norm, and the " +
        "world is settled again, so that prices, wages and money start in agreement with the " +
        "markups the price rule keeps (a fixed-point iteration on the start). With 1 the " +
        "settle's price rise, against wages and money that do not follow, begins runs in a " +
        "slump: on tiny_island with 8,000 persons, year-one unemployment 8.7%, 7.0% and 7.7% " +
        "on seeds 1-3 and the CPI down 2.7-4.0%, against 4.7%, 3.3% and 4.3% and -1.5% to " +
        "+0.5% with 2. Not the default: the markups do not converge good by good (a third " +
        "pass moves them again), the economy then runs hotter than after the slump, and the " +
        'labor flows were estimated with one pass (docs/economy.md, "Two passes of the ' +
        'start"). Each pass costs a settle.',
    ).min(1).max(3).default(1),
    AT_START,
  ),
  initial_markup: fixed(
    num(
      "Conventional markup over unit cost with firm_behaviour.markup_norm uniform: of the " +
        "initial prices, of entrants, and the one markups revert to (the goods' column " +
        "markup_norm, set at the start).",
    ).min(0).max(10).default(0.4),
    AT_START,
  ),
  capital_good: z.string().describe(
    'Good that firms buy to add capacity ("" = machinery, else tools, else none).',
  ).default(""),
  skill_weights: z.record(z.string(), z.array(z.number().min(0).max(1000)).length(8)).describe(
    "Per-sector weights of the 8 skills in a worker's productivity (overrides defaults; " +
      "relative, at least one above 0).",
  ).default({}),
  recipes: z.record(z.string(), recipe).describe(
    "Per-good overrides of the default recipe (sector, inputs, consumer share, subsistence). " +
      "The input coefficients must leave a surplus even at the conventional markup: " +
      "(1 + initial_markup, or the largest target-return markup with markup_norm " +
      "target_return) x their spectral radius below 1 (Hawkins-Simon).",
  ).default({}),
  production,
  firm_behaviour: firmBehaviour,
  labor,
  households: householdBehaviour,
  housing,
  ownership,
  migration,
});

const energy = fixed(
  section("Energy grid (subsystem not implemented yet; validated).", {
    dispatch_model: z.enum(["merit_order_lite"]).describe("Power dispatch model.").default(
      "merit_order_lite",
    ),
    grid_resolution: z.enum(["low", "medium", "high"]).describe("Grid resolution.").default(
      "low",
    ),
  }),
  NOT_IMPLEMENTED,
);

const politics = fixed(
  section("Government and elections (subsystem not implemented yet; validated).", {
    election_rule: z.enum(["PR", "FPTP"]).describe("Electoral rule.").default("PR"),
    gov_ai_control: z.boolean().describe("The government is driven by its AI provider.").default(
      false,
    ),
  }),
  NOT_IMPLEMENTED,
);

const provider = z.enum(["rules", "local", "remote"]);
const ai = section("Who drives decisions (AI layer not implemented yet: rules are used).", {
  mode: z.enum(["strict", "permissive", "off"]).describe("Safety gate mode.").default("strict"),
  cadence: section("Decision cadence, days.", {
    firm_days: int("Firms decide prices, vacancies and investment every N days.").min(1)
      .max(365).default(7),
    government_days: int(
      "Each government decides (its fiscal rule) every N days, closing N/365 of the rule's gap " +
        "each time (the pace of a yearly budget; all of it at N >= 365).",
    ).min(1).max(3650).default(30),
  }),
  providers: section("Provider per actor.", {
    firm: provider.describe("Firm decisions.").default("rules"),
    gov: provider.describe("Government decisions.").default("rules"),
    bank: provider.describe("Bank decisions.").default("rules"),
  }),
  budgets: fixed(
    section("Budgets for model calls.", {
      max_tokens_per_decision: int("Token budget of one decision.").min(1).max(1_000_000)
        .default(512),
      max_calls_per_tick: int("Model calls allowed per tick.").min(0).max(1_000_000).default(50),
    }),
    NOT_IMPLEMENTED,
  ),
  local_backend: z.enum(["ollama", "llama_cpp", "onnx"]).describe("Local model backend.")
    .default("ollama"),
  remote_backend: z.enum(["openai", "anthropic"]).describe("Hosted model backend.").default(
    "openai",
  ),
  model_map: section("Model names per role.", {
    local_default: z.string().describe("Local model.").default("q4_0:7b"),
    remote_default: z.string().describe("Hosted model.").default("gpt-4o-mini"),
  }),
});

const logging = section("What the run records and prints.", {
  decisions: z.enum(["off", "summary", "full"]).describe("Decision log detail.").default(
    "summary",
  ),
  kpi_interval_days: fixed(
    int("`main.ts run` prints headline KPIs every N days (the kpis dataset has every tick).").min(1)
      .max(
        3650,
      ).default(30),
    RUN_SETTING,
  ),
  deep_checks_days: int(
    "Every N days also check all float columns for NaN and every reference (bounds: daily).",
  ).min(1).max(3650).default(30),
  distribution_days: int(
    "Measure the distribution KPIs (median wage, firm-size tail, Ginis, poverty, the equity " +
      "fund's value) on the first day and every N days after it, and repeat the last " +
      "measurement in between (1 = daily). Nothing in the model reads them.",
  ).min(1).max(365).default(7),
});

const snapshot = fixed(
  section("Snapshots of the world state.", {
    interval_days: int(
      "Write a snapshot every N ticks, plus the start and the final state (0 = final only).",
    ).min(0).max(1_000_000).default(30),
    compression: z.enum(["zstd", "snappy", "none"]).describe("Parquet compression.").default(
      "zstd",
    ),
  }),
  RUN_SETTING,
);

const systems = section(
  "Switch subsystems on or off (population needs environment, economy needs population, migration needs economy).",
  {
    environment: z.boolean().describe("Climate, land cover and resources.").default(true),
    population: z.boolean().describe("Aging, births, deaths, schooling (needs environment).")
      .default(true),
    economy: z.boolean().describe("Firms, production, labor and goods markets (needs population).")
      .default(true),
    migration: z.boolean().describe("Households move between tiles (needs economy).").default(true),
    government: z.boolean().describe(
      "Polities and their governments: taxes, transfers, purchases, debt (needs economy).",
    ).default(false),
    technology: z.boolean().describe(
      "Technologies, R&D, imitation, embodied adoption and learning by doing (needs economy).",
    ).default(false),
  },
);

const shock = z.strictObject({
  at: int("Tick at which the shock starts.").min(0).max(10_000_000),
  parameter: z.string().describe(
    "Dotted path of a numeric parameter, e.g. economy.households.consume_income.",
  ),
  op: z.enum(["set", "add", "scale"]).describe("How the value changes the parameter.").default(
    "scale",
  ),
  value: num("The new value, the amount added or the factor (the result must be in range)."),
  duration: int("Ticks the shock lasts (0 = for the rest of the run).").min(0).max(10_000_000)
    .default(0),
});

/** Characters a scenario name may use: it names the output folder `snapshots/<name>/`. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The whole scenario schema. */
export const scenarioSchema = z.strictObject({
  name: z.string().regex(NAME_PATTERN, {
    message: "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit " +
      "(the name is the folder snapshots/<name>/)",
  }).refine((s) => !s.includes(".."), {
    message: "must not contain '..' (the name is the folder snapshots/<name>/)",
  }).describe("Scenario name (names the snapshot folder): 1-64 of A-Z a-z 0-9 . _ -, no '..'."),
  random_seed: fixed(
    int("Seed of every random draw.").min(0).max(2 ** 31 - 1).default(1),
    AT_START,
  ),
  ticks: fixed(
    int("Ticks (days) to run when the CLI gives no --ticks.").min(0).max(10_000_000).default(365),
    RUN_SETTING,
  ),
  dt_days: fixed(
    z.literal(1).describe("Days per tick (the engine runs daily ticks).").default(1),
    AT_START,
  ),
  spatial,
  environment,
  population,
  population_params: populationParams,
  economy,
  finance,
  government,
  technology,
  energy,
  politics,
  ai,
  logging,
  snapshot,
  systems,
  shocks: z.array(shock).describe("Scheduled parameter changes.").default([]),
});

/** A validated scenario with every default filled in. */
export type ScenarioConfig = z.output<typeof scenarioSchema>;
/** What a scenario file may contain (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** One scheduled shock. */
export type Shock = ScenarioConfig["shocks"][number];
