// The diff of a learner's saved edit against a cell's new original (the stale-edit notice, cell.ts):
// line by line (jsdiff's diffLines), as text a screen reader reads in order. Each changed line
// carries a visible "+" or "−" and a visually hidden label saying whose line it is; colour only
// repeats what the signs say.
import { diffLines } from "diff";
import { watchScrollable } from "./scrollable";
import { T } from "./strings";

export type DiffSide = "mine" | "new" | "both";

export interface DiffLine {
  side: DiffSide;
  text: string;
}

/** The lines of `mine` against `theirs`, in order: unchanged, only in theirs, only in mine. */
export function diffOf(theirs: string, mine: string): DiffLine[] {
  const lines: DiffLine[] = [];
  // Every line ends with "\n", the last one too: a line is never "changed" for being the last.
  const ended = (text: string) => (text.endsWith("\n") ? text : text + "\n");
  for (const part of diffLines(ended(theirs), ended(mine))) {
    const side: DiffSide = part.added ? "mine" : part.removed ? "new" : "both";
    const texts = part.value.replace(/\n$/, "").split("\n");
    for (const text of texts) lines.push({ side, text });
  }
  return lines;
}

const SIGN: Record<DiffSide, string> = { mine: "+", new: "−", both: " " };
const LABEL: Record<DiffSide, string> = { mine: T.diffMine, new: T.diffNew, both: T.diffBoth };

/** The diff as a labelled, scrollable block: a legend, then one line per row. */
export function editDiff(theirs: string, mine: string): HTMLElement {
  const box = document.createElement("div");
  box.className = "nl-diff";
  const legend = document.createElement("p");
  legend.className = "nl-diff__legend";
  for (const [side, text] of [["mine", T.diffLegendMine], ["new", T.diffLegendNew]] as const) {
    const item = document.createElement("span");
    item.className = `nl-diff__key nl-diff__key--${side}`;
    item.textContent = text;
    legend.append(item);
  }
  const scroller = document.createElement("div");
  scroller.className = "nl-diff__scroll";
  scroller.setAttribute("role", "region");
  scroller.setAttribute("aria-label", T.diffLabel);
  const pre = document.createElement("pre");
  pre.className = "nl-diff__lines";
  for (const line of diffOf(theirs, mine)) {
    const row = document.createElement("span");
    row.className = `nl-diff__line nl-diff__line--${line.side}`;
    row.dataset.diffSide = line.side;
    const sign = document.createElement("span");
    sign.className = "nl-diff__sign";
    sign.setAttribute("aria-hidden", "true");
    sign.textContent = SIGN[line.side];
    const label = document.createElement("span");
    label.className = "nl-visually-hidden";
    label.textContent = LABEL[line.side];
    const code = document.createElement("span");
    code.className = "nl-diff__code";
    code.textContent = line.text;
    row.append(sign, label, code, "\n");
    pre.append(row);
  }
  scroller.append(pre);
  box.append(legend, scroller);
  watchScrollable(scroller);
  return box;
}
