// Sliders: a parameter line `name = 0.9  # slider: 0.1, 2.0, 0.1` (min, max, optional step) gets
// a labelled range input above the editor (params.ts finds the line and keeps the bar in step).

import { SLIDER_DEBOUNCE_MS } from "./config";
import { type ParamKind, type ParamSpec, paramRow } from "./params";

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;

export interface SliderSpec extends ParamSpec {
  value: number;
  min: number;
  max: number;
  step: number;
  decimals: number;
}

function decimalsOf(text: string): number {
  const m = /\.(\d+)/.exec(text.replace(/[eE].*$/, ""));
  return m ? m[1].length : 0;
}

export function formatValue(spec: SliderSpec, value: number): string {
  return spec.decimals === 0 ? String(Math.round(value)) : value.toFixed(spec.decimals);
}

export const slider: ParamKind<SliderSpec> = {
  literal: NUMBER,
  marker: String.raw`slider:\s*(${NUMBER})\s*,\s*(${NUMBER})\s*(?:,\s*(${NUMBER}))?`,
  delayMs: SLIDER_DEBOUNCE_MS,

  parse(line, [minText, maxText, stepText]) {
    const min = Number(minText);
    const max = Number(maxText);
    const step = stepText ? Number(stepText) : (max - min) / 100;
    if (!(max > min && step > 0)) return null;
    return {
      ...line, value: Number(line.literal), min, max, step,
      decimals: Math.max(decimalsOf(stepText ?? ""), decimalsOf(minText ?? ""), stepText ? 0 : 2),
    };
  },

  shape: (spec) => `${spec.min}:${spec.max}:${spec.step}:${spec.decimals}`,

  build(spec, id, change) {
    const input = document.createElement("input");
    input.type = "range";
    input.id = id;
    input.min = String(spec.min);
    input.max = String(spec.max);
    input.step = String(spec.step);
    input.value = String(spec.value);
    input.dataset.sliderName = spec.name;
    const output = document.createElement("output");
    output.htmlFor.add(id);
    output.textContent = formatValue(spec, spec.value);
    input.addEventListener("input", () => {
      const text = formatValue(spec, Number(input.value));
      output.textContent = text;
      change(text);
    });
    return {
      row: paramRow("nl-param--slider", id, spec.name, input, output),
      show(current) {
        // Do not fight the learner's drag: only set the value when it differs.
        if (Number(input.value) !== current.value) input.value = String(current.value);
        output.textContent = formatValue(current, current.value);
      },
    };
  },
};
