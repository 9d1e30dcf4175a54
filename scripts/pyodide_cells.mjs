// Runs pages' cells in Pyodide under Node (the same engine as the browser, without one).
// Driven by scripts/pyodide_cells.py, which parses the pages and checks the results:
//   node scripts/pyodide_cells.mjs <pyodide-dir> <cells.json>   -> JSON results on stdout
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, cellsFile] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const started = performance.now();
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", packages: ["numpy"], stdout: () => {}, stderr: () => {} });
const bootMs = performance.now() - started;

for (const [source, target] of [["pysrc", "/pysrc"], ["docs/assets/build/data", "/course-data"]]) {
  pyodide.FS.mkdirTree(target);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.join(root, source) }, target);
}
pyodide.runPython(`
import os, sys
sys.path.insert(0, "/pysrc")
os.environ["MPLBACKEND"] = "Agg"
os.environ["NLPLAB_COURSE_DATA"] = "/course-data"
`);

const runner = pyodide.runPython(`
import contextlib, io, time, traceback

def run_cell(code, namespace, filename):
    """(ok, stdout, error, seconds) of one cell in namespace."""
    out = io.StringIO()
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, filename, "exec"), namespace)
        ok, error = True, ""
    except AssertionError as e:
        ok, error = False, str(e) or "AssertionError"
    except BaseException as e:
        ok, error = False, "".join(traceback.format_exception_only(type(e), e)).strip()
    seconds = time.perf_counter() - started
    try:
        import matplotlib.pyplot as plt
        plt.close("all")
    except ImportError:
        pass
    return ok, out.getvalue(), error, seconds

run_cell
`);

const pages = JSON.parse(readFileSync(cellsFile, "utf8"));
const results = [];
for (const page of pages) {
  const namespace = pyodide.globals.get("dict")();
  namespace.set("__name__", "__main__");
  const cells = [...page.cells.filter((c) => c.setup), ...page.cells.filter((c) => !c.setup)];
  for (const cell of cells) {
    const sources = cell.exercise ? [cell.code + "\n" + cell.check, cell.solution + "\n" + cell.check] : [cell.code];
    for (const [n, code] of sources.entries()) {
      await pyodide.loadPackagesFromImports(code);
      const scratch = cell.exercise && n === 0 ? namespace.copy() : namespace;
      const [ok, stdout, error, seconds] = runner(code, scratch, `<${page.page} ${cell.label}>`).toJs();
      results.push({ page: page.page, cell: cell.label, kind: cell.kind, training: cell.training,
                     role: cell.exercise ? (n === 0 ? "starter" : "solution") : "code",
                     ok, stdout, error, seconds, expected: cell.output ?? null });
    }
  }
  namespace.destroy();
}
process.stdout.write(JSON.stringify({ bootMs, results }));
