/**
 * The `finance` section of the scenario: banks, loans and the central bank (issue 10). The
 * banking subsystem runs when both `enable_banks` (the scenario's wish, as the spec's YAML
 * writes it) and `simulate_banks` (tiny_island sets it; off by default so that a scenario
 * written before banks ran keeps its economy) are true; otherwise firms keep the overdraft of
 * `economy/credit.ts` and nothing here is read.
 *
 * @module
 */
import { z } from "zod";
import { AT_START, fixed, int, num, section, share } from "./schema_parts.ts";

/**
 * Bounds of the real growth the base-money rule assumes, `potential_growth` or what the central
 * bank learns it to be (`growth_learning`), per year.
 */
export const ASSUMED_GROWTH = { min: -0.05, max: 0.1 } as const;

const centralBank = section(
  "The central bank: a Taylor rule and a corridor of standing facilities.",
  {
    inflation_target: num(
      "Inflation target, per year (2%: the Fed's and the ECB's; Taylor 1993).",
    ).min(-0.05).max(0.2).default(0.02),
    neutral_real_rate: num(
      "Neutral real policy rate r* the central bank starts from, per year (2% in Taylor 1993, " +
        "Carnegie-Rochester 39:195); it revises it by `neutral_rate_learning`.",
    ).min(-0.05).max(0.2).default(0.02),
    inflation_response: num(
      "Taylor coefficient on the inflation gap (1.5 in Taylor 1993; above 1 the Taylor principle " +
        "holds: the real rate rises with inflation).",
    ).min(0).max(10).default(1.5),
    unemployment_response: num(
      "Taylor coefficient on the unemployment gap (1.0: Taylor's 0.5 on the output gap times an " +
        "Okun coefficient of about 2, Ball, Leigh & Loungani 2017, JMCB 49:1413).",
    ).min(0).max(10).default(1),
    neutral_rate_learning: num(
      "How fast the central bank revises its estimate of the neutral real rate r* from the " +
        "inflation gap, per year: each decision adds this x (inflation - target) x the years " +
        "since the last one, so a persistent gap reveals a misjudged r* (Laubach & Williams " +
        "2003, REStat 85:1063; Orphanides & Williams 2002, BPEA 2002(2):63). Equivalent to an " +
        "integral term on the inflation gap; 0 keeps r* at `neutral_real_rate`.",
    ).min(0).max(10).default(0.5),
    nairu_memory_days: int(
      "Days over which the central bank's estimate of the natural unemployment rate averages " +
        "unemployment (an exponential mean; the unemployment gap is measured from it).",
    ).min(30).max(36500).default(1825),
    rate_smoothing: share(
      "Weight of the previous policy rate at each decision (interest-rate smoothing). 0.8 a " +
        "42-day meeting is 0.62 a quarter, below the 0.8 a quarter Clarida, Gali & Gertler " +
        "(2000, QJE 115:147) estimate, which is 0.90 a meeting; at 0.90 the policy rate moves " +
        "more slowly and two same-seed experiments of the tests lose their effect " +
        '(docs/finance.md, "Transmission, as same-seed experiments").',
    ).default(0.8),
    cadence_days: int("Days between policy decisions (42: the FOMC's eight meetings a year).")
      .min(1).max(365).default(42),
    rate_floor: num("Lowest policy rate (0: the zero lower bound), per year.").min(-0.05).max(0.1)
      .default(0),
    rate_ceiling: num("Highest policy rate set_policy_rate accepts, per year.").min(0.01).max(1)
      .default(0.3),
    corridor_width: num(
      "Width of the corridor between the deposit and lending facilities, per year (the policy " +
        "rate sits in its middle; 1 point as the ECB before 2019; Poole 1968, J. Finance 23:769).",
    ).min(0).max(0.1).default(0.01),
    policy_shock: num(
      "Exogenous addition to the Taylor rule's rate, per year (a monetary policy shock, the " +
        "residual of the rule in Christiano, Eichenbaum & Evans 1999, Handbook of Macro. 1A); " +
        "scheduled shocks move it.",
    ).min(-0.1).max(0.2).default(0),
    remunerate_excess_reserves: z.boolean().describe(
      "Excess reserves earn the deposit facility rate (a floor system, as the Fed since 2008). " +
        "Off: only required reserves earn it, as at the Fed before October 2008 and on the " +
        "ECB's current accounts before 2014.",
    ).default(false),
    asset_purchases: z.boolean().describe(
      "Grow base money by buying units of the equity fund (economy.ownership) from households: " +
        "at each decision the central bank sets the growth of its reserves to the target " +
        "inflation plus `potential_growth` plus `purchase_response` x the inflation gap (a " +
        "base-money rule, McCallum 1988, Carnegie-Rochester 29:173), and buys units at their " +
        "net asset value on the fund's trading days (asset purchases from non-banks create " +
        "deposits: McLeay, Radia & Thomas 2014, BoE Quarterly Bulletin Q1; equity purchases as " +
        "the Bank of Japan's ETF programme of 2010-2024). Off: base money stays what the start " +
        'gave (docs/finance.md, "Why banks alone deflate").',
    ).default(false),
    potential_growth: num(
      "Real growth of the economy, per year, that the base-money rule assumes (with " +
        "`asset_purchases`).",
    ).min(ASSUMED_GROWTH.min).max(ASSUMED_GROWTH.max).default(0.01),
    growth_learning: num(
      "How fast the central bank revises the growth its base-money rule assumes, per year " +
        "(with `asset_purchases`): the estimate starts at `potential_growth`, and each decision " +
        "adds this x (target - inflation) x the years since the last one, since inflation that " +
        "stays below target at the growth it assumed says base money grew too slowly for the " +
        "economy's real growth and its velocity's drift (McCallum 1988, Carnegie-Rochester " +
        "29:173, corrects the rule by velocity's measured trend). An integral term on the " +
        "inflation gap, which removes the steady-state gap a proportional rule leaves (Astrom & " +
        "Murray 2008, Feedback Systems, ch. 10); as `neutral_rate_learning` for r*. 0 keeps " +
        "the rule at `potential_growth`.",
    ).min(0).max(10).default(0),
    purchase_response: num(
      "Rise of the base-money growth rule's rate per unit of inflation below target (with " +
        "`asset_purchases`; 0.5 as the feedback of McCallum's rule on nominal income).",
    ).min(0).max(10).default(0.5),
  },
);

const banks = section("Commercial banks: balance sheets, pricing and prudential rules.", {
  count: fixed(
    int("Number of banks; each household and firm banks with one, drawn by id.").min(1).max(1000)
      .default(5),
    AT_START,
  ),
  initial_equity_share: fixed(
    share("Banks' equity at the start, as a share of their deposits.").default(0.1),
    AT_START,
  ),
  capital_requirement: share(
    "Minimum ratio of equity to loans (Basel 8% of risk-weighted assets, loans weighted 1); a " +
      "bank below it grants no new planned credit (credit rationing).",
  ).default(0.08),
  capital_target: share(
    "Capital ratio above which a bank pays dividends (8% plus the 2.5% Basel III conservation " +
      "buffer).",
  ).default(0.105),
  capital_aim: share(
    "Capital ratio a bank manages its equity toward: above it a bank pays out its profit and " +
      "`capital_adjustment` of the excess a year (below it, `dividend_payout` of profit). " +
      "Banks hold targets well above the regulatory minima and manage their ratios toward them " +
      "rather than letting retained earnings pile up (Berger, DeYoung, Flannery, Lee & Oztekin " +
      "2008, J. Financial Services Research 34:123; Memmel & Raupach 2010, J. Financial " +
      "Intermediation 19:509); 15%: about the total risk-based capital ratio of US banks in " +
      "2015-2019 (FDIC Quarterly Banking Profile). At least `capital_target`.",
  ).default(0.15),
  capital_adjustment: share(
    "Share of its equity above `capital_aim` a bank pays out in a year (a third: the pace of " +
      "Flannery & Rangan 2006, JFE 79:469, for firms' leverage; banks adjust toward their " +
      "targets relatively quickly, Berger et al. 2008). 0: the excess stays (the bank pays " +
      "out its profit).",
  ).default(0.33),
  reserve_requirement: share(
    "Reserves a bank must hold, as a share of its deposits (1%: the ECB's until 2012); a " +
      "shortfall is borrowed at the lending facility.",
  ).default(0.01),
  lending_markup: num(
    "Markup of the lending rate over the policy rate, per year (about 2 points: euro-area " +
      "loans to firms; the bank markup of Dosi et al. 2013, JEDC 37:1598).",
  ).min(0).max(0.5).default(0.02),
  risk_premium: num(
    "Lending-rate premium per unit of the borrower's leverage (debt over debt, cash and " +
      "machines), per year: riskier borrowers pay more (Caiani et al. 2016, JEDC 69:375).",
  ).min(0).max(1).default(0.04),
  deposit_markdown: num(
    "Least spread of the deposit rate below the policy rate, per year (floored at 0).",
  ).min(0).max(0.5).default(0.01),
  deposit_pass_through: share(
    "Share of the yield of a bank's earning assets (loans, remunerated reserves) it pays on " +
      "deposits (the deposit beta: about 0.35 for US deposits, Drechsler, Savov & Schnabl " +
      "2017, QJE 132:1819; deposit rates are sticky, Driscoll & Judson 2013, FEDS 2013-02).",
  ).default(0.35),
  dividend_payout: share("Share of a bank's positive monthly profit paid to households.")
    .default(0.5),
  loan_maturity_days: int(
    "Maturity of term loans (investment and start-up loans), repaid in equal monthly " +
      "installments (5 years; Caiani et al. 2016 use 20 quarters).",
  ).min(30).max(36500).default(1825),
  investment_loan_share: share(
    "Share of each machine purchase a firm finances with a term loan secured by the machines, " +
      "whatever its cash (a loan-to-value ratio: firms keep debt in proportion to their assets, " +
      "the target leverage of the trade-off theory, Fama & French 2002, RFS 15:1; book " +
      "leverage of non-financial firms about 0.2-0.35, Rajan & Zingales 1995, JF 50:1421). " +
      "0: firms borrow only what their cash cannot pay (the pecking order, Myers & Majluf " +
      "1984, JFE 13:187), and then mostly failing firms borrow: on the 20k island a quarter of " +
      "the loan book defaults each year and the banks lose their capital (docs/finance.md, " +
      '"Investment loans"). At most `collateral_share`, what the machines secure. 0.5 since ' +
      "2026-12-05 (0 before).",
  ).default(0.5),
  user_cost_elasticity: num(
    "Elasticity of the capacity firms want to the user cost of capital (lending rate plus " +
      "depreciation) relative to its neutral level (Jorgenson 1963, AER 53:247; about 0.4 in " +
      "Chirinko 2008, J. Macroeconomics 30:671).",
  ).min(0).max(3).default(0.4),
});

const mortgages = section(
  "Mortgages: households' loans for dwellings (with economy.housing and banks).",
  {
    loan_to_value: share(
      "Share of each dwelling purchase (upkeep included) a household borrows on its mortgage: " +
        "the loan-to-value ratio at origination (80% is the US conforming loan without " +
        "mortgage insurance; the LTV constraint of Greenwald 2018, 'The mortgage credit channel " +
        "of macroeconomic transmission', MIT Sloan WP 5184-16). 0, the default: dwellings are " +
        "paid in cash. Mortgages are experimental: on the 20k island they turn the cycle into " +
        "a boom and bust, and at a fixed policy rate into a depression (docs/finance.md, " +
        "'Housing and mortgages: measured').",
    ).default(0),
    payment_to_income: share(
      "Largest monthly mortgage payment (interest and principal) over the household's monthly " +
        "permanent income at origination: the payment-to-income limit of underwriting (28% " +
        "front-end in US guidelines; Greenwald 2018 shows it binds for most new borrowers).",
    ).default(0.3),
    maturity_years: int(
      "Years over which a mortgage is repaid: each month the household repays the balance over " +
        "the months of this maturity (25 years: the typical euro-area maturity, ECB 2009, " +
        "Housing finance in the euro area, Occasional Paper 101).",
    ).min(1).max(50).default(25),
    markup: num(
      "Spread of the mortgage rate over the long-term rate, per year (about 1.5-2 points: the US " +
        "30-year fixed mortgage rate over the 10-year Treasury yield, 1990-2019, Freddie Mac " +
        "PMMS and FRED).",
    ).min(0).max(0.2).default(0.017),
    long_rate_years: num(
      "Years over which the long-term rate that mortgages are priced on averages the policy " +
        "rate (an exponential mean: the expectations hypothesis of the term structure with " +
        "adaptive expectations; long yields move a fraction of a point per point of the policy " +
        "rate, Gürkaynak, Sack & Swanson 2005, AER 95:425).",
    ).min(0.1).max(30).default(3),
    default_months: int(
      "Monthly payments missed in a row after which a mortgage is in default: the household " +
        "sells as much of its dwelling as repays it, month after month while buyers are short, " +
        "and what it owes once it has sold everything is written off (90 days past due, the " +
        "Basel definition of default: BCBS 2006, para. 452).",
    ).min(1).max(24).default(3),
  },
);

/** The finance section. */
export const finance = section("Banks, loans and the central bank (issue 10).", {
  enable_banks: fixed(
    z.boolean().describe(
      "Banks take deposits and lend (runs only with `simulate_banks`; otherwise validated only).",
    ).default(false),
    AT_START,
  ),
  simulate_banks: fixed(
    z.boolean().describe(
      "With `enable_banks`, banks, loans and a central bank replace the firms' overdraft " +
        "(tiny_island sets it). Off: the overdraft economy of scenarios written before banks ran.",
    ).default(false),
    AT_START,
  ),
  interbank_market: z.boolean().describe(
    "Banks lend reserves to each other overnight, inside the corridor, before any borrows at " +
      "the lending facility (off: a bank short of reserves borrows at the facility).",
  ).default(false),
  central_bank: centralBank,
  banks,
  mortgages,
});

/**
 * Whether the banking subsystem runs: both `finance.enable_banks` and `finance.simulate_banks`.
 *
 * @example
 * ```ts
 * if (banksOn(world.config)) lendToFirm(world, f, amount);
 * ```
 */
export function banksOn(config: { finance: { enable_banks: boolean; simulate_banks: boolean } }) {
  return config.finance.enable_banks && config.finance.simulate_banks;
}
