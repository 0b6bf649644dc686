// What the picture's marks mean, in one line above the canvas (it never covers a box): the
// state dots, the namespace boxes, the lines, and the admin/link state words.
export function Legend({ onHide }: { onHide: () => void }) {
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
      <span className="legend-sep" />
      <span className="legend-item muted" title="Admin state: what you set (ip link set up|down). Link state: what the link does (up, down, no carrier, unknown).">admin state: what you set · link state: what the link does</span>
      <button className="icon-button legend-hide" aria-label="Hide the legend" title="Hide the legend (View menu brings it back)" onClick={onHide}>×</button>
    </div>
  );
}
