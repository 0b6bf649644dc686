// The core helper: a plain Node process, run as root (through pkexec, directly, or in the test
// sandbox), that serves the contract's privileged methods as JSON lines over stdio
// (shared/wire.ts). It trusts nobody, its parent included: every frame and every input is checked
// against the contract before anything runs, and a bad line is answered, never fatal.
// stdout carries protocol lines only; everything else goes to stderr.
import { isEventName, isMethodName, methods, type EventName, type PrivilegedMethodName } from '../../shared/contract';
import { fail, ok, toErrorInfo, zodErrorInfo, type Result } from '../../shared/result';
import { MAX_MESSAGE_BYTES, requestFrame, subscribeFrame } from '../../shared/wire';
import { LineSplitter } from '../lib/json-lines';
import { createCoreService, type CoreService } from './service';

// A stray console.log anywhere in the core would corrupt the protocol: send it to stderr.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const write = (frame: object) => {
  process.stdout.write(`${JSON.stringify(frame)}\n`);
};
const answer = (id: number | string | null, result: Result<unknown>) => write({ id, result });

function idOf(text: string): number | string | null {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'number' || typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export function serve(service: CoreService): void {
  const wanted = new Set<EventName>();
  let unsubscribe: (() => void) | null = null;

  const updateSubscription = () => {
    if (wanted.size > 0 && !unsubscribe) {
      unsubscribe = service.subscribe((event, payload) => {
        if (wanted.has(event)) write({ event, payload });
      });
    } else if (wanted.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  };

  async function handle(text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return answer(null, fail('invalid-input', 'the line is not JSON'));
    }
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && ('subscribe' in raw || 'unsubscribe' in raw)) {
      const sub = subscribeFrame.safeParse(raw);
      if (!sub.success) return answer(null, { ok: false, error: zodErrorInfo(sub.error) });
      const unknown = [...(sub.data.subscribe ?? []), ...(sub.data.unsubscribe ?? [])].filter((e) => !isEventName(e));
      if (unknown.length) return answer(null, fail('invalid-input', `no event named ${unknown.join(', ')}`, { field: 'subscribe' }));
      for (const e of sub.data.subscribe ?? []) wanted.add(e as EventName);
      for (const e of sub.data.unsubscribe ?? []) wanted.delete(e as EventName);
      return updateSubscription();
    }
    const frame = requestFrame.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      return answer(typeof id === 'number' || typeof id === 'string' ? id : null, { ok: false, error: zodErrorInfo(frame.error) });
    }
    const { id, method, input } = frame.data;
    if (!isMethodName(method)) return answer(id, fail('invalid-input', `no method named ${method}`, { field: 'method' }));
    if (methods[method].side !== 'privileged') {
      return answer(id, fail('invalid-input', `${method} is not served by the core helper`, { field: 'method' }));
    }
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) return answer(id, { ok: false, error: zodErrorInfo(parsed.error, 'input') });
    try {
      const value = await service.call(method as PrivilegedMethodName, parsed.data as never);
      answer(id, ok(value));
    } catch (e) {
      answer(id, { ok: false, error: toErrorInfo(e) });
    }
  }

  // Requests are handled as they come, without waiting for earlier ones: they are concurrent.
  const lines = new LineSplitter((e) => {
    if (e.kind === 'oversized') answer(null, fail('invalid-input', `a message is at most ${MAX_MESSAGE_BYTES} bytes; a line of ${e.bytes} bytes was dropped`));
    else
      void handle(e.text).catch((err) => {
        // a bug (a schema that throws, say) still gets an answer, so no caller waits forever
        console.error('core helper: unexpected', err);
        const id = idOf(e.text);
        answer(id, { ok: false, error: { ...toErrorInfo(err), code: 'internal' } });
      });
  });
  process.stdin.on('data', (chunk: Buffer) => lines.push(chunk));
  // The parent went away (or closed our input on purpose): nothing more to serve. A guarded
  // change still waiting for "keep" gets its rollback first: its timer must fire even with the
  // host gone (shared/guard.ts).
  process.stdin.on('end', () => {
    unsubscribe?.();
    void service.idle().finally(() => {
      service.close();
      process.exit(0);
    });
  });
  // Told to stop (the app quits): nobody is left to say "keep", so roll back now.
  process.on('SIGTERM', () => {
    void service.rollbackPending('the helper was stopped before it was kept').finally(() => process.exit(0));
  });
  // A broken stdout means the parent is gone too.
  process.stdout.on('error', () => process.exit(0));
}

// For tests only: NETNS_STUDIO_RECEIVE_BUFFER=BYTES gives the monitor's sockets that receive
// buffer instead of 4 MiB, so a storm of changes overflows it and the kernel drops events: the
// core then says 'resync' for real (e2e/live-model.e2e.test.ts). pkexec clears the environment,
// so the helper of an installed app never sees it.
const receiveBuffer = Number(process.env.NETNS_STUDIO_RECEIVE_BUFFER) || undefined;
serve(createCoreService({ receiveBuffer }));
