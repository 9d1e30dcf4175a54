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
  if (hasSharedCode(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
}

function put(cell: Cell, code: string): void {
  cell.setCode(code);
  cell.flushSave();
  cell.notice(T.sharedLoaded, "success").classList.add("nl-notice--run");
  cell.mountEditor();
  cell.editor?.focus();
}

/**
 * A link pasted into a tab that already shows the playground changes only the fragment. Material's
 * instant navigation may then render the page anew (it does on the first such change), which would
 * drop what this module shows; a full load of the link is what opening it in a new tab does, so
 * the page loads it that way (edits are saved on the way out, main.ts).
 */
export function reloadForSharedCode(event: HashChangeEvent): void {
  if (pagePath() === PLAYGROUND_PATH && hasSharedCode(new URL(event.newURL).hash)) location.reload();
}

/** On the playground with `#code=…`: the shared cell takes the link's code (or asks, or refuses). */
export async function openSharedCode(ns: string, cells: Cell[]): Promise<void> {
  const href = location.href;
  if (pagePath() !== PLAYGROUND_PATH || !hasSharedCode(location.hash)) return;
  const cell = cells.find((c) => c.id === SHARE_TARGET_ID);
  if (!cell) return;
  cell.root.scrollIntoView({ block: "start" });
  let code: string;
  try {
    code = await sharedCode(href);
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
