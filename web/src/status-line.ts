// A status line that a screen reader announces only when it matters.
//
// The text sits in one of two spans: `live` (role="status", a polite live region: a new text is
// read out) or `quiet` (plain text: visible, readable when the learner looks, never announced).
// One of them is empty at any time, so sighted learners see one line. Ticking counters
// ("실행 중… 3초"), queue states and progress messages go in quietly; results, failures and
// hints the learner must act on are announced.

/** A polite live region: its new text is read out once the screen reader is idle. */
export function politeRegion<K extends "span" | "div">(tag: K, className: string): HTMLElementTagNameMap[K] {
  const region = document.createElement(tag);
  region.className = className;
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  return region;
}

export class StatusLine {
  readonly el: HTMLElement;
  private live: HTMLElement;
  private quiet: HTMLElement;

  constructor(className: string, tag: "span" | "div" = "span") {
    this.el = document.createElement(tag);
    this.el.className = className;
    this.live = politeRegion("span", "nl-status-live");
    this.quiet = document.createElement("span");
    this.quiet.className = "nl-status-quiet";
    this.el.append(this.live, this.quiet);
  }

  /** Show `text`; read it out when `announce` (the same text again is not read twice). */
  set(text: string, announce: boolean): void {
    const [on, off] = announce ? [this.live, this.quiet] : [this.quiet, this.live];
    if (off.textContent) off.textContent = "";
    if (on.textContent !== text) on.textContent = text;
  }

  get text(): string {
    return this.live.textContent || this.quiet.textContent || "";
  }
}
