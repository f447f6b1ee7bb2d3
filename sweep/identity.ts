/**
 * The identity of a run: a content hash of everything that determines its result, so a sweep
 * that is restarted skips the runs it has, and a changed spec reruns only what changed.
 *
 * @module
 */
import { sha256 as sha256Bytes } from "../engine/snapshot/checksum.ts";
import { ENGINE_VERSION } from "../engine/snapshot/run_dir.ts";

/** Folders and files (from the repository root) whose code determines a run's recorded values. */
const CODE = ["engine/", "analysis/facts/", "analysis/stats.ts", "sweep/record.ts"];
const ROOT = new URL("../", import.meta.url);

/** JSON with the keys of every object sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${
      keys.map((k) =>
        `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`
      ).join(",")
    }}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Hex SHA-256 of a text (the checksum the run files use, over its UTF-8 bytes). */
export function sha256(text: string): Promise<string> {
  return sha256Bytes(new TextEncoder().encode(text));
}

async function codeFiles(url: URL): Promise<URL[]> {
  if (!url.pathname.endsWith("/")) return [url];
  const out: URL[] = [];
  for await (const e of Deno.readDir(url)) {
    const child = new URL(e.isDirectory ? `${e.name}/` : e.name, url);
    if (e.isDirectory) out.push(...await codeFiles(child));
    else if (e.name.endsWith(".ts")) out.push(child);
  }
  return out;
}

let cached: Promise<string> | undefined;

/**
 * The engine's version and a fingerprint of the code that computes a run's values (the engine,
 * the stylized facts and the run record): `0.1.0+` and 12 hex digits. Any change to that code
 * changes every run's identity, so a sweep never mixes results of two versions of the model.
 * Outside a checkout (code that cannot be read as files) the version alone.
 *
 * @example
 * ```ts
 * await engineFingerprint(); // "0.1.0+3f2a9c0d41be"
 * ```
 */
export function engineFingerprint(): Promise<string> {
  cached ??= (async () => {
    try {
      const files = (await Promise.all(CODE.map((c) => codeFiles(new URL(c, ROOT))))).flat()
        .sort((a, b) => a.pathname < b.pathname ? -1 : 1);
      const parts = await Promise.all(
        files.map(async (f) =>
          `${f.pathname.slice(ROOT.pathname.length)}\n${await Deno.readTextFile(f)}`
        ),
      );
      return `${ENGINE_VERSION}+${(await sha256(parts.join("\0"))).slice(0, 12)}`;
    } catch {
      return ENGINE_VERSION;
    }
  })();
  return cached;
}

/**
 * A run's identity: 16 hex digits of the SHA-256 of the canonical JSON of what determines it.
 *
 * @param what The engine fingerprint, the resolved scenario with the run's seed, the ticks and
 *   what the run records.
 * @example
 * ```ts
 * await runIdentity({ engine: "0.1.0", scenario, ticks: 30, record }); // "9c1e..."
 * ```
 */
export async function runIdentity(what: {
  engine: string;
  scenario: unknown;
  ticks: number;
  record: unknown;
}): Promise<string> {
  return (await sha256(canonicalJson(what))).slice(0, 16);
}
