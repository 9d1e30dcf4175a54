// An exercise cell's panel: 채점 (check), hints one at a time, and the solution after an attempt.
// Progress (solved, attempts, hints shown) is kept in localStorage.
import { button } from "./button";
import { setFeedback } from "./feedback";
import type { Cell, RunMode } from "./cell";
import { renderMath } from "./math";
import { watchScrollable, watchScrollers } from "./scrollable";
import { politeRegion } from "./status-line";
import type { JobOutcome } from "./runner/session";
import { progress, type ExerciseProgress } from "./storage";
import { T } from "./strings";

export class Exercise {
  readonly el: HTMLElement;
  private feedback: HTMLElement;
  private hintList: HTMLOListElement;
  private solutionBox: HTMLElement;
  private checkButton: HTMLButtonElement;
  private hintButton: HTMLButtonElement;
  private solutionButton: HTMLButtonElement;
  private badge: HTMLElement;
  private state: ExerciseProgress;
  private hints: string[];

  constructor(private cell: Cell, private page: string) {
    this.hints = cell.data.hints ?? [];
    this.state = progress.load(page, cell.id);
    this.el = document.createElement("div");
    this.el.className = "nl-exercise";

    const bar = document.createElement("div");
    bar.className = "nl-exercise__bar";
    this.checkButton = button({ label: T.check, className: "nl-btn--primary nl-btn--check", onClick: () => cell.ask("check") });
    this.hintButton = button({ label: T.hint, className: "nl-btn--hint", onClick: () => this.revealHint() });
    this.solutionButton = button({ label: T.solution, className: "nl-btn--solution", onClick: () => this.showSolution() });
    this.badge = document.createElement("span");
    this.badge.className = "nl-exercise__badge";
    bar.append(this.checkButton, this.hintButton, this.solutionButton, this.badge);

    this.feedback = politeRegion("div", "nl-exercise__feedback");
    this.hintList = document.createElement("ol");
    this.hintList.className = "nl-exercise__hints";
    this.hintList.setAttribute("aria-label", T.hintsLabel);
    this.solutionBox = document.createElement("div");
    this.solutionBox.className = "nl-exercise__solution";
    this.solutionBox.hidden = true;
    this.el.append(bar, this.feedback, this.hintList, this.solutionBox);

    for (let i = 0; i < Math.min(this.state.hintsShown, this.hints.length); i++) this.appendHint(i);
    if (this.state.solved) this.setFeedback(T.passedBefore, "pass");
    this.refresh();
  }

  private refresh(): void {
    const shown = Math.min(this.state.hintsShown, this.hints.length);
    this.hintButton.hidden = this.hints.length === 0;
    this.hintButton.disabled = shown >= this.hints.length;
    this.hintButton.title = shown >= this.hints.length ? T.noMoreHints : T.hintN(shown + 1, this.hints.length);
    this.hintButton.dataset.hintsShown = String(shown);
    const attempted = this.state.attempts > 0 || this.state.solved;
    this.solutionButton.disabled = !attempted || !this.cell.data.solution;
    this.solutionButton.title = attempted ? "" : T.solutionAfterAttempt;
    this.badge.textContent = [this.state.solved ? T.solvedBadge : "", this.state.attempts ? T.attempts(this.state.attempts) : ""]
      .filter(Boolean).join(" · ");
    this.cell.root.dataset.exerciseSolved = String(this.state.solved);
  }

  private save(): void {
    if (!progress.save(this.page, this.cell.id, this.state)) this.cell.host.storageFailed(this.cell);
    this.refresh();
  }

  private setFeedback(text: string, kind: "pass" | "fail" | "pending" | "error", detail?: string): void {
    setFeedback(this.feedback, text, kind, detail);
  }

  /** A job of this cell started; `isCheck` when it is a 채점. */
  checking(isCheck: boolean): void {
    if (isCheck) this.setFeedback(T.checking, "pending");
  }

  finished(outcome: JobOutcome, mode: RunMode): void {
    if (mode !== "check") return;
    if (outcome.status === "cancelled") {
      this.feedback.replaceChildren();
      return;
    }
    this.state.attempts += 1;
    const check = outcome.done?.check;
    if (outcome.status === "ok" && check?.passed) {
      this.state.solved = true;
      this.setFeedback(T.passed, "pass");
    } else if (outcome.status === "ok" && check) {
      this.setFeedback(T.failedCheck, "fail", check.message);
    } else {
      this.setFeedback(T.codeError, "error");
    }
    this.save();
  }

  private appendHint(i: number): void {
    const item = document.createElement("li");
    item.className = "nl-exercise__hint";
    item.innerHTML = this.hints[i];   // Markdown rendered at build time by the hook (trusted)
    this.hintList.append(item);
    renderMath(item);
    for (const code of item.querySelectorAll<HTMLElement>("pre > code")) watchScrollable(code);
    watchScrollers(item);
  }

  revealHint(): void {
    const next = Math.min(this.state.hintsShown, this.hints.length);
    if (next >= this.hints.length) return;
    this.appendHint(next);
    this.state.hintsShown = next + 1;
    this.save();
    (this.hintList.lastElementChild as HTMLElement | null)?.setAttribute("tabindex", "-1");
    (this.hintList.lastElementChild as HTMLElement | null)?.focus();
  }

  showSolution(): void {
    if (!this.cell.data.solution) return;
    this.solutionBox.replaceChildren();
    const title = document.createElement("p");
    title.className = "nl-exercise__solution-title";
    title.textContent = T.solutionTitle;
    const pre = document.createElement("pre");
    const code = document.createElement("code");
    code.textContent = this.cell.data.solution;
    pre.append(code);
    const use = button({ label: T.useSolution, className: "nl-btn--use-solution", onClick: () => {
      this.cell.mountEditor();
      this.cell.setCode(this.cell.data.solution ?? "");
      this.cell.editor?.focus();
    } });
    this.solutionBox.append(title, pre, use);
    this.solutionBox.hidden = false;
    watchScrollable(code);      // a long line scrolls inside the block (Material's pre > code)
  }
}
