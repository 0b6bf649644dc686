// An interface's addresses in full: a long IPv6 address wraps rather than being cut.
export function AddressList({ addresses, onRemove }: { addresses: string[]; onRemove: (a: string) => void }) {
  return (
    <ul className="address-list" aria-label="Addresses">
      {addresses.length === 0 && <li className="muted">none</li>}
      {addresses.map((a) => (
        <li key={a}>
          <code className="address">{a}</code>
          <button className="small" aria-label={`Remove ${a}`} onClick={() => onRemove(a)}>Remove</button>
        </li>
      ))}
    </ul>
  );
}
