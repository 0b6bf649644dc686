// The real reason of a failed attempt. NetworkManager often says only "unknown reason" (or
// nothing, when the attempt hangs until we give up); the VPN plugin's own program logged why.
// On a desktop openvpn logs to the journal as nm-openvpn (`journalctl -t nm-openvpn`); the test
// fixture writes the same lines to a file. We read what was logged during the attempt and
// distill it into a sentence.
import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';

export interface PluginLog {
  /** Where the log stands now, at the start of an attempt. */
  mark(): Promise<number>;
  /** The lines logged since `mark`. */
  since(mark: number): Promise<string[]>;
}

/** `journalctl -q -o cat -t nm-openvpn --since @SECONDS`: nothing when there is no journal or no right to read it. */
export function journalLog(): PluginLog {
  return {
    mark: () => Promise.resolve(Math.floor(Date.now() / 1000)),
    since: (mark) =>
      new Promise((resolve) =>
        execFile('journalctl', ['-q', '--no-pager', '-o', 'cat', '-t', 'nm-openvpn', '--since', `@${mark}`], { timeout: 5000, maxBuffer: 1 << 20 }, (err, stdout) =>
          resolve(err ? [] : String(stdout).split('\n').filter(Boolean)),
        ),
      ),
  };
}

/** A log file that grows (the fixture's openvpn-client.log); the mark is its size. */
export function fileLog(path: string): PluginLog {
  return {
    mark: async () => (await stat(path).catch(() => ({ size: 0 }))).size,
    since: async (mark) => {
      const f = await open(path, 'r').catch(() => null);
      if (!f) return [];
      try {
        const { size } = await f.stat();
        const buf = Buffer.alloc(Math.max(0, Math.min(size - mark, 1 << 20)));
        await f.read(buf, 0, buf.length, Math.max(mark, size - buf.length));
        return buf.toString('utf8').split('\n').filter(Boolean);
      } finally {
        await f.close();
      }
    },
  };
}

/** What openvpn's lines say went wrong, as a sentence with openvpn's own words in brackets; null when they say nothing we know. */
export function distill(lines: string[]): string | null {
  const text = lines.join('\n');
  const remote = /link remote: \[AF_INET6?\]([^\s]+)/.exec(text)?.[1];
  const rules: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [/VERIFY ERROR|certificate verify failed/, () => "the server's certificate is not signed by the CA in this profile (TLS: certificate verify failed)"],
    [/AUTH_FAILED/, () => 'the server refused the user name or password (AUTH_FAILED)'],
    [/private key password verification failed/, () => 'the private key pass phrase is wrong (private key password verification failed)'],
    // OpenVPN 2.6 with OpenSSL 3: "maybe wrong password", then "Cannot load private key file"
    [/private-key-password-failure|maybe wrong password/, () => 'the private key pass phrase is wrong (OpenSSL: bad decrypt, maybe wrong password)'],
    [/Cannot load (CA certificate file|certificate file|private key file)/i, (m) => `OpenVPN cannot load the ${m[1]!.toLowerCase()} of this profile (${m[0]})`],
    [/RESOLVE: Cannot resolve host address: ([^\s:]+)/, (m) => `the server name ${m[1]} cannot be resolved (RESOLVE: cannot resolve host address)`],
    [/ECONNREFUSED|Connection refused/, () => `nothing answers at ${remote ?? "the server's address and port"} (connection refused): check the port and the protocol`],
    [/TLS key negotiation failed to occur within (\d+) seconds/, (m) => `the server did not answer within ${m[1]} s (TLS key negotiation failed): check the address, port and protocol`],
    [/Network is unreachable|No route to host/, (m) => `the server cannot be reached (${m[0]})`],
  ];
  for (const [re, say] of rules) {
    const m = re.exec(text);
    if (m) return say(m);
  }
  return null;
}
