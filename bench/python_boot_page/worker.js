// bench/python_boot.py: Pyodide 0.27.7 booted three ways, with the time of each stage.
//   course:  loadPyodide({packages: ["numpy"]}), as web/src/worker.ts boots without a snapshot;
//   make:    loadPyodide({_makeSnapshot: true}) without packages (numpy's compiled extensions
//            cannot be in a snapshot), makeMemorySnapshot(), then numpy;
//   restore: loadPyodide({_loadSnapshot, packages: ["numpy"]}), random reseeded.
// Every mode ends with `import numpy` and the same checks, so a restore that changes a result shows.
const started = performance.now();
const at = () => Math.round(performance.now() - started);
const wasm = { mainMs: 0, sideModules: 0, sideMs: 0 };
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (...args) => {
  const t = performance.now();
  try { return await instantiateStreaming(...args); } finally { wasm.mainMs += performance.now() - t; }
};
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const t = performance.now();
  try { return await instantiate(...args); } finally { wasm.sideModules += 1; wasm.sideMs += performance.now() - t; }
};

onmessage = (event) => boot(event.data).catch((error) => postMessage({ error: String(error && error.stack || error) }));

async function boot({ mode, snapshot }) {
  const stages = {};
  importScripts("pyodide/pyodide.js");
  const options = { indexURL: new URL("pyodide/", location.href).href, env: { HOME: "/home/pyodide" } };
  if (mode === "make") options._makeSnapshot = true;
  else options.packages = ["numpy"];
  if (mode === "restore") options._loadSnapshot = snapshot;
  const py = await loadPyodide(options);
  stages.loadPyodide = at();
  let made = null;
  if (mode === "make") {
    const t = performance.now();
    made = py.makeMemorySnapshot();
    stages.snapshotMs = Math.round(performance.now() - t);
    await py.loadPackage("numpy", { messageCallback() {} });
    stages.numpyLoaded = at();
  }
  const randomAtStart = py.runPython("import sys; 'random' in sys.modules");
  if (mode === "restore") py.runPython("import random; random.seed()");   // not the snapshot's state
  py.runPython("import numpy");
  stages.ready = at();
  const checks = {
    randomImportedAtStart: randomAtStart,
    random: py.runPython("import random; random.random()"),
    numpy: py.runPython("import numpy as np; (np.sin(np.arange(12.0).reshape(3, 4)) @ np.exp(np.ones(4) / 3)).tolist()").toJs(),
    version: py.runPython("import sys, numpy; f'{sys.version.split()[0]} {numpy.__version__}'"),
    js: py.runPython("from js import XMLHttpRequest; XMLHttpRequest.new().readyState"),
    asyncio: await py.runPythonAsync("import asyncio\nawait asyncio.sleep(0.01)\n'ok'"),
  };
  const report = {
    mode, stages, checks,
    wasm: { mainMs: Math.round(wasm.mainMs), sideModules: wasm.sideModules, sideMs: Math.round(wasm.sideMs) },
    snapshotBytes: made ? made.length : null,
  };
  postMessage({ report, snapshot: made }, made ? [made.buffer] : []);
}
