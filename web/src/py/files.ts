// The Python half of the runtime, bundled into worker.js as text (web/build.mjs: loader ".py").
// The worker writes every file into site-packages and imports nl_runtime (it names the others);
// scripts/pyodide_pyc.mjs imports the same files to learn which modules a boot needs.
import errors from "./nl_errors.py";
import explain from "./nl_explain.py";
import health from "./nl_health.py";
import imports from "./nl_imports.py";
import koreanFont from "./nl_korean_font.py";
import mplBackend from "./nl_mpl_backend.py";
import output from "./nl_output.py";
import running from "./nl_running.py";
import runtime from "./nl_runtime.py";
import variables from "./nl_variables.py";

export const PYTHON_FILES: Record<string, string> = {
  "nl_errors.py": errors,
  "nl_explain.py": explain,
  "nl_health.py": health,
  "nl_imports.py": imports,
  "nl_korean_font.py": koreanFont,
  "nl_mpl_backend.py": mplBackend,
  "nl_output.py": output,
  "nl_running.py": running,
  "nl_runtime.py": runtime,
  "nl_variables.py": variables,
};
