// The in-page runtime's entry point (runtime.js, loaded on every page after Material's bundle).
//
// On every page (first load and each instant navigation, through Material's `document$`):
// render math, and turn the page's `pycell`s into live cells. Python boots in a worker as soon
// as a page with cells opens, and the same worker serves every later page.
import { pagePath } from "./config";
import { mountCourseMap } from "./course-map";
import { renderMath } from "./math";
import { registerOffline } from "./offline";
import { releaseSearchIndex } from "./search-index";
import { PageController } from "./page";
import type { SnapshotUse } from "./protocol";
import { keepPythonSnapshot } from "./runner/python-snapshot";
import { Runtime } from "./runner/session";
import { StatusIndicator } from "./runner/status";
import { watchScrollers } from "./scrollable";
import { openSharedCode, reloadForSharedCode } from "./share-open";
import { focusSkipTarget } from "./skip-link";
import { predictionsOf } from "./storage";

interface Observable {
  subscribe(next: (value: Document) => void): unknown;
}

declare global {
  interface Window {
    document$?: Observable;
    nlplabRuntime?: NlplabRuntime;
  }
}

/** What tests and the learner's own tooling can see (window.nlplabRuntime). */
export interface NlplabRuntime {
  readonly boots: number;
  readonly state: string;
  readonly isolated: boolean;
  readonly bootMs: number;
  readonly bootStages: Record<string, number>;
  readonly bootSnapshot: SnapshotUse | null;
  /** The page's performance.now() when the last boot began (navigation starts at 0). */
  readonly bootStartedAt: number;
  /** Main-thread time of the last page set-up (math and cells), in ms. */
  readonly setupMs: number;
  readonly versions: { python: string; numpy: string };
  readonly page: PageController | null;
  runtime: Runtime;
  /** The predictions kept for a page (its namespace key, `page.ns`), for a course map and tests. */
  predictionsOf: typeof predictionsOf;
}

const runtime = new Runtime();
let status: StatusIndicator | null = null;
let page: PageController | null = null;

function cellRoots(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(".nl-cell")];
}

// Boot right away when the first page has cells: the script runs at the end of <body>.
if (cellRoots().length) runtime.start();

let setupMs = 0;

function setUpPage(): void {
  const started = performance.now();
  renderMath(document.body);
  watchScrollers(document.body);        // wide tables scroll: keep them reachable by keyboard
  const roots = cellRoots().filter((root) => !root.classList.contains("nl-cell--live"));
  if (page && !page.cells.some((c) => c.root.isConnected)) {
    page.dispose();
    page = null;
  }
  status ??= new StatusIndicator(runtime);
  if (roots.length) {
    runtime.start();
    page = new PageController(pagePath(), roots, runtime);
    void openSharedCode(page.ns, page.cells);
  }
  status.setPageHasCells(cellRoots().length > 0);
  mountCourseMap(document);             // the course map page (학습 현황) only
  setupMs = Math.round(performance.now() - started);
}

window.nlplabRuntime = {
  get boots() { return runtime.boots; },
  get state() { return runtime.state; },
  get isolated() { return runtime.isolated; },
  get bootMs() { return runtime.lastBootMs; },
  get bootStages() { return runtime.bootStages; },
  get bootSnapshot() { return runtime.bootSnapshot; },
  get bootStartedAt() { return runtime.bootStartedAt; },
  get setupMs() { return setupMs; },
  get versions() { return runtime.versions; },
  get page() { return page; },
  runtime,
  predictionsOf,
};

// The service worker (offline use), once the page has loaded and Python has booted.
registerOffline(runtime);

// The interpreter's snapshot for the next visits, once the service worker keeps the course.
keepPythonSnapshot(runtime);

// Material's search index, held back by boot.js on a page with cells, once Python is up (or
// failed) and the cells asked for meanwhile have run.
runtime.whenSettled(releaseSearchIndex);

// "콘텐츠로 이동" moves the keyboard focus to the title (the page bar is the next stop).
focusSkipTarget();

// A shared link opened while the playground is already open (only the fragment changed).
addEventListener("hashchange", reloadForSharedCode);

// Keep the last keystrokes when the learner leaves or reloads the page.
addEventListener("pagehide", () => page?.cells.forEach((cell) => cell.flushSave()));

if (window.document$) {
  window.document$.subscribe(() => setUpPage());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setUpPage);
} else {
  setUpPage();
}
