// The one door to the host: window.netns from the Electron preload, or the browser host's
// WebSocket client (renderer/api/netns.ts picks). Re-exported so the app imports one name.
import { netns } from '../api/netns';

export const api = netns;
