/**
 * The lock a run holds on its output directory for its whole life, and a sweep or a
 * calibration on its folder: the file `.panarchy.lock`, held open with an advisory lock
 * (`flock`) and holding the writer's pid and host for messages. The kernel drops the lock when
 * its process dies, however it dies (`kill -9` included), so a lock file whose lock can be
 * taken was left by a dead process: it is taken over, with a note. Two live writers can never
 * hold one directory. The shards of a Slurm sweep share their folder: each holds the lock
 * shared ({@link acquireLock}'s `shared`), which keeps out a whole sweep, a merge or a
 * planning of the same folder (they hold it exclusive) but not each other.
 *
 * @module
 */

/** File name of the lock inside a run directory. */
export const LOCK_FILE = ".panarchy.lock";

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the lock was taken (ISO time; informative). */
  since: string;
}

function hostname(): string {
  try {
    return Deno.hostname();
  } catch {
    return "this host";
  }
}

/** "process 1234 on host h, since ..." */
export function describeHolder(h: LockHolder): string {
  return `process ${h.pid} on ${h.host}${h.since ? ` (since ${h.since})` : ""}`;
}

/** Thrown when another live process holds the directory. */
export class LockedError extends Error {
  constructor(dir: string, holder: LockHolder | null, what = "run") {
    super(
      `${what === "run" ? "run directory" : `${what} folder`} ${dir} is in use by ${
        holder ? describeHolder(holder) : `another ${what === "sweep" ? "sweep or shard" : what}`
      }: wait for that ${what} to finish or choose another --out`,
    );
    this.name = "LockedError";
  }
}

/** Options of {@link acquireLock}. */
export interface LockOptions {
  /**
   * Hold the lock shared with other shared holders (the shards of one sweep), exclusive of
   * every exclusive holder. A shared holder does not write its name in the file.
   * @default {false}
   */
  shared?: boolean;
  /** What holds the folder, for messages: "run", "sweep", "calibration". @default {"run"} */
  what?: string;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text);
    if (typeof h?.pid === "number") return { pid: h.pid, host: String(h.host), since: h.since };
  } catch {
    // empty (a holder that died while writing it) or not ours: no holder to name
  }
  return null;
}

async function readAll(file: Deno.FsFile): Promise<string> {
  await file.seek(0, Deno.SeekMode.Start);
  const info = await file.stat();
  const buf = new Uint8Array(info.size);
  let at = 0;
  while (at < buf.length) {
    const n = await file.read(buf.subarray(at));
    if (n === null) break;
    at += n;
  }
  return new TextDecoder().decode(buf.subarray(0, at));
}

/**
 * The holder named in a lock file held by another process. A holder writes its name right
 * after taking the lock, so an empty file is read again a few times before giving up.
 */
async function holderOf(file: Deno.FsFile): Promise<LockHolder | null> {
  for (let i = 0; i < 20; i++) {
    const holder = parseHolder(await readAll(file));
    if (holder) return holder;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

/** A held lock; {@link RunLock.release} removes it. */
export class RunLock {
  #dir: string;
  #file: Deno.FsFile;
  readonly holder: LockHolder;
  /** The dead holder whose lock file was taken over (else null), for a note to the user. */
  readonly takenOver: LockHolder | null;
  #released = false;
  #shared: boolean;

  constructor(
    dir: string,
    file: Deno.FsFile,
    holder: LockHolder,
    takenOver: LockHolder | null,
    shared = false,
  ) {
    this.#dir = dir;
    this.#file = file;
    this.holder = holder;
    this.takenOver = takenOver;
    this.#shared = shared;
  }

  /** The directory the lock is in. */
  get dir(): string {
    return this.#dir;
  }

  /** Records that the locked directory was renamed (the open lock file moved with it). */
  movedTo(dir: string): void {
    this.#dir = dir;
  }

  /**
   * Removes the lock file and drops the lock. A shared holder removes the file only when it
   * is the last holder (it can take the lock exclusive); the others leave it to that one.
   */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (!this.#shared || await this.#file.tryLock(true).catch(() => false)) {
      await Deno.remove(`${this.#dir}/${LOCK_FILE}`).catch(() => {});
    }
    this.#file.close();
  }
}

/**
 * Takes the lock of `dir` (which must exist), or throws {@link LockedError} naming the
 * holder. A lock file left by a process that died is taken over; `takenOver` then names that
 * process so that the caller can say so.
 */
export async function acquireLock(dir: string, opts: LockOptions = {}): Promise<RunLock> {
  const path = `${dir}/${LOCK_FILE}`;
  const shared = opts.shared ?? false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const file = await Deno.open(path, { read: true, write: true, create: true });
    let held = false;
    try {
      if (!(await file.tryLock(!shared))) {
        throw new LockedError(dir, await holderOf(file), opts.what);
      }
      // The file may have been removed (a release) between our open and our lock: then we
      // hold a lock on a file nobody sees. Try again on the file now at that path.
      const [mine, now] = await Promise.all([file.stat(), Deno.stat(path).catch(() => null)]);
      if (now === null || now.ino !== mine.ino || now.dev !== mine.dev) continue;
      const holder: LockHolder = {
        pid: Deno.pid,
        host: hostname(),
        since: new Date().toISOString(),
      };
      if (shared) {
        // What a dead exclusive holder left would name it to the next one refused.
        await file.truncate(0);
        held = true;
        return new RunLock(dir, file, holder, null, true);
      }
      const before = await readAll(file);
      await file.truncate(0);
      await file.seek(0, Deno.SeekMode.Start);
      await file.write(new TextEncoder().encode(JSON.stringify(holder) + "\n"));
      held = true;
      const takenOver = before.trim() === "" ? null : parseHolder(before) ?? {
        pid: -1,
        host: "unknown",
        since: "",
      };
      return new RunLock(dir, file, holder, takenOver);
    } finally {
      if (!held) file.close();
    }
  }
  throw new LockedError(dir, null, opts.what);
}

/**
 * Runs `body` while holding `dir`'s lock if no live run holds it, then removes the lock;
 * returns null without running it when a live run holds it.
 */
export async function whileUnlocked<T>(
  dir: string,
  body: (lock: RunLock) => Promise<T>,
): Promise<T | null> {
  let lock: RunLock;
  try {
    lock = await acquireLock(dir);
  } catch (e) {
    if (e instanceof LockedError) return null;
    throw e;
  }
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}
