// The interpreter's memory snapshot, kept in Cache Storage on the learner's device (issue 16).
//
// Pyodide 0.27.7 can copy the interpreter's whole memory after its start (the private options
// `_makeSnapshot` / `_loadSnapshot`: about 21 MB) and start the next time from that copy: the
// interpreter's initialisation and its first imports are not done again (bench/python_boot.py:
// 1.60 s -> 1.09 s to Python with NumPy). NumPy's compiled extensions cannot be in the copy on this
// Pyodide, so the snapshot is taken before NumPy loads, by a worker of its own started once the
// learner's Python is idle (runner/python-snapshot.ts), and NumPy loads beside the restore.
//
// The copy belongs to one build and one set of start-up settings: its key names the hashes of the
// files it was made from and the interpreter's environment variables (os.environ is in the copy).
// The service worker deletes this cache with the build's other caches when a new build activates.
// A missing, short or refused copy means a normal start (worker.ts).

export const SNAPSHOT_CACHE = "nlplab-python-snapshot";
const SIZE_HEADER = "X-Nlplab-Snapshot-Bytes";
/** The files whose content the interpreter's memory depends on (manifest.json's hashes). */
const SNAPSHOT_SOURCES = ["pyodide/pyodide.asm.wasm", "pyodide/pyodide.asm.js", "pyodide/python_stdlib.zip"];

/** The cache key of the snapshot for this build and environment. */
export function snapshotKey(buildURL: string, files: Record<string, string>, env: Record<string, string>): string {
  const hashes = SNAPSHOT_SOURCES.map((path) => files[path] ?? "none").join("-");
  return `${buildURL}python-snapshot?files=${hashes}&env=${encodeURIComponent(JSON.stringify(env))}`;
}

function cacheStorage(): CacheStorage | null {
  try {
    return typeof caches === "undefined" ? null : caches;
  } catch {
    return null;      // reading `caches` throws where storage is switched off
  }
}

/** The kept snapshot's bytes, or null (none kept, storage off, a short copy: that one is dropped). */
export async function readSnapshot(key: Promise<string>): Promise<Uint8Array | null> {
  const storage = cacheStorage();
  if (!storage || !(await storage.has(SNAPSHOT_CACHE))) return null;    // no wait for the key then
  const cache = await storage.open(SNAPSHOT_CACHE);
  const response = await cache.match(await key);
  if (!response) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (String(bytes.length) !== response.headers.get(SIZE_HEADER)) {
    console.warn(`nlplab: the Python snapshot is ${bytes.length} bytes, not ${response.headers.get(SIZE_HEADER)}: dropped`);
    await dropSnapshots();
    return null;
  }
  return bytes;
}

/** Keep `bytes` as the only snapshot (older keys are of other builds or settings). */
export async function storeSnapshot(key: string, bytes: Uint8Array): Promise<void> {
  const storage = cacheStorage();
  if (!storage) throw new Error("Cache Storage is not available");
  await dropSnapshots();
  const cache = await storage.open(SNAPSHOT_CACHE);
  await cache.put(key, new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { "Content-Type": "application/octet-stream", [SIZE_HEADER]: String(bytes.length) },
  }));
}

export async function dropSnapshots(): Promise<void> {
  await cacheStorage()?.delete(SNAPSHOT_CACHE);
}
