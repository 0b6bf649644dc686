// Supervises the core helper process and speaks its protocol: JSON lines over stdio, requests
// with ids, answers matched by id, events after we subscribe (shared/wire.ts). If the helper dies
// the host says so ('core.status') and starts it again with a growing delay; pending requests get
// an "unavailable" answer instead of hanging. pkexec's exit codes 126/127 mean the user dismissed
// the dialog or may not run it: then we wait for the next request before asking again.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventName, EventPayload } from '../../shared/contract';
import { errorSchema, fail, type Result } from '../../shared/result';
import { MAX_ANSWER_BYTES } from '../../shared/wire';
import { LineSplitter } from '../lib/json-lines';
import type { HelperCommand } from './helper-command';

export type CoreState = EventPayload<'core.status'>['state'];
export type CoreStatus = EventPayload<'core.status'>;
export type CoreListener = (event: EventName, payload: unknown) => void;

export interface CoreHelperOptions {
  command: HelperCommand;
  /** Restart delays in ms, the last repeated; reset after a helper ran this long. */
  backoffMs?: number[];
  stableAfterMs?: number;
  onStderr?: (text: string) => void;
}

interface Pending {
  resolve: (r: Result<unknown>) => void;
}

export class CoreHelper {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Set<CoreListener>();
  private subscribed = new Set<EventName>();
  private statusListeners = new Set<(s: CoreStatus) => void>();
  private status: CoreStatus = { state: 'stopped', message: null };
  private attempt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private spawned = false; // the current child process exists (it may still wait for pkexec)
  private readonly backoff: number[];
  private readonly stableAfter: number;

  constructor(private readonly options: CoreHelperOptions) {
    this.backoff = options.backoffMs ?? [250, 1000, 3000, 10_000];
    this.stableAfter = options.stableAfterMs ?? 10_000;
  }

  get currentStatus(): CoreStatus {
    return this.status;
  }

  onStatus(fn: (s: CoreStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => void this.statusListeners.delete(fn);
  }

  /** Starts the helper if it is not running (also after pkexec was dismissed). */
  start(): void {
    this.stopped = false;
    if (this.child || this.restartTimer) return;
    this.spawnChild();
  }

  /** Sends one request; always resolves with a Result, never rejects. */
  call(method: string, input: unknown): Promise<Result<unknown>> {
    // After stop() (the app quitting) a late call must not start the helper again.
    if (!this.child && !this.stopped) this.start();
    const child = this.child;
    if (!child?.stdin?.writable) return Promise.resolve(fail('unavailable', this.unavailableText()));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      child.stdin!.write(`${JSON.stringify({ id, method, input })}\n`);
    });
  }

  /** Receives every core event the host asked for with want(). */
  subscribe(fn: CoreListener): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** Tells the helper which events to stream (kept across restarts). */
  want(events: EventName[]): void {
    const add = events.filter((e) => !this.subscribed.has(e));
    const drop = [...this.subscribed].filter((e) => !events.includes(e));
    this.subscribed = new Set(events);
    // before the helper runs, its 'spawn' handler sends the whole set
    if (!this.spawned) return;
    if (add.length || drop.length) this.send({ ...(add.length ? { subscribe: add } : {}), ...(drop.length ? { unsubscribe: drop } : {}) });
  }

  /** Stops the helper for good: closing its stdin makes it exit. */
  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (child) {
      child.stdin?.end();
      // a helper stuck in a system call still goes away
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'), 2000).unref();
    }
    this.setStatus({ state: 'stopped', message: null });
  }

  private send(frame: object) {
    if (this.child?.stdin?.writable) this.child.stdin.write(`${JSON.stringify(frame)}\n`);
  }

  private unavailableText() {
    return this.status.message ? `the core helper is not running: ${this.status.message}` : 'the core helper is not running';
  }

  private setStatus(s: CoreStatus) {
    if (s.state === this.status.state && s.message === this.status.message) return;
    this.status = s;
    for (const fn of this.statusListeners) fn(s);
  }

  private spawnChild() {
    const { command, args } = this.options.command;
    this.setStatus({ state: this.attempt === 0 ? 'starting' : 'restarting', message: this.status.message });
    const startedAt = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      this.exited(null, null, startedAt, e instanceof Error ? e.message : String(e));
      return;
    }
    this.child = child;
    let spawnError: string | null = null;
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.on('spawn', () => {
      this.spawned = true;
      // Started is not running: pkexec may still be showing its dialog. The helper's first line
      // says it is up, so ask it something it answers at once (id 0 is never a real request).
      if (this.options.command.viaPkexec) this.setStatus({ state: 'starting', message: 'waiting for authentication' });
      this.send({ id: 0, method: 'host.info' });
      if (this.subscribed.size) this.send({ subscribe: [...this.subscribed] });
    });
    const lines = new LineSplitter((e) => (e.kind === 'line' ? this.onLine(e.text) : this.options.onStderr?.(`core helper: dropped a ${e.bytes}-byte line`)), MAX_ANSWER_BYTES);
    child.stdout!.on('data', (c: Buffer) => lines.push(c));
    child.stderr!.on('data', (c: Buffer) => this.options.onStderr?.(c.toString('utf8')));
    child.stdin!.on('error', () => {}); // the exit handler below says what happened
    child.on('close', (code, signal) => {
      if (this.child === child) {
        this.child = null;
        this.spawned = false;
      }
      this.exited(code, signal, startedAt, spawnError);
    });
  }

  private onLine(text: string) {
    if (this.status.state !== 'running') this.setStatus({ state: 'running', message: null });
    let frame: { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      this.options.onStderr?.('core helper: a line that is not JSON');
      return;
    }
    // JSON, but not a frame (null, a number, a list): as unreadable as the above, not a crash.
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
      this.options.onStderr?.('core helper: a line that is not a frame');
      return;
    }
    if (typeof frame.event === 'string') {
      for (const fn of this.listeners) fn(frame.event as EventName, frame.payload);
      return;
    }
    if (frame.id === 0) return; // the answer to the start-up probe
    if (typeof frame.id !== 'number') {
      // an answer to a line it could not read: a bug on our side, say so where someone can see it
      this.options.onStderr?.(`core helper: ${text}`);
      return;
    }
    const p = this.pending.get(frame.id);
    if (!p) return;
    this.pending.delete(frame.id);
    p.resolve(asResult(frame.result));
  }

  private exited(code: number | null, signal: NodeJS.Signals | null, startedAt: number, spawnError: string | null) {
    const { viaPkexec } = this.options.command;
    let message: string;
    let final = false;
    if (spawnError) message = `the core helper could not start: ${spawnError}`;
    else if (viaPkexec && (code === 126 || code === 127)) {
      message = code === 126 ? 'authentication dismissed' : 'not authorized to run the core helper';
      final = true;
    } else message = signal ? `the core helper was killed by ${signal}` : `the core helper exited with code ${code}`;
    const code_ = final ? (code === 126 ? 'auth-dismissed' : 'not-authorized') : 'unavailable';
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve(fail(code_, final ? message : `${message} before it answered`));
    }
    if (this.stopped) return this.setStatus({ state: 'stopped', message: null });
    if (final || spawnError) {
      // asking for a password again and again would be hostile: wait for the next request
      this.attempt = 0;
      return this.setStatus({ state: 'failed', message });
    }
    if (Date.now() - startedAt > this.stableAfter) this.attempt = 0;
    const delay = this.backoff[Math.min(this.attempt, this.backoff.length - 1)] ?? 1000;
    this.attempt++;
    this.setStatus({ state: 'restarting', message: `${message}; starting it again in ${Math.round(delay / 100) / 10} s` });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.spawnChild();
    }, delay);
  }
}

function asResult(r: unknown): Result<unknown> {
  const x = r as { ok?: unknown; value?: unknown; error?: unknown } | null;
  if (x?.ok === true) return { ok: true, value: x.value };
  if (x?.ok === false) {
    const e = errorSchema.safeParse(x.error);
    if (e.success) return { ok: false, error: e.data };
  }
  return fail('internal', 'the core helper sent an answer that is not a result');
}
