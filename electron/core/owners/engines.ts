// Names and images from the container engines' own local APIs: Docker's and Podman's REST APIs on
// their Unix sockets. /proc tells a container's id; only the engine knows what people call it.
// Asked only when a namespace of that kind lacks a name, with a short timeout: an engine that
// hangs, answers garbage or is not there leaves the owners as /proc told them, with a note.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { z } from 'zod';
import type { NamespaceOwner, NamespaceSummary } from '../../../shared/model';

export interface EngineApi {
  kind: 'docker' | 'podman';
  socket: string;
  /** The list endpoint: running containers with their names and images. */
  path: string;
}

/**
 * Docker Engine API: GET /containers/json ("List containers"; without a version prefix the daemon
 * answers with its own API version), on /run/docker.sock (/var/run is a link to /run). Podman's
 * libpod API: GET /v4.0.0/libpod/containers/json on the rootful service's /run/podman/podman.sock
 * (podman-system-service(1)); rootless sockets under /run/user/UID are not asked.
 */
export const ENGINE_APIS: EngineApi[] = [
  { kind: 'docker', socket: '/run/docker.sock', path: '/containers/json' },
  { kind: 'podman', socket: '/run/podman/podman.sock', path: '/v4.0.0/libpod/containers/json' },
];

/** How long an engine may take before the picture goes on without it. */
export const ENGINE_TIMEOUT_MS = 300;
/** A list of containers is small; anything bigger is not the answer we asked for. */
const MAX_ANSWER = 8 * 1024 * 1024;

/**
 * One container as both APIs list it: Docker's ContainerSummary (Names with a leading "/", Labels
 * holding compose's project and service) and Podman's ListContainer (Names without "/", Pod and
 * PodName). Other fields are ignored; a container without an Id is skipped.
 */
const container = z.object({
  Id: z.string().regex(/^[0-9a-f]{64}$/),
  Names: z.array(z.string()).optional(),
  Image: z.string().optional(),
  Labels: z.record(z.string(), z.string()).nullable().optional(),
  PodName: z.string().optional(),
});
export type EngineContainer = z.infer<typeof container>;

export type EngineAnswer = { containers: EngineContainer[]; skipped: number } | { error: string };

/** GET api.path on api.socket; never rejects, never takes much longer than timeoutMs. */
export function askEngine(api: EngineApi, timeoutMs = ENGINE_TIMEOUT_MS): Promise<EngineAnswer> {
  if (!existsSync(api.socket)) return Promise.resolve({ error: `no ${api.kind} socket at ${api.socket}` });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (a: EngineAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ error: `${api.kind} did not answer within ${timeoutMs} ms` }), timeoutMs);
    const req = request({ socketPath: api.socket, path: api.path, method: 'GET', headers: { Host: api.kind, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (b: Buffer) => {
        size += b.length;
        if (size > MAX_ANSWER) return finish({ error: `${api.kind} answered more than ${MAX_ANSWER} bytes` });
        chunks.push(b);
      });
      res.on('error', (e) => finish({ error: `${api.kind} answer broke off: ${e.message}` }));
      res.on('end', () => {
        if (res.statusCode !== 200) return finish({ error: `${api.kind} answered HTTP ${res.statusCode}` });
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return finish({ error: `${api.kind} answered something that is not JSON` });
        }
        if (!Array.isArray(body)) return finish({ error: `${api.kind} answered JSON that is not a list of containers` });
        const containers: EngineContainer[] = [];
        for (const item of body) {
          const c = container.safeParse(item);
          if (c.success) containers.push(c.data);
        }
        finish({ containers, skipped: body.length - containers.length });
      });
    });
    req.on('error', (e) => finish({ error: `${api.kind} at ${api.socket}: ${e.message}` }));
    req.end();
  });
}

/** An owner with what its engine says: name, image, compose project and service, pod. */
export function applyContainer(owner: NamespaceOwner, c: EngineContainer, kind: string): void {
  const name = c.Names?.[0]?.replace(/^\//, '');
  if (name) owner.name = name;
  if (c.Image) owner.detail.image = c.Image;
  const labels = c.Labels ?? {};
  if (labels['com.docker.compose.project']) owner.detail.project = labels['com.docker.compose.project'];
  if (labels['com.docker.compose.service']) owner.detail.service = labels['com.docker.compose.service'];
  if (c.PodName) owner.detail.pod = c.PodName;
  owner.source = `${owner.source}+${kind} api`;
}

/** Fills names and images in from the engines whose containers /proc found (in place). */
export async function nameByEngines<T extends NamespaceSummary>(list: T[], apis: EngineApi[] = ENGINE_APIS, timeoutMs = ENGINE_TIMEOUT_MS): Promise<T[]> {
  const wanted = apis.filter((api) => list.some((ns) => ns.owner?.kind === api.kind && ns.owner.id && !ns.owner.detail.image));
  const answers = await Promise.all(wanted.map((api) => askEngine(api, timeoutMs)));
  wanted.forEach((api, i) => {
    const answer = answers[i]!;
    const owners = list.map((ns) => ns.owner).filter((o): o is NamespaceOwner => o?.kind === api.kind && !!o.id);
    if ('error' in answer) {
      for (const o of owners) o.detail.note = `${answer.error}; name unknown`;
      return;
    }
    const byId = new Map(answer.containers.map((c) => [c.Id, c]));
    for (const o of owners) {
      const c = byId.get(o.id!);
      if (c) applyContainer(o, c, api.kind);
      else if (answer.skipped) o.detail.note = `${api.kind} listed ${answer.skipped} container(s) in a shape we could not read`;
    }
  });
  return list;
}
