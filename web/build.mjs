// Bundles the in-page runtime into docs/assets/build/runtime/ (git-ignored; MkDocs copies it to site/).
//
//   node web/build.mjs            one build (minified, with source maps)
//   node web/build.mjs --watch    rebuild on change
//
// Outputs: runtime.js (the page side, a classic script), worker.js (the Pyodide worker, a classic
// worker), runtime.css, KaTeX's minified js/css with its woff2 fonts, and brotli-dec-wasm's
// WebAssembly (brotli-copies.ts decodes the large files with it on a host that sends no brotli),
// all vendored from npm.
// Then the service worker, docs/sw.js (git-ignored; at the site root so its scope is the whole
// site): its cache is named by a build id, a hash of every file of docs/assets/build/ (see
// web/src/sw.ts): the asset build's hashes from manifest.json, this bundle's computed here. With
// --watch it is a development worker that caches nothing.
import { build, context } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const assets = join(root, "docs", "assets", "build");
const out = join(assets, "runtime");
const watch = process.argv.includes("--watch");

const common = {
  bundle: true,
  minify: !watch,
  sourcemap: "linked",
  target: ["chrome110", "firefox115", "safari16"],
  format: "iife",
  logLevel: "info",
  legalComments: "none",
  // Python source the worker runs is bundled as text (web/src/py/*.py).
  loader: { ".py": "text" },
};

/**
 * The asset build's files (manifest.json) with a brotli copy beside them (`make build` writes them:
 * scripts/precompress.py --assets): both workers decode these on a host that sends no brotli
 * (brotli-copies.ts). Paths relative to docs/assets/build/.
 */
function brotliCopies() {
  const manifestPath = join(assets, "manifest.json");
  if (watch || !existsSync(manifestPath)) return [];
  const files = Object.keys(JSON.parse(readFileSync(manifestPath, "utf8")).files);
  return files.filter((path) => existsSync(join(assets, path + ".br"))).sort();
}
const BROTLI_COPIES = JSON.stringify(brotliCopies());

const entries = [
  { entryPoints: [join(root, "web/src/main.ts")], outfile: join(out, "runtime.js") },
  { entryPoints: [join(root, "web/src/worker.ts")], outfile: join(out, "worker.js"), define: { BROTLI_COPIES } },
  // Starts the worker from <head> on pages with cells (overrides/main.html); runtime.js adopts it.
  { entryPoints: [join(root, "web/src/boot.ts")], outfile: join(out, "boot.js") },
  { entryPoints: [join(root, "web/src/runtime.css")], outfile: join(out, "runtime.css"), format: undefined },
];

function copyKatex() {
  const dist = join(root, "node_modules", "katex", "dist");
  const target = join(out, "katex");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, "fonts"), { recursive: true });
  copyFileSync(join(dist, "katex.min.js"), join(target, "katex.min.js"));
  // Only woff2 fonts are shipped: every browser the runtime supports takes the first src in
  // each @font-face (woff2), so the woff/ttf fallbacks are never requested.
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  writeFileSync(join(target, "katex.min.css"), css);
  let fonts = 0;
  for (const name of readdirSync(join(dist, "fonts"))) {
    if (name.endsWith(".woff2")) {
      copyFileSync(join(dist, "fonts", name), join(target, "fonts", name));
      fonts += 1;
    }
  }
  const version = JSON.parse(readFileSync(join(root, "node_modules", "katex", "package.json"), "utf8")).version;
  console.log(`[runtime] KaTeX ${version}: katex.min.js, katex.min.css and ${fonts} woff2 fonts`);
}

/** brotli-dec-wasm's decoder, as runtime/brotli-dec.wasm (brotli-copies.ts: DECODER_PATH). */
function copyBrotliDecoder() {
  copyFileSync(join(root, "node_modules", "brotli-dec-wasm", "pkg", "brotli_dec_wasm_bg.wasm"), join(out, "brotli-dec.wasm"));
}

/**
 * Every file of docs/assets/build/ the site serves (not source maps, not precompressed copies),
 * with the first 16 hex digits of its SHA-256: the asset build's files as manifest.json lists them
 * (scripts/asset_build/manifest.py hashed them once), manifest.json itself and this bundle's own.
 */
function precacheList() {
  const hash = (path) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
  const manifestPath = join(assets, "manifest.json");
  if (!existsSync(manifestPath)) throw new Error("docs/assets/build/manifest.json is missing: run scripts/build_assets.py first");
  const files = {};
  for (const [path, digest] of Object.entries(JSON.parse(readFileSync(manifestPath, "utf8")).files)) {
    files["assets/build/" + path] = digest;
  }
  files["assets/build/manifest.json"] = hash(manifestPath);
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith(".map") && !(/\.(br|gz)$/.test(name) && existsSync(path.replace(/\.(br|gz)$/, "")))) {
        files["assets/build/" + relative(assets, path).split(sep).join("/")] = hash(path);
      }
    }
  };
  walk(out);
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const swSource = join(root, "web/src/sw.ts");
const swOut = join(root, "docs", "sw.js");


/** docs/sw.js for the files as they are now. */
async function buildServiceWorker() {
  const precache = watch ? {} : precacheList();
  const id = createHash("sha256")
    .update(JSON.stringify(precache)).update(BROTLI_COPIES).update(readFileSync(swSource)).update(String(watch))
    .digest("hex").slice(0, 12);
  await build({
    ...common, entryPoints: [swSource], outfile: swOut, sourcemap: false, logLevel: "warning",
    define: { BUILD_ID: JSON.stringify(id), PRECACHE: JSON.stringify(precache), BROTLI_COPIES,
              DEV: String(watch) },
  });
  const bytes = Object.keys(precache).reduce((sum, path) => sum + statSync(join(root, "docs", path)).size, 0);
  console.log(`[runtime] sw.js: build ${id}${watch ? " (development: caches nothing)" : `, ${Object.keys(precache).length} files to precache (${(bytes / 1e6).toFixed(1)} MB)`}`);
}

mkdirSync(out, { recursive: true });
copyKatex();
copyBrotliDecoder();
if (watch) {
  for (const entry of entries) {
    const ctx = await context({ ...common, ...entry });
    await ctx.watch();
  }
  await buildServiceWorker();
  console.log("[runtime] watching web/src for changes");
} else {
  await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
  await buildServiceWorker();
}
