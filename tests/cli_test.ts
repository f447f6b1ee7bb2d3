import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type CliOutput, exists, runMain } from "./_fixtures.ts";
import { clock, progressLine } from "../cli/progress.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

type Output = CliOutput;

/** Runs `main.ts` with `args` from the repository root. */
function cli(...args: string[]): Promise<Output> {
  return runMain(ROOT, ...args);
}

/** An error a user caused: non-zero exit, a message and no stack trace. */
function assertCleanError(r: Output, pattern: RegExp): void {
  assert.notEqual(r.code, 0, `expected failure, got: ${r.stdout}`);
  assert.match(r.stderr, pattern);
  assert.ok(!r.stderr.includes("    at "), `stack trace on stderr:\n${r.stderr}`);
}

const TINY = [
  "name: cli_tiny",
  "random_seed: 3",
  "population: {persons: 2000}",
  "spatial: {width_tiles: 32, height_tiles: 24}",
  "economy: {firms: 120}",
].join("\n");

/** True when a file has the Parquet magic bytes at both ends. */
async function isParquet(path: string): Promise<boolean> {
  const b = await Deno.readFile(path);
  const magic = (o: number) => String.fromCharCode(...b.subarray(o, o + 4)) === "PAR1";
  return b.length > 8 && magic(0) && magic(b.length - 4);
}

Deno.test("main.ts --help exits 0 and lists the commands", async () => {
  const r = await cli("--help");
  assert.equal(r.code, 0, r.stderr);
  for (const cmd of ["run", "validate", "bench", "docs", "notebook"]) {
    assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\b`, "m"), `--help lacks ${cmd}`);
  }
});

Deno.test("main.ts run --help exits 0 and documents every flag of a run", async () => {
  const r = await cli("run", "--help");
  assert.equal(r.code, 0, r.stderr);
  for (
    const flag of [
      "--scenario",
      "--ticks",
      "--seed",
      "--snapshot-interval",
      "--out",
      "--resume",
      "--set",
    ]
  ) {
    assert.ok(r.stdout.includes(flag), `run --help lacks ${flag}`);
  }
  assert.ok(r.stdout.includes("--overwrite"));
});

Deno.test("main.ts rejects an unknown flag with a one-line error and no stack trace", async () => {
  const r = await cli("run", "--bogus-flag");
  assertCleanError(r, /unknown option '--bogus-flag'/);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
});

Deno.test("main.ts run rejects a non-integer --ticks, naming the flag", async () => {
  const r = await cli("run", "--ticks", "abc");
  assertCleanError(r, /--ticks/);
  assert.match(r.stderr, /"abc"/);
});

Deno.test("main.ts run of a missing scenario file fails naming the file", async () => {
  const r = await cli("run", "--scenario", "nope.yaml");
  assertCleanError(r, /nope\.yaml/);
  assert.match(r.stderr, /file not found/);
});

Deno.test("main.ts run writes a run directory, refuses to reuse it and replaces it with --overwrite", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy_cli_" });
  try {
    const scenario = `${dir}/tiny.yaml`;
    await Deno.writeTextFile(scenario, TINY);
    const out = `${dir}/run`;
    const args = ["run", "--scenario", scenario, "--ticks", "5", "--out", out];

    const first = await cli(...args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /ms\/tick/);
    assert.match(first.stdout, /scenario cli_tiny, seed 3/);
    assert.match(first.stdout, /ended at tick 5/);
    for (
      const f of [
        "kpis/snapshot=5/part-0.parquet",
        "events/snapshot=5/part-0.parquet",
        "persons/tick=5/part-0.parquet",
      ]
    ) {
      assert.ok(await isParquet(`${out}/${f}`), `${f} is missing or not Parquet`);
    }
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
    assert.equal(manifest.scenario_name, "cli_tiny");
    assert.equal(manifest.seed, 3);
    assert.equal(manifest.end_tick, 5);
    assert.equal(manifest.scenario.population.persons, 2000);

    const again = await cli(...args);
    assertCleanError(again, /already holds a run/);
    assert.match(again.stderr, /--overwrite/);

    // Remove a file so that only a real rerun brings it back.
    await Deno.remove(`${out}/events/snapshot=5/part-0.parquet`);
    const replaced = await cli(...args, "--overwrite");
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.ok(await isParquet(`${out}/events/snapshot=5/part-0.parquet`));
    assert.ok(await exists(`${out}/persons/tick=5/part-0.parquet`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main.ts validate prints the resolved scenario as JSON", async () => {
  const r = await cli("validate", "tiny_island");
  assert.equal(r.code, 0, r.stderr);
  const cfg = JSON.parse(r.stdout);
  assert.equal(cfg.name, "tiny_island");
  assert.equal(cfg.random_seed, 7);
  assert.equal(cfg.population.persons, 50_000);
  // Defaults the file leaves out are filled in.
  assert.equal(cfg.ticks, 365);
  assert.equal(cfg.economy.households.consume_income, 0.9);
});

Deno.test("main.ts docs writes the scenario and table references into --out-dir", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy_docs_" });
  try {
    const r = await cli("docs", "--out-dir", dir);
    assert.equal(r.code, 0, r.stderr);
    const scenario = await Deno.readTextFile(`${dir}/scenario.md`);
    assert.match(scenario, /^# Scenario reference/);
    assert.match(scenario, /^## `population`$/m);
    assert.match(scenario, /^\| `persons` \| integer \| `50000` \|/m);
    assert.match(scenario, /^## `economy\.households`$/m);
    const tables = await Deno.readTextFile(`${dir}/tables.md`);
    assert.match(tables, /^# Table reference/);
    for (const t of ["tiles", "households", "persons", "firms"]) {
      assert.match(tables, new RegExp(`^## ${t}$`, "m"));
    }
    assert.match(tables, /^\| `skills` \| f32 x 8 \|/m);
    assert.match(tables, /^\| `inventory` \| f64 x goods \|/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("run --shock adds a validated shock and rejects an unknown parameter", async () => {
  const tmp = await Deno.makeTempDir();
  const scenario = `${tmp}/s.yaml`;
  await Deno.writeTextFile(scenario, TINY);
  const common = ["run", "--scenario", scenario, "--ticks", "2"];
  assertCleanError(
    await cli(...common, "--out", `${tmp}/bad`, "--shock", "at=1,parameter=economy.nope,value=2"),
    /shocks\.0.*economy\.nope/,
  );
  const ok = await cli(
    ...common,
    "--out",
    `${tmp}/ok`,
    "--quiet",
    "--shock",
    "at=1,parameter=economy.households.consume_income,op=scale,value=0.5,duration=1",
  );
  assert.equal(ok.code, 0, ok.stderr);
  const manifest = JSON.parse(await Deno.readTextFile(`${tmp}/ok/manifest.json`));
  assert.deepEqual(manifest.scenario.shocks, [{
    at: 1,
    parameter: "economy.households.consume_income",
    op: "scale",
    value: 0.5,
    duration: 1,
  }]);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("run --set changes scenario parameters, validated, recorded in the manifest and on resume", async () => {
  const tmp = await Deno.makeTempDir();
  const scenario = `${tmp}/s.yaml`;
  await Deno.writeTextFile(scenario, TINY);
  const common = ["run", "--scenario", scenario, "--ticks", "2"];
  // Bad changes fail in one line naming the path, before anything is written.
  const bad: [string, RegExp][] = [
    ["economy.nope=2", /economy\.nope.*no parameter "nope"/],
    ["economy.households.consume_income=7", /economy\.households\.consume_income/],
    ["economy.households.consume_income=high", /economy\.households\.consume_income/],
    ["economy.firms", /--set needs path=value, got "economy\.firms"/],
  ];
  for (const [i, [change, pattern]] of bad.entries()) {
    assertCleanError(await cli(...common, "--out", `${tmp}/bad${i}`, "--set", change), pattern);
    assert.ok(!(await exists(`${tmp}/bad${i}`)), `${change}: nothing written`);
  }
  const ok = await cli(
    ...common,
    "--out",
    `${tmp}/ok`,
    "--snapshot-interval",
    "1",
    "--quiet",
    "--set",
    "economy.households.consume_income=0.8",
    "--set",
    "economy.market_model=posted_price",
  );
  assert.equal(ok.code, 0, ok.stderr);
  const manifest = JSON.parse(await Deno.readTextFile(`${tmp}/ok/manifest.json`));
  assert.equal(manifest.scenario.economy.households.consume_income, 0.8);
  const resumed = await cli(
    "run",
    "--resume",
    `${tmp}/ok/tick=1`,
    "--out",
    `${tmp}/fork`,
    "--ticks",
    "1",
    "--quiet",
    "--set",
    "economy.households.consume_income=0.7",
  );
  assert.equal(resumed.code, 0, resumed.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${tmp}/fork/manifest.json`));
  assert.equal(m.scenario.economy.households.consume_income, 0.7);
  assert.ok(
    m.changes_on_resume.some((c: { parameter: string }) =>
      c.parameter === "economy.households.consume_income"
    ),
    JSON.stringify(m.changes_on_resume),
  );
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("two runs started at once with the same --out: one runs, the other fails naming it", async () => {
  const tmp = await Deno.makeTempDir();
  const scenario = `${tmp}/s.yaml`;
  await Deno.writeTextFile(scenario, TINY);
  const args = ["run", "--scenario", scenario, "--ticks", "30", "--out", `${tmp}/same`, "--quiet"];
  const [a, b] = await Promise.all([cli(...args), cli(...args)]);
  const codes = [a.code, b.code].sort();
  assert.deepEqual(codes, [0, 1], `${a.stderr}\n${b.stderr}`);
  const loser = a.code === 0 ? b : a;
  assertCleanError(loser, /is in use by process \d+ on .*choose another --out|already holds a run/);
  const manifest = JSON.parse(await Deno.readTextFile(`${tmp}/same/manifest.json`));
  assert.equal(manifest.complete, true);
  assert.equal(manifest.end_tick, 30);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("main.ts run with --out naming a file fails in one line and keeps the file", async () => {
  const tmp = await Deno.makeTempDir();
  await Deno.writeTextFile(`${tmp}/f`, "mine");
  const r = await cli("run", "--scenario", "tiny", "--ticks", "1", "--out", `${tmp}/f`);
  assertCleanError(r, /--out .*\/f is a file, not a directory/);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.equal(await Deno.readTextFile(`${tmp}/f`), "mine");
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("main.ts without --allow-env names the missing permission instead of crashing", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "main.ts", "validate", "tiny"],
    cwd: ROOT,
    env: { NO_COLOR: "1", PANARCHY_DEBUG: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertCleanError({ code: out.code, stdout: "", stderr }, /missing permission: .*--allow-env/);
  assert.equal(stderr.trim().split("\n").length, 1, stderr);
});

Deno.test("main.ts run --resume with --scenario records the change, and refuses --out on its source", async () => {
  const tmp = await Deno.makeTempDir();
  const scenario = `${tmp}/s.yaml`;
  await Deno.writeTextFile(scenario, TINY);
  const first = await cli(
    "run",
    "--scenario",
    scenario,
    "--ticks",
    "4",
    "--snapshot-interval",
    "2",
    "--out",
    `${tmp}/B/same`,
  );
  assert.equal(first.code, 0, first.stderr);
  const snap = `${tmp}/B/same/tick=2`;
  for (const out of [`${tmp}/B/./same`, `${tmp}/B/x/../same`, `${tmp}/B`]) {
    const r = await cli("run", "--resume", snap, "--out", out, "--overwrite");
    assertCleanError(r, /the run being resumed/);
  }
  assert.ok(await isParquet(`${tmp}/B/same/persons/tick=4/part-0.parquet`));
  await Deno.writeTextFile(
    `${tmp}/t.yaml`,
    TINY.replace("{firms: 120}", "{firms: 120, households: {consume_income: 0.8}}"),
  );
  const changed = await cli(
    "run",
    "--resume",
    snap,
    "--scenario",
    `${tmp}/t.yaml`,
    "--out",
    `${tmp}/fork`,
    "--ticks",
    "2",
    "--quiet",
  );
  assert.equal(changed.code, 0, changed.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${tmp}/fork/manifest.json`));
  assert.ok(
    m.changes_on_resume.some((c: { parameter: string }) =>
      c.parameter === "economy.households.consume_income"
    ),
  );
  await Deno.remove(tmp, { recursive: true });
});

/** A read-only file system to write to, where this machine lets us mount one (root). */
async function readOnlyMount(): Promise<string | null> {
  const dir = await Deno.makeTempDir({ prefix: "panarchy_ro_" });
  try {
    const r = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir],
      stdout: "null",
      stderr: "null",
    }).output();
    if (r.success) return dir;
  } catch {
    // no mount command
  }
  await Deno.remove(dir);
  return null;
}

const RO = await readOnlyMount();

Deno.test({
  name: "main.ts run onto a read-only file system fails in one line naming the folder",
  ignore: RO === null,
  fn: async () => {
    try {
      const r = await cli("run", "--scenario", "tiny", "--ticks", "1", "--out", `${RO}/run`);
      assertCleanError(r, /cannot write run directory .*\/run: the file system is read-only/);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    } finally {
      await new Deno.Command("umount", { args: [RO!] }).output();
      await Deno.remove(RO!);
    }
  },
});

Deno.test('main.ts run --scenario "" and a YAML alias bomb each fail in one line naming the fix', async () => {
  const empty = await cli("run", "--scenario", "", "--ticks", "1");
  assertCleanError(empty, /--scenario is empty: give a preset/);
  const tmp = await Deno.makeTempDir();
  const bomb = [
    "name: bomb",
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  ].join("\n");
  await Deno.writeTextFile(`${tmp}/bomb.yaml`, bomb);
  const r = await cli("validate", `${tmp}/bomb.yaml`);
  assertCleanError(r, /bomb\.yaml/);
  assert.ok(r.stderr.length < 2000, r.stderr);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("main.ts --version names the engine and Deno versions", async () => {
  const r = await cli("--version");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^panarchy \d+\.\d+\.\d+ \(deno \d+\.\d+\.\d+\)$/m);
});

Deno.test("the progress bar shows the elapsed time and the time left at the pace so far", () => {
  assert.equal(clock(0), "0:00");
  assert.equal(clock(75.4), "1:15");
  assert.equal(clock(3725), "1:02:05");
  assert.equal(clock(NaN), "?");
  // 100 of 400 ticks in 20 s: 60 s left.
  const line = progressLine("running", 100, 400, 12.5, 20_000);
  assert.ok(line.endsWith("100/400  12.50 ms/tick  elapsed 0:20  ETA 1:00"), line);
  assert.ok(progressLine("running", 400, 400, 1, 80_000).endsWith("elapsed 1:20  ETA 0:00"));
});

Deno.test("main.ts run prints headline KPIs every kpi_interval_days and totals over the run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "panarchy_cli_" });
  try {
    const scenario = `${dir}/tiny.yaml`;
    await Deno.writeTextFile(scenario, `${TINY}\nlogging: {kpi_interval_days: 2}`);
    const r = await cli("run", "--scenario", scenario, "--ticks", "5", "--out", `${dir}/run`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n").filter((l) => /^tick +\d+ +population /.test(l));
    assert.deepEqual(lines.map((l) => Number(l.split(/ +/)[1])), [2, 4]);
    assert.match(r.stdout, /KPIs at tick 5 \(the end of day 5\):\n {2}population /);
    assert.match(r.stdout, /Over ticks 1–5 \(5 days\):\n {2}births \(total\) +\d+ {2}persons/);
    assert.match(r.stdout, /cpi change/);
    assert.doesNotMatch(r.stdout, /inflation_annual/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench --passes runs the passes named, --repeat reports the middle run and every run's median", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/bench.json`;
    const args = ["bench", "--presets", "tiny", "--ticks", "1", "--warmup", "0", "--no-sweep"];
    const r = await cli(
      ...args,
      "--no-calibration",
      "--passes",
      "all",
      "--repeat",
      "3",
      "--json",
      json,
    );
    assert.equal(r.code, 0, r.stderr);
    const { presets } = JSON.parse(await Deno.readTextFile(json));
    assert.deepEqual(presets.map((p: { systems_run: string }) => p.systems_run), ["all"]);
    const runs: number[] = presets[0].median_ms_runs;
    assert.equal(runs.length, 3);
    assert.equal(presets[0].median_ms, [...runs].sort((a, b) => a - b)[1]);
    assert.match(r.stdout, /over 3\)/);
    const bad = await cli(...args, "--no-calibration", "--passes", "all,everything");
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--passes: no pass named "everything"; the passes are environment/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench runs a pass with every system on: the government and technology timed together, and one with tiny_island's banks too", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/bench.json`;
    const r = await cli(
      "bench",
      "--presets",
      "tiny",
      "--ticks",
      "2",
      "--warmup",
      "1",
      "--no-sweep",
      "--no-calibration",
      "--json",
      json,
    );
    assert.equal(r.code, 0, r.stderr);
    const { presets } = JSON.parse(await Deno.readTextFile(json));
    const every = presets.find((p: { systems_run: string }) =>
      p.systems_run === "all+government+technology"
    );
    assert.ok(
      every,
      `no pass with every system: ${presets.map((p: { systems_run: string }) => p.systems_run)}`,
    );
    for (const system of ["goods_market", "government", "taxes_transfers", "technology"]) {
      assert.ok(every.systems[system] >= 0, `no timing for ${system}: ${JSON.stringify(every)}`);
    }
    assert.ok(every.median_ms > 0 && every.persons > 40_000, JSON.stringify(every));
    // And with tiny_island's banks: the finance system is timed with the rest.
    const banked = presets.find((p: { systems_run: string }) =>
      p.systems_run === "all+banks+government+technology"
    );
    assert.ok(banked?.systems.finance >= 0, `no timing for finance: ${JSON.stringify(banked)}`);
    assert.equal(every.systems.finance, undefined, "finance timed without banks");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
