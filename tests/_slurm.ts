/**
 * A one-node Slurm cluster for tests: its own munged (private key and socket), slurmctld and
 * slurmd on free ports, every file in one temp folder. Needs root and Debian's `slurm-wlm` and
 * `munge` (`.ci/run` installs them).
 *
 * ```ts
 * const cluster = await startSlurmCluster();   // null, with the reason printed, when it can't
 * try {
 *   // child processes that call sbatch/squeue get cluster.env (SLURM_CONF)
 *   const states = await cluster.waitForJobs(["12", "13"], 60_000);
 * } finally {
 *   await cluster.stop();
 * }
 * ```
 *
 * Nothing outside the temp folder is written: munged runs with a key and socket of its own, so a
 * system munged (and /etc/munge/munge.key) is neither used nor touched, and two clusters (two
 * test processes) can run side by side.
 *
 * @module
 */

/** The final (or current) state of one job; for an array, of each of its tasks. */
export interface JobState {
  /** COMPLETED when every task completed; otherwise the first other state seen, e.g. FAILED. */
  state: string;
  /** Array task id (or the job id for a plain job) to its JobState. */
  tasks: Record<string, string>;
}

/** A running test cluster. */
export interface SlurmCluster {
  /** The temp folder holding its config, state, spool, pid and log files. */
  dir: string;
  /** Its slurm.conf. */
  conf: string;
  /** Environment for child processes that use it (sbatch, squeue, scripts): SLURM_CONF. */
  env: Record<string, string>;
  /** The default partition's name. */
  partition: string;
  /** Its MaxArraySize (array indices must be below it). */
  maxArraySize: number;
  /**
   * Waits until every job has ended (polling `scontrol show job`).
   *
   * @throws {Error} after `timeoutMs`, with the queue and the daemons' log tails.
   */
  waitForJobs(ids: string[], timeoutMs?: number): Promise<Record<string, JobState>>;
  /** Cancels its jobs, stops the daemons it started (by their pid files), removes its folder. */
  stop(): Promise<void>;
}

/** Options of {@link startSlurmCluster}. */
export interface ClusterOptions {
  /** MaxArraySize of the cluster. @default 1001 (Slurm's default) */
  maxArraySize?: number;
  /** How long to wait for the node to become idle. @default 30_000 ms */
  startTimeoutMs?: number;
}

const DAEMONS = ["slurmctld", "slurmd", "munged"];
const CLIENTS = ["sbatch", "squeue", "scontrol", "sinfo", "scancel"];
const SBIN = ["/usr/sbin", "/sbin", "/usr/local/sbin"];
const TERMINAL = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "OUT_OF_MEMORY",
]);

/**
 * Why a test cluster cannot start here (not root, a program missing), or null when it can.
 * Use it for `Deno.test({ ignore })`.
 */
export async function slurmMissing(): Promise<string | null> {
  if (Deno.build.os !== "linux") return `not Linux (${Deno.build.os})`;
  if (Deno.uid() !== 0) return "not root (slurmd and munged run as root here)";
  const missing: string[] = [];
  for (const p of [...DAEMONS, ...CLIENTS]) if (!(await which(p))) missing.push(p);
  return missing.length
    ? `${missing.join(", ")} not found: apt-get install -y slurm-wlm munge (as .ci/run does)`
    : null;
}

/**
 * Starts a one-node cluster and waits for its node to be idle.
 *
 * @returns the cluster, or null (printing why) when this machine cannot run one.
 * @throws {Error} when a daemon does not come up, with the daemons' log tails.
 */
export async function startSlurmCluster(opts: ClusterOptions = {}): Promise<SlurmCluster | null> {
  const missing = await slurmMissing();
  if (missing) {
    console.warn(`no Slurm test cluster: ${missing}`);
    return null;
  }
  const maxArraySize = opts.maxArraySize ?? 1001;
  const dir = await Deno.makeTempDir({ prefix: "panarchy-slurm-" });
  await Deno.chmod(dir, 0o755); // munged wants its socket's folder reachable by all
  for (const sub of ["state", "spool"]) await Deno.mkdir(`${dir}/${sub}`);
  const conf = `${dir}/slurm.conf`;
  const env = { SLURM_CONF: conf };
  const partition = "debug";
  const started: string[] = []; // pid files of what this cluster started, in start order
  const cluster: SlurmCluster = {
    dir,
    conf,
    env,
    partition,
    maxArraySize,
    waitForJobs: (ids, timeoutMs = 120_000) => waitForJobs(cluster, ids, timeoutMs),
    stop: () => stop(cluster, started),
  };
  try {
    // A private key: /etc/munge/munge.key is neither read nor (over)written.
    const key = new Uint8Array(1024);
    crypto.getRandomValues(key);
    await Deno.writeFile(`${dir}/munge.key`, key, { mode: 0o400 });
    await daemon(
      await which("munged") as string,
      [
        "--force",
        `--key-file=${dir}/munge.key`,
        `--socket=${dir}/munge.sock`,
        `--pid-file=${dir}/munged.pid`,
        `--log-file=${dir}/munged.log`,
        `--seed-file=${dir}/munged.seed`,
      ],
      {},
      `${dir}/munged.pid`,
      started,
    );

    const host = Deno.hostname();
    const [ctldPort, slurmdPort] = [freePort(), freePort()];
    await Deno.writeTextFile(
      conf,
      [
        "# A one-node test cluster (tests/_slurm.ts); everything lives in this folder.",
        "ClusterName=panarchytest",
        `SlurmctldHost=${host}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        "SlurmUser=root",
        "SlurmdUser=root",
        "AuthType=auth/munge",
        "CredType=cred/munge",
        `AuthInfo=socket=${dir}/munge.sock`,
        // No cgroups in these containers: track processes by parent id, bind nothing.
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_Core",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        "JobCompType=jobcomp/none",
        "MpiDefault=none",
        "MailProg=/bin/true",
        "ReturnToService=2",
        // Ended jobs stay visible to scontrol for 10 minutes (waitForJobs reads them).
        "MinJobAge=600",
        `MaxArraySize=${maxArraySize}`,
        `StateSaveLocation=${dir}/state`,
        `SlurmdSpoolDir=${dir}/spool`,
        `SlurmctldPidFile=${dir}/slurmctld.pid`,
        `SlurmdPidFile=${dir}/slurmd.pid`,
        `SlurmctldLogFile=${dir}/slurmctld.log`,
        `SlurmdLogFile=${dir}/slurmd.log`,
        "SlurmctldDebug=info",
        "SlurmdDebug=info",
        `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${navigator.hardwareConcurrency} ` +
        "RealMemory=2000 State=UNKNOWN",
        `PartitionName=${partition} Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        "",
      ].join("\n"),
    );
    await daemon(await which("slurmctld") as string, [], env, `${dir}/slurmctld.pid`, started);
    await daemon(await which("slurmd") as string, [], env, `${dir}/slurmd.pid`, started);
    await waitForIdle(cluster, opts.startTimeoutMs ?? 30_000);
    return cluster;
  } catch (e) {
    const logs = await logTails(dir);
    await stop(cluster, started);
    throw new Error(`${e instanceof Error ? e.message : e}\n${logs}`);
  }
}

/** Starts a daemon that forks, and waits for its pid file. */
async function daemon(
  program: string,
  args: string[],
  env: Record<string, string>,
  pidFile: string,
  started: string[],
): Promise<void> {
  const name = program.split("/").pop();
  const r = await new Deno.Command(program, { args, env, stdin: "null" }).output();
  if (!r.success) {
    throw new Error(`${name} did not start (exit ${r.code}): ${decode(r.stderr).trim()}`);
  }
  started.push(pidFile);
  for (const t0 = Date.now(); Date.now() - t0 < 10_000; await sleep(100)) {
    if (await pidOf(pidFile)) return;
  }
  throw new Error(`${name} wrote no pid file (${pidFile}) within 10 s`);
}

async function waitForIdle(cluster: SlurmCluster, timeoutMs: number): Promise<void> {
  let last = "";
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs; await sleep(250)) {
    const r = await slurm(cluster, "sinfo", ["-h", "-o", "%T"]);
    last = r.ok ? r.stdout.trim() : r.stderr.trim();
    if (r.ok && last.split("\n").includes("idle")) return;
  }
  throw new Error(`the test cluster's node is not idle after ${timeoutMs} ms (sinfo: "${last}")`);
}

async function waitForJobs(
  cluster: SlurmCluster,
  ids: string[],
  timeoutMs: number,
): Promise<Record<string, JobState>> {
  const states: Record<string, JobState> = {};
  const t0 = Date.now();
  for (;;) {
    let pending = false;
    for (const id of ids) {
      const r = await slurm(cluster, "scontrol", ["-o", "show", "job", id]);
      if (!r.ok) throw new Error(`scontrol show job ${id} failed: ${r.stderr.trim()}`);
      const tasks: Record<string, string> = {};
      for (const line of r.stdout.split("\n").filter((l) => l.includes("JobState="))) {
        const field = (k: string) => line.match(new RegExp(`(?:^|\\s)${k}=(\\S+)`))?.[1];
        tasks[field("ArrayTaskId") ?? field("JobId") ?? id] = field("JobState") ?? "UNKNOWN";
      }
      const values = Object.values(tasks);
      if (!values.length || values.some((s) => !TERMINAL.has(s))) pending = true;
      const other = values.find((s) => s !== "COMPLETED");
      states[id] = { state: other ?? "COMPLETED", tasks };
    }
    if (!pending) return states;
    if (Date.now() - t0 > timeoutMs) {
      const q = await slurm(cluster, "squeue", ["-o", "%i %j %T %r"]);
      throw new Error(
        `jobs ${ids.join(", ")} still not ended after ${timeoutMs} ms: ` +
          `${JSON.stringify(states)}\nsqueue:\n${q.stdout}${q.stderr}\n${await logTails(
            cluster.dir,
          )}`,
      );
    }
    await sleep(300);
  }
}

async function stop(cluster: SlurmCluster, started: string[]): Promise<void> {
  if (started.some((p) => p.endsWith("slurmctld.pid"))) {
    // Jobs still running would leave slurmstepd processes behind the daemons.
    const q = await slurm(cluster, "squeue", ["-h", "-o", "%A"]);
    const ids = q.ok ? q.stdout.split(/\s+/).filter(Boolean) : [];
    if (ids.length) {
      await slurm(cluster, "scancel", ids);
      for (const t0 = Date.now(); Date.now() - t0 < 5_000; await sleep(200)) {
        const left = await slurm(cluster, "squeue", ["-h", "-o", "%A"]);
        if (!left.ok || !left.stdout.trim()) break;
      }
    }
  }
  // The last started first: slurmd, slurmctld, then munged, which they talk to.
  for (const pidFile of started.splice(0).reverse()) {
    const pid = await pidOf(pidFile);
    if (pid) await terminate(pid);
  }
  await Deno.remove(cluster.dir, { recursive: true }).catch(() => {});
}

/** SIGTERM, then SIGKILL when it is still there after 10 s. */
async function terminate(pid: number): Promise<void> {
  try {
    Deno.kill(pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  for (const t0 = Date.now(); Date.now() - t0 < 10_000; await sleep(100)) {
    if (!(await alive(pid))) return;
  }
  try {
    Deno.kill(pid, "SIGKILL");
  } catch {
    // gone meanwhile
  }
}

/** The live process of a pid file, or null. */
async function pidOf(pidFile: string): Promise<number | null> {
  try {
    const pid = Number((await Deno.readTextFile(pidFile)).trim());
    return Number.isInteger(pid) && pid > 0 && (await alive(pid)) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * True while `pid` runs (a zombie has ended). /proc says it directly but needs --allow-all in
 * Deno; with narrower permissions `ps` says it, and without ps a signal 0 stand-in (SIGCONT,
 * harmless to a running daemon) says whether the pid exists at all.
 */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotCapable)) return false;
  }
  try {
    const ps = await new Deno.Command("ps", { args: ["-o", "stat=", "-p", String(pid)] }).output();
    return ps.success && !new TextDecoder().decode(ps.stdout).trim().startsWith("Z");
  } catch {
    // no ps here
  }
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

async function slurm(
  cluster: SlurmCluster,
  program: string,
  args: string[],
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const r = await new Deno.Command(program, { args, env: cluster.env, stdin: "null" }).output();
  return { ok: r.success, stdout: decode(r.stdout), stderr: decode(r.stderr) };
}

/** The last lines of each daemon's log, for error messages. */
async function logTails(dir: string, lines = 15): Promise<string> {
  const out: string[] = [];
  for (const name of ["munged", "slurmctld", "slurmd"]) {
    try {
      const text = await Deno.readTextFile(`${dir}/${name}.log`);
      out.push(
        `--- ${name}.log (last ${lines} lines)`,
        ...text.trimEnd().split("\n").slice(-lines),
      );
    } catch {
      out.push(`--- ${name}.log: none`);
    }
  }
  return out.join("\n");
}

/** A TCP port nobody listens on now. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** The absolute path of a program on PATH or in the sbin folders, or null. */
async function which(program: string): Promise<string | null> {
  const dirs = [...(Deno.env.get("PATH") ?? "").split(":").filter(Boolean), ...SBIN];
  for (const d of dirs) {
    try {
      if ((await Deno.stat(`${d}/${program}`)).isFile) return `${d}/${program}`;
    } catch {
      // not here
    }
  }
  return null;
}

function decode(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
