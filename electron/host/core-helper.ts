// Supervises the core helper process and speaks its protocol: JSON lines over stdio, requests
// with ids, answers matched by id, events after we subscribe (shared/wire.ts). If a helper that
// was running dies the host says so ('core.status') and starts it again with a growing delay;
// pending requests get an "unavailable" answer instead of hanging.
// A helper that ends before its first answer failed to start (dialog dismissed, not authorized,
// program missing, a crash at load): that is final. Starting it again would show the password
// dialog again, so every request is answered with that failure until a person asks to try again
// (retry(), the window's "Try again"): pages ask on their own (polls, panels), a person does not.
// The status then says what happened in a sentence, with the last lines the helper wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventName, EventPayload } from '../../shared/contract';
import { fail, type ErrorCode, type Result } from '../../shared/result';
import { eventFrame, MAX_ANSWER_BYTES, requestSizeError, responseFrame, utf8Bytes } from '../../shared/wire';
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
  private answered = false; // the current child has written its first line: it runs
  private stderrTail: string[] = []; // the current child's last stderr lines, for the failure text
  // A failed start: the answer to every request until retry(), so only a person's action asks again.
  private failure: { code: ErrorCode; message: string } | null = null;
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

  /** A person asked to try again after a failed start: start once more (one password prompt). */
  retry(): void {
    this.failure = null;
    this.start();
  }

  /** Sends one request; always resolves with a Result, never rejects. */
  call(method: string, input: unknown): Promise<Result<unknown>> {
    const { unavailable } = this.options.command;
    if (unavailable) return Promise.resolve(fail('unavailable', unavailable));
    if (this.failure && !this.child) return Promise.resolve(fail(this.failure.code, this.failure.message));
    const id = this.nextId++;
    // The helper drops a line longer than it reads and can then answer no one: such a request
    // is refused here, at once, and never sent.
    const line = JSON.stringify({ id, method, input });
    const tooLarge = requestSizeError(utf8Bytes(line));
    if (tooLarge) return Promise.resolve(tooLarge);
    // After stop() (the app quitting) a late call must not start the helper again.
    if (!this.child && !this.stopped) this.start();
    const child = this.child;
    if (!child?.stdin?.writable) return Promise.resolve(fail('unavailable', this.unavailableText()));
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      child.stdin!.write(`${line}\n`);
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
    const { command, args, env, unavailable } = this.options.command;
    if (unavailable) return this.setStatus({ state: 'failed', message: unavailable });
    this.setStatus({ state: this.attempt === 0 ? 'starting' : 'restarting', message: this.attempt === 0 ? null : this.status.message });
    const startedAt = Date.now();
    this.answered = false;
    this.stderrTail = [];
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
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
    child.stderr!.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      if (this.child === child) this.keepStderr(text);
      this.options.onStderr?.(text);
    });
    child.stdin!.on('error', () => {}); // the exit handler below says what happened
    child.on('close', (code, signal) => {
      if (this.child === child) {
        this.child = null;
        this.spawned = false;
      }
      this.exited(code, signal, startedAt, spawnError);
    });
  }

  /** The last few non-empty lines, each cut short: enough to say why, never a flood. */
  private keepStderr(text: string) {
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
    this.stderrTail = [...this.stderrTail, ...lines].slice(-STDERR_LINES);
  }

  private onLine(text: string) {
    this.answered = true;
    if (this.status.state !== 'running') this.setStatus({ state: 'running', message: null });
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.options.onStderr?.('core helper: a line that is not JSON');
      return;
    }
    const event = eventFrame.safeParse(raw);
    if (event.success) {
      // which events exist and what they carry is checked by the host (host.ts), for every source
      for (const fn of this.listeners) fn(event.data.event as EventName, event.data.payload);
      return;
    }
    const answer = responseFrame.safeParse(raw);
    if (!answer.success) {
      // an answer without a usable id or result may still carry one of our ids: answer its caller
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && id !== 0 && this.settle(id, fail('internal', 'the core helper sent an answer that is not a result'))) return;
      // JSON, but not a frame (null, a number, a list): as unreadable as the above, not a crash
      this.options.onStderr?.('core helper: a line that is not a frame');
      return;
    }
    const { id, result } = answer.data;
    if (id === 0) return; // the answer to the start-up probe
    if (typeof id !== 'number') {
      // an answer to a line it could not read: a bug on our side, say so where someone can see it
      this.options.onStderr?.(`core helper: ${text}`);
      return;
    }
    this.settle(id, result);
  }

  /** Gives a pending request its answer; false when no request has this id. */
  private settle(id: number, result: Result<unknown>): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    p.resolve(result);
    return true;
  }

  private exited(code: number | null, signal: NodeJS.Signals | null, startedAt: number, spawnError: string | null) {
    if (!this.answered || spawnError) return this.failedToStart(code, signal, spawnError);
    const message = signal ? `the core helper was killed by ${signal}` : `the core helper exited with code ${code}`;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve(fail('unavailable', `${message} before it answered`));
    }
    if (this.stopped) return this.setStatus({ state: 'stopped', message: null });
    if (Date.now() - startedAt > this.stableAfter) this.attempt = 0;
    const delay = this.backoff[Math.min(this.attempt, this.backoff.length - 1)] ?? 1000;
    this.attempt++;
    this.setStatus({ state: 'restarting', message: `${message}; starting it again in ${Math.round(delay / 100) / 10} s` });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.spawnChild();
    }, delay);
  }

  /** Final: said in words, with what the helper wrote, until a person asks to try again. */
  private failedToStart(code: number | null, signal: NodeJS.Signals | null, spawnError: string | null) {
    const why = startFailure({ code, signal, spawnError, viaPkexec: this.options.command.viaPkexec, stderr: this.stderrTail });
    const message = this.stderrTail.length ? `${why.message}\nIt wrote: ${this.stderrTail.join('\n')}` : why.message;
    this.failure = { code: why.code, message };
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve(fail(why.code, message));
    }
    this.attempt = 0;
    if (this.stopped) return this.setStatus({ state: 'stopped', message: null });
    this.setStatus({ state: 'failed', message });
  }
}

const STDERR_LINES = 4;

export interface StartFailure {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: string | null;
  viaPkexec: boolean;
  stderr: string[];
}

/**
 * Why a helper ended before its first answer, in a sentence. pkexec(1): 126 means the user
 * dismissed the authentication dialog; 127 means not authorized, no way to ask (no agent), or
 * the program could not be run; its own message on stderr tells which. Without pkexec, 126/127
 * are the shell's "cannot execute" / "not found".
 */
export function startFailure(f: StartFailure): { code: ErrorCode; message: string } {
  const said = f.stderr.join('\n');
  if (f.spawnError) {
    return { code: 'unavailable', message: `The core helper could not be started: ${f.spawnError}.` };
  }
  if (f.viaPkexec && f.code === 126) {
    return { code: 'auth-dismissed', message: 'The password dialog was dismissed, so the core helper did not start. Try again to be asked once more.' };
  }
  if (f.viaPkexec && f.code === 127) {
    if (/not authori[sz]ed/i.test(said)) {
      return { code: 'not-authorized', message: 'Your account may not run the core helper: polkit did not authorize it. An administrator can allow it (polkit action org.netnsstudio.core).' };
    }
    if (/authentication agent/i.test(said)) {
      return { code: 'not-authorized', message: 'No password dialog could be shown: no polkit authentication agent runs in this session, so the core helper did not start.' };
    }
    return { code: 'unavailable', message: 'pkexec could not run the core helper program (exit 127): it is missing or cannot be run. Reinstalling the netns-studio package puts it back.' };
  }
  if (f.code === 127) return { code: 'unavailable', message: 'The core helper program was not found (exit 127).' };
  if (f.code === 126) return { code: 'unavailable', message: 'The core helper program cannot be run (exit 126): it is not executable.' };
  if (f.signal) return { code: 'unavailable', message: `The core helper was killed by ${f.signal} before it answered.` };
  return { code: 'unavailable', message: `The core helper stopped before it answered (exit code ${f.code}).` };
}
