import { describe, expect, it } from 'vitest';
import { packAroundHubs, type Size } from './pack';

type Box = { x: number; y: number; w: number; h: number };
const boxes = (sizes: Map<string, Size>, pos: Record<string, { x: number; y: number }>): Map<string, Box> =>
  new Map([...sizes].map(([k, s]) => [k, { ...pos[k]!, ...s }]));
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const centre = (b: Box) => [b.x + b.w / 2, b.y + b.h / 2] as const;
const dist = (a: Box, b: Box) => Math.hypot(centre(a)[0] - centre(b)[0], centre(a)[1] - centre(b)[1]);

/** A container host: the host with n namespaces on veths, a few of them bigger, and a chain of
 * three namespaces hanging off one of them, plus lone namespaces. */
function world(n: number) {
  const sizes = new Map<string, Size>([['host', { w: 232, h: 400 }]]);
  const edges: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    sizes.set(`c${i}`, i % 50 === 0 ? { w: 640, h: 420 } : { w: 220, h: 180 });
    edges.push(['host', `c${i}`]);
  }
  for (let i = 0; i < 3; i++) {
    sizes.set(`chain${i}`, { w: 220, h: 180 });
    edges.push([i ? `chain${i - 1}` : 'c7', `chain${i}`]);
  }
  for (let i = 0; i < 5; i++) sizes.set(`lone${i}`, { w: 220, h: 100 });
  return { sizes, edges };
}

describe('packAroundHubs', () => {
  it('places every namespace, none over another', () => {
    const { sizes, edges } = world(300);
    const b = boxes(sizes, packAroundHubs(sizes, edges, 'host'));
    expect(b.size).toBe(sizes.size);
    const list = [...b.values()];
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) expect(overlap(list[i]!, list[j]!)).toBe(false);
  });

  it('puts the hub in the middle of its neighbours and a neighbour of a neighbour next to it', () => {
    const { sizes, edges } = world(300);
    const b = boxes(sizes, packAroundHubs(sizes, edges, 'host'));
    const host = b.get('host')!;
    const star = [...b].filter(([k]) => k.startsWith('c') && !k.startsWith('chain')).map(([, v]) => v);
    const [minX, maxX] = [Math.min(...star.map((s) => s.x)), Math.max(...star.map((s) => s.x + s.w))];
    const [minY, maxY] = [Math.min(...star.map((s) => s.y)), Math.max(...star.map((s) => s.y + s.h))];
    // the host's centre within the middle fifth of the star's extent, both ways
    expect(Math.abs(centre(host)[0] - (minX + maxX) / 2)).toBeLessThan((maxX - minX) / 10);
    expect(Math.abs(centre(host)[1] - (minY + maxY) / 2)).toBeLessThan((maxY - minY) / 10);
    // the chain's first namespace hangs off c7, which is next to the host: it is nearer the host
    // than the star's farthest boxes are
    const far = Math.max(...star.map((s) => dist(s, host)));
    expect(dist(b.get('chain0')!, host)).toBeLessThan(far);
    // lone namespaces are out of the star
    for (let i = 0; i < 5; i++) expect(star.some((s) => overlap(s, b.get(`lone${i}`)!))).toBe(false);
  });

  it('is about as wide as a screen, not a strip', () => {
    const { sizes, edges } = world(1000);
    const b = [...boxes(sizes, packAroundHubs(sizes, edges, 'host')).values()];
    const w = Math.max(...b.map((x) => x.x + x.w)) - Math.min(...b.map((x) => x.x));
    const h = Math.max(...b.map((x) => x.y + x.h)) - Math.min(...b.map((x) => x.y));
    expect(w / h).toBeGreaterThan(1);
    expect(w / h).toBeLessThan(2.6);
  });

  it('gives the same places for the same input', () => {
    const { sizes, edges } = world(50);
    expect(packAroundHubs(sizes, edges, 'host')).toEqual(packAroundHubs(sizes, edges, 'host'));
  });
});
