// Math: KaTeX (vendored, loaded by its own script tag before this one) over the output of
// pymdownx.arithmatex in generic mode: <span class="arithmatex">\(…\)</span> inline and
// <div class="arithmatex">\[…\]</div> for display math. Display math wider than its column
// scrolls sideways inside its block (runtime.css); such a block is put in the tab order.
import { watchScrollable } from "./scrollable";

interface Katex {
  render(tex: string, element: HTMLElement, options: Record<string, unknown>): void;
}

const DELIMITERS: [string, string, boolean][] = [
  ["\\(", "\\)", false],
  ["\\[", "\\]", true],
  ["$$", "$$", true],
  ["$", "$", false],
];

export function renderMath(root: ParentNode): number {
  const katex = (globalThis as { katex?: Katex }).katex;
  if (!katex) return 0;
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
    if (el.tagName === "DIV") watchScrollable(el);
    count += 1;
  }
  return count;
}
