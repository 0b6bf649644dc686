// The import boundaries of docs/ARCHITECTURE.md are lint rules (eslint.config.js); this proves
// each rule still fires on a crossing and stays quiet on what is allowed, so a config edit cannot
// switch one off unnoticed. Source text is linted as if it were a file in each folder.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  // Only the boundary rule, without types: the fixture files do not exist on disk.
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function crossings(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

// [file it is written in, import statement]
const forbidden: [string, string][] = [
  ['shared/x.ts', "import { createCoreService } from '../electron/core/service';"],
  ['shared/x.ts', "import { readFileSync } from 'node:fs';"],
  ['shared/x.ts', "import { netns } from '../renderer/api/netns';"],
  ['renderer/app/x.ts', "import { createHost } from '../../electron/host/host';"],
  ['renderer/app/x.ts', "import { join } from 'node:path';"],
  ['renderer/x.tsx', "import { ipcRenderer } from 'electron';"],
  ['electron/core/service.ts', "import { createNmClient } from '../nm/client';"],
  ['electron/core/net/x.ts', "import type { NmClient } from '../../nm/client';"],
  ['electron/core/x.ts', "import { createHost } from '../host/host';"],
  ['electron/core/x.ts', "import { app } from 'electron';"],
  ['electron/lib/x.ts', "import { createCoreService } from '../core/service';"],
  ['electron/nm/x.ts', "import { createCoreService } from '../core/service';"],
  ['electron/nm/x.ts', "import { createHost } from '../host/host';"],
  ['electron/host/x.ts', "import { createCoreService } from '../core/service';"],
  ['electron/host/x.ts', "import { createNmClient } from '../nm/client';"],
  ['electron/host/x.ts', "import { app } from 'electron';"],
  ['electron/main/x.ts', "import { createCoreService } from '../core/service';"],
  ['electron/main/x.ts', "import { NmAgent } from '../nm/agent';"],
  ['electron/main/x.ts', "import { startServer } from '../serve/server';"],
  ['electron/serve/x.ts', "import { createCoreService } from '../core/service';"],
  ['electron/serve/x.ts', "import { app } from 'electron';"],
  ['electron/preload/x.ts', "import { createHost } from '../host/host';"],
  ['electron/preload/x.ts', "import { LineSplitter } from '../lib/json-lines';"],
  ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';"],
  ['electron/cli/x.ts', "import { createHost } from '../host/host';"],
  ['electron/cli/x.ts', "import { app } from 'electron';"],
];

const allowed: [string, string][] = [
  ['shared/x.ts', "import { methods } from './contract';"],
  ['renderer/app/x.ts', "import type { Snapshot } from '../../shared/model';"],
  ['renderer/app/x.ts', "import { netns } from '../api/netns';"],
  ['electron/core/x.ts', "import { LineSplitter } from '../lib/json-lines';"],
  ['electron/core/net/x.ts', "import { RouteSocket } from '../netlink/socket';"],
  ['electron/core/x.ts', "import { readFileSync } from 'node:fs';"],
  ['electron/lib/x.ts', "import { MAX_MESSAGE_BYTES } from '../../shared/wire';"],
  ['electron/nm/x.ts', "import type { VpnProfile } from '../../shared/vpn';"],
  ['electron/host/x.ts', "import type { NmClient } from '../nm/client';"],
  ['electron/host/x.ts', "import { LineSplitter } from '../lib/json-lines';"],
  ['electron/main/x.ts', "import { createNmClient } from '../nm/client';"],
  ['electron/main/x.ts', "import { createHost } from '../host/host';"],
  ['electron/main/x.ts', "import { app } from 'electron';"],
  ['electron/serve/x.ts', "import { createNmClient } from '../nm/client';"],
  ['electron/serve/x.ts', "import { createHost } from '../host/host';"],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
  ['electron/preload/x.ts', "import { buildNetnsApi } from '../../shared/client';"],
  ['electron/cli/x.ts', "import { createCoreService } from '../core/service';"],
  ['electron/cli/x.ts', "import { createNmClient } from '../nm/client';"],
];

describe('import boundaries (eslint.config.js)', () => {
  // The first lint loads the config and its plugins: seconds on a busy machine, once.
  beforeAll(() => crossings('shared/x.ts', ''), 60_000);

  it.each(forbidden)('%s: refuses %s', async (file, source) => {
    const found = await crossings(file, source);
    expect(found.length).toBeGreaterThan(0);
    for (const message of found) expect(message).toMatch(/^no-restricted-imports: /);
  });

  it.each(allowed)('%s: allows %s', async (file, source) => {
    expect(await crossings(file, source)).toEqual([]);
  });
});
