/**
 * A calibration whose batches run as Slurm job arrays on a real one-node cluster (started by the
 * test) ends with exactly the state of the same calibration on local workers.
 */
import assert from "node:assert/strict";
import { runCalibration } from "../../calibrate/run.ts";
import { parseCalibrationSpec } from "../../calibrate/spec.ts";
import { listFiles } from "../_fixtures.ts";
import { slurmMissing, startSlurmCluster } from "../_slurm.ts";

const missing = await slurmMissing();
if (missing) console.log(`the Slurm calibration test is skipped: ${missing}`);

const SPEC = `name: on_slurm
scenario: tiny_island
changes: { population.persons: 1000, economy.firms: 60 }
ticks: 30
parameters:
  economy.labor.matching_efficiency: { bounds: [0.2, 0.8] }
targets:
  - { moment: unemployment_rate_mean, value: 0.06, se: 0.01 }
replicates: 2
method: { budget: 20, batch: 2, starts: { points: 6 }, refine: 0 }
uncertainty: { bootstrap: 50 }
sensitivity: { design: morris, samples: 2 }
`;

Deno.test({
  name: "a calibration run as Slurm job arrays ends with the state of a local one",
  ignore: missing !== null,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "slurm_calibration_" });
    const cluster = await startSlurmCluster();
    assert.ok(cluster);
    try {
      const spec = await parseCalibrationSpec(SPEC, "<test>");
      const local = await runCalibration(spec, { out: `${tmp}/local`, workers: 2 });
      const onSlurm = await runCalibration(spec, {
        out: `${tmp}/slurm`,
        slurm: { partition: cluster.partition, time: "10", mem: "900M", env: cluster.env },
      });
      assert.deepEqual(onSlurm, local);
      assert.equal(
        onSlurm.result!.sensitivity!.runs,
        8,
        "2 Morris trajectories x 2 points x 2 seeds",
      );
      // The sensitivity sweep ran as its own array, then its merge job.
      assert.ok((await listFiles(`${tmp}/slurm/sensitivity/slurm`)).includes("merge.sbatch"));
      const logs = (await listFiles(`${tmp}/slurm/slurm/logs`)).filter((f) =>
        /^\d+_\d+\.out$/.test(f)
      );
      // 6 starts x 2 seeds in the first batch's array, then 2 points x 2 seeds per batch.
      assert.ok(logs.length >= 12 + 4, `${logs.length} array tasks ran`);
      assert.deepEqual(
        (await listFiles(`${tmp}/slurm/batches`)).sort(),
        ["0.json", "1.json", "2.json"],
      );
    } finally {
      await cluster.stop();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
