// The NetworkManager client the hosts hold (as the desktop user): every vpn.* method of the
// contract and the vpn.* events. Placeholder until electron/nm lands: the interface is the
// agreement between the hosts and the NetworkManager work.
import type { EventName, MethodOutput, MethodParsedInput, VpnMethodName } from '../../shared/contract';
import { StudioError } from '../../shared/result';

export type NmEventListener = (event: EventName, payload: unknown) => void;

export interface NmClient {
  call<K extends VpnMethodName>(method: K, input: MethodParsedInput<K>): Promise<MethodOutput<K>>;
  subscribe(listener: NmEventListener): () => void;
  close(): Promise<void>;
}

export interface NmClientOptions {
  /** D-Bus address of the system bus; default DBUS_SYSTEM_BUS_ADDRESS or the standard socket. */
  busAddress?: string;
}

export function createNmClient(_options: NmClientOptions = {}): NmClient {
  return {
    async call(method) {
      throw new StudioError('unavailable', `${method}: the NetworkManager client is not built yet`);
    },
    subscribe: () => () => {},
    async close() {},
  };
}
