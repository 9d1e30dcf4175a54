// boot.js: starts Python from the page's <head>, before the body is parsed and Material's and the
// runtime's scripts run. overrides/main.html puts it (a plain, blocking <script>: it is small) on
// pages with cells only; the worker's boot is the longest part of a cold start, and this starts it
// about 0.25 s earlier than runtime.js, at the end of <body>, would. runtime.js adopts the worker
// (runner/session.ts: Runtime.start) and replays the messages it sent meanwhile. If runtime.js is
// already there (an instant navigation), this does nothing. It also holds Material's search index
// back until Python is up and idle (search-index.ts).
import { startWorker, type EarlyBoot } from "./runner/start";
import { holdSearchIndex } from "./search-index";
import type { FromWorker } from "./protocol";
import { WORKER_NOT_LOADED } from "./strings";

if (!window.nlplabRuntime && !window.__nlEarlyBoot) {
  holdSearchIndex();
  try {
    const boot: EarlyBoot = { ...startWorker(), messages: [], error: null };
    boot.worker.onmessage = (event: MessageEvent<FromWorker>) => boot.messages.push(event.data);
    boot.worker.onerror = (event) => {
      event.preventDefault();
      boot.error = event.message || WORKER_NOT_LOADED;
    };
    window.__nlEarlyBoot = boot;
  } catch {
    // runtime.js starts Python the usual way.
  }
}
