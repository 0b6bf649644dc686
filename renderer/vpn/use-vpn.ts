// The VPN side, live: NetworkManager's status, the profiles and their state, secret requests,
// and a notification whenever a VPN comes up, goes down or fails.
import { useEffect, useRef, useState } from 'react';
import type { NmStatus, SecretRequest, VpnProfile } from '../../shared/vpn';
import { api } from '../app/api';
import { notify } from '../app/toasts';
import { vpnTransition } from './transition';

export type VpnLoad = { phase: 'loading' } | { phase: 'ready' } | { phase: 'error'; message: string };

export function useVpn() {
  const [status, setStatus] = useState<NmStatus | null>(null);
  const [profiles, setProfiles] = useState<VpnProfile[]>([]);
  const [load, setLoad] = useState<VpnLoad>({ phase: 'loading' });
  const [secrets, setSecrets] = useState<SecretRequest[]>([]);
  const known = useRef(new Map<string, VpnProfile>());

  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      const s = await api['vpn.status']({});
      if (!alive) return;
      if (!s.ok) return setLoad({ phase: 'error', message: s.error.message });
      setStatus(s.value);
      if (!s.value.running) {
        setProfiles([]);
        return setLoad({ phase: 'ready' });
      }
      const l = await api['vpn.list']({});
      if (!alive) return;
      if (l.ok) {
        // A list may be older than the events that crossed it: events alone move what we knew.
        for (const p of l.value) if (!known.current.has(p.uuid)) known.current.set(p.uuid, p);
        setProfiles(l.value);
        setLoad({ phase: 'ready' });
      } else setLoad({ phase: 'error', message: l.error.message });
    };
    const offs = [
      api.subscribe('vpn.status', (s) => {
        setStatus(s);
        void refresh();
      }),
      api.subscribe('vpn.changed', (p) => {
        // Compared with what we last knew, outside the state updater (which React may run twice).
        const t = vpnTransition(known.current.get(p.uuid), p);
        known.current.set(p.uuid, p);
        if (t) notify(t.title, t.body, t.tone);
        setProfiles((list) => (list.some((x) => x.uuid === p.uuid) ? list.map((x) => (x.uuid === p.uuid ? p : x)) : [...list, p]));
      }),
      api.subscribe('vpn.removed', (e) => setProfiles((list) => list.filter((x) => x.uuid !== e.uuid))),
      api.subscribe('vpn.secrets.requested', (r) => setSecrets((l) => [...l.filter((x) => x.requestId !== r.requestId), r])),
      api.subscribe('vpn.secrets.canceled', (e) => setSecrets((l) => l.filter((x) => x.requestId !== e.requestId))),
    ];
    void refresh();
    return () => {
      alive = false;
      offs.forEach((o) => o());
    };
  }, []);

  const resolveSecret = (requestId: string) => setSecrets((l) => l.filter((x) => x.requestId !== requestId));
  return { status, profiles, load, secrets, resolveSecret, setProfiles };
}
