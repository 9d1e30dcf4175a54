// Material's "콘텐츠로 이동" link (a.md-skip, the page's first Tab stop) leaves the keyboard focus
// on itself: instant navigation takes the click, scrolls to the title and moves nothing, so the
// next Tab goes back to the header. Here the title takes the focus once the link is followed, so
// the next Tab reaches what follows it: the page bar (page-bar.ts), then the content.

export function focusSkipTarget(): void {
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>("a.md-skip");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(new URL(link.href).hash.slice(1)));
    if (!target) return;
    // After Material has handled the click (its scroll), so that nothing moves the focus back.
    window.setTimeout(() => {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }, 0);
  }, true);
}
