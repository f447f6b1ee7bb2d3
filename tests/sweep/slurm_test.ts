import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { slurmCommand } from "../../cli/slurm.ts";
import {
  type SlurmOptions,
  slurmScripts,
  submitSlurm,
  writeSlurmScripts,
} from "../../sweep/slurm.ts";
import { runMain } from "../_fixtures.ts";
import { slurmMissing, startSlurmCluster } from "../_slurm.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

const BASE: SlurmOptions = {
  runs: 2500,
  repo: "/src/panarchy",
  spec: "/data/sweep.yaml",
  out: "/data/sweep",
  denoPath: "/usr/local/bin/deno",
};

/** The text of one generated file. */
function file(opts: SlurmOptions, name: string): string {
  const f = slurmScripts(opts).files.find((f) => f.name === name);
  assert.ok(f, `${name} not generated`);
  return f.text;
}

/** Writes a real sweep spec of 6 points x 2 seeds = 12 runs (planning it runs nothing). */
async function twelveRuns(path: string): Promise<void> {
  await Deno.writeTextFile(
    path,
    "name: twelve\nscenario: tiny_island\nticks: 10\nreplicates: 2\nparameters:\n" +
      "  economy.households.consume_income: { range: [0.7, 0.95], steps: 6 }\n",
  );
}

/** Runs `fn` with console.log collected. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    return { value: await fn(), lines };
  } finally {
    console.log = log;
  }
}

async function run(cmd: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
  const r = await new Deno.Command(cmd, { args, env, cwd, stdin: "null" }).output();
  const d = new TextDecoder();
  return { code: r.code, stdout: d.decode(r.stdout), stderr: d.decode(r.stderr) };
}

Deno.test("slurmScripts() splits 2500 tasks into arrays below MaxArraySize 1001, each with its offset", () => {
  const s = slurmScripts({ ...BASE, tasks: 2500, throttle: 25 });
  assert.deepEqual(s.arrays, [
    { script: "array_0.sbatch", offset: 0, size: 1001 },
    { script: "array_1.sbatch", offset: 1001, size: 1001 },
    { script: "array_2.sbatch", offset: 2002, size: 498 },
  ]);
  assert.deepEqual(s.files.map((f) => f.name), [
    "array_0.sbatch",
    "array_1.sbatch",
    "array_2.sbatch",
    "merge.sbatch",
    "submit.sh",
  ]);
  const texts = s.files.map((f) => f.text);
  assert.match(texts[0], /^#SBATCH --array=0-1000%25$/m);
  assert.match(texts[1], /^OFFSET=1001 /m);
  assert.match(texts[2], /^#SBATCH --array=0-497%25$/m);
  assert.match(texts[2], /^OFFSET=2002 /m);
  for (const t of texts.slice(0, 3)) assert.match(t, /^TASKS=2500 /m);
});

Deno.test("slurmScripts() defaults to min(runs, 100) tasks in one array, without a throttle", () => {
  const few = slurmScripts({ ...BASE, runs: 40 });
  assert.equal(few.tasks, 40);
  assert.match(few.files[0].text, /^#SBATCH --array=0-39$/m);
  const many = slurmScripts({ ...BASE, runs: 5000 });
  assert.equal(many.tasks, 100);
  assert.deepEqual(many.arrays, [{ script: "array_0.sbatch", offset: 0, size: 100 }]);
});

Deno.test("an array script carries the resources, the log pattern and the sweep's shard command", () => {
  const opts = {
    ...BASE,
    tasks: 10,
    throttle: 4,
    partition: "short",
    time: "02:30:00",
    mem: "4G",
    account: "econ",
    qos: "normal",
    cpusPerTask: 8,
  };
  const t = file(opts, "array_0.sbatch");
  for (
    const line of [
      "#SBATCH --job-name=panarchy-sweep",
      "#SBATCH --array=0-9%4",
      '#SBATCH --output="/data/sweep/slurm/logs/%A_%a.out"',
      "#SBATCH --partition=short",
      "#SBATCH --time=02:30:00",
      "#SBATCH --mem=4G",
      "#SBATCH --account=econ",
      "#SBATCH --qos=normal",
      "#SBATCH --cpus-per-task=8",
      "set -euo pipefail",
      "TASK=$((SLURM_ARRAY_TASK_ID + OFFSET))",
      "#   sbatch --array=3,7 array_0.sbatch",
    ]
  ) assert.ok(t.split("\n").includes(line), `missing line: ${line}\n${t}`);
  assert.ok(
    t.includes(
      "/usr/local/bin/deno run --allow-read --allow-write --allow-env --allow-sys " +
        '/src/panarchy/main.ts sweep /data/sweep.yaml --out "$OUT" --shard "$TASK/$TASKS" ' +
        '--workers "${SLURM_CPUS_PER_TASK:-1}" --no-merge',
    ),
    t,
  );
  const merge = file(opts, "merge.sbatch");
  assert.ok(merge.includes('/src/panarchy/main.ts sweep merge "$OUT"'), merge);
  assert.ok(merge.split("\n").includes("#SBATCH --cpus-per-task=1"), merge);
  assert.ok(merge.split("\n").includes("#SBATCH --job-name=panarchy-sweep-merge"), merge);
  const submit = file(opts, "submit.sh");
  assert.ok(submit.includes('--dependency="afterany:$(IFS=:; echo "${arrays[*]}")"'), submit);
  assert.ok(submit.includes("sbatch --parsable"), submit);
});

Deno.test("paths with spaces and quotes reach the sweep command as single words", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "slurm scripts " });
  try {
    const repo = `${tmp}/pan archy`;
    await Deno.mkdir(repo);
    // A stand-in deno that prints its working folder and its arguments, one per line.
    const deno = `${tmp}/bin dir/deno`;
    await Deno.mkdir(`${tmp}/bin dir`);
    await Deno.writeTextFile(deno, '#!/usr/bin/env bash\npwd\nprintf "%s\\n" "$@"\n');
    await Deno.chmod(deno, 0o755);
    const opts = {
      runs: 5,
      maxArraySize: 2,
      repo,
      spec: `${tmp}/my "spec".yaml`,
      out: `${tmp}/it's out`,
      denoPath: deno,
    };
    const s = slurmScripts(opts);
    assert.deepEqual(s.arrays.map((a) => [a.offset, a.size]), [[0, 2], [2, 2], [4, 1]]);
    for (const f of s.files) {
      const syntax = await run("bash", ["-n", "-c", f.text]);
      assert.equal(syntax.code, 0, `${f.name}: ${syntax.stderr}`);
    }
    assert.match(s.files[0].text, /^#SBATCH --output=".*\/it's out\/slurm\/logs\/%A_%a\.out"$/m);
    const [path] = await writeSlurmScripts(opts.out, s);
    const r = await run("bash", [path.replace("array_0", "array_1")], {
      SLURM_ARRAY_TASK_ID: "1",
      SLURM_CPUS_PER_TASK: "3",
    });
    assert.equal(r.code, 0, r.stderr);
    // The script's own "sweep task ..." line, then the stand-in deno's.
    assert.deepEqual(r.stdout.trimEnd().split("\n").slice(1), [
      repo,
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      `${repo}/main.ts`,
      "sweep",
      opts.spec,
      "--out",
      opts.out,
      "--shard",
      "3/5",
      "--workers",
      "3",
      "--no-merge",
    ]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("bad flags are refused with the flag's name and a valid example", () => {
  const bad: [Partial<SlurmOptions>, RegExp][] = [
    [{ time: "1:2:3:4" }, /--time "1:2:3:4".*D-HH:MM:SS, HH:MM:SS or minutes.*--time 02:30:00/],
    [{ time: "01:75:00" }, /--time "01:75:00"/],
    [{ mem: "4GB" }, /--mem "4GB".*--mem 4G or --mem 2000M/],
    [{ mem: "lots" }, /--mem "lots"/],
    [{ throttle: 0 }, /--throttle must be an integer >= 1, got 0/],
    [{ tasks: 0 }, /--tasks must be an integer >= 1, got 0/],
    [{ tasks: 2.5 }, /--tasks must be an integer >= 1/],
    [{ tasks: 3000 }, /--tasks 3000 is more than the sweep's 2500 runs.*--tasks 2500 or fewer/],
    [{ maxArraySize: 0 }, /--max-array-size must be an integer >= 1/],
    [{ cpusPerTask: 0 }, /--cpus-per-task must be an integer >= 1/],
    [{ partition: "short queue" }, /--partition "short queue" is not a plain Slurm name/],
    [{ account: "a#b" }, /--account "a#b"/],
    [{ out: "relative/dir" }, /--out must be an absolute path, got "relative\/dir"/],
  ];
  for (const [opts, pattern] of bad) {
    assert.throws(() => slurmScripts({ ...BASE, ...opts }), pattern, JSON.stringify(opts));
  }
  for (const time of ["90", "10:30", "02:30:00", "1-00:00:00", "1-12", "2-06:30"]) {
    slurmScripts({ ...BASE, time });
  }
  for (const mem of ["4G", "2000M", "2000", "1T"]) slurmScripts({ ...BASE, mem });
});

Deno.test("slurmCommand() plans, writes DIR/slurm/ and prints how to submit", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "slurm-cli-" });
  const out = `${tmp}/sweep`;
  try {
    const spec = `${tmp}/spec.yaml`;
    await twelveRuns(spec);
    const { value, lines } = await quietly(() =>
      slurmCommand(spec, { out, tasks: 5, maxArraySize: 2, throttle: 2 })
    );
    const names = value.written.map((p) => p.slice(out.length + 1));
    assert.deepEqual(names, [
      "slurm/array_0.sbatch",
      "slurm/array_1.sbatch",
      "slurm/array_2.sbatch",
      "slurm/merge.sbatch",
      "slurm/submit.sh",
    ]);
    assert.equal((await Deno.stat(`${out}/slurm/submit.sh`)).mode! & 0o777, 0o755);
    assert.ok((await Deno.stat(`${out}/slurm/logs`)).isDirectory);
    assert.match(lines[0], /^12 runs in 5 Slurm array tasks \(3 array scripts, at most 2/);
    assert.equal(lines.at(-1), `submit on a Slurm login node with: bash ${out}/slurm/submit.sh`);
    const array = await Deno.readTextFile(`${out}/slurm/array_0.sbatch`);
    assert.ok(array.includes(`${ROOT}/main.ts sweep ${spec} --out "$OUT"`), array);
    // Fewer tasks later: the array scripts of the larger generation go.
    await quietly(() => slurmCommand(spec, { out, tasks: 2 }));
    const left = [...Deno.readDirSync(`${out}/slurm`)].map((e) => e.name).sort();
    assert.deepEqual(left, ["array_0.sbatch", "logs", "merge.sbatch", "submit.sh"]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("main.ts slurm refuses a bad --time in one line, before planning anything", async () => {
  const out = await Deno.makeTempDir({ prefix: "slurm-main-" });
  try {
    const r = await runMain(ROOT, "slurm", `${out}/spec.yaml`, "--out", out, "--time", "1:2:3:4");
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /^error: --time "1:2:3:4" is not a Slurm time limit; write D-HH:MM:SS/);
    assert.ok(!r.stderr.includes("    at "), r.stderr);
    assert.deepEqual([...Deno.readDirSync(out)], []);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("submitSlurm() says where to submit when sbatch is missing, and relays sbatch's error", async () => {
  const out = await Deno.makeTempDir({ prefix: "slurm-submit-" });
  try {
    await writeSlurmScripts(out, slurmScripts({ ...BASE, runs: 3, out, maxArraySize: 2 }));
    await assert.rejects(
      submitSlurm(out, { PATH: `${out}/no-bin` }),
      new RegExp(
        "sbatch not found on PATH: run this on a Slurm login node, or submit " +
          `${out}/slurm/submit.sh there`,
      ),
    );
    // A stand-in sbatch: accepts the first script as job 41, then fails like a bad partition.
    await Deno.mkdir(`${out}/bin`);
    await Deno.writeTextFile(
      `${out}/bin/sbatch`,
      `#!/usr/bin/env bash\nif [ ! -e "${out}/bin/once" ]; then touch "${out}/bin/once"; ` +
        `echo 41; exit 0; fi\necho "sbatch: error: invalid partition specified: nope" >&2\nexit 1\n`,
    );
    await Deno.chmod(`${out}/bin/sbatch`, 0o755);
    await assert.rejects(
      submitSlurm(out, { PATH: `${out}/bin:/usr/bin:/bin` }),
      /sbatch failed .*exit 1\): sbatch: error: invalid partition specified: nope; submitted before it: array_0.sbatch as 41 \(scancel 41/,
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

const missing = await slurmMissing();
if (missing) console.warn(`slurm_test: the real-cluster test is skipped: ${missing}`);

Deno.test({
  name: "a one-node cluster runs 6 throttled tasks over two arrays, then the merge after them",
  ignore: missing !== null,
  async fn() {
    const t0 = performance.now();
    const cluster = await startSlurmCluster({ maxArraySize: 4 });
    assert.ok(cluster, "slurmMissing() said the cluster could start");
    const started = performance.now();
    // A space, a quote and a % in the path, on purpose: #SBATCH and shell quoting both matter.
    const out = await Deno.makeTempDir({ prefix: "panarchy sweep's 100% " });
    try {
      const scripts = slurmScripts({
        runs: 6,
        tasks: 6,
        throttle: 2,
        maxArraySize: cluster.maxArraySize,
        partition: cluster.partition,
        time: "5",
        mem: "100M",
        repo: ROOT,
        spec: `${out}/spec.yaml`,
        out,
        command: (w) => `echo "task ${w.task} of ${w.tasks}" > ${w.out}/task-${w.task}.txt`,
        mergeCommand: (w) => `cd ${w.out} && ls task-*.txt | sort > merged.txt`,
      });
      assert.deepEqual(scripts.arrays.map((a) => a.size), [4, 2]);
      await writeSlurmScripts(out, scripts);
      const jobs = await submitSlurm(out, cluster.env);
      assert.deepEqual(jobs.map((j) => j.script), [
        "array_0.sbatch",
        "array_1.sbatch",
        "merge.sbatch",
      ]);
      const shown = await run("scontrol", ["-o", "show", "job", jobs[0].jobId], cluster.env);
      assert.match(shown.stdout, /ArrayTaskThrottle=2/);
      const states = await cluster.waitForJobs(jobs.map((j) => j.jobId), 120_000);
      const ran = performance.now();
      for (const j of jobs) {
        assert.equal(states[j.jobId].state, "COMPLETED", JSON.stringify(states));
      }
      for (let i = 0; i < 6; i++) {
        assert.equal(await Deno.readTextFile(`${out}/task-${i}.txt`), `task ${i} of 6\n`);
      }
      assert.equal(
        await Deno.readTextFile(`${out}/merged.txt`),
        [0, 1, 2, 3, 4, 5].map((i) => `task-${i}.txt\n`).join(""),
      );
      const logs = [...Deno.readDirSync(`${out}/slurm/logs`)].map((e) => e.name);
      assert.equal(logs.filter((n) => /^\d+_\d\.out$/.test(n)).length, 6, logs.join(" "));
      assert.equal(logs.filter((n) => /^merge_\d+\.out$/.test(n)).length, 1, logs.join(" "));
      console.log(
        `slurm cluster: started in ${((started - t0) / 1000).toFixed(1)} s, ` +
          `jobs ran in ${((ran - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await cluster.stop();
      await Deno.remove(out, { recursive: true });
    }
  },
});
