// One cell: turns the static HTML of its fence (mkdocs_hooks/cell_html.py) into an editor with
// buttons, keeps `data-cell-state` (idle | queued | running | done | error) on its root element,
// asks to run (its page puts the job in order) and shows what its jobs produce: it hears about
// each job through one listener, whose `finished` comes once.
import { button } from "./button";
import { SAVE_DEBOUNCE_MS } from "./config";
import { CodeEditor } from "./editor";
import { editDiff } from "./edit-diff";
import { Exercise } from "./exercise";
import { InputPrompt } from "./input-prompt";
import { noticeElement, OutputArea } from "./output";
import { Prediction, type PredictData } from "./prediction";
import { type CellAbove, cellFilename } from "./protocol";
import type { JobListener, JobOutcome, JobRequest } from "./runner/session";
import { ParamBar, type ParamSpec } from "./params";
import { shareNotice } from "./share-copy";
import { slider } from "./slider";
import { StatusLine } from "./status-line";
import { edits } from "./storage";
import { T, VT } from "./strings";
import { textField } from "./text-field";
import { arrowKeys } from "./toolbar-keys";
import { OPENER_CLASS } from "./variables/panel";

/** A cell not declared `training` that runs this long gets a hint about Stop. */
const LONG_RUN_S = 10;

export type CellKind = "code" | "setup" | "exercise";
export type CellState = "idle" | "queued" | "running" | "done" | "error";
/** "check": the learner's code, then the exercise's hidden check (채점); "predict": the code, then
 * the comparison of the learner's prediction with what it computed (prediction.ts). */
export type RunMode = "run" | "check" | "predict";

/** Where a run stands among others the page ordered (모두 실행: one group, only the last read out). */
export interface RunOrder {
  /** Jobs of one group: when one fails, the rest of the group is cancelled. */
  group?: number;
  /** A screen reader hears this cell's success (failures are always read out). */
  announce?: boolean;
}

export interface CellData {
  code: string;
  check?: string;
  solution?: string;
  hints?: string[];
  predict?: PredictData;
}

/** What a cell needs from its page (page.ts). */
export interface CellHost {
  readonly ns: string;
  /** Queue this cell's job, after the page's setup cells when its namespace has not run them. */
  submit(job: JobRequest): Promise<JobOutcome>;
  /** 위 셀 모두 실행: from the editor (Alt+Shift+Enter), an explanation's or a notice's button. */
  runAbove(cell: Cell): void;
  stop(cell: Cell): void;
  hasCellsAbove(cell: Cell): boolean;
  /** The cells above this one, as an error's explanation reads them (a name one of them defines). */
  cellsAbove(cell: Cell): CellAbove[];
  /** Saving failed (storage full or disabled): the page tells the learner once, in this cell. */
  storageFailed(cell: Cell): void;
  /** Python could not be loaded: boot it again. */
  retryPython(): void;
  /** Open or close the page's variables panel (focus returns to `opener` when it closes). */
  toggleVariables(opener: HTMLElement): void;
}

/** The JSON of the cell's <template class="nl-cell-data"> (mkdocs_hooks/cell_html.py: json_data). */
export function readCellData(root: HTMLElement): CellData {
  const carrier = root.querySelector<HTMLTemplateElement>(":scope > template.nl-cell-data");
  return JSON.parse(carrier?.content.textContent || "{\"code\": \"\"}") as CellData;
}

export class Cell {
  readonly kind: CellKind;
  readonly id: string;
  readonly digest: string;
  readonly index: number;
  readonly readonly: boolean;
  readonly data: CellData;
  /** The learner-facing number ("셀 3"), counting only visible cells; "준비" for setup cells. */
  readonly number: string;
  readonly filename: string;
  state: CellState = "idle";
  editor: CodeEditor | null = null;
  readonly output: OutputArea;
  exercise: Exercise | null = null;
  prediction: Prediction | null = null;

  private pendingCode = "";
  private editorHost: HTMLElement | null = null;
  private placeholder: HTMLElement | null = null;
  private status: StatusLine;
  private notices: HTMLElement;
  private runButton: HTMLButtonElement | null = null;
  private stopButton: HTMLButtonElement | null = null;
  private params: ParamBar | null = null;
  private saveTimer: number | undefined;
  private paramTimer: number | undefined;
  private paramRunPending = false;
  private elapsedTimer: number | undefined;
  private staleNotice: HTMLElement | null = null;
  /** "Python has not stopped yet" with 강제로 멈추기, while Stop waits for Python. */
  private stopNotice: HTMLElement | null = null;
  /** input()'s question while Python waits for the answer; whether the learner cancelled one (Esc). */
  private question: InputPrompt | null = null;
  private inputCancelled = false;

  constructor(readonly root: HTMLElement, readonly host: CellHost, visibleNumber: number, setupNumber: number) {
    this.kind = (root.dataset.cellKind as CellKind) || "code";
    this.id = root.dataset.cellId!;           // the build requires one (mkdocs_hooks/cell_ids.py)
    this.digest = root.dataset.cellDigest || "";
    this.index = Number(root.dataset.cellIndex || 0);
    this.readonly = root.hasAttribute("data-cell-readonly");
    this.data = readCellData(root);
    this.number = this.kind === "setup" ? T.setupNumber(setupNumber) : String(visibleNumber);
    this.filename = this.kind === "setup" ? cellFilename("setup", setupNumber) : cellFilename("cell", visibleNumber);
    root.classList.add("nl-cell--live");

    this.status = new StatusLine("nl-cell__status");
    this.notices = document.createElement("div");
    this.notices.className = "nl-cell__notices";
    // Notices (saved edit, storage, restart) are read out when they appear.
    this.notices.setAttribute("aria-live", "polite");

    this.pendingCode = this.data.code;
    if (this.kind === "setup") {
      // Hidden set-up code: keep the folded static listing, add a status and an output below it.
      const details = root.querySelector<HTMLDetailsElement>(":scope > details.nl-setup-static");
      const summary = details?.querySelector("summary");
      summary?.append(" ", this.status.el);
      this.output = new OutputArea(details ?? root, T.outputLabel(this.number));
      this.setState("idle");
      return;
    }

    // A named group: a screen reader says which cell its buttons and editor belong to.
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", T.cellName(this.number));

    // Keep the static listing where the editor will be until the editor is mounted (no jump).
    this.editorHost = document.createElement("div");
    this.editorHost.className = "nl-cell__editor";
    for (const child of [...root.children]) {
      if (child.classList.contains("nl-cell-data")) continue;
      if (!this.placeholder && child.classList.contains("highlight")) {
        this.placeholder = child as HTMLElement;
        this.editorHost.append(child);
      } else {
        child.remove();
      }
    }
    this.pendingCode = this.initialCode();
    this.params = new ParamBar([slider, textField], (spec, text, delayMs) => this.paramChanged(spec, text, delayMs));
    const bar = this.toolbar();
    root.append(this.params.el, this.editorHost, bar, this.notices);
    if (this.data.predict) {
      this.prediction = new Prediction(this, host.ns, this.data.predict);
      root.append(this.prediction.el);
    }
    this.output = new OutputArea(root, T.outputLabel(this.number));
    this.params.sync(this.pendingCode);
    // A learner who clicks the static code before its editor exists gets the editor at once.
    this.placeholder?.addEventListener("pointerdown", () => {
      this.mountEditor();
      requestAnimationFrame(() => this.editor?.focus());
    }, { once: true });
    if (this.kind === "exercise") {
      this.exercise = new Exercise(this, host.ns);
      root.append(this.exercise.el);
    }
    this.setState("idle");
  }

  /** Create the CodeMirror editor (the page does it for visible cells first, the rest when idle). */
  mountEditor(): void {
    if (this.editor || this.kind === "setup") return;
    this.placeholder?.remove();
    this.placeholder = null;
    this.editor = new CodeEditor({
      parent: this.editorHost!,
      doc: this.pendingCode,
      readOnly: this.readonly,
      label: T.editorLabel(this.number),
      onRun: () => this.ask(),
      onRunAbove: () => this.host.runAbove(this),
      onChange: (doc) => this.changed(doc),
    });
    this.root.dataset.cellEditor = "";
  }

  /** Replace the code (Reset, a saved version, the solution), mounted or not. */
  setCode(code: string): void {
    if (this.editor) {
      this.editor.setCode(code);
    } else {
      this.pendingCode = code;
      this.changed(code);
    }
  }

  get code(): string {
    return this.editor ? this.editor.code : this.pendingCode;
  }

  // ---------------------------------------------------------------- UI

  /**
   * What belongs to this cell: 실행, 정지, 되돌리기, 변수 보기, 링크로 공유 and its status. The actions
   * that span the page (모두 실행, Python 다시 시작) are in the page's own bar (page-bar.ts); 위 셀
   * 모두 실행 is Alt+Shift+Enter in the editor and a button where it is the answer (a NameError's
   * explanation, a restart's notice).
   */
  private toolbar(): HTMLElement {
    const bar = document.createElement("div");
    bar.className = "nl-cell__bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", T.toolbarLabel(this.number));
    const run = button({ label: T.run, className: "nl-btn--primary nl-btn--run", onClick: () => this.ask(),
                         title: T.runTitle, icon: "▶" });
    this.runButton = run;
    this.stopButton = button({ label: T.stop, className: "nl-btn--stop", onClick: () => this.host.stop(this), icon: "■" });
    const label = document.createElement("span");
    label.className = "nl-cell__label";
    label.textContent = T.cellName(this.number);
    label.setAttribute("aria-hidden", "true");
    bar.append(label, run, this.stopButton);
    if (!this.readonly) {
      bar.append(button({ label: T.reset, className: "nl-btn--reset", onClick: () => this.reset(), title: T.resetTitle }));
    }
    const variables = button({ label: VT.open, className: OPENER_CLASS, title: VT.openTitle,
                               onClick: () => this.host.toggleVariables(variables) });
    variables.setAttribute("aria-expanded", "false");
    const share = button({ label: T.share, className: "nl-btn--share", title: T.shareTitle, onClick: () => void this.share() });
    bar.append(variables, share, this.status.el);
    arrowKeys(bar);
    return bar;
  }

  /** 링크로 공유: the link to the playground with this code, copied (or shown to copy by hand). */
  private async share(): Promise<void> {
    const { note, field } = await shareNotice(this.code);
    this.notices.querySelectorAll(".nl-notice--share").forEach((n) => {
      this.keepFocus(n);
      n.remove();
    });
    note.classList.add("nl-notice--share", "nl-notice--run");
    this.notices.append(note);
    field?.focus();
  }

  /**
   * Keyboard focus must not fall to the page when what holds it goes away (a notice's button,
   * the output being cleared) or is disabled (정지 once the run ends): it moves to 실행.
   */
  private keepFocus(leaving: Element): void {
    const active = document.activeElement;
    if (active && active !== document.body && leaving.contains(active)) this.runButton?.focus();
  }

  setState(state: CellState): void {
    this.state = state;
    this.root.dataset.cellState = state;
    if (this.stopButton) {
      const stoppable = state === "queued" || state === "running";
      if (!stoppable) this.keepFocus(this.stopButton);
      this.stopButton.disabled = !stoppable;
    }
    if (state !== "running") window.clearInterval(this.elapsedTimer);
  }

  /** The status beside the buttons; `announce`: a screen reader reads it out (results, not ticks). */
  private setStatus(text: string, announce = false): void {
    this.status.set(text, announce);
  }

  get busy(): boolean {
    return this.state === "queued" || this.state === "running";
  }

  /**
   * The page's variables are gone (Restart, or a new worker): a result shown no longer holds.
   * `errorsToo`: after Restart every idle-able cell starts over, failed ones included.
   */
  namespaceCleared(errorsToo: boolean): void {
    if (this.busy) return;
    if (this.state === "done" || errorsToo) this.setState("idle");
  }

  notice(text: string, kind: "info" | "warning" | "success" = "info",
         actions: { label: string; onClick: () => void }[] = []): HTMLElement {
    const note = noticeElement(text, kind, actions);
    this.notices.append(note);
    return note;
  }

  // ---------------------------------------------------------------- saved edits

  private initialCode(): string {
    if (this.readonly) return this.data.code;
    const saved = edits.load(this.host.ns, this.id);
    if (!saved || saved.code === this.data.code) return this.data.code;
    if (saved.digest === this.digest) {
      this.root.dataset.cellEdited = "";
      return saved.code;
    }
    // The original changed since the learner edited it: do not apply the old edit silently.
    // The notice shows the edit against the new original; nothing is dropped until the learner chooses.
    this.root.dataset.cellStale = "";
    this.staleNotice = this.notice(T.staleEdit, "warning", [
      { label: T.loadSaved, onClick: () => this.loadStale(saved.code) },
      { label: T.discardSaved, onClick: () => this.discardStale() },
    ]);
    this.staleNotice.append(editDiff(this.data.code, saved.code));
    return this.data.code;
  }

  private loadStale(code: string): void {
    this.keepFocus(this.notices);
    this.clearStale();
    this.setCode(code);
    window.clearTimeout(this.saveTimer);
    this.saveNow(code);          // adopt it for the new original
  }

  private discardStale(): void {
    this.keepFocus(this.notices);
    this.clearStale();
    window.clearTimeout(this.saveTimer);
    this.saveNow(this.code);     // the old edit goes; what was typed into the new code meanwhile stays
  }

  private clearStale(): void {
    this.staleNotice?.remove();
    this.staleNotice = null;
    delete this.root.dataset.cellStale;
  }

  private changed(doc: string): void {
    this.params?.sync(doc);
    if (this.readonly || this.staleNotice) return;   // a stale edit is kept until the learner decides
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.saveNow(doc), SAVE_DEBOUNCE_MS);
  }

  /** Save at once (tests and page changes must not lose the last keystrokes). */
  flushSave(): void {
    if (this.saveTimer === undefined) return;
    window.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.staleNotice) this.saveNow(this.code);
  }

  private saveNow(doc: string): void {
    this.saveTimer = undefined;
    if (doc === this.data.code) {
      edits.remove(this.host.ns, this.id);
      delete this.root.dataset.cellEdited;
      return;
    }
    this.root.dataset.cellEdited = "";
    if (!edits.save(this.host.ns, this.id, { digest: this.digest, code: doc, savedAt: Date.now() })) {
      this.host.storageFailed(this);
    }
  }

  reset(): void {
    this.clearStale();
    this.setCode(this.data.code);
    this.editor?.markErrorLine(null);
    window.clearTimeout(this.saveTimer);
    this.saveNow(this.data.code);
  }

  // ---------------------------------------------------------------- sliders and text fields

  private paramChanged(spec: ParamSpec, text: string, delayMs: number): void {
    this.mountEditor();
    this.editor?.replaceRange(spec.from, spec.to, text);
    window.clearTimeout(this.paramTimer);
    this.paramTimer = window.setTimeout(() => this.paramRun(), delayMs);
  }

  private paramRun(): void {
    if (this.busy) {
      this.paramRunPending = true;    // at most one run in flight; the latest value runs next
      return;
    }
    this.paramRunPending = false;
    this.run();
  }

  // ---------------------------------------------------------------- jobs

  /** The learner asks (실행, Shift+Enter, 채점, 다시 시도): nothing new while this cell is queued or running. */
  ask(mode: RunMode = "run"): void {
    if (!this.busy) void this.run(mode);
  }

  /**
   * Run: the page queues the job (after its setup cells), and this cell hears how it goes. The
   * page also calls it, for its setup cells (even while an older job of theirs is ending) and 모두 실행.
   */
  run(mode: RunMode = "run", order: RunOrder = {}): Promise<JobOutcome> {
    const previous = this.state;
    this.flushSave();
    this.setState("queued");
    this.setStatus(T.queued);
    return this.host.submit({
      ns: this.host.ns,
      code: this.code,
      filename: this.filename,
      check: mode === "check" ? this.data.check : mode === "predict" ? this.prediction?.checkCode() : undefined,
      showResult: mode !== "check",
      above: this.kind === "setup" ? [] : this.host.cellsAbove(this),
      group: order.group,
      owner: this,
      listener: this.listener(mode, previous, order.announce ?? true),
    });
  }

  private listener(mode: RunMode, previous: CellState, announce: boolean): JobListener {
    let started = 0;
    return {
      waiting: () => this.setStatus(T.waitingForPython),
      started: () => {
        started = performance.now();
        this.mountEditor();
        this.keepFocus(this.output.el);
        this.output.clear();
        this.notices.querySelectorAll(".nl-notice--run").forEach((n) => {
          this.keepFocus(n);
          n.remove();
        });
        this.editor?.markErrorLine(null);
        this.inputCancelled = false;
        this.setState("running");
        this.setStatus(T.running);
        this.exercise?.checking(mode === "check");
        const training = this.root.hasAttribute("data-cell-training");
        this.elapsedTimer = window.setInterval(() => {
          if (this.question) return;          // waiting for the learner, not running long
          const seconds = Math.round((performance.now() - started) / 1000);
          // Ticks are quiet; the hint about 정지 is read out once, when it first appears.
          this.setStatus(training ? T.trainingFor(seconds)
            : seconds >= LONG_RUN_S ? T.runningLong(seconds) : T.runningFor(seconds),
            !training && seconds === LONG_RUN_S);
        }, 1000);
      },
      stream: (name, text) => this.output.appendStream(name, text),
      figure: (num, png, w, h) => this.output.showFigure(num, png, w, h),
      result: (repr) => this.output.showResult(repr),
      progress: (message) => this.setStatus(message),
      input: (prompt, reply) => {
        this.question?.end();
        this.setStatus(T.waitingForInput);
        const question = new InputPrompt(this.output, prompt, T.inputLabel(this.number), reply, (how) => {
          this.keepFocus(question.el);
          if (this.question === question) this.question = null;
          if (how === "cancelled") this.inputCancelled = true;
          if (how === "answered") this.setStatus(T.running);
        });
        this.question = question;
      },
      stopping: () => {
        this.question?.end();
        this.inputCancelled = false;
        window.clearInterval(this.elapsedTimer);
        this.setStatus(T.stopping, true);
      },
      stopSlow: (force, restartInMs) => {
        this.stopNotice = this.notice(T.stopSlow(Math.round(restartInMs / 1000)), "warning", [
          { label: T.forceStop, onClick: force },
        ]);
        this.stopNotice.classList.add("nl-notice--run");
      },
      finished: (outcome) => {
        this.finish(outcome, mode, previous, announce);
        if (this.paramRunPending) this.paramRun();
      },
    };
  }

  /** `announce`: read a success out (failures always are; in 모두 실행 only the last cell's success is). */
  private finish(outcome: JobOutcome, mode: RunMode, previous: CellState, announce: boolean): void {
    this.question?.end();
    this.output.flush();
    if (this.stopNotice) {
      this.keepFocus(this.stopNotice);
      this.stopNotice.remove();
      this.stopNotice = null;
    }
    const done = outcome.done;
    // What a screen reader hears: failures, and successes the caller wants read out. After a
    // 채점 the exercise's feedback is read out instead, after a prediction its verdict.
    const loud = mode === "run";
    // The worker's own time for this job (tests and benchmarks read it).
    if (done) this.root.dataset.cellMs = String(done.ms);
    switch (outcome.status) {
      case "ok":
        this.setState("done");
        this.setStatus(mode === "check" ? T.checked : T.done(done?.ms ?? 0), announce && loud);
        break;
      case "error": {
        const error = done?.error;
        this.setState("error");
        const interrupted = error?.name === "KeyboardInterrupt";
        const stopped = this.inputCancelled ? T.inputCancelled : T.stopped;
        this.setStatus(interrupted ? stopped : T.failed, loud);
        if (interrupted) {
          this.output.showNotice(stopped, "warning");
        } else if (error) {
          this.output.showError(error.traceback, error.hint);
          if (error.explanation) {
            this.output.showExplanation(error.explanation, error.explanation.runAbove && this.host.hasCellsAbove(this)
              ? [{ label: T.runAbove, onClick: () => this.host.runAbove(this) }] : []);
          }
        }
        this.editor?.markErrorLine(error?.line ?? null);
        break;
      }
      case "cancelled":
        this.setState(previous === "queued" || previous === "running" ? "idle" : previous);
        this.setStatus("");
        break;
      case "restarted": {
        this.setState("error");
        const text = outcome.reason === "stop" ? T.restarted
          : T.crashed((outcome.reason ?? "").replace(/^crash: /, ""));
        this.setStatus(outcome.reason === "stop" ? T.stoppedByRestart : T.failed, loud);
        // Setup cells run again by themselves; other cells offer the cells above (and the setup).
        this.output.showNotice(text, "warning", this.kind === "setup" ? []
          : [{ label: T.rerunAbove, onClick: () => this.host.runAbove(this) }]);
        break;
      }
      case "unavailable":
        this.setState("error");
        this.setStatus(T.failed, loud);
        this.output.showNotice(T.unavailable(outcome.reason ?? ""), "warning", [
          { label: T.retry, onClick: () => {
            this.host.retryPython();
            this.ask();
          } },
        ]);
        break;
    }
    if (outcome.replaced) {
      this.output.showNotice(T.replaced, "warning", this.kind === "setup" ? []
        : [{ label: T.rerunAbove, onClick: () => this.host.runAbove(this) }]);
    }
    if (done && (done.droppedLines || done.droppedChars)) {
      this.output.showNotice(T.truncated(done.droppedLines, done.droppedChars), "info");
    }
    if (this.kind === "setup" && this.state === "error") {
      const details = this.root.querySelector("details");
      if (details) details.open = true;
    }
    this.exercise?.finished(outcome, mode);
    this.prediction?.finished(outcome, mode);
  }

  destroy(): void {
    this.flushSave();
    window.clearInterval(this.elapsedTimer);
    window.clearTimeout(this.paramTimer);
    this.editor?.destroy();
  }
}
