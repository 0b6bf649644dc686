// The arithmetic of a long list drawn a screenful at a time: every row has the same height, so
// which rows a scroll position shows, where to scroll to show one row, and where a key moves
// the keyboard's row are a few divisions (NamespaceList.tsx; 5001 rows in the DOM made every
// style and layout pass of the page walk them, docs/PERFORMANCE.md).

/** Rows `first` up to, not including, `end`. */
export interface RowRange {
  first: number;
  end: number;
}

/** The rows at least partly inside [top, top + height) of the list's rows (top measured from
 * the first row's top edge), with `overscan` more on each side so a small scroll needs no new
 * rows at once. */
export function rowsInView(o: { top: number; height: number; rowHeight: number; count: number; overscan: number }): RowRange {
  if (o.count <= 0) return { first: 0, end: 0 };
  const first = Math.floor(Math.max(0, o.top) / o.rowHeight) - o.overscan;
  const end = Math.ceil(Math.max(0, o.top + o.height) / o.rowHeight) + o.overscan;
  return { first: clamp(first, 0, o.count), end: clamp(end, 0, o.count) };
}

/** The scroll offset (same measure as `top`) that shows row `index` whole, moving as little as
 * possible: unchanged when it is already in view. */
export function scrollToShow(o: { index: number; top: number; height: number; rowHeight: number }): number {
  const rowTop = o.index * o.rowHeight;
  const rowBottom = rowTop + o.rowHeight;
  if (rowTop < o.top) return rowTop;
  if (rowBottom > o.top + o.height) return Math.min(rowTop, rowBottom - o.height);
  return o.top;
}

/** Where a key moves the keyboard's row in a list of `count` rows (`page` rows a screen), or
 * null when the key is not one that moves. */
export function moveByKey(key: string, index: number, count: number, page: number): number | null {
  const last = count - 1;
  const step = Math.max(1, page);
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, index + step);
    case 'PageUp':
      return Math.max(0, index - step);
    default:
      return null;
  }
}

/** The rows to draw: the range, plus the keyboard's row wherever it is (focus stays on a row
 * scrolled out of view, and Tab comes back to it), in order. */
export function rowsToDraw(range: RowRange, keep: number): number[] {
  const rows: number[] = [];
  if (keep >= 0 && keep < range.first) rows.push(keep);
  for (let i = range.first; i < range.end; i++) rows.push(i);
  if (keep >= range.end) rows.push(keep);
  return rows;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
