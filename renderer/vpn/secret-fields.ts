// How a secret NetworkManager asks for is shown: a second-factor code is a code (labelled so,
// typed as a one-time code, never remembered: it is good for one login only; see
// electron/nm/saved-secrets.ts, which refuses to save one); a password or pass phrase may be
// remembered.
import type { SecretRequest } from '../../shared/vpn';

type Field = SecretRequest['fields'][number];

/** A second-factor answer: nm-openvpn's challenge-response, or a field asked with the challenge's text. */
export const isCode = (f: Field): boolean => f.key === 'challenge-response' || f.prompt !== null;

/** The label a person reads. */
export const secretLabel = (f: Field): string => (isCode(f) ? 'Code' : f.label);

/** Whether "Remember" is offered: only when something asked could be kept. */
export const canRemember = (r: SecretRequest): boolean => r.fields.some((f) => !isCode(f));
