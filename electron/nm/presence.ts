// The system bus connection and whether NetworkManager is on it. One bus connection, opened on
// first use and again (1 s to 30 s apart) after it is lost; NetworkManager's name owner followed
// through NameOwnerChanged, so its stopping or restarting is a state ('vpn.status'), never a
// crash. Our secret agent lives and dies with the bus connection and registers again with every
// new NetworkManager (it forgets agents when it restarts).
import type { NmStatus } from '../../shared/vpn';
import { StudioError } from '../../shared/result';
import { SecretAgent, type AgentEvents } from './agent';
import { I_PROPS, NM, NM_PATH, callMethod, connectBus, nmError, onBusLost, str, unwrap, type DbusMessage, type MessageBus } from './bus';
import type { BusView } from './loader';
import type { Emit } from './state';

export const NOT_RUNNING = 'NetworkManager is not running';
export const STARTING = 'NetworkManager is starting';
/** How often a NetworkManager that owns its name but does not answer yet is asked again, 500 ms apart. */
const LOAD_RETRIES = 20;
const DBUS = 'org.freedesktop.DBus';
const DBUS_PATH = '/org/freedesktop/DBus';
const SIGNAL = 4; // dbus-next's MessageType.SIGNAL

export interface PresenceOptions {
  busAddress: string;
  /** Register a secret agent with this id; null: run without one. */
  agentId: string | null;
  agentEvents: AgentEvents;
  emit: Emit;
  /** NetworkManager appeared: load what it has (rejects when it does not answer). */
  load(bus: MessageBus): Promise<void>;
  /** The load finished and NetworkManager is reported running. */
  loaded(): void;
  /** NetworkManager went away: drop what it told us; returns the uuids of the profiles dropped. */
  forget(): string[];
  /** A signal from the NetworkManager that is running now. */
  signal(msg: DbusMessage): void;
}

export class Presence implements BusView {
  bus: MessageBus | null = null;
  /** Bumped when NetworkManager goes away, so loads under way then are dropped. */
  generation = 0;
  agent: SecretAgent | null = null;
  status: NmStatus = { running: false, version: null, message: 'not connected yet' };
  private nmOwner: string | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay = 1000;
  private loadRetries = 0;

  constructor(private readonly o: PresenceOptions) {}

  /** The bus, connecting first if there is none; rejects in words when it cannot be reached. */
  async ensureBus(): Promise<MessageBus> {
    if (this.closed) throw new StudioError('unavailable', 'the NetworkManager client is closed');
    if (this.bus) return this.bus;
    this.connecting ??= this.openBus().finally(() => (this.connecting = null));
    await this.connecting;
    if (!this.bus) throw new StudioError('unavailable', this.status.message ?? NOT_RUNNING);
    return this.bus;
  }

  /** The bus, when NetworkManager is running and loaded; otherwise why not, in words. */
  async requireRunning(): Promise<MessageBus> {
    const b = await this.ensureBus();
    if (!this.nmOwner || !this.status.running) throw new StudioError('unavailable', this.status.message ?? NOT_RUNNING);
    return b;
  }

  /** The agent, or a refusal for a client made without one. */
  requireAgent(): SecretAgent {
    if (!this.agent) throw new StudioError('unsupported', 'this client runs without a secret agent');
    return this.agent;
  }

  /** NetworkManager is loaded and reported running (BusView). */
  get ready(): boolean {
    return this.status.running;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => {});
    const b = this.bus;
    this.bus = null;
    if (b) {
      await this.agent?.unregister();
      this.agent?.detach();
      b.disconnect();
    }
  }

  private setStatus(s: NmStatus): void {
    const { status } = this;
    const changed = s.running !== status.running || s.message !== status.message || s.version !== status.version;
    this.status = s;
    if (changed) this.o.emit('vpn.status', s);
  }

  private async openBus(): Promise<void> {
    let b: MessageBus | null = null;
    try {
      b = await connectBus(this.o.busAddress);
      const bb = b;
      onBusLost(bb, () => this.lostBus(bb));
      bb.on('message', (msg: DbusMessage) => this.onMessage(msg));
      const match = (rule: string) => callMethod(bb, DBUS, DBUS_PATH, DBUS, 'AddMatch', 's', [rule]);
      await match(`type='signal',sender='${NM}'`);
      await match(`type='signal',sender='${DBUS}',interface='${DBUS}',member='NameOwnerChanged',arg0='${NM}'`);
    } catch (e) {
      b?.disconnect();
      const why = e instanceof Error ? e.message : String(e);
      this.setStatus({ running: false, version: null, message: `the system bus is not reachable (${this.o.busAddress}): ${why}` });
      this.retryLater();
      return;
    }
    if (this.closed) {
      b.disconnect();
      return;
    }
    this.retryDelay = 1000;
    this.bus = b;
    if (this.o.agentId !== null) this.agent = new SecretAgent(b, this.o.agentId, this.o.agentEvents);
    const [owner] = await callMethod(b, DBUS, DBUS_PATH, DBUS, 'GetNameOwner', 's', [NM]).catch(() => ['']);
    if (owner) await this.appeared(String(owner));
    else this.setStatus({ running: false, version: null, message: NOT_RUNNING });
  }

  private lostBus(b: MessageBus): void {
    if (this.bus !== b) return;
    this.gone('the connection to the system bus was lost');
    this.bus = null;
    this.agent = null;
    b.disconnect();
    this.retryLater();
  }

  /** Without a bus there is no signal to wait for: try again, less and less often (1 s to 30 s). */
  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureBus().catch(() => {});
    }, this.retryDelay);
    this.retryTimer.unref(); // never the reason a process (netns-ctl) stays alive
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  private async appeared(owner: string): Promise<void> {
    this.nmOwner = owner;
    const gen = this.generation;
    try {
      const b = this.bus!;
      const version = str(unwrap((await callMethod(b, NM, NM_PATH, I_PROPS, 'Get', 'ss', [NM, 'Version']))[0]));
      // Without our agent everything but password prompts still works: say so, do not fail.
      const agentProblem = await this.agent?.register().then(
        () => null,
        (e: unknown) => `NetworkManager runs, but our secret agent could not register (${nmError(e, 'RegisterWithCapabilities').message}): password prompts will not reach this app`,
      );
      await this.o.load(b);
      if (gen !== this.generation) return;
      this.setStatus({ running: true, version, message: agentProblem ?? null });
      this.o.loaded();
    } catch (e) {
      if (gen !== this.generation) return;
      // A NetworkManager that has just taken its name may not answer on its objects yet: to a
      // person that is a start, not D-Bus's "Method Get ... doesn't exist" (which the panel
      // flashed). Only when it still does not answer after the retries is the error the news.
      const retry = this.loadRetries < LOAD_RETRIES;
      this.gone(retry ? STARTING : `NetworkManager runs but does not answer (${nmError(e, 'loading').message})`);
      // If it went away, NameOwnerChanged tells us when it is back. But with the same owner still
      // on the bus nothing else will wake us, so look again shortly (a few times).
      if (retry) {
        this.loadRetries++;
        const retryGen = this.generation;
        setTimeout(() => {
          if (!this.closed && this.bus && this.nmOwner === null && this.generation === retryGen) void this.appeared(owner);
        }, 500).unref();
      }
      return;
    }
    this.loadRetries = 0;
  }

  private gone(message: string): void {
    this.generation++;
    this.nmOwner = null;
    const uuids = this.o.forget();
    this.agent?.forgetAll();
    this.setStatus({ running: false, version: null, message });
    for (const uuid of uuids) this.o.emit('vpn.removed', { uuid });
  }

  private onMessage(msg: DbusMessage): void {
    if (msg.type !== SIGNAL) return;
    if (msg.member === 'NameOwnerChanged' && msg.interface === DBUS) {
      const [name, , newOwner] = msg.body as [string, string, string];
      if (name !== NM) return;
      if (newOwner) {
        if (this.nmOwner !== newOwner) {
          if (this.nmOwner) this.gone('NetworkManager restarted');
          void this.appeared(newOwner);
        }
      } else if (this.nmOwner) this.gone(`${NOT_RUNNING} (it stopped)`);
      return;
    }
    if (this.nmOwner && msg.sender === this.nmOwner) this.o.signal(msg);
  }
}
