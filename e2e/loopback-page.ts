// Another local server, as any local user could run one: a page on another port of 127.0.0.1
// that records every request it receives (HTTP and WebSocket upgrades), headers included. The
// browser host's credential must never reach it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface LoopbackPage {
  origin: string;
  /** Everything received so far. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Serves `html` for every path on 127.0.0.1, on a port the system picks. */
export async function startLoopbackPage(html: string): Promise<LoopbackPage> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  server.on('upgrade', (req, socket) => {
    seen.push({ method: 'UPGRADE', url: req.url ?? '', headers: req.headers });
    socket.destroy();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
