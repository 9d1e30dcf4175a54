// Starting the Python worker: the one place a worker is created and told to boot. boot.ts calls
// it from the page's <head> (the early start); session.ts calls it when there is no early worker
// to adopt, and for every restart. python-snapshot.ts starts one more, only to make the
// interpreter's snapshot.
import { BUILD_URL, OUTPUT_LIMITS, PYODIDE_URL, WORKER_URL } from "../config";
import { newInputBuffer } from "../input-channel";
import type { FromWorker, InitMessage, SnapshotMessage } from "../protocol";

export interface StartedWorker {
  worker: Worker;
  /** The shared interrupt buffer (Stop) when the page is cross-origin isolated, else null. */
  interrupt: Int32Array | null;
  /** input()'s answers (input-channel.ts) when the page is cross-origin isolated, else null. */
  input: SharedArrayBuffer | null;
  /** performance.now() when the worker was created. */
  startedAt: number;
}

/** The worker boot.js started, until runtime.js adopts it (session.ts: Runtime.start). */
export interface EarlyBoot extends StartedWorker {
  /** What the worker sent before runtime.js took it over, in order. */
  messages: FromWorker[];
  /** A worker that failed to load (worker.js missing): its error message. */
  error: string | null;
}

declare global {
  interface Window {
    __nlEarlyBoot?: EarlyBoot;
  }
}

/** SharedArrayBuffer (and so a Stop that keeps the variables) needs cross-origin isolation. */
export function isolated(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
}

/** Is the page controlled by the site's service worker? (Reading it throws where storage is off.) */
function controlled(): boolean {
  try {
    return Boolean(navigator.serviceWorker?.controller);
  } catch {
    return false;
  }
}

/** A new worker, already sent `init`: it boots Pyodide, NumPy and nlplab. May throw (no Worker). */
export function startWorker(): StartedWorker {
  const interrupt = isolated() ? new Int32Array(new SharedArrayBuffer(4)) : null;
  const input = isolated() ? newInputBuffer() : null;
  const startedAt = performance.now();
  const worker = new Worker(WORKER_URL.href, { name: "nlplab-python" });
  const init: InitMessage = {
    type: "init", indexURL: PYODIDE_URL.href, buildURL: BUILD_URL.href, controlled: controlled(),
    interruptBuffer: interrupt, inputBuffer: input, limits: OUTPUT_LIMITS,
  };
  worker.postMessage(init);
  return { worker, interrupt, input, startedAt };
}

/** A worker of its own, already sent `snapshot`: it makes and keeps the interpreter's snapshot. */
export function startSnapshotWorker(): Worker {
  const worker = new Worker(WORKER_URL.href, { name: "nlplab-python-snapshot" });
  const message: SnapshotMessage = {
    type: "snapshot", indexURL: PYODIDE_URL.href, buildURL: BUILD_URL.href, controlled: controlled(),
  };
  worker.postMessage(message);
  return worker;
}
