// The core as one object: every privileged method of the contract, implemented in-process, and
// the stream of topology events. The helper entry (main.ts) serves it over stdio; netns-ctl and
// the benchmarks call it directly. Inputs reaching call() have already been parsed by the contract.
import type { EventName, MethodOutput, MethodParsedInput, PrivilegedMethodName } from '../../shared/contract';
import { StudioError } from '../../shared/result';

export type CoreEventListener = (event: EventName, payload: unknown) => void;

export interface CoreService {
  call<K extends PrivilegedMethodName>(method: K, input: MethodParsedInput<K>): Promise<MethodOutput<K>>;
  /** Starts watching on the first subscriber and stops after the last one leaves. */
  subscribe(listener: CoreEventListener): () => void;
  close(): void;
}

type Handlers = { [K in PrivilegedMethodName]: (input: MethodParsedInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K> };

export function createCoreService(): CoreService {
  // Filled in as the namespace and netlink modules land (see docs/ARCHITECTURE.md).
  const handlers: Partial<Handlers> = {};
  const listeners = new Set<CoreEventListener>();
  return {
    async call(method, input) {
      const handler = handlers[method] as ((i: typeof input) => unknown) | undefined;
      if (!handler) throw new StudioError('unsupported', `${method} is not available in this build`);
      return (await handler(input)) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      listeners.clear();
    },
  };
}
