import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/result';
import { NetlinkError } from '../netlink/socket';
import { E } from '../sys/errno';
import { KernelError, kernelError, refuse } from './errors';

describe('kernel errors in words', () => {
  it('names the interface and namespace, and keeps op, errno name and the kernel text', () => {
    const e = kernelError(new NetlinkError('link.addVeth', E.EEXIST, 'File exists'), 'link.addVeth', { what: 'link', name: 'veth0', ns: 'namespace blue' }) as KernelError;
    expect(e).toBeInstanceOf(StudioError);
    expect(e.info).toMatchObject({ code: 'exists', errno: 'EEXIST' });
    expect(e.message).toContain('an interface named veth0 already exists in namespace blue');
    expect(e.message).toContain('File exists');
    expect(e.message).toContain('link.addVeth');
    expect(e).toMatchObject({ op: 'link.addVeth', errnoNumber: E.EEXIST, kernelMessage: 'File exists' });
  });

  it('says which interface is missing, and that a master is not a bridge', () => {
    expect((kernelError(new NetlinkError('link.delete', E.ENODEV), 'link.delete', { what: 'link', name: 'x', ns: 'namespace red' }) as KernelError).info).toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('no interface named x in namespace red'),
    });
    expect((kernelError(new NetlinkError('link.setMaster', E.EOPNOTSUPP), 'link.setMaster', { what: 'master', link: 'v1', master: 'v0', ns: 'namespace blue' }) as Error).message).toContain(
      'interface v0 in namespace blue is not a bridge',
    );
  });

  it('maps permission and busy errors to their codes and falls back to the kernel text', () => {
    expect((kernelError(new NetlinkError('link.addBridge', E.EPERM), 'link.addBridge', { what: 'link', name: 'br0', ns: 'namespace a' }) as KernelError).info.code).toBe('permission');
    expect((refuse('link.delete', E.EBUSY, { what: 'link', name: 'eth0', ns: 'namespace a' }) as KernelError).info).toMatchObject({ code: 'busy', errno: 'EBUSY' });
    const odd = kernelError(new NetlinkError('link.addVxlan', E.EINVAL, 'Local and remote address must be of the same family'), 'link.addVxlan', { what: 'route', destination: 'default', ns: 'namespace a' }) as KernelError;
    expect(odd.info.code).toBe('kernel');
    expect(odd.message).toContain('Local and remote address must be of the same family');
  });

  it('lets errors that are not kernel errors pass unchanged', () => {
    const plain = new Error('bug');
    expect(kernelError(plain, 'x', { what: 'namespace', ns: 'n' })).toBe(plain);
  });
});
