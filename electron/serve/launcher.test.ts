// bin/netns-studio.js as a newcomer meets it, in a copy with stand-in bundles and no Electron:
// what it suggests must be a command that works.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const app = mkdtempSync(join(tmpdir(), 'netns-studio-bin-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));
mkdirSync(join(app, 'bin'));
mkdirSync(join(app, 'dist'));
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'netns-studio', type: 'module', scripts: { serve: 'node bin/netns-studio.js serve' } }));
copyFileSync(join(__dirname, '..', '..', 'bin', 'netns-studio.js'), join(app, 'bin', 'netns-studio.js'));
writeFileSync(join(app, 'dist', 'serve.cjs'), "process.stdout.write('serve ' + process.argv.slice(2).join(' '));\n");

const run = (...args: string[]) => spawnSync(process.execPath, [join(app, 'bin', 'netns-studio.js'), ...args], { cwd: app, encoding: 'utf8' });

describe('netns-studio without Electron', () => {
  it('suggests npm run serve, in the project, and that command starts the browser host', () => {
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`netns-studio: no Electron binary here; start the browser host instead: npm run serve (in ${app}/)\n`);
    expect(r.stderr).not.toMatch(/instead: netns-studio serve/);
    // and the suggestion, run where it says, reaches the browser host
    const served = spawnSync('npm', ['run', '--silent', 'serve', '--', '--help'], { cwd: app, encoding: 'utf8' });
    expect(served.stdout).toBe('serve serve --help');
  });
});
