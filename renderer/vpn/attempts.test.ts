import { describe, expect, it } from 'vitest';
import { connectBegan, connectEnded, disconnectBegan, disconnectEnded, noAttempts } from './attempts';

describe("this page's VPN attempts, wherever they began", () => {
  it('counts a connect from its start, then keeps the failed call\'s sentence until the next attempt', () => {
    const began = connectBegan(noAttempts, 'u1', 1000);
    expect(began.started.get('u1')).toBe(1000);
    const failed = connectEnded(began, 'u1', { ok: false, error: { code: 'timeout', message: 'the VPN office did not come up within 60 s' } });
    expect(failed.started.has('u1')).toBe(false);
    expect(failed.errors.get('u1')).toBe('the VPN office did not come up within 60 s');
    expect(connectBegan(failed, 'u1', 2000).errors.has('u1')).toBe(false);
  });
  it('says nothing of a cancel, nor of a success', () => {
    const began = connectBegan(noAttempts, 'u1', 1000);
    expect(connectEnded(began, 'u1', { ok: false, error: { code: 'canceled', message: 'canceled' } }).errors.size).toBe(0);
    expect(connectEnded(began, 'u1', { ok: true, value: {} }).errors.size).toBe(0);
  });
  it('holds a switch while its disconnect runs, and leaves the others', () => {
    const a = disconnectBegan(disconnectBegan(noAttempts, 'u1'), 'u2');
    expect([...disconnectEnded(a, 'u1').disconnecting]).toEqual(['u2']);
    expect(noAttempts.disconnecting.size).toBe(0);
  });
});
