import { describe, expect, it } from 'vitest';
import { openVpnFields } from '../../shared/vpn';
import { blankForm, fieldsOf, formErrors, formOf, parseRouteLine } from './form-fields';

// What vpn.get answers for a TLS profile with tls-auth, autoconnect and an asked key password.
const loaded = {
  name: 'office', remote: 'vpn.example.org', port: 1194, protocol: 'udp', connectionType: 'tls',
  ca: '/etc/ca.pem', cert: '/etc/c.pem', key: '/etc/k.pem', keyPasswordFlag: 'ask', passwordFlag: 'saved', proxyPasswordFlag: 'saved',
  tlsAuth: '/etc/ta.key', tlsAuthDirection: 1, autoconnect: true,
};

describe('the OpenVPN form over the loaded profile', () => {
  it('keeps every loaded field the form does not show when one shown field changes', () => {
    const form = { ...formOf('office', loaded), remote: 'vpn2.example.org' };
    const sent = fieldsOf(form, loaded);
    // an edit sends the advanced switches as they stand (off here, as loaded)
    expect(sent).toEqual({ ...loaded, remote: 'vpn2.example.org', remoteRandom: false, proxyRetry: false, neverDefault: false });
    expect(openVpnFields.parse(sent)).toMatchObject({ tlsAuth: '/etc/ta.key', tlsAuthDirection: 1, autoconnect: true, keyPasswordFlag: 'ask' });
  });
  it('keeps tls-crypt and a static key direction too', () => {
    const staticKey = { name: 's', remote: 'r', port: 1194, protocol: 'tcp', connectionType: 'static-key', staticKey: '/k', staticKeyDirection: 0, localIp: '10.0.0.1', remoteIp: '10.0.0.2', tlsCrypt: '/tc', passwordFlag: 'saved', keyPasswordFlag: 'saved', proxyPasswordFlag: 'ask', autoconnect: false };
    expect(fieldsOf(formOf('s', staticKey), staticKey)).toEqual({ ...staticKey, remoteRandom: false, proxyRetry: false, neverDefault: false });
  });
  it('clears a shown field the person emptied, instead of keeping the loaded value', () => {
    const form = { ...formOf('office', loaded), cert: '' };
    expect(fieldsOf(form, loaded)).not.toHaveProperty('cert');
  });
  it('sends only the form for a new profile', () => {
    expect(fieldsOf({ ...blankForm, name: 'n', remote: 'r', ca: '/ca', username: 'u' })).toEqual({ name: 'n', remote: 'r', port: 1194, protocol: 'udp', connectionType: 'password', passwordFlag: 'saved', ca: '/ca', username: 'u' });
  });
});

describe('the Advanced group', () => {
  const advanced = {
    ...loaded, cipher: 'AES-256-CBC', dataCiphers: 'AES-256-GCM:AES-128-GCM', auth: 'SHA256', tunnelMtu: 1400, fragmentSize: 1300, mssfix: 'yes',
    compression: 'lz4-v2', allowCompression: 'yes', compLzo: 'adaptive', tlsCrypt: undefined, tlsAuth: undefined, tlsAuthDirection: undefined, tlsCryptV2: '/etc/tc2.key',
    proxyType: 'http', proxyServer: 'proxy.example', proxyPort: 3128, proxyUsername: 'pu', proxyPasswordFlag: 'ask', proxyRetry: true,
    remoteRandom: true, ping: 10, pingRestart: 60, pingExit: 120, connectTimeout: 20,
    neverDefault: true, dns: ['10.1.1.1', 'fd00::53'], dnsSearch: ['corp.example', 'lab.example'], dnsSearchIpv6: ['v6.example'],
    routes: [{ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 }, { to: 'fd00:50::/64' }],
  };
  it('shows every advanced setting as text and sends it back unchanged', () => {
    const form = formOf('office', advanced);
    expect(form).toMatchObject({ dns: '10.1.1.1, fd00::53', routes: '10.50.0.0/16 via 10.8.0.1 metric 50\nfd00:50::/64', mssfix: 'yes', remoteRandom: 'true' });
    expect(fieldsOf(form, advanced)).toEqual(advanced);
    expect(openVpnFields.safeParse(fieldsOf(form, advanced)).success).toBe(true);
  });
  it('reads a route as the form writes it, or as nmcli does', () => {
    expect(parseRouteLine('10.50.0.0/16 via 10.8.0.1 metric 50')).toEqual({ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 });
    expect(parseRouteLine('10.50.0.0/16 10.8.0.1 50')).toEqual({ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 });
    expect(parseRouteLine(' 10.50.0.0/16  ')).toEqual({ to: '10.50.0.0/16' });
    expect(parseRouteLine('10.50.0.0/16 40')).toEqual({ to: '10.50.0.0/16', metric: 40 });
  });
  it('refuses bad values naming the field, the rule and the line', () => {
    const base = { ...blankForm, name: 'n', remote: 'r', ca: '/ca', username: 'u' };
    const errors = (change: Record<string, string>) => formErrors(openVpnFields, fieldsOf({ ...base, ...change }));
    expect(errors({ routes: '10.50.0.0/16\n10.60.0.0/16 via nowhere' }).routes).toBe('line 2: not an IPv4 or IPv6 address');
    expect(errors({ routes: '10.50.0.1/16' }).routes).toMatch(/^line 1: a route goes to a network: clear the host bits/);
    expect(errors({ routes: '10.50.0.0/16 via fd00::1' }).routes).toMatch(/^line 1: the gateway fd00::1 is IPv6/);
    expect(errors({ dns: '10.1.1.1 dns.example' }).dns).toBe('entry 2: not an IPv4 or IPv6 address');
    expect(errors({ dnsSearch: 'corp.example bad_domain!' }).dnsSearch).toMatch(/^entry 2: a search domain is a domain name/);
    expect(errors({ tunnelMtu: '40' }).tunnelMtu).toBe('the tunnel MTU is at least 68');
    expect(errors({ tunnelMtu: 'big' }).tunnelMtu).toBe('the tunnel MTU must be a number');
    expect(errors({ mssfix: 'maybe' }).mssfix).toBe('mssfix is "yes" or a size in bytes from 1 to 65535');
    expect(errors({ cipher: 'AES 256' }).cipher).toMatch(/^the cipher is one OpenSSL name such as AES-256-CBC/);
    expect(errors({ dataCiphers: 'AES-256-GCM,AES-128-GCM' }).dataCiphers).toMatch(/separated by ":"/);
    expect(errors({ proxyType: 'http' })).toMatchObject({ proxyServer: 'a proxy server is required for an http proxy', proxyPort: 'a proxy port is required for an http proxy' });
    expect(errors({ proxyServer: 'p.example', proxyPort: '8080' }).proxyType).toBe('a proxy type (http or socks) is required with a proxy server');
    expect(errors({ ping: '0' }).ping).toBe('ping is at least 1 seconds');
    expect(errors({ compression: 'zip' }).compression).toMatch(/^compression is lz4-v2, lz4, lzo or yes/);
    expect(errors({ port: '70000' }).port).toMatch(/65535/);
    expect(errors({ dns: '10.1.1.1, fd00::zz' }).dns).toBe('entry 2: not an IPv4 or IPv6 address');
    expect(errors({ dnsSearchIpv6: 'v6.example -bad' }).dnsSearchIpv6).toMatch(/^entry 2: a search domain is a domain name/);
    expect(errors({ allowCompression: 'sometimes' }).allowCompression).toBe('allow-compression is asym, yes or no');
    expect(errors({ compLzo: 'no' }).compLzo).toBe('comp-lzo is yes, adaptive or no-by-default (openvpn\'s "no")');
    expect(errors({ tlsAuth: '/etc/ta.key', tlsCryptV2: '/etc/tc2.key' }).tlsCryptV2).toBe('use tls-crypt-v2 alone, without tls-auth');
    expect(errors({ tlsCryptV2: 'not a key' }).tlsCryptV2).toMatch(/^give the absolute path of a file, or PEM text/);
    expect(errors({ proxyType: 'socks', proxyServer: 'p.example', proxyPort: '1080', proxyUsername: 'pu' }).proxyUsername).toBe('a proxy user name is for an http proxy only');
    expect(errors({ proxyType: 'http', proxyServer: 'p.example', proxyPort: '3128', proxyPassword: 'pw' }).proxyUsername).toBe('a proxy user name is required with a proxy password');
    expect(errors({ proxyType: 'http', proxyServer: 'p.example', proxyPort: '99999' }).proxyPort).toMatch(/65535/);
    expect(errors({ pingExit: '0' }).pingExit).toBe('ping-exit is at least 1 seconds');
    expect(errors({ connectTimeout: '100000' }).connectTimeout).toBe('the connect timeout is at most 86400 seconds');
    expect(errors({ connectTimeout: 'soon' }).connectTimeout).toBe('the connect timeout must be a number');
  });
});
