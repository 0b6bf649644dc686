import { describe, expect, it } from 'vitest';
import { activeStateName, droppedText, failureText, reasonText, vpnStateName } from './reasons';

describe('NetworkManager states and reasons in words', () => {
  it('names the active connection and VPN states by their numbers', () => {
    expect([0, 1, 2, 3, 4].map(activeStateName)).toEqual(['unknown', 'activating', 'activated', 'deactivating', 'deactivated']);
    expect([1, 2, 5, 6, 7].map(vpnStateName)).toEqual(['prepare', 'need-auth', 'activated', 'failed', 'disconnected']);
    expect(activeStateName(99)).toBe('unknown');
  });
  it('turns the reasons an administrator meets into sentences', () => {
    expect(reasonText(10)).toMatch(/^the login failed/);
    expect(reasonText(9)).toMatch(/^no secrets/);
    expect(reasonText(4)).toBe('the VPN service stopped unexpectedly');
    expect(reasonText(6)).toMatch(/timed out/);
    expect(reasonText(1)).toBeNull(); // "none"
    expect(reasonText(77)).toBe('for reason 77 (not known to this version)');
  });
  it('says which VPN did not come up and why', () => {
    expect(failureText('office', 10)).toBe('the VPN office did not come up: the login failed: the server refused the user name, password or certificate');
    expect(failureText('office', 1)).toBe('the VPN office did not come up');
  });
  it('says a VPN that was up went down, and why', () => {
    expect(droppedText('office', 4)).toBe('the VPN office went down: the VPN service stopped unexpectedly');
    expect(droppedText('office', 1)).toBe('the VPN office went down');
  });
});
