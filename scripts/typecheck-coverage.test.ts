// `npm run typecheck` (tsc -b) checks the projects tsconfig.json references, and only the files
// they include: this proves every TypeScript file of ours is in one of them, in the environment
// it runs in, so a new folder cannot silently escape the typecheck (as the renderer once did).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function project(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, file), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error(`cannot read ${file}`);
  return parsed;
}

const solution = project('tsconfig.json');
const projects = new Map((solution.projectReferences ?? []).map((r) => [relative(root, r.path), project(r.path)]));
const inProject = (name: string) => new Set(projects.get(name)!.fileNames.map((f) => relative(root, f)));
// Every TypeScript file git knows of, tracked or new (not ignored ones such as node_modules).
const ours = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.endsWith('.d.ts'));

describe('the typecheck covers every TypeScript file', () => {
  it('references the Node and the renderer projects', () => {
    expect([...projects.keys()].sort()).toEqual(['tsconfig.node.json', 'tsconfig.web.json']);
  });

  it('puts every file in a project, the renderer with DOM and without Node types, the rest the other way', () => {
    const node = inProject('tsconfig.node.json');
    const web = inProject('tsconfig.web.json');
    expect(ours.filter((f) => !node.has(f) && !web.has(f))).toEqual([]);
    expect(ours.filter((f) => f.startsWith('renderer/') && !web.has(f))).toEqual([]);
    // A renderer module a Node test imports is named in the Node project's "files": checked in
    // both environments, it can use neither the DOM nor Node. No other renderer file is there.
    const named = new Set((project('tsconfig.node.json').raw as { files?: string[] }).files ?? []);
    expect([...node].filter((f) => f.startsWith('renderer/') && !named.has(f))).toEqual([]);
    expect([...named].filter((f) => !web.has(f))).toEqual([]);
    expect(projects.get('tsconfig.web.json')!.options.types).toEqual([]);
    expect(projects.get('tsconfig.web.json')!.options.lib).toContain('lib.dom.d.ts');
    expect(projects.get('tsconfig.node.json')!.options.lib).not.toContain('lib.dom.d.ts');
  });
});
