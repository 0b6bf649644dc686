import { describe, expect, it } from 'vitest';
import { dotLabel, dotOf, linkState, stateExplanation, stateSummary } from './link-state';

describe('link state words', () => {
  it('tells admin state (what you set) from link state (what the link does)', () => {
    expect(dotOf({ up: true, carrier: true })).toBe('up');
    expect(dotOf({ up: true, carrier: false })).toBe('nocarrier');
    expect(dotOf({ up: false, carrier: false })).toBe('down');
    expect(linkState({ up: true, carrier: false, operstate: 'lowerlayerdown' })).toBe('no carrier');
    expect(linkState({ up: true, carrier: true, operstate: 'unknown' })).toBe('unknown');
    expect(linkState({ up: false, carrier: false, operstate: 'down' })).toBe('down');
    expect(stateSummary({ up: true, carrier: false, operstate: 'lowerlayerdown' })).toBe('admin up, link no carrier');
    expect(stateSummary({ up: false, carrier: false, operstate: 'down' })).toBe('admin down');
    expect(dotLabel({ up: true, carrier: false, operstate: 'lowerlayerdown' })).toBe('no carrier (admin up)');
    expect(dotLabel({ up: false, carrier: false, operstate: 'down' })).toBe('down (admin down)');
  });
  it('explains an interface set up whose link is not', () => {
    expect(stateExplanation({ up: true, carrier: false, operstate: 'lowerlayerdown', kind: 'veth' })).toMatch(/peer is down/);
    expect(stateExplanation({ up: true, carrier: true, operstate: 'up', kind: 'veth' })).toBe(null);
    expect(stateExplanation({ up: false, carrier: false, operstate: 'down', kind: 'veth' })).toBe(null);
  });
});
