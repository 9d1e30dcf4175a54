// A feedback region's content: a verdict in bold and, under it, an optional message kept as plain
// text (an exercise's check, exercise.ts; a prediction's comparison, prediction.ts).

/** Replace `region`'s content; `result` goes to its data-result (the colour, and what tests read). */
export function setFeedback(region: HTMLElement, text: string, result: string, detail?: string,
                            detailClass = "nl-exercise__message"): void {
  region.replaceChildren();
  region.dataset.result = result;
  const head = document.createElement("strong");
  head.textContent = text;
  region.append(head);
  if (detail) {
    const pre = document.createElement("pre");
    pre.className = detailClass;
    pre.textContent = detail;     // a message from Python is text, never HTML
    region.append(pre);
  }
}
