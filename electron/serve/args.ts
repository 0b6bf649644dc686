// netns-studio serve [--listen HOST:PORT] [--allow-remote] [--no-vpn]
export interface ServeArgs {
  host: string;
  port: number;
  allowRemote: boolean;
  vpn: boolean;
}

export const USAGE = 'usage: netns-studio serve [--listen 127.0.0.1:PORT] [--allow-remote] [--no-vpn]';

/** `serve --help` (or -h) anywhere: print USAGE, nothing else, and exit 0. */
export const wantsHelp = (argv: string[]): boolean => argv.some((a) => a === '--help' || a === '-h');

export function parseServeArgs(argv: string[]): ServeArgs {
  const out: ServeArgs = { host: '127.0.0.1', port: 0, allowRemote: false, vpn: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === 'serve' && i === 0) continue;
    if (a === '--allow-remote') out.allowRemote = true;
    else if (a === '--no-vpn') out.vpn = false;
    else if (a === '--listen' || a.startsWith('--listen=')) {
      const v = a === '--listen' ? argv[++i] : a.slice('--listen='.length);
      if (!v) throw new Error('--listen needs HOST:PORT');
      const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(v) ?? /^()()(\d{1,5})$/.exec(v);
      if (!m) throw new Error(`--listen: "${v}" is not HOST:PORT (an IPv6 address goes in brackets)`);
      const port = Number(m[3]);
      if (port > 65535) throw new Error('--listen: a port is at most 65535');
      out.host = m[1] || m[2] || '127.0.0.1';
      out.port = port;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (!isLoopback(out.host) && !out.allowRemote) {
    throw new Error(`--listen ${out.host} is reachable from other machines: add --allow-remote if that is what you want (prefer ssh -L)`);
  }
  return out;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
