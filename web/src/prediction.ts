// Predict, then run: a "predict" cell's form (the `#| predict` section, mkdocs_hooks/cell_format.py).
// Before the cell's first run the learner picks an option (radio buttons in a fieldset) or types a
// value; 예측하고 실행 runs the cell with a check that compares the prediction with the value the
// cell computes (nlplab.checking.check_prediction, array-aware), and the verdict is read out. The
// prediction and its verdict are kept under the cell's id (storage.ts: predictions), and shown
// again on the next visit. 건너뛰고 실행, or any other run, puts the form away (예측해 보기 brings it back).
import { button } from "./button";
import { setFeedback } from "./feedback";
import type { Cell, RunMode } from "./cell";
import { renderMath } from "./math";
import type { JobOutcome } from "./runner/session";
import { politeRegion } from "./status-line";
import { predictions, type SavedPrediction } from "./storage";
import { T } from "./strings";

/** The `predict` entry of a cell's data (mkdocs_hooks/cell_html.py). */
export interface PredictData {
  /** HTML (inline: it is the fieldset's legend). */
  question: string;
  /** A Python expression, evaluated in the page's namespace after the cell. */
  value: string;
  /** The right prediction, a Python literal. */
  answer: string;
  /** Python literals; none: the learner types the prediction. */
  choices: string[];
  /** HTML: why the answer is right. */
  why: string;
  tolerance: number | null;
}

let forms = 0;

export class Prediction {
  readonly el: HTMLElement;
  private form: HTMLFormElement;
  private input: HTMLInputElement | null = null;
  private verdict: HTMLElement;
  private reopen: HTMLButtonElement;
  /** The prediction of the run under way. */
  private pending: string | null = null;
  private readonly name: string;

  constructor(private cell: Cell, private page: string, private data: PredictData) {
    this.name = `nl-predict-${++forms}`;
    this.el = document.createElement("div");
    this.el.className = "nl-predict";
    this.form = document.createElement("form");
    this.form.className = "nl-predict__form";
    this.form.noValidate = true;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    const title = document.createElement("span");
    title.className = "nl-predict__title";
    title.textContent = T.predictTitle;
    const question = document.createElement("span");
    question.className = "nl-predict__question";
    question.innerHTML = data.question;      // Markdown rendered at build time by the hook (trusted)
    legend.append(title, " ", question);
    fieldset.append(legend);
    if (data.choices.length) {
      const list = document.createElement("div");
      list.className = "nl-predict__choices";
      for (const choice of data.choices) {
        const label = document.createElement("label");
        const radio = document.createElement("input");
        radio.type = "radio";
        radio.name = this.name;
        radio.value = choice;
        const code = document.createElement("code");
        code.textContent = choice;
        label.append(radio, " ", code);
        list.append(label);
      }
      fieldset.append(list);
    } else {
      const id = `${this.name}-input`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = T.predictInput;
      this.input = document.createElement("input");
      this.input.type = "text";
      this.input.id = id;
      this.input.className = "nl-predict__input";
      this.input.autocomplete = "off";
      this.input.spellcheck = false;
      this.input.setAttribute("autocapitalize", "off");
      const help = document.createElement("span");
      help.className = "nl-predict__help";
      help.id = `${id}-help`;
      help.textContent = T.predictInputHelp;
      this.input.setAttribute("aria-describedby", help.id);
      fieldset.append(label, this.input, help);
    }
    const actions = document.createElement("div");
    actions.className = "nl-predict__actions";
    const submit = button({ label: T.predictRun, className: "nl-btn--primary nl-btn--predict", onClick: () => {} });
    submit.type = "submit";
    actions.append(submit, button({ label: T.predictSkip, className: "nl-btn--predict-skip", onClick: () => this.skip() }));
    this.form.append(fieldset, actions);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.predictAndRun();
    });

    this.verdict = politeRegion("div", "nl-predict__verdict");
    this.verdict.tabIndex = -1;
    this.reopen = button({ label: T.predictOpen, className: "nl-btn--predict-open", onClick: () => this.open() });
    this.reopen.hidden = true;
    this.el.append(this.form, this.verdict, this.reopen);
    renderMath(legend);

    const saved = predictions.load(page, cell.id);
    if (saved) this.showSaved(saved);
  }

  /** The check the cell's job runs after its code (protocol.ts: RunMessage.check). */
  checkCode(): string | undefined {
    if (this.pending === null) return undefined;
    const atol = this.data.tolerance === null ? "None" : String(this.data.tolerance);
    // JSON strings are Python string literals too.
    return `__import__("nlplab.checking", fromlist=["check_prediction"]).check_prediction(`
      + `${JSON.stringify(this.data.value)}, (${this.data.value}), ${JSON.stringify(this.pending)}, atol=${atol})`;
  }

  private chosen(): string | null {
    if (this.input) return this.input.value.trim() || null;
    return this.form.querySelector<HTMLInputElement>(`input[name="${this.name}"]:checked`)?.value ?? null;
  }

  private predictAndRun(): void {
    if (this.cell.busy) return;
    const prediction = this.chosen();
    if (prediction === null) {
      this.say(this.input ? T.predictTypeFirst : T.predictChooseFirst, "error");
      this.input?.setAttribute("aria-invalid", "true");
      (this.input ?? this.form.querySelector<HTMLInputElement>("input"))?.focus();
      return;
    }
    this.input?.removeAttribute("aria-invalid");
    this.pending = prediction;
    this.say(T.predictComparing, "pending");
    this.cell.ask("predict");
  }

  private skip(): void {
    if (this.cell.busy) return;
    this.close(T.predictSkipped);
    this.cell.ask("run");
  }

  /** Put the form away; 예측해 보기 (focused when the form held the focus) brings it back. */
  private close(text: string): void {
    const hadFocus = this.form.contains(document.activeElement);
    this.form.hidden = true;
    this.reopen.hidden = false;
    this.reopen.textContent = T.predictOpen;
    this.say(text, "skipped");
    if (hadFocus) this.reopen.focus();
  }

  private open(): void {
    this.form.hidden = false;
    this.reopen.hidden = true;
    this.verdict.replaceChildren();
    delete this.verdict.dataset.result;
    (this.input ?? this.form.querySelector<HTMLInputElement>("input:checked, input"))?.focus();
  }

  private say(text: string, result: string, detail?: string): void {
    setFeedback(this.verdict, text, result, detail, "nl-predict__message");
  }

  /** The verdict of a recorded prediction, with the right answer and why. */
  private showSaved(saved: SavedPrediction): void {
    this.form.hidden = true;
    this.reopen.hidden = false;
    this.reopen.textContent = T.predictAgain;
    this.say(saved.correct ? T.predictRight(saved.prediction) : T.predictWrong(saved.prediction),
      saved.correct ? "right" : "wrong", saved.correct ? undefined : saved.message);
    if (!saved.correct && this.data.choices.length) {
      const answer = document.createElement("p");
      answer.textContent = T.predictAnswer(this.data.answer);
      this.verdict.append(answer);
    }
    if (this.data.why) {
      const why = document.createElement("div");
      why.className = "nl-predict__why";
      why.innerHTML = this.data.why;   // Markdown rendered at build time by the hook (trusted)
      renderMath(why);
      this.verdict.append(why);
    }
    this.verdict.dataset.prediction = saved.prediction;
  }

  /** A job of this cell ended: a prediction's verdict, or any other run puts the form away. */
  finished(outcome: JobOutcome, mode: RunMode): void {
    const prediction = this.pending;
    this.pending = null;
    if (mode !== "predict" || prediction === null) {
      if (!this.form.hidden && outcome.status !== "cancelled") this.close(T.predictSkipped);
      return;
    }
    if (outcome.status === "cancelled") {
      this.verdict.replaceChildren();
      return;
    }
    const check = outcome.done?.check;
    if (outcome.status !== "ok" || !check) {
      this.say(T.predictCellFailed, "error");
      return;
    }
    if (!check.passed && check.message.startsWith(T.predictUnreadable)) {
      this.say(check.message, "error");
      this.input?.setAttribute("aria-invalid", "true");
      this.input?.focus();
      return;
    }
    if (!check.passed && !check.message.startsWith(T.predictCompared)) {
      this.say(T.predictNotCompared, "error", check.message);
      return;
    }
    const hadFocus = this.form.contains(document.activeElement);
    const saved: SavedPrediction = { prediction, correct: check.passed, message: check.message, savedAt: Date.now() };
    this.showSaved(saved);
    if (!predictions.save(this.page, this.cell.id, saved)) this.cell.host.storageFailed(this.cell);
    if (hadFocus) this.verdict.focus();
  }
}
