// The messages between the page (runner/session.ts) and the Pyodide worker (worker.ts), and the
// contracts between the worker and its Python half (py/nl_runtime.py and the modules it names).
//
// One worker serves every page of a visit (it survives Material's instant navigation). It runs
// one job at a time; the page keeps the queue. Python state lives in namespaces keyed by page
// path, so cells of a page build on each other and pages do not see each other's variables.
//
// page -> worker                                  worker -> page
//   init   (once, right after the worker starts)    progress   what is loading now (boot, a job's
//   run    (a cell; for exercises also its check)              packages, or the page's preload)
//   reset  (forget a page's namespace)              ready      boot finished
//   preload (load what a page's cells import)       boot-error boot failed: message
//   inspect (a page's variables, for its panel)     inspection what `inspect` asked for
//                                                   preloaded  that background load ended
//                                                   stream     stdout/stderr text of the running job
//                                                   input      the running job called input(prompt):
//                                                              Python waits for the answer
//                                                   figure     a matplotlib figure as PNG bytes
//                                                   result     repr of the cell's trailing expression
//                                                   done       the job ended (ok or error), with caps,
//                                                              and whether Python is still healthy
//                                                   fatal      Python cannot go on: end this worker
//
// Stop is not a message: when the page is cross-origin isolated it writes SIGINT (2) into the
// SharedArrayBuffer given in `init` (pyodide.setInterruptBuffer), otherwise it ends the worker.
// Nor is input()'s answer: Python waits on a second shared buffer (input-channel.ts), which the
// page writes.

// ------------------------------------------------------------------ contracts with the Python side
// Both sides spell these out; tests/build/test_runtime_contracts.py checks that they agree.

/**
 * The file name a cell's code is compiled under (RunMessage.filename). Tracebacks show only the
 * frames of files named `<셀 N>` (py/nl_errors.py: CELL_PREFIX), with the editor's line numbers;
 * setup code (`<준비 코드 N>`) and an exercise's check (`<채점>`, py/nl_running.py) stay hidden.
 * The native runs of the course's cells name them alike (mkdocs_hooks/cell_runs.py).
 */
export function cellFilename(kind: "setup" | "cell", number: number): string {
  return kind === "setup" ? `<준비 코드 ${number}>` : `<셀 ${number}>`;
}

/**
 * The health check's text (py/nl_health.py: HEALTH_TEXT, the same characters): 1, 2 and 4 bytes
 * wide in CPython's strings. The worker passes it in and reads Python's copy back (worker.ts: healthy).
 */
export const HEALTH_TEXT = "<셀 0> ✓ 𝄞 é";

/** Output limits per job (config.ts: OUTPUT_LIMITS), enforced in the worker's Python (py/nl_output.py). */
export interface OutputLimits {
  maxChars: number;
  maxLines: number;
  /** stdout/stderr are sent at most every this many ms while a burst lasts. */
  flushMs: number;
  /** A trailing expression's repr is cut to this many characters. */
  maxReprChars: number;
}

// ------------------------------------------------------------------ page -> worker

export interface InitMessage {
  type: "init";
  /** Absolute URL of the folder with pyodide.js, pyodide.asm.wasm, the lock and the wheels. */
  indexURL: string;
  /** Absolute URL of docs/assets/build/ (manifest.json and wheels/ live there). */
  buildURL: string;
  /**
   * The page is controlled by the site's service worker: it answers the large files from its
   * cache, already decoded. Else the worker fetches their brotli copies itself where the host
   * sends no brotli (brotli-copies.ts).
   */
  controlled: boolean;
  /** Int32Array over a SharedArrayBuffer when crossOriginIsolated, else null. */
  interruptBuffer: Int32Array | null;
  /** input()'s answers (input-channel.ts) when crossOriginIsolated, else null: input() then raises. */
  inputBuffer: SharedArrayBuffer | null;
  limits: OutputLimits;
}

export interface RunMessage {
  type: "run";
  id: number;
  /** The namespace: the page's path relative to the site root. */
  ns: string;
  code: string;
  /** The name the code is compiled under (cellFilename); traceback frames from other files are hidden. */
  filename: string;
  /** An exercise's hidden check, run after `code` in the same namespace when `code` succeeded. */
  check?: string;
  /** Show the repr of a trailing expression, like a REPL. */
  showResult: boolean;
  /** The page's cells above this one, for a NameError's explanation (a name one of them defines). */
  above?: CellAbove[];
}

export interface ResetMessage {
  type: "reset";
  ns: string;
}

/**
 * Load the shipped packages a page's cells import (and import them once), in the background:
 * it is not a job, so runs are not held up while it downloads; a run that needs one of those
 * packages waits for it inside Pyodide's package lock.
 */
export interface PreloadMessage {
  type: "preload";
  /** The code of each cell (parsed one by one: one broken cell must not hide the others' imports). */
  codes: string[];
}

/**
 * The page's variables and, with `name`, one variable's values (`index`: the leading axes of a
 * 3-D or larger array): asked only while the variables panel is open (variables/panel.ts), after
 * each run. Answered by an `inspection` with the same id, in turn with the jobs.
 */
export interface InspectMessage {
  type: "inspect";
  id: number;
  ns: string;
  name?: string;
  index?: number[];
}

/**
 * To a worker of its own, not the learner's: make the interpreter's memory snapshot for the next
 * boots and keep it (python-snapshot.ts); it answers snapshot-made or snapshot-failed.
 */
export interface SnapshotMessage {
  type: "snapshot";
  indexURL: string;
  buildURL: string;
  controlled: boolean;
}

export type ToWorker = InitMessage | RunMessage | ResetMessage | PreloadMessage | InspectMessage | SnapshotMessage;

// ------------------------------------------------------------------ worker -> page

export interface ProgressMessage {
  type: "progress";
  /** Korean text naming what is loading. */
  message: string;
  /** Set while a job waits for packages (matplotlib, scipy), so its cell can say so. */
  id?: number;
  /** Set for the background load of a page's packages. */
  preload?: boolean;
}

export interface PreloadedMessage {
  type: "preloaded";
  packages: string[];
  ms: number;
}

/** How a boot used the kept snapshot: started from it, found none, or found one it could not use. */
export type SnapshotUse = "restored" | "absent" | "refused";

export interface ReadyMessage {
  type: "ready";
  bootMs: number;
  /** Milliseconds since boot started at which each stage ended (for benchmarks). */
  stages: Record<string, number>;
  python: string;
  numpy: string;
  snapshot: SnapshotUse;
}

export interface SnapshotMadeMessage {
  type: "snapshot-made";
  bytes: number;
  ms: number;
}

export interface SnapshotFailedMessage {
  type: "snapshot-failed";
  message: string;
}

export interface BootErrorMessage {
  type: "boot-error";
  message: string;
}

export interface StreamMessage {
  type: "stream";
  id: number;
  name: "stdout" | "stderr";
  text: string;
}

export interface FigureMessage {
  type: "figure";
  id: number;
  /** matplotlib's figure number: a later image with the same number replaces the earlier one. */
  num: number;
  png: Uint8Array;
  width: number;
  height: number;
}

/** The job called input(prompt) and waits until the page answers through the input buffer. */
export interface InputMessage {
  type: "input";
  id: number;
  prompt: string;
}

export interface ResultMessage {
  type: "result";
  id: number;
  repr: string;
}

export interface PythonError {
  /** Exception class name, e.g. "ZeroDivisionError"; "KeyboardInterrupt" after Stop. */
  name: string;
  message: string;
  /** The traceback with only the learner's frames (or the SyntaxError with its caret). */
  traceback: string;
  /** 1-based line in the cell's editor of the innermost frame in that cell, if any. */
  line: number | null;
  /** A hint in Korean for errors a beginner can act on (e.g. a package this site does not ship). */
  hint?: string;
  /** What the error means in the learner's own arrays and shapes (py/nl_explain.py), shown under the traceback. */
  explanation?: ErrorExplanation;
}

export interface ErrorExplanation {
  /** Paragraphs of Korean text, and code (shapes aligned from the right) kept as written. */
  parts: { text: string; code: boolean }[];
  /** The missing name is defined in a cell above: offer 위 셀 모두 실행. */
  runAbove: boolean;
}

/** A cell above the one that runs, which the error's explanation may name (py/nl_explain.py). */
export interface CellAbove {
  /** Its learner-facing number ("3"). */
  number: string;
  code: string;
}

export interface CheckOutcome {
  passed: boolean;
  /** The AssertionError's message, or a short description of what went wrong in the check. */
  message: string;
}

export interface DoneMessage {
  type: "done";
  id: number;
  ok: boolean;
  error?: PythonError;
  check?: CheckOutcome;
  /** Output the worker dropped because the job printed too much. */
  droppedLines: number;
  droppedChars: number;
  ms: number;
  /**
   * Set when the health check after the job failed (worker.ts: healthy): what failed. The page
   * then replaces the worker before any other job runs in it.
   */
  unhealthy?: string;
}

export interface FatalMessage {
  type: "fatal";
  message: string;
}

/** What py/nl_variables.py says of one variable in the list. Numbers as text; absent when not numeric. */
export interface VariableSummary {
  name: string;
  kind: "array" | "scalar";
  shape: number[];
  dtype: string;
  size: number;
  min?: string;
  mean?: string;
  max?: string;
  /** How many values are NaN (left out of min/mean/max). */
  nan?: number;
  /** Too large to summarise in passing (nl_variables.STATS_MAX_SIZE). */
  statsSkipped?: boolean;
}

/** One variable's values (py/nl_variables.py: view), or `missing` when the name no longer holds one. */
export interface VariableView {
  name: string;
  missing?: boolean;
  shape?: number[];
  dtype?: string;
  /** The leading indices of the 2-D slice shown (3-D and more). */
  index?: number[];
  /** The row and column indices shown (a longer axis: its first and last values); no columns for 1-D. */
  rows?: number[];
  cols?: number[];
  /** The shown values as text, rows x columns. */
  cells?: string[][];
  /** Numeric 2-D data: every rowStep-th row and colStep-th column, null for NaN/inf. */
  heatmap?: { rowStep: number; colStep: number; min: number; max: number; values: (number | null)[][] } | null;
}

export interface Inspection {
  variables: VariableSummary[];
  /** How many there are (the list stops at nl_variables.MAX_VARIABLES). */
  total: number;
  view?: VariableView;
}

export interface InspectionMessage {
  type: "inspection";
  id: number;
  /** null when Python could not answer (not booted, or the summary failed: `error`). */
  result: Inspection | null;
  error?: string;
}

export type FromWorker =
  | SnapshotMadeMessage
  | SnapshotFailedMessage
  | InspectionMessage
  | ProgressMessage
  | ReadyMessage
  | BootErrorMessage
  | StreamMessage
  | FigureMessage
  | ResultMessage
  | InputMessage
  | DoneMessage
  | PreloadedMessage
  | FatalMessage;
