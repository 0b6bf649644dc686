import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from './static-files';

const parent = mkdtempSync(join(tmpdir(), 'netns-static-'));
const root = join(parent, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), 'page');
writeFileSync(join(root, 'assets', 'app.js'), 'js');
writeFileSync(join(parent, 'secret.txt'), 'outside');

describe('static files of the renderer', () => {
  it('finds files, and index.html for directories and the page routes', () => {
    expect(resolveStaticFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveStaticFile(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticFile(root, '/namespaces/blue')).toBe(join(root, 'index.html'));
  });

  it('never reaches outside the root, however the path is spelled', () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets/%00.js', '/%E0%A4%A']) {
      expect(resolveStaticFile(root, p)).toBe(null);
    }
  });

  it('answers null for a missing file with an extension', () => {
    expect(resolveStaticFile(root, '/assets/missing.js')).toBe(null);
  });
});
