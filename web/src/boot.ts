// Starts Python from the page's <head> (overrides/main.html puts this script there, async, on
// pages with cells), before the body is parsed and Material's and the runtime's scripts run:
// the worker's boot is the longest part of a cold start, and this starts it about 0.25 s
// earlier. runtime.js adopts the worker (runner/session.ts: Runtime.start) and replays the
// messages it sent meanwhile. If runtime.js is already there, this does nothing.
import { BUILD_URL, PYODIDE_URL, WORKER_URL } from "./config";
import type { FromWorker, InitMessage } from "./protocol";

export interface EarlyBoot {
  worker: Worker;
  interrupt: Int32Array | null;
  /** performance.now() when the worker was created. */
  startedAt: number;
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

if (!window.nlplabRuntime && !window.__nlEarlyBoot) {
  try {
    const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
    const interrupt = isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const startedAt = performance.now();
    const worker = new Worker(WORKER_URL.href, { name: "nlplab-python" });
    const boot: EarlyBoot = { worker, interrupt, startedAt, messages: [], error: null };
    worker.onmessage = (event: MessageEvent<FromWorker>) => boot.messages.push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      boot.error = event.message || "worker.js를 불러오지 못했습니다";
    };
    const init: InitMessage = {
      type: "init", indexURL: PYODIDE_URL.href, buildURL: BUILD_URL.href, interruptBuffer: interrupt,
    };
    worker.postMessage(init);
    window.__nlEarlyBoot = boot;
  } catch {
    // runtime.js starts Python the usual way.
  }
}
