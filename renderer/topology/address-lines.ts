// An interface's addresses as its box shows them (on the canvas, in an exported picture, in a
// namespace's list): two lines under the name. The addresses that say where the interface leads
// come first; the fe80:: one every interface makes for itself comes last (a tunnel's own often
// arrives before the server's, and was shown in its place).
import { isLinkLocal } from '../../shared/ip';

/** Both addresses when there are two or fewer, else the first and the rest as "+N more". */
export function addressLines(addresses: readonly string[]): { shown: string[]; rest: string[] } {
  const ordered = [...addresses.filter((a) => !isLinkLocal(a)), ...addresses.filter(isLinkLocal)];
  if (ordered.length <= 2) return { shown: ordered, rest: [] };
  return { shown: ordered.slice(0, 1), rest: ordered.slice(1) };
}
