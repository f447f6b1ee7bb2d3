/**
 * The `government` section of the scenario: polities and the fiscal state of each (issue 11).
 * Read when `systems.government` is on. Every lever the rules policy or an AI provider may move
 * (tax rates, transfers, purchases) starts at the value given here, or at a polity's own
 * override, and then lives in the `polities` table, where the verbs of
 * `systems/government/verbs.ts` change it.
 *
 * Money amounts are in multiples of the polity's average wage (OECD, "Taxing Wages", states
 * brackets and benefits the same way), so a scenario's fiscal settings do not depend on its
 * price level.
 *
 * @module
 */
import { z } from "zod";
import { AT_START, fixed, int, num, section, share } from "./schema_parts.ts";

/** Why shocks may not change a lever: the scenario gives its starting value only. */
const STARTING_LEVER = "the starting value of a lever in the polities table; during a run the " +
  "government's verbs (set_tax_rate, set_transfers, set_purchases, set_education, " +
  "set_public_investment) change it";

/** The levers a polity may set apart from the section's defaults. */
const levers = {
  income_tax_scale: num(
    "Multiplier of every income-tax bracket rate (1: the schedule as given; set_tax_rate moves " +
      "it).",
  ).min(0).max(3),
  contribution_rate: share("Employees' social contributions, as a share of gross wages."),
  employer_contribution_rate: share(
    "Employers' social contributions, as a share of gross wages, paid by the employer on top " +
      "of them.",
  ),
  vat_rate: num("Value-added tax on consumer goods, as a share of the price before tax.").min(0)
    .max(1),
  profit_tax_rate: share("Tax on firms' positive profits."),
  unemployment_replacement: share(
    "Unemployment benefit as a share of the person's last wage.",
  ),
  unemployment_days: int("Days an unemployment spell is paid benefits.").min(0).max(3650),
  pension_replacement: share("Pension as a share of the person's career-average wage."),
  pension_floor: share("Lowest pension, as a share of the polity's average wage."),
  child_benefit: share("Benefit per child under 18 per day, as a share of the average daily wage."),
  purchases_share: share(
    "Goods the government buys (public consumption), as a share of its trend GDP.",
  ),
  education_share: share(
    "Public spending on education (schools and universities), as a share of trend GDP.",
  ),
  investment_share: share(
    "Public investment (capital goods for the public capital stock), as a share of trend GDP.",
  ),
};

const bracket = z.strictObject({
  above: num(
    "Annual income, in multiples of the average annual wage, from which the rate applies.",
  ).min(0).max(1000),
  rate: share("Marginal rate on income above `above` (up to the next bracket)."),
});

const polity = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, {
    message: "use 1-32 letters, digits, '_' or '-'",
  }).describe("Name of the polity."),
  x: z.tuple([int("First column.").min(0), int("Last column.").min(0)]).describe(
    "Columns of its tiles, first and last (inclusive).",
  ).default([0, 4095]),
  y: z.tuple([int("First row.").min(0), int("Last row.").min(0)]).describe(
    "Rows of its tiles, first and last (inclusive).",
  ).default([0, 4095]),
  ...Object.fromEntries(
    Object.entries(levers).map(([k, v]) => [k, v.optional()]),
  ) as { [K in keyof typeof levers]: z.ZodOptional<(typeof levers)[K]> },
});

const fiscalRule = section(
  "The rules policy of each government, applied every `ai.cadence.government_days`: public " +
    "purchases move toward the balance the rule asks for, and the income-tax scale when " +
    "purchases reach their bounds.",
  {
    debt_target: num(
      "Debt-to-GDP ratio above which the rule asks for surpluses (60%: the Maastricht criterion).",
    ).min(0).max(5).default(0.6),
    deficit_target: num(
      "Structural deficit, as a share of trend GDP, the rule allows while debt is below its " +
        "target (0.35%: the limit of Germany's debt brake, Basic Law art. 115; the Swiss debt " +
        "brake aims at 0).",
    ).min(-0.2).max(0.2).default(0.0035),
    debt_response: num(
      "Rise of the balance the rule asks for per unit of debt/GDP above its target (0.05: the " +
        "upper range of the fiscal reaction estimated by Bohn 1998, QJE 113:949).",
    ).min(0).max(1).default(0.05),
    max_step: share("Largest change of purchases (share of trend GDP) per decision.").default(
      0.005,
    ),
    tax_scale_step: num("Largest change of the income-tax scale per decision.").min(0).max(1)
      .default(0.02),
    purchases_bounds: z.tuple([share("Lowest share."), share("Highest share.")]).describe(
      "Bounds of public purchases as a share of trend GDP.",
    ).default([0.02, 0.35]),
    tax_scale_bounds: z.tuple([num("Lowest scale.").min(0).max(3), num("Highest.").min(0).max(3)])
      .describe("Bounds of the income-tax scale the rule may set.").default([0.5, 2]),
  },
);

const approval = section(
  "Approval of each government from the economy: a popularity function (Nannestad & Paldam " +
    "1994, Public Choice 79:213, survey popularity falling about 0.6 points per point of " +
    "unemployment and of inflation), smoothed.",
  {
    unemployment_weight: num("Points of approval lost per point of unemployment.").min(0).max(10)
      .default(0.6),
    inflation_weight: num("Points lost per point of annual inflation away from 2%.").min(0).max(10)
      .default(0.6),
    income_weight: num("Points gained per point of annual growth of real disposable income.")
      .min(0).max(10).default(0.6),
    memory_days: int("Days over which approval adjusts (an exponential mean).").min(1).max(3650)
      .default(90),
  },
);

const publicEmployment = section(
  "Public employment: the government's agencies hire through the labor market and pay their " +
    "staff out of the budgets for public purchases and education (what is left buys goods).",
  {
    purchases_staff_share: share(
      "Share of the public-purchases budget paid as wages to public employees outside education " +
        "(0.45: OECD general government compensation of employees is about 10% of GDP, of which " +
        "education about 3.4 points, out of final consumption of about 18%; OECD, Government at " +
        "a Glance 2021).",
    ).default(0.45),
    education_staff_share: share(
      "Share of the education budget paid as wages to teachers and other school staff (0.75: " +
        "staff compensation is about three quarters of current spending on primary to tertiary " +
        "institutions; OECD, Education at a Glance 2023, indicator C6).",
    ).default(0.75),
    district_tiles: int(
      "Side of the square districts, in tiles: each polity has one agency per service in every " +
        "district where people live at the start, sited on its most populous tile.",
    ).min(1).max(4096).default(16),
    sector: z.string().nullable().describe(
      "Sector whose skill weights make a public employee productive (null: `services` if the " +
        "economy has it, else its last sector).",
    ).default(null),
    pay_premium: num(
      "Public pay per labor unit over the polity's private pay per labor unit, less 1 (0: pay " +
        "comparability; the OECD public-sector premium is near zero once education is " +
        "controlled for, Gregory & Borland 1999, Handbook of Labor Economics 3C).",
    ).min(-0.5).max(1).default(0),
    layoff_margin: share(
      "Agencies lay off staff only when their wage bill exceeds their budget by more than this " +
        "share (below it they shrink by not replacing leavers, as public employers mostly do).",
    ).default(0.1),
    job_value: num(
      "Value of a public job beyond its pay, in log points (security, pensions, hours): every " +
        "agency's offer carries it and it stays with the employee as the job's non-wage value, " +
        "so public employees leave for a firm only for that much more (a compensating " +
        "differential: Bradley, Postel-Vinay & Turon 2017, JEEA 15:1214, find lower job loss " +
        "and queues for public jobs; in JOLTS government separations run under 2% a month " +
        "against about 4% in private industry). 0: a public job is worth its pay. Estimated at " +
        "0.49 with the government's labor flows (scenarios/calibrations/" +
        "labor_flows_government.yaml), which two_polities sets.",
    ).min(0).max(1).default(0),
  },
);

const bondsSection = section(
  "Government bonds, with banks on (`finance.simulate_banks`): the deficit is financed by bonds " +
    "that the banks buy in proportion to their deposits (and the central bank its share), " +
    "interest is paid on the stock every day, and maturing bonds are rolled over.",
  {
    maturity_years: num(
      "Average term to maturity: each day 1/(365 x this) of every holding matures and is " +
        "refinanced at the day's yield (about 7 years in OECD countries; OECD Sovereign " +
        "Borrowing Outlook 2023).",
    ).min(0.1).max(50).default(7),
    term_premium: num(
      "Yield of new bonds over the policy rate (about one point for a 5-10 year bond, the mean " +
        "term premium of Adrian, Crump & Moench 2013, JFE 110:110).",
    ).min(-0.05).max(0.2).default(0.01),
    central_bank_share: share(
      "Share of each issue the central bank buys (0: no monetary financing, as art. 123 of the " +
        "EU Treaty forbids; its holdings pay no net interest, as it remits its income).",
    ).default(0),
  },
);

/** The government section. */
export const government = section(
  "Polities and their governments: taxes, transfers, purchases, debt and a fiscal rule (issue " +
    "11). Read when systems.government is on.",
  {
    polities: fixed(
      z.array(polity).min(1).max(64).describe(
        "The polities, each a rectangle of tiles (every tile in exactly one); a polity may set " +
          "its own starting levers (the keys of this section's levers).",
      ).default([{ name: "state", x: [0, 4095], y: [0, 4095] }]),
      AT_START,
    ),
    income_tax: z.array(bracket).min(1).max(16).describe(
      "Brackets of the progressive income tax on wages, lowest first (defaults: a schedule " +
        "whose average rate at the average wage is 11%, near the OECD mean of 13-15% for a " +
        "single worker; OECD 2023, Taxing Wages).",
    ).default([
      { above: 0, rate: 0 },
      { above: 0.25, rate: 0.15 },
      { above: 1, rate: 0.3 },
      { above: 2.5, rate: 0.42 },
    ]),
    income_tax_scale: fixed(
      levers.income_tax_scale.default(1),
      STARTING_LEVER,
    ),
    contribution_rate: fixed(
      levers.contribution_rate.describe(
        "Employees' social contributions, as a share of gross wages (8.2%: the OECD mean in 2022, " +
          "Taxing Wages 2023).",
      ).default(0.082),
      STARTING_LEVER,
    ),
    employer_contribution_rate: fixed(
      levers.employer_contribution_rate.describe(
        "Employers' social contributions, as a share of gross wages, paid by firms on top of the " +
          "wages they pay (the third part of the OECD tax wedge; public employers are the " +
          "government and pay none). 23.2% closes the tax wedge on the average wage, (income tax " +
          "+ employees' and employers' contributions) / (gross wage + employers' contributions), " +
          "to the OECD mean of 34.6% for a single worker in 2021 (Taxing Wages 2022) with the " +
          "default schedule (11.25% at the average wage) and employees' 8.2%.",
      ).default(0.232),
      STARTING_LEVER,
    ),
    vat_rate: fixed(
      levers.vat_rate.describe(
        "Value-added tax on consumer goods, as a share of the price before tax, on all of them: " +
          "the effective rate (10.7%: the OECD mean standard rate of 19.2% times its mean VAT " +
          "revenue ratio of 0.56, as exemptions and reduced rates narrow the base; OECD " +
          "Consumption Tax Trends 2022); firms post prices before tax.",
      ).default(0.107),
      STARTING_LEVER,
    ),
    profit_tax_rate: fixed(
      levers.profit_tax_rate.describe(
        "Tax on firms' positive profits (23.6%: the OECD mean combined statutory rate, Corporate " +
          "Tax Statistics 2023).",
      ).default(0.236),
      STARTING_LEVER,
    ),
    unemployment_replacement: fixed(
      levers.unemployment_replacement.describe(
        "Unemployment benefit as a share of the person's last wage (about 55% in the first year " +
          "of a spell, OECD mean net replacement rate, OECD Benefits and Wages 2022).",
      ).default(0.55),
      STARTING_LEVER,
    ),
    unemployment_days: fixed(
      levers.unemployment_days.describe(
        "Days an unemployment spell is paid (the OECD median maximum duration is about 12 months).",
      ).default(365),
      STARTING_LEVER,
    ),
    pension_replacement: fixed(
      levers.pension_replacement.describe(
        "Pay-as-you-go pension as a share of the person's career-average wage (50.7%: the OECD " +
          "mean gross replacement rate of mandatory schemes for an average earner, Pensions at a " +
          "Glance 2023).",
      ).default(0.507),
      STARTING_LEVER,
    ),
    pension_floor: fixed(
      levers.pension_floor.describe(
        "Lowest pension, as a share of the polity's average wage (the OECD safety-net benefit for " +
          "older people averages about 20% of average earnings, Pensions at a Glance 2023).",
      ).default(0.2),
      STARTING_LEVER,
    ),
    flat_pensions: z.boolean().describe(
      "Every retiree gets `pension_replacement` of the average wage instead of the share of " +
        "their own career-average wage.",
    ).default(false),
    career_memory_years: num(
      "Years over which a person's career-average wage averages wages (an exponential mean).",
    ).min(1).max(60).default(20),
    child_benefit: fixed(
      levers.child_benefit.describe(
        "Benefit per child under 18 per day, as a share of the average daily wage (5%: cash family " +
          "benefits of about 1.1% of GDP, OECD Family Database PF1.1).",
      ).default(0.05),
      STARTING_LEVER,
    ),
    purchases_share: fixed(
      levers.purchases_share.describe(
        "Goods the government buys besides education, as a share of its trend GDP (OECD general " +
          "government final consumption is about 18% of GDP, OECD National Accounts at a Glance, " +
          "of which education about 4.5 points); `public_employment.purchases_staff_share` of it " +
          "pays public employees, the rest buys goods.",
      ).default(0.135),
      STARTING_LEVER,
    ),
    education_share: fixed(
      levers.education_share.describe(
        "Public spending on education, as a share of trend GDP (about 4.5%: public expenditure on " +
          "primary to tertiary education in OECD countries, Education at a Glance 2023, " +
          "indicator C4). `public_employment.education_staff_share` of it pays school staff, the " +
          "rest buys goods like public purchases; the fiscal rule does " +
          "not move it; spending per student sets how many of each cohort finish secondary " +
          "school and enter tertiary (`population_params.education.spending_elasticity`).",
      ).default(0.045),
      STARTING_LEVER,
    ),
    investment_share: fixed(
      levers.investment_share.describe(
        "Public investment, as a share of trend GDP, ordered every day and bought from the " +
          "capital-goods makers with the public purchases (3.3%: general government investment " +
          "averaged 3.3% of GDP across OECD countries in 2019, OECD Government at a Glance 2021, " +
          "Figure 2.32). Counted in GDP's investment; the fiscal rule does not move it; " +
          "`invest_public` orders more at once, `set_public_investment` changes the share.",
      ).default(0.033),
      STARTING_LEVER,
    ),
    cash_buffer_days: int(
      "Days of spending the government keeps in its account; below, it borrows from the " +
        "central bank; above, it repays debt.",
    ).min(0).max(365).default(30),
    public_employment: publicEmployment,
    bonds: bondsSection,
    fiscal_rule: fiscalRule,
    approval,
  },
);

/** A polity as the scenario declares it. */
export type PolityConfig = z.output<typeof polity>;
/** The levers a polity may override. */
export const LEVERS = Object.keys(levers) as (keyof typeof levers)[];
