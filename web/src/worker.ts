// The Pyodide worker: boots Python with NumPy and nlplab, then runs one job at a time.
// The protocol is described in protocol.ts; the Python half is py/nl_runtime.py and the modules
// it names (py/files.ts).
import {
  HEALTH_TEXT,
  type DoneMessage, type FromWorker, type InitMessage, type InspectMessage, type PreloadMessage, type PythonError,
  type RunMessage, type SnapshotMessage, type SnapshotUse, type ToWorker,
} from "./protocol";
import { BrotliCopies } from "./brotli-copies";
import { expectAnswer, waitForAnswer } from "./input-channel";
import type { LoadPyodide, LoadPyodideOptions, LockPackage, PyodideAPI, PyProxy } from "./pyodide-api";
import { dropSnapshots, readSnapshot, snapshotKey, storeSnapshot } from "./python-snapshot";
import { PYTHON_FILES } from "./py/files";
import { WORKER_TEXT } from "./strings";

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  importScripts(...urls: string[]): void;
  loadPyodide?: LoadPyodide;
  /** Defined by pyodide.asm.js; loadPyodide loads that file only while this is undefined. */
  _createPyodideModule?: (settings: unknown) => Promise<unknown>;
  addEventListener(type: "unhandledrejection", listener: (event: PromiseRejectionEvent) => void): void;
}

interface Manifest {
  nlplab_wheel?: string;
  files: Record<string, string>;
  /** The standard library's rarely used modules (scripts/build_assets.py: finish_compiled). */
  stdlib_more?: { url: string; modules: string[] };
}

/** The files of docs/assets/build/ with a brotli copy beside them (written by web/build.mjs). */
declare const BROTLI_COPIES: string[];

const scope = self as unknown as WorkerScope;
/** Where python_stdlib_more.zip is written (py/nl_imports.py: StdlibMore imports from it). */
const STDLIB_MORE_PATH = "/lib/python312_more.zip";
let stdlibMoreURL = "";
let stdlibMoreWritten = false;
let stdlibMoreFetch: Promise<void> | null = null;

/** Fetch python_stdlib_more.zip in the background (once Python is idle: preload). */
function prefetchStdlibMore(py: PyodideAPI): Promise<void> {
  if (!stdlibMoreURL || stdlibMoreWritten) return Promise.resolve();
  stdlibMoreFetch ??= fetchOk(stdlibMoreURL)
    .then((response) => response.arrayBuffer())
    .then((bytes) => {
      if (!stdlibMoreWritten) py.FS.writeFile(STDLIB_MORE_PATH, new Uint8Array(bytes));
      stdlibMoreWritten = true;
    })
    .catch((error: unknown) => {
      console.warn("python_stdlib_more.zip not loaded:", error);   // an import will try again
      stdlibMoreFetch = null;
    });
  return stdlibMoreFetch;
}
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let pyodide: PyodideAPI | null = null;
let runtime: (PyProxy & Record<string, PyProxy>) | null = null;
let interrupt: Int32Array | null = null;
let inputBuffer: SharedArrayBuffer | null = null;
let currentJob = 0;
/** import name -> package name, for the packages this site ships. */
const shipped = new Map<string, string>();
let buildURL = "";

/**
 * The course's Korean font for matplotlib (py/nl_korean_font.py: FILE; scripts/assets/font.py
 * makes it). Fetched with matplotlib, written here; py/nl_imports.py registers it when matplotlib
 * is imported.
 */
const MPL_FONT = { url: "fonts/NLPLabGothic.ttf", path: "/opt/nlplab/fonts/NLPLabGothic.ttf" };
let fontWritten: Promise<void> | null = null;

function ensureFont(py: PyodideAPI): Promise<void> {
  fontWritten ??= fetchOk(buildURL + MPL_FONT.url)
    .then((response) => response.arrayBuffer())
    .then((bytes) => {
      py.FS.mkdirTree(MPL_FONT.path.slice(0, MPL_FONT.path.lastIndexOf("/")));
      py.FS.writeFile(MPL_FONT.path, new Uint8Array(bytes));
    })
    .catch((error: unknown) => {
      // Plots still work without it (Hangul shows as boxes); try again with the next load.
      console.warn("Korean font not loaded:", error);
      fontWritten = null;
    });
  return fontWritten;
}

/** Load Pyodide packages; with matplotlib, its Korean font comes at the same time. */
async function loadWithFont(py: PyodideAPI, names: string[], errorCallback: (message: string) => void): Promise<void> {
  const font = names.includes("matplotlib") ? ensureFont(py) : Promise.resolve();
  await Promise.all([py.loadPackage(names, { messageCallback: () => undefined, errorCallback }), font]);
}

// ------------------------------------------------------------------ the bridge Python calls

const bridge = {
  stream(name: "stdout" | "stderr", text: string) {
    post({ type: "stream", id: currentJob, name, text });
  },
  figure(num: number, png: Uint8Array, width: number, height: number) {
    const copy = png.slice();
    post({ type: "figure", id: currentJob, num, png: copy, width, height }, [copy.buffer]);
  },
  result(text: string) {
    post({ type: "result", id: currentJob, repr: text });
  },
  /** python_stdlib_more.zip, now: an import needs one of its modules (a synchronous request). */
  load_stdlib_more(): string {
    if (!stdlibMoreWritten) {
      const request = new XMLHttpRequest();
      request.open("GET", stdlibMoreURL, false);
      request.responseType = "arraybuffer";
      request.send();
      if (request.status !== 200) throw new Error(`${stdlibMoreURL}: HTTP ${request.status}`);
      pyodide!.FS.writeFile(STDLIB_MORE_PATH, new Uint8Array(request.response as ArrayBuffer));
      stdlibMoreWritten = true;
    }
    return STDLIB_MORE_PATH;
  },
  /**
   * input(prompt): the page shows the prompt and a text field; this waits (without using the CPU)
   * until the learner answers. undefined (None in Python) when cancelled (Esc) or stopped.
   * Python calls it only when the page is isolated (nl_runtime.install).
   */
  input(prompt: string): string | undefined {
    if (!inputBuffer || !interrupt) throw new Error("input() needs a cross-origin isolated page");
    expectAnswer(inputBuffer);
    post({ type: "input", id: currentJob, prompt });
    return waitForAnswer(inputBuffer, interrupt) ?? undefined;
  },
  sleep(seconds: number) {
    const ms = Math.max(0, seconds * 1000);
    if (interrupt) {
      // Sleeps without using the CPU and wakes as soon as Stop writes into the buffer.
      Atomics.wait(interrupt, 0, 0, ms);
      return;
    }
    const end = performance.now() + ms;
    while (performance.now() < end) { /* without a shared buffer, a worker can only spin */ }
  },
};

// ------------------------------------------------------------------ boot

/**
 * pyodide.asm.js from its brotli copy when the host sends no brotli (1.26 MB as it is, 0.2 MB as
 * brotli). Pyodide fetches it with importScripts, which no fetch wrapper sees, and only while
 * `_createPyodideModule` (which the file defines) is undefined. So a stand-in is defined first:
 * loadPyodide starts the wasm download at once, as always, and calls it; it waits for the decoded
 * copy to run from a blob: URL (the worker's policy allows that: mkdocs_hooks/csp.py), which puts
 * the real function in its place, and calls that. Without a copy to use, or if it cannot run, the
 * stand-in loads Pyodide's own file as Pyodide would have.
 */
function asmJsFromCopy(copies: Promise<BrotliCopies>, indexURL: string): void {
  const url = indexURL + "pyodide.asm.js";
  const ran = copies.then(async (c) => {
    if (!(await c.usesCopy(url))) return;
    const blobURL = URL.createObjectURL(await (await c.fetch(url)).blob());
    try {
      scope.importScripts(blobURL);
    } finally {
      URL.revokeObjectURL(blobURL);
    }
  }).catch((error: unknown) => console.warn(`${url}.br not run:`, error));
  const standIn = async (settings: unknown) => {
    await ran;
    if (scope._createPyodideModule === standIn) scope.importScripts(url);
    return scope._createPyodideModule!(settings);
  };
  scope._createPyodideModule = standIn;
}

const nativeFetch: typeof fetch = self.fetch.bind(self);

/**
 * From now on every fetch of this worker (Pyodide's among them: its wasm, standard library and
 * packages) gets a file that has a brotli copy through `copies` (brotli-copies.ts); the rest, and
 * everything when the manifest could not be read, as before.
 */
function fetchThroughCopies(copies: Promise<BrotliCopies>): void {
  self.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    return copies.then(
      (c) => (c.has(url) && !(input instanceof Request) ? c.fetch(url, init) : nativeFetch(input, init)),
      () => nativeFetch(input, init));
  };
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/**
 * Pyodide 0.27 does not reject when pyodide.asm.wasm or the standard library fails to load: it
 * logs and waits forever. Watch its console messages during boot and turn them into a failure.
 */
function pyodideLoadFailures(): { failed: Promise<never>; stop(): void } {
  const original = { warn: console.warn, error: console.error };
  let reject: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, r) => { reject = r; });
  failed.catch(() => undefined);
  let what = "";
  const watch = (log: (...args: unknown[]) => void) => (...args: unknown[]) => {
    log(...args);
    const text = args.map(String).join(" ");
    if (what) {
      reject(new Error(`${what}: ${text}`));
    } else if (text.includes("wasm instantiation failed")) {
      what = "pyodide.asm.wasm";
    } else if (text.includes("installing the standard library")) {
      what = "python_stdlib.zip";
    }
  };
  console.warn = watch(original.warn);
  console.error = watch(original.error);
  return {
    failed,
    stop() {
      console.warn = original.warn;
      console.error = original.error;
    },
  };
}

/** The interpreter's environment variables (the same for a boot and for its snapshot). */
function pythonEnv(message: InitMessage | SnapshotMessage): Record<string, string> {
  return {
    HOME: "/home/pyodide",
    MPLBACKEND: "module://nl_mpl_backend",
    // nlplab.datasets.course_file() fetches the course's data files from here.
    NLPLAB_COURSE_DATA: message.buildURL + "data/",
    // py/nl_imports.py hands this font to matplotlib (Korean labels) once the file is there.
    NLPLAB_MPL_FONT: MPL_FONT.path,
  };
}

/** manifest.json, and the brotli copies of the large files where the service worker does not serve them. */
function prepareFetches(message: InitMessage | SnapshotMessage): Promise<Manifest> {
  const manifest = fetchOk(message.buildURL + "manifest.json").then((r) => r.json() as Promise<Manifest>);
  // Under the service worker the large files come decoded from its cache.
  if (!message.controlled) {
    const copies = manifest.then((m) => new BrotliCopies(message.buildURL, BROTLI_COPIES, (path) => m.files[path],
                                                         nativeFetch));
    fetchThroughCopies(copies);
    asmJsFromCopy(copies, message.indexURL);
  }
  return manifest;
}

/** loadPyodide with the course's settings and `extra`; a file that fails to load is an error. */
async function loadPython(message: InitMessage | SnapshotMessage,
                          extra: Partial<LoadPyodideOptions>): Promise<PyodideAPI> {
  if (!scope.loadPyodide) scope.importScripts(message.indexURL + "pyodide.js");
  if (!scope.loadPyodide) throw new Error("pyodide.js did not define loadPyodide");
  const failures = pyodideLoadFailures();
  try {
    return await Promise.race([failures.failed, scope.loadPyodide({
      indexURL: message.indexURL,
      env: pythonEnv(message),
      stdout: (line) => console.log("[python]", line),
      stderr: (line) => console.warn("[python]", line),
      ...extra,
    })]);
  } finally {
    failures.stop();
  }
}

/**
 * Python with NumPy: from the kept snapshot when there is one (python-snapshot.ts), NumPy loading
 * beside it, `random` reseeded (its state in the copy is the snapshot's); else, or when the copy
 * is refused, a normal start.
 */
async function startPython(message: InitMessage, manifest: Promise<Manifest>,
                           mark: (what: string) => void): Promise<{ py: PyodideAPI; snapshot: SnapshotUse }> {
  const key = manifest.then((m) => snapshotKey(message.buildURL, m.files, pythonEnv(message)));
  key.catch(() => undefined);
  scope.importScripts(message.indexURL + "pyodide.js");
  mark("pyodide.js");
  const kept = await readSnapshot(key).catch((error: unknown) => {
    console.warn("nlplab: the Python snapshot could not be read:", error);
    return null;
  });
  if (kept) mark("snapshot read");
  if (kept) {
    try {
      const py = await loadPython(message, { packages: ["numpy"], _loadSnapshot: kept });
      py.runPython("import random; random.seed()");
      return { py, snapshot: "restored" };
    } catch (error) {
      console.warn("nlplab: the Python snapshot was refused; starting without it:", error);
      await dropSnapshots().catch(() => undefined);
      return { py: await loadPython(message, { packages: ["numpy"] }), snapshot: "refused" };
    }
  }
  return { py: await loadPython(message, { packages: ["numpy"] }), snapshot: "absent" };
}

async function boot(message: InitMessage): Promise<void> {
  const started = performance.now();
  interrupt = message.interruptBuffer;
  inputBuffer = message.inputBuffer;
  buildURL = message.buildURL;
  post({ type: "progress", message: WORKER_TEXT.downloading });
  // The manifest and nlplab's wheel load while Pyodide boots.
  const manifest = prepareFetches(message);
  const wheel = manifest.then((m) => {
    if (!m.nlplab_wheel) throw new Error("manifest.json names no nlplab wheel (run scripts/build_assets.py)");
    return fetchOk(message.buildURL + m.nlplab_wheel).then((r) => r.arrayBuffer());
  });
  wheel.catch(() => undefined);   // awaited below; avoid an "unhandled" report meanwhile

  const stages: Record<string, number> = {};
  const mark = (what: string) => { stages[what] = Math.round(performance.now() - started); };
  const { py, snapshot } = await startPython(message, manifest, mark);

  mark("loadPyodide");
  post({ type: "progress", message: WORKER_TEXT.installingNlplab });
  const sitePackages = py.runPython("import site; site.getsitepackages()[0]") as string;
  py.unpackArchive(await wheel, "zip", { extractDir: sitePackages });
  for (const [name, source] of Object.entries(PYTHON_FILES)) py.FS.writeFile(`${sitePackages}/${name}`, source);
  py.registerJsModule("_nl_bridge", bridge);
  py.runPython("import importlib; importlib.invalidate_caches()");
  runtime = py.pyimport("nl_runtime");
  runtime.install(JSON.stringify(message.limits), Boolean(interrupt && inputBuffer));
  const more = (await manifest).stdlib_more;
  if (more) {
    stdlibMoreURL = message.buildURL + more.url;
    runtime.install_stdlib_more(JSON.stringify(more.modules));
  }
  if (interrupt) py.setInterruptBuffer(interrupt);

  mark("nlplab");
  post({ type: "progress", message: WORKER_TEXT.preparingNumpy });
  const versions = py.runPython("import sys, numpy; f'{sys.version.split()[0]} {numpy.__version__}'") as string;
  await indexShippedPackages(py, await manifest, message.indexURL);
  mark("numpy import");
  pyodide = py;
  const [python, numpy] = versions.split(" ");
  post({ type: "ready", bootMs: Math.round(performance.now() - started), stages, python, numpy, snapshot });
}

/**
 * The interpreter's memory snapshot for the next boots (runner/python-snapshot.ts starts this
 * worker for it once the learner's Python is idle): Python without NumPy, copied, kept.
 */
async function makeSnapshot(message: SnapshotMessage): Promise<void> {
  const started = performance.now();
  const manifest = prepareFetches(message);
  const key = snapshotKey(message.buildURL, (await manifest).files, pythonEnv(message));
  const py = await loadPython(message, { _makeSnapshot: true });
  const bytes = py.makeMemorySnapshot();
  await storeSnapshot(key, bytes);
  post({ type: "snapshot-made", bytes: bytes.length, ms: Math.round(performance.now() - started) });
}

async function indexShippedPackages(py: PyodideAPI, manifest: Manifest, indexURL: string): Promise<void> {
  let packages = py._api?.lockfile_packages;
  if (!packages) {
    const lock = await fetchOk(indexURL + "pyodide-lock.json").then((r) => r.json());
    packages = lock.packages as Record<string, LockPackage>;
  }
  for (const [name, info] of Object.entries(packages)) {
    if (!(`pyodide/${info.file_name}` in manifest.files)) continue;
    for (const importName of info.imports ?? []) shipped.set(importName, name);
  }
}

// ------------------------------------------------------------------ jobs

function missingPackages(py: PyodideAPI, code: string): string[] {
  const imports = JSON.parse(runtime!.imports_of(code) as string) as string[];
  const names = new Set<string>();
  for (const name of imports) {
    const pkg = shipped.get(name);
    if (pkg && !(pkg in py.loadedPackages)) names.add(pkg);
  }
  return [...names];
}

async function loadPackages(py: PyodideAPI, names: string[], id: number): Promise<void> {
  post({ type: "progress", id, message: WORKER_TEXT.loadingPackages(names) });
  const errors: string[] = [];
  await loadWithFont(py, names, (m) => errors.push(m));
  const failed = names.filter((name) => !(name in py.loadedPackages));
  if (failed.length) throw new Error(`${failed.join(", ")}: ${errors.join("; ") || "load failed"}`);
}

/**
 * Does this Python still run code? After a job that exhausted memory (or a learner's ctypes) the
 * interpreter can be left unable to, and every later cell would fail in ways that have nothing to
 * do with the learner's code (`ValueError: embedded null character`). py/nl_health.py runs a
 * little code with a text that crossed from JavaScript (HEALTH_TEXT), and its own copy of that
 * text must arrive here unchanged.
 * Returns "" when healthy, else what failed. Under a millisecond.
 */
function healthy(): string {
  try {
    if (interrupt) Atomics.store(interrupt, 0, 0);    // a Stop that came after the job had ended
    const failed = runtime!.health(HEALTH_TEXT) as string;
    if (failed) return failed;
    const back = runtime!.HEALTH_TEXT as unknown;
    return back === HEALTH_TEXT ? "" : `a string from Python arrived as ${JSON.stringify(back)}`;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

async function run(message: RunMessage): Promise<void> {
  const py = pyodide!;
  const started = performance.now();
  currentJob = message.id;
  const finish = (rest: Partial<DoneMessage> & { ok: boolean }) => {
    const ms = Math.round(performance.now() - started);
    const unhealthy = healthy();
    if (unhealthy) console.warn("Python failed its health check after a job:", unhealthy);
    post({ type: "done", id: message.id, droppedLines: 0, droppedChars: 0, ms, ...rest,
           ...(unhealthy ? { unhealthy } : {}) });
  };

  const needed = missingPackages(py, message.code + "\n" + (message.check ?? ""));
  if (needed.length) {
    try {
      await loadPackages(py, needed, message.id);
    } catch (error) {
      finish({ ok: false, error: {
        name: "PackageLoadError", message: String(error), line: null,
        traceback: WORKER_TEXT.packagesFailed(String(error)),
        hint: WORKER_TEXT.checkNetwork,
      } });
      return;
    }
  }
  if (interrupt) Atomics.store(interrupt, 0, 0);
  const outcome = JSON.parse(runtime!.run_cell(
    message.ns, message.code, message.filename, message.check, message.showResult,
    JSON.stringify(message.above ?? [])) as string) as
    Omit<DoneMessage, "type" | "id" | "ms"> & { error?: PythonError & { module?: string } };
  const error = outcome.error;
  if (error?.name === "ModuleNotFoundError" && error.module) {
    const pkg = shipped.get(error.module);
    if (pkg && !(pkg in py.loadedPackages)) {
      // Imported indirectly (e.g. inside a library), so not seen before the run: load it now.
      try {
        await loadPackages(py, [pkg], message.id);
        error.hint = WORKER_TEXT.packageJustLoaded(pkg);
      } catch (loadError) {
        error.hint = WORKER_TEXT.packageFailed(pkg, String(loadError));
      }
    } else if (!pkg) {
      error.hint = WORKER_TEXT.notShipped;
    }
  }
  finish(outcome);
}

async function preload(message: PreloadMessage): Promise<void> {
  const py = pyodide;
  if (!py) return;
  const started = performance.now();
  // The rest of the standard library first: the packages' imports may need it.
  await prefetchStdlibMore(py);
  const needed = [...new Set(message.codes.flatMap((code) => missingPackages(py, code)))];
  if (needed.length) {
    post({ type: "progress", preload: true, message: WORKER_TEXT.loadingPackages(needed) });
    try {
      await loadWithFont(py, needed, () => undefined);
      // Import them once too (matplotlib builds its font cache on first import).
      runtime!.warm_imports(JSON.stringify(needed.filter((name) => name in py.loadedPackages)));
    } catch (error) {
      console.warn("preload failed", error);
    }
  }
  post({ type: "preloaded", packages: needed, ms: Math.round(performance.now() - started) });
}

/** The variables panel's question (py/nl_variables.py), answered between jobs. */
function inspect(message: InspectMessage): void {
  try {
    if (!runtime) throw new Error("Python is not ready");
    if (interrupt) Atomics.store(interrupt, 0, 0);
    const json = runtime.inspect_page(message.ns, message.name ?? null,
      message.index ? JSON.stringify(message.index) : null) as string;
    post({ type: "inspection", id: message.id, result: JSON.parse(json) });
  } catch (error) {
    post({ type: "inspection", id: message.id, result: null,
           error: error instanceof Error ? error.message : String(error) });
  }
}

// ------------------------------------------------------------------ messages

let chain: Promise<void> = Promise.resolve();

function handle(message: Exclude<ToWorker, PreloadMessage>): Promise<void> {
  switch (message.type) {
    case "init":
      return boot(message).catch((error: unknown) => {
        post({ type: "boot-error", message: error instanceof Error ? error.message : String(error) });
      });
    case "snapshot":
      return makeSnapshot(message).catch((error: unknown) => {
        post({ type: "snapshot-failed", message: error instanceof Error ? error.message : String(error) });
      });
    case "run":
      return run(message).catch((error: unknown) => {
        // A JavaScript error out of Python (e.g. Pyodide's fatal error): this worker is done.
        post({ type: "fatal", message: error instanceof Error ? error.message : String(error) });
      });
    case "reset":
      runtime?.reset(message.ns);
      return Promise.resolve();
    case "inspect":
      inspect(message);
      return Promise.resolve();
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "preload") {
    // Not chained: runs go on while it downloads (see PreloadMessage).
    void chain.then(() => preload(message));
    return;
  }
  chain = chain.then(() => handle(message));
};

scope.addEventListener("unhandledrejection", (event) => {
  post({ type: "fatal", message: String(event.reason) });
});
