// The large files on any static host: their brotli copies, decoded here when the host does not
// send brotli itself.
//
// `make build` writes `file.br` beside each file of the asset build that brotli shrinks (Pyodide's
// wasm, NumPy's wheel, the standard library...: scripts/precompress.py --assets), and web/build.mjs
// lists them for both workers (BROTLI_COPIES). A host that sends these files with
// `Content-Encoding: br` (scripts/static_server.py, nginx's brotli_static, Netlify...) is used as
// it is: Chromium decodes on its network thread. A host that sends them as they are, or only
// gzipped, would cost 28 MB before the first result instead of 6: then the browser fetches
// `file.br` itself and decodes it here, in WebAssembly (brotli-dec-wasm; the browsers'
// DecompressionStream knows gzip and deflate but not brotli).
//
// What is finally used is checked: the decoded bytes must have the SHA-256 manifest.json gives the
// file (and Pyodide's `integrity` for a package, when it asks for one). Anything wrong with a copy
// (missing, corrupt, of another build) falls back to the file itself, as without this module.
// Used by the Python worker (worker.ts: every fetch Pyodide makes) and the service worker (sw.ts:
// the install).
import initDecoder, { brotli_dec } from "brotli-dec-wasm/web";

/** brotli-dec-wasm's WebAssembly below docs/assets/build/ (web/build.mjs copies it there). */
export const DECODER_PATH = "runtime/brotli-dec.wasm";

/** The encodings a host may send that are at least as small as the brotli copy. */
const HOST_ENCODINGS_KEPT = /\b(br|zstd)\b/;

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

type Bytes = Uint8Array<ArrayBuffer>;

async function sha256(bytes: Bytes): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

export class BrotliCopies {
  private readonly hashes = new Map<string, string>();
  private decoder: Promise<unknown> | null = null;
  private readonly hostEncoding = new Map<string, Promise<string | null>>();
  private readonly decoderURL: string;

  /**
   * @param buildURL absolute URL of docs/assets/build/, which the paths are relative to
   * @param copies   the files that have a `.br` copy beside them (web/build.mjs: BROTLI_COPIES)
   * @param hashOf   a file's hash: the first 16 hex digits of its SHA-256 (manifest.json's "files")
   * @param fetcher  the fetch to use (the worker's own, before it is replaced)
   */
  constructor(buildURL: string, copies: readonly string[], hashOf: (path: string) => string | undefined,
              private readonly fetcher: Fetch = (input, init) => fetch(input, init)) {
    for (const path of copies) {
      const hash = hashOf(path);
      if (hash) this.hashes.set(new URL(path, buildURL).href, hash);
    }
    this.decoderURL = new URL(DECODER_PATH, buildURL).href;
  }

  /** Does `url` have a brotli copy? */
  has(url: string): boolean {
    return this.hashes.has(url);
  }

  /**
   * `url`'s content: from the host, when it sends brotli (or better) itself; else from `url.br`,
   * decoded and checked. `init.integrity` (Pyodide's for a package) is checked on what is decoded.
   */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    if (!(await this.usesCopy(url))) return this.fetcher(url, init);
    const hash = this.hashes.get(url)!;
    try {
      const { integrity, ...rest } = init;
      const copy = await this.fetcher(url + ".br", rest);
      if (!copy.ok) throw new Error(`HTTP ${copy.status}`);
      const bytes = await this.decoded(new Uint8Array(await copy.arrayBuffer()), hash, integrity);
      const type = url.endsWith(".wasm") ? "application/wasm"
        : url.endsWith(".js") ? "text/javascript" : "application/octet-stream";
      return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
    } catch (error) {
      console.warn(`${url}.br not used (${error instanceof Error ? error.message : String(error)}); fetching ${url}`);
      return this.fetcher(url, init);
    }
  }

  /** Will `fetch(url)` take the brotli copy? (It has one, and the host answers but sends no
   * brotli itself. A host that cannot be reached gets the file itself, which fails as it would.) */
  async usesCopy(url: string): Promise<boolean> {
    if (!this.has(url)) return false;
    const encoding = await this.encodingOf(url);
    return encoding !== null && !HOST_ENCODINGS_KEPT.test(encoding);
  }

  /** The Content-Encoding the host sends `url` with ("" when none, null when the request failed),
   * asked once with HEAD. */
  private encodingOf(url: string): Promise<string | null> {
    let known = this.hostEncoding.get(url);
    if (!known) {
      // The (empty) body is read to its end: a response left unread is a cancelled request.
      known = this.fetcher(url, { method: "HEAD", cache: "no-store" })
        .then(async (response) => {
          await response.arrayBuffer();
          return response.headers.get("Content-Encoding") ?? "";
        })
        .catch(() => null);
      this.hostEncoding.set(url, known);
    }
    return known;
  }

  /** The file the copy holds, checked against its hash. A host that decoded the copy itself
   * (`.br` served with Content-Encoding: br) already gave the file. */
  private async decoded(copy: Bytes, hash: string, integrity?: string): Promise<Bytes> {
    let bytes = copy;
    let digest = await sha256(bytes);
    if (hex(digest.subarray(0, 8)) !== hash) {
      this.decoder ??= initDecoder({ module_or_path: this.decoderURL });
      await this.decoder;
      bytes = brotli_dec(copy) as Bytes;   // a copy out of the decoder's memory
      digest = await sha256(bytes);
      const got = hex(digest.subarray(0, 8));
      if (got !== hash) throw new Error(`decoded to another file (${got}, expected ${hash})`);
    }
    if (integrity?.startsWith("sha256-") && integrity.slice(7) !== base64(digest)) {
      throw new Error(`decoded bytes do not match the integrity ${integrity}`);
    }
    return bytes;
  }
}
