// The service worker (bundled by web/build.mjs to docs/sw.js, served at the site root as sw.js,
// registered by offline.ts): after one visit the whole course works without the network.
//
// - One cache per build, "nlplab-<BUILD_ID>". BUILD_ID is a hash of every file of
//   docs/assets/build/ (the runtime bundle, Pyodide, wheels, stdlib, data, fonts) and of this
//   code; web/build.mjs writes it and the list of those files with their hashes (PRECACHE: the
//   asset build's, from manifest.json, and the bundle's own) into sw.js, so a rebuilt runtime or
//   asset changes sw.js and the browser installs the new version.
// - Install: every file of PRECACHE is fetched and checked against its hash (a server that holds
//   another build fails the install: the old version stays in charge); a large file with a brotli
//   copy comes as that copy, decoded here, when the host sends no brotli (brotli-copies.ts). Then
//   every page listed in sitemap.xml with the assets its HTML names (Material's scripts, styles,
//   search worker, images), sitemap.xml and the search index.
// - Fetch: PRECACHE files cache-first from this build's cache (they never change within a
//   build); everything else in the scope network-first (pages, Material's assets, the search
//   index: edits show while online), kept for offline use.
// - Updates never mix builds in a page: a page is served by one service worker for its whole
//   life, and that worker serves the runtime only from its own build's cache. A new version
//   waits until its predecessor's pages are gone; a reload or full navigation of the only open
//   page lets it take over at once (the navigation is answered with a hand-over page that reloads
//   once the new version is active). Activation deletes every other nlplab- cache.
// - Responses are stored without Content-Encoding/Content-Length (the body is already
//   decoded), with their other headers (Content-Type, COOP/COEP/CORP: a cross-origin-isolated
//   site stays isolated offline); .wasm always as application/wasm (streaming instantiation).
// - Isolation on any host: the pages and worker scripts it answers get
//   Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp
//   (isolation.ts) unless the host sent its own, online and offline; so once it controls the
//   tab, a full page load is crossOriginIsolated and Stop interrupts Python instead of ending it.
import { BrotliCopies } from "./brotli-copies";
import { withIsolation } from "./isolation";
import { OFFLINE_PAGE, UPDATE_PAGE_TEXT } from "./strings";

interface ExtendableEvent extends Event { waitUntil(promise: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface SWClients {
  matchAll(options?: { type?: string; includeUncontrolled?: boolean }): Promise<readonly unknown[]>;
  claim(): Promise<void>;
}
interface SWScope {
  readonly registration: { readonly scope: string; readonly waiting: { postMessage(m: unknown): void } | null };
  readonly clients: SWClients;
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

/** Written by web/build.mjs. */
declare const BUILD_ID: string;
/** Path below the site root -> the first 16 hex digits of its SHA-256 (written by web/build.mjs). */
declare const PRECACHE: Record<string, string>;
/** The files of docs/assets/build/ with a brotli copy beside them (written by web/build.mjs). */
declare const BROTLI_COPIES: string[];
/** true in `node web/build.mjs --watch` (development): cache nothing, answer nothing. */
declare const DEV: boolean;

const sw = self as unknown as SWScope;
const PREFIX = "nlplab-";
const CACHE = PREFIX + BUILD_ID;
const SCOPE = new URL(sw.registration.scope);
const precached = new Set(Object.keys(PRECACHE).map((path) => new URL(path, SCOPE).href));
const copies = new BrotliCopies(new URL("assets/build/", SCOPE).href, BROTLI_COPIES,
                                (path) => PRECACHE["assets/build/" + path]);

async function sha16(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A response as it is stored: its decoded body, without the headers of the encoding. */
function storable(response: Response, body: ArrayBuffer, url: string): Response {
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.delete("Transfer-Encoding");
  if (new URL(url).pathname.endsWith(".wasm")) headers.set("Content-Type", "application/wasm");
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function fetchChecked(cache: Cache, url: string, hash: string): Promise<number> {
  // "no-cache": revalidate with the server, never an older build from the HTTP cache.
  const response = await (copies.has(url) ? copies : self).fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const got = await sha16(body);
  if (got !== hash) throw new Error(`${url}: the server holds another build (${got}, expected ${hash})`);
  await cache.put(url, storable(response, body, url));
  return body.byteLength;
}

/** The pages of sitemap.xml, moved to this scope (the sitemap may name another site_url). */
function sitemapPages(xml: string): string[] {
  const locs = [...xml.matchAll(/<loc>\s*([^<]*?)\s*<\/loc>/g)].map((m) =>
    new URL(m[1].replace(/&amp;/g, "&")).pathname);
  if (!locs.length) return [];
  let root = locs.reduce((a, b) => { let i = 0; while (i < a.length && a[i] === b[i]) i++; return a.slice(0, i); });
  root = root.slice(0, root.lastIndexOf("/") + 1);
  return locs.map((path) => new URL(path.slice(root.length), SCOPE).href);
}

/** Same-origin assets an HTML page names (scripts, styles, images, Material's search worker). */
function assetsOf(html: string, pageURL: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href)="([^"#]+)"/g)].map((m) => m[1]);
  const search = /"search":\s*"([^"]+)"/.exec(html);
  if (search) refs.push(search[1]);
  const out: string[] = [];
  for (const ref of refs) {
    const url = new URL(ref.replace(/&amp;/g, "&"), pageURL);
    if (url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href) || url.search) continue;
    if (url.pathname.endsWith("/") || url.pathname.endsWith(".html")) continue;   // pages
    out.push(url.href);
  }
  return out;
}

/** Fetch and keep a page or a Material asset (no hash known: whatever the server has now); an
 * HTML or XML body is returned as text. */
async function keep(cache: Cache, url: string): Promise<string> {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) return "";
  const body = await response.arrayBuffer();
  await cache.put(url, storable(response, body, url));
  const type = response.headers.get("Content-Type") || "";
  return /html|xml/.test(type) ? new TextDecoder().decode(body) : "";
}

async function install(): Promise<void> {
  const cache = await caches.open(CACHE);
  // The build's own files: all of them, or the install fails (and is tried again later).
  const queue = Object.entries(PRECACHE);
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const url = new URL(item[0], SCOPE).href;
      if (!(await cache.match(url))) await fetchChecked(cache, url, item[1]);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  // The pages and what they load. A page that cannot be fetched is cached when visited.
  try {
    const sitemapURL = new URL("sitemap.xml", SCOPE).href;
    const pages = sitemapPages(await keep(cache, sitemapURL));
    const extra = new Set<string>([new URL("search/search_index.json", SCOPE).href, new URL("404.html", SCOPE).href]);
    const htmls = await Promise.all(pages.map((url) => keep(cache, url).catch(() => "")));
    htmls.forEach((html, i) => assetsOf(html, pages[i]).forEach((url) => { if (!precached.has(url)) extra.add(url); }));
    await Promise.all([...extra].map((url) => keep(cache, url).catch(() => "")));
  } catch (error) {
    console.warn("nlplab offline: pages not precached:", error);
  }
}

async function activate(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
  await sw.clients.claim();
}

async function networkFirst(request: Request, navigation: boolean, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE);
  const url = request.url.split("#")[0];
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      // Stored while the page already reads the response (waitUntil keeps the worker alive).
      const copy = response.clone();
      event.waitUntil(copy.arrayBuffer()
        .then((body) => cache.put(url, storable(copy, body, url)))
        .catch(() => undefined));
    }
    return response;
  } catch (error) {
    const hit = await cache.match(url) ?? await cache.match(url, { ignoreSearch: true });
    if (hit) return hit;
    if (navigation) {
      return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(request.url)) ?? fetch(request);
}

/**
 * The hand-over page: it names no resource (not even a favicon), so nothing of it is fetched
 * while the versions change, and it reloads when the new version is active (activation has
 * deleted the old cache and claimed the tab), or after HANDOVER_RETRY_MS in any case.
 */
const HANDOVER_RETRY_MS = 20_000;
const HANDOVER_PAGE = `<!doctype html><html lang="ko"><meta charset="utf-8"><link rel="icon" href="data:,">
<title>${UPDATE_PAGE_TEXT}</title><body style="font-family:sans-serif;margin:3em auto;max-width:40em">
<p role="status">${UPDATE_PAGE_TEXT}</p><script>
let done = false;
const reload = () => { if (!done) { done = true; location.reload(); } };
const check = () => navigator.serviceWorker.getRegistration().then((r) => {
  if (!r || (!r.waiting && r.active?.state === "activated")) reload();
}, reload);
navigator.serviceWorker.addEventListener("controllerchange", reload);
setInterval(check, 100);
setTimeout(reload, ${HANDOVER_RETRY_MS});
</script></body></html>`;

async function navigate(request: Request, event: FetchEvent): Promise<Response> {
  // A newer build is installed and this is the only page open: let it take over. The navigation
  // gets the hand-over page, not the course page: Chromium holds a request that starts while the
  // versions change (the old one must first go idle) and may never answer it, so the page waits
  // without requesting anything and reloads from the new version once it is active.
  const waiting = sw.registration.waiting;
  if (waiting && (await sw.clients.matchAll({ type: "window" })).length <= 1) {
    waiting.postMessage({ type: "nlplab:activate" });
    return new Response(HANDOVER_PAGE, {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
      },
    });
  }
  return networkFirst(request, true, event);
}

if (DEV) {
  // Development (web/build.mjs --watch): take over at once, drop the caches, answer nothing.
  sw.addEventListener("install", (event) => event.waitUntil(sw.skipWaiting()));
  sw.addEventListener("activate", (event) => event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX)) await caches.delete(name);
    await sw.clients.claim();
  })()));
} else {
  sw.addEventListener("install", (event) => event.waitUntil(install()));
  sw.addEventListener("activate", (event) => event.waitUntil(activate()));
  sw.addEventListener("message", (event) => {
    if ((event.data as { type?: string } | null)?.type === "nlplab:activate") void sw.skipWaiting();
  });
  sw.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href)) return;
    if (url.pathname.startsWith(SCOPE.pathname + "livereload")) return;   // mkdocs serve
    let response: Promise<Response> | null = null;
    if (request.mode === "navigate") {
      response = navigate(request, event);
    } else if (precached.has(url.origin + url.pathname) && !url.search) {
      response = cacheFirst(request);
    } else if (!url.search && request.headers.get("Range") === null) {
      response = networkFirst(request, false, event);
    }
    if (response) event.respondWith(response.then((r) => withIsolation(r, request.destination)));
  });
}
