// The cells of one page and the actions that span them: Run, Run all above, Run all, 채점,
// Stop, Restart. Setup cells run before the page's first job and again after a restart.
import { Cell, type CellHost } from "./cell";
import { newGroup, type JobOutcome, type Runtime } from "./runner/session";
import { edits } from "./storage";
import { T } from "./strings";

/** Safari has no requestIdleCallback. */
const hasIdleCallback = typeof window.requestIdleCallback === "function";

export class PageController implements CellHost {
  readonly cells: Cell[] = [];
  private disposeRestart: () => void;
  /** The learner has been told that edits are not kept (once per page). */
  private storageTold = false;

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
    for (const cell of this.cells) cell.ready();
    this.mountEditors();
    runtime.preload(this.cells.flatMap((c) => [c.code, c.data.check ?? ""]));
    // When the worker is ended (Stop fallback, crash), every variable is gone.
    this.disposeRestart = runtime.onRestart(() => {
      for (const cell of this.cells) {
        if (cell.state === "done") cell.setState("idle");
      }
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

  /** Queue the page's setup cells if this namespace has not run them yet. */
  private queueSetup(): Promise<JobOutcome>[] {
    if (this.runtime.setupDone.has(this.ns)) return [];
    this.runtime.setupDone.add(this.ns);
    const group = newGroup();
    return this.setupCells.map((cell) => this.queue(cell, "run", group, false).then((outcome) => {
      if (outcome.status !== "ok") this.runtime.setupDone.delete(this.ns);
      return outcome;
    }));
  }

  /** `announce`: a screen reader hears that this cell succeeded (failures are always read out). */
  private queue(cell: Cell, mode: "run" | "check", group: number, announce = true): Promise<JobOutcome> {
    const { request, finished } = cell.job(mode, group, announce);
    if (this.runtime.state !== "ready") cell.setStatus(T.waitingForPython);
    return this.runtime.run(request).then((outcome) => {
      finished(outcome);
      return outcome;
    });
  }

  private async runMany(cells: Cell[], mode: "run" | "check" = "run"): Promise<void> {
    const todo = cells.filter((c) => c.state !== "queued" && c.state !== "running");
    const group = newGroup();
    // The setup cells come first whenever this namespace has not run them (even for no cells:
    // "위 셀 다시 실행" on the first cell after a restart).
    // Of several cells, only the last one's success is read out (not "실행 완료" twenty times).
    const jobs = [...this.queueSetup(),
      ...todo.map((cell, i) => this.queue(cell, mode, group, i === todo.length - 1))];
    await Promise.all(jobs);
  }

  runCell(cell: Cell): Promise<void> {
    return this.runMany([cell]);
  }

  runAbove(cell: Cell): Promise<void> {
    return this.runMany(this.runnable.filter((c) => c.index < cell.index));
  }

  runAll(): Promise<void> {
    return this.runMany(this.runnable);
  }

  check(cell: Cell): Promise<void> {
    return this.runMany([cell], "check");
  }

  stopCell(cell: Cell): void {
    this.runtime.stop((job) => job.owner === cell);
  }

  restart(cell: Cell): void {
    this.runtime.stop((job) => job.ns === this.ns);
    this.runtime.reset(this.ns);
    for (const c of this.cells) {
      if (c.state !== "queued" && c.state !== "running") c.setState("idle");
    }
    cell.notice(T.namespaceReset, "info").classList.add("nl-notice--run");
    void Promise.all(this.queueSetup());      // setup cells run again right away
  }

  retryPython(cell: Cell): Promise<void> {
    if (this.runtime.state === "error") this.runtime.retry();
    return this.runCell(cell);
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
    this.runtime.stop((job) => job.ns === this.ns);
    for (const cell of this.cells) cell.destroy();
  }
}
