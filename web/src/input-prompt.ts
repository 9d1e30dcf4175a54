// input() in a cell: the prompt and a labelled text field at the end of the cell's output while
// Python waits (runner/session.ts: JobListener.input). Enter sends the answer, Esc cancels
// (input() raises KeyboardInterrupt); an Enter that ends a Korean (IME) composition does not
// send. Once answered, the field goes and the output shows the prompt and the answer on one line,
// as a terminal echoes what was typed; cancelled or stopped, the prompt alone.
import { INPUT_MAX_CHARS } from "./input-channel";
import type { OutputArea } from "./output";
import type { InputReply } from "./runner/session";
import { T } from "./strings";

export type InputEnd = "answered" | "cancelled" | "ended";

let counter = 0;

export class InputPrompt {
  readonly el: HTMLElement;
  readonly field: HTMLInputElement;
  private open = true;
  private composing = false;

  /**
   * `name`: the field's accessible name when the prompt is empty (a prompt is its label).
   * `closing(how)`: before the field goes (the cell moves the focus out of it and resets its status).
   */
  constructor(private output: OutputArea, private prompt: string, name: string, private reply: InputReply,
              private closing: (how: InputEnd) => void) {
    const id = `nl-input-${++counter}`;
    this.el = document.createElement("div");
    this.el.className = "nl-input";
    this.field = document.createElement("input");
    this.field.type = "text";
    this.field.id = id;
    this.field.className = "nl-input__field";
    this.field.autocomplete = "off";
    this.field.maxLength = INPUT_MAX_CHARS;
    this.field.setAttribute("enterkeyhint", "send");
    const hint = document.createElement("span");
    hint.className = "nl-input__hint";
    hint.id = `${id}-hint`;
    hint.textContent = T.inputHint;
    this.field.setAttribute("aria-describedby", hint.id);
    if (prompt.trim()) {
      const label = document.createElement("label");
      label.className = "nl-input__prompt";
      label.htmlFor = id;
      label.textContent = prompt;
      this.el.append(label);
    } else {
      this.field.setAttribute("aria-label", name);
    }
    this.el.append(this.field, hint);
    this.field.addEventListener("compositionstart", () => { this.composing = true; });
    this.field.addEventListener("compositionend", () => { this.composing = false; });
    this.field.addEventListener("keydown", (event) => this.key(event));
    output.appendElement(this.el);
    this.field.focus();
  }

  private key(event: KeyboardEvent): void {
    if (event.key === "Enter") {
      // The Enter that picks a Hangul syllable or commits the composition belongs to the IME
      // (isComposing; keyCode 229 where the browser reports it after compositionend).
      if (this.composing || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      const text = this.field.value;
      this.close("answered", text);
      this.reply.answer(text);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();            // the page's own Esc (search, the editor) stays out of it
      this.close("cancelled", null);
      this.reply.cancel();
    }
  }

  /** The run ended or was stopped: the field goes, the prompt stays in the output. */
  end(): void {
    this.close("ended", null);
  }

  private close(how: InputEnd, answer: string | null): void {
    if (!this.open) return;
    this.open = false;
    this.closing(how);
    this.el.remove();
    const line = answer === null ? this.prompt : this.prompt + answer;
    if (line) this.output.appendStream("stdout", line + "\n");
  }
}
