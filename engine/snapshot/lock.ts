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
 * A file system that does not lock files (a cluster file system mounted without `flock`:
 * Lustre with `noflock`, some NFS clients) refuses the lock: {@link acquireLock} then throws
 * {@link LocksUnsupportedError} and leaves no lock file it made; runs, sweeps and calibrations
 * go on without the lock and say so ({@link RunLock.unlocked}).
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

/** This process as a lock's holder, from now. */
function thisProcess(): LockHolder {
  return { pid: Deno.pid, host: hostname(), since: new Date().toISOString() };
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

/** Error codes of a file system that does not lock files. */
const NO_LOCKS = new Set(["ENOSYS", "ENOTSUP", "EOPNOTSUPP", "ENOLCK"]);

/** Thrown when the file system of `dir` refuses file locks (its `code` says how). */
export class LocksUnsupportedError extends Error {
  readonly code: string;
  constructor(readonly dir: string, code: string) {
    super(`the file system of ${dir} does not support file locks (${code})`);
    this.name = "LocksUnsupportedError";
    this.code = code;
  }
}

/** The code of a refusal to lock that says the file system has no locks, else null. */
function noLocksCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && NO_LOCKS.has(code)) return code;
  if (e instanceof Deno.errors.NotSupported) {
    return typeof code === "string" ? code : "not supported";
  }
  return null;
}

/**
 * What a process that goes on without a folder's lock tells the user: what it cannot guard
 * against, so that the user does not do it.
 */
export function unlockedNotice(e: LocksUnsupportedError, what = "run"): string {
  return `${e.message}: working without the ${
    what === "run" ? "run directory" : `${what} folder`
  }'s lock, so do not start a second ${what} on it while this one runs`;
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
  #file: Deno.FsFile | null;
  readonly holder: LockHolder;
  /** The dead holder whose lock file was taken over (else null), for a note to the user. */
  readonly takenOver: LockHolder | null;
  #released = false;
  #shared: boolean;

  constructor(
    dir: string,
    file: Deno.FsFile | null,
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

  /**
   * A stand-in for the lock of `dir` on a file system that refuses locks: it holds nothing,
   * and releasing it removes nothing.
   */
  static unlocked(dir: string): RunLock {
    return new RunLock(dir, null, thisProcess(), null);
  }

  /** Whether the directory is locked (false for {@link RunLock.unlocked}). */
  get locked(): boolean {
    return this.#file !== null;
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
    if (this.#file === null) return;
    if (!this.#shared || await this.#file.tryLock(true).catch(() => false)) {
      await Deno.remove(`${this.#dir}/${LOCK_FILE}`).catch(() => {});
    }
    this.#file.close();
  }
}

/** Opens (or makes: `made`) the lock file at `path`. */
async function openLockFile(path: string): Promise<{ file: Deno.FsFile; made: boolean }> {
  const rw = { read: true, write: true };
  for (;;) {
    try {
      return { file: await Deno.open(path, { ...rw, createNew: true }), made: true };
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
    try {
      return { file: await Deno.open(path, rw), made: false };
    } catch (e) {
      // Released (removed) between the two opens: make it.
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}

/**
 * Takes the lock of `dir` (which must exist), or throws {@link LockedError} naming the
 * holder, or {@link LocksUnsupportedError} when its file system has no locks. A lock file left
 * by a process that died is taken over; `takenOver` then names that process so that the
 * caller can say so.
 */
export async function acquireLock(dir: string, opts: LockOptions = {}): Promise<RunLock> {
  const path = `${dir}/${LOCK_FILE}`;
  const shared = opts.shared ?? false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { file, made } = await openLockFile(path);
    let held = false;
    try {
      let free: boolean;
      try {
        free = await file.tryLock(!shared);
      } catch (e) {
        // Leave nothing behind: a lock file this call made says nothing to anyone.
        if (made) await Deno.remove(path).catch(() => {});
        const code = noLocksCode(e);
        throw code === null ? e : new LocksUnsupportedError(dir, code);
      }
      if (!free) throw new LockedError(dir, await holderOf(file), opts.what);
      // The file may have been removed (a release) between our open and our lock: then we
      // hold a lock on a file nobody sees. Try again on the file now at that path.
      const [mine, now] = await Promise.all([file.stat(), Deno.stat(path).catch(() => null)]);
      if (now === null || now.ino !== mine.ino || now.dev !== mine.dev) continue;
      const holder = thisProcess();
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
 * returns null without running it when a live run holds it. On a file system without locks it
 * runs `body` unlocked.
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
    // Without locks nothing tells a live writer from a dead one: as before runs took locks
    // (the caller that went on without its own lock has said so).
    if (!(e instanceof LocksUnsupportedError)) throw e;
    lock = RunLock.unlocked(dir);
  }
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}
