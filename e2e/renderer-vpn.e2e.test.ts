// The VPN panel through the whole stack: Chromium → browser host → its NetworkManager client →
// the NM helper's fixture (a real NetworkManager and OpenVPN servers on a private bus).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callInPage, openStudio, screenshot, skipReason, type Studio } from './harness';
import { nmSkipReason, startNmFixture, type NmFixture } from '../electron/nm/test/fixture';

const reason = skipReason() ?? nmSkipReason();
if (reason) console.log(`renderer VPN e2e skipped: ${reason}`);

describe.skipIf(reason !== null)('VPN panel, end to end', () => {
  let fx: NmFixture;
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    fx = startNmFixture();
    studio = await openStudio({ vpn: true, env: { DBUS_SYSTEM_BUS_ADDRESS: fx.busAddress } });
    page = studio.page;
    await page.getByRole('tab', { name: /VPN/ }).click();
  });
  afterAll(async () => {
    await studio?.close();
    fx?.stop();
  });

  it('imports the fixture .ovpn, connects and shows the address the server gave, then disconnects', async () => {
    await page.getByTestId('vpn-file').setInputFiles({ name: 'office.ovpn', mimeType: 'text/plain', buffer: readFileSync(fx.env.NMSB_VPN_OVPN!) });
    const item = page.getByTestId('vpn-office');
    await item.waitFor();
    expect(await item.getByTestId('vpn-state').textContent()).toBe('off');
    await item.getByRole('switch').click();
    await item.getByTestId('vpn-state').getByText('connected').waitFor({ timeout: 40_000 });
    const tun = (fx.ipJson('-4', 'address', 'show') as { ifname: string; addr_info: { local: string; prefixlen: number }[] }[]).find((l) => l.ifname.startsWith('tun'));
    const addr = `${tun!.addr_info[0]!.local}/${tun!.addr_info[0]!.prefixlen}`;
    await item.getByText(addr, { exact: false }).waitFor();
    await page.getByTestId('toast').filter({ hasText: 'office connected' }).filter({ hasText: addr }).waitFor();
    expect(await page.getByTestId('toast').filter({ hasText: 'office connected' }).allTextContents()).toHaveLength(1);
    await screenshot(page, 'vpn-connected.png');
    await item.getByRole('switch').click();
    await item.getByTestId('vpn-state').getByText('off').waitFor({ timeout: 20_000 });
    // the tunnel's address is gone from the kernel (the device itself may linger a moment)
    const tunAddrs = () => (fx.ipJson('-4', 'address', 'show') as { ifname: string; addr_info: unknown[] }[]).filter((l) => l.ifname.startsWith('tun') && l.addr_info.length);
    const end = Date.now() + 10_000;
    while (tunAddrs().length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(tunAddrs()).toEqual([]);
  });

  it('imports a .ovpn dropped on the window, and answers a dropped file that is not a VPN file', async () => {
    const text = readFileSync(fx.env.NMSB_VPN_OVPN!, 'utf8');
    await page.evaluate((content) => {
      // the page's own DOM classes (this file is typed for Node, hence the shape given here)
      const w = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } };
        File: new (parts: string[], name: string, o: object) => unknown;
        DragEvent: new (type: string, o: object) => unknown;
        dispatchEvent(e: unknown): boolean;
      };
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([content], 'dropped.ovpn', { type: 'text/plain' }));
      dt.items.add(new w.File(['hello'], 'notes.txt', { type: 'text/plain' }));
      w.dispatchEvent(new w.DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      w.dispatchEvent(new w.DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, text);
    await page.getByTestId('vpn-dropped').waitFor();
    expect(await fx.nmcli('-t', '-f', 'NAME', 'connection', 'show')).toMatch(/^dropped$/m);
    await page.getByTestId('toast').filter({ hasText: 'notes.txt not imported' }).filter({ hasText: 'notes.txt is not a VPN file' }).waitFor();
  });

  it('renames a profile (an empty name refused in words) and exports it as nmcli does', async () => {
    const item = page.getByTestId('vpn-dropped');
    await item.getByRole('button', { name: 'Rename…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('   ');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await dialog.getByText('a profile name must not be empty').waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('dropped renamed');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await dialog.waitFor({ state: 'detached' });
    const renamed = page.getByTestId('vpn-dropped renamed');
    await renamed.waitFor();
    expect(await fx.nmcli('-t', '-f', 'NAME', 'connection', 'show')).toMatch(/^dropped renamed$/m);
    const [download] = await Promise.all([page.waitForEvent('download'), renamed.getByRole('button', { name: 'Export' }).click()]);
    const content = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.ovpn$/);
    expect(content).toMatch(new RegExp(`^remote '?${fx.env.NMSB_VPN_REMOTE!.replace(/\./g, '\\.')}'? `, 'm'));
    expect(content.trim()).toBe((await fx.nmcli('connection', 'export', 'dropped renamed')).trim());
  });

  it('creates a password profile with the form, answers the password prompt and connects', async () => {
    await page.getByRole('button', { name: 'New OpenVPN…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('pw ask');
    await dialog.getByLabel('Server').fill('bad host!');
    await dialog.getByRole('button', { name: 'Create' }).click();
    // inline errors from the contract's schema, before anything reaches NetworkManager
    await dialog.getByText('the remote server is a host name or an IP address').waitFor();
    await dialog.getByLabel('Server').fill(fx.env.NMSB_VPN_REMOTE!);
    await dialog.getByLabel('Port').fill(fx.env.NMSB_VPN_PW_PORT!);
    await dialog.getByLabel('CA certificate (path or PEM)').fill(fx.env.NMSB_VPN_CA!);
    await dialog.getByLabel('User name').fill(fx.env.NMSB_VPN_PW_USER!);
    await dialog.getByLabel('Password is').selectOption('ask');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const item = page.getByTestId('vpn-pw ask');
    await item.getByRole('switch').click();
    const prompt = page.getByRole('dialog');
    await prompt.getByText('pw ask needs a secret').waitFor({ timeout: 30_000 });
    await prompt.locator('input[type=password]').fill(fx.env.NMSB_VPN_PW_PASSWORD!);
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await item.getByTestId('vpn-state').getByText('connected').waitFor({ timeout: 40_000 });
    await item.getByRole('switch').click();
    await item.getByTestId('vpn-state').getByText('off').waitFor({ timeout: 20_000 });
  });

  it('refuses a VPN file over 1 MB as too large, with its size, before sending anything', async () => {
    // VPN profiles only: NetworkManager drops the tunnels' own device connections by itself.
    const vpns = async () => (await fx.nmcli('-t', '-f', 'UUID,TYPE', 'connection', 'show')).split('\n').filter((l) => l.endsWith(':vpn'));
    const before = await vpns();
    const big = Buffer.concat([readFileSync(fx.env.NMSB_VPN_OVPN!), Buffer.alloc(1_200_000, '#')]);
    await page.getByTestId('vpn-file').setInputFiles({ name: 'big.ovpn', mimeType: 'text/plain', buffer: big });
    const said = `big.ovpn is too large to import: ${(big.length / 1e6).toFixed(1)} MB, the limit is 1 MB`;
    await page.getByTestId('toast').filter({ hasText: said }).waitFor();
    // In the activity log as refused, with no command: nothing went to the host.
    const item = page.getByTestId('activity-item').filter({ hasText: 'Import big.ovpn' });
    await item.getByText(said).waitFor();
    expect(await item.locator('code').count()).toBe(0);
    expect(await vpns()).toEqual(before);
  });

  it('saves an edit of one field and keeps everything the form does not show (tls-auth, autoconnect, key password flag)', async () => {
    // a real tls-auth key: the client checks what it is given
    const ta = join(fx.scratch, 'ta.key');
    execFileSync('openvpn', ['--genkey', 'secret', ta]);
    const made = await callInPage(page, 'vpn.create', {
      name: 'keep all', remote: fx.env.NMSB_VPN_REMOTE!, port: 1194, connectionType: 'tls',
      ca: fx.env.NMSB_VPN_CA!, cert: fx.env.NMSB_VPN_CERT!, key: fx.env.NMSB_VPN_KEY!, keyPasswordFlag: 'ask',
      tlsAuth: ta, tlsAuthDirection: 1, autoconnect: true,
    });
    expect(made.ok).toBe(true);
    const show = async () => (await fx.nmcli('-f', 'all', 'connection', 'show', 'keep all')).split('\n');
    const before = await show();
    expect(before.find((l) => l.startsWith('connection.autoconnect:'))).toMatch(/yes$/);
    const item = page.getByTestId('vpn-keep all');
    await item.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog');
    // Filled from vpn.get (the blank form has no server): only then is the edit an edit.
    const server = dialog.getByLabel('Server');
    for (let i = 0; i < 200 && (await server.inputValue()) !== fx.env.NMSB_VPN_REMOTE; i++) await page.waitForTimeout(50);
    await expect(server.inputValue()).resolves.toBe(fx.env.NMSB_VPN_REMOTE);
    await expect(dialog.getByLabel('Port').inputValue()).resolves.toBe('1194');
    await dialog.getByLabel('Port').fill('1195');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await show();
    // Only vpn.data changed, and in it only the port.
    const changed = after.filter((l, i) => l !== before[i]);
    expect(changed.map((l) => l.split(':')[0])).toEqual(['vpn.data']);
    const data = (lines: string[]) => lines.find((l) => l.startsWith('vpn.data:'))!.replace(/^vpn\.data:\s*/, '').split(', ').sort();
    expect(data(after)).toEqual(data(before).map((kv) => (kv === 'port = 1194' ? 'port = 1195' : kv)));
    expect(data(after)).toEqual(expect.arrayContaining(['ta-dir = 1', 'cert-pass-flags = 2', 'port = 1195']));
  });

  it('keeps the Delete dialog open with the refusal in words when the delete fails', async () => {
    const item = page.getByTestId('vpn-keep all');
    await item.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete keep all?').waitFor();
    // Another program deletes it first: NetworkManager then refuses ours.
    await fx.nmcli('connection', 'delete', 'keep all');
    await item.waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/keep all|profile|connection/i);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('says plainly when NetworkManager stops, and recovers by itself when it is back', async () => {
    fx.stopNm();
    const down = page.getByTestId('nm-down');
    try {
      await down.getByText('NetworkManager is not running.').waitFor({ timeout: 30_000 });
      expect(await down.textContent()).toContain('it stopped');
      await screenshot(page, 'vpn-nm-down.png');
    } finally {
      fx.startNm();
    }
    await down.waitFor({ state: 'detached', timeout: 30_000 });
  });
});
