// The Electron transport: one ipcMain.handle per contract method, generated from the contract,
// each checking the sender (only our window's main frame, showing our own page) and the size of
// the request (Electron has no cap of its own), then handing the input to the host, which
// validates it, dispatches and validates the output. Events go to the windows that subscribed,
// through one channel per direction (names in shared/ipc-channels.ts).
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { methodNames, type EventName } from '../../shared/contract';
import { EVENT_CHANNEL, methodChannel, SUBSCRIBE_CHANNEL } from '../../shared/ipc-channels';
import { fail, zodErrorInfo, type Result } from '../../shared/result';
import { requestSizeError, subscribeFrame, utf8Bytes } from '../../shared/wire';
import { clientEvents, type ClientEvents } from '../host/client-events';
import type { Host } from '../host/host';

/**
 * The size an input would have on the wire to the core helper, checked like every other door
 * checks it (shared/wire.ts). Structured clone can carry what JSON cannot (cycles, BigInt): that
 * is refused too, since no contract input is like that.
 */
function inputSizeError(input: unknown): Result<never> | null {
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch {
    return fail('invalid-input', 'the input cannot be written as JSON', { field: 'input' });
  }
  return requestSizeError(utf8Bytes(text ?? ''));
}

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
      const tooLarge = inputSizeError(input);
      if (tooLarge) return tooLarge;
      return host.call(method, input);
    });
  }

  const perWindow = new Map<WebContents, ClientEvents>();
  channels.push(SUBSCRIBE_CHANNEL);
  ipcMain.handle(SUBSCRIBE_CHANNEL, (event, change: unknown) => {
    if (!isTrusted(event)) return refused();
    // checked before any per-window state exists: a bad frame changes nothing
    const frame = subscribeFrame.safeParse(change);
    if (!frame.success) return { ok: false, error: zodErrorInfo(frame.error) } satisfies Result<never>;
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
    return subs.change(frame.data.subscribe, frame.data.unsubscribe);
  });

  return () => {
    for (const ch of channels) ipcMain.removeHandler(ch);
    for (const s of perWindow.values()) s.close();
    perWindow.clear();
  };
}
