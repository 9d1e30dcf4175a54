// What the learner keeps between visits, in localStorage: edited code (with the digest of the
// original it was edited from) and exercise progress. Every access may fail (storage disabled,
// full, or blocked): then nothing is kept, and the caller tells the learner.

const PREFIX = "nlplab:v1";

export interface SavedEdit {
  /** data-cell-digest of the original the edit was made from. */
  digest: string;
  code: string;
  savedAt: number;
}

export interface ExerciseProgress {
  solved: boolean;
  attempts: number;
  hintsShown: number;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;   // a SecurityError when storage is disabled
  }
}

function read<T>(key: string): T | null {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** Returns false when the value could not be stored. */
function write(key: string, value: unknown): boolean {
  const store = storage();
  if (!store) return false;
  try {
    store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;   // QuotaExceededError
  }
}

function remove(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    /* nothing was kept anyway */
  }
}

export const editKey = (page: string, cellId: string) => `${PREFIX}:edit:${page}:${cellId}`;
export const exerciseKey = (page: string, id: string) => `${PREFIX}:exercise:${page}:${id}`;

export const edits = {
  load: (page: string, cellId: string) => read<SavedEdit>(editKey(page, cellId)),
  save: (page: string, cellId: string, edit: SavedEdit) => write(editKey(page, cellId), edit),
  remove: (page: string, cellId: string) => remove(editKey(page, cellId)),

  /**
   * Older builds numbered cells without an id by position ("cell-3"), so an edit saved then is
   * under that key. The page names each cell's old number (`data-cell-legacy-id`, from
   * mkdocs_hooks/legacy_cell_ids.json): move the edit to the cell's id. An edit already saved under
   * the new key wins and the old one stays where it is; nothing is deleted before it is copied.
   */
  migrateLegacy(page: string, cells: { id: string; legacyId: string }[]): void {
    for (const { id, legacyId } of cells) {
      const old = read<SavedEdit>(editKey(page, legacyId));
      if (!old || read<SavedEdit>(editKey(page, id))) continue;
      if (write(editKey(page, id), old)) remove(editKey(page, legacyId));
    }
  },
};

export const progress = {
  load: (page: string, id: string): ExerciseProgress =>
    ({ solved: false, attempts: 0, hintsShown: 0, ...read<ExerciseProgress>(exerciseKey(page, id)) }),
  save: (page: string, id: string, value: ExerciseProgress) => write(exerciseKey(page, id), value),
};

/** A prediction made before a "predict" cell ran (prediction.ts), and how it compared. */
export interface SavedPrediction {
  /** What the learner predicted: the chosen option or the typed text. */
  prediction: string;
  correct: boolean;
  /** The comparison's message when it was wrong (nlplab.checking.check_prediction). */
  message: string;
  savedAt: number;
}

export const predictionKey = (page: string, cellId: string) => `${PREFIX}:prediction:${page}:${cellId}`;

export const predictions = {
  load: (page: string, cellId: string) => read<SavedPrediction>(predictionKey(page, cellId)),
  save: (page: string, cellId: string, value: SavedPrediction) => write(predictionKey(page, cellId), value),
};

/** Every prediction kept for a page (its namespace key), by cell id: for a course map's "predictions made". */
export function predictionsOf(page: string): ({ cellId: string } & SavedPrediction)[] {
  const store = storage();
  const prefix = predictionKey(page, "");
  const found: ({ cellId: string } & SavedPrediction)[] = [];
  try {
    for (let i = 0; store && i < store.length; i++) {
      const key = store.key(i);
      if (!key?.startsWith(prefix)) continue;
      const saved = read<SavedPrediction>(key);
      if (saved) found.push({ cellId: key.slice(prefix.length), ...saved });
    }
  } catch {
    /* storage went away while reading: what was read is returned */
  }
  return found;
}

// ---------------------------------------------------------------- everything kept, for a learning record file

/** The kinds of work kept, by their key's middle part (`nlplab:v1:<kind>:<page>:<id>`). */
export const KEPT_KINDS = ["edit", "exercise", "prediction"] as const;
export type KeptKind = (typeof KEPT_KINDS)[number];

/** One kept item: its kind, its page (namespace key), its cell or exercise id, and the stored value. */
export interface KeptItem {
  kind: KeptKind;
  page: string;
  id: string;
  value: unknown;
}

const KEPT_KEY = new RegExp(`^${PREFIX}:(${KEPT_KINDS.join("|")}):(.*):([^:]+)$`);

export const keptKey = (item: Pick<KeptItem, "kind" | "page" | "id">) => `${PREFIX}:${item.kind}:${item.page}:${item.id}`;

/** Every edit, exercise progress and prediction this browser keeps, in key order. */
export function keptItems(): KeptItem[] {
  const store = storage();
  const found: KeptItem[] = [];
  try {
    const keys: string[] = [];
    for (let i = 0; store && i < store.length; i++) keys.push(store.key(i) ?? "");
    for (const key of keys.sort()) {
      const match = KEPT_KEY.exec(key);
      const value = match ? read<unknown>(key) : null;
      if (match && value !== null) found.push({ kind: match[1] as KeptKind, page: match[2], id: match[3], value });
    }
  } catch {
    /* storage went away while reading: what was read is returned */
  }
  return found;
}

/** The stored value of one item (null when none is kept). */
export const keptValue = (item: Pick<KeptItem, "kind" | "page" | "id">) => read<unknown>(keptKey(item));

/**
 * Keep every item, or none: when a write fails (storage full or disabled), the values written so
 * far are put back as they were. Returns false when nothing was changed for that reason.
 */
export function keepAll(items: KeptItem[]): boolean {
  const store = storage();
  if (!store) return false;
  const before: [string, string | null][] = [];
  try {
    for (const item of items) {
      const key = keptKey(item);
      before.push([key, store.getItem(key)]);
      store.setItem(key, JSON.stringify(item.value));
    }
    return true;
  } catch {
    for (const [key, text] of before.reverse()) {
      try {
        if (text === null) store.removeItem(key); else store.setItem(key, text);
      } catch { /* the old value was there a moment ago; nothing more can be done */ }
    }
    return false;
  }
}
