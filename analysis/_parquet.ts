/**
 * Synchronous Parquet reading for the analysis layer: a notebook asks `run.table("persons")`
 * and gets a table back without `await`. Same errors as the engine's `readParquetFile`.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { readParquet } from "parquet-wasm";

/**
 * Reads a Parquet file into an Arrow table, synchronously.
 *
 * @param path The `.parquet` file.
 * @returns Its rows as an Arrow table.
 * @throws {Error} Naming the file when it is missing or not readable Parquet.
 */
export function readParquetSync(path: string): arrow.Table {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`${path}: file not found`);
    throw e;
  }
  try {
    return arrow.tableFromIPC(readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new Error(
      `${path}: not a readable Parquet file (${e instanceof Error ? e.message : e}); ` +
        `it may be truncated or corrupt: rerun the run that wrote it`,
    );
  }
}
