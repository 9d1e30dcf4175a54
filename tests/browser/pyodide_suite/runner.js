// Runs nlplab's native pytest suite inside Pyodide, on the main thread of this test-only page.
// tests/browser/test_pyodide_suite.py serves this folder at /_pyodide_suite/ next to the built
// site and calls runSuite(config); every URL in config is on the same local server.
//
// config = {
//   indexURL:  Pyodide's folder in the built site ("../assets/build/pyodide/"),
//   packages:  Pyodide packages from its lock to load first (["numpy", "packaging"]),
//   wheels:    URLs of pure-Python wheels to unpack into site-packages (pytest, pluggy,
//              iniconfig, nlplab),
//   files:     [{url, path}] files to write into the project folder (tests/native/**, pyproject),
//   plugins:   [{url, path}] pytest plugins to put on sys.path (outcome recorder),
//   args:      pytest's arguments,
// }
// resolves to {exitCode, outcomes, output, seconds}.

"use strict";

const PROJECT = "/home/pyodide/nlplab";
const PLUGIN_DIR = "/home/pyodide/plugins";
const OUTCOMES = "/home/pyodide/outcomes.json";

function status(text) {
  document.getElementById("status").textContent = text;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function writeFile(pyodide, path, bytes) {
  const folder = path.slice(0, path.lastIndexOf("/"));
  pyodide.FS.mkdirTree(folder);
  pyodide.FS.writeFile(path, bytes);
}

/**
 * The site serves the standard library in two zips (scripts/build_assets.py: finish_compiled);
 * the course runtime imports from the second one on demand (web/src/py/nl_runtime.py:
 * StdlibMore). Here it is fetched at once and served by the same kind of finder.
 */
async function addStdlibMore(pyodide, indexURL) {
  const base = new URL(indexURL, location.href);
  const response = await fetch(new URL("../manifest.json", base));
  const more = response.ok ? (await response.json()).stdlib_more : undefined;
  if (!more) return;
  writeFile(pyodide, "/lib/python312_more.zip", await fetchBytes(new URL("../" + more.url, base).href));
  pyodide.globals.set("more_modules", pyodide.toPy(more.modules));
  pyodide.runPython(`
import importlib.machinery, sys, zipimport

class StdlibMore:
    modules = set(more_modules)

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname not in cls.modules:
            return None
        parent = fullname.rpartition(".")[0].replace(".", "/")
        archive = "/lib/python312_more.zip" + ("/" + parent if parent else "")
        return zipimport.zipimporter(archive).find_spec(fullname)

sys.meta_path.insert(sys.meta_path.index(importlib.machinery.PathFinder) + 1, StdlibMore)
del more_modules
`);
}

async function runSuite(config) {
  const started = performance.now();
  const output = [];
  const log = document.getElementById("log");
  const append = (line) => { output.push(line); log.textContent += line + "\n"; };

  status("loading Pyodide");
  const pyodide = await loadPyodide({ indexURL: config.indexURL, stdout: append, stderr: append });
  await addStdlibMore(pyodide, config.indexURL);
  status(`loading ${config.packages.join(", ")}`);
  await pyodide.loadPackage(config.packages, { messageCallback: () => {}, errorCallback: append });

  status("installing wheels");
  const wheelPaths = [];
  for (const url of config.wheels) {
    const name = decodeURIComponent(url.slice(url.lastIndexOf("/") + 1));
    const path = `/tmp/wheels/${name}`;
    writeFile(pyodide, path, await fetchBytes(url));
    wheelPaths.push(path);
  }
  pyodide.globals.set("wheel_paths", pyodide.toPy(wheelPaths));
  // Pure-Python wheels: unpacking one into site-packages is installing it (the .dist-info
  // folder comes along, so importlib.metadata sees pytest's entry points).
  pyodide.runPython(`
import importlib, site, zipfile
for path in wheel_paths:
    with zipfile.ZipFile(path) as wheel:
        wheel.extractall(site.getsitepackages()[0])
importlib.invalidate_caches()
del wheel_paths
`);

  status("copying the test files");
  for (const file of config.files) {
    writeFile(pyodide, `${PROJECT}/${file.path}`, await fetchBytes(file.url));
  }
  for (const file of config.plugins) {
    writeFile(pyodide, `${PLUGIN_DIR}/${file.path}`, await fetchBytes(file.url));
  }

  status("running pytest");
  // Give the status line a chance to paint before pytest holds the thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  pyodide.globals.set("pytest_args", pyodide.toPy(config.args));
  const exitCode = pyodide.runPython(`
import json, os, sys
sys.path.insert(0, ${JSON.stringify(PLUGIN_DIR)})
os.environ["NLPLAB_OUTCOMES"] = ${JSON.stringify(OUTCOMES)}
os.chdir(${JSON.stringify(PROJECT)})
import pytest
int(pytest.main(list(pytest_args)))
`);
  let outcomes = {};
  try {
    outcomes = JSON.parse(pyodide.FS.readFile(OUTCOMES, { encoding: "utf8" }));
  } catch (error) {
    append(`no outcomes recorded: ${error}`);
  }
  const seconds = (performance.now() - started) / 1000;
  status(`pytest exited with ${exitCode} after ${seconds.toFixed(1)} s`);
  return { exitCode, outcomes, output: output.join("\n"), seconds };
}

window.runSuite = runSuite;
