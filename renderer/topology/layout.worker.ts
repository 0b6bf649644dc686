// elk runs here, off the main thread, so a big layout never freezes panning or typing. What it
// computes is in layout-run.ts.
import type { LayoutRequest } from './layout-memory';
import { layoutRequest } from './layout-run';

self.onmessage = async (e: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const { id, request } = e.data;
  try {
    self.postMessage({ id, response: await layoutRequest(request) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
