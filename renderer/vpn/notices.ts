// What happened to the files the person gave (picked or dropped): said in the VPN panel, where
// the person looks after acting, until dismissed; not only in the activity log at the bottom.
import { createStore } from '../app/store';

export interface VpnNotice {
  id: number;
  tone: 'ok' | 'error';
  /** The sentence: "office.ovpn imported as office", "notes.txt is not an OpenVPN or WireGuard file...". */
  text: string;
}

export const vpnNotices = createStore<VpnNotice[]>([]);
let next = 1;

/** Adds a notice (the last eight are kept). */
export function tell(tone: VpnNotice['tone'], text: string): void {
  vpnNotices.set((l) => [...l.slice(-7), { id: next++, tone, text }]);
}
export const forget = (id: number) => vpnNotices.set((l) => l.filter((n) => n.id !== id));
