import { describe, expect, it } from 'vitest';
import type { StudioError } from '../../shared/result';
import { checkOpenvpnInlineBlocks, choosePlugin } from './plugin-choice';
import { damaged, makePem } from './test/pem';

const real = makePem();

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as StudioError).info;
  }
  throw new Error('expected a refusal');
};
const pem = (label: string) => `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----`;

describe('choosing the importer by the file', () => {
  it('takes .ovpn for OpenVPN and .conf by its content', () => {
    expect(choosePlugin('office.ovpn', 'client\nremote vpn.example.org 1194\n').nmcliType).toBe('openvpn');
    expect(choosePlugin('office.conf', 'client\ndev tun\nremote vpn.example.org\n').nmcliType).toBe('openvpn');
    expect(choosePlugin('wg0.conf', '[Interface]\nPrivateKey = x\n\n[Peer]\nPublicKey = y\n').nmcliType).toBe('wireguard');
    expect(choosePlugin('WG0.CONF', '[interface]\nAddress = 10.0.0.2/32\n').nmcliType).toBe('wireguard');
  });
  it('names the Debian package of each importer', () => {
    expect(choosePlugin('a.ovpn', 'remote x\n').debianPackage).toBe('network-manager-openvpn');
    expect(choosePlugin('a.conf', '[Interface]\n').debianPackage).toBe('network-manager');
  });
  it('refuses what no importer reads, in words', () => {
    expect(refusal(() => choosePlugin('notes.txt', 'remote x\n'))).toMatchObject({ code: 'invalid-input', field: 'fileName', message: 'notes.txt: the file name must end in .ovpn (OpenVPN) or .conf (OpenVPN or WireGuard)' });
    expect(refusal(() => choosePlugin('empty.ovpn', ' \n\n'))).toMatchObject({ field: 'content', message: 'empty.ovpn is empty' });
    expect(refusal(() => choosePlugin('bin.ovpn', 'remote x\n\u0000\u0001\u0002'))).toMatchObject({ message: expect.stringMatching(/not a text file/) });
    expect(refusal(() => choosePlugin('bin.ovpn', 'remote x\n\ufffd\ufffd'))).toMatchObject({ message: expect.stringMatching(/not a text file/) });
    expect(refusal(() => choosePlugin('x.ovpn', 'hello world\n')).message).toMatch(/no OpenVPN directive/);
    expect(refusal(() => choosePlugin('x.conf', 'hello world\n')).message).toMatch(/neither an OpenVPN configuration .* nor a WireGuard one/);
  });
});

describe('inline blocks of an .ovpn', () => {
  it('accepts PEM blocks', () => {
    expect(() => checkOpenvpnInlineBlocks('a.ovpn', `remote x\n<ca>\n${real.cert}</ca>\n<tls-crypt>\n${real.staticKey}</tls-crypt>\n`)).not.toThrow();
  });
  it('reads an indented block as OpenVPN does, and a tls-crypt-v2 client key', () => {
    const indented = real.cert.split('\n').map((l) => `    ${l}`).join('\n');
    expect(() => checkOpenvpnInlineBlocks('a.ovpn', `remote x\n<ca>\n${indented}\n</ca>\n<tls-crypt-v2>\n${pem('OpenVPN tls-crypt-v2 client key')}\n</tls-crypt-v2>\n`)).not.toThrow();
  });
  it('refuses a damaged certificate, naming the block and its line', () => {
    expect(refusal(() => checkOpenvpnInlineBlocks('a.ovpn', `remote x\n<ca>\n${damaged(real.cert)}</ca>\n`)).message).toBe(
      'a.ovpn line 2: the <ca> block cannot be read: its body is damaged (not valid base64 DER)',
    );
  });
  it('refuses a block that is not PEM or not closed, naming it and its line', () => {
    expect(refusal(() => checkOpenvpnInlineBlocks('a.ovpn', 'client\nremote x\n<ca>\nnot pem\n</ca>\n')).message).toBe(
      'a.ovpn line 3: the <ca> block is not PEM text (no -----BEGIN ...----- / -----END ...----- lines)',
    );
    expect(refusal(() => checkOpenvpnInlineBlocks('a.ovpn', `remote x\n<key>\n${pem('PRIVATE KEY')}\n`)).message).toBe('a.ovpn line 2: the <key> block is never closed (no </key>)');
  });
});
