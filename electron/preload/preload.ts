// The preload of our sandboxed window: exposes window.netns, one function per contract method and
// subscribe(event, fn), built by the same code as the browser client (shared/client.ts). Nothing
// generic crosses the bridge: the page cannot name an IPC channel.
import { contextBridge, ipcRenderer } from 'electron';
import { buildNetnsApi } from '../../shared/client';
import type { EventName } from '../../shared/contract';
import { EVENT_CHANNEL, methodChannel, SUBSCRIBE_CHANNEL } from '../../shared/ipc-channels';
import type { Result } from '../../shared/result';

const deliver = new Map<EventName, (payload: unknown) => void>();
ipcRenderer.on(EVENT_CHANNEL, (_e, frame: { event: EventName; payload: unknown }) => deliver.get(frame.event)?.(frame.payload));

const api = buildNetnsApi({
  call: (method, input) => ipcRenderer.invoke(methodChannel(method), input) as Promise<Result<unknown>>,
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
