// Bundles the in-page runtime into docs/assets/build/runtime/ (git-ignored; MkDocs copies it to site/).
//
//   node web/build.mjs            one build (minified, with source maps)
//   node web/build.mjs --watch    rebuild on change
//
// Outputs: runtime.js (the page side, a classic script), worker.js (the Pyodide worker, a classic
// worker), runtime.css, and KaTeX's minified js/css with its woff2 fonts (vendored from npm).
import { build, context } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs", "assets", "build", "runtime");
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

const entries = [
  { entryPoints: [join(root, "web/src/main.ts")], outfile: join(out, "runtime.js") },
  { entryPoints: [join(root, "web/src/worker.ts")], outfile: join(out, "worker.js") },
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

mkdirSync(out, { recursive: true });
copyKatex();
if (watch) {
  for (const entry of entries) {
    const ctx = await context({ ...common, ...entry });
    await ctx.watch();
  }
  console.log("[runtime] watching web/src for changes");
} else {
  await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
}
