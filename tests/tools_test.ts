/**
 * The command-line tools: their shared argument helpers, and the quantity-equation, year-by-year,
 * facts-by-seed, cycle-windows and A/B timing tools run end to end on a small island.
 */
import assert from "node:assert/strict";
import { count, seedList } from "../tools/_args.ts";
import { changesFromText } from "../analysis/changes.ts";

/** Runs `tools/<tool>` with `args`; its exit, standard output and standard error. */
async function runTool(tool: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--lock=workbench.lock", `tools/${tool}`, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("tools read seed lists, whole numbers and --set changes, and name the flag when wrong", () => {
  assert.deepEqual(seedList("1-3,9"), [1, 2, 3, 9]);
  assert.deepEqual(seedList("4"), [4]);
  assert.throws(() => seedList("1-x"), /--seeds must be a whole number, got "x"/);
  assert.equal(count("persons", "2000"), 2000);
  assert.throws(() => count("persons", "-5"), /--persons must be a whole number, got "-5"/);
  assert.deepEqual(
    changesFromText([
      "economy.labor.quit_rate=0.0002",
      "economy.market_model=posted_price",
      "a.b=true",
    ]),
    { "economy.labor.quit_rate": 0.0002, "economy.market_model": "posted_price", "a.b": true },
  );
  assert.throws(() => changesFromText(["no_value"]), /--set needs path=value, got "no_value"/);
});

Deno.test("tools/money_by_seed.ts prints a row of the quantity equation per seed", async () => {
  const out = await runTool("money_by_seed.ts", [
    "--seeds",
    "1-2",
    "--persons",
    "1500",
    "--from-year",
    "1",
    "--to-year",
    "2",
  ]);
  const text = out.stdout;
  assert.ok(out.ok, out.stderr);
  const rows = text.split("\n").filter((l) => /^\| \d+ \|/.test(l));
  assert.deepEqual(rows.length, 2, text);
  for (const row of rows) {
    const cells = row.split("|").map((c) => c.trim()).filter((c) => c !== "");
    assert.deepEqual(cells.length, 9, row);
    // Velocity first -> last: two positive numbers.
    const [v0, v1] = cells[6].split("->").map(Number);
    assert.ok(v0 > 0 && v1 > 0, row);
  }
  // A bad year range is refused with the flags named.
  const bad = await runTool("money_by_seed.ts", [
    "--from-year",
    "3",
    "--to-year",
    "2",
  ]);
  assert.ok(!bad.ok);
  assert.ok(
    bad.stderr.includes(
      "--from-year (3) must be at least 1 and below --to-year (2)",
    ),
  );
});

Deno.test("tools/yearly.ts prints a row of yearly macro means per year, the banks' and housing's columns only with them", async () => {
  const run = async (banks: boolean, housing = false) => {
    const out = await runTool("yearly.ts", [
      "--years",
      "3",
      "--persons",
      "1500",
      "--set",
      `finance.simulate_banks=${banks}`,
      "--set",
      `economy.housing.enabled=${housing}`,
    ]);
    assert.ok(out.ok, out.stderr);
    const rows = out.stdout.split("\n").filter((l) => /^\| \d+ \|/.test(l)).map((row) =>
      row.split("|").map((c) => c.trim()).filter((c) => c !== "")
    );
    assert.equal(rows.length, 3, out.stdout);
    for (const cells of rows) {
      assert.equal(cells.length, 22, cells.join(" | "));
      // Firms' mean markup and the share of them short of stock, with or without banks.
      const [markup, short] = [Number(cells[15]), Number(cells[16])];
      assert.ok(markup > 0 && markup < 5 && short >= 0 && short <= 100, cells.join(" | "));
      // Firm demography: firms alive, entries and exits a year per 100 firms, and the share of
      // would-be entrants without a founder ("–" in a year nobody tried to enter).
      const [firms, entries, exits, unfunded, alive] = cells.slice(17).map(Number);
      assert.ok(firms > 0 && entries >= 0 && exits >= 0, cells.join(" | "));
      assert.ok(cells[20] === "–" || (unfunded >= 0 && unfunded <= 100), cells.join(" | "));
      // The year before's entrants alive a year after entry: none in year one (no year before).
      assert.ok(cells[21] === "–" || (alive >= 0 && alive <= 100), cells.join(" | "));
    }
    assert.equal(rows[0][21], "–");
    const mean =
      /mean inflation over years 3-3: (-?\d+\.\d+)% a year; mean unemployment (\d+\.\d)%; sd of real GDP growth 0\.0 points/
        .exec(out.stdout);
    assert.ok(mean, out.stdout);
    // The means over the one year are that year's inflation and unemployment (and growth does
    // not vary over one year).
    assert.ok(Math.abs(Number(mean[1]) - Number(rows[2][1])) <= 0.051, out.stdout);
    assert.equal(mean[2], rows[2][2]);
    return rows;
  };
  const banked = await run(true);
  // Year one has no year before: no inflation or growth; every later year has them.
  assert.deepEqual([banked[0][1], banked[0][8]], ["–", "–"]);
  for (const cells of banked.slice(1)) {
    for (const c of [1, 8, 9, 10]) assert.ok(Number.isFinite(Number(cells[c])), cells.join(" | "));
  }
  // With banks: a policy rate, r* and a default rate; the growth the base-money rule assumes
  // (potential_growth, 1%, tiny_island's rule not learning it); credit a positive share of GDP;
  // reserves and loans each a share of the deposits, together at least all of them less the
  // banks' equity (loans + reserves = deposits + advances + equity).
  for (const cells of banked) {
    for (const c of [4, 5, 11]) assert.ok(Number.isFinite(Number(cells[c])), cells.join(" | "));
    assert.equal(cells[6], "1.00", cells.join(" | "));
    assert.ok(Number(cells[7]) > 0, cells.join(" | "));
    const [reserves, loans] = [Number(cells[12]), Number(cells[13])];
    assert.ok(reserves > 0 && loans > 0 && reserves + loans >= 99.9, cells.join(" | "));
  }
  // Without banks no central bank: its columns say so.
  const alone = await run(false);
  for (const cells of alone) {
    assert.deepEqual(
      [cells[4], cells[5], cells[6], cells[11], cells[12], cells[13], cells[14]],
      ["–", "–", "–", "–", "–", "–", "–"],
    );
  }
  // With housing, residential investment is a positive share of GDP.
  for (const cells of await run(false, true)) assert.ok(Number(cells[14]) > 0, cells.join(" | "));
  // A bad range is refused, naming the flags.
  const bad = await runTool("yearly.ts", ["--years", "2"]);
  assert.ok(!bad.ok);
  assert.match(bad.stderr, /--from-year \(3\) must be at least 2 .* at most --years \(2\)/);
});

Deno.test("tools/facts_by_seed.ts --in-memory writes nothing and measures the time-series facts as the run's files do", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "facts_by_seed_test_" });
  try {
    const args = ["--seeds", "1", "--persons", "1500", "--burn-in", "30", "--window", "1100"];
    const written = await runTool("facts_by_seed.ts", [...args, "--snapshot-every", "365"], {
      TMPDIR: tmp,
    });
    const inMemory = await runTool("facts_by_seed.ts", [...args, "--in-memory"], { TMPDIR: tmp });
    assert.ok(written.ok, written.stderr);
    assert.ok(inMemory.ok, inMemory.stderr);
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "no run folder is left, nor made in memory");
    assert.match(inMemory.stdout, /^tiny_island, 1500 persons, 1130 days .*, in memory, seeds 1$/m);
    /** Each fact's value in the seed's table ("pass  <id>  <value>  target ..."). */
    const values = (text: string) =>
      new Map(
        [...text.matchAll(/^(?:pass|fail) +(\w+) +(\S+) +target/gm)].map((m) => [m[1], m[2]]),
      );
    const a = values(written.stdout);
    const b = values(inMemory.stdout);
    for (const id of ["inflation", "unemployment", "output_volatility", "okun", "price_spell"]) {
      assert.ok(a.has(id), `${id} measured from the files:\n${written.stdout}`);
      assert.equal(b.get(id), a.get(id), id);
    }
    // The in-memory run has no snapshots over the window: firms' growth rates, which need
    // them, are "not available" rather than measured on one day.
    assert.ok(a.has("firm_growth_shape"), written.stdout);
    assert.match(inMemory.stdout, /^not available firm_growth_shape +NaN/m);
    const bad = await runTool("facts_by_seed.ts", ["--in-memory", "--keep", `${tmp}/k`]);
    assert.ok(!bad.ok);
    assert.match(bad.stderr, /--keep keeps the runs' folders, which --in-memory does not write/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("tools/facts_by_seed.ts --workers 2 prints the tables of one process, seed by seed", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "facts_by_seed_workers_test_" });
  try {
    const args = [
      "--seeds",
      "1,2",
      "--persons",
      "1500",
      "--burn-in",
      "30",
      "--window",
      "400",
      "--snapshot-every",
      "200",
    ];
    const one = await runTool("facts_by_seed.ts", args, { TMPDIR: tmp });
    const two = await runTool("facts_by_seed.ts", [...args, "--workers", "2"], { TMPDIR: tmp });
    assert.ok(one.ok, one.stderr);
    assert.ok(two.ok, two.stderr);
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "no run folder is left");
    // The same tables in the same order, but for the seconds each run took.
    const tables = (text: string) => text.replace(/\(run [\d.]+ s, facts [\d.]+ s\)/g, "");
    assert.match(one.stdout, /^seed 1: .*\n[\s\S]*^seed 2: /m);
    assert.equal(tables(two.stdout), tables(one.stdout));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("tools/cycle_windows.ts prints the cycle facts window by window, the US data's beside each seed's", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "cycle_windows_test_" });
  try {
    const md = `${tmp}/windows.md`;
    // 365 days of burn-in, then five years: windows of 1460 days (16 quarters) start 365 and
    // 730 days in, two per seed.
    const args = ["--seeds", "1-2", "--persons", "1500", "--burn-in", "365", "--years", "5"];
    const out = await runTool("cycle_windows.ts", [...args, "--window", "1460", "--markdown", md]);
    assert.ok(out.ok, out.stderr);
    const rows = new Map(
      out.stdout.split("\n").filter((l) => /^\| [a-z_]+ \|/.test(l) && !l.startsWith("| fact "))
        .map((l) => {
          const cells = l.split("|").slice(1, -1).map((c) => c.trim());
          return [cells[0], cells];
        }),
    );
    assert.deepEqual([...rows.keys()], [
      "output_volatility",
      "investment_volatility",
      "consumption_volatility",
      "consumption_procyclical",
      "investment_procyclical",
      "okun",
      "beveridge",
      "credit_procyclical",
      "bankruptcies_countercyclical",
    ]);
    // The US over 1959-2009 (tests/analysis/facts_windows_test.ts checks the figures) and its
    // windows of 16 quarters; no vacancies or credit in the US data.
    assert.match(out.stdout, /US windows of 16 quarters/);
    assert.equal(rows.get("output_volatility")![2], "0.0154");
    assert.equal(rows.get("beveridge")![2], "n/a");
    for (const [id, cells] of rows) {
      // Each seed's value over the five years, and its two windows.
      assert.equal(cells[6].split(", ").length, 2, id);
      assert.match(cells[7], /^[0-2]\/2, [0-2]\/2$/, id);
    }
    assert.equal(
      await Deno.readTextFile(md),
      out.stdout.slice(out.stdout.indexOf("| fact")).split("\n\nMarkdown")[0] + "\n",
    );
    const unknown = await runTool("cycle_windows.ts", [...args, "--facts", "okun,no_such"]);
    assert.ok(!unknown.ok);
    assert.match(unknown.stderr, /--facts: no fact "no_such" in the catalogue/);
    const long = await runTool("cycle_windows.ts", [...args, "--window", "3650"]);
    assert.ok(!long.ok);
    assert.match(long.stderr, /--window \(3650 days\) is longer than --years' 1825 days/);
    const short = await runTool("cycle_windows.ts", [...args, "--window", "730"]);
    assert.ok(!short.ok);
    assert.match(short.stderr, /--window \(730 days\) needs at least 12 quarters \(1095 days\)/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("tools/ab_ticks.ts times one checkout against itself with a parameter changed on one side", async () => {
  const out = await runTool("ab_ticks.ts", [
    ".",
    ".",
    "--preset",
    "tiny_island",
    "--warmup",
    "2",
    "--ticks",
    "3",
    "--set-a",
    "population.persons=1500",
    "--set-b",
    "population.persons=1000",
    "--set-b",
    "economy.labor.on_the_job_search=0",
  ]);
  const text = out.stdout;
  assert.ok(out.ok, out.stderr);
  // Each side is labelled with its changes and its world, which shows the change was applied.
  const side = (name: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${name}: `));
    assert.ok(line, text);
    return { line, persons: Number(/\((\d+) persons/.exec(line)?.[1]) };
  };
  const a = side("A");
  const b = side("B");
  assert.ok(a.line.startsWith("A: . population.persons=1500 ("), a.line);
  assert.ok(
    b.line.startsWith("B: . population.persons=1000 economy.labor.on_the_job_search=0 ("),
    b.line,
  );
  assert.ok(Math.abs(a.persons - 1500) < 75 && Math.abs(b.persons - 1000) < 50, text);
  // A row per system, each side's median and 12th percentile in ms.
  const row = text.split("\n").find((l) => l.startsWith("labor_market"));
  assert.ok(row, text);
  const times = [...row.matchAll(/(\d+\.\d) \((\d+\.\d)\)/g)];
  assert.equal(times.length, 2, row);
  // Then the paired difference B - A: its median, and its mean with a standard error, pooled over
  // the two pairs of worlds (built A B B A), and each pair's median after it.
  const diff =
    /([+-]\d+\.\d\d) +([+-]\d+\.\d\d) ± (\d+\.\d\d) +\(([+-]\d+\.\d\d), ([+-]\d+\.\d\d)\)$/
      .exec(row);
  assert.ok(diff, row);
  assert.ok(Number(diff[3]) >= 0, row);
  // A change the scenario does not have is refused, naming the path, and so is a third pair.
  const bad = await runTool("ab_ticks.ts", [".", ".", "--set-b", "a.b=1"]);
  assert.ok(!bad.ok);
  assert.match(bad.stderr, /a\.b/);
  const pairs = await runTool("ab_ticks.ts", [".", ".", "--pairs", "3"]);
  assert.ok(!pairs.ok);
  assert.match(pairs.stderr, /--pairs 3/);
});

Deno.test("tools/irf.ts averages same-seed responses to a shock: none for a null shock, a higher policy rate for a rate shock", async () => {
  const args = [
    "--persons",
    "1500",
    "--seeds",
    "1-2",
    "--at",
    "200",
    "--duration",
    "180",
    "--quarters",
    "3",
    "--kpis",
    "policy_rate,gdp_real",
    "--set",
    "finance.simulate_banks=true",
  ];
  const rows = (text: string) =>
    text.split("\n").filter((l) => /^\| \d+ \|/.test(l)).map((l) =>
      l.split("|").map((c) => c.trim()).filter((c) => c !== "").slice(1).map((c) =>
        Number(c.split(" ± ")[0])
      )
    );
  // Adding 0 changes nothing: the two runs of a seed are the same run.
  const none = await runTool("irf.ts", [
    ...args,
    "--shock",
    "finance.central_bank.policy_shock=add:0",
  ]);
  assert.ok(none.ok, none.stderr);
  assert.deepEqual(rows(none.stdout), [[0, 0], [0, 0], [0, 0]], none.stdout);
  // Five points on the Taylor rule lift the rate off its floor within the first quarters.
  const shock = await runTool("irf.ts", [
    ...args,
    "--shock",
    "finance.central_bank.policy_shock=add:0.05",
  ]);
  assert.ok(shock.ok, shock.stderr);
  const r = rows(shock.stdout);
  assert.equal(r.length, 3, shock.stdout);
  assert.ok(r[1][0] > 1, `policy rate response ${r[1][0]} points in quarter 2`);
  // A malformed shock is refused with the form it needs, one to a parameter that does not
  // exist with its name, before anything runs.
  const bad = await runTool("irf.ts", [...args, "--shock", "policy_shock=+1"]);
  assert.ok(!bad.ok);
  assert.ok(bad.stderr.includes("--shock needs path=op:value"), bad.stderr);
  const unknown = await runTool("irf.ts", [...args, "--shock", "economy.nothing=add:1"]);
  assert.ok(!unknown.ok);
  assert.ok(unknown.stderr.includes('parameter "economy.nothing"'), unknown.stderr);
  assert.ok(!unknown.stdout.includes("seed 1:"), "no run before the check");
});
