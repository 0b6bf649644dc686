// The renderer's one way to the host: window.netns as the Electron preload defined it, or else
// the same API over the browser host's WebSocket.
import { topologyEventNames, type NetnsApi } from '../../shared/contract';
import { createWsNetnsApi } from './ws-client';

declare global {
  interface Window {
    netns?: NetnsApi;
  }
}

// In the browser it is set on window too, so both hosts look the same from the page and its tests.
// The live picture's events and its snapshot are asked for at once (use-topology.ts takes them).
window.netns ??= createWsNetnsApi({ prefetch: topologyEventNames });
export const netns: NetnsApi = window.netns;
