// Material's search index, after Python: on a page with cells the first result comes first.
//
// Material (9.8) requests search/search_index.json as soon as a page loads (with an
// XMLHttpRequest), and the page's first cell waits for Python's downloads meanwhile: 0.93 MB that
// compete with them on a host that compresses nothing, 0.16 MB with brotli. boot.js, in the <head>
// of a page with cells and so before Material's bundle, holds that one request back
// (holdSearchIndex); runtime.js lets it go SEARCH_INDEX_IDLE_MS after Python is ready or has
// failed and the cells asked for meanwhile have run (releaseSearchIndex, Runtime.whenSettled):
// Material then parses the index and builds its search in a worker, which must not share the two
// cores with a click to the next page right after the first result. So does the learner's
// first step toward search (the search field focused, the search toggle opened), or
// SEARCH_INDEX_HOLD_MS in any case. Every other request is untouched; a page without cells loads
// the index as Material does.
import { SEARCH_INDEX_HOLD_MS, SEARCH_INDEX_IDLE_MS, SITE_ROOT } from "./config";

declare global {
  interface Window {
    /** Set by holdSearchIndex (boot.js), called by releaseSearchIndex (runtime.js). */
    __nlReleaseSearchIndex?: () => void;
  }
}

const INDEX_PATH = new URL("search/search_index.json", SITE_ROOT).pathname;

export function holdSearchIndex(): void {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => { release = resolve; });
  window.__nlReleaseSearchIndex = () => release();
  window.setTimeout(release, SEARCH_INDEX_HOLD_MS);
  // Toward search: Material's field, or its toggle (the header's button, the "/" and "s" keys).
  document.addEventListener("focusin", (event) => {
    if ((event.target as Element | null)?.matches?.("[data-md-component=search-query]")) release();
  });
  document.addEventListener("change", (event) => {
    if ((event.target as Element | null)?.id === "__search") release();
  });

  const { open, send } = XMLHttpRequest.prototype;
  const held = new WeakSet<XMLHttpRequest>();
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL,
                                           ...rest: unknown[]) {
    if (new URL(String(url), location.href).pathname === INDEX_PATH) held.add(this);
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    if (!held.has(this)) return send.call(this, body);
    held.delete(this);
    void released.then(() => send.call(this, body));
  };
}

/** Let the search index load soon (Python is up or has failed, and has nothing waiting to run). */
export function releaseSearchIndex(): void {
  window.setTimeout(() => window.__nlReleaseSearchIndex?.(), SEARCH_INDEX_IDLE_MS);
}
