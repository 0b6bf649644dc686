// Our NetworkManager secret agent: NetworkManager calls GetSecrets on the object we export when
// a VPN needs a password, a key pass phrase or a second-factor response; each call becomes a
// secret request the UI answers (or cancels). Registered with VPN_HINTS, so NetworkManager hands
// us the plugin's hints instead of expecting us to run the plugin's own auth dialog.
// Secrets are never logged and never kept here: they go straight into the D-Bus reply.
import { randomUUID } from 'node:crypto';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { SecretRequest } from '../../shared/vpn';
import { StudioError } from '../../shared/result';
import { Message, Variant, callMethod, NM, NM_PATH, unwrap, type DbusMessage, type MessageBus } from './bus';
import { secretFlags } from './reasons';

const AGENT_PATH = '/org/freedesktop/NetworkManager/SecretAgent';
const AGENT_IFACE = 'org.freedesktop.NetworkManager.SecretAgent';
const AGENT_ERR = 'org.freedesktop.NetworkManager.SecretAgent';
const CAP_VPN_HINTS = 0x1; // NM_SECRET_AGENT_CAPABILITY_VPN_HINTS
const ALLOW_INTERACTION = 0x1; // NM_SECRET_AGENT_GET_SECRETS_FLAG_ALLOW_INTERACTION
const REQUEST_NEW = 0x2; // NM_SECRET_AGENT_GET_SECRETS_FLAG_REQUEST_NEW: the last answer did not work

interface Pending {
  msg: DbusMessage;
  request: SecretRequest;
  connectionPath: string;
}

export interface AgentEvents {
  /**
   * The request as the user will see and answer it, made from what NetworkManager asked
   * (`retry`: it flagged the request REQUEST_NEW, the last answer did not work).
   */
  present(request: SecretRequest, retry: boolean): SecretRequest;
  requested(request: SecretRequest): void;
  canceled(requestId: string): void;
}

const labels: Record<string, string> = {
  password: 'Password',
  'cert-pass': 'Private key pass phrase',
  'challenge-response': 'Response',
  'http-proxy-password': 'HTTP proxy password',
  'private-key': 'WireGuard private key',
  'preshared-key': 'WireGuard pre-shared key',
};

type Settings = Record<string, Record<string, unknown>>;

/**
 * The fields to ask for. The plugin's hints when NetworkManager passed some; otherwise what the
 * profile's "<secret>-flags" keys say is needed and not stored (NetworkManager's first request has
 * no hints). Hints as libnm names them (NM_SECRET_TAG_*): "x-vpn-message:TEXT" is text to show,
 * "x-dynamic-challenge:KEY" / "x-dynamic-challenge-echo:KEY" a second-factor challenge whose
 * answer goes in KEY (hidden / shown as typed), with the challenge text as the message; nm-openvpn
 * sends "x-dynamic-challenge:challenge-response".
 */
export function secretFields(settingName: string, settings: Settings, hints: string[]): Pick<SecretRequest, 'fields' | 'message'> {
  let message: string | null = null;
  const keys: string[] = [];
  const challenges = new Map<string, boolean>(); // key -> hidden
  for (const h of hints) {
    if (h.startsWith('x-vpn-message:')) message = h.slice('x-vpn-message:'.length);
    else if (h.startsWith('x-dynamic-challenge-echo:')) challenges.set(h.slice('x-dynamic-challenge-echo:'.length), false);
    else if (h.startsWith('x-dynamic-challenge:')) challenges.set(h.slice('x-dynamic-challenge:'.length), true);
    else if (!h.startsWith('x-')) keys.push(h);
  }
  for (const key of challenges.keys()) if (key && !keys.includes(key)) keys.push(key);
  if (!keys.length && settingName === 'vpn') {
    const vpn = settings.vpn ?? {};
    const data = (vpn.data ?? {}) as Record<string, string>;
    const have = (vpn.secrets ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(data)) {
      if (!k.endsWith('-flags')) continue;
      const key = k.slice(0, -'-flags'.length);
      const flags = Number(v);
      if (flags & secretFlags.notRequired || have[key]) continue;
      // a key pass phrase is needed only for an encrypted key (a file we may be able to read)
      if (key === 'cert-pass' && !(flags & secretFlags.notSaved) && !keyLooksEncrypted(data.key)) continue;
      keys.push(key);
    }
    const type = data['connection-type'];
    if (!keys.includes('password') && (type === 'password' || type === 'password-tls') && !have.password) keys.push('password');
  }
  if (!keys.length && settingName === 'wireguard') keys.push('private-key');
  const fields = keys.map((key) => ({
    key,
    label: labels[key] ?? key,
    secret: challenges.get(key) ?? true,
    // the challenge text is the question this field answers
    prompt: challenges.has(key) ? message : null,
  }));
  return { fields, message };
}

/** How much of a key file is read: PEM says "ENCRYPTED" in its first lines (a few attribute lines may come first). */
const KEY_HEAD_BYTES = 8192;

/** Whether the PEM key at path is encrypted, from its head only: a profile may name any file. */
function keyLooksEncrypted(path: string | undefined): boolean {
  if (!path) return false;
  let fd: number | null = null;
  try {
    // non-blocking: a FIFO must not stop the agent (for a regular file it changes nothing)
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const head = Buffer.alloc(KEY_HEAD_BYTES);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes('ENCRYPTED');
  } catch {
    return true; // cannot read it (root-only): better to ask than to fail with "no secrets"
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export class SecretAgent {
  private pending = new Map<string, Pending>();
  private registered = false;
  private readonly handler = (msg: DbusMessage): boolean => this.onMethodCall(msg);

  constructor(
    private readonly bus: MessageBus,
    private readonly id: string,
    private readonly events: AgentEvents,
  ) {
    bus.addMethodHandler(this.handler);
  }

  /** AgentManager.RegisterWithCapabilities; again after every NetworkManager restart (it forgets agents). */
  async register(): Promise<void> {
    await callMethod(this.bus, NM, `${NM_PATH}/AgentManager`, `${NM}.AgentManager`, 'RegisterWithCapabilities', 'su', [this.id, CAP_VPN_HINTS]);
    this.registered = true;
  }

  async unregister(): Promise<void> {
    if (!this.registered) return;
    this.registered = false;
    await callMethod(this.bus, NM, `${NM_PATH}/AgentManager`, `${NM}.AgentManager`, 'Unregister').catch(() => {});
  }

  /** NetworkManager went away: its pending calls will never be answered. */
  forgetAll(): void {
    this.registered = false;
    for (const id of [...this.pending.keys()]) {
      this.pending.delete(id);
      this.events.canceled(id);
    }
  }

  detach(): void {
    for (const [id, p] of this.pending) {
      this.bus.send(errorReply(p.msg, `${AGENT_ERR}.AgentCanceled`, 'the secret agent is closing'));
      this.events.canceled(id);
    }
    this.pending.clear();
    this.bus.removeMethodHandler(this.handler);
  }

  /** The pending request, as it was presented. */
  request(requestId: string): SecretRequest {
    return this.pendingOf(requestId).request;
  }

  private pendingOf(requestId: string): Pending {
    const p = this.pending.get(requestId);
    if (!p) throw new StudioError('not-found', `no pending secret request ${requestId} (answered, canceled or timed out)`, { field: 'requestId' });
    return p;
  }

  /** Sends the secrets to NetworkManager. Only the keys that were asked for are accepted. */
  answer(requestId: string, secrets: Record<string, string>): void {
    const p = this.pendingOf(requestId);
    const asked = new Set(p.request.fields.map((f) => f.key));
    for (const k of Object.keys(secrets)) {
      if (!asked.has(k)) throw new StudioError('invalid-input', `secrets.${k}: this request did not ask for ${k} (asked: ${[...asked].join(', ') || 'nothing'})`, { field: `secrets.${k}` });
    }
    this.pending.delete(requestId);
    const setting = p.request.settingName;
    const body =
      setting === 'vpn'
        ? { vpn: { secrets: new Variant('a{ss}', secrets) } }
        : { [setting]: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, new Variant('s', v)])) };
    this.bus.send(Message.newMethodReturn(p.msg, 'a{sa{sv}}', [body]));
  }

  /** The user said no: NetworkManager fails the attempt with "no secrets". */
  cancel(requestId: string): void {
    const p = this.pendingOf(requestId);
    this.pending.delete(requestId);
    this.bus.send(errorReply(p.msg, `${AGENT_ERR}.UserCanceled`, 'the user canceled the secret request'));
    this.events.canceled(requestId);
  }

  private onMethodCall(msg: DbusMessage): boolean {
    if (msg.path !== AGENT_PATH || (msg.interface && msg.interface !== AGENT_IFACE)) return false;
    switch (msg.member) {
      case 'GetSecrets':
        this.getSecrets(msg);
        return true;
      case 'CancelGetSecrets': {
        const [connectionPath, settingName] = msg.body as [string, string];
        for (const [id, p] of this.pending) {
          if (p.connectionPath === connectionPath && p.request.settingName === settingName) {
            this.pending.delete(id);
            this.bus.send(errorReply(p.msg, `${AGENT_ERR}.AgentCanceled`, 'NetworkManager canceled the request'));
            this.events.canceled(id);
          }
        }
        this.bus.send(Message.newMethodReturn(msg));
        return true;
      }
      case 'SaveSecrets':
      case 'DeleteSecrets':
        // We keep no secrets of our own: saved ones are NetworkManager's (system-owned).
        this.bus.send(Message.newMethodReturn(msg));
        return true;
      default:
        return false;
    }
  }

  private getSecrets(msg: DbusMessage): void {
    const [rawSettings, connectionPath, settingName, hints, flags] = msg.body as [unknown, string, string, string[], number];
    const settings = unwrap(rawSettings) as Settings;
    const conn = (settings.connection ?? {}) as Record<string, string>;
    if (settingName !== 'vpn' && settingName !== 'wireguard') {
      // Wi-Fi, 802.1X...: another agent (the desktop's) may know; NoSecrets lets NetworkManager ask it
      this.bus.send(errorReply(msg, `${AGENT_ERR}.NoSecrets`, 'this agent only answers for VPN connections'));
      return;
    }
    if (!(flags & ALLOW_INTERACTION)) {
      // We keep no secrets and may not ask: "nothing to add", as an empty vpn.secrets. NetworkManager
      // then answers from what it stored and writes nothing. Two other answers do harm: no answer
      // at all (an error, or no vpn setting) makes its GetSecrets fail with "no agents were
      // available", even for secrets it has; and handing back the saved secrets it sent us counts
      // as new system secrets, which it writes to disk, so every read with secrets (ours before an
      // edit, `nmcli --show-secrets`) rewrote the profile with the secrets of the moment the read
      // began, undoing a change made meanwhile (agent.nm.test.ts).
      this.bus.send(Message.newMethodReturn(msg, 'a{sa{sv}}', [settingName === 'vpn' ? { vpn: { secrets: new Variant('a{ss}', {}) } } : {}]));
      return;
    }
    const retry = (flags & REQUEST_NEW) !== 0;
    const { fields, message } = secretFields(settingName, settings, hints ?? []);
    const request = this.events.present({ requestId: randomUUID(), uuid: conn.uuid ?? '', name: conn.id ?? '', settingName, fields, message }, retry);
    this.pending.set(request.requestId, { msg, request, connectionPath });
    this.events.requested(request);
  }
}

function errorReply(msg: DbusMessage, name: string, text: string): DbusMessage {
  return (Message.newError as unknown as (m: DbusMessage, n: string, t: string) => DbusMessage)(msg, name, text);
}
