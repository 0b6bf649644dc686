// The browser host's HTTP and WebSocket server. Secure by default:
// - a random token (256 bits) in the printed URL's fragment (#token=...), which the browser never
//   sends anywhere; the page reads it and offers it as a WebSocket subprotocol when it opens /api
//   (shared/wire.ts). No cookie: browsers send cookies to every port of a host, so a cookie would
//   reach any other local server the administrator's browser visits;
// - the static files (the built renderer) need no credential: they hold no secret;
// - the WebSocket (/api) checks the Host, the Origin (our own, exactly) and the token, in that
//   order, and answers a request larger than the core helper reads with an error at once;
// - on loopback the Host header must be a loopback name, which defeats DNS rebinding;
// - no CORS headers at all, and a strict CSP on every page.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail, zodErrorInfo, type Result } from '../../shared/result';
import { MAX_MESSAGE_BYTES, requestFrame, requestSizeError, subscribeFrame, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../shared/wire';
import { clientEvents } from '../host/client-events';
import { resolveStaticFile } from '../host/static-files';
import { contentType } from '../host/content-types';
import { APP_CSP } from '../host/csp';
import type { Host } from '../host/host';
import { isLoopback } from './args';
import { LOGIN_PATH, loginPage, STALE_TOKEN_PROBLEM } from './pages';

export interface ServeOptions {
  host: Host;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  listenHost: string;
  port: number;
  allowRemote: boolean;
  /** For tests; default 32 random bytes. */
  token?: string;
}

export interface ServeServer {
  /** The URL to print, token included. */
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const LOGIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";


const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The token the page offered as a WebSocket subprotocol, or null. */
function offeredToken(req: IncomingMessage): string | null {
  for (const p of (req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const v = p.trim();
    if (v.startsWith(TOKEN_PROTOCOL_PREFIX)) return v.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return null;
}

/** Larger messages close the socket (ws answers 1009); up to this they get an answer in words. */
const MAX_WS_PAYLOAD = 4 * MAX_MESSAGE_BYTES;

/** The host name of a Host header, without port or IPv6 brackets. */
function hostName(h: string | undefined): string | null {
  if (!h) return null;
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::\d+)?$/.exec(h);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export async function startServe(o: ServeOptions): Promise<ServeServer> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const root = resolve(o.staticDir);
  const hasToken = (req: IncomingMessage) => {
    const given = offeredToken(req);
    return given !== null && sameText(given, token);
  };
  const hostAllowed = (req: IncomingMessage) => {
    const name = hostName(req.headers.host);
    if (!name) return false;
    return o.allowRemote || isLoopback(name);
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': LOGIN_CSP,
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const common = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };
    for (const [k, v] of Object.entries(common)) res.setHeader(k, v);
    if (!hostAllowed(req)) return send(res, 421, 'Misdirected request: use the address netns-studio serve printed.\n', { 'content-type': 'text/plain' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n', { 'content-type': 'text/plain', allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://x');
    // The sign-in form (and an old-style ?token= link) sends the token once, in the query: it is
    // moved into the fragment of our own front page, whatever path the request named.
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameText(given, token)) return send(res, 403, loginPage('That is not the token this host printed.'));
      return send(res, 303, '', { location: `/#token=${token}` });
    }
    if (url.pathname === LOGIN_PATH) return send(res, 200, loginPage(url.searchParams.has('stale') ? STALE_TOKEN_PROBLEM : ''));
    serveFile(root, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD, handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false) });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/api') return refuse('404 Not Found');
    if (!hostAllowed(req)) return refuse('421 Misdirected Request');
    // Only our own page may connect: its Origin is exactly this host.
    if (req.headers.origin !== `http://${req.headers.host}`) return refuse('403 Forbidden');
    if (!hasToken(req)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(o.host, ws, req.socket.localAddress));
  });

  await new Promise<void>((ok, bad) => {
    server.once('error', bad);
    server.listen(o.port, o.listenHost, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = o.listenHost.includes(':') ? `[${o.listenHost}]` : o.listenHost === '0.0.0.0' ? '127.0.0.1' : o.listenHost;
  return {
    url: `http://${shown}:${port}/#token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((done) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function serveFile(root: string, pathname: string, res: ServerResponse) {
  const file = resolveStaticFile(root, pathname);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end(`not found${resolveStaticFile(root, '/') ? '' : ' (the renderer is not built: npm run build)'}\n`);
  }
  const type = contentType(extname(file));
  res.writeHead(200, {
    'content-type': type,
    'content-security-policy': APP_CSP,
    'cache-control': cacheControl(root, file, type),
  });
  createReadStream(file).pipe(res);
}


/**
 * The page is never cached (it names the current build's files); what Vite put in assets/ is
 * named by a hash of its content, so a reload takes it from the cache, compiled code included,
 * without asking. Anything else is asked again each time.
 */
function cacheControl(root: string, file: string, type: string): string {
  if (type.startsWith('text/html')) return 'no-store';
  return file.startsWith(join(root, 'assets') + sep) && HASHED_NAME.test(basename(file)) ? 'max-age=31536000, immutable' : 'no-cache';
}
/** Vite's names in assets/: name-HASH.ext, the hash 8 characters of base64url. */
const HASHED_NAME = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/** One browser tab: requests in, answers and its subscribed events out, as wire.ts frames. */
function serveSocket(host: Host, ws: WebSocket, localAddress: string | undefined) {
  const out = (frame: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  const answer = (id: unknown, result: Result<unknown>) =>
    out({ id: typeof id === 'number' || typeof id === 'string' ? id : null, result });
  const subs = clientEvents(host, (event, payload) => out({ event, payload }));
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) return answer(null, fail('invalid-input', 'send text frames of JSON'));
    // Refused before anything else, but with the request's id so its caller hears at once.
    const tooLarge = requestSizeError(data.length);
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return answer(null, tooLarge ?? fail('invalid-input', 'the message is not JSON'));
    }
    if (tooLarge) return answer((raw as { id?: unknown } | null)?.id, tooLarge);
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && ('subscribe' in raw || 'unsubscribe' in raw)) {
      const s = subscribeFrame.safeParse(raw);
      if (!s.success) return answer(null, { ok: false, error: zodErrorInfo(s.error) });
      const r = subs.change(s.data.subscribe, s.data.unsubscribe);
      if (!r.ok) answer(null, r);
      return;
    }
    const f = requestFrame.safeParse(raw);
    if (!f.success) return answer((raw as { id?: unknown } | null)?.id, { ok: false, error: zodErrorInfo(f.error) });
    // The page's connection arrives on localAddress: the guard protects the interface holding it.
    void host.call(f.data.method, f.data.input, { localAddress }).then((r) => answer(f.data.id, r));
  });
  ws.on('close', () => subs.close());
  ws.on('error', () => subs.close());
}
