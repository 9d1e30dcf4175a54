// The learning record file: everything the learner keeps in this browser (edits, exercise progress,
// predictions; storage.ts) as one versioned JSON file, and reading such a file back. Reading checks
// the whole file before anything is written; a file that is not JSON, not a learning record, of a
// newer version or with a malformed item is refused with a Korean message saying what is wrong.
import { type KeptItem, type KeptKind, KEPT_KINDS, keepAll, keptItems, keptValue } from "./storage";
import { PT } from "./strings";

export const RECORD_FORMAT = "nlplab-learning-record";
export const RECORD_VERSION = 1;
/** Larger files are refused before they are read (a record of the whole course is far smaller). */
export const MAX_RECORD_BYTES = 10 * 1024 * 1024;

export interface LearningRecord {
  format: typeof RECORD_FORMAT;
  version: number;
  exportedAt: string;
  items: KeptItem[];
}

export type ReadResult = { ok: true; record: LearningRecord } | { ok: false; error: string };

/** What importing a record would do to what this browser keeps. */
export interface ImportPlan {
  add: KeptItem[];
  replace: KeptItem[];
  /** Items kept already with exactly the file's value. */
  same: number;
}

/** Everything kept now, as a record. */
export function currentRecord(now = new Date()): LearningRecord {
  return { format: RECORD_FORMAT, version: RECORD_VERSION, exportedAt: now.toISOString(), items: keptItems() };
}

export function recordText(record: LearningRecord): string {
  return JSON.stringify(record, null, 1) + "\n";
}

/** "nlplab-learning-record-2026-12-07.json" */
export function recordFilename(record: LearningRecord): string {
  return `${RECORD_FORMAT}-${record.exportedAt.slice(0, 10)}.json`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const PAGE_RE = /^[^:]*$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The fields each kind's value must have (storage.ts: SavedEdit, ExerciseProgress, SavedPrediction). */
const VALUE_FIELDS: Record<KeptKind, Record<string, (v: unknown) => boolean>> = {
  edit: { digest: (v) => typeof v === "string", code: (v) => typeof v === "string", savedAt: Number.isFinite },
  exercise: { solved: (v) => typeof v === "boolean", attempts: isCount, hintsShown: isCount },
  prediction: {
    prediction: (v) => typeof v === "string", correct: (v) => typeof v === "boolean",
    message: (v) => typeof v === "string", savedAt: Number.isFinite,
  },
};

/** What is wrong with one item, or null when it is sound. */
function itemProblem(item: unknown): string | null {
  if (!isObject(item)) return PT.itemNotObject;
  if (!KEPT_KINDS.includes(item.kind as KeptKind)) return PT.itemKind(String(item.kind));
  if (typeof item.page !== "string" || !PAGE_RE.test(item.page)) return PT.itemPage;
  if (typeof item.id !== "string" || !ID_RE.test(item.id)) return PT.itemId;
  if (!isObject(item.value)) return PT.itemValue(item.kind as string);
  for (const [field, valid] of Object.entries(VALUE_FIELDS[item.kind as KeptKind])) {
    if (!valid(item.value[field])) return PT.itemField(field);
  }
  return null;
}

/** Parse and check a file's text; nothing is written. */
export function readRecord(text: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: PT.notJson };
  }
  if (!isObject(data) || data.format !== RECORD_FORMAT) return { ok: false, error: PT.foreign };
  if (!Number.isInteger(data.version) || (data.version as number) < 1) return { ok: false, error: PT.badVersion };
  if ((data.version as number) > RECORD_VERSION) {
    return { ok: false, error: PT.newerVersion(data.version as number, RECORD_VERSION) };
  }
  if (!Array.isArray(data.items)) return { ok: false, error: PT.noItems };
  for (const [i, item] of data.items.entries()) {
    const problem = itemProblem(item);
    if (problem) return { ok: false, error: PT.badItem(i + 1, problem) };
  }
  const items = (data.items as Record<string, unknown>[]).map((item) =>
    ({ kind: item.kind, page: item.page, id: item.id, value: item.value }) as KeptItem);
  return { ok: true, record: { format: RECORD_FORMAT, version: data.version as number,
                               exportedAt: String(data.exportedAt ?? ""), items } };
}

/** A value's JSON with its fields in one order (what is kept and what is read may differ in order). */
const canonical = (value: unknown) => JSON.stringify(value, isObject(value) ? Object.keys(value).sort() : undefined);

/** Which of the record's items are new here, which would replace what is kept, which are kept already. */
export function importPlan(record: LearningRecord): ImportPlan {
  const plan: ImportPlan = { add: [], replace: [], same: 0 };
  for (const item of record.items) {
    const kept = keptValue(item);
    if (kept === null) plan.add.push(item);
    else if (canonical(kept) === canonical(item.value)) plan.same += 1;
    else plan.replace.push(item);
  }
  return plan;
}

/** Write the plan's new and replacing items, all or none (false: storage refused, nothing changed). */
export function applyPlan(plan: ImportPlan): boolean {
  return keepAll([...plan.add, ...plan.replace]);
}
