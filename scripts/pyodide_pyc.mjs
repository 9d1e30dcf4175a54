// Precompiles the Python modules the page's Python imports before a first cell's result, with
// Pyodide's own Python (so the bytecode is exactly what the browser's Python 3.12 loads).
// Driven by scripts/build_assets.py (step "pyodide": scripts/asset_build/precompiled.py):
//
//   node scripts/pyodide_pyc.mjs <pyodide-dir> <job.json>     -> JSON report on stdout
//
// job.json: {"pysrc": dir, "runtime": web/src/py, "zips": [{"source", "target", "prefix"}]}
//
// Pyodide's python_stdlib.zip and numpy's wheel hold only .py files, so every import at start-up
// compiles source inside WebAssembly (about a second of a cold start on this machine). Here
// Pyodide boots under Node with numpy, imports what the runtime imports (its own modules,
// numpy, every nlplab module), and each zip is rewritten with those modules as .pyc
// ("unchecked hash" pycs, which carry the hash of the source they were compiled from) in place
// of their .py; every other member is kept byte for byte.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, jobFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, "utf8"));
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/", packages: ["numpy"], stdout: () => {}, stderr: () => {},
});
pyodide.FS.mkdirTree("/pysrc");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: job.pysrc }, "/pysrc");
for (const name of readdirSync(job.runtime).filter((name) => name.endsWith(".py"))) {
  pyodide.FS.writeFile(`/tmp/${name}`, readFileSync(path.join(job.runtime, name), "utf8"));
}

const compileZip = pyodide.runPython(`
import importlib, importlib.util, io, json, pkgutil, sys, types, zipfile
from importlib import _bootstrap_external

# What a page's Python imports before a first cell's result: the runtime (with a stand-in for
# its JavaScript bridge), the worker's own imports, numpy, and every nlplab module.
sys.modules["_nl_bridge"] = types.ModuleType("_nl_bridge")
sys.path[:0] = ["/tmp", "/pysrc"]
for name in ["nl_runtime", "logging", "site", "pyodide.code", "numpy"]:
    importlib.import_module(name)
import nlplab
for info in pkgutil.walk_packages(nlplab.__path__, "nlplab."):
    try:
        importlib.import_module(info.name)
    except Exception:   # an optional dependency (scipy) is not part of the start-up
        pass
LOADED = {getattr(module, "__file__", None) for module in list(sys.modules.values())}


def compile_zip(data, prefix):
    """The zip with every module that was imported above as a .pyc instead of its .py."""
    source = zipfile.ZipFile(io.BytesIO(bytes(data.to_py())))
    out = io.BytesIO()
    compiled = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            body = source.read(info)
            path = prefix + info.filename
            if info.filename.endswith(".py") and path in LOADED:
                code = compile(body, path, "exec", dont_inherit=True)
                pyc = _bootstrap_external._code_to_hash_pyc(
                    code, importlib.util.source_hash(body), checked=False)
                clone = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
                clone.external_attr, clone.create_system = info.external_attr, info.create_system
                target.writestr(clone, bytes(pyc))
                compiled.append(info.filename)
            else:
                target.writestr(info, body)
    return out.getvalue(), json.dumps(compiled)

compile_zip
`);

const report = [];
for (const { source, target, prefix } of job.zips) {
  const [bytes, compiled] = compileZip(new Uint8Array(readFileSync(source)), prefix).toJs();
  writeFileSync(target, bytes);
  report.push({ source, target, compiled: JSON.parse(compiled) });
}
process.stdout.write(JSON.stringify({ python: pyodide.runPython("import sys; sys.version.split()[0]"), report }));
