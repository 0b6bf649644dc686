// The descriptor-table reservation: FDSize in /proc/self/status is the table's size.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reserveFds } from './libc';

const fdSize = (): number => Number(/^FDSize:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);

describe('reserveFds', () => {
  it('grows the descriptor table once to hold that many more, and leaves no descriptor behind', () => {
    const before = fdSize();
    const open = readdirSync('/proc/self/fd').length;
    const want = before + 5000;
    reserveFds(want);
    expect(fdSize()).toBeGreaterThanOrEqual(want);
    expect(readdirSync('/proc/self/fd').length).toBe(open);
  });
});
