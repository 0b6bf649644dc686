// The browser host on loopback with a fake core behind the real host: the token, the Origin and
// the Host are checked, and only contract methods are answered.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost } from '../host/host';
import { startServe, type ServeServer } from './server';

let served: ServeServer;
let base: string;
const coreCalls: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netns-serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  const core = {
    call: async (method: string) => (coreCalls.push(method), { ok: true as const, value: [] }),
    subscribe: () => () => {},
    want: () => {},
    onStatus: () => () => {},
    currentStatus: { state: 'running' as const, message: null },
    start: () => {},
    stop: () => {},
  };
  served = await startServe({ host: createHost({ transport: 'browser', version: 't', core, nm: null }), staticDir: dir, listenHost: '127.0.0.1', port: 0, allowRemote: false });
  base = `http://127.0.0.1:${served.port}`;
});
afterAll(() => served.close());

const cookie = () => `netns_studio_${served.port}=${served.token}`;

function open(headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api`, { headers });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => {});
  });
}

function request(ws: WebSocket, frame: object): Promise<{ id: unknown; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString())));
    ws.send(JSON.stringify(frame));
  });
}

describe('serve host', () => {
  it('prints a URL whose token has at least 128 bits', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/);
    expect(Buffer.from(served.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('answers only the login page without the token or with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/assets/x.js']) {
      const r = await fetch(base + path);
      expect(r.status).toBe(401);
      expect(await r.text()).toMatch(/paste the token/);
      expect(r.headers.get('access-control-allow-origin')).toBe(null);
    }
    const wrong = await fetch(`${base}/?token=${'A'.repeat(43)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBe(null);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and strips it from the URL', async () => {
    const r = await fetch(`${base}/?token=${served.token}`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${base}/`, { headers: { cookie: cookie() } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toMatch(/<title>app/);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get({ host: '127.0.0.1', port: served.port, path: '/', headers: { host: `evil.example:${served.port}`, cookie: cookie() } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
      reject);
    });
    expect(r).toBe(421);
  });

  it('refuses a WebSocket without the token, with a wrong token, or from a foreign Origin', async () => {
    const origin = `http://127.0.0.1:${served.port}`;
    expect(await open({ origin })).toEqual({ status: 401 });
    expect(await open({ origin, cookie: `netns_studio_${served.port}=wrong` })).toEqual({ status: 401 });
    expect(await open({ origin: 'http://evil.example', cookie: cookie() })).toEqual({ status: 403 });
    expect(await open({ cookie: cookie() })).toEqual({ status: 403 });
  });

  it('answers contract methods over the WebSocket and refuses a method that does not exist', async () => {
    const c = await open({ origin: `http://127.0.0.1:${served.port}`, cookie: cookie() });
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
});
