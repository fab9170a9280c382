/**
 * Geometry of the event grid's vertical scroll, as pure functions (no DOM).
 *
 * Browsers cap an element's height, silently: Chromium clamps layout at about 33.5 M px, so a
 * 10 M-row result at 32 px a row (320 M px) cannot be one tall element. Below `cap` the grid
 * is a plain virtualised list (scrollTop = the offset into the rows). Above it the scroll
 * content is `cap` high and scrollTop maps proportionally onto the rows' "virtual" offset:
 * the scrollbar still spans the whole result, dragging it to any point shows the rows that
 * belong there, and its end shows the very last row.
 *
 * Vocabulary: `virtualOffset` is the distance in px from the first row's top to the viewport's
 * top as if every row were laid out; `scrollTop` is the scroller's real offset.
 */

/** Well below Chromium's ~33.5 M px (and Firefox's ~17.9 M px) so nothing clamps silently. */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface ScrollGeometry {
  /** rows in the result */
  total: number;
  /** every row's height, in px */
  rowHeight: number;
  /** the rows' viewport height, in px (the scroller's client height minus the header) */
  viewportHeight: number;
  /** the tallest scroll content allowed; MAX_SCROLL_HEIGHT unless a test says otherwise */
  cap?: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function capOf(g: ScrollGeometry): number {
  return g.cap ?? MAX_SCROLL_HEIGHT;
}

/** The height every row together would take. */
export function naturalHeight(g: ScrollGeometry): number {
  return Math.max(0, g.total) * g.rowHeight;
}

/** Whether the rows are taller than the cap, so scrollTop is scaled. */
export function isScaled(g: ScrollGeometry): boolean {
  return naturalHeight(g) > capOf(g);
}

/** The height to give the scroll content below the header. */
export function contentHeight(g: ScrollGeometry): number {
  return Math.min(naturalHeight(g), capOf(g));
}

export function maxScrollTop(g: ScrollGeometry): number {
  return Math.max(0, contentHeight(g) - g.viewportHeight);
}

export function maxVirtualOffset(g: ScrollGeometry): number {
  return Math.max(0, naturalHeight(g) - g.viewportHeight);
}

export function clampVirtualOffset(g: ScrollGeometry, virtualOffset: number): number {
  return clamp(virtualOffset, 0, maxVirtualOffset(g));
}

/** scrollTop → virtual offset: the identity below the cap, proportional above it. */
export function virtualOffsetAt(g: ScrollGeometry, scrollTop: number): number {
  const maxScroll = maxScrollTop(g);
  if (maxScroll <= 0) return 0;
  const top = clamp(scrollTop, 0, maxScroll);
  if (!isScaled(g)) return top;
  // The ends map exactly, so scrollTop = max always shows the last row.
  if (top >= maxScroll) return maxVirtualOffset(g);
  return (top / maxScroll) * maxVirtualOffset(g);
}

/** Virtual offset → the scrollTop that shows it (the inverse of virtualOffsetAt). */
export function scrollTopFor(g: ScrollGeometry, virtualOffset: number): number {
  const maxVirtual = maxVirtualOffset(g);
  if (maxVirtual <= 0) return 0;
  const offset = clamp(virtualOffset, 0, maxVirtual);
  if (!isScaled(g)) return offset;
  if (offset >= maxVirtual) return maxScrollTop(g);
  return (offset / maxVirtual) * maxScrollTop(g);
}

export interface RowRange {
  /** first row to render (overscan included) */
  first: number;
  /** one past the last row to render */
  end: number;
  /** first row at least partly inside the viewport */
  firstVisible: number;
  /** one past the last row at least partly inside the viewport */
  endVisible: number;
}

/** The rows a virtual offset shows, widened by `overscan` rows on each side. */
export function rowRange(g: ScrollGeometry, virtualOffset: number, overscan = 0): RowRange {
  const total = Math.max(0, g.total);
  if (total === 0 || g.rowHeight <= 0) return { first: 0, end: 0, firstVisible: 0, endVisible: 0 };
  const offset = clampVirtualOffset(g, virtualOffset);
  const firstVisible = Math.min(total - 1, Math.floor(offset / g.rowHeight));
  const endVisible = clamp(Math.ceil((offset + Math.max(g.viewportHeight, 1)) / g.rowHeight), firstVisible + 1, total);
  return {
    first: Math.max(0, firstVisible - overscan),
    end: Math.min(total, endVisible + overscan),
    firstVisible,
    endVisible,
  };
}

/**
 * The virtualizer (@tanstack/react-virtual) is never given the whole result: it builds a record
 * per row whenever its count changes, which at 10 M rows costs 272 ms and ~247 MB. It gets a
 * sliding block of `count` rows starting at row `base`, and the offset into that block.
 */
export const BLOCK_ROWS = 4096;

export interface RowBlock {
  /** the result's row the block starts at */
  base: number;
  /** rows in the block: the virtualizer's count */
  count: number;
}

/**
 * The block that holds the rows a virtual offset shows, overscan included. `count` depends on
 * the geometry only (never on the offset), so scrolling never changes the virtualizer's count;
 * `base` is quantised (a multiple of the block's slack, or the last possible block), so small
 * moves keep the same block and a block always reaches the rows in and around the viewport.
 */
export function rowBlock(g: ScrollGeometry, virtualOffset: number, overscan = 0, minRows = BLOCK_ROWS): RowBlock {
  const total = Math.max(0, g.total);
  if (total === 0 || g.rowHeight <= 0) return { base: 0, count: 0 };
  // The most rows a viewport can touch (partial rows at both edges), with overscan each side.
  const need = Math.ceil(Math.max(g.viewportHeight, 1) / g.rowHeight) + 1 + 2 * overscan;
  const count = Math.min(total, Math.max(minRows, 2 * need));
  if (count === total) return { base: 0, count };
  const slack = count - need;
  const { first } = rowRange(g, virtualOffset, overscan);
  return { base: Math.min(total - count, Math.floor(first / slack) * slack), count };
}

/** Whole rows that fit in the viewport (at least one): the PageUp/PageDown step. */
export function rowsPerPage(g: ScrollGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

/** The smallest move of the virtual offset that shows row `index` entirely. */
export function revealRow(g: ScrollGeometry, virtualOffset: number, index: number): number {
  const offset = clampVirtualOffset(g, virtualOffset);
  const top = clamp(index, 0, Math.max(0, g.total - 1)) * g.rowHeight;
  const bottom = top + g.rowHeight;
  if (top < offset || g.viewportHeight < g.rowHeight) return clampVirtualOffset(g, top);
  if (bottom > offset + g.viewportHeight) return clampVirtualOffset(g, bottom - g.viewportHeight);
  return offset;
}

/** A wheel event's delta in px (WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages). */
export function wheelPixels(deltaY: number, deltaMode: number, g: ScrollGeometry): number {
  if (deltaMode === 1) return deltaY * g.rowHeight;
  if (deltaMode === 2) return deltaY * Math.max(g.rowHeight, g.viewportHeight);
  return deltaY;
}

/** The scroll position the grid itself last set, and the exact virtual offset it meant. */
export interface ScrollAnchor {
  scrollTop: number;
  virtualOffset: number;
}

/**
 * The virtual offset a scroll event means. When the grid moved the scrollbar itself (keys,
 * wheel, a jump) the browser may round scrollTop to a device pixel, which above the cap is
 * worth several rows' px: while scrollTop is still (about) where the grid put it, the exact
 * offset it asked for stands. Any other position came from the user dragging the scrollbar.
 */
export function resolveScroll(g: ScrollGeometry, scrollTop: number, anchor: ScrollAnchor | null): number {
  if (anchor && Math.abs(scrollTop - anchor.scrollTop) <= 1) return clampVirtualOffset(g, anchor.virtualOffset);
  return virtualOffsetAt(g, scrollTop);
}
