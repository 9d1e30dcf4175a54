// The runtime indicator (#nl-runtime-status): what is loading, ready, or a failure with a retry.
// It lives in <body>, outside the part Material's instant navigation replaces, so it persists.
import { T } from "../strings";
import type { Runtime, RuntimeStatus } from "./session";

export class StatusIndicator {
  readonly el: HTMLElement;
  private text: HTMLElement;
  private retry: HTMLButtonElement;
  private fadeTimer: number | undefined;

  constructor(private runtime: Runtime) {
    this.el = document.createElement("div");
    this.el.id = "nl-runtime-status";
    this.el.className = "nl-runtime-status";
    this.el.setAttribute("role", "status");
    this.el.setAttribute("aria-live", "polite");
    this.el.hidden = true;
    const spinner = document.createElement("span");
    spinner.className = "nl-spinner";
    spinner.setAttribute("aria-hidden", "true");
    this.text = document.createElement("span");
    this.text.className = "nl-runtime-status__text";
    this.retry = document.createElement("button");
    this.retry.type = "button";
    this.retry.className = "nl-btn nl-btn--small";
    this.retry.textContent = T.retry;
    this.retry.hidden = true;
    this.retry.addEventListener("click", () => this.runtime.retry());
    this.el.append(spinner, this.text, this.retry);
    document.body.append(this.el);
    runtime.onStatus((status) => this.render(status));
  }

  /** Shown only on pages with cells. */
  setPageHasCells(hasCells: boolean): void {
    this.el.hidden = !hasCells || this.runtime.state === "idle";
    this.el.dataset.pageHasCells = String(hasCells);
  }

  private render(status: RuntimeStatus): void {
    window.clearTimeout(this.fadeTimer);
    this.el.dataset.runtimeState = status.state === "idle" ? "loading" : status.state;
    this.el.dataset.preloading = String(Boolean(status.preloading));
    this.el.classList.remove("nl-runtime-status--faded");
    if (this.el.dataset.pageHasCells === "true") this.el.hidden = false;
    this.retry.hidden = true;
    switch (status.state) {
      case "idle":
      case "loading":
        this.text.textContent = `${T.statusLoading}: ${status.message}`;
        if (status.slow) {
          this.text.textContent += ` ${T.statusSlow}`;
          this.retry.hidden = false;
        }
        break;
      case "ready":
        if (status.preloading) {
          this.text.textContent = `${T.statusPreloading}: ${status.message}`;
          break;
        }
        this.text.textContent = T.statusReady(status.bootMs ?? this.runtime.lastBootMs);
        this.fadeTimer = window.setTimeout(() => this.el.classList.add("nl-runtime-status--faded"), 2500);
        break;
      case "error":
        this.text.textContent = `${T.statusError} ${T.statusErrorHelp} (${status.message})`;
        this.retry.hidden = false;
        break;
    }
  }
}
