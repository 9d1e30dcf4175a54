// The course map page (docs/progress.md, 학습 현황): every unit's pages with links and what the learner
// did there (exercises solved, predictions made and right, cells edited), counted from localStorage
// against the build's manifest (mkdocs_hooks/course_map.py); and the learning record file: export
// (a Blob URL download) and import (a file input; a <dialog> asks before anything kept is replaced).
import { button } from "./button";
import { SITE_ROOT } from "./config";
import { applyPlan, currentRecord, importPlan, MAX_RECORD_BYTES, readRecord, recordFilename, recordText,
         type ImportPlan } from "./progress-file";
import { edits, keptItems, predictions, progress } from "./storage";
import { PT } from "./strings";

/** The manifest's JSON (course_map.py: manifest). */
export interface MapPage { title: string; url: string; cells: string[]; exercises: string[]; predictions: string[] }
export interface CourseManifest { units: { title: string; pages: MapPage[] }[] }

/** What the learner did on one page. */
export interface PageCounts { solved: number; made: number; right: number; edited: number }

export function countsOf(page: MapPage): PageCounts {
  const made = page.predictions.map((id) => predictions.load(page.url, id)).filter((p) => p !== null);
  return {
    solved: page.exercises.filter((id) => progress.load(page.url, id).solved).length,
    made: made.length,
    right: made.filter((p) => p!.correct).length,
    edited: page.cells.filter((id) => edits.load(page.url, id) !== null).length,
  };
}

function storageWorks(): boolean {
  try {
    return !!window.localStorage;
  } catch {
    return false;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ""): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text) el.textContent = text;
  return el;
}

export class CourseMap {
  private readonly list = element("div", "nl-map__units");
  private readonly summary = element("p", "nl-map__summary");
  private readonly message = element("p", "nl-map__message");
  private readonly fileInput = document.createElement("input");
  private readonly importButton: HTMLButtonElement;
  private readonly dialog = element("dialog", "nl-map__dialog");
  private pending: ImportPlan | null = null;

  constructor(readonly root: HTMLElement, readonly manifest: CourseManifest) {
    root.dataset.mapReady = "";
    this.summary.setAttribute("aria-live", "polite");
    this.message.setAttribute("role", "status");

    const file = element("section", "nl-map__file");
    const heading = element("h2", "nl-map__heading", PT.fileHeading);
    heading.id = "nl-map-file";
    file.setAttribute("aria-labelledby", heading.id);
    this.fileInput.type = "file";
    this.fileInput.accept = ".json,application/json";
    this.fileInput.hidden = true;
    this.fileInput.addEventListener("change", () => void this.fileChosen());
    this.importButton = button({ label: PT.importButton, className: "nl-btn--import", onClick: () => this.fileInput.click() });
    const actions = element("div", "nl-map__actions");
    actions.append(button({ label: PT.exportButton, className: "nl-btn--primary nl-btn--export", onClick: () => this.exportRecord() }),
                   this.importButton, this.fileInput);
    file.append(heading, actions, this.message);

    this.buildDialog();
    root.replaceChildren(this.summary, this.list, file, this.dialog);
    this.render();
  }

  /** Count again from storage (after an import, or when asked). */
  render(): void {
    if (!storageWorks()) {
      this.summary.textContent = PT.storageOff;
      this.list.replaceChildren();
      return;
    }
    let solved = 0, exercises = 0, made = 0, predictionsTotal = 0, right = 0, anything = keptItems().length > 0;
    const units = this.manifest.units.map((unit, u) => {
      const section = element("section", "nl-map__unit");
      const heading = element("h2", "nl-map__heading", unit.title);
      heading.id = `nl-map-unit-${u}`;
      section.setAttribute("aria-labelledby", heading.id);
      const list = element("ul", "nl-map__pages");
      for (const page of unit.pages) {
        const counts = countsOf(page);
        solved += counts.solved; exercises += page.exercises.length;
        made += counts.made; predictionsTotal += page.predictions.length; right += counts.right;
        list.append(this.pageItem(page, counts));
      }
      section.append(heading, list);
      return section;
    });
    this.list.replaceChildren(...units);
    this.summary.textContent = anything ? PT.summary(solved, exercises, made, predictionsTotal, right) : PT.empty;
    this.root.dataset.mapEmpty = String(!anything);
  }

  private pageItem(page: MapPage, counts: PageCounts): HTMLElement {
    const item = element("li", "nl-map__page");
    item.dataset.mapPage = page.url;
    const link = element("a", "nl-map__link", page.title);
    link.href = new URL(page.url, SITE_ROOT).href;
    const facts: string[] = [];
    if (page.exercises.length) facts.push(PT.exercises(counts.solved, page.exercises.length));
    if (page.predictions.length) facts.push(PT.predictions(counts.made, page.predictions.length, counts.right));
    if (counts.edited) facts.push(PT.edits(counts.edited));
    const detail = element("span", "nl-map__counts", facts.length ? facts.join(" · ") : PT.nothingToTrack);
    const done = page.exercises.length > 0 && counts.solved === page.exercises.length
      && counts.made === page.predictions.length;
    item.dataset.mapDone = String(done);
    item.append(link, detail);
    return item;
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle("nl-map__message--error", error);
  }

  // ---------------------------------------------------------------- export

  private exportRecord(): void {
    const record = currentRecord();
    if (!record.items.length) {
      this.say(PT.exportedNothing);
      return;
    }
    const name = recordFilename(record);
    const url = URL.createObjectURL(new Blob([recordText(record)], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.click();                          // not in the page: Material's instant navigation never sees it
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.say(PT.exported(record.items.length, name));
  }

  // ---------------------------------------------------------------- import

  private async fileChosen(): Promise<void> {
    const file = this.fileInput.files?.[0];
    this.fileInput.value = "";             // the same file may be chosen again
    if (!file) return;
    if (file.size > MAX_RECORD_BYTES) {
      this.say(`${PT.tooBig(MAX_RECORD_BYTES / 1024 / 1024)} ${PT.unchanged}`, true);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      this.say(`${PT.unreadable} ${PT.unchanged}`, true);
      return;
    }
    const read = readRecord(text);
    if (!read.ok) {
      this.say(`${read.error} ${PT.unchanged}`, true);
      return;
    }
    const plan = importPlan(read.record);
    if (!plan.add.length && !plan.replace.length) {
      this.say(PT.sameAll(plan.same));
    } else if (plan.replace.length) {
      this.ask(plan);                      // something kept would be replaced: the learner decides
    } else {
      this.apply(plan);
    }
  }

  private apply(plan: ImportPlan): void {
    if (!applyPlan(plan)) {
      this.say(`${PT.storageFull} ${PT.unchanged}`, true);
      return;
    }
    this.render();
    this.say(PT.imported(plan.add.length, plan.replace.length));
  }

  private buildDialog(): void {
    this.dialog.setAttribute("aria-labelledby", "nl-map-confirm-title");
    this.dialog.setAttribute("aria-describedby", "nl-map-confirm-text");
    // Esc closes the dialog without a button: that is a cancel too.
    this.dialog.addEventListener("close", () => this.decide(false));
  }

  /** The learner's answer to the dialog: replace (import the pending plan) or not. */
  private decide(replace: boolean): void {
    const plan = this.pending;
    this.pending = null;
    if (this.dialog.open) this.dialog.close();
    if (!plan) return;
    if (replace) this.apply(plan);
    else this.say(PT.cancelled);
    this.importButton.focus();
  }

  private ask(plan: ImportPlan): void {
    this.pending = plan;
    const title = element("h2", "nl-map__dialog-title", PT.confirmTitle);
    title.id = "nl-map-confirm-title";
    const text = element("p", "", PT.confirmText(plan.add.length, plan.replace.length, plan.same));
    text.id = "nl-map-confirm-text";
    const actions = element("div", "nl-map__actions");
    const cancel = button({ label: PT.confirmCancel, className: "nl-btn--cancel", onClick: () => this.decide(false) });
    actions.append(button({ label: PT.confirmReplace(plan.replace.length), className: "nl-btn--primary nl-btn--replace",
                            onClick: () => this.decide(true) }), cancel);
    this.dialog.replaceChildren(title, text, actions);
    this.dialog.showModal();
    cancel.focus();                        // the safe choice has the focus
  }
}

/** Fill the page's course map, if it has one (mkdocs_hooks/course_map.py puts the manifest in it). */
export function mountCourseMap(doc: Document): CourseMap | null {
  const root = doc.querySelector<HTMLElement>(".nl-course-map:not([data-map-ready])");
  const data = root?.querySelector<HTMLTemplateElement>("template.nl-course-map-data");
  if (!root || !data) return null;
  root.setAttribute("aria-label", PT.mapLabel);
  root.setAttribute("role", "region");
  return new CourseMap(root, JSON.parse(data.content.textContent || "{\"units\": []}") as CourseManifest);
}
