// A minimal client of the core helper's JSON-lines protocol (shared/wire.ts), for benchmarks.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const helperPath = new URL('../dist/core.cjs', import.meta.url).pathname;

export class HelperClient {
  static async start() {
    const c = new HelperClient();
    await c.call('namespace.list', {}); // ready when it answers
    return c;
  }

  constructor() {
    this.child = spawn('node', [helperPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.pid = this.child.pid;
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = new Set();
    createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const msg = JSON.parse(line);
      if ('event' in msg) {
        for (const w of this.waiters) if (w.event === msg.event && w.match(msg.payload)) w.resolve(msg.payload);
      } else if (this.pending.has(msg.id)) {
        this.pending.get(msg.id)(msg.result);
        this.pending.delete(msg.id);
      }
    });
  }

  call(method, input) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (r) => (r.ok ? resolve(r.value) : reject(new Error(r.error.message))));
      this.child.stdin.write(JSON.stringify({ id, method, input }) + '\n');
    });
  }

  async timed(method, input) {
    const t0 = performance.now();
    await this.call(method, input);
    return performance.now() - t0;
  }

  async subscribe() {
    this.child.stdin.write(JSON.stringify({ subscribe: ['link.changed'] }) + '\n');
    await new Promise((r) => setTimeout(r, 200)); // the monitor opens its sockets
  }

  waitFor(event, match, timeoutMs) {
    return new Promise((resolve, reject) => {
      const w = {
        event,
        match,
        resolve: (p) => {
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve(p);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  async close() {
    this.child.stdin.end();
    await new Promise((r) => this.child.on('exit', r));
  }
}
