// The one door to the host: window.netns, put there by the Electron preload or by the browser
// host's WebSocket client. Until a host is present every call answers "unavailable" in words.
import type { NetnsApi } from '../../shared/contract';

const missing: NetnsApi = new Proxy({} as NetnsApi, {
  get(_t, prop) {
    if (prop === 'subscribe') return () => () => {};
    return async () => ({ ok: false, error: { code: 'unavailable', message: 'no Netns Studio host is connected to this page' } });
  },
});

export const api: NetnsApi = (globalThis as { netns?: NetnsApi }).netns ?? missing;
