// The page's own toolbar: the actions that span every cell of a page (모두 실행, Python 다시
// 시작), once per page instead of once per cell. A labelled toolbar right under the page's title
// (Material's "skip to content" link lands on that title, so one Tab more reaches it), sticky
// under the header while the page scrolls; only on pages with runnable cells.
import { button } from "./button";
import { StatusLine } from "./status-line";
import { T } from "./strings";
import { arrowKeys } from "./toolbar-keys";

export interface PageBarHost {
  runAll(): void;
  restart(): void;
}

export class PageBar {
  readonly el: HTMLElement;
  private status: StatusLine;

  constructor(host: PageBarHost, article: HTMLElement) {
    this.el = document.createElement("div");
    this.el.className = "nl-page-bar";
    this.el.setAttribute("role", "toolbar");
    this.el.setAttribute("aria-label", T.pageBarLabel);
    this.status = new StatusLine("nl-page-bar__status");
    this.el.append(
      button({ label: T.runAll, className: "nl-btn--run-all", onClick: () => host.runAll(), title: T.runAllTitle }),
      button({ label: T.restart, className: "nl-btn--restart", onClick: () => host.restart(), title: T.restartTitle }),
      this.status.el,
    );
    arrowKeys(this.el);
    const title = article.querySelector(":scope > h1");
    if (title) title.after(this.el);
    else article.prepend(this.el);
  }

  /** A short result of the bar's own actions, read out once. */
  say(text: string): void {
    this.status.set(text, true);
  }

  destroy(): void {
    this.el.remove();
  }
}
