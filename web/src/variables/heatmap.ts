// A heatmap of a 2-D numeric array on a <canvas>, drawn in the page (no matplotlib round trip):
// one cell per value the worker sent (py/nl_variables.py: heatmap, every k-th row and column of a
// large array), row indices on the left, column indices on top, and a colour scale beside it.
// The canvas is an image with a text alternative; the values themselves are in the table below it.
import type { VariableView } from "../protocol";
import { VT } from "../strings";

type Heat = NonNullable<VariableView["heatmap"]>;

/** Viridis (matplotlib's default colour map: perceptually even, readable without colour vision). */
const STOPS: [number, number, number][] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];
const NAN_COLOUR = "#9e9e9e";
const MAX_CELL = 28;
const FONT_PX = 11;

/** The colour of `t` in [0, 1] on the scale. */
export function colourAt(t: number): string {
  const x = Math.min(Math.max(t, 0), 1) * (STOPS.length - 1);
  const i = Math.min(Math.floor(x), STOPS.length - 2);
  const f = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  const mix = (k: number) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

function numberLabel(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/**
 * The figure: a canvas sized to `width` CSS pixels, the colour scale, and a note when the array
 * was sampled. `what` names the array (or its slice) for the text alternative; `ink` is the
 * colour of the indices (the panel's text colour, so both palettes read).
 */
export function heatmapFigure(heat: Heat, what: string, shape: [number, number], width: number, ink: string): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "nl-vars__heatmap";
  const canvas = document.createElement("canvas");
  const [min, max] = [numberLabel(heat.min), numberLabel(heat.max)];
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", VT.heatmapLabel(what, shape[0], shape[1], min, max));
  figure.append(canvas);
  draw(canvas, heat, width, ink);

  const legend = document.createElement("div");
  legend.className = "nl-vars__legend";
  const ramp = document.createElement("span");
  ramp.className = "nl-vars__ramp";
  ramp.setAttribute("role", "img");
  ramp.setAttribute("aria-label", VT.scaleLabel(min, max));
  ramp.style.background = `linear-gradient(to right, ${STOPS.map((_, i) => colourAt(i / (STOPS.length - 1))).join(", ")})`;
  const low = document.createElement("span");
  low.textContent = min;
  low.setAttribute("aria-hidden", "true");
  const high = document.createElement("span");
  high.textContent = max;
  high.setAttribute("aria-hidden", "true");
  legend.append(low, ramp, high);
  figure.append(legend);

  const notes: string[] = [];
  if (heat.rowStep > 1 || heat.colStep > 1) notes.push(VT.heatmapSampled(heat.rowStep, heat.colStep));
  if (heat.values.some((row) => row.some((v) => v === null))) notes.push(VT.nanColour);
  if (notes.length) {
    const caption = document.createElement("figcaption");
    caption.textContent = notes.join(" ");
    figure.append(caption);
  }
  return figure;
}

function draw(canvas: HTMLCanvasElement, heat: Heat, width: number, ink: string): void {
  const rows = heat.values.length;
  const cols = heat.values[0]?.length ?? 0;
  const probe = canvas.getContext("2d");
  if (!probe || !rows || !cols) return;
  probe.font = `${FONT_PX}px sans-serif`;
  const label = (i: number, step: number) => String(i * step);
  const left = Math.ceil(probe.measureText(label(rows - 1, heat.rowStep)).width) + 6;
  const top = FONT_PX + 6;
  const cell = Math.max(1, Math.min(MAX_CELL, Math.floor((width - left) / cols)));
  const cssWidth = left + cell * cols;
  const cssHeight = top + cell * rows;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(ratio, ratio);
  const span = heat.max - heat.min;
  heat.values.forEach((row, r) => row.forEach((value, c) => {
    ctx.fillStyle = value === null ? NAN_COLOUR : colourAt(span > 0 ? (value - heat.min) / span : 0.5);
    ctx.fillRect(left + c * cell, top + r * cell, cell, cell);
  }));

  // Indices: as many as fit without overlapping, always the first.
  ctx.font = `${FONT_PX}px sans-serif`;
  ctx.fillStyle = ink;
  ctx.textBaseline = "middle";
  ctx.textAlign = "right";
  const rowEvery = Math.ceil((FONT_PX + 2) / cell);
  for (let r = 0; r < rows; r += rowEvery) ctx.fillText(label(r, heat.rowStep), left - 4, top + r * cell + cell / 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  const widest = ctx.measureText(label(cols - 1, heat.colStep)).width + 6;
  const colEvery = Math.ceil(widest / cell);
  for (let c = 0; c < cols; c += colEvery) ctx.fillText(label(c, heat.colStep), left + c * cell + cell / 2, top - 4);
}
