// The VPN panel through the whole stack: Chromium → browser host → its NetworkManager client →
// the NM helper's fixture (a real NetworkManager and OpenVPN servers on a private bus).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { callInPage, cutPlaceholders, openStudio, screenshot, skipReason, type Studio } from './harness';
import { nmSkipReason, startNmFixture, type NmFixture } from '../electron/nm/test/fixture';

const reason = skipReason() ?? nmSkipReason();
if (reason) console.log(`renderer VPN e2e skipped: ${reason}`);

describe.skipIf(reason !== null)('VPN panel, end to end', () => {
  let fx: NmFixture;
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    fx = startNmFixture();
    // openvpn's log file, for the real reason of a failure (the journal on a desktop)
    studio = await openStudio({ vpn: true, env: { DBUS_SYSTEM_BUS_ADDRESS: fx.busAddress, NETNS_STUDIO_VPN_LOG: fx.env.NMSB_VPN_CLIENT_LOG! } });
    page = studio.page;
    await page.getByRole('tab', { name: /VPN/ }).click();
  });
  afterAll(async () => {
    await studio?.close();
    fx?.stop();
  });

  /** Picks an entry of a profile's menu (the ⋯ button on its row). */
  const menu = async (item: Locator, entry: string) => {
    await item.getByRole('button', { name: /^More for / }).click();
    await page.getByRole('menuitem', { name: entry }).click();
  };
  /** For a picture: the import notices and notifications dismissed, `row` in view. */
  const tidy = async (row?: Locator) => {
    const notices = page.getByTestId('vpn-notice').getByRole('button', { name: 'Dismiss' });
    while ((await notices.count()) > 0) await notices.first().click();
    const toasts = page.getByTestId('toast').getByRole('button', { name: 'Dismiss' });
    for (let i = 0; i < 10 && (await toasts.count()) > 0; i++) await toasts.first().click().catch(() => undefined);
    await row?.scrollIntoViewIfNeeded();
  };
  /** The page in this theme: by the toolbar's button, or on the page itself while a dialog's overlay covers it. */
  const setTheme = async (theme: 'light' | 'dark', under = false) => {
    if (under) return page.evaluate((t) => void ((globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = t), theme);
    for (let i = 0; i < 3 && (await page.locator('html').getAttribute('data-theme')) !== theme; i++) await page.getByRole('button', { name: /^Theme:/ }).click();
  };

  it('imports the fixture .ovpn, connects and shows the address the server gave, then disconnects', async () => {
    await page.getByTestId('vpn-file').setInputFiles({ name: 'office.ovpn', mimeType: 'text/plain', buffer: readFileSync(fx.env.NMSB_VPN_OVPN!) });
    const item = page.getByTestId('vpn-office');
    await item.waitFor();
    expect(await item.getByTestId('vpn-state').textContent()).toBe('off');
    // the notification lives 6 s: watched for from before the press, so a slow run still sees it
    const toast = page.getByTestId('toast').filter({ hasText: 'office connected' });
    const toastText = toast.first().textContent({ timeout: 40_000 });
    // from the keyboard: the switch takes focus and Space
    await item.getByRole('switch').focus();
    await page.keyboard.press('Space');
    await item.getByTestId('vpn-state').getByText('connected').waitFor({ timeout: 40_000 });
    expect(await item.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    const tun = (fx.ipJson('-4', 'address', 'show') as { ifname: string; addr_info: { local: string; prefixlen: number }[] }[]).find((l) => l.ifname.startsWith('tun'));
    const addr = `${tun!.addr_info[0]!.local}/${tun!.addr_info[0]!.prefixlen}`;
    await item.getByText(addr, { exact: false }).waitFor();
    expect(await toastText).toContain(addr);
    expect(await toast.count()).toBeLessThanOrEqual(1);
    // the whole picture, the gateway too (it appears above the boxes, cut off by the view otherwise)
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(500);
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
      dt.items.add(new w.File(['this is not openvpn\n'], 'broken.ovpn', { type: 'text/plain' }));
      w.dispatchEvent(new w.DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      w.dispatchEvent(new w.DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, text);
    await page.getByTestId('vpn-dropped').waitFor();
    expect(await fx.nmcli('-t', '-f', 'NAME', 'connection', 'show')).toMatch(/^dropped$/m);
    await page.getByTestId('toast').filter({ hasText: 'notes.txt not imported' }).filter({ hasText: 'notes.txt is not an OpenVPN or WireGuard file' }).waitFor();
    // said in the panel too, where the person looks, until dismissed
    await page.getByTestId('vpn-notice').filter({ hasText: 'notes.txt is not an OpenVPN or WireGuard file' }).waitFor();
    await page.getByTestId('vpn-notice').filter({ hasText: 'dropped.ovpn imported as dropped' }).waitFor();
    // one the importer refuses: its words, in the panel
    await page.getByTestId('vpn-notice').filter({ hasText: /^broken\.ovpn not imported: ./ }).waitFor();
  });

  it('renames a profile (an empty name refused in words) and exports it as nmcli does', async () => {
    const item = page.getByTestId('vpn-dropped');
    // the menu from the keyboard: Enter opens it on its first entry (Edit…), Down, Enter
    await item.getByRole('button', { name: /^More for / }).focus();
    await page.keyboard.press('Enter');
    const highlighted = page.locator('[role=menuitem][data-highlighted]');
    await highlighted.filter({ hasText: 'Edit…' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await highlighted.filter({ hasText: 'Rename…' }).waitFor();
    await page.keyboard.press('Enter');
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
    const [download] = await Promise.all([page.waitForEvent('download'), menu(renamed, 'Export')]);
    const content = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.ovpn$/);
    expect(content).toMatch(new RegExp(`^remote '?${fx.env.NMSB_VPN_REMOTE!.replace(/\./g, '\\.')}'? `, 'm'));
    expect(content.trim()).toBe((await fx.nmcli('connection', 'export', 'dropped renamed')).trim());
  });

  it('creates a password profile with the form, answers the password prompt and connects', async () => {
    await page.getByRole('button', { name: 'New OpenVPN…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('pw ask');
    await dialog.getByLabel('Server', { exact: true }).fill('bad host!');
    await dialog.getByRole('button', { name: 'Create' }).click();
    // inline errors from the contract's schema, before anything reaches NetworkManager
    await dialog.getByText('the remote server is a host name or an IP address').waitFor();
    await dialog.getByLabel('Server', { exact: true }).fill(fx.env.NMSB_VPN_REMOTE!);
    await dialog.getByLabel('Port', { exact: true }).fill(fx.env.NMSB_VPN_PW_PORT!);
    // a refusal of the save itself (a file that is not there): said in the dialog, which stays
    await dialog.getByLabel('CA certificate (path or PEM)').fill('/nonexistent/ca.crt');
    await dialog.getByLabel('User name').fill(fx.env.NMSB_VPN_PW_USER!);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('alert').getByText('ca: the file /nonexistent/ca.crt does not exist').waitFor();
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
    await page.getByTestId('vpn-notice').filter({ hasText: said }).waitFor();
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
    await menu(item, 'Edit…');
    const dialog = page.getByRole('dialog');
    // Filled from vpn.get (the blank form has no server): only then is the edit an edit.
    const server = dialog.getByLabel('Server', { exact: true });
    for (let i = 0; i < 200 && (await server.inputValue()) !== fx.env.NMSB_VPN_REMOTE; i++) await page.waitForTimeout(50);
    await expect(server.inputValue()).resolves.toBe(fx.env.NMSB_VPN_REMOTE);
    await expect(dialog.getByLabel('Port', { exact: true }).inputValue()).resolves.toBe('1194');
    await dialog.getByLabel('Port', { exact: true }).fill('1195');
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

  it('asks for a second-factor code as a code, without offering to remember it, and connects', async () => {
    const made = await callInPage(page, 'vpn.create', {
      name: 'two factor', remote: fx.env.NMSB_VPN_REMOTE!, port: Number(fx.env.NMSB_VPN_CR_PORT), connectionType: 'password',
      ca: fx.env.NMSB_VPN_CA!, username: fx.env.NMSB_VPN_PW_USER!, passwordFlag: 'ask',
    });
    expect(made.ok).toBe(true);
    const item = page.getByTestId('vpn-two factor');
    await item.getByRole('switch').click();
    const prompt = page.getByRole('dialog');
    await prompt.getByText('two factor needs a secret').waitFor({ timeout: 30_000 });
    // the password first: a password, which may be remembered
    await prompt.getByLabel('Password', { exact: true }).fill(fx.env.NMSB_VPN_PW_PASSWORD!);
    expect(await prompt.getByText('Remember in NetworkManager').count()).toBe(1);
    await prompt.getByRole('button', { name: 'Connect' }).click();
    // then the server's challenge: a code, never remembered (it is good for one login)
    await prompt.getByText(fx.env.NMSB_VPN_CR_CHALLENGE!).first().waitFor({ timeout: 30_000 });
    await prompt.getByLabel('Code', { exact: true }).fill(fx.env.NMSB_VPN_CR_CODE!);
    expect(await prompt.getByLabel('Password', { exact: true }).count()).toBe(0);
    expect(await prompt.getByText('Remember in NetworkManager').count()).toBe(0);
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await item.getByTestId('vpn-state').getByText('connected', { exact: true }).waitFor({ timeout: 40_000 });
    await item.getByRole('switch').click();
    await item.getByTestId('vpn-state').getByText('off', { exact: true }).waitFor({ timeout: 20_000 });
  });

  it('creates a profile with advanced settings from the collapsed group, refusing a bad one by its line, and an edit changes one alone', async () => {
    await tidy();
    await page.getByRole('button', { name: 'New OpenVPN…' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('advanced');
    await dialog.getByLabel('Server', { exact: true }).fill(fx.env.NMSB_VPN_REMOTE!);
    await dialog.getByLabel('CA certificate (path or PEM)').fill(fx.env.NMSB_VPN_CA!);
    await dialog.getByLabel('User name').fill(fx.env.NMSB_VPN_PW_USER!);
    await dialog.getByLabel('Password is').selectOption('ask');
    // collapsed: the common case is one screen
    expect(await dialog.getByLabel('DNS servers').isVisible()).toBe(false);
    await dialog.getByText('Advanced', { exact: true }).click();
    await dialog.getByLabel('Data ciphers').fill('AES-256-GCM:AES-128-GCM');
    await dialog.getByLabel('HMAC digest (auth)').fill('SHA256');
    await dialog.getByLabel('MTU (tun-mtu)').fill('1400');
    await dialog.getByLabel('Compression', { exact: true }).selectOption('lz4-v2');
    await dialog.getByText(/VORACLE/).waitFor();
    await dialog.getByLabel('Allow compression', { exact: true }).selectOption('asym');
    await dialog.getByLabel('Connect timeout (s)', { exact: true }).fill('20');
    // an HTTP proxy's login: its fields appear with the type
    await dialog.getByLabel('Proxy type', { exact: true }).selectOption('http');
    await dialog.getByLabel('Proxy server', { exact: true }).fill('10.0.0.9');
    await dialog.getByLabel('Proxy port', { exact: true }).fill('3128');
    await dialog.getByLabel('Proxy user name', { exact: true }).fill('proxy-user');
    await dialog.getByLabel('Proxy password is', { exact: true }).selectOption('ask');
    await dialog.getByLabel('Use this connection only for resources on its network (never the default route)').check();
    await dialog.getByLabel('DNS servers').fill('10.1.1.1, fd00::53');
    await dialog.getByLabel('Search domains', { exact: true }).fill('corp.example');
    await dialog.getByLabel('IPv6 search domains', { exact: true }).fill('lab6.example');
    await dialog.getByLabel('Extra routes').fill('10.50.0.0/16 via 10.8.0.1\n10.60.0.1/16');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('line 2: a route goes to a network: clear the host bits (10.50.0.0/16, not 10.50.0.1/16)').waitFor();
    await dialog.getByLabel('Extra routes').fill('10.50.0.0/16 via 10.8.0.1\n10.60.0.0/16 metric 20');
    // every empty field says what it takes, whole (the key fields' paths were cut)
    await expect(cutPlaceholders(page, '[role=dialog]')).resolves.toEqual([]);
    // the picture: a taller window, the group at the top of the dialog
    await page.setViewportSize({ width: 1440, height: 1300 });
    await dialog.getByText('Advanced (', { exact: false }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme, true);
      await screenshot(page, `vpn-advanced-${theme}.png`);
    }
    await setTheme('light', true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const show = async () => Object.fromEntries((await fx.nmcli('-t', '-f', 'all', 'connection', 'show', 'advanced')).split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
    const made = await show();
    expect(made).toMatchObject({
      'ipv4.never-default': 'yes', 'ipv6.never-default': 'yes', 'ipv4.dns': '10.1.1.1', 'ipv6.dns': 'fd00::53', 'ipv4.dns-search': 'corp.example', 'ipv6.dns-search': 'lab6.example',
    });
    for (const kv of ['allow-compression = asym', 'connect-timeout = 20', 'proxy-type = http', 'http-proxy-username = proxy-user', 'http-proxy-password-flags = 2']) expect(made['vpn.data']).toContain(kv);
    expect(made['ipv4.routes']).toContain('10.60.0.0/16');
    expect(made['vpn.data']).toMatch(/compress = lz4-v2/);
    expect(made['vpn.data']).toMatch(/tunnel-mtu = 1400/);
    // an edit through the form: the group says how many are set, and changing one changes it alone
    await menu(page.getByTestId('vpn-advanced'), 'Edit…');
    dialog = page.getByRole('dialog');
    const summary = dialog.getByText(/^Advanced \(\d+ set\)$/);
    await summary.waitFor();
    await summary.click();
    await dialog.getByLabel('MTU (tun-mtu)').fill('1300');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await show();
    const changed = Object.keys(after).filter((k) => after[k] !== made[k] && k !== 'connection.timestamp');
    expect(changed).toEqual(['vpn.data']);
    expect(after['vpn.data']).toBe(made['vpn.data']!.replace('tunnel-mtu = 1400', 'tunnel-mtu = 1300'));
  });

  it('says a failure with its real reason under the profile, and shows the attempt counting against its timeout while connecting', async () => {
    // an encrypted key and a wrong pass phrase: openvpn says why, NetworkManager does not
    const key = join(fx.scratch, 'client-encrypted.key');
    execFileSync('openssl', ['pkey', '-in', fx.env.NMSB_VPN_KEY!, '-aes256', '-passout', 'pass:right one', '-out', key]);
    const made = await callInPage(page, 'vpn.create', {
      name: 'wrong pass phrase', remote: fx.env.NMSB_VPN_REMOTE!, connectionType: 'tls', ca: fx.env.NMSB_VPN_CA!, cert: fx.env.NMSB_VPN_CERT!, key, keyPassword: 'wrong one',
    });
    expect(made.ok).toBe(true);
    const item = page.getByTestId('vpn-wrong pass phrase');
    await item.getByRole('switch').click();
    const error = item.getByTestId('vpn-error');
    await error.waitFor({ timeout: 40_000 });
    expect(await error.textContent()).toMatch(/^the VPN wrong pass phrase did not come up.*: the private key pass phrase is wrong \(OpenSSL: bad decrypt, maybe wrong password\)$/);
    expect(await item.getByTestId('vpn-state').textContent()).toBe('failed');
    await tidy(item);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      await screenshot(page, `vpn-failure-${theme}.png`);
    }

    // A server that never answers as expected (a CA that did not sign it): connecting, counted
    // against the app's timeout; the Delete dialog says it is connecting, not connected.
    const ca = join(fx.scratch, 'other-ca.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(fx.scratch, 'other-ca.key'), '-out', ca, '-days', '30', '-subj', '/CN=Another CA'], { stdio: 'ignore' });
    expect((await callInPage(page, 'vpn.create', { name: 'hangs', remote: fx.env.NMSB_VPN_REMOTE!, connectionType: 'tls', ca, cert: fx.env.NMSB_VPN_CERT!, key: fx.env.NMSB_VPN_KEY! })).ok).toBe(true);
    const hangs = page.getByTestId('vpn-hangs');
    await hangs.getByRole('switch').click();
    await hangs.getByTestId('vpn-state').getByText('connecting', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await hangs.getByTestId('vpn-countdown').textContent()).toMatch(/^\d+ s of 60 s$/);
    // certificate-only: nobody is asked, so it never reads "needs a secret"
    expect(await hangs.getByTestId('vpn-state').textContent()).toBe('connecting');
    expect(await hangs.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await tidy();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      await screenshot(page, `vpn-panel-${theme}.png`);
    }
    await setTheme('light');
    await menu(hangs, 'Delete…');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('It is connecting now; the attempt will be stopped.', { exact: false }).waitFor();
    expect(await dialog.textContent()).not.toContain('connected now');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await hangs.waitFor({ state: 'detached' });
  });

  it('keeps the Delete dialog open with the refusal in words when the delete fails', async () => {
    const item = page.getByTestId('vpn-keep all');
    await menu(item, 'Delete…');
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
