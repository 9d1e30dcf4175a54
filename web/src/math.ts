// Math: KaTeX (vendored, loaded by its own script tag before this one) over the output of
// pymdownx.arithmatex in generic mode: <span class="arithmatex">\(…\)</span> inline and
// <div class="arithmatex">\[…\]</div> for display math.

interface Katex {
  render(tex: string, element: HTMLElement, options: Record<string, unknown>): void;
}

const DELIMITERS: [string, string, boolean][] = [
  ["\\(", "\\)", false],
  ["\\[", "\\]", true],
  ["$$", "$$", true],
  ["$", "$", false],
];

/**
 * Display math wider than its column scrolls sideways inside its block (runtime.css). Such a
 * block is put in the tab order, so it can be scrolled with the arrow keys too (WCAG 2.1.1;
 * axe-core: scrollable-region-focusable); blocks that fit stay out of it. Checked again when
 * a block's width changes (resize, Material's breakpoints).
 */
let sizes: ResizeObserver | null = null;
const watched = new Set<HTMLElement>();

function markScrollable(block: HTMLElement): void {
  const scrolls = block.scrollWidth > block.clientWidth + 1;
  if (scrolls && block.tabIndex !== 0) {
    block.tabIndex = 0;
  } else if (!scrolls && block.hasAttribute("tabindex")) {
    block.removeAttribute("tabindex");
  }
}

function watchWidth(block: HTMLElement): void {
  if (typeof ResizeObserver !== "function") {
    markScrollable(block);
    return;
  }
  sizes ??= new ResizeObserver((entries) => {
    for (const entry of entries) markScrollable(entry.target as HTMLElement);
  });
  watched.add(block);
  sizes.observe(block);     // reports the block's size once at once, then on every change
}

export function renderMath(root: ParentNode): number {
  const katex = (globalThis as { katex?: Katex }).katex;
  if (!katex) return 0;
  // Blocks of pages left behind by instant navigation are no longer watched.
  for (const old of watched) {
    if (!old.isConnected) {
      sizes?.unobserve(old);
      watched.delete(old);
    }
  }
  let count = 0;
  for (const el of root.querySelectorAll<HTMLElement>(".arithmatex")) {
    if (el.dataset.nlMath === "done") continue;
    let tex = (el.textContent ?? "").trim();
    let display = el.tagName === "DIV";
    for (const [open, close, isDisplay] of DELIMITERS) {
      if (tex.startsWith(open) && tex.endsWith(close) && tex.length >= open.length + close.length) {
        tex = tex.slice(open.length, tex.length - close.length);
        display = isDisplay;
        break;
      }
    }
    katex.render(tex, el, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    el.dataset.nlMath = "done";
    if (el.tagName === "DIV") watchWidth(el);
    count += 1;
  }
  return count;
}
