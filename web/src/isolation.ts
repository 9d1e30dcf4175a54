// Cross-origin isolation from the service worker (sw.ts), on hosts that cannot send headers.
//
// A page is crossOriginIsolated (SharedArrayBuffer: a Stop that keeps the variables, input())
// only when its own response says Cross-Origin-Opener-Policy: same-origin and
// Cross-Origin-Embedder-Policy, and a dedicated worker's script says the same COEP as its page
// (the browser refuses a worker that would weaken it). GitHub Pages, a university's web space or
// `python -m http.server` send neither, but the service worker answers every page and worker
// script of the site once it controls the tab, and adds them.
//
// COEP `require-corp`, not `credentialless`: the site loads nothing from another origin (its
// Content-Security-Policy allows only 'self', plus data: and blob: images, which COEP does not
// govern), and a same-origin response needs no Cross-Origin-Resource-Policy under either, so
// both keep every resource loading (fonts, Pyodide's wasm, workers, blob: figures). Only
// require-corp is understood by every browser that knows COEP (Safari ignores credentialless,
// and would stay unisolated); it is also what scripts/static_server.py --isolate sends.
//
// A host that sends its own headers keeps them: each header is added only where it is missing.

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** The request destinations whose response decides a document's or a worker's isolation. */
const ISOLATED_DESTINATIONS = new Set(["document", "iframe", "frame", "worker", "sharedworker"]);

/**
 * The response with the isolation headers it lacks, for a page or a worker script; any other
 * response unchanged, and so is one that cannot be rebuilt (a redirect a navigation follows
 * itself, status 0).
 */
export function withIsolation(response: Response, destination: string): Response {
  if (!ISOLATED_DESTINATIONS.has(destination) || response.status === 0 || response.type === "opaqueredirect") {
    return response;
  }
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name]) => !response.headers.has(name));
  if (!missing.length) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  // The body a service worker reads is already decoded: these would describe the bytes on the wire.
  for (const name of ["Content-Encoding", "Content-Length", "Transfer-Encoding"]) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
