/**
 * The event kinds of the simulation (the `kind` labels of a run's `events` dataset).
 * @module
 */
import { defineEvents } from "./core/events.ts";
import { BUDGET_ITEMS } from "./tables/polities.ts";

/** Every event kind, with the meaning of its slots. */
export const EVENTS = defineEvents({
  birth: {
    doc: "A child is born.",
    subject: "child id",
    object: "mother id",
    tile: "tile",
    value: "household id",
  },
  death: { doc: "A person dies.", subject: "person id", tile: "tile", value: "age in years" },
  household_formed: {
    doc: "A household is formed (a young adult leaves home, a couple moves in together, or a " +
      "separated partner moves out).",
    subject: "household id",
    object: "founding person id",
    tile: "tile",
  },
  household_dissolved: {
    doc: "A household's last member died or moved out.",
    subject: "household id",
  },
  migration: {
    doc: "A household moves.",
    subject: "household id",
    object: "origin tile",
    tile: "destination tile",
    value: "members",
  },
  firm_entry: {
    doc: "A firm enters.",
    subject: "firm id",
    object: "owner household id",
    tile: "tile",
    value: "entry capital",
  },
  firm_exit: {
    doc: "A firm exits.",
    subject: "firm id",
    object: "owner household id",
    tile: "tile",
    value: "cash less debt at exit",
  },
  mine_opened: { doc: "A mine opens.", subject: "tile id", value: "ore grade" },
  forest_harvest: { doc: "A forest harvest starts.", subject: "tile id", value: "biomass" },
  area_protected: { doc: "An area is protected.", subject: "tile id" },
  union_formed: {
    doc: "A woman and a man form a union and share a household.",
    subject: "woman's id",
    object: "man's id",
    tile: "tile of the couple's household",
    value: "couple's household id",
  },
  union_dissolved: {
    doc: "A union ends by separation (the man moves out; widowhood is a death event).",
    subject: "woman's id",
    object: "man's id",
    tile: "tile",
    value: "union duration in days",
  },
  loan_issued: {
    doc: "A bank opens a loan to a firm (a credit line or a year's term loan).",
    subject: "loan id",
    object: "firm id",
    value: "amount first drawn",
  },
  loan_repaid: {
    doc: "A loan is repaid in full.",
    subject: "loan id",
    object: "firm id",
    value: "last payment of principal",
  },
  loan_defaulted: {
    doc: "A firm exits owing a loan: what its cash cannot repay is written off.",
    subject: "loan id",
    object: "firm id",
    value: "principal written off",
  },
  mortgage_defaulted: {
    doc: "A household's mortgage is written off: it defaulted (finance.mortgages.default_months " +
      "payments missed) and sold all its dwelling without repaying it, or it died out with " +
      "nobody to inherit.",
    subject: "household id",
    object: "bank id",
    value: "principal written off",
  },
  bank_resolved: {
    doc: "A bank's equity fell below zero: it is recapitalised up to its capital target, by its " +
      "owners (households) or, when a government exists, by the governments, which take it over.",
    subject: "bank id",
    object: "polity id of the government that led the takeover (-1: the owners' bail-in)",
    value: "new equity paid in",
  },
  tech_discovery: {
    doc: "A firm's research discovers a technology, first in the world (it is invented once).",
    subject: "firm id",
    object: "technology id",
    tile: "firm's tile",
    value: "R&D the project spent on it, money",
  },
  tech_imitation: {
    doc: "A firm learns a technology from a competitor.",
    subject: "firm id",
    object: "technology id",
    tile: "firm's tile",
    value: "id of the firm imitated",
  },
  tech_adoption: {
    doc: "A firm adopts a technology: its machines from now on are of that vintage.",
    subject: "firm id",
    object: "technology id",
    tile: "firm's tile",
    value: "share of its capacity still of older vintages",
  },
  tech_offer: {
    doc: "A firm learns a technology from its capital-goods supplier, which has built machines " +
      "of it for another customer.",
    subject: "firm id",
    object: "technology id",
    tile: "firm's tile",
    value: "id of the supplier",
  },
});

/** Money flow kinds the ledger tallies. */
export const FLOWS = [
  "wages",
  "purchases",
  "intermediate",
  "investment",
  "residential_investment",
  "dividends",
  "entry_capital",
  "liquidation",
  "bequest",
  "fund_trades",
  "dwelling_trades",
  "loan_interest",
  "deposit_interest_households",
  "deposit_interest_firms",
  "bank_dividends",
  "bank_recapitalisation",
  "unclaimed_balances",
  "reserve_interest",
  "advance_interest",
  "interbank_interest",
  "mortgage_interest",
  "central_bank_purchases",
  "central_bank_fund_income",
  "central_bank_remittance",
  // The government's budget items, each a flow of its own name.
  ...BUDGET_ITEMS,
] as const;

/** Code of each money flow kind. */
export const FLOW = Object.fromEntries(FLOWS.map((f, i) => [f, i])) as {
  readonly [K in typeof FLOWS[number]]: number;
};
