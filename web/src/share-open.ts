// 링크로 공유, the opening half: on the playground, a link's fragment (share-link.ts) puts its code
// into the playground's "shared" cell without running it, and says where the code came from. A
// malformed or over-long link changes nothing and says why. An edit the learner saved in that cell
// is never overwritten silently: the page asks first. Once handled, the fragment leaves the
// address bar, so a reload does not ask again.
import type { Cell } from "./cell";
import { pagePath } from "./config";
import { edits } from "./storage";
import { hasSharedCode, MAX_LINK_CHARS, PLAYGROUND_PATH, SHARE_TARGET_ID, ShareLinkError, sharedCode } from "./share-link";
import { T } from "./strings";

function forgetFragment(): void {
  history.replaceState(history.state, "", location.pathname + location.search);
}

function put(cell: Cell, code: string): void {
  cell.setCode(code);
  cell.flushSave();
  cell.notice(T.sharedLoaded, "success").classList.add("nl-notice--run");
  cell.mountEditor();
  cell.editor?.focus();
}

/** On the playground with `#code=…`: the shared cell takes the link's code (or asks, or refuses). */
export async function openSharedCode(ns: string, cells: Cell[]): Promise<void> {
  if (pagePath() !== PLAYGROUND_PATH || !hasSharedCode(location.hash)) return;
  const cell = cells.find((c) => c.id === SHARE_TARGET_ID);
  if (!cell) return;
  cell.root.scrollIntoView({ block: "start" });
  let code: string;
  try {
    code = await sharedCode(location.href);
  } catch (error) {
    if (!(error instanceof ShareLinkError)) throw error;
    const text = error.reason === "too-long" ? T.sharedTooLong(error.chars, MAX_LINK_CHARS) : T.sharedMalformed;
    cell.notice(text, "warning").classList.add("nl-notice--run", "nl-notice--shared");
    return;
  }
  forgetFragment();
  const saved = edits.load(ns, cell.id);
  if (!saved || saved.code === code || saved.code === cell.data.code) {
    put(cell, code);
    return;
  }
  const question = cell.notice(T.sharedAsk, "warning", [
    { label: T.sharedTake, onClick: () => {
      question.remove();
      put(cell, code);
    } },
    { label: T.sharedKeep, onClick: () => {
      question.remove();
      cell.notice(T.sharedKept, "info").classList.add("nl-notice--run");
      cell.mountEditor();
      cell.editor?.focus();
    } },
  ]);
  question.classList.add("nl-notice--shared");
  question.querySelector("button")?.focus();
}
