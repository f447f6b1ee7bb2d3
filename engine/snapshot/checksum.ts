/**
 * SHA-256 checksums of the files a run writes, so that a resume (or any reader) can prove a
 * file is the one that was written: a flipped bit in a data page is caught and named.
 *
 * @module
 */

/** Hex SHA-256 of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads `path` and checks it against its recorded checksum.
 *
 * @throws {Error} naming the file when it is missing or its bytes differ from those written.
 */
export async function readVerified(path: string, expected: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `${path}: file not found, though the snapshot lists it; the snapshot is ` +
          `incomplete: resume from another snapshot of the run`,
      );
    }
    throw e;
  }
  const actual = await sha256(bytes);
  if (actual !== expected) {
    throw new Error(
      `${path}: checksum mismatch (the file changed or was corrupted after it was written: ` +
        `sha256 ${actual.slice(0, 12)}..., recorded ${expected.slice(0, 12)}...); ` +
        `resume from another snapshot or rerun the run that wrote it`,
    );
  }
  return bytes;
}
