// When to make the interpreter's memory snapshot for the next visits (../python-snapshot.ts says
// what it is and how a boot uses it). Once per page load, and only when all of these hold:
// - this page's Python started without a snapshot (none kept yet, or a refused one was dropped);
// - the site's service worker has activated: the course is kept on this device for offline use,
//   and the snapshot is kept beside it (the next build's activation deletes both);
// - Python is idle (no cell running or queued), then SNAPSHOT_DELAY_MS more, and idle again.
// A worker of its own then boots Python without NumPy, copies its memory into Cache Storage and
// is ended; the learner's worker is not touched. Any failure only means no snapshot.
import { SNAPSHOT_DELAY_MS } from "../config";
import type { FromWorker } from "../protocol";
import type { Runtime } from "./session";
import { startSnapshotWorker } from "./start";

let requested = false;

export function keepPythonSnapshot(runtime: Runtime): void {
  if (requested) return;
  requested = true;
  const settled = () => new Promise<void>((resolve) => runtime.whenSettled(resolve));
  void (async () => {
    await settled();
    if (runtime.state !== "ready" || runtime.bootSnapshot === "restored") return;
    if (!(await serviceWorkerActivated())) return;
    await new Promise((resolve) => window.setTimeout(resolve, SNAPSHOT_DELAY_MS));
    await settled();
    if (runtime.state !== "ready") return;
    const worker = startSnapshotWorker();
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === "snapshot-made") {
        console.info(`nlplab: Python snapshot kept (${(message.bytes / 1e6).toFixed(1)} MB, ${message.ms} ms)`);
      } else if (message.type === "snapshot-failed") {
        console.info("nlplab: no Python snapshot:", message.message);
      } else {
        return;    // its progress messages
      }
      worker.terminate();
    };
    worker.onerror = () => worker.terminate();
  })().catch((error: unknown) => console.info("nlplab: no Python snapshot:", error));
}

/** Resolves true once the site's service worker is activated (false where there is none). */
async function serviceWorkerActivated(): Promise<boolean> {
  try {
    if (!("serviceWorker" in navigator)) return false;
    const active = (await navigator.serviceWorker.ready).active;
    if (!active) return false;
    if (active.state !== "activated") {
      await new Promise<void>((resolve) => active.addEventListener("statechange", () => {
        if (active.state === "activated") resolve();
      }));
    }
    return true;
  } catch {
    return false;    // storage switched off
  }
}
