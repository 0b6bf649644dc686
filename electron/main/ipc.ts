// The Electron transport: one ipcMain.handle per contract method, generated from the contract,
// each checking the sender (only our window's main frame, showing our own page), then handing
// the input to the host, which validates it, dispatches and validates the output. Events go to
// the windows that subscribed, through one channel per direction.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { methodNames, type EventName } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import { clientEvents, type ClientEvents } from '../host/client-events';
import type { Host } from '../host/host';

/** Channel names: the preload uses the same ones. */
export const methodChannel = (method: string) => `netns:${method}`;
export const SUBSCRIBE_CHANNEL = 'netns:subscribe';
export const EVENT_CHANNEL = 'netns:event';

/** Our window's main frame, showing our own page: the only sender we answer. */
export function isOurMainFrame(
  win: { isDestroyed(): boolean; webContents: { mainFrame: unknown } } | null,
  event: { sender: unknown; senderFrame: { url: string } | null },
  origin: string,
): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  return event.sender === win.webContents && frame !== null && frame === win.webContents.mainFrame && frame.url.startsWith(`${origin}/`);
}

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  host: Host;
  /** Whether this event comes from our window's main frame with our page loaded. */
  isTrusted: (event: IpcMainInvokeEvent) => boolean;
}

export function registerIpc({ ipcMain, host, isTrusted }: IpcOptions): () => void {
  const channels: string[] = [];
  const refused = (): Result<never> => fail('permission', 'this request did not come from the Netns Studio window');
  for (const method of methodNames) {
    const channel = methodChannel(method);
    channels.push(channel);
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrusted(event)) return refused();
      return host.call(method, input);
    });
  }

  const perWindow = new Map<WebContents, ClientEvents>();
  channels.push(SUBSCRIBE_CHANNEL);
  ipcMain.handle(SUBSCRIBE_CHANNEL, (event, change: unknown) => {
    if (!isTrusted(event)) return refused();
    const wc = event.sender;
    let subs = perWindow.get(wc);
    if (!subs) {
      const created = clientEvents(host, (name: EventName, payload: unknown) => {
        if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, { event: name, payload });
      });
      subs = created;
      perWindow.set(wc, created);
      // a reload or a closed window drops its subscriptions; the page subscribes again
      const onNavigate = (_e: unknown, _url: string, isInPlace: boolean, isMainFrame: boolean) => {
        if (isMainFrame && !isInPlace) drop();
      };
      const drop = () => {
        created.close();
        perWindow.delete(wc);
        wc.removeListener('did-start-navigation', onNavigate);
      };
      wc.once('destroyed', drop);
      wc.on('did-start-navigation', onNavigate);
    }
    const c = (change ?? {}) as { subscribe?: unknown; unsubscribe?: unknown };
    if (typeof change !== 'object' || change === null) return fail('invalid-input', 'a subscription change is an object');
    return subs.change(c.subscribe, c.unsubscribe);
  });

  return () => {
    for (const ch of channels) ipcMain.removeHandler(ch);
    for (const s of perWindow.values()) s.close();
    perWindow.clear();
  };
}
