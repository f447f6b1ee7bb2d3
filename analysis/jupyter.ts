/**
 * The Jupyter installation the notebook runner uses: {@linkcode findJupyter} checks it, and
 * {@linkcode installKernel} registers the Deno kernel so that it keeps working.
 *
 * `npx -y deno@2.9.6 jupyter --install` writes a kernelspec whose command is the deno binary
 * inside npm's npx cache, which npm may clear at any time (and it fails when the kernel exists,
 * unless `--force` is given). {@linkcode installKernel} copies the running deno binary to a
 * stable place first (`~/.local/bin/deno-<version>`) and lets that copy register itself, so the
 * kernelspec points at a file that stays.
 *
 * @module
 */
import { delimiter, join } from "node:path";
import { writeAtomically } from "./notebook_format.ts";

/** What to install for the notebook runner, and how to register the kernel. */
export const JUPYTER_INSTALL_HINT: string =
  "install Jupyter with `apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client` " +
  "and register the Deno kernel with `npx -y deno@2.9.6 task kernel-install` (see the README)";

/** What {@linkcode findJupyter} found. */
export interface JupyterInstall {
  /** The `jupyter` executable used. */
  jupyter: string;
  /** The Python interpreter that runs it (and the runner's driver). */
  python: string;
  /** nbconvert version, e.g. "6.5.3". */
  nbconvert: string;
  /** nbclient version, e.g. "0.7.2". */
  nbclient: string;
  /** The kernelspec name that runs notebooks. */
  kernelName: string;
  /** The kernel's command line from its kernelspec. */
  kernelArgv: string[];
}

/** Options of {@linkcode findJupyter}. */
export interface FindJupyterOptions {
  /** The jupyter executable (a name looked up on PATH, or a path). @default {"jupyter"} */
  jupyter?: string;
  /** Kernelspec that must be installed. @default {"deno"} */
  kernelName?: string;
}

/** Runs a command and collects its output. */
export async function runCommand(
  cmd: string,
  args: string[],
  opts: { cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(cmd, { args, cwd: opts.cwd, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** The executable's path: `name` itself when it holds a slash, else the first match on PATH. */
async function whichExecutable(name: string): Promise<string | undefined> {
  if (name.includes("/")) return name;
  for (const dir of (Deno.env.get("PATH") ?? "").split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      const info = await Deno.stat(path);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * The Python that runs `jupyter`, from the script's `#!` line: the Python on PATH may be
 * another one (pyenv, a virtualenv) without nbclient.
 */
async function pythonOf(jupyterPath: string): Promise<string> {
  let head = "";
  try {
    const file = await Deno.open(jupyterPath);
    try {
      const buf = new Uint8Array(256);
      const n = await file.read(buf);
      head = new TextDecoder().decode(buf.subarray(0, n ?? 0));
    } finally {
      file.close();
    }
  } catch {
    return "python3";
  }
  const shebang = head.split("\n")[0].match(/^#!\s*(\S+)(?:\s+(\S+))?/);
  if (!shebang) return "python3";
  if (/\/env$/.test(shebang[1]) && shebang[2]) return shebang[2];
  return /python/.test(shebang[1]) ? shebang[1] : "python3";
}

const VERSIONS_SCRIPT = `
import json
found = {}
for name in ("nbclient", "nbconvert", "nbformat", "jupyter_client"):
    try:
        found[name] = __import__(name).__version__
    except Exception:
        found[name] = None
print(json.dumps(found))
`;

/**
 * Checks that Jupyter (nbclient, nbconvert, nbformat, jupyter_client) is installed and the
 * Deno kernelspec registered, with a command that exists.
 *
 * @param opts Executable and kernel name.
 * @returns Versions, the Python that runs Jupyter and the kernel's command line.
 * @throws {Error} Naming what is missing and how to install it (see
 *   {@linkcode JUPYTER_INSTALL_HINT}).
 *
 * @example
 * ```ts
 * import { findJupyter } from "./jupyter.ts";
 * const jupyter = await findJupyter(); // throws with install instructions when absent
 * console.log(`nbconvert ${jupyter.nbconvert}, kernel ${jupyter.kernelArgv[0]}`);
 * ```
 */
export async function findJupyter(opts: FindJupyterOptions = {}): Promise<JupyterInstall> {
  const jupyter = opts.jupyter ?? "jupyter";
  const kernelName = opts.kernelName ?? "deno";
  const path = await whichExecutable(jupyter);
  if (!path) {
    throw new Error(
      `Jupyter is not installed (no \`${jupyter}\` on PATH): ${JUPYTER_INSTALL_HINT}`,
    );
  }
  const python = await pythonOf(path);
  let versions: Record<string, string | null>;
  try {
    const r = await runCommand(python, ["-c", VERSIONS_SCRIPT]);
    versions = JSON.parse(r.stdout);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `Jupyter's Python ${python} (from ${path}) is missing: ${JUPYTER_INSTALL_HINT}`,
      );
    }
    throw new Error(`Cannot ask ${python} for Jupyter's versions: ${(e as Error).message}`);
  }
  const missing = ["nbclient", "nbconvert", "nbformat", "jupyter_client"].filter((p) =>
    !versions[p]
  );
  if (missing.length > 0) {
    throw new Error(
      `Jupyter is missing ${missing.join(", ")} (in ${python}): ${JUPYTER_INSTALL_HINT}`,
    );
  }
  let specs: Record<string, { spec?: { argv?: string[] } }>;
  try {
    const r = await runCommand(path, ["kernelspec", "list", "--json"]);
    specs = JSON.parse(r.stdout).kernelspecs ?? {};
  } catch (e) {
    throw new Error(
      `\`${jupyter} kernelspec list --json\` failed (${
        (e as Error).message
      }): ${JUPYTER_INSTALL_HINT}`,
    );
  }
  const spec = specs[kernelName];
  if (!spec) {
    const known = Object.keys(specs);
    throw new Error(
      `No "${kernelName}" Jupyter kernel is registered (known: ${
        known.length ? known.join(", ") : "none"
      }): run \`npx -y deno@2.9.6 task kernel-install\``,
    );
  }
  const kernelArgv = spec.spec?.argv ?? [];
  const command = kernelArgv[0];
  if (command?.startsWith("/")) {
    try {
      await Deno.stat(command);
    } catch {
      throw new Error(
        `The "${kernelName}" Jupyter kernel runs ${command}, which does not exist (npm clears its ` +
          "npx cache): run `npx -y deno@2.9.6 task kernel-install` to register a stable copy",
      );
    }
  }
  return {
    jupyter: path,
    python,
    nbconvert: versions.nbconvert!,
    nbclient: versions.nbclient!,
    kernelName,
    kernelArgv,
  };
}

/** Options of {@linkcode installKernel}. */
export interface InstallKernelOptions {
  /** Where a copy of a deno binary from a cache goes. @default {"$HOME/.local/bin"} */
  binDir?: string;
  /** The deno binary to register. @default {Deno.execPath()} */
  deno?: string;
  /** The jupyter executable that checks the result. @default {"jupyter"} */
  jupyter?: string;
}

/** What {@linkcode installKernel} did. */
export interface KernelInstall {
  /** The deno binary the kernelspec runs. */
  deno: string;
  /** Whether that binary was copied (false: already in place, or not from a cache). */
  copied: boolean;
  /** The registered kernel's command line. */
  argv: string[];
}

// Where npm, npx and Deno keep files they may delete: a kernelspec must not point there.
const TRANSIENT = /\/(_npx|node_modules|\.npm|\.cache)\//;

/** Whether `path` is a deno binary of `version` (same size as `source`, answers `--version`). */
async function sameDeno(path: string, source: string, version: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([Deno.stat(path), Deno.stat(source)]);
    if (a.size !== b.size) return false;
    const r = await runCommand(path, ["--version"]);
    return r.code === 0 && r.stdout.startsWith(`deno ${version} `);
  } catch {
    return false;
  }
}

/**
 * Registers the Deno Jupyter kernel (kernelspec `deno`) with a deno binary that stays: a
 * binary in npm's or Deno's caches is first copied to `binDir/deno-<version>` (once; a copy
 * already there is reused). Then that binary runs `deno jupyter --install --force`, so running
 * it again replaces the kernelspec instead of failing. The result is checked with
 * `jupyter kernelspec list`.
 *
 * @param opts Destination folder, binary, jupyter executable.
 * @returns The binary the kernel runs, whether it was copied, the kernel's command line.
 * @throws {Error} When HOME is unset (and no `binDir` is given), the copy or the registration
 *   fails (with deno's message), or Jupyter does not list the kernel afterwards.
 *
 * @example
 * ```ts
 * import { installKernel } from "./jupyter.ts";
 * const k = await installKernel();
 * console.log(`kernel "deno" runs ${k.deno}`);
 * ```
 */
export async function installKernel(opts: InstallKernelOptions = {}): Promise<KernelInstall> {
  const source = opts.deno ?? Deno.execPath();
  const version = opts.deno === undefined
    ? Deno.version.deno
    : (await runCommand(source, ["--version"])).stdout.match(/^deno (\S+)/)?.[1];
  if (!version) throw new Error(`${source} is not a deno binary (\`--version\` did not say)`);
  let deno = source;
  let copied = false;
  if (TRANSIENT.test(source)) {
    const home = Deno.env.get("HOME");
    const binDir = opts.binDir ?? (home ? join(home, ".local", "bin") : undefined);
    if (!binDir) {
      throw new Error("HOME is not set: give the folder for the deno binary (--bin-dir)");
    }
    deno = join(binDir, `deno-${version}`);
    if (!(await sameDeno(deno, source, version))) {
      await Deno.mkdir(binDir, { recursive: true });
      await writeAtomically(deno, async (tmp) => {
        await Deno.copyFile(source, tmp);
        await Deno.chmod(tmp, 0o755);
      });
      copied = true;
    }
  }
  const r = await runCommand(deno, ["jupyter", "--install", "--force"]);
  if (r.code !== 0) {
    throw new Error(
      `\`${deno} jupyter --install --force\` failed: ${(r.stderr || r.stdout).trim()}`,
    );
  }
  const found = await findJupyter({ jupyter: opts.jupyter });
  if (found.kernelArgv[0] !== deno) {
    throw new Error(
      `Jupyter's "deno" kernel runs ${found.kernelArgv[0]}, not ${deno}: another kernelspec ` +
        "named deno takes precedence (see `jupyter kernelspec list`)",
    );
  }
  return { deno, copied, argv: found.kernelArgv };
}
