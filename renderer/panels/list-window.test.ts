import { describe, expect, it } from 'vitest';
import { moveByKey, rowsInView, rowsToDraw, scrollToShow } from './list-window';

const rh = 28;

describe('rowsInView: which rows a scroll position shows', () => {
  it('draws the first screenful at the top, with the overscan below', () => {
    // 600 px show rows 0..21 (row 21 in part); 5 more below
    expect(rowsInView({ top: 0, height: 600, rowHeight: rh, count: 5001, overscan: 5 })).toEqual({ first: 0, end: 27 });
  });

  it('draws the rows around a scroll offset in the middle, a row cut at either edge included', () => {
    // 10 000 px: row 357 starts at 9996, so it is cut at the top; 10 600 px is inside row 378
    expect(rowsInView({ top: 10_000, height: 600, rowHeight: rh, count: 5001, overscan: 0 })).toEqual({ first: 357, end: 379 });
    expect(rowsInView({ top: 10_000, height: 600, rowHeight: rh, count: 5001, overscan: 4 })).toEqual({ first: 353, end: 383 });
  });

  it('stops at the last row when scrolled to the end', () => {
    const top = 5001 * rh - 600;
    expect(rowsInView({ top, height: 600, rowHeight: rh, count: 5001, overscan: 5 })).toEqual({ first: 4974, end: 5001 });
  });

  it('draws every row of a list shorter than the view (the small lab: nothing changes)', () => {
    expect(rowsInView({ top: 0, height: 600, rowHeight: rh, count: 8, overscan: 5 })).toEqual({ first: 0, end: 8 });
  });

  it('reads a view above the rows (the list lower in its scroller) as the top, and an empty list as nothing', () => {
    expect(rowsInView({ top: -40, height: 100, rowHeight: rh, count: 100, overscan: 0 })).toEqual({ first: 0, end: 3 });
    expect(rowsInView({ top: 0, height: 600, rowHeight: rh, count: 0, overscan: 5 })).toEqual({ first: 0, end: 0 });
  });
});

describe('scrollToShow: where to scroll so one row is seen whole', () => {
  it('does not move when the row is already in view', () => {
    expect(scrollToShow({ index: 10, top: 0, height: 600, rowHeight: rh })).toBe(0);
  });
  it('brings a row below the view to the bottom edge, one above it to the top edge', () => {
    expect(scrollToShow({ index: 100, top: 0, height: 600, rowHeight: rh })).toBe(101 * rh - 600);
    expect(scrollToShow({ index: 3, top: 1000, height: 600, rowHeight: rh })).toBe(3 * rh);
  });
  it('shows a row cut at the bottom edge whole', () => {
    // row 21 spans 588..616 in a 600 px view
    expect(scrollToShow({ index: 21, top: 0, height: 600, rowHeight: rh })).toBe(16);
  });
  it('shows the row top first in a view lower than one row', () => {
    expect(scrollToShow({ index: 5, top: 0, height: 10, rowHeight: rh })).toBe(5 * rh);
  });
});

describe('moveByKey: the keyboard through every row', () => {
  it('moves one row, a page, or to either end, and stays inside the list', () => {
    expect(moveByKey('ArrowDown', 0, 300, 20)).toBe(1);
    expect(moveByKey('ArrowDown', 299, 300, 20)).toBe(299);
    expect(moveByKey('ArrowUp', 0, 300, 20)).toBe(0);
    expect(moveByKey('ArrowUp', 7, 300, 20)).toBe(6);
    expect(moveByKey('PageDown', 290, 300, 20)).toBe(299);
    expect(moveByKey('PageDown', 10, 300, 20)).toBe(30);
    expect(moveByKey('PageUp', 10, 300, 20)).toBe(0);
    expect(moveByKey('Home', 150, 300, 20)).toBe(0);
    expect(moveByKey('End', 0, 300, 20)).toBe(299);
    // a view lower than a row still pages one row at a time
    expect(moveByKey('PageDown', 10, 300, 0)).toBe(11);
  });
  it('leaves other keys to the buttons (Enter and Space select, Tab leaves)', () => {
    for (const k of ['Enter', ' ', 'Tab', 'a']) expect(moveByKey(k, 3, 300, 20)).toBeNull();
  });
  it('reaches the last of 5001 rows from the first by pages', () => {
    let i = 0;
    for (let n = 0; n < 1000 && i < 5000; n++) i = moveByKey('PageDown', i, 5001, 21)!;
    expect(i).toBe(5000);
  });
});

describe('rowsToDraw: the range and the keyboard row', () => {
  it('keeps the keyboard row drawn outside the range, in order', () => {
    expect(rowsToDraw({ first: 10, end: 13 }, 2)).toEqual([2, 10, 11, 12]);
    expect(rowsToDraw({ first: 10, end: 13 }, 40)).toEqual([10, 11, 12, 40]);
    expect(rowsToDraw({ first: 10, end: 13 }, 11)).toEqual([10, 11, 12]);
    expect(rowsToDraw({ first: 0, end: 0 }, -1)).toEqual([]);
  });
});
