// The code editor of a cell: CodeMirror 6 with Python, coloured by Material's CSS variables so it
// follows the light/dark palette without JavaScript.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import {
  bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting,
} from "@codemirror/language";
import { EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import {
  Decoration, type DecorationSet, drawSelection, EditorView, highlightActiveLine,
  highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const v = (name: string) => `var(--md-code-hl-${name}-color)`;

const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: v("keyword") },
  { tag: [t.string, t.special(t.string)], color: v("string") },
  { tag: [t.number, t.bool, t.null], color: v("number") },
  { tag: [t.comment, t.lineComment], color: v("comment"), fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.function(t.definition(t.variableName))], color: v("function") },
  { tag: [t.definition(t.className), t.className], color: v("constant") },
  { tag: [t.operator, t.compareOperator, t.arithmeticOperator, t.logicOperator, t.bitwiseOperator, t.updateOperator], color: v("operator") },
  { tag: [t.punctuation, t.paren, t.squareBracket, t.brace, t.separator], color: v("punctuation") },
  { tag: [t.self, t.standard(t.variableName)], color: v("special") },
  { tag: [t.propertyName], color: v("name") },
  { tag: [t.meta, t.annotation], color: v("special") },
  { tag: t.invalid, color: "var(--md-typeset-del-color)" },
]);

const theme = EditorView.theme({
  "&": {
    color: "var(--md-code-fg-color)",
    backgroundColor: "var(--md-code-bg-color)",
    fontSize: "0.85em",
    borderRadius: "0.1rem",
  },
  "&.cm-focused": { outline: "2px solid var(--nl-focus, var(--md-accent-fg-color))", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--md-code-font-family)", lineHeight: "1.5", overflow: "auto" },
  ".cm-content": { caretColor: "var(--md-code-fg-color)", padding: "0.6em 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--md-code-fg-color)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    { backgroundColor: "var(--md-code-hl-color--light)" },
  ".cm-activeLine": { backgroundColor: "var(--md-code-bg-color--light, transparent)" },
  ".cm-gutters": {
    backgroundColor: "var(--md-code-bg-color)",
    // The comment grey: 5.7:1 on the code background (runtime.css), where Material's light grey is 4.47:1.
    color: "var(--md-code-hl-comment-color)",
    border: "none",
    borderRight: "1px solid var(--md-default-fg-color--lightest)",
  },
  ".cm-activeLineGutter": { backgroundColor: "transparent", color: "var(--md-code-fg-color)" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--md-code-hl-color--light)", outline: "1px solid var(--md-code-hl-color)" },
  "&.cm-focused .cm-nonmatchingBracket": { color: "var(--md-typeset-del-color)" },
  // A light tint (code on it keeps 4.6:1 or more) and a bar at the left edge.
  ".cm-line.nl-error-line": { backgroundColor: "rgba(229, 57, 53, 0.08)", boxShadow: "inset 4px 0 0 #e53935" },
});

// ------------------------------------------------------------------ the error line

const setErrorLine = StateEffect.define<number | null>();

const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setErrorLine)) {
        const line = effect.value;
        if (line === null || line < 1 || line > tr.state.doc.lines) return Decoration.none;
        const from = tr.state.doc.line(line).from;
        return Decoration.set([Decoration.line({ class: "nl-error-line" }).range(from)]);
      }
    }
    // Any edit clears the mark: the line it pointed at may have moved.
    return tr.docChanged ? Decoration.none : deco;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  readOnly: boolean;
  label: string;
  onRun: () => void;
  /** Alt+Shift+Enter: run the cells above this one (위 셀 모두 실행). */
  onRunAbove: () => void;
  onChange: (doc: string) => void;
}

export class CodeEditor {
  readonly view: EditorView;

  constructor(options: EditorOptions) {
    const run = () => {
      options.onRun();
      return true;
    };
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      indentUnit.of("    "),
      EditorState.tabSize.of(4),
      python(),
      syntaxHighlighting(highlightStyle),
      theme,
      errorLine,
      // Shift+Enter / Ctrl+Enter / Cmd+Enter run the cell, Alt+Shift+Enter the cells above it;
      // they come before the default keymap.
      keymap.of([
        { key: "Alt-Shift-Enter", run: () => {
          options.onRunAbove();
          return true;
        } },
        { key: "Shift-Enter", run },
        { key: "Mod-Enter", run },
        // Tab indents; Escape then Tab moves focus out (CodeMirror's tab-focus mode).
        indentWithTab,
        ...defaultKeymap,
        ...historyKeymap,
      ]),
      // tabindex: the editable content is in the tab order anyway; saying so lets checkers
      // (axe-core: scrollable-region-focusable) see that the scrolling editor can be reached.
      EditorView.contentAttributes.of({ "aria-label": options.label, tabindex: "0" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange(update.state.doc.toString());
      }),
    ];
    if (options.readOnly) extensions.push(EditorState.readOnly.of(true));
    this.view = new EditorView({ doc: options.doc, extensions, parent: options.parent });
    this.remeasure();
    addEventListener("resize", this.remeasure);
  }

  /**
   * Have CodeMirror measure this editor's lines in its next frame, even while it is off screen.
   *
   * CodeMirror measures line heights only for editors inside the visible viewport; until then
   * it uses estimates (14 px a line, no padding), and the line-number gutter, which is sized
   * from them, is squeezed against the top while the text lines are 20 px apart. Editors
   * mounted off screen (near the viewport, or later when idle) showed that in full-page
   * screenshots and for a frame when scrolled into view. A pending scroll target is the one
   * case in which CodeMirror measures an editor out of view; a scroll snapshot is such a
   * target that only restores the editor's own scroll position, so the page does not move.
   *
   * Called at once on a resize too (Material's breakpoints change the font size): the measure
   * must come in the first frame after the change, before CodeMirror's own (delayed) one notes
   * the new size without measuring the lines of an editor out of view.
   */
  readonly remeasure = (): void => {
    this.view.dispatch({ effects: this.view.scrollSnapshot() });
  };

  get code(): string {
    return this.view.state.doc.toString();
  }

  setCode(code: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: code } });
  }

  /** Replace the text between two offsets (used by sliders and text fields to rewrite a literal). */
  replaceRange(from: number, to: number, insert: string): void {
    this.view.dispatch({ changes: { from, to, insert } });
  }

  markErrorLine(line: number | null): void {
    this.view.dispatch({ effects: setErrorLine.of(line) });
    if (line !== null && line >= 1 && line <= this.view.state.doc.lines) {
      const pos = this.view.state.doc.line(line).from;
      this.view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: "nearest" }) });
    }
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    removeEventListener("resize", this.remeasure);
    this.view.destroy();
  }
}
