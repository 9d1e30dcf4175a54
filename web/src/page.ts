// The cells of one page and the actions that span them: Run all above, Run all, Stop, Restart
// (모두 실행 and Python 다시 시작 are the page bar's, page-bar.ts).
// A cell asks to run (Cell.run → submit); the page only orders the jobs: the setup cells before
// the page's first job and again after a restart, and the cells of 모두 실행 in one group.
import { Cell, type CellHost, type RunMode } from "./cell";
import { PageBar } from "./page-bar";
import { newGroup, type JobOutcome, type JobRequest, type Runtime } from "./runner/session";
import type { CellAbove } from "./protocol";
import { edits } from "./storage";
import { T } from "./strings";
import { VariablesPanel } from "./variables/panel";

/** Safari has no requestIdleCallback. */
const hasIdleCallback = typeof window.requestIdleCallback === "function";

export class PageController implements CellHost {
  readonly cells: Cell[] = [];
  private disposeRestart: () => void;
  /** The learner has been told that edits are not kept (once per page). */
  private storageTold = false;
  /** Made the first time it is opened (nothing is asked of Python before). */
  private variables: VariablesPanel | null = null;
  /** 모두 실행 and Python 다시 시작, on a page with runnable cells. */
  private bar: PageBar | null = null;

  constructor(readonly ns: string, roots: HTMLElement[], private runtime: Runtime) {
    // Before any cell reads its saved edit: edits kept under an older build's positional ids.
    edits.migrateLegacy(ns, roots.flatMap((root) => root.dataset.cellLegacyId
      ? [{ id: root.dataset.cellId!, legacyId: root.dataset.cellLegacyId }] : []));
    let visible = 0;
    let setup = 0;
    for (const root of roots) {
      const isSetup = root.dataset.cellKind === "setup";
      this.cells.push(new Cell(root, this, isSetup ? 0 : ++visible, isSetup ? ++setup : 0));
    }
    const article = roots[0]?.closest<HTMLElement>("article") ?? null;
    if (article && this.runnable.length) this.bar = new PageBar(this, article);
    this.mountEditors();
    runtime.preload(this.cells.flatMap((c) => [c.code, c.data.check ?? ""]));
    // When the worker is ended (Stop fallback, crash), every variable is gone.
    this.disposeRestart = runtime.onRestart(() => {
      for (const cell of this.cells) cell.namespaceCleared(false);
      this.variables?.changed();
    });
  }

  private observer: IntersectionObserver | null = null;
  private idleHandle = 0;

  /**
   * Editors near the viewport are created at once, the others in idle time: a long lesson's
   * 30 editors would otherwise hold the main thread while Python boots.
   */
  private mountEditors(): void {
    const pending = new Set(this.cells.filter((c) => c.kind !== "setup"));
    const mount = (cell: Cell) => {
      if (!pending.delete(cell)) return;
      cell.mountEditor();
      this.observer?.unobserve(cell.root);
    };
    const margin = window.innerHeight;
    for (const cell of pending) {
      const box = cell.root.getBoundingClientRect();
      if (box.bottom > -margin && box.top < window.innerHeight + margin) mount(cell);
    }
    if (!pending.size) return;
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) mount(this.cells.find((c) => c.root === entry.target)!);
      }
    }, { rootMargin: `${margin}px 0px` });
    for (const cell of pending) this.observer.observe(cell.root);
    const idle = (callback: (deadline?: IdleDeadline) => void) =>
      hasIdleCallback ? window.requestIdleCallback(callback, { timeout: 500 }) : window.setTimeout(callback, 30);
    const work = (deadline?: IdleDeadline) => {
      do {
        const next = pending.values().next();
        if (next.done) return;
        mount(next.value);
      } while (deadline && deadline.timeRemaining() > 8);
      this.idleHandle = idle(work);
    };
    // Off-screen editors wait until Python is ready: while it boots, the two of them would
    // share the CPU (on a 2-core machine every 100 ms counts).
    const start = () => { this.idleHandle = idle(work); };
    if (this.runtime.state === "ready" || this.runtime.state === "error") start();
    else this.stopWaiting = this.runtime.onStatus((status) => {
      if (status.state !== "ready" && status.state !== "error") return;
      queueMicrotask(() => this.stopWaiting?.());
      start();
    });
  }

  private stopWaiting: (() => void) | null = null;

  private get runnable(): Cell[] {
    return this.cells.filter((c) => c.kind !== "setup");
  }

  private get setupCells(): Cell[] {
    return this.cells.filter((c) => c.kind === "setup");
  }

  hasCellsAbove(cell: Cell): boolean {
    return this.runnable.some((c) => c.index < cell.index);
  }

  cellsAbove(cell: Cell): CellAbove[] {
    return this.runnable.filter((c) => c.index < cell.index).map((c) => ({ number: c.number, code: c.code }));
  }

  /** A cell's job: queued after the page's setup cells whenever this namespace has not run them. */
  submit(job: JobRequest): Promise<JobOutcome> {
    // The bar's "variables are gone" holds until the learner runs something again.
    if ((job.owner as Cell | undefined)?.kind !== "setup") this.bar?.say("");
    this.queueSetup();
    const outcome = this.runtime.run(job);
    void outcome.then(() => this.variables?.changed());
    return outcome;
  }

  toggleVariables(opener: HTMLElement): void {
    this.variables ??= new VariablesPanel(this.ns, this.runtime,
      () => this.runnable[0]?.root.querySelector<HTMLElement>(".nl-btn--run") ?? null);
    this.variables.toggle(opener);
  }

  /** Queue the page's setup cells if this namespace has not run them yet. */
  private queueSetup(): void {
    if (this.runtime.setupDone.has(this.ns)) return;
    this.runtime.setupDone.add(this.ns);
    const group = newGroup();
    for (const cell of this.setupCells) {
      void cell.run("run", { group, announce: false }).then((outcome) => {
        if (outcome.status !== "ok") this.runtime.setupDone.delete(this.ns);
      });
    }
  }

  /**
   * Several cells in one group, after the setup cells (even for no cells: "위 셀 다시 실행" on
   * the first cell after a restart). Only the last one's success is read out (not "실행 완료"
   * twenty times).
   */
  private runMany(cells: Cell[], mode: RunMode = "run"): void {
    const todo = cells.filter((c) => !c.busy);
    const group = newGroup();
    this.queueSetup();
    todo.forEach((cell, i) => cell.run(mode, { group, announce: i === todo.length - 1 }));
  }

  runAbove(cell: Cell): void {
    this.runMany(this.runnable.filter((c) => c.index < cell.index));
  }

  runAll(): void {
    this.runMany(this.runnable);
  }

  stop(cell: Cell): void {
    this.runtime.stop((job) => job.owner === cell);
  }

  restart(): void {
    this.runtime.stop((job) => job.ns === this.ns);
    this.runtime.reset(this.ns);
    for (const c of this.cells) c.namespaceCleared(true);
    this.bar?.say(T.namespaceReset);
    this.queueSetup();      // setup cells run again right away
    this.variables?.changed();
  }

  retryPython(): void {
    if (this.runtime.state === "error") this.runtime.retry();
  }

  storageFailed(cell: Cell): void {
    document.documentElement.dataset.nlStorage = "unavailable";
    if (this.storageTold) return;
    this.storageTold = true;
    cell.notice(T.storageUnavailable, "warning").classList.add("nl-notice--storage");
  }

  /** Before the page is replaced (instant navigation): keep edits, stop this page's jobs. */
  dispose(): void {
    this.stopWaiting?.();
    this.observer?.disconnect();
    if (hasIdleCallback) window.cancelIdleCallback(this.idleHandle);
    else window.clearTimeout(this.idleHandle);
    this.disposeRestart();
    this.variables?.destroy();
    this.bar?.destroy();
    this.runtime.stop((job) => job.ns === this.ns);
    for (const cell of this.cells) cell.destroy();
  }
}
