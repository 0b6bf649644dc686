// elk runs here, off the main thread, so a big layout never freezes panning or typing. What it
// computes is in layout-run.ts.
import type { LayoutRequest } from './layout-memory';
import { layoutRequest } from './layout-run';

// A listener, not self.onmessage: elk's bundle, loaded on the first layered layout, sets
// self.onmessage to its own dispatcher whenever it runs in a worker. It answers only messages
// with a `cmd`, which ours never have; an onmessage of ours would be replaced and every layout
// after the first would wait forever (e2e/layout.e2e.test.ts found it).
self.addEventListener('message', (e: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const { id, request } = e.data;
  layoutRequest(request).then(
    (response) => self.postMessage({ id, response }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});
