// `netns-studio serve`: the browser host. Serves the built renderer and the contract over a
// WebSocket, runs the core helper as its child (directly as root, else through pkexec) and holds
// its own NetworkManager client. Prints one URL with the token; nothing else ever shows the token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNmClient } from '../nm/client';
import { CoreHelper } from '../host/core-helper';
import { helperCommand } from '../host/helper-command';
import { createHost } from '../host/host';
import { isLoopback, parseServeArgs, USAGE, wantsHelp } from './args';
import { startServe } from './server';

// dist/serve.cjs sits next to dist/core.cjs and dist/renderer/.
const dist = __dirname;

function version(): string {
  try {
    return String(JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

async function main() {
  if (wantsHelp(process.argv.slice(2))) {
    console.log(USAGE);
    process.exit(0);
  }
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`netns-studio serve: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  const core = new CoreHelper({
    command: helperCommand({ coreScript: join(dist, 'core.cjs') }),
    onStderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  });
  core.onStatus((s) => console.error(`core helper: ${s.state}${s.message ? ` (${s.message})` : ''}`));
  const host = createHost({ transport: 'browser', version: version(), core, nm: args.vpn ? createNmClient({ agentId: 'netns-studio-serve' }) : null, warmCore: true });
  const served = await startServe({ host, staticDir: process.env.NETNS_STUDIO_RENDERER_DIR || join(dist, 'renderer'), listenHost: args.host, port: args.port, allowRemote: args.allowRemote });
  if (!isLoopback(args.host)) {
    console.error(`netns-studio serve: WARNING: listening on ${args.host}, reachable from other machines. Anyone with the token`);
    console.error('can change this machine\'s network as root, and the connection is not encrypted. Prefer ssh -L to 127.0.0.1.');
  }
  console.log(`Netns Studio is at ${served.url}`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void Promise.all([served.close(), host.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main().catch((e) => {
  console.error(`netns-studio serve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
