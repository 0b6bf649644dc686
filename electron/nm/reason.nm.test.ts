// The real reason: when NetworkManager gives none a person can act on, the failure says what
// openvpn logged for the attempt (here the fixture's openvpn-client.log, on a desktop the journal).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NmClient } from './client';
import { fileLog } from './plugin-log';
import { errorOf, panelNotifications, startNmClient, stopNmClient, type Recorder } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';

const skip = nmSkipReason();

describe.skipIf(skip)('a failure explained with what openvpn logged', () => {
  let fx: NmFixture;
  let client: NmClient;
  let env: Record<string, string>;
  let events: Recorder;

  beforeAll(async () => {
    ({ fx, env, client, events } = await startNmClient((f) => ({ agentId: 'netns-studio.reason', pluginLog: fileLog(f.env.NMSB_VPN_CLIENT_LOG!) })));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const tls = (name: string) => ({ name, remote: env.NMSB_VPN_REMOTE!, connectionType: 'tls' as const, ca: env.NMSB_VPN_CA, cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY });

  it('a CA that did not sign the server: the certificate is named, not "did not come up"', async () => {
    const ca = join(fx.scratch, 'other-ca.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(fx.scratch, 'other-ca.key'), '-out', ca, '-days', '30', '-subj', '/CN=Another CA'], { stdio: 'ignore' });
    const p = await client.call('vpn.create', { ...tls('wrong-ca'), ca } as never);
    const message = "the VPN wrong-ca did not come up within 6 s: the server's certificate is not signed by the CA in this profile (TLS: certificate verify failed)";
    expect(await errorOf(client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 6000 }))).toMatchObject({ code: 'timeout', message });
    expect((await client.call('vpn.list', {})).find((x) => x.uuid === p.uuid)?.lastError).toBe(message);
  });

  it('an encrypted key with a wrong pass phrase: the pass phrase is named, not "an unknown reason"', async () => {
    const key = join(fx.scratch, 'enc.key');
    execFileSync('openssl', ['pkey', '-in', env.NMSB_VPN_KEY!, '-aes256', '-passout', 'pass:right one', '-out', key]);
    const p = await client.call('vpn.create', { ...tls('wrong-pass'), key, keyPassword: 'wrong one' } as never);
    const message = 'the VPN wrong-pass did not come up: the private key pass phrase is wrong (OpenSSL: bad decrypt, maybe wrong password)';
    expect(await errorOf(client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 20_000 }))).toMatchObject({ code: 'failed', message });
    // told once, with these words: never NetworkManager's "unknown reason" first (the signal came before openvpn's log was read)
    await new Promise((r) => setTimeout(r, 1500));
    expect(panelNotifications(events, p.uuid)).toEqual([`wrong-pass failed: ${message}`]);
  });

  it('a port nothing listens on: "connection refused" at that address', async () => {
    const p = await client.call('vpn.create', { ...tls('wrong-port'), port: 1999 } as never);
    expect(await errorOf(client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 6000 }))).toMatchObject({
      code: 'timeout',
      message: `the VPN wrong-port did not come up within 6 s: nothing answers at ${env.NMSB_VPN_REMOTE}:1999 (connection refused): check the port and the protocol`,
    });
  });
});
