// 링크로 공유, the copying half: a cell's code as a playground link (share-link.ts) put on the
// clipboard, or, where the browser refuses the clipboard, shown selected in a read-only field to
// copy by hand. Returns the notice the cell shows.
import { noticeElement } from "./output";
import { MAX_LINK_CHARS, ShareLinkError, shareLink } from "./share-link";
import { T } from "./strings";

export interface ShareNotice {
  note: HTMLElement;
  /** The link, selected, when the clipboard was refused: the cell focuses it once shown. */
  field?: HTMLInputElement;
}

export async function shareNotice(code: string): Promise<ShareNotice> {
  let link: string;
  try {
    link = await shareLink(code);
  } catch (error) {
    if (!(error instanceof ShareLinkError)) throw error;
    return { note: noticeElement(T.shareTooLong(error.chars, MAX_LINK_CHARS), "warning") };
  }
  try {
    // Absent outside a secure context; refused without the page's focus or the permission.
    await navigator.clipboard.writeText(link);
    return { note: noticeElement(T.shareCopied, "success") };
  } catch {
    const note = noticeElement(T.shareNotCopied, "warning");
    const field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = link;
    field.className = "nl-share__field";
    field.setAttribute("aria-label", T.shareField);
    field.addEventListener("focus", () => field.select());
    note.append(field);
    return { note, field };
  }
}
