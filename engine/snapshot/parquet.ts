/**
 * Parquet files through parquet-wasm, written atomically (temporary name, then rename).
 * @module
 */
import * as arrow from "apache-arrow";
import {
  Compression,
  readParquet,
  Table as WasmTable,
  writeParquet,
  WriterPropertiesBuilder,
} from "parquet-wasm";

/** Parquet compression codecs a scenario may ask for. */
export type Codec = "zstd" | "snappy" | "none";

const CODECS = {
  zstd: Compression.ZSTD,
  snappy: Compression.SNAPPY,
  none: Compression.UNCOMPRESSED,
} as const;

/**
 * Writes bytes to `path` through a temporary file in the same folder and a rename, so a
 * reader never sees a half-written file and a crash never leaves one.
 */
export async function writeAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${Deno.pid}`;
  if (typeof bytes === "string") await Deno.writeTextFile(tmp, bytes);
  else await Deno.writeFile(tmp, bytes);
  await Deno.rename(tmp, path);
}

/** Encodes an Arrow table as Parquet bytes. */
export function toParquet(table: arrow.Table, codec: Codec): Uint8Array {
  const props = new WriterPropertiesBuilder().setCompression(CODECS[codec]).build();
  const wasm = WasmTable.fromIPCStream(arrow.tableToIPC(table, "stream"));
  return writeParquet(wasm, props);
}

/**
 * Reads a Parquet file into an Arrow table.
 *
 * @throws {Error} naming the file when it is missing or not valid Parquet.
 */
export async function readParquetFile(path: string): Promise<arrow.Table> {
  return decodeParquet(path, await readBytes(path, () => Deno.readFile(path)));
}

/** {@link readParquetFile} without `await` (for notebook accessors). */
export function readParquetFileSync(path: string): arrow.Table {
  return decodeParquet(path, readBytesSync(path));
}

function missing(path: string, e: unknown): never {
  if (e instanceof Deno.errors.NotFound) throw new Error(`${path}: file not found`);
  throw e;
}

async function readBytes(path: string, read: () => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await read();
  } catch (e) {
    missing(path, e);
  }
}

function readBytesSync(path: string): Uint8Array {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    missing(path, e);
  }
}

/**
 * Decodes Parquet bytes read from `path`.
 *
 * @throws {Error} naming the file when the bytes are not valid Parquet.
 */
export function decodeParquet(path: string, bytes: Uint8Array): arrow.Table {
  try {
    return arrow.tableFromIPC(readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new Error(
      `${path}: not a readable Parquet file (${e instanceof Error ? e.message : e}); ` +
        `it may be truncated or corrupt: rerun the run that wrote it`,
    );
  }
}
