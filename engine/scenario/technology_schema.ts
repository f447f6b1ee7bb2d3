/**
 * The `technology` section of the scenario: the technologies of each sector as a directed
 * acyclic graph, and the parameters of R&D, imitation, adoption and learning by doing
 * (issue 12). Read when `systems.technology` is on.
 *
 * A technology's `productivity` and `input_saving` are multipliers relative to its sector's
 * baseline, the root technologies (those without prerequisites) every firm of the sector
 * starts with: the starting economy is calibrated at the baseline, so roots must be 1 and 1.
 * With `nodes` empty, every sector gets the default ladder of `systems/technology/dag.ts`:
 * at each level a labor-saving and an input-saving technology, both needed for the next
 * level, each harder to find than the last.
 *
 * @module
 */
import { z } from "zod";
import { AT_START, fixed, int, num, section, share } from "./schema_parts.ts";

/** Most prerequisites a technology may list (the width of `technologies.prerequisites`). */
export const MAX_PREREQUISITES = 8;
/** Most technologies a scenario may declare (firms hold a bit per technology). */
export const MAX_TECHNOLOGIES = 1024;

const node = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, {
    message: "use 1-40 letters, digits, '_' or '-'",
  }).describe("Name of the technology (unique)."),
  sector: z.string().min(1).describe("Sector whose firms use it (one of economy.sectors)."),
  productivity: num("Labor productivity relative to the sector's baseline (roots: 1).").min(0.01)
    .max(1000).default(1),
  input_saving: num(
    "Intermediate inputs per unit of output relative to the baseline (roots: 1; below 1 saves).",
  ).min(0.01).max(10).default(1),
  difficulty: num(
    "Expected research effort to discover it, in worker-years of effective labor (roots: unused).",
  ).min(0).max(1e9).default(1),
  prerequisites: z.array(z.string()).max(MAX_PREREQUISITES).describe(
    "Technologies a firm must know before it can discover, imitate or adopt this one " +
      "(none: a root, known by every firm of the sector from the start).",
  ).default([]),
});

/** The whole `technology` section. */
export const technology = section(
  "Technologies (a DAG per sector), R&D, imitation, adoption and learning by doing " +
    "(systems.technology).",
  {
    nodes: fixed(
      z.array(node).max(MAX_TECHNOLOGIES).describe(
        "The technologies; empty: the default ladder for every sector (see default_*).",
      ).default([]),
      AT_START,
    ),
    default_levels: fixed(
      int("Levels of the default ladder per sector.").min(1).max(100).default(15),
      AT_START,
    ),
    default_productivity_step: fixed(
      num("Labor productivity gain of each level of the default ladder.").min(0).max(1)
        .default(0.06),
      AT_START,
    ),
    default_input_step: fixed(
      share("Input saving of each level of the default ladder.").default(0.1),
      AT_START,
    ),
    default_difficulty: fixed(
      num("Research effort of the first level of the default ladder, worker-years.").min(0)
        .max(1e6).default(2),
      AT_START,
    ),
    difficulty_growth: fixed(
      num("Each level of the default ladder is this many times harder to find than the last.")
        .min(1).max(10).default(1.15),
      AT_START,
    ),
    rd_share: share("Share of its sales a firm spends on R&D (researchers' wages).").default(
      0.02,
    ),
    imitation_share: share("Share of R&D spent on imitating competitors (the rest innovates).")
      .default(0.5),
    rd_min_employees: int(
      "Firms with fewer employees run no research project: they only imitate (their imitation " +
        "share of R&D).",
    ).min(0).max(1_000_000).default(10),
    imitation_difficulty: num(
      "Research effort of one imitation opportunity, worker-years.",
    ).min(0.001).max(1e6).default(0.4),
    imitation_sample: int(
      "Random firms a firm meets when it imitates; it learns from those of its own sector.",
    ).min(1)
      .max(64).default(8),
    imitation_distance_tiles: num(
      "Geographic distance (tiles) at which a competitor's weight as a model falls by e.",
    ).min(0.01).max(1e6).default(20),
    supplier_offer_days: num(
      "Mean days between the offers a firm hears from its capital-goods supplier: the cheapest " +
        "to use, for its sector, of the technologies the supplier has built machines of for " +
        "other customers (Rosenberg 1963; K+S makers send their clients a brochure every " +
        "period, a quarter: 91). 0 (the default): no such offers. At 91 the machines' " +
        "productivity grows 1.2-1.5% a year in the facts' window, but new technologies diffuse " +
        "faster than Bass's imitation range (docs/technology.md).",
    ).min(0).max(36500).default(0),
    max_research_share: num("Largest share of a firm's labor working in R&D.").min(0).max(0.5)
      .default(0.3),
    payback_years: num(
      "Old machines are replaced early when new ones pay for themselves in this many years.",
    ).min(0).max(100).default(3),
    replacement_per_year: share(
      "Largest share of its capacity a firm replaces early in a year.",
    ).default(0.15),
    learning_rate: share(
      "Unit cost drop of a technology per doubling of its cumulative output (Wright's law).",
    ).default(0.1),
    root_experience_years: fixed(
      num("Cumulative output of the roots at the start, in years of their sector's output.")
        .min(0.01).max(1e6).default(30),
      AT_START,
    ),
    new_experience_years: num(
      "Cumulative output a technology starts from when discovered, in years of its sector's " +
        "output (what it inherits of the experience of the technologies it builds on).",
    ).min(0.001).max(1e6).default(10),
  },
);
