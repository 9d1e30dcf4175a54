// The runtime indicator (#nl-runtime-status): what is loading, ready, or a failure with a retry.
// It lives in <body>, outside the part Material's instant navigation replaces, so it persists.
import { button } from "../button";
import { StatusLine } from "../status-line";
import { T } from "../strings";
import type { Runtime, RuntimeStatus } from "./session";

export class StatusIndicator {
  readonly el: HTMLElement;
  private text: StatusLine;
  /** The last state read out (each boot's loading and ready are read once). */
  private announced = "";
  private wasSlow = false;
  private retry: HTMLButtonElement;
  private fadeTimer: number | undefined;

  constructor(private runtime: Runtime) {
    this.el = document.createElement("div");
    this.el.id = "nl-runtime-status";
    this.el.className = "nl-runtime-status";
    this.el.hidden = true;
    const spinner = document.createElement("span");
    spinner.className = "nl-spinner";
    spinner.setAttribute("aria-hidden", "true");
    // Read out: loading begins, ready, slow, failed; not each step of the boot.
    this.text = new StatusLine("nl-runtime-status__text");
    this.retry = button({ label: T.retry, className: "nl-btn--small", onClick: () => this.runtime.retry() });
    this.retry.hidden = true;
    this.el.append(spinner, this.text.el, this.retry);
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
    const news = (state: string) => {
      if (this.announced === state) return false;
      this.announced = state;
      return true;
    };
    const becameSlow = Boolean(status.slow) && !this.wasSlow;
    this.wasSlow = Boolean(status.slow);
    switch (status.state) {
      case "idle":
      case "loading":
        if (status.slow) {
          this.text.set(`${T.statusLoading}: ${status.message} ${T.statusSlow}`, becameSlow);
          this.retry.hidden = false;
        } else {
          this.text.set(`${T.statusLoading}: ${status.message}`, news("loading"));
        }
        break;
      case "ready":
        if (status.preloading) {
          this.text.set(`${T.statusPreloading}: ${status.message}`, false);
          break;
        }
        this.text.set(T.statusReady(status.bootMs ?? this.runtime.lastBootMs), news("ready"));
        this.fadeTimer = window.setTimeout(() => this.el.classList.add("nl-runtime-status--faded"), 2500);
        break;
      case "error":
        this.text.set(`${T.statusError} ${T.statusErrorHelp} (${status.message})`, news("error"));
        this.retry.hidden = false;
        break;
    }
  }
}
