// A thin layer over dbus-next's message bus: method calls by path/interface/member without
// introspection (NetworkManager's API is fixed; introspecting every object would double the
// round trips), variant unwrapping, and D-Bus errors turned into StudioErrors in words.
import dbus from 'dbus-next';
import { StudioError } from '../../shared/result';

export const NM = 'org.freedesktop.NetworkManager';
export const NM_PATH = '/org/freedesktop/NetworkManager';
export const SETTINGS_PATH = `${NM_PATH}/Settings`;
export const I_SETTINGS = `${NM}.Settings`;
export const I_CONN = `${NM}.Settings.Connection`;
export const I_ACTIVE = `${NM}.Connection.Active`;
export const I_VPN = `${NM}.VPN.Connection`;
export const I_PROPS = 'org.freedesktop.DBus.Properties';
export const { Message, Variant } = dbus;
export type MessageBus = dbus.MessageBus;
export type DbusMessage = dbus.Message;

/** Connects to the bus at `address`; resolves once the bus said Hello, rejects on a socket error. */
export function connectBus(address: string): Promise<MessageBus> {
  return new Promise((resolve, reject) => {
    let bus: MessageBus;
    try {
      bus = dbus.sessionBus({ busAddress: address });
    } catch (e) {
      reject(e);
      return;
    }
    const onError = (e: unknown) => reject(e);
    bus.once('error', onError);
    bus.once('connect', () => {
      bus.off('error', onError);
      resolve(bus);
    });
  });
}

/** libdbus's default reply timeout: dbus-next has none, and a call on a dead socket would wait forever. */
const CALL_TIMEOUT_MS = 25_000;

/**
 * Calls that change settings or connections may need polkit's authorization
 * (settings.modify.own/system, network-control): they go with the D-Bus flag
 * ALLOW_INTERACTIVE_AUTHORIZATION, so NetworkManager lets polkit ask the person (the desktop's
 * polkit agent shows the prompt) instead of refusing, and with a reply timeout long enough for a
 * person to type a password; 25 s would cut a prompt off while it is on the screen.
 */
export const INTERACTIVE_MEMBERS = new Set(['AddConnection', 'AddConnection2', 'Update', 'Update2', 'Delete', 'ActivateConnection', 'DeactivateConnection']);
export const ALLOW_INTERACTIVE_AUTHORIZATION = 0x4;
export const INTERACTIVE_TIMEOUT_MS = 180_000;

/** The header flags and reply timeout of a call to `member`. */
export function callOptions(member: string): { flags: number; timeoutMs: number } {
  return INTERACTIVE_MEMBERS.has(member) ? { flags: ALLOW_INTERACTIVE_AUTHORIZATION, timeoutMs: INTERACTIVE_TIMEOUT_MS } : { flags: 0, timeoutMs: CALL_TIMEOUT_MS };
}

/** Calls a method; `signature` and `body` as D-Bus wants them. Returns the reply's body. */
export async function callMethod(
  bus: MessageBus,
  destination: string,
  path: string,
  iface: string,
  member: string,
  signature = '',
  body: unknown[] = [],
): Promise<unknown[]> {
  let timer: NodeJS.Timeout | undefined;
  const { flags, timeoutMs } = callOptions(member);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StudioError('timeout', `${destination} did not answer ${member} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const reply = await Promise.race([bus.call(new Message({ destination, path, interface: iface, member, signature, body, flags })), timeout]);
    return (reply?.body ?? []) as unknown[];
  } finally {
    clearTimeout(timer);
  }
}

/** Calls `onLost` once when the bus connection fails or its socket closes (dbus-next reports only errors). */
export function onBusLost(bus: MessageBus, onLost: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    onLost();
  };
  bus.on('error', once);
  // The socket's end is seen only on the connection object dbus-next keeps private.
  (bus as unknown as { _connection?: NodeJS.EventEmitter })._connection?.on('end', once);
}

/** A string from a D-Bus reply, or '' when the value is missing or not a string. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Recursively replaces Variants with their values (D-Bus dictionaries arrive as plain objects). */
export function unwrap(v: unknown): unknown {
  if (v instanceof Variant) return unwrap(v.value);
  if (Array.isArray(v)) return v.map(unwrap);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array) && !Buffer.isBuffer(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
  }
  return v;
}

/** D-Bus error name of a rejected call, or null if it was not a D-Bus error. */
export const dbusErrorName = (e: unknown): string | null =>
  e && typeof e === 'object' && 'type' in e && typeof (e as { type: unknown }).type === 'string' ? (e as { type: string }).type : null;

/** A rejected NetworkManager call, in words, with the error code programs can act on. */
export function nmError(e: unknown, what: string): StudioError {
  if (e instanceof StudioError) return e;
  const name = dbusErrorName(e) ?? '';
  const text = (e && typeof e === 'object' && 'text' in e ? String((e as { text: unknown }).text) : e instanceof Error ? e.message : String(e)) || name;
  if (name.endsWith('.PermissionDenied') || name.endsWith('.AccessDenied')) {
    return new StudioError('permission', `${what}: NetworkManager refused (${text}); your user may not change this connection`);
  }
  if (name.endsWith('.UnknownConnection') || name.endsWith('.UnknownObject') || (name.endsWith('.UnknownMethod') && text.includes('does not exist'))) {
    return new StudioError('not-found', `${what}: no such connection (${text})`);
  }
  if (name.endsWith('.ServiceUnknown') || name.endsWith('.NameHasNoOwner') || name.endsWith('.NoReply') || name.endsWith('.Disconnected')) {
    return new StudioError('unavailable', `${what}: NetworkManager is not running`);
  }
  if (name.endsWith('.InvalidProperty') || name.endsWith('.InvalidSetting') || name.endsWith('.MissingProperty') || name.endsWith('.InvalidArguments')) {
    return new StudioError('invalid-input', `${what}: NetworkManager refused the settings: ${text}`);
  }
  return new StudioError('failed', `${what}: ${text}`);
}
