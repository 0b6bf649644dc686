import { describe, expect, it } from 'vitest';
import { parseServeArgs, wantsHelp } from './args';

describe('serve arguments', () => {
  it('listens on 127.0.0.1 by default, on a port the system picks', () => {
    expect(parseServeArgs(['serve'])).toEqual({ host: '127.0.0.1', port: 0, allowRemote: false, vpn: true });
  });

  it('takes --listen HOST:PORT for loopback, IPv6 in brackets', () => {
    expect(parseServeArgs(['serve', '--listen', '127.0.0.1:8080'])).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(parseServeArgs(['--listen=[::1]:9000'])).toMatchObject({ host: '::1', port: 9000 });
    expect(parseServeArgs(['--listen', '8081'])).toMatchObject({ host: '127.0.0.1', port: 8081 });
  });

  it('refuses a non-loopback address without --allow-remote, and accepts it with', () => {
    expect(() => parseServeArgs(['--listen', '0.0.0.0:8080'])).toThrow(/add --allow-remote/);
    expect(() => parseServeArgs(['--listen', '192.168.1.5:8080'])).toThrow(/reachable from other machines/);
    expect(parseServeArgs(['--listen', '0.0.0.0:8080', '--allow-remote'])).toMatchObject({ host: '0.0.0.0', allowRemote: true });
  });

  it('refuses bad ports and unknown flags', () => {
    expect(() => parseServeArgs(['--listen', '127.0.0.1:70000'])).toThrow(/at most 65535/);
    expect(() => parseServeArgs(['--listen', 'nonsense'])).toThrow(/not HOST:PORT/);
    expect(() => parseServeArgs(['--listen'])).toThrow(/needs HOST:PORT/);
    expect(() => parseServeArgs(['--open-everything'])).toThrow(/unknown argument/);
  });

  it('knows --help and -h, which main.ts answers with the usage alone', () => {
    expect(wantsHelp(['serve', '--help'])).toBe(true);
    expect(wantsHelp(['serve', '--listen', '127.0.0.1:1', '-h'])).toBe(true);
    expect(wantsHelp(['serve', '--listen', '127.0.0.1:1'])).toBe(false);
  });
});
