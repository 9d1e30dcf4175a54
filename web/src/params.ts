// Parameter lines: a top-level assignment whose literal a comment marks as a control, shown above
// the editor: `temperature = 1.0  # slider: 0.1, 3.0, 0.1` (slider.ts) or
// `review = "배우들 연기는 좋았는데"  # 입력: 내 리뷰` (text-field.ts). A control rewrites that literal in
// the code (the line stays plain Python, so the cell also runs natively) and asks the cell to
// re-run. This file finds the lines and keeps one bar of controls in step with the editor's text;
// each kind says what its literal and its comment look like and builds its own control.

/** A Python identifier (the names Python accepts, Korean ones too). */
const NAME = String.raw`[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*`;

/** One parameter line as found in the code. */
export interface ParamSpec {
  name: string;
  /** The literal as written, and its offsets within the document. */
  literal: string;
  from: number;
  to: number;
}

/** A control above the editor; `show` follows the code's current value. */
export interface ParamControl<S extends ParamSpec> {
  readonly row: HTMLElement;
  show(spec: S): void;
}

/** A change from a control: write `text` in place of the literal, re-run after `delayMs`. */
export type ParamChange = (spec: ParamSpec, text: string, delayMs: number) => void;

export interface ParamKind<S extends ParamSpec> {
  /** Pattern of the literal (no capturing groups). */
  readonly literal: string;
  /** Pattern of the comment after `#`; its groups go to `parse`. */
  readonly marker: string;
  /** The spec of a matching line, or null when its values make no control. */
  parse(line: ParamSpec, groups: (string | undefined)[]): S | null;
  /** What, besides the name, makes a new control necessary when it changes (not the value). */
  shape(spec: S): string;
  /** How long a change waits before the cell re-runs (a slider's drag sends many). */
  readonly delayMs: number;
  /** The control; `change(text)` writes the literal's new text. */
  build(spec: S, id: string, change: (text: string) => void): ParamControl<S>;
}

interface Found {
  kind: ParamKind<ParamSpec>;
  spec: ParamSpec;
}

const patterns = new WeakMap<ParamKind<ParamSpec>, RegExp>();

function lineRegex(kind: ParamKind<ParamSpec>): RegExp {
  let re = patterns.get(kind);
  if (!re) {
    re = new RegExp(String.raw`^(${NAME})(\s*=\s*)(${kind.literal})\s*#\s*${kind.marker}\s*$`, "u");
    patterns.set(kind, re);
  }
  return re;
}

/** Every parameter line of `doc` of one of `kinds`, in order. */
export function findParams(doc: string, kinds: readonly ParamKind<ParamSpec>[]): Found[] {
  const found: Found[] = [];
  let offset = 0;
  for (const line of doc.split("\n")) {
    for (const kind of kinds) {
      const m = lineRegex(kind).exec(line);
      if (!m) continue;
      const [, name, eq, literal, ...groups] = m;
      const from = offset + name.length + eq.length;
      const spec = kind.parse({ name, literal, from, to: from + literal.length }, groups);
      if (spec) found.push({ kind, spec });
      break;
    }
    offset += line.length + 1;
  }
  return found;
}

const signature = (found: Found[]) =>
  found.map(({ kind, spec }) => `${kind.marker}\u0000${spec.name}\u0000${kind.shape(spec)}`).join("\u0001");

/** The parameter controls of one cell. `sync` follows the editor's text. */
export class ParamBar {
  readonly el: HTMLElement;
  private found: Found[] = [];
  private controls: ParamControl<ParamSpec>[] = [];
  private static counter = 0;

  constructor(private kinds: readonly ParamKind<ParamSpec>[], private onChange: ParamChange) {
    this.el = document.createElement("div");
    this.el.className = "nl-params";
    this.el.hidden = true;
  }

  sync(doc: string): void {
    const found = findParams(doc, this.kinds);
    const rebuild = signature(found) !== signature(this.found);
    this.found = found;
    if (rebuild) this.build();
    found.forEach(({ spec }, i) => this.controls[i].show(spec));
  }

  private build(): void {
    this.el.replaceChildren();
    this.controls = this.found.map(({ kind, spec }, i) => {
      const control = kind.build(spec, `nl-param-${++ParamBar.counter}`,
        (text) => this.onChange(this.found[i].spec, text, kind.delayMs));
      this.el.append(control.row);
      return control;
    });
    this.el.hidden = this.controls.length === 0;
  }
}

/** A row: a real <label> for the control, then the control and what follows it. */
export function paramRow(className: string, id: string, labelText: string, ...controls: HTMLElement[]): HTMLElement {
  const row = document.createElement("div");
  row.className = `nl-param ${className}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = labelText;
  row.append(label, ...controls);
  return row;
}
