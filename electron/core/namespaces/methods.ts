// The contract's namespace, exec and terminal methods over this folder's functions, ready for the
// core service to spread into its handler table. Inputs arrive parsed by the contract; the
// functions check names again (the core trusts no caller). nsid stays null here: the service
// fills it from the netlink side.
import type { EventPayload, MethodOutput, MethodParsedInput } from '../../../shared/contract';
import { discoverNamespaces } from './discover';
import { execInNamespace } from './exec';
import { addNamespace, attachNamespace, deleteNamespace } from './named';
import { closeNamespace, resolveNamespace } from './resolve';
import { TerminalManager } from './terminal';

type Names = 'namespace.list' | 'namespace.add' | 'namespace.delete' | 'namespace.attach' | 'exec.run' | 'terminal.open' | 'terminal.write' | 'terminal.resize' | 'terminal.close';
export type NamespaceHandlers = { [K in Names]: (input: MethodParsedInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K> };

export type TerminalEmit = <K extends 'terminal.output' | 'terminal.exit'>(event: K, payload: EventPayload<K>) => void;

/** Handlers plus close(), which hangs up every terminal (call it when the core stops). */
export function namespaceMethods(emit: TerminalEmit): NamespaceHandlers & { close(): void } {
  const terminals = new TerminalManager((e) => emit(e.event, e.payload as never));
  return {
    'namespace.list': () => discoverNamespaces(),
    'namespace.add': ({ name }) => addNamespace(name),
    'namespace.delete': ({ name }) => deleteNamespace(name),
    'namespace.attach': ({ name, pid }) => attachNamespace(name, pid),
    'exec.run': async ({ namespace, argv, timeoutMs }) => {
      const h = resolveNamespace(namespace);
      try {
        return await execInNamespace(h, h.name, argv, timeoutMs);
      } finally {
        closeNamespace(h); // the child is in the namespace already: our fd is no longer needed
      }
    },
    'terminal.open': ({ namespace, cols, rows, argv }) => {
      const h = resolveNamespace(namespace);
      try {
        return { id: terminals.open(h, h.name, cols, rows, argv) };
      } finally {
        closeNamespace(h);
      }
    },
    'terminal.write': ({ id, data }) => {
      terminals.write(id, data);
      return {};
    },
    'terminal.resize': ({ id, cols, rows }) => {
      terminals.resize(id, cols, rows);
      return {};
    },
    'terminal.close': ({ id }) => {
      terminals.close(id);
      return {};
    },
    close: () => terminals.closeAll(),
  };
}
