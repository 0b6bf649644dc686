// The Electron IPC channel names, once: the main process (electron/main/ipc.ts) registers them and
// the preload (electron/preload/preload.ts) calls them. Plain strings, so the preload bundle
// pulls in nothing of the main process.

/** One channel per contract method: ipcRenderer.invoke(methodChannel(m), input). */
export const methodChannel = (method: string): string => `netns:${method}`;
/** The page's subscription changes ({subscribe, unsubscribe}, shared/wire.ts subscribeFrame). */
export const SUBSCRIBE_CHANNEL = 'netns:subscribe';
/** Events to the window that subscribed: {event, payload}. */
export const EVENT_CHANNEL = 'netns:event';
