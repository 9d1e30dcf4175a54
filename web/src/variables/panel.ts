// The variables panel of one page: the NumPy arrays and numbers its cells made (name, shape,
// dtype, min/mean/max) in a real <table>; choosing one shows its values (variables/values.ts).
//
// It costs nothing while closed: it is built the first time a cell's 변수 보기 opens it, and it asks
// the worker (Runtime.inspect → py/nl_variables.py) only while open: when opened, after each run,
// after a restart, and when another variable or slice is chosen. One question at a time; runs that
// end meanwhile make it ask once more afterwards.
//
// A non-modal dialog: focus moves into it when it opens; Esc (anywhere in it) or 닫기 closes it
// and gives the focus back to the button that opened it. The arrow keys (and Home, End) move
// between the variables' names. At 375 px it is a sheet across the bottom of the screen.
import { button } from "../button";
import type { Inspection, VariableSummary } from "../protocol";
import type { Runtime } from "../runner/session";
import { watchScrollable } from "../scrollable";
import { StatusLine } from "../status-line";
import { VT } from "../strings";
import { renderValues, shapeText } from "./values";

export const PANEL_ID = "nl-vars";
/** Every cell's button that opens the panel (cell.ts). */
export const OPENER_CLASS = "nl-btn--variables";

export class VariablesPanel {
  readonly el: HTMLElement;
  private status: StatusLine;
  private list: HTMLElement;
  private detail: HTMLElement;
  private opener: HTMLElement | null = null;
  private selected: string | null = null;
  private index: number[] = [];
  private asking = false;
  private again = false;
  private stopWatching: (() => void) | null = null;

  constructor(private ns: string, private runtime: Runtime, private fallbackFocus: () => HTMLElement | null) {
    this.el = document.createElement("aside");
    this.el.id = PANEL_ID;
    this.el.className = "nl-vars";
    this.el.setAttribute("role", "dialog");
    this.el.setAttribute("aria-modal", "false");
    this.el.setAttribute("aria-labelledby", "nl-vars-title");
    this.el.tabIndex = -1;
    this.el.hidden = true;

    const head = document.createElement("div");
    head.className = "nl-vars__head";
    const title = document.createElement("h2");
    title.id = "nl-vars-title";
    title.textContent = VT.title;
    const close = button({ label: VT.close, className: "nl-btn--small nl-vars__close", onClick: () => this.close(),
                           icon: "✕" });
    close.setAttribute("aria-label", VT.closeName);
    head.append(title, close);

    this.status = new StatusLine("nl-vars__status", "div");
    const hint = document.createElement("p");
    hint.className = "nl-vars__hint";
    hint.textContent = VT.hint;
    this.list = document.createElement("div");
    this.list.className = "nl-vars__scroll nl-vars__list";
    this.detail = document.createElement("section");
    this.detail.className = "nl-vars__detail";
    this.detail.setAttribute("aria-labelledby", "nl-vars-detail-title");
    this.detail.hidden = true;
    this.el.append(head, this.status.el, hint, this.list, this.detail);
    watchScrollable(this.list);

    this.el.addEventListener("keydown", (event) => this.key(event));
    document.body.append(this.el);
    for (const b of document.querySelectorAll(`.${OPENER_CLASS}`)) b.setAttribute("aria-controls", PANEL_ID);
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  toggle(opener: HTMLElement): void {
    if (this.isOpen) this.close();
    else this.open(opener);
  }

  open(opener: HTMLElement): void {
    this.opener = opener;
    this.el.hidden = false;
    this.expanded(true);
    this.el.focus();
    // Python may still be loading: ask again once it is ready.
    let ready = this.runtime.state === "ready";
    this.stopWatching = this.runtime.onStatus((status) => {
      const now = status.state === "ready";
      if (now && !ready) this.changed();
      ready = now;
    });
    this.changed();
  }

  close(): void {
    if (!this.isOpen) return;
    this.el.hidden = true;
    this.expanded(false);
    this.stopWatching?.();
    this.stopWatching = null;
    const back = this.opener?.isConnected ? this.opener : this.fallbackFocus();
    back?.focus();
  }

  /** A run ended, or the page's variables were cleared: ask again, if open. */
  changed(): void {
    if (!this.isOpen) return;
    if (this.asking) {
      this.again = true;
      return;
    }
    void this.ask();
  }

  destroy(): void {
    this.stopWatching?.();
    this.el.remove();
  }

  private expanded(open: boolean): void {
    for (const b of document.querySelectorAll(`.${OPENER_CLASS}`)) {
      b.setAttribute("aria-expanded", String(open));
      b.setAttribute("aria-controls", PANEL_ID);
    }
  }

  private async ask(): Promise<void> {
    this.asking = true;
    this.again = false;
    if (!this.list.childElementCount) this.status.set(VT.loading, false);
    const result = await this.runtime.inspect(this.ns, this.selected ?? undefined,
      this.selected ? this.index : undefined);
    this.asking = false;
    if (!this.isOpen) return;
    if (this.again) {
      void this.ask();
      return;
    }
    this.show(result);
  }

  private show(result: Inspection | null): void {
    if (!result) {
      this.status.set(this.runtime.state === "ready" ? VT.failed : VT.notReady, true);
      return;
    }
    this.status.set(result.variables.length ? VT.count(result.variables.length, result.total) : VT.empty, false);
    this.renderList(result.variables);
    if (result.view) {
      this.detail.hidden = false;
      this.index = result.view.index ?? [];
      renderValues(this.detail, result.view, (index) => {
        this.index = index;
        this.changed();
      });
    } else {
      this.detail.hidden = true;
    }
  }

  private renderList(variables: VariableSummary[]): void {
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.variable;
    if (!variables.length) {
      this.list.replaceChildren();
      return;
    }
    const table = document.createElement("table");
    table.className = "nl-vars__table";
    const caption = document.createElement("caption");
    caption.textContent = VT.listCaption;
    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    for (const text of [VT.name, VT.shape, VT.dtype, VT.min, VT.mean, VT.max]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      headRow.append(th);
    }
    head.append(headRow);
    const body = document.createElement("tbody");
    for (const v of variables) {
      const tr = document.createElement("tr");
      const nameCell = document.createElement("th");
      nameCell.scope = "row";
      const pick = button({ label: v.name, className: "nl-vars__name", onClick: () => this.select(v.name),
                            title: VT.selectTitle(v.name) });
      pick.dataset.variable = v.name;
      pick.setAttribute("aria-pressed", String(v.name === this.selected));
      nameCell.append(pick);
      tr.append(nameCell);
      const stats = v.statsSkipped ? [VT.tooLarge, "", ""] : [v.min ?? "", v.mean ?? "", v.max ?? ""];
      if (v.nan && v.mean !== undefined) stats[1] += ` (${VT.nan(v.nan)})`;
      else if (v.nan) stats[1] = VT.nan(v.nan);
      for (const text of [shapeText(v.shape), v.dtype, ...stats]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      if (v.name === this.selected) tr.classList.add("nl-vars__selected");
      body.append(tr);
    }
    table.append(caption, head, body);
    this.list.replaceChildren(table);
    if (focused) this.list.querySelector<HTMLElement>(`[data-variable="${CSS.escape(focused)}"]`)?.focus();
  }

  private select(name: string): void {
    if (name !== this.selected) this.index = [];
    this.selected = name;
    for (const b of this.list.querySelectorAll<HTMLElement>(".nl-vars__name")) {
      const on = b.dataset.variable === name;
      b.setAttribute("aria-pressed", String(on));
      b.closest("tr")?.classList.toggle("nl-vars__selected", on);
    }
    this.changed();
  }

  private key(event: KeyboardEvent): void {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
      return;
    }
    const target = event.target as HTMLElement;
    if (!target.classList.contains("nl-vars__name")) return;
    if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) return;
    const names = [...this.list.querySelectorAll<HTMLElement>(".nl-vars__name")];
    const at = names.indexOf(target);
    const next = event.key === "Home" ? 0 : event.key === "End" ? names.length - 1
      : Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), names.length - 1);
    names[next]?.focus();
    event.preventDefault();
  }
}
