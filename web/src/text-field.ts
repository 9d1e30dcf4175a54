// Text fields: a parameter line `review = "배우들 연기는 좋았는데"  # 입력: 내 리뷰` (the label after
// `입력:` is optional; without it the field is labelled with the name) gets a labelled text field
// above the editor. Enter (not while an IME is composing, so Korean input is safe) or 넣고 실행
// writes the field's text into the string literal, escaped so the code stays valid Python, and
// re-runs the cell; Esc puts back the code's value. params.ts finds the line and keeps the bar in step.

import { button } from "./button";
import { type ParamKind, type ParamSpec, paramRow } from "./params";
import { T } from "./strings";

/** A one-line Python string literal without prefix, in either quote. */
const STRING = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`;

export interface TextSpec extends ParamSpec {
  value: string;
  quote: string;
  label: string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", "\"": "\"", a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/**
 * The value of a one-line Python string literal (quotes included), as Python reads it; null when
 * Python would refuse it or it uses `\N{...}` (no field for those lines).
 */
export function decodePythonString(literal: string): string | null {
  const quote = literal[0];
  if (literal.length < 2 || (quote !== "\"" && quote !== "'") || literal[literal.length - 1] !== quote) return null;
  const body = literal.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === quote || c === "\n" || c === "\r") return null;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return null;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCodePoint(parseInt(digits, 8));
      i += digits.length - 1;
    } else if (e === "x" || e === "u" || e === "U") {
      const width = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return null;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return null;
      out += String.fromCodePoint(code);
      i += width;
    } else if (e === "N") {
      return null;
    } else {
      out += "\\" + e;           // Python keeps an unknown escape as it is
    }
  }
  return out;
}

/** Characters written as escapes: controls, line and paragraph separators, bidi controls, BOM. */
const ESCAPED = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** `value` as a one-line Python string literal in `quote` that Python reads back as `value`. */
export function encodePythonString(value: string, quote: "\"" | "'"): string {
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code <= 0xff && ESCAPED.test(ch)) out += "\\x" + code.toString(16).padStart(2, "0");
    else if (ESCAPED.test(ch) || (code >= 0xd800 && code <= 0xdfff)) out += "\\u" + code.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + quote;
}

export const textField: ParamKind<TextSpec> = {
  literal: STRING,
  marker: String.raw`입력(?:\s*:\s*(.*?))?`,
  delayMs: 0,

  parse(line, [label]) {
    const value = decodePythonString(line.literal);
    if (value === null) return null;
    return { ...line, value, quote: line.literal[0], label: label?.trim() || line.name };
  },

  shape: (spec) => `${spec.quote}${spec.label}`,

  build(spec, id, change) {
    const quote = spec.quote as "\"" | "'";
    let shown = spec.value;
    const input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.value = spec.value;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.enterKeyHint = "go";
    input.dataset.textName = spec.name;
    const apply = () => change(encodePythonString(input.value, quote));
    input.addEventListener("keydown", (event) => {
      // Enter that ends an IME composition (Korean) only commits the syllable; keyCode 229 is
      // how some browsers mark the keydown around the composition's end.
      if (event.isComposing || event.keyCode === 229) return;
      if (event.key === "Enter") {
        event.preventDefault();
        apply();
      } else if (event.key === "Escape" && input.value !== shown) {
        event.preventDefault();
        input.value = shown;
      }
    });
    const go = button({ label: T.applyText, className: "nl-btn--apply", onClick: apply, title: T.applyTextTitle });
    return {
      row: paramRow("nl-param--text", id, spec.label, input, go),
      show(current) {
        // What the learner is typing (not yet applied) is kept while the field has the focus.
        if (input.value === shown || document.activeElement !== input) input.value = current.value;
        shown = current.value;
      },
    };
  },
};
