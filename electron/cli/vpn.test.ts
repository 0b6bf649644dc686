import { describe, expect, it } from 'vitest';
import { parseVpnArgs } from './vpn';

describe('netns-ctl vpn grammar', () => {
  it('reads each verb with its argument and options', () => {
    expect(parseVpnArgs(['list', '--json'])).toEqual({ verb: 'list', target: null, json: true, passwordFile: null, timeoutMs: 60_000 });
    expect(parseVpnArgs(['up', 'office', '--password-file', '/run/pw', '--timeout', '20'])).toMatchObject({ verb: 'up', target: 'office', passwordFile: '/run/pw', timeoutMs: 20_000 });
    expect(parseVpnArgs(['import', 'a.ovpn']).target).toBe('a.ovpn');
  });
  it('refuses bad usage in words', () => {
    expect(() => parseVpnArgs([])).toThrow('a vpn command is missing');
    expect(() => parseVpnArgs(['up'])).toThrow('vpn up needs a NAME');
    expect(() => parseVpnArgs(['import'])).toThrow('vpn import needs a FILE');
    expect(() => parseVpnArgs(['list', 'x'])).toThrow('vpn list takes no argument');
    expect(() => parseVpnArgs(['down', 'a', '--password-file', 'f'])).toThrow('--password-file goes with vpn up');
    expect(() => parseVpnArgs(['up', 'a', '--password-file'])).toThrow('--password-file needs a file name');
    expect(() => parseVpnArgs(['up', 'a', '--timeout', '0'])).toThrow(/--timeout is a whole number of seconds/);
    expect(() => parseVpnArgs(['up', 'a', '--password', 'x'])).toThrow('unknown option --password');
  });
});
