// The page's side of Python: one worker for the whole visit, a queue of jobs, Stop and restart.
//
// The worker survives Material's instant navigation (this script is not re-evaluated), so a
// second page does not boot Python again. Jobs run one at a time in queue order. Stop
// interrupts Python through a SharedArrayBuffer when the page is cross-origin isolated, and
// keeps asking until Python stops, the learner chooses 강제로 멈추기 or STOP_FORCE_AFTER_MS pass;
// without isolation, and in those last two cases, it ends the worker and boots a fresh one (the
// job then ends with status "restarted"). A worker whose Python fails the health check after a
// job (worker.ts) is replaced the same way before it runs anything else.
//
// A job's owner (a cell) hears everything about it through one JobListener, in order: started,
// what the job produces, and finished exactly once, whatever happened.
import { PRELOAD_DELAY_MS, SLOW_BOOT_MS, STOP_FORCE_AFTER_MS, STOP_OFFER_FORCE_MS, STOP_REPEAT_MS } from "../config";
import { answerInput, cancelInput, wakeInput } from "../input-channel";
import type { CellAbove, DoneMessage, FromWorker, Inspection, RunMessage, SnapshotUse, ToWorker } from "../protocol";
import { T } from "../strings";
import { isolated, startWorker, type StartedWorker } from "./start";

export type RuntimeState = "idle" | "loading" | "ready" | "error";

export interface JobListener {
  /** Queued while Python is still loading: the job runs once it is ready. */
  waiting(): void;
  /** The job left the queue and Python started on it. */
  started(): void;
  stream(name: "stdout" | "stderr", text: string): void;
  figure(num: number, png: Uint8Array, width: number, height: number): void;
  result(repr: string): void;
  /** The job waits for something (packages) and says what. */
  progress(message: string): void;
  /** Python called input(prompt) and waits (isolated pages only): answer or cancel, once. */
  input(prompt: string, reply: InputReply): void;
  /** Stop was pressed and Python has been asked to stop (isolated pages only). */
  stopping(): void;
  /** Python has not stopped yet: `force` restarts it now (its variables are lost). */
  stopSlow(force: () => void, restartInMs: number): void;
  /** Once, after the runtime's own bookkeeping (the next job may have started already). */
  finished(outcome: JobOutcome): void;
}

/** How the job's owner answers input(); only the first call counts, and none after the job ended. */
export interface InputReply {
  answer(text: string): void;
  /** Python's input() raises KeyboardInterrupt. */
  cancel(): void;
}

export type JobStatus =
  | "ok"          // ran to the end
  | "error"       // Python raised (see done.error), including KeyboardInterrupt after Stop
  | "cancelled"   // removed from the queue before it started
  | "restarted"   // the worker was ended (Stop fallback or a crash): every namespace is gone
  | "unavailable"; // Python could not be loaded

export interface JobOutcome {
  status: JobStatus;
  done?: DoneMessage;
  /** Why, for "restarted" (stop | crash) and "unavailable". */
  reason?: string;
  /** The job ran, but Python failed its health check after it and was replaced: what failed. */
  replaced?: string;
}

export interface JobRequest {
  ns: string;
  code: string;
  filename: string;
  check?: string;
  showResult?: boolean;
  /** The page's cells above this one (protocol.ts: RunMessage.above). */
  above?: CellAbove[];
  /** Jobs of one group (e.g. "Run all"): when one fails, the rest of the group is cancelled. */
  group?: number;
  /** Whoever asked (a cell), so its own queued or running job can be found again. */
  owner?: unknown;
  listener: JobListener;
}

interface Job extends JobRequest {
  id: number;
  resolve(outcome: JobOutcome): void;
}

export interface RuntimeStatus {
  state: RuntimeState;
  message: string;
  bootMs?: number;
  slow?: boolean;
  /** Ready, and loading a page's packages in the background. */
  preloading?: boolean;
}

let nextGroup = 1;
export const newGroup = () => nextGroup++;

export class Runtime {
  /** How many times Python was booted in this window (tests read it). */
  boots = 0;
  state: RuntimeState = "idle";
  readonly isolated: boolean;
  /** Namespaces whose setup cells ran since the namespace was (re)created. */
  readonly setupDone = new Set<string>();
  lastBootMs = 0;
  bootStages: Record<string, number> = {};
  /** How the last boot used the kept interpreter snapshot (python-snapshot.ts); null before one. */
  bootSnapshot: SnapshotUse | null = null;
  /** performance.now() of the page when the last boot began. */
  bootStartedAt = 0;
  versions = { python: "", numpy: "" };

  private worker: Worker | null = null;
  private interrupt: Int32Array | null = null;
  private input: SharedArrayBuffer | null = null;
  private queue: Job[] = [];
  private current: Job | null = null;
  private nextId = 1;
  /** The job Stop is waiting for, and its timers (isolated pages). */
  private stopping: Job | null = null;
  private stopTimers: number[] = [];
  private preloadTimer: number | undefined;
  private slowTimer: number | undefined;
  private listeners = new Set<(status: RuntimeStatus) => void>();
  private status: RuntimeStatus = { state: "idle", message: "" };
  private restartListeners = new Set<(reason: string) => void>();
  private settledListeners: (() => void)[] = [];
  /** The variables panel's questions waiting for the worker's answer, by id. */
  private inspections = new Map<number, (result: Inspection | null) => void>();

  constructor() {
    this.isolated = isolated();
  }

  // ---------------------------------------------------------------- lifecycle

  /** Boot Python if it is not booted or booting. Safe to call on every page. */
  start(): void {
    if (this.worker) return;
    this.boots += 1;
    this.setState("loading", T.statusStarting);
    // The worker boot.js started from the page's <head>, once (a restart boots a new one).
    const early = window.__nlEarlyBoot;
    delete window.__nlEarlyBoot;
    let started: StartedWorker;
    if (early && (early.interrupt !== null) === this.isolated) {
      started = early;
    } else {
      early?.worker.terminate();
      try {
        started = startWorker();
      } catch (error) {
        this.bootFailed(`worker.js: ${String(error)}`);
        return;
      }
    }
    const worker = started.worker;
    this.interrupt = started.interrupt;
    this.input = started.input;
    this.bootStartedAt = started.startedAt;
    this.worker = worker;
    const failed = (why: string) => {
      if (worker !== this.worker) return;
      if (this.state === "loading") this.bootFailed(why);
      else this.crashed(why);
    };
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      failed(event.message || T.workerNotLoaded);
    };
    if (started === early) {
      // What it said before this script took it over, in order.
      for (const message of early.messages.splice(0)) this.receive(worker, message);
      if (early.error) failed(early.error);
    }
    if (this.worker !== worker) return;         // the replay ended it (a boot error)
    window.clearTimeout(this.slowTimer);
    this.slowTimer = window.setTimeout(() => {
      if (this.state === "loading") this.emit({ ...this.status, slow: true });
    }, SLOW_BOOT_MS);
  }

  /** After a failed boot: throw the worker away and boot again. */
  retry(): void {
    this.endWorker();
    this.start();
  }

  onStatus(listener: (status: RuntimeStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /**
   * `listener`, once, as soon as Python has booted (or failed to) and has no job running or
   * waiting: the moment for downloads a page can do without until then (search-index.ts).
   */
  whenSettled(listener: () => void): void {
    this.settledListeners.push(listener);
    this.notifySettled();
  }

  /** Called when a worker was ended (Stop fallback or crash): every namespace is gone. */
  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  // ---------------------------------------------------------------- jobs

  /** Queue a job; its listener hears how it goes, and the promise settles with the same outcome. */
  run(request: JobRequest): Promise<JobOutcome> {
    return new Promise((resolve) => {
      const job: Job = { ...request, id: this.nextId++, resolve };
      if (this.state !== "ready") job.listener.waiting();
      if (this.state === "error") {
        this.settle(job, { status: "unavailable", reason: this.status.message });
        return;
      }
      this.queue.push(job);
      this.start();
      this.pump();
    });
  }

  /** Remove queued jobs (all, or those matching) without running them. */
  cancel(match: (job: JobRequest) => boolean = () => true): void {
    const keep: Job[] = [];
    for (const job of this.queue) {
      if (match(job)) this.settle(job, { status: "cancelled" });
      else keep.push(job);
    }
    this.queue = keep;
  }

  /** Stop the running job (if it matches) and drop the queued ones that match. */
  stop(match: (job: JobRequest) => boolean = () => true): void {
    this.cancel(match);
    const job = this.current;
    if (!job || !match(job)) return;
    const interrupt = this.interrupt;
    if (!interrupt) {
      this.restartWorker("stop");
      return;
    }
    if (this.stopping === job) return;              // already asked: the cell offers 강제로 멈추기
    this.stopping = job;
    const input = this.input;
    const signal = () => {
      Atomics.store(interrupt, 0, 2);               // SIGINT
      Atomics.notify(interrupt, 0);                 // wake a sleeping time.sleep()
      if (input) wakeInput(input);                  // and an input() waiting for its answer
    };
    signal();
    job.listener.stopping();
    const force = () => {
      if (this.current === job) this.restartWorker("stop");
    };
    this.stopTimers = [
      // Python clears the flag when it raises KeyboardInterrupt: code that catches it and goes
      // on is asked again.
      window.setInterval(() => {
        if (this.current === job && Atomics.load(interrupt, 0) === 0) signal();
      }, STOP_REPEAT_MS),
      window.setTimeout(() => {
        if (this.current === job) job.listener.stopSlow(force, STOP_FORCE_AFTER_MS - STOP_OFFER_FORCE_MS);
      }, STOP_OFFER_FORCE_MS),
      window.setTimeout(force, STOP_FORCE_AFTER_MS),
    ];
  }

  private clearStop(): void {
    this.stopping = null;
    for (const timer of this.stopTimers) {
      window.clearTimeout(timer);
      window.clearInterval(timer);
    }
    this.stopTimers = [];
  }

  /**
   * Load the packages a page's cells import (matplotlib, scipy) while the learner reads, once
   * Python is ready and has had nothing to do for PRELOAD_DELAY_MS. Runs are not held up.
   */
  preload(codes: string[]): void {
    window.clearTimeout(this.preloadTimer);
    const attempt = () => {
      if (this.state !== "ready" || this.current || this.queue.length) {
        this.preloadTimer = window.setTimeout(attempt, PRELOAD_DELAY_MS);
        return;
      }
      this.send({ type: "preload", codes });
    };
    this.preloadTimer = window.setTimeout(attempt, PRELOAD_DELAY_MS);
  }

  /** Forget a page's namespace (the page's "Python 다시 시작"). */
  reset(ns: string): void {
    this.setupDone.delete(ns);
    if (this.worker && this.state !== "error") this.send({ type: "reset", ns });
  }

  /**
   * A page's variables (and one variable's values) for the variables panel: asked only while
   * it is open. Answered after the jobs the worker already has; null when Python cannot answer
   * (not ready, restarted meanwhile, or the summary failed).
   */
  inspect(ns: string, name?: string, index?: number[]): Promise<Inspection | null> {
    if (this.state !== "ready" || !this.worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.inspections.set(id, resolve);
      this.send({ type: "inspect", id, ns, name, index });
    });
  }

  private dropInspections(): void {
    for (const resolve of this.inspections.values()) resolve(null);
    this.inspections.clear();
  }

  // ---------------------------------------------------------------- internals

  private pump(): void {
    if (this.current || this.state !== "ready" || !this.worker) return;
    const job = this.queue.shift();
    if (!job) {
      this.notifySettled();
      return;
    }
    this.current = job;
    job.listener.started();
    const message: RunMessage = {
      type: "run", id: job.id, ns: job.ns, code: job.code, filename: job.filename,
      check: job.check, showResult: job.showResult ?? true, above: job.above,
    };
    this.send(message);
  }

  private finish(job: Job, outcome: JobOutcome): void {
    if (this.current === job) this.current = null;
    if (this.stopping === job) this.clearStop();
    if (outcome.status !== "ok" && job.group !== undefined) {
      this.cancel((other) => other.group === job.group);
    }
    this.settle(job, outcome);
    this.pump();
  }

  /** The outcome, once: to the job's promise and, after the runtime's own bookkeeping, its listener. */
  private settle(job: Job, outcome: JobOutcome): void {
    job.resolve(outcome);
    queueMicrotask(() => job.listener.finished(outcome));
  }

  private receive(worker: Worker, message: FromWorker): void {
    if (worker !== this.worker) return;     // a message from a worker we already ended
    const job = this.current;
    switch (message.type) {
      case "progress":
        if (message.preload) {
          if (this.state === "ready") this.emit({ state: "ready", message: message.message, preloading: true });
        } else if (message.id !== undefined) {
          if (job && job.id === message.id) job.listener.progress(message.message);
        } else {
          this.setState("loading", message.message);
        }
        break;
      case "ready":
        this.lastBootMs = message.bootMs;
        this.bootStages = message.stages;
        this.bootSnapshot = message.snapshot;
        this.versions = { python: message.python, numpy: message.numpy };
        window.clearTimeout(this.slowTimer);
        this.setState("ready", "", message.bootMs);
        this.pump();
        break;
      case "preloaded":
        if (this.state === "ready" && this.status.preloading) {
          this.emit({ state: "ready", message: "", bootMs: this.lastBootMs });
        }
        break;
      case "boot-error":
        this.bootFailed(message.message);
        break;
      case "stream":
        if (job?.id === message.id) job.listener.stream(message.name, message.text);
        break;
      case "figure":
        if (job?.id === message.id) job.listener.figure(message.num, message.png, message.width, message.height);
        break;
      case "result":
        if (job?.id === message.id) job.listener.result(message.repr);
        break;
      case "input":
        if (job?.id === message.id && this.input) job.listener.input(message.prompt, this.inputReply(job, this.input));
        break;
      case "done": {
        if (job?.id !== message.id) break;
        const outcome: JobOutcome = { status: message.ok ? "ok" : "error", done: message };
        if (message.unhealthy) {
          // The job ran; the Python it ran in cannot be trusted with another one.
          this.current = null;
          this.restartWorker(`unhealthy: ${message.unhealthy}`);
          outcome.replaced = message.unhealthy;
        }
        this.finish(job, outcome);
        break;
      }
      case "fatal":
        this.crashed(message.message);
        break;
      case "inspection": {
        const resolve = this.inspections.get(message.id);
        this.inspections.delete(message.id);
        if (message.error) console.warn("variables panel:", message.error);
        resolve?.(message.result);
        break;
      }
    }
  }

  /** Writes into the input buffer once, and only while the job that asked is still running. */
  private inputReply(job: Job, buffer: SharedArrayBuffer): InputReply {
    let open = true;
    const once = (write: () => void) => {
      if (!open || this.current !== job || this.input !== buffer) return;
      open = false;
      write();
    };
    return {
      answer: (text) => once(() => answerInput(buffer, text)),
      cancel: () => once(() => cancelInput(buffer)),
    };
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private setState(state: RuntimeState, message: string, bootMs?: number): void {
    this.state = state;
    this.emit({ state, message, bootMs });
    if (state === "error") this.notifySettled();
  }

  private notifySettled(): void {
    const settled = this.state === "error" || (this.state === "ready" && !this.current && !this.queue.length);
    if (settled) for (const listener of this.settledListeners.splice(0)) listener();
  }

  private emit(status: RuntimeStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }

  private bootFailed(why: string): void {
    window.clearTimeout(this.slowTimer);
    this.worker?.terminate();
    this.worker = null;
    this.dropInspections();
    this.setState("error", why);
    const pending = [...(this.current ? [this.current] : []), ...this.queue];
    this.current = null;
    this.queue = [];
    for (const job of pending) this.settle(job, { status: "unavailable", reason: why });
  }

  private crashed(why: string): void {
    this.restartWorker(`crash: ${why}`);
  }

  private endWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.setupDone.clear();
    this.dropInspections();
  }

  /** End the worker (every namespace is lost) and boot a fresh one. */
  private restartWorker(reason: string): void {
    const job = this.current;
    this.current = null;
    this.clearStop();
    this.endWorker();
    this.state = "idle";
    for (const listener of this.restartListeners) listener(reason);
    if (job) this.finish(job, { status: "restarted", reason });
    this.start();
  }
}
