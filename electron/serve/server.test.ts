// The browser host on loopback with a fake core behind the real host: the token (offered as a
// WebSocket subprotocol, never a cookie), the Origin and the Host are checked, and only contract
// methods are answered. e2e/serve-credential.e2e.test.ts tries the same attacks from Chromium.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../shared/wire';
import { createHost } from '../host/host';
import { startServe, type ServeServer } from './server';

let served: ServeServer;
let base: string;
const coreCalls: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netns-serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-CxIiQDed.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'notes.txt'), 'plain');
  const core = {
    call: async (method: string) => (coreCalls.push(method), { ok: true as const, value: [] }),
    subscribe: () => () => {},
    want: () => {},
    onStatus: () => () => {},
    currentStatus: { state: 'running' as const, message: null },
    start: () => {}, retry: () => {},
    stop: () => {},
  };
  served = await startServe({ host: createHost({ transport: 'browser', version: 't', core, nm: null }), staticDir: dir, listenHost: '127.0.0.1', port: 0, allowRemote: false });
  base = `http://127.0.0.1:${served.port}`;
});
afterAll(() => served.close());

const withToken = (t: string) => [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + t];

function open(headers: Record<string, string>, protocols: string[] = [], path = '/api'): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}${path}`, protocols, { headers });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => {});
  });
}

function request(ws: WebSocket, frame: object | string): Promise<{ id: unknown; result: { ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString())));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('serve host', () => {
  it('prints a URL whose token, of at least 128 bits, is in the fragment (which browsers never send)', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/);
    expect(served.url.endsWith(`#token=${served.token}`)).toBe(true);
    expect(Buffer.from(served.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('serves the static page without any credential, and never sets a cookie', async () => {
    for (const path of ['/', '/index.html', '/some/route']) {
      const r = await fetch(base + path);
      expect(r.status).toBe(200);
      expect(await r.text()).toMatch(/<title>app/);
      expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(r.headers.get('set-cookie')).toBe(null);
      expect(r.headers.get('access-control-allow-origin')).toBe(null);
    }
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/paste the token/);
  });

  it('lets a browser keep the built files named by their content, never the page that names them', async () => {
    const cache = async (path: string) => (await fetch(base + path)).headers.get('cache-control');
    expect(await cache('/assets/index-CxIiQDed.js')).toBe('max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/some/route']) expect(await cache(path)).toBe('no-store');
    expect(await cache('/assets/notes.txt')).toBe('no-cache');
  });

  it('moves a token sent in the query (the sign-in form) into the fragment of / only, whatever the path', async () => {
    for (const path of ['/', '/deep/path', '/.//evil.example/', '//evil.example/', '/\\evil.example/']) {
      const r = await fetch(`${base}${path}?token=${served.token}`, { redirect: 'manual' });
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe(`/#token=${served.token}`);
      expect(r.headers.get('set-cookie')).toBe(null);
    }
    const wrong = await fetch(`${base}/?token=${'A'.repeat(43)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('location')).toBe(null);
    expect(await wrong.text()).toMatch(/not the token this host printed/);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get({ host: '127.0.0.1', port: served.port, path: '/', headers: { host: `evil.example:${served.port}` } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
      reject);
    });
    expect(r).toBe(421);
  });

  it('refuses a WebSocket without the token, with a wrong one, with the old cookie, or from a foreign Origin', async () => {
    const origin = `http://127.0.0.1:${served.port}`;
    expect(await open({ origin })).toEqual({ status: 401 });
    expect(await open({ origin }, [WS_PROTOCOL])).toEqual({ status: 401 });
    expect(await open({ origin }, withToken('A'.repeat(43)))).toEqual({ status: 401 });
    expect(await open({ origin }, withToken(served.token.slice(1)))).toEqual({ status: 401 });
    // what the previous version traded the token for, replayed: not a credential any more
    expect(await open({ origin, cookie: `netns_studio_${served.port}=${served.token}` }, [WS_PROTOCOL])).toEqual({ status: 401 });
    // a token in the URL is not looked at (it would end up in logs)
    expect(await open({ origin }, [WS_PROTOCOL], `/api?token=${served.token}`)).toEqual({ status: 401 });
    // the right token from another page: another port of the same host, another site, none
    expect(await open({ origin: 'http://127.0.0.1:1' }, withToken(served.token))).toEqual({ status: 403 });
    expect(await open({ origin: 'http://evil.example' }, withToken(served.token))).toEqual({ status: 403 });
    expect(await open({}, withToken(served.token))).toEqual({ status: 403 });
    const good = await open({ origin }, withToken(served.token));
    if (!('ws' in good)) throw new Error(`refused: ${good.status}`);
    expect(good.ws.protocol).toBe(WS_PROTOCOL);
    good.ws.close();
  });

  it('answers contract methods over the WebSocket and refuses a method that does not exist', async () => {
    const c = await open({ origin: `http://127.0.0.1:${served.port}` }, withToken(served.token));
    if (!('ws' in c)) throw new Error(`refused: ${c.status}`);
    const bogus = await request(c.ws, { id: 1, method: 'system.shutdown', input: {} });
    expect(bogus).toEqual({ id: 1, result: { ok: false, error: { code: 'invalid-input', message: 'no method named system.shutdown', field: 'method' } } });
    const bad = await request(c.ws, { id: 2, method: 'namespace.add', input: { name: 'a/b' } });
    expect(bad.result.error?.message).toMatch(/input\.name/);
    const garbage = await request(c.ws, { nonsense: true });
    expect(garbage.result.ok).toBe(false);
    const good = await request(c.ws, { id: 3, method: 'namespace.list', input: {} });
    expect(good).toEqual({ id: 3, result: { ok: true, value: [] } });
    const info = await request(c.ws, { id: 4, method: 'host.info' });
    expect(info.result.value).toMatchObject({ transport: 'browser', core: { state: 'running' } });
    expect(coreCalls).toEqual(['namespace.list']);
    c.ws.close();
  });

  it('answers a request larger than the core helper reads at once, with its id, and does not forward it', async () => {
    const c = await open({ origin: `http://127.0.0.1:${served.port}` }, withToken(served.token));
    if (!('ws' in c)) throw new Error(`refused: ${c.status}`);
    const before = coreCalls.length;
    const big = await request(c.ws, { id: 5, method: 'exec.run', input: { namespace: 'blue', argv: ['echo', 'x'.repeat(MAX_MESSAGE_BYTES)] } });
    expect(big).toMatchObject({ id: 5, result: { ok: false, error: { code: 'invalid-input', field: 'input', message: expect.stringMatching(/at most 1048576 bytes/) } } });
    const notJson = await request(c.ws, 'x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(notJson).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/at most 1048576 bytes/) } } });
    expect(coreCalls.length).toBe(before);
    // the socket still serves
    expect(await request(c.ws, { id: 6, method: 'host.info' })).toMatchObject({ id: 6, result: { ok: true } });
    c.ws.close();
  });
});
