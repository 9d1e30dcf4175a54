// Runs pages' cells in Pyodide under Node (the same engine as the browser, without one).
// Driven by scripts/pyodide_cells.py, which parses the pages, plans the steps and checks the results:
//   node scripts/pyodide_cells.mjs <pyodide-dir> <pages.json>   -> JSON results on stdout
// pages.json: [{"page", "steps": [Step.to_json(), ...]}]; each step runs with run_step of
// mkdocs_hooks/cell_runs.py, the same file the native runs use, loaded into Pyodide.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, pagesFile] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const started = performance.now();
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", packages: ["numpy"], stdout: () => {}, stderr: () => {} });
const bootMs = performance.now() - started;

for (const [source, target] of [["pysrc", "/pysrc"], ["mkdocs_hooks", "/hooks"], ["docs/assets/build/data", "/course-data"]]) {
  pyodide.FS.mkdirTree(target);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.join(root, source) }, target);
}
const runStep = pyodide.runPython(`
import json, os, sys
sys.path[:0] = ["/pysrc", "/hooks"]
os.environ["MPLBACKEND"] = "Agg"
os.environ["NLPLAB_COURSE_DATA"] = "/course-data"
from cell_runs import Step, run_step

def run(step_json, namespace):
    """(passed, stdout, message, seconds) of one step."""
    run = run_step(Step(**json.loads(step_json)), namespace)
    return run.passed, run.stdout, run.message, run.seconds

run
`);

const pages = JSON.parse(readFileSync(pagesFile, "utf8"));
const results = [];
for (const page of pages) {
  const namespace = pyodide.globals.get("dict")();
  namespace.set("__name__", "__main__");
  for (const step of page.steps) {
    await pyodide.loadPackagesFromImports(step.code + "\n" + (step.check ?? ""));
    const [ok, stdout, error, seconds] = runStep(JSON.stringify(step), namespace).toJs();
    results.push({ page: page.page, cell: step.label, role: step.role, ok, stdout, error, seconds });
  }
  namespace.destroy();
}
process.stdout.write(JSON.stringify({ bootMs, results }));
