import { describe, expect, it } from 'vitest';
import { distill } from './plugin-log';

describe("openvpn's lines distilled into a sentence", () => {
  it('names the cause a person can act on', () => {
    expect(distill(['UDPv4 link remote: [AF_INET]192.0.2.1:1194', 'VERIFY ERROR: depth=1, error=self-signed certificate in certificate chain'])).toBe(
      "the server's certificate is not signed by the CA in this profile (TLS: certificate verify failed)",
    );
    expect(distill(['UDPv4 link remote: [AF_INET]192.0.2.1:1999', 'read UDPv4 [ECONNREFUSED]: Connection refused (fd=4,code=111)'])).toBe(
      'nothing answers at 192.0.2.1:1999 (connection refused): check the port and the protocol',
    );
    expect(distill(['RESOLVE: Cannot resolve host address: vpn.example.invalid:1194 (Name or service not known)'])).toBe(
      'the server name vpn.example.invalid cannot be resolved (RESOLVE: cannot resolve host address)',
    );
    expect(distill(['AUTH: Received control message: AUTH_FAILED'])).toMatch(/refused the user name or password/);
    expect(distill(['OpenSSL: error:11800074:PKCS12 routines::pkcs12 cipherfinal error:maybe wrong password', 'Cannot load private key file /k.pem', 'SIGTERM[hard,private-key-password-failure] received, process exiting'])).toBe(
      'the private key pass phrase is wrong (OpenSSL: bad decrypt, maybe wrong password)',
    );
    expect(distill(['Initialization Sequence Completed'])).toBeNull();
  });
});
