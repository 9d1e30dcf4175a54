// Boxes that scroll inside the page (wide display math, long or wide outputs) must be reachable
// from the keyboard, or a keyboard user cannot scroll them (WCAG 2.1.1; axe-core:
// scrollable-region-focusable). A box whose content overflows gets tabindex="0" (the arrow
// keys then scroll it); a box that fits stays out of the tab order. Checked when the box's size
// changes (resize, Material's breakpoints) and, for boxes whose content grows, when asked.

let sizes: ResizeObserver | null = null;
const watched = new Set<HTMLElement>();

/** Put the box in the tab order exactly while its content overflows it. */
export function markScrollable(box: HTMLElement): void {
  const style = getComputedStyle(box);
  const scrolls = (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1)
    || (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1);
  if (scrolls && box.tabIndex !== 0) box.tabIndex = 0;
  else if (!scrolls && box.hasAttribute("tabindex")) box.removeAttribute("tabindex");
}

/** Check the box now and whenever its size changes; boxes no longer in the page are dropped. */
export function watchScrollable(box: HTMLElement): void {
  if (typeof ResizeObserver !== "function") {
    markScrollable(box);
    return;
  }
  if (!sizes) {
    sizes = new ResizeObserver((entries) => {
      for (const entry of entries) markScrollable(entry.target as HTMLElement);
    });
    // A web font arriving (KaTeX's) widens the content, not the box: check them all again.
    document.fonts?.addEventListener("loadingdone", () => {
      for (const box of watched) if (box.isConnected) markScrollable(box);
    });
  }
  if (watched.size > 200) {
    for (const old of watched) {
      if (!old.isConnected) {
        sizes.unobserve(old);
        watched.delete(old);
      }
    }
  }
  watched.add(box);
  sizes.observe(box);     // reports the box once at once, then on every change of its size
}

/**
 * The page's own scrolling boxes the theme leaves out of the tab order: Material's wide tables
 * (.md-typeset__scrollwrap), and code blocks Material did not mount (the runtime's hints and
 * solutions). Material's mounted code blocks manage their tabindex themselves.
 */
export function watchScrollers(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>(".md-typeset__scrollwrap")) watchScrollable(box);
}
