// bin/netns-ctl.cjs runs the bundle with a V8 code cache beside it. V8 checks a cache against the
// source only by its length, so the launcher must tell a rebuilt bundle from the old one itself.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'netns-ctl-launcher-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function install(): { run: () => string; bundle: string; cache: string } {
  const dir = mkdtempSync(join(root, 'app-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(join(__dirname, '..', '..', 'bin', 'netns-ctl.cjs'), join(dir, 'bin', 'netns-ctl.cjs'));
  const bundle = join(dir, 'dist', 'netns-ctl.cjs');
  return { bundle, cache: `${bundle}.cache`, run: () => execFileSync('node', [join(dir, 'bin', 'netns-ctl.cjs'), 'x'], { encoding: 'utf8' }) };
}
const program = (word: string) => `process.stdout.write('${word} ' + process.argv.slice(2).join(' ') + ' ' + typeof require('node:path').join);\n`;

describe('the netns-ctl launcher', () => {
  it('runs the bundle with its arguments, writes a cache, and runs from it next time', () => {
    const app = install();
    writeFileSync(app.bundle, program('first'));
    expect(app.run()).toBe('first x function');
    expect(existsSync(app.cache)).toBe(true);
    expect(app.run()).toBe('first x function');
  });

  it('never runs an old cache for a rebuilt bundle of the same length', () => {
    const app = install();
    writeFileSync(app.bundle, program('older'));
    app.run();
    const before = readFileSync(app.cache);
    rmSync(app.bundle);
    writeFileSync(app.bundle, program('newer')); // same length, other code
    expect(app.run()).toBe('newer x function');
    expect(readFileSync(app.cache).equals(before)).toBe(false); // rewritten for the new bundle
  });

  it('ignores a cache that others could have written, even one that fits', () => {
    const app = install();
    // A cache made for other code of the same length, stamped as if made for the real bundle:
    // what someone with write access to it could put there. Run from it, "evil" would print.
    writeFileSync(app.bundle, program('evil!'));
    app.run();
    const foreign = readFileSync(app.cache);
    const code = foreign.subarray(foreign.indexOf(10) + 1);
    rmSync(app.bundle);
    writeFileSync(app.bundle, program('plain'));
    const st = statSync(app.bundle, { bigint: true });
    const forge = (mode: number) => {
      writeFileSync(app.cache, Buffer.concat([Buffer.from(`netns-ctl cache ${st.size} ${st.mtimeNs} ${st.ino}\n`), code]));
      chmodSync(app.cache, mode);
    };
    forge(0o666);
    expect(app.run()).toBe('plain x function');
    // The same cache, owned and not writable by others, is trusted: proof the forgery fits.
    forge(0o644);
    expect(app.run()).toBe('evil! x function');
  });

  it('says how to build when there is no bundle', () => {
    const app = install();
    expect(() => execFileSync('node', [join(app.bundle, '..', '..', 'bin', 'netns-ctl.cjs')], { stdio: 'pipe' })).toThrow(/not built yet: run `npm run build`/);
  });
});
