// The OpenVPN form's text fields <-> the contract's openVpnFields. An edit keeps every field
// vpn.get loaded that the form does not show (tls-auth, tls-crypt, key directions, autoconnect,
// the key password's flag...): the form's fields are laid over what was loaded, never instead.

export type Form = Record<string, string>;

/** The fields the form shows, empty; a new profile starts here. */
export const blankForm: Form = { name: '', remote: '', port: '1194', protocol: 'udp', connectionType: 'password', ca: '', cert: '', key: '', username: '', password: '', passwordFlag: 'saved', staticKey: '', localIp: '', remoteIp: '' };
const shown = Object.keys(blankForm);
const optional = ['ca', 'cert', 'key', 'username', 'password', 'staticKey', 'localIp', 'remoteIp'];

/** The form's text for a profile's loaded fields (vpn.get); what it does not show stays out. */
export function formOf(name: string, loaded: Record<string, unknown> | null): Form {
  const f: Form = { ...blankForm, name };
  for (const [k, v] of Object.entries(loaded ?? {})) if (shown.includes(k) && v !== undefined && v !== null) f[k] = String(v);
  return f;
}

/**
 * The fields to send: the loaded ones the form does not show, then the form's own (an emptied
 * optional field is left out, so it is cleared, not kept from what was loaded).
 */
export function fieldsOf(f: Form, loaded: Record<string, unknown> | null | undefined = null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(loaded ?? {})) if (!shown.includes(k)) out[k] = v;
  Object.assign(out, { name: f.name, remote: f.remote, protocol: f.protocol, connectionType: f.connectionType, passwordFlag: f.passwordFlag });
  if (f.port?.trim()) out.port = Number(f.port);
  for (const k of optional) if (f[k]?.trim()) out[k] = f[k].trim();
  return out;
}
