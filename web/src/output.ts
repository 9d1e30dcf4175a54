// A cell's output area. Everything from Python is inserted as text (textContent), never as HTML.
// Streamed text is buffered and written at most once per animation frame. Text keeps its lines
// (no wrapping, so NumPy's columns stay aligned); a long or wide block scrolls inside itself and
// is then in the tab order, so the keyboard can scroll it too.
import { button } from "./button";
import { OUTPUT_LIMITS } from "./config";
import type { ErrorExplanation } from "./protocol";
import { markScrollable, watchScrollable } from "./scrollable";
import { T } from "./strings";

export interface NoticeAction {
  label: string;
  onClick: () => void;
}

export class OutputArea {
  readonly el: HTMLElement;
  private pending: { name: string; text: string }[] = [];
  private frame = 0;
  private shownChars = 0;
  private figures = new Map<number, HTMLImageElement>();
  private urls: string[] = [];

  constructor(parent: HTMLElement, label: string) {
    this.el = document.createElement("div");
    this.el.className = "nl-output";
    this.el.setAttribute("role", "region");
    this.el.setAttribute("aria-label", label);
    this.el.hidden = true;
    parent.append(this.el);
  }

  clear(): void {
    this.flush();
    this.el.replaceChildren();
    this.el.hidden = true;
    this.shownChars = 0;
    this.figures.clear();
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }

  appendStream(name: "stdout" | "stderr", text: string): void {
    const last = this.pending[this.pending.length - 1];
    if (last && last.name === name) last.text += text;
    else this.pending.push({ name, text });
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Write buffered stream text now (also called before anything else is appended). */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const pending = this.pending;
    this.pending = [];
    const grown = new Set<HTMLElement>();
    for (const { name, text } of pending) {
      // The worker sends no more than this per job; the page keeps to it as well.
      const room = OUTPUT_LIMITS.maxChars - this.shownChars;
      if (room <= 0) break;
      const shown = text.length > room ? text.slice(0, room) : text;
      this.shownChars += shown.length;
      let pre = this.el.lastElementChild as HTMLElement | null;
      if (!pre || !pre.classList.contains(`nl-output__${name}`)) {
        pre = document.createElement("pre");
        pre.className = `nl-output__stream nl-output__${name}`;
        this.el.append(pre);
        watchScrollable(pre);
      }
      grown.add(pre);
      if (shown.includes("\r") || pre.dataset.carriage) {
        // Progress lines (print(..., end="\r")) overwrite themselves, as in a terminal.
        pre.textContent = applyCarriageReturns((pre.textContent ?? "") + shown);
        pre.dataset.carriage = "1";
      } else {
        pre.append(document.createTextNode(shown));
      }
    }
    if (pending.length) this.el.hidden = false;
    // More text may overflow a box whose size stays the same (at its maximum height).
    for (const pre of grown) markScrollable(pre);
  }

  /** A matplotlib figure; a later figure with the same number replaces the earlier image. */
  showFigure(num: number, png: Uint8Array, width: number, height: number): void {
    this.flush();
    const url = URL.createObjectURL(new Blob([png as BlobPart], { type: "image/png" }));
    this.urls.push(url);
    let img = this.figures.get(num);
    if (img) {
      const old = img.src;
      img.src = url;
      URL.revokeObjectURL(old);
      this.urls = this.urls.filter((u) => u !== old);
    } else {
      const figure = document.createElement("figure");
      figure.className = "nl-output__figure";
      img = document.createElement("img");
      img.alt = T.figureAlt(num);
      img.dataset.figureNum = String(num);
      img.src = url;
      figure.append(img);
      this.el.append(figure);
      this.figures.set(num, img);
    }
    img.width = width;
    img.height = height;
    this.el.hidden = false;
  }

  showResult(repr: string): void {
    this.flush();
    const pre = document.createElement("pre");
    pre.className = "nl-output__result";
    pre.textContent = repr;
    this.el.append(pre);
    this.el.hidden = false;
    watchScrollable(pre);
  }

  showError(traceback: string, hint?: string): void {
    this.flush();
    const pre = document.createElement("pre");
    pre.className = "nl-output__error";
    pre.textContent = traceback.replace(/\n+$/, "");
    this.el.append(pre);
    watchScrollable(pre);
    if (hint) this.showNotice(hint, "info");
    this.el.hidden = false;
  }

  /**
   * Under the traceback: what the error means in the learner's own arrays (py/nl_explain.py).
   * Plain text in the output region (a screen reader reads it with the rest), code kept as
   * written, and the actions it offers (위 셀 모두 실행) as buttons.
   */
  showExplanation(explanation: ErrorExplanation, actions: NoticeAction[] = []): HTMLElement {
    this.flush();
    const box = document.createElement("div");
    box.className = "nl-explain";
    const title = document.createElement("p");
    title.className = "nl-explain__title";
    title.textContent = T.explainTitle;
    box.append(title);
    for (const part of explanation.parts) {
      const el = document.createElement(part.code ? "pre" : "p");
      el.className = "nl-explain__part";
      el.textContent = part.text;
      box.append(el);
      if (part.code) watchScrollable(el);
    }
    for (const action of actions) {
      box.append(button({ label: action.label, className: "nl-btn--small nl-explain__action", onClick: action.onClick }));
    }
    this.el.append(box);
    this.el.hidden = false;
    return box;
  }

  /** A control of the running job at the end of the output (input()'s field: input-prompt.ts). */
  appendElement(el: HTMLElement): void {
    this.flush();
    this.el.append(el);
    this.el.hidden = false;
  }

  showNotice(text: string, kind: "info" | "warning" = "info", actions: NoticeAction[] = []): HTMLElement {
    this.flush();
    const note = noticeElement(text, kind, actions);
    this.el.append(note);
    this.el.hidden = false;
    return note;
  }
}

/** "\r" returns to the start of the line: keep, per line, the last text written after it. */
export function applyCarriageReturns(text: string): string {
  return text.replace(/\r\n/g, "\n").split("\n").map((line) => {
    if (!line.includes("\r")) return line;
    const parts = line.split("\r").filter((part) => part !== "");
    return parts.length ? parts[parts.length - 1] : "";
  }).join("\n");
}

export function noticeElement(text: string, kind: "info" | "warning" | "success", actions: NoticeAction[] = []): HTMLElement {
  const note = document.createElement("div");
  note.className = `nl-notice nl-notice--${kind}`;
  const span = document.createElement("span");
  span.textContent = text;
  note.append(span);
  for (const action of actions) {
    note.append(button({ label: action.label, className: "nl-btn--small", onClick: action.onClick }));
  }
  return note;
}
