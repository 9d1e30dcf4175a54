// One variable's values in the variables panel: a real <table> (caption, row and column headers
// with their indices, ⋯ where the worker left values out), the heatmap of a 2-D numeric array,
// and, for 3-D and more, a labelled number field per leading axis that picks the 2-D slice shown.
import type { VariableView } from "../protocol";
import { watchScrollable } from "../scrollable";
import { VT } from "../strings";
import { heatmapFigure } from "./heatmap";

export function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Render `view` into `host`; `pick(index)` asks for another slice of a 3-D or larger array. */
export function renderValues(host: HTMLElement, view: VariableView, pick: (index: number[]) => void): void {
  const focusedAxis = (document.activeElement as HTMLElement | null)?.dataset?.axis;
  host.replaceChildren();
  const title = document.createElement("h3");
  title.className = "nl-vars__detail-title";
  title.id = "nl-vars-detail-title";
  title.textContent = VT.valuesTitle(view.name);
  host.append(title);
  if (view.missing || !view.shape || !view.cells) {
    host.append(paragraph(VT.gone(view.name)));
    return;
  }
  const shape = view.shape;
  host.append(paragraph(VT.meta(shapeText(shape), view.dtype ?? ""), "nl-vars__meta"));

  const index = view.index ?? [];
  let what = view.name;
  if (index.length) {
    what = `${view.name}[${index.join(", ")}]`;
    host.append(paragraph(VT.sliceNote(view.name, index.join(", ")), "nl-vars__note"));
    host.append(sliceFields(shape, index, pick));
  }
  const rows = view.rows ?? [];
  const cols = view.cols ?? [];
  const plane = shape.slice(-2);
  const [rowCount, colCount] = shape.length === 1 ? [shape[0], 1] : [plane[0], plane[1]];
  if (shape.length && (rows.length < rowCount || (cols.length > 0 && cols.length < colCount))) {
    host.append(paragraph(VT.elided(rowCount, rows.length, colCount, cols.length || colCount), "nl-vars__note"));
  }
  if (view.heatmap) {
    const ink = getComputedStyle(host).color;
    host.append(heatmapFigure(view.heatmap, what, [rowCount, colCount], Math.max(160, host.clientWidth - 8), ink));
  }
  const box = document.createElement("div");
  box.className = "nl-vars__scroll";
  box.append(valueTable(view, what));
  host.append(box);
  watchScrollable(box);
  if (focusedAxis !== undefined) host.querySelector<HTMLElement>(`[data-axis="${focusedAxis}"]`)?.focus();
}

function paragraph(text: string, className = ""): HTMLElement {
  const p = document.createElement("p");
  if (className) p.className = className;
  p.textContent = text;
  return p;
}

function sliceFields(shape: number[], index: number[], pick: (index: number[]) => void): HTMLElement {
  const fields = document.createElement("div");
  fields.className = "nl-vars__slice";
  index.forEach((at, axis) => {
    const id = `nl-vars-axis-${axis}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = VT.axisLabel(axis, shape[axis]);
    const input = document.createElement("input");
    input.type = "number";
    input.id = id;
    input.dataset.axis = String(axis);
    input.min = "0";
    input.max = String(shape[axis] - 1);
    input.step = "1";
    input.value = String(at);
    // Each step of the arrow keys or the spinner, and each typed number, shows that slice.
    input.addEventListener("input", () => {
      const value = Math.round(Number(input.value));
      if (input.value.trim() === "" || !Number.isFinite(value)) return;
      const next = [...index];
      next[axis] = Math.min(Math.max(value, 0), shape[axis] - 1);
      pick(next);
    });
    fields.append(label, input);
  });
  return fields;
}

function th(text: string, scope: "row" | "col"): HTMLTableCellElement {
  const cell = document.createElement("th");
  cell.scope = scope;
  cell.textContent = text;
  return cell;
}

function td(text: string, className = ""): HTMLTableCellElement {
  const cell = document.createElement("td");
  cell.textContent = text;
  if (className) cell.className = className;
  return cell;
}

/** Where the shown indices jump (values left out), a ⋯ goes between them. */
function withGaps<T>(indices: number[], item: (position: number) => T, gap: () => T): T[] {
  const out: T[] = [];
  indices.forEach((value, position) => {
    if (position > 0 && value !== indices[position - 1] + 1) out.push(gap());
    out.push(item(position));
  });
  return out;
}

function valueTable(view: VariableView, what: string): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "nl-vars__values";
  const caption = document.createElement("caption");
  caption.textContent = VT.tableCaption(what, shapeText(view.shape!));
  table.append(caption);
  const rows = view.rows ?? [];
  const cols = view.cols ?? [];
  const cells = view.cells!;
  const head = document.createElement("thead");
  const headRow = document.createElement("tr");
  const body = document.createElement("tbody");
  if (!rows.length) {
    // A scalar (0-D): one value.
    headRow.append(th(VT.valueHeader, "col"));
    const tr = document.createElement("tr");
    tr.append(td(cells[0]?.[0] ?? ""));
    body.append(tr);
  } else if (!cols.length) {
    // A vector: one row per index.
    headRow.append(th(VT.indexHeader, "col"), th(VT.valueHeader, "col"));
    body.append(...withGaps(rows, (i) => {
      const tr = document.createElement("tr");
      tr.append(th(String(rows[i]), "row"), td(cells[i][0]));
      return tr;
    }, () => gapRow(2)));
  } else {
    headRow.append(th(VT.rowHeader, "col"),
      ...withGaps(cols, (j) => th(String(cols[j]), "col"), () => th(VT.gap, "col")));
    body.append(...withGaps(rows, (i) => {
      const tr = document.createElement("tr");
      tr.append(th(String(rows[i]), "row"),
        ...withGaps(cols, (j) => td(cells[i][j]), () => td(VT.gap, "nl-vars__gap")));
      return tr;
    }, () => gapRow(1 + cols.length + cols.filter((c, j) => j > 0 && c !== cols[j - 1] + 1).length)));
  }
  head.append(headRow);
  table.append(head, body);
  return table;
}

function gapRow(span: number): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.className = "nl-vars__gap";
  const cell = th(VT.gap, "row");
  tr.append(cell);
  if (span > 1) {
    const rest = td(VT.gap, "nl-vars__gap");
    rest.colSpan = span - 1;
    tr.append(rest);
  }
  return tr;
}
