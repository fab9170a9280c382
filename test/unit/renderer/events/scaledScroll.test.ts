import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Virtualizer } from '@tanstack/react-virtual';
import {
  BLOCK_ROWS,
  MAX_SCROLL_HEIGHT,
  clampVirtualOffset,
  contentHeight,
  isScaled,
  maxScrollTop,
  maxVirtualOffset,
  resolveScroll,
  revealRow,
  rowBlock,
  rowRange,
  rowsPerPage,
  scrollTopFor,
  virtualOffsetAt,
  wheelPixels,
  type ScrollGeometry,
} from '../../../../src-renderer/views/events/scaledScroll';

const ROW = 32;
const VIEW = 640; // 20 rows
const small: ScrollGeometry = { total: 1000, rowHeight: ROW, viewportHeight: VIEW };
const huge: ScrollGeometry = { total: 10_000_000, rowHeight: ROW, viewportHeight: VIEW };

describe('scaled scroll geometry', () => {
  it('below the cap is plain virtualisation: scrollTop is the offset into the rows', () => {
    expect(isScaled(small)).toBe(false);
    expect(contentHeight(small)).toBe(32_000);
    expect(virtualOffsetAt(small, 1234)).toBe(1234);
    expect(scrollTopFor(small, 1234)).toBe(1234);
    expect(rowRange(small, 1234)).toMatchObject({ firstVisible: 38, endVisible: 59 });
  });

  it('keeps 10 million rows under the browser height cap and scales scrollTop', () => {
    expect(isScaled(huge)).toBe(true);
    expect(contentHeight(huge)).toBe(MAX_SCROLL_HEIGHT);
    expect(contentHeight(huge)).toBeLessThan(33_554_428);
    expect(maxVirtualOffset(huge)).toBe(10_000_000 * ROW - VIEW);
  });

  it('maps the top of the scrollbar to the first row and its end to the very last row', () => {
    expect(rowRange(huge, virtualOffsetAt(huge, 0))).toMatchObject({ firstVisible: 0, endVisible: 20 });
    const end = rowRange(huge, virtualOffsetAt(huge, maxScrollTop(huge)));
    expect(end.endVisible).toBe(10_000_000);
    expect(end.firstVisible).toBe(10_000_000 - 20);
    // The last row's bottom sits exactly on the viewport's bottom.
    expect(9_999_999 * ROW - virtualOffsetAt(huge, maxScrollTop(huge)) + ROW).toBe(VIEW);
  });

  it('shows the proportional row anywhere in between (the middle of the bar is the middle of the result)', () => {
    const middle = rowRange(huge, virtualOffsetAt(huge, maxScrollTop(huge) / 2));
    expect(Math.abs(middle.firstVisible - (10_000_000 - 20) / 2)).toBeLessThanOrEqual(1);
  });

  it('round-trips offset → scrollTop → offset within one scrollTop pixel worth of rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (total, fraction) => {
        const g: ScrollGeometry = { total, rowHeight: ROW, viewportHeight: VIEW };
        const offset = fraction * maxVirtualOffset(g);
        const back = virtualOffsetAt(g, scrollTopFor(g, offset));
        const pixel = maxScrollTop(g) > 0 ? maxVirtualOffset(g) / maxScrollTop(g) : 1;
        expect(Math.abs(back - offset)).toBeLessThanOrEqual(pixel * 1e-6 + 1e-3);
      }),
    );
  });

  it('never renders a row outside the result, overscan included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 20 }), (total, offset, overscan) => {
        const range = rowRange({ total, rowHeight: ROW, viewportHeight: VIEW }, offset, overscan);
        expect(range.first).toBeGreaterThanOrEqual(0);
        expect(range.end).toBeLessThanOrEqual(total);
        expect(range.first).toBeLessThanOrEqual(range.firstVisible);
        expect(range.end).toBeGreaterThanOrEqual(range.endVisible);
        if (total > 0) expect(range.endVisible).toBeGreaterThan(range.firstVisible);
      }),
    );
  });

  it('handles an empty result and a result shorter than the viewport', () => {
    expect(rowRange({ total: 0, rowHeight: ROW, viewportHeight: VIEW }, 500)).toEqual({ first: 0, end: 0, firstVisible: 0, endVisible: 0 });
    const few: ScrollGeometry = { total: 5, rowHeight: ROW, viewportHeight: VIEW };
    expect(maxScrollTop(few)).toBe(0);
    expect(virtualOffsetAt(few, 300)).toBe(0);
    expect(rowRange(few, 0)).toMatchObject({ firstVisible: 0, endVisible: 5 });
  });

  it('reveals a row with the smallest move, at either edge', () => {
    expect(revealRow(huge, 0, 5)).toBe(0);
    expect(revealRow(huge, 0, 25)).toBe(26 * ROW - VIEW);
    expect(revealRow(huge, 100 * ROW, 50)).toBe(50 * ROW);
    expect(rowRange(huge, revealRow(huge, 0, 9_999_999)).endVisible).toBe(10_000_000);
  });

  it('pages by whole rows and reads wheel deltas in pixels, lines or pages', () => {
    expect(rowsPerPage(huge)).toBe(20);
    expect(wheelPixels(100, 0, huge)).toBe(100);
    expect(wheelPixels(3, 1, huge)).toBe(3 * ROW);
    expect(wheelPixels(-1, 2, huge)).toBe(-VIEW);
  });

  it('keeps the exact offset the grid asked for while scrollTop stays where the grid put it', () => {
    const asked = 123_456 * ROW;
    const top = Math.round(scrollTopFor(huge, asked));
    expect(resolveScroll(huge, top, { scrollTop: top, virtualOffset: asked })).toBe(asked);
    // A drag elsewhere is the user's: the proportional mapping applies.
    expect(resolveScroll(huge, top + 500, { scrollTop: top, virtualOffset: asked })).toBe(virtualOffsetAt(huge, top + 500));
  });
});

/** What @tanstack/react-virtual renders for a block: its rows, as rows of the whole result. */
function virtualizerRows(g: ScrollGeometry, virtualOffset: number, overscan: number): { first: number; end: number } {
  const { base, count } = rowBlock(g, virtualOffset, overscan);
  const virtualizer = new Virtualizer<never, never>({
    count,
    estimateSize: () => g.rowHeight,
    overscan,
    getScrollElement: () => null,
    initialRect: { width: 800, height: g.viewportHeight },
    initialOffset: clampVirtualOffset(g, virtualOffset) - base * g.rowHeight,
    observeElementRect: () => undefined,
    observeElementOffset: () => undefined,
    scrollToFn: () => undefined,
  });
  const items = virtualizer.getVirtualItems();
  return { first: base + (items[0]?.index ?? 0), end: base + (items.at(-1)?.index ?? -1) + 1 };
}

describe('the block of rows the virtualizer is given', () => {
  const geometry = fc.record({
    total: fc.integer({ min: 0, max: 10_000_000 }),
    rowHeight: fc.constant(ROW),
    viewportHeight: fc.integer({ min: 0, max: 400_000 }),
  });
  const screen = fc.record({
    total: fc.integer({ min: 1, max: 10_000_000 }),
    rowHeight: fc.constant(ROW),
    viewportHeight: fc.integer({ min: 1, max: 20_000 }),
  });

  it('always holds the visible rows and their overscan, and never leaves the result', () => {
    fc.assert(
      fc.property(geometry, fc.double({ min: -1e10, max: 1e10, noNaN: true }), fc.integer({ min: 0, max: 20 }), (g, offset, overscan) => {
        const { base, count } = rowBlock(g, offset, overscan);
        const range = rowRange(g, offset, overscan);
        expect(base).toBeGreaterThanOrEqual(0);
        expect(base + count).toBeLessThanOrEqual(g.total);
        expect(count).toBeGreaterThanOrEqual(Math.min(g.total, BLOCK_ROWS));
        // A few thousand rows, unless the viewport itself is taller than a block's worth.
        if (g.viewportHeight <= 60_000) expect(count).toBeLessThanOrEqual(BLOCK_ROWS);
        expect(range.first).toBeGreaterThanOrEqual(base);
        expect(range.end).toBeLessThanOrEqual(base + count);
        // The offset into the block leaves the whole viewport inside the block.
        const inBlock = clampVirtualOffset(g, offset) - base * ROW;
        expect(inBlock).toBeGreaterThanOrEqual(0);
        if (naturalFits(g)) expect(inBlock + g.viewportHeight).toBeLessThanOrEqual(count * ROW);
      }),
    );
  });

  it('keeps the count whatever the offset, and moves the base by whole steps', () => {
    fc.assert(
      fc.property(geometry, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (g, a, b) => {
        const first = rowBlock(g, a * g.total * ROW, 5);
        const second = rowBlock(g, b * g.total * ROW, 5);
        expect(second.count).toBe(first.count);
        // A base is a multiple of one step, or the last block.
        const step = first.count - (Math.ceil(Math.max(g.viewportHeight, 1) / ROW) + 11);
        for (const { base, count } of [first, second]) {
          if (count < g.total) expect(base % step === 0 || base === g.total - count).toBe(true);
          else expect(base).toBe(0);
        }
      }),
    );
  });

  it('gives the virtualizer a few thousand rows even at 10 M, and the ends of the result', () => {
    expect(rowBlock(huge, 0, 5)).toEqual({ base: 0, count: BLOCK_ROWS });
    expect(rowBlock(huge, maxVirtualOffset(huge), 5)).toEqual({ base: 10_000_000 - BLOCK_ROWS, count: BLOCK_ROWS });
    expect(rowBlock(small, 1234, 5)).toEqual({ base: 0, count: 1000 });
    expect(rowBlock({ ...huge, total: 0 }, 0, 5)).toEqual({ base: 0, count: 0 });
  });

  it('renders through the virtualizer exactly the rows the geometry asks for', () => {
    fc.assert(
      fc.property(screen, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 20 }), (g, fraction, overscan) => {
        const offset = fraction * maxVirtualOffset(g);
        const range = rowRange(g, offset, overscan);
        expect(virtualizerRows(g, offset, overscan)).toEqual({ first: range.first, end: range.end });
      }),
      { numRuns: 300 },
    );
  });
});

function naturalFits(g: ScrollGeometry): boolean {
  return g.total * g.rowHeight >= g.viewportHeight;
}
