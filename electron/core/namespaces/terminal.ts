// Shells on pseudo-terminals inside namespaces, for "Open terminal here". The pty comes from
// sys/pty.ts; the child is started in the namespace by the trampoline (like `ip netns exec`)
// under util-linux `setsid -c`, which makes it a session leader with the pty as its controlling
// terminal, so job control and Ctrl-C work. The master is read non-blocking when libuv says it
// is readable; output leaves as UTF-8 text, a multi-byte character split across reads kept
// whole.
import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ChildProcess } from 'node:child_process';
import koffi from 'koffi';
import type { EventPayload } from '../../../shared/contract';
import { StudioError } from '../../../shared/result';
import type { NsHandle } from '../net/ns-handle';
import * as libc from '../sys/libc';
import { EAGAIN, EINTR, openPty, readFd, setWindowSize, writeFd } from '../sys/pty';
import { spawnInNamespace, systemProgram, trampolineArgv } from './trampoline';

type PollHandle = ReturnType<typeof koffi.node.poll>;

export type TerminalEvent =
  | { event: 'terminal.output'; payload: EventPayload<'terminal.output'> }
  | { event: 'terminal.exit'; payload: EventPayload<'terminal.exit'> };

interface Terminal {
  id: string;
  master: number;
  child: ChildProcess;
  poll: PollHandle;
  decoder: StringDecoder;
  /** Typed input the terminal could not take yet (its buffer was full). */
  pending: Buffer[];
  masterOpen: boolean;
}

const defaultShell = (): string[] => [existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh'];

export class TerminalManager {
  private readonly terminals = new Map<string, Terminal>();
  private readonly buf = Buffer.alloc(64 * 1024);
  private counter = 0;

  constructor(private readonly emit: (e: TerminalEvent) => void) {}

  /**
   * Starts argv (a shell by default) on a new pseudo-terminal of cols × rows inside the
   * namespace; returns the terminal's id. Equals `ip netns exec NAME bash` in a terminal
   * emulator. `name` is the namespace's name, if any, for the /etc/netns binds.
   */
  open(handle: NsHandle, name: string | null, cols: number, rows: number, argv: string[] = defaultShell()): string {
    const { master, slavePath } = openPty();
    let slave = -1;
    let child: ChildProcess;
    try {
      setWindowSize(master, cols, rows);
      slave = libc.open(slavePath, libc.O_RDWR | libc.O_NOCTTY);
      child = spawnInNamespace(handle, [systemProgram('setsid'), '-w', '-c', ...trampolineArgv(name, argv)], {
        stdio: [slave, slave, slave],
        env: { ...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor' },
      });
    } catch (e) {
      libc.close(master);
      throw e;
    } finally {
      // The child has its own copies now; ours would keep the terminal from ever reporting EIO.
      if (slave >= 0) libc.close(slave);
    }
    const id = `t${++this.counter}`;
    const t: Terminal = {
      id,
      master,
      child,
      decoder: new StringDecoder('utf8'),
      pending: [],
      masterOpen: true,
      poll: koffi.node.poll(master, { readable: true }, (ev) => this.onPoll(t, ev.writable)),
    };
    this.terminals.set(id, t);
    let ended = false;
    const end = (exitCode: number | null, signal: string | null) => {
      if (ended) return;
      ended = true;
      this.drain(t);
      const rest = t.decoder.end();
      if (rest) this.emit({ event: 'terminal.output', payload: { id, data: rest } });
      this.release(t);
      this.emit({ event: 'terminal.exit', payload: { id, exitCode, signal } });
    };
    // A program that cannot start gets 'error' and no 'exit': say why in the terminal, then end it.
    child.on('error', (e) => {
      this.emit({ event: 'terminal.output', payload: { id, data: `\r\n[cannot start ${argv[0]}: ${e.message}]\r\n` } });
      end(null, null);
    });
    child.on('exit', (code, signal) => end(code, signal));
    return id;
  }

  /** Types data (UTF-8) into the terminal, as keys pressed. */
  write(id: string, data: string): void {
    const t = this.get(id);
    t.pending.push(Buffer.from(data, 'utf8'));
    this.flush(t);
  }

  /** Tells the terminal its new size (the programs in it get SIGWINCH). Equals `stty cols C rows R`. */
  resize(id: string, cols: number, rows: number): void {
    setWindowSize(this.get(id).master, cols, rows);
  }

  /** Hangs up: the pty closes and the shell gets SIGHUP; 'terminal.exit' follows when it is gone. */
  close(id: string): void {
    const t = this.get(id);
    this.release(t);
    t.child.kill('SIGHUP');
  }

  closeAll(): void {
    for (const id of [...this.terminals.keys()]) this.close(id);
  }

  ids(): string[] {
    return [...this.terminals.keys()];
  }

  private get(id: string): Terminal {
    const t = this.terminals.get(id);
    if (!t || !t.masterOpen) throw new StudioError('not-found', `no terminal ${id} (it may have ended)`, { field: 'id' });
    return t;
  }

  private onPoll(t: Terminal, writable: boolean): void {
    if (!t.masterOpen) return;
    if (writable) this.flush(t);
    this.drain(t);
  }

  /** Reads everything the terminal has now and emits it as text. */
  private drain(t: Terminal): void {
    let text = '';
    while (t.masterOpen) {
      const n = readFd(t.master, this.buf);
      if (n === -EINTR) continue;
      if (n <= 0) {
        // EAGAIN: nothing more now. EIO or 0: no process holds the terminal any more; stop
        // polling (it would report readable forever) and let the exit handler finish.
        if (n !== -EAGAIN) t.poll.stop();
        break;
      }
      text += t.decoder.write(this.buf.subarray(0, n));
    }
    if (text) this.emit({ event: 'terminal.output', payload: { id: t.id, data: text } });
  }

  /** Writes queued input; what does not fit waits for the terminal to be writable. */
  private flush(t: Terminal): void {
    while (t.masterOpen && t.pending.length) {
      const b = t.pending[0]!;
      const n = writeFd(t.master, b);
      if (n === -EAGAIN) break;
      if (n < b.length) t.pending[0] = b.subarray(n);
      else t.pending.shift();
    }
    if (!t.masterOpen) return;
    t.poll.start({ readable: true, writable: t.pending.length > 0 }, (ev) => this.onPoll(t, ev.writable));
  }

  private release(t: Terminal): void {
    if (!t.masterOpen) return;
    t.masterOpen = false;
    t.poll.close();
    libc.close(t.master);
    this.terminals.delete(t.id);
  }
}
