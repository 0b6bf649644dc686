import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineEvent } from './json-lines';

const split = (chunks: Array<string | Buffer>, max?: number) => {
  const out: LineEvent[] = [];
  const s = new LineSplitter((e) => out.push(e), max);
  for (const c of chunks) s.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return out;
};

describe('JSON lines framing', () => {
  it('joins lines split across chunks, keeps several lines of one chunk apart, skips blank lines', () => {
    expect(split(['{"a":', '1}\n{"b":2}\n\n{"c"', ':3}\n'])).toEqual([
      { kind: 'line', text: '{"a":1}' },
      { kind: 'line', text: '{"b":2}' },
      { kind: 'line', text: '{"c":3}' },
    ]);
  });

  it('keeps a UTF-8 character split between chunks whole', () => {
    const bytes = Buffer.from('"é"\n');
    expect(split([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([{ kind: 'line', text: '"é"' }]);
  });

  it('drops an oversized line up to its newline, reports its size, and reads the next one', () => {
    expect(split(['x'.repeat(6), 'y'.repeat(6), 'z\n{"ok":1}\n'], 10)).toEqual([
      { kind: 'oversized', bytes: 13 },
      { kind: 'line', text: '{"ok":1}' },
    ]);
    expect(split(['0123456789\n'], 10)).toEqual([{ kind: 'line', text: '0123456789' }]);
  });
});
