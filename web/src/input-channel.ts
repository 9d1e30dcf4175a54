// input(): the shared memory through which the page answers a Python that waits for it.
//
// While Python runs, the worker cannot receive a message, so it waits on shared memory instead
// (Atomics.wait: no CPU used) until the page writes the learner's answer there. Only a
// cross-origin isolated page has SharedArrayBuffer; runner/start.ts makes one per worker and
// sends it in `init` (protocol.ts), and without it input() raises a Korean error (py/nl_output.py).
//
// Layout: Int32 [0] the state (WAITING, ANSWERED, CANCELLED), Int32 [1] the answer's length in
// UTF-8 bytes, then the answer's bytes. The worker sets WAITING and posts `input` to the page;
// the page writes ANSWERED with the text, or CANCELLED (Esc); Stop wakes the worker too, which
// then finds SIGINT in the interrupt buffer. Either way input() raises KeyboardInterrupt.

/** The longest answer (UTF-16 code units): the text field's maxlength. */
export const INPUT_MAX_CHARS = 10_000;

const WAITING = 0;
const ANSWERED = 1;
const CANCELLED = 2;
const HEADER_BYTES = 8;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const DATA_BYTES = INPUT_MAX_CHARS * 3;
/** The worker looks at the interrupt buffer at least this often while it waits. */
const CHECK_INTERRUPT_MS = 100;

export function newInputBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
}

function state(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer, 0, 2);
}

// ------------------------------------------------------------------ the page

/** The learner's answer: Python's input() returns it. */
export function answerInput(buffer: SharedArrayBuffer, text: string): void {
  const bytes = new TextEncoder().encode(text.slice(0, INPUT_MAX_CHARS));
  new Uint8Array(buffer, HEADER_BYTES, DATA_BYTES).set(bytes);
  const header = state(buffer);
  Atomics.store(header, 1, bytes.length);
  Atomics.store(header, 0, ANSWERED);
  Atomics.notify(header, 0);
}

/** Esc: Python's input() raises KeyboardInterrupt. */
export function cancelInput(buffer: SharedArrayBuffer): void {
  const header = state(buffer);
  Atomics.store(header, 0, CANCELLED);
  Atomics.notify(header, 0);
}

/** Stop: wake a waiting worker at once, so that it sees the interrupt. */
export function wakeInput(buffer: SharedArrayBuffer): void {
  Atomics.notify(state(buffer), 0);
}

// ------------------------------------------------------------------ the worker

/** Before the worker asks the page: no answer yet. */
export function expectAnswer(buffer: SharedArrayBuffer): void {
  Atomics.store(state(buffer), 0, WAITING);
}

/**
 * Wait for the page's answer: the text, or null when the learner cancelled or Stop wrote SIGINT
 * into `interrupt` (which is then cleared, as Pyodide does when it raises KeyboardInterrupt).
 */
export function waitForAnswer(buffer: SharedArrayBuffer, interrupt: Int32Array): string | null {
  const header = state(buffer);
  for (;;) {
    Atomics.wait(header, 0, WAITING, CHECK_INTERRUPT_MS);
    const now = Atomics.load(header, 0);
    if (now === ANSWERED) {
      const length = Atomics.load(header, 1);
      // slice() copies out of shared memory: TextDecoder does not read a shared view.
      return new TextDecoder().decode(new Uint8Array(buffer, HEADER_BYTES, length).slice());
    }
    if (now === CANCELLED || Atomics.load(interrupt, 0) !== 0) {
      Atomics.store(interrupt, 0, 0);
      return null;
    }
  }
}
