// Where the site lives, and the runtime's timings and limits. The site may be served under a
// sub-path, so every URL is derived from this script's own URL (…/assets/build/runtime/runtime.js
// or boot.js), captured while it is evaluated. Not for the worker (it has no document): the page
// sends it what it needs in `init` (protocol.ts).
import type { OutputLimits } from "./protocol";

const script = document.currentScript as HTMLScriptElement | null;
const runtimeURL = new URL(script?.src || "assets/build/runtime/runtime.js", location.href);

/** The site root, e.g. http://host/course/ (always ends with "/"). */
export const SITE_ROOT = new URL("../../../", runtimeURL);
/** docs/assets/build/ as served: manifest.json, pyodide/, wheels/, runtime/. */
export const BUILD_URL = new URL("../", runtimeURL);
export const PYODIDE_URL = new URL("pyodide/", BUILD_URL);
export const WORKER_URL = new URL("worker.js", runtimeURL);

/** The current page's path relative to the site root: "" for the home page, "rnn/" etc. */
export function pagePath(): string {
  let path = decodeURIComponent(location.pathname);
  const root = decodeURIComponent(SITE_ROOT.pathname);
  if (path.startsWith(root)) path = path.slice(root.length);
  return path.replace(/(^|\/)index\.html$/, "$1");
}

/**
 * Stop with a shared interrupt buffer: Python raises KeyboardInterrupt at its next bytecode, but a
 * long call into C (a big matrix product, a busy machine) finishes first. The page keeps asking
 * (again every STOP_REPEAT_MS, for code that catches KeyboardInterrupt), offers 강제로 멈추기 after
 * STOP_OFFER_FORCE_MS, and restarts Python on its own (the variables are lost) only after
 * STOP_FORCE_AFTER_MS.
 */
export const STOP_REPEAT_MS = 250;
export const STOP_OFFER_FORCE_MS = 1000;
export const STOP_FORCE_AFTER_MS = 10_000;
/** A boot that has not finished after this long says so (and offers a retry) but keeps waiting. */
export const SLOW_BOOT_MS = 30_000;
/** Once Python is ready and idle this long, the page's packages (matplotlib…) load in the background. */
export const PRELOAD_DELAY_MS = 1500;
/** After the page's load and Python's boot, the service worker is registered this much later. */
export const OFFLINE_REGISTER_DELAY_MS = 3000;
/** Once the service worker has activated and Python is idle, the interpreter's snapshot is made this much later. */
export const SNAPSHOT_DELAY_MS = 2000;
/** On a page with cells, Material's search index waits for Python at most this long (search-index.ts). */
export const SEARCH_INDEX_HOLD_MS = 20_000;
/**
 * ...and loads this long after Python is idle: Material's indexing then does not share the cores
 * with an instant navigation right after the first result (bench/page_load.py, warm: 0.43 s with
 * the index let go at once, 0.26 s with it let go 4 s later).
 */
export const SEARCH_INDEX_IDLE_MS = 4000;
/** Slider changes wait this long before the cell re-runs. */
export const SLIDER_DEBOUNCE_MS = 150;
/** Edits are saved this long after the last keystroke. */
export const SAVE_DEBOUNCE_MS = 400;

/**
 * Output per job, enforced in the worker's Python (a print flood costs only a counter there): the
 * first maxChars characters in at most maxLines whole lines, then a notice of what was left out.
 */
export const OUTPUT_LIMITS: OutputLimits = {
  maxChars: 200_000,
  maxLines: 5_000,
  flushMs: 50,
  maxReprChars: 20_000,
};
