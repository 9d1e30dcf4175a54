// Slider parameters: a line `name = 0.9  # slider: 0.1, 2.0, 0.1` (min, max, optional step)
// gets a labelled range input above the editor. Moving it rewrites that literal in the code (so
// the line stays plain Python that also runs natively) and asks the cell to re-run.

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const SLIDER_RE = new RegExp(
  String.raw`^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(${NUMBER})(\s*#\s*slider:\s*)(${NUMBER})\s*,\s*(${NUMBER})\s*(?:,\s*(${NUMBER}))?\s*$`,
);

export interface SliderSpec {
  name: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** Offsets of the literal within the document. */
  from: number;
  to: number;
  decimals: number;
}

function decimalsOf(text: string): number {
  const m = /\.(\d+)/.exec(text.replace(/[eE].*$/, ""));
  return m ? m[1].length : 0;
}

export function findSliders(doc: string): SliderSpec[] {
  const specs: SliderSpec[] = [];
  let offset = 0;
  for (const line of doc.split("\n")) {
    const m = SLIDER_RE.exec(line);
    if (m) {
      const [, indent, name, eq, literal, , minText, maxText, stepText] = m;
      const min = Number(minText);
      const max = Number(maxText);
      const step = stepText ? Number(stepText) : (max - min) / 100;
      if (indent === "" && max > min && step > 0) {
        const from = offset + indent.length + name.length + eq.length;
        specs.push({
          name, value: Number(literal), min, max, step, from, to: from + literal.length,
          decimals: Math.max(decimalsOf(stepText ?? ""), decimalsOf(minText), stepText ? 0 : 2),
        });
      }
    }
    offset += line.length + 1;
  }
  return specs;
}

export function formatValue(spec: SliderSpec, value: number): string {
  return spec.decimals === 0 ? String(Math.round(value)) : value.toFixed(spec.decimals);
}

const signature = (specs: SliderSpec[]) => specs.map((s) => `${s.name}:${s.min}:${s.max}:${s.step}`).join("|");

/** The slider bar of one cell. `sync` follows the editor's text; `onInput` reports a move. */
export class SliderBar {
  readonly el: HTMLElement;
  private specs: SliderSpec[] = [];
  private inputs: HTMLInputElement[] = [];
  private outputs: HTMLOutputElement[] = [];
  private static counter = 0;

  constructor(private onInput: (spec: SliderSpec, text: string) => void) {
    this.el = document.createElement("div");
    this.el.className = "nl-sliders";
    this.el.hidden = true;
  }

  sync(doc: string): void {
    const specs = findSliders(doc);
    if (signature(specs) !== signature(this.specs)) this.build(specs);
    this.specs = specs;
    specs.forEach((spec, i) => {
      // Do not fight the learner's drag: only set the value when it differs.
      if (Number(this.inputs[i].value) !== spec.value) this.inputs[i].value = String(spec.value);
      this.outputs[i].textContent = formatValue(spec, spec.value);
    });
  }

  private build(specs: SliderSpec[]): void {
    this.el.replaceChildren();
    this.inputs = [];
    this.outputs = [];
    for (const spec of specs) {
      const id = `nl-slider-${++SliderBar.counter}`;
      const row = document.createElement("div");
      row.className = "nl-slider";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = spec.name;
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
        const current = this.specs.find((s) => s.name === spec.name);
        if (!current) return;
        const text = formatValue(current, Number(input.value));
        output.textContent = text;
        this.onInput(current, text);
      });
      row.append(label, input, output);
      this.el.append(row);
      this.inputs.push(input);
      this.outputs.push(output);
    }
    this.el.hidden = specs.length === 0;
  }
}
