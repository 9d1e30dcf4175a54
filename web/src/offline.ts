// Registers the service worker (sw.js at the site root, web/src/sw.ts) so that after one visit
// the course works offline. Registration waits until the page has loaded and, on a page with
// cells, until Python has booted (or failed), then OFFLINE_REGISTER_DELAY_MS more (the page's
// packages and the rest of the stdlib load first): the worker's install downloads every asset of
// the build, which must not compete with a first visit's boot. Any failure (file://, storage
// or service workers switched off, a private window's limits) leaves the page as it is.
import { OFFLINE_REGISTER_DELAY_MS, SITE_ROOT } from "./config";
import type { Runtime } from "./runner/session";

let requested = false;

export function registerOffline(runtime: Runtime): void {
  if (requested) return;
  requested = true;
  try {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  } catch {
    return;           // reading navigator.serviceWorker throws where storage is switched off
  }
  const register = () => window.setTimeout(() => {
    try {
      navigator.serviceWorker
        .register(new URL("sw.js", SITE_ROOT).href, { scope: SITE_ROOT.pathname })
        .catch((error: unknown) => console.info("nlplab: offline use unavailable:", error));
    } catch (error) {
      console.info("nlplab: offline use unavailable:", error);
    }
  }, OFFLINE_REGISTER_DELAY_MS);
  const whenBooted = () => {
    if (runtime.state === "loading") {
      const stop = runtime.onStatus((status) => {
        if (status.state === "loading") return;
        queueMicrotask(() => stop());
        register();
      });
    } else {
      register();
    }
  };
  if (document.readyState === "complete") whenBooted();
  else addEventListener("load", whenBooted, { once: true });
}
