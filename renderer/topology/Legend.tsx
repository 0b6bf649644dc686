// What the picture's marks mean, in one line above the canvas (it never covers a box): the
// state dots, the namespace boxes, the lines, the admin/link state words and, when there are VPN
// profiles, the VPN gateway and its tunnel line in each state.
import './vpn-diagram.css';

/** A VPN gateway in small: the node's shield, its border in the state's colour. */
const Gateway = ({ phase }: { phase: string }) => (
  <span className={`legend-gw vpn-${phase}`} aria-hidden>
    <svg width="9" height="10" viewBox="0 0 14 16"><path d="M7 1.2 12.6 3.3V7.6C12.6 10.9 10.3 13.6 7 14.8 3.7 13.6 1.4 10.9 1.4 7.6V3.3Z" fill="none" stroke="currentColor" strokeWidth="2" /></svg>
  </span>
);
const Tunnel = ({ phase }: { phase: string }) => (
  <svg width="26" height="8" aria-hidden><line x1="1" y1="4" x2="25" y2="4" className={`legend-vpn vpn-${phase}`} /></svg>
);

export function Legend({ onHide, vpn = false }: { onHide: () => void; vpn?: boolean }) {
  return (
    <div className="legend" role="note" aria-label="Legend">
      <span className="legend-item"><span className="state-dot up" aria-hidden /> up</span>
      <span className="legend-item"><span className="state-dot nocarrier" aria-hidden /> no carrier (set up, other end down)</span>
      <span className="legend-item"><span className="state-dot down" aria-hidden /> set down</span>
      <span className="legend-sep" />
      <span className="legend-item muted">namespaces:</span>
      <span className="legend-item"><span className="legend-box current" aria-hidden /> host</span>
      <span className="legend-item"><span className="legend-box" aria-hidden /> named</span>
      <span className="legend-item"><span className="legend-box anonymous" aria-hidden /> anonymous</span>
      <span className="legend-item"><span className="nsbox-router" aria-hidden>⇄</span> router (forwards packets)</span>
      <span className="legend-sep" />
      <span className="legend-item"><svg width="26" height="8" aria-hidden><line x1="1" y1="4" x2="25" y2="4" className="legend-veth" /></svg> veth pair</span>
      <span className="legend-item"><svg width="26" height="8" aria-hidden><line x1="1" y1="4" x2="25" y2="4" className="legend-port" /></svg> bridge port, parent</span>
      {vpn && (
        <>
          <span className="legend-sep" />
          <span className="legend-item" title="A VPN's remote gateway, joined by a line to its tunnel interface (tun0, wg0...)"><Gateway phase="activated" /> VPN gateway</span>
          <span className="legend-item"><Tunnel phase="activated" /> tunnel connected</span>
          <span className="legend-item"><Tunnel phase="activating" /> connecting</span>
          <span className="legend-item"><Tunnel phase="failed" /> failed</span>
          <span className="legend-item" title="NetworkManager has not made the tunnel interface yet: the gateway stands apart, joined to no namespace"><Gateway phase="pending" /> no tunnel yet</span>
        </>
      )}
      <span className="legend-sep" />
      <span className="legend-item muted" title="Admin state: what you set (ip link set up|down). Link state: what the link does (up, down, no carrier, unknown).">admin state: what you set · link state: what the link does</span>
      <button className="icon-button legend-hide" aria-label="Hide the legend" title="Hide the legend (View menu brings it back)" onClick={onHide}>×</button>
    </div>
  );
}
