/**
 * A sweep on a real Slurm cluster (one node, started on this machine): `main.ts slurm` plans it
 * and writes the job arrays, sbatch runs them as shards, the merge job builds the dataset, and
 * the dataset equals that of a local run of the same spec.
 */
import assert from "node:assert/strict";
import { slurmCommand } from "../../cli/slurm.ts";
import { readParquetFile } from "../../engine/snapshot/parquet.ts";
import { RESULTS_FILE } from "../../sweep/dataset.ts";
import { runSweep } from "../../sweep/run.ts";
import { submitSlurm } from "../../sweep/slurm.ts";
import { listFiles, sameBytes } from "../_fixtures.ts";
import { slurmMissing, startSlurmCluster } from "../_slurm.ts";

const missing = await slurmMissing();
if (missing) console.log(`the Slurm sweep test is skipped: ${missing}`);

/** 6 points x 2 seeds = 12 runs of a 1,000-person island for 20 days. */
const SPEC = `name: on_slurm
scenario: tiny_island
changes: { population.persons: 1000, economy.firms: 60 }
ticks: 20
parameters:
  economy.households.consume_income: { range: [0.75, 0.95], steps: 3 }
  economy.labor.matching_efficiency: { values: [0.3, 0.6] }
replicates: 2
record: { kpis: [unemployment_rate, cpi], moments: [mean, q50, last] }
`;

async function rowsOf(dir: string): Promise<unknown[]> {
  const t = await readParquetFile(`${dir}/${RESULTS_FILE}`);
  return t.toArray().map((r) => {
    const row = { ...r.toJSON() };
    delete row.wall_s;
    return row;
  });
}

Deno.test({
  name: "a sweep submitted as Slurm job arrays of 6 tasks gives the dataset of a local run",
  ignore: missing !== null,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "slurm_sweep_" });
    const cluster = await startSlurmCluster({ maxArraySize: 4 });
    assert.ok(cluster);
    try {
      await Deno.writeTextFile(`${tmp}/spec.yaml`, SPEC);
      const log = console.log;
      console.log = () => {};
      const { dir } = await slurmCommand(`${tmp}/spec.yaml`, {
        out: `${tmp}/cluster`,
        tasks: 6,
        throttle: 2,
        maxArraySize: cluster.maxArraySize,
        partition: cluster.partition,
        time: "10",
        mem: "900M",
      }).finally(() => (console.log = log));
      const jobs = await submitSlurm(dir, cluster.env);
      assert.deepEqual(jobs.map((j) => j.script), [
        "array_0.sbatch",
        "array_1.sbatch",
        "merge.sbatch",
      ]);
      const states = await cluster.waitForJobs(jobs.map((j) => j.jobId), 300_000);
      for (const j of jobs) {
        const logs = (await listFiles(`${dir}/slurm/logs`)).map((f) =>
          `${f}:\n${Deno.readTextFileSync(`${dir}/slurm/logs/${f}`).slice(-800)}`
        );
        assert.equal(states[j.jobId].state, "COMPLETED", logs.join("\n"));
      }
      const shards = (await listFiles(`${dir}/slurm/logs`)).filter((f) => /^\d+_\d+\.out$/.test(f));
      assert.equal(shards.length, 6, "six array tasks ran");

      await runSweep(`${tmp}/spec.yaml`, { out: `${tmp}/local`, workers: 2 });
      assert.deepEqual(await rowsOf(dir), await rowsOf(`${tmp}/local`));
      const series = (await listFiles(`${tmp}/local`)).filter((f) => f.startsWith("series/"));
      assert.equal(series.length, 12);
      for (const f of series) {
        assert.ok(await sameBytes(`${dir}/${f}`, `${tmp}/local/${f}`), `${f} differs`);
      }
    } finally {
      await cluster.stop();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
