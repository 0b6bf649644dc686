// The OpenVPN form's text fields <-> the contract's openVpnFields. An edit keeps every field
// vpn.get loaded that the form does not show: the form's fields are laid over what was loaded,
// never instead. An emptied field is left out, so it is cleared.
import type { z } from 'zod';

export type Form = Record<string, string>;

/** The common case: one screen. */
const basic = { name: '', remote: '', port: '1194', protocol: 'udp', connectionType: 'password', ca: '', cert: '', key: '', username: '', password: '', passwordFlag: 'saved', staticKey: '', localIp: '', remoteIp: '' };

/** The "Advanced" group (collapsed): what nm-connection-editor's Advanced and IP tabs hold. */
export const advancedForm: Form = {
  cipher: '', dataCiphers: '', auth: '', tlsAuth: '', tlsAuthDirection: '', tlsCrypt: '', tlsCryptV2: '', keyPassword: '', keyPasswordFlag: 'saved',
  tunnelMtu: '', fragmentSize: '', mssfix: '', compression: '', allowCompression: '', compLzo: '', proxyType: '', proxyServer: '', proxyPort: '',
  proxyUsername: '', proxyPassword: '', proxyPasswordFlag: 'saved', proxyRetry: 'false',
  remoteRandom: 'false', ping: '', pingRestart: '', pingExit: '', connectTimeout: '', neverDefault: 'false', dns: '', dnsSearch: '', dnsSearchIpv6: '', routes: '', autoconnect: 'false',
};

/** The fields the form shows, empty; a new profile starts here. */
export const blankForm: Form = { ...basic, ...advancedForm };
const shown = Object.keys(blankForm);
const text = [
  'ca', 'cert', 'key', 'username', 'password', 'staticKey', 'localIp', 'remoteIp', 'cipher', 'dataCiphers', 'auth', 'tlsAuth', 'tlsCrypt', 'tlsCryptV2', 'keyPassword',
  'compression', 'allowCompression', 'compLzo', 'proxyType', 'proxyServer', 'proxyUsername', 'proxyPassword',
];
const numbers = ['tunnelMtu', 'fragmentSize', 'proxyPort', 'ping', 'pingRestart', 'pingExit', 'connectTimeout', 'tlsAuthDirection'];
const booleans = ['remoteRandom', 'proxyRetry', 'neverDefault', 'autoconnect'];
/** How each secret is kept (saved or asked), sent like the switches. */
const secretFlags = ['keyPasswordFlag', 'proxyPasswordFlag'];
const lists = ['dns', 'dnsSearch', 'dnsSearchIpv6'];

type Route = { to: string; via?: string; metric?: number };
const routeLine = (r: Route) => [r.to, r.via && `via ${r.via}`, r.metric !== undefined && `metric ${r.metric}`].filter(Boolean).join(' ');

/**
 * A route line: "10.50.0.0/16", "10.50.0.0/16 via 10.8.0.1 metric 50", or nmcli's own
 * "10.50.0.0/16 10.8.0.1 50". A word that is neither is taken as the gateway, so the contract
 * refuses it by name.
 */
export function parseRouteLine(line: string): Route {
  const words = line.trim().split(/\s+/);
  const r: Route = { to: words[0] ?? '' };
  let via: string | undefined;
  let metric: number | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'via') via = words[++i] ?? '';
    else if (w === 'metric') metric = Number(words[++i]);
    else if (/^\d+$/.test(w)) metric = Number(w);
    else via = w;
  }
  if (via !== undefined) r.via = via;
  if (metric !== undefined) r.metric = metric;
  return r;
}

/** The form's text for a profile's loaded fields (vpn.get); what it does not show stays out. */
export function formOf(name: string, loaded: Record<string, unknown> | null): Form {
  const f: Form = { ...blankForm, name };
  for (const [k, v] of Object.entries(loaded ?? {})) {
    if (!shown.includes(k) || v === undefined || v === null) continue;
    if (k === 'routes') f[k] = (v as Route[]).map(routeLine).join('\n');
    else if (Array.isArray(v)) f[k] = v.join(', ');
    else f[k] = String(v);
  }
  return f;
}

/**
 * The fields to send: the loaded ones the form does not show, then the form's own (an emptied
 * field is left out, so it is cleared, not kept from what was loaded).
 */
export function fieldsOf(f: Form, loaded: Record<string, unknown> | null | undefined = null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(loaded ?? {})) if (!shown.includes(k)) out[k] = v;
  Object.assign(out, { name: f.name, remote: f.remote, protocol: f.protocol, connectionType: f.connectionType, passwordFlag: f.passwordFlag });
  if (f.port?.trim()) out.port = Number(f.port);
  // a new profile sends only what was set; an edit sends the advanced choices as they stand
  const set = (k: string, v: unknown) => {
    if (loaded || f[k] !== blankForm[k]) out[k] = v;
  };
  for (const k of text) if (f[k]?.trim()) out[k] = f[k].trim();
  for (const k of numbers) if (f[k]?.trim()) out[k] = Number(f[k].trim());
  for (const k of booleans) if (f[k] !== undefined) set(k, f[k] === 'true');
  for (const k of secretFlags) if (f[k] !== undefined) set(k, f[k]);
  const mss = f.mssfix?.trim();
  if (mss) out.mssfix = /^\d+$/.test(mss) ? Number(mss) : mss;
  for (const k of lists) {
    const items = (f[k] ?? '').split(/[\s,]+/).filter(Boolean);
    if (items.length) out[k] = items;
  }
  const routes = (f.routes ?? '').split('\n').filter((l) => l.trim());
  if (routes.length) out.routes = routes.map(parseRouteLine);
  return out;
}

/** How many advanced settings differ from a blank form's (shown on the collapsed group). */
export const advancedSet = (f: Form): number => Object.keys(advancedForm).filter((k) => !secretFlags.includes(k) && (f[k] ?? '').trim() !== advancedForm[k]).length;

/**
 * The contract's refusals by field, as the form shows them: a list's refusal names its line
 * ("line 2: not an IPv4 or IPv6 address"), since the form shows a list as lines or words.
 */
export function formErrors(schema: z.ZodType, fields: unknown): Record<string, string> {
  const r = schema.safeParse(fields);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const [key, index] = issue.path;
    const where = typeof index === 'number' ? `${key === 'routes' ? 'line' : 'entry'} ${index + 1}: ` : '';
    out[String(key ?? '_')] ??= `${where}${issue.message}`;
  }
  return out;
}
