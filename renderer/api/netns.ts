// The renderer's one way to the host: window.netns as the Electron preload defined it, or else
// the same API over the browser host's WebSocket.
import type { NetnsApi } from '../../shared/contract';
import { createWsNetnsApi } from './ws-client';

declare global {
  interface Window {
    netns?: NetnsApi;
  }
}

// In the browser it is set on window too, so both hosts look the same from the page and its tests.
window.netns ??= createWsNetnsApi();
export const netns: NetnsApi = window.netns;
