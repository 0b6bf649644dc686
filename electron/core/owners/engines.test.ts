// The engine client against a stand-in server on a Unix socket speaking the documented list
// endpoints: Docker Engine API GET /containers/json (ContainerSummary: Id, Names with "/", Image,
// Labels) and Podman's libpod GET /v4.0.0/libpod/containers/json (ListContainer: Names without
// "/", Pod, PodName). Neither engine runs here; these shapes are from their API references.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamespaceSummary } from '../../../shared/model';
import { askEngine, nameByEngines, type EngineApi } from './engines';

const ID = '1f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778';
const ID2 = 'ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79';

const dockerList = [
  {
    Id: ID,
    Names: ['/shop-web-1'],
    Image: 'nginx:1.27',
    ImageID: 'sha256:abc',
    Command: 'nginx -g daemon off;',
    State: 'running',
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    NetworkSettings: { Networks: { bridge: {} } },
  },
  { Id: 'not-an-id', Names: ['/broken'] },
];
const podmanList = [{ Id: ID2, Names: ['db'], Image: 'docker.io/library/postgres:16', Pod: 'f00d', PodName: 'shop-pod', State: 'running', Pid: 4711 }];

const dir = mkdtempSync(join(tmpdir(), 'netns-engines-'));
const servers: Server[] = [];
/** A stand-in engine: `answer` decides the reply for each request path. */
async function engine(name: string, answer: (path: string, res: import('node:http').ServerResponse) => void): Promise<string> {
  const socket = join(dir, `${name}.sock`);
  const server = createServer((req, res) => answer(req.url ?? '', res));
  servers.push(server);
  await new Promise<void>((r) => server.listen(socket, r));
  return socket;
}
const json = (res: import('node:http').ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const ns = (kind: 'docker' | 'podman', id: string): NamespaceSummary => ({
  id: '4026532000',
  names: [],
  pids: [1],
  processes: [],
  nsid: null,
  current: false,
  owner: { kind, name: null, id, detail: {}, source: 'cgroup' },
});

describe('engine APIs on Unix sockets', () => {
  let docker: EngineApi;
  let podman: EngineApi;
  const asked: string[] = [];
  beforeAll(async () => {
    docker = { kind: 'docker', socket: await engine('docker', (p, res) => (asked.push(p), p === '/containers/json' ? json(res, dockerList) : json(res, { message: 'page not found' }, 404))), path: '/containers/json' };
    podman = { kind: 'podman', socket: await engine('podman', (p, res) => (p === '/v4.0.0/libpod/containers/json' ? json(res, podmanList) : json(res, {}, 404))), path: '/v4.0.0/libpod/containers/json' };
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names docker containers with compose project and service, and podman ones with their pod', async () => {
    const list = [ns('docker', ID), ns('podman', ID2), ns('docker', ID2)];
    await nameByEngines(list, [docker, podman]);
    expect(list[0]!.owner).toEqual({ kind: 'docker', name: 'shop-web-1', id: ID, detail: { image: 'nginx:1.27', project: 'shop', service: 'web' }, source: 'cgroup+docker api' });
    expect(list[1]!.owner).toMatchObject({ kind: 'podman', name: 'db', detail: { image: 'docker.io/library/postgres:16', pod: 'shop-pod' } });
    // Not in docker's list; the one entry docker sent in another shape is said, not guessed.
    expect(list[2]!.owner).toMatchObject({ name: null, detail: { note: expect.stringContaining('1 container(s) in a shape we could not read') } });
  });

  it('does not ask an engine no namespace needs', async () => {
    asked.length = 0;
    await nameByEngines([ns('podman', ID2)], [docker, podman]);
    expect(asked).toEqual([]);
  });

  it('keeps /proc\'s answer with a note when the engine answers garbage, an error or not at all', async () => {
    const garbage: EngineApi = { kind: 'docker', socket: await engine('garbage', (_p, res) => json(res, '<html>not json')), path: '/containers/json' };
    const object: EngineApi = { kind: 'docker', socket: await engine('object', (_p, res) => json(res, { Id: ID })), path: '/containers/json' };
    const failing: EngineApi = { kind: 'docker', socket: await engine('failing', (_p, res) => json(res, { message: 'boom' }, 500)), path: '/containers/json' };
    const silent: EngineApi = { kind: 'docker', socket: await engine('silent', () => undefined), path: '/containers/json' };
    const absent: EngineApi = { kind: 'docker', socket: join(dir, 'absent.sock'), path: '/containers/json' };
    expect(await askEngine(garbage)).toEqual({ error: 'docker answered something that is not JSON' });
    expect(await askEngine(object)).toEqual({ error: 'docker answered JSON that is not a list of containers' });
    expect(await askEngine(failing)).toEqual({ error: 'docker answered HTTP 500' });
    expect(await askEngine(silent, 100)).toEqual({ error: 'docker did not answer within 100 ms' });
    expect(await askEngine(absent)).toEqual({ error: `no docker socket at ${join(dir, 'absent.sock')}` });
    const list = [ns('docker', ID)];
    await nameByEngines(list, [silent], 100);
    expect(list[0]!.owner).toEqual({ kind: 'docker', name: null, id: ID, detail: { note: 'docker did not answer within 100 ms; name unknown' }, source: 'cgroup' });
  });
});
