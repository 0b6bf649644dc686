// The preload of our sandboxed window: exposes window.netns, one function per contract method and
// subscribe(event, fn), built by the same code as the browser client (shared/client.ts). Nothing
// generic crosses the bridge: the page cannot name an IPC channel.
import { contextBridge, ipcRenderer } from 'electron';
import { buildNetnsApi } from '../../shared/client';
import type { EventName } from '../../shared/contract';
import type { Result } from '../../shared/result';

// Kept in step with electron/main/ipc.ts (the preload bundle must not pull in the main process).
const EVENT_CHANNEL = 'netns:event';
const SUBSCRIBE_CHANNEL = 'netns:subscribe';

const deliver = new Map<EventName, (payload: unknown) => void>();
ipcRenderer.on(EVENT_CHANNEL, (_e, frame: { event: EventName; payload: unknown }) => deliver.get(frame.event)?.(frame.payload));

const api = buildNetnsApi({
  call: (method, input) => ipcRenderer.invoke(`netns:${method}`, input) as Promise<Result<unknown>>,
  listen(event, fn) {
    deliver.set(event, fn);
    void ipcRenderer.invoke(SUBSCRIBE_CHANNEL, { subscribe: [event] });
    return () => {
      deliver.delete(event);
      void ipcRenderer.invoke(SUBSCRIBE_CHANNEL, { unsubscribe: [event] });
    };
  },
});

contextBridge.exposeInMainWorld('netns', api);
