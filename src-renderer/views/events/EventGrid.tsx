import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EventRow } from '../../../src-shared/event';
import { cellContent } from './cells';
import { COLUMN_LABELS, clampWidth, isColumnId, moveColumnBefore, type Column, type ColumnId } from './columns';
import {
  contentHeight,
  isScaled,
  resolveScroll,
  revealRow,
  rowBlock,
  rowsPerPage,
  scrollTopFor,
  wheelPixels,
  clampVirtualOffset,
  type RowBlock,
  type ScrollAnchor,
  type ScrollGeometry,
} from './scaledScroll';
import type { EventResult } from './useEventResult';

export const ROW_HEIGHT = 32;
export const HEADER_HEIGHT = 34;
const OVERSCAN = 5;
const DRAG_TYPE = 'application/x-aw-column';

export interface EventGridProps {
  /** the focusable grid element's id, for callers that return focus to it */
  id: string;
  result: EventResult;
  columns: readonly Column[];
  onColumnsChange: (columns: Column[]) => void;
  timeZone: string;
  /** the active row (keyboard position; the detail pane shows it) */
  active: number | null;
  onActiveChange: (index: number) => void;
  /** Enter or a click on a row */
  onOpen: (index: number) => void;
  onEscape: () => void;
  label: string;
  /** shown inside the grid when the result is empty */
  empty: string;
}

/** Where the scroll stands, for one result and one geometry: the virtual offset and its block. */
interface ScrollView extends RowBlock {
  key: string;
  total: number;
  viewportHeight: number;
  virtualOffset: number;
}

/**
 * The scroll position, outside React state, like the virtualizer's own: the scroll handler
 * writes it and hands the virtualizer the offset into the block in the same breath, and render
 * reads both, so whenever a render runs it pairs a block's base with that block's rows.
 */
class ScrollViewHolder {
  private view: ScrollView;

  constructor(view: ScrollView) {
    this.view = view;
  }

  get(): ScrollView {
    return this.view;
  }

  /** Whether `next` differs from the view held (and so needs a render). */
  set(next: ScrollView): boolean {
    const view = this.view;
    if (
      view.key === next.key &&
      view.total === next.total &&
      view.viewportHeight === next.viewportHeight &&
      view.virtualOffset === next.virtualOffset &&
      view.base === next.base &&
      view.count === next.count
    ) {
      return false;
    }
    this.view = next;
    return true;
  }
}

/**
 * The virtualised event grid (ARIA grid, one focus stop, aria-activedescendant on the row).
 * Only the rows on screen (plus a little overscan) exist in the DOM; they sit in a sticky layer
 * the size of the viewport and move by the virtual offset, so the same code serves 25 rows
 * and 10 M rows — above the browser's element-height cap the scrollbar is scaled
 * (scaledScroll.ts) and the wheel and keys move by real rows. @tanstack/react-virtual picks the
 * rows, over a sliding block of BLOCK_ROWS rows (`rowBlock`), never over the whole result.
 */
export function EventGrid({ id, result, columns, onColumnsChange, timeZone, active, onActiveChange, onOpen, onEscape, label, empty }: EventGridProps) {
  const scroller = useRef<HTMLDivElement | null>(null);
  const anchor = useRef<ScrollAnchor | null>(null);
  const idPrefix = useId();
  const [clientHeight, setClientHeight] = useState(0);
  const [views] = useState(() => new ScrollViewHolder({ key: result.key, total: 0, viewportHeight: 0, virtualOffset: 0, base: 0, count: 0 }));
  // A render for a new view. From a scroll event it has the event's priority, as the
  // virtualizer's own re-render does, so the two make one render, after the event.
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const view = views.get();
  const [resizing, setResizing] = useState<{ id: ColumnId; width: number } | null>(null);

  const viewportHeight = Math.max(0, clientHeight - HEADER_HEIGHT);
  const geometry: ScrollGeometry = { total: result.total, rowHeight: ROW_HEIGHT, viewportHeight };
  // The offset belongs to one result: a new filter or order starts at the top.
  const offset = clampVirtualOffset(geometry, view.key === result.key ? view.virtualOffset : 0);
  const scaled = isScaled(geometry);
  // Until the layout effects below have caught the view up with a new result or geometry.
  const live = view.key === result.key && view.total === result.total && view.viewportHeight === viewportHeight;

  const shown = columns.filter((column) => !column.hidden).map((column) => (resizing?.id === column.id ? { ...column, width: resizing.width } : column));
  const width = shown.reduce((sum, column) => sum + column.width, 0);

  // Handlers read the latest geometry without re-subscribing on every scroll (declared before
  // the virtualizer, whose layout effect may call `report`).
  const latest = useRef({ geometry, key: result.key });
  useLayoutEffect(() => {
    latest.current = { geometry, key: result.key };
  });

  // The virtualizer's offset callback, given to `observeElementOffset`.
  const offsetListener = useRef<((offsetInBlock: number, isScrolling: boolean) => void) | null>(null);

  /** Reads where the scroller stands, picks the block, stores both and tells the virtualizer. */
  const report = useCallback(
    (isScrolling: boolean) => {
      const element = scroller.current;
      if (!element) return;
      const { geometry: g, key } = latest.current;
      const virtualOffset = resolveScroll(g, element.scrollTop, anchor.current);
      if (anchor.current && Math.abs(element.scrollTop - anchor.current.scrollTop) > 1) anchor.current = null;
      const block = rowBlock(g, virtualOffset, OVERSCAN);
      if (views.set({ key, total: g.total, viewportHeight: g.viewportHeight, virtualOffset, ...block })) rendered();
      offsetListener.current?.(virtualOffset - block.base * ROW_HEIGHT, isScrolling);
    },
    [views],
  );

  // The renderer is not built with the React Compiler, and only plain numbers from the
  // virtualizer reach the memoised rows.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: view.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // No synchronous render inside the scroll event when the rows change (see `rendered`).
    useFlushSync: false,
    // The rows' viewport: the scroller's client height below the sticky header.
    observeElementRect: (instance, onRect) => {
      const element = instance.scrollElement;
      if (!element) return;
      const measure = () => {
        setClientHeight(element.clientHeight);
        onRect({ width: element.clientWidth, height: Math.max(0, element.clientHeight - HEADER_HEIGHT) });
      };
      measure();
      const observer = new ResizeObserver(measure);
      observer.observe(element);
      return () => observer.disconnect();
    },
    // The offset into the block, from the scaled scrollTop (see `report`).
    observeElementOffset: (instance, onOffset) => {
      const element = instance.scrollElement;
      if (!element) return;
      offsetListener.current = onOffset;
      const onScroll = () => report(true);
      const onScrollEnd = () => report(false);
      element.addEventListener('scroll', onScroll, { passive: true });
      element.addEventListener('scrollend', onScrollEnd, { passive: true });
      report(false);
      return () => {
        element.removeEventListener('scroll', onScroll);
        element.removeEventListener('scrollend', onScrollEnd);
        if (offsetListener.current === onOffset) offsetListener.current = null;
      };
    },
    // The grid owns scrollTop (scrollTo below). The virtualizer's own offset is one into the
    // block, not a scrollTop, so its write when it attaches must not reach the scroller.
    scrollToFn: () => {},
  });

  const scrollTo = useCallback(
    (virtualOffset: number) => {
      const element = scroller.current;
      if (!element) return;
      const { geometry: g } = latest.current;
      const target = clampVirtualOffset(g, virtualOffset);
      element.scrollTop = scrollTopFor(g, target);
      // Read back: the browser rounds to device pixels.
      anchor.current = { scrollTop: element.scrollTop, virtualOffset: target };
      // Now, not at the scroll event: there is none when scrollTop did not move.
      report(true);
    },
    [report],
  );

  // A new result starts at the top.
  useLayoutEffect(() => {
    anchor.current = null;
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [result.key]);

  // When the result, its count or the viewport changes, the scaled scrollbar must show the same
  // rows (the top for a new result), and the virtualizer gets the block for the new geometry.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const { geometry: g, key } = latest.current;
    const shownView = views.get();
    const current = clampVirtualOffset(g, shownView.key === key ? shownView.virtualOffset : 0);
    const top = scrollTopFor(g, current);
    if (Math.abs(element.scrollTop - top) > 1) {
      element.scrollTop = top;
      anchor.current = { scrollTop: element.scrollTop, virtualOffset: current };
    }
    report(false);
  }, [result.key, result.total, viewportHeight, views, report]);

  // Above the cap one px of scrollbar is many rows: the wheel moves the virtual offset itself.
  useEffect(() => {
    const element = scroller.current;
    if (!element || !scaled) return;
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey) return;
      event.preventDefault();
      const { geometry: g } = latest.current;
      if (event.deltaX) element.scrollLeft += event.deltaX;
      if (event.deltaY) scrollTo(views.get().virtualOffset + wheelPixels(event.deltaY, event.deltaMode, g));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scaled, scrollTo, views]);

  // The virtualizer's rows are the block's: row index = base + item.index. Its offset and the
  // base come from the same `report`, and a row's top in the viewport is its start in the block
  // less the offset into the block.
  const items = virtualizer.getVirtualItems();
  const visible = virtualizer.range;
  const base = view.base;
  const firstItem = items[0];
  const lastItem = items[items.length - 1];
  const range = {
    first: firstItem ? base + firstItem.index : 0,
    end: lastItem ? Math.min(result.total, base + lastItem.index + 1) : 0,
    firstVisible: visible ? base + visible.startIndex : 0,
    endVisible: visible ? Math.min(result.total, base + visible.endIndex + 1) : 0,
  };
  const rowsTop = firstItem ? firstItem.start - (view.virtualOffset - base * ROW_HEIGHT) : 0;

  const { want } = result;
  useEffect(() => {
    if (live) want(range.first, range.end);
  }, [want, live, range.first, range.end, result.key]);

  const move = (index: number) => {
    if (result.total === 0) return;
    const target = Math.min(result.total - 1, Math.max(0, index));
    onActiveChange(target);
    scrollTo(revealRow(geometry, offset, target));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = active ?? null;
    const page = rowsPerPage(geometry);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        move(current === null ? range.firstVisible : current + 1);
        break;
      case 'ArrowUp':
        move(current === null ? range.firstVisible : current - 1);
        break;
      case 'PageDown':
        move((current ?? range.firstVisible) + page);
        break;
      case 'PageUp':
        move((current ?? range.firstVisible) - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(result.total - 1);
        break;
      case 'Enter':
        if (current !== null) onOpen(current);
        else handled = false;
        break;
      case 'Escape':
        onEscape();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const onRowClick = useCallback(
    (index: number) => {
      onActiveChange(index);
      onOpen(index);
    },
    [onActiveChange, onOpen],
  );

  const activeId = active !== null && active >= range.first && active < range.end ? `${idPrefix}-row-${active}` : undefined;
  const rows: { index: number; row: EventRow | undefined }[] = [];
  for (const item of items) {
    const index = base + item.index;
    if (index < result.total) rows.push({ index, row: result.rowAt(index) });
  }
  const placeholders = rows.filter((item) => !item.row).length;

  return (
    <div
      ref={scroller}
      id={id}
      className="grid-scroller"
      role="grid"
      aria-label={label}
      aria-rowcount={result.counted ? result.total + 1 : -1}
      aria-colcount={shown.length}
      aria-activedescendant={activeId}
      aria-busy={placeholders > 0}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="events-grid"
      data-scaled={scaled}
      data-total={result.total}
      data-first-visible={range.firstVisible}
      data-end-visible={range.endVisible}
      data-placeholders={placeholders}
    >
      <div className="grid-spacer" role="presentation" style={{ height: Math.max(clientHeight, HEADER_HEIGHT + contentHeight(geometry)), width }}>
        <div className="grid-layer" role="presentation" style={{ height: clientHeight || undefined, width }}>
          <div role="rowgroup" className="grid-head">
            <div role="row" aria-rowindex={1} className="grid-row grid-header-row" style={{ height: HEADER_HEIGHT }}>
              {shown.map((column, i) => (
                <HeaderCell
                  key={column.id}
                  column={column}
                  label={column.id === 'when' ? `When (${timeZone})` : COLUMN_LABELS[column.id]}
                  colIndex={i + 1}
                  onResize={(widthNow) => setResizing({ id: column.id, width: widthNow })}
                  onResizeCancel={() => setResizing(null)}
                  onResizeEnd={(widthNow) => {
                    setResizing(null);
                    onColumnsChange(columns.map((c) => (c.id === column.id ? { ...c, width: clampWidth(widthNow) } : c)));
                  }}
                  onDropColumn={(id, after) => {
                    const index = shown.findIndex((c) => c.id === column.id);
                    const next = after ? shown[index + 1]?.id : column.id;
                    onColumnsChange(next ? moveColumnBefore(columns, id, next) : moveToEnd(columns, id));
                  }}
                />
              ))}
            </div>
          </div>
          <div role="rowgroup" className="grid-body" style={{ height: viewportHeight }}>
            {result.total === 0 && result.counted ? <p className="grid-empty">{empty}</p> : null}
            <div className="grid-rows" role="presentation" style={{ transform: `translateY(${rowsTop}px)` }}>
              {rows.map(({ index, row }) => (
                <GridRow
                  key={index}
                  id={`${idPrefix}-row-${index}`}
                  index={index}
                  row={row}
                  columns={shown}
                  timeZone={timeZone}
                  active={index === active}
                  onClick={onRowClick}
                />
              ))}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

function moveToEnd(columns: readonly Column[], id: ColumnId): Column[] {
  const moving = columns.find((column) => column.id === id);
  return moving ? [...columns.filter((column) => column.id !== id), moving] : [...columns];
}

const GridRow = memo(function GridRow({
  id,
  index,
  row,
  columns,
  timeZone,
  active,
  onClick,
}: {
  id: string;
  index: number;
  row: EventRow | undefined;
  columns: readonly Column[];
  timeZone: string;
  active: boolean;
  onClick: (index: number) => void;
}) {
  const width = columns.reduce((sum, column) => sum + column.width, 0);
  if (!row) {
    // One cell, not one per column: while the scrollbar is dragged these are made every frame.
    return (
      <div id={id} role="row" aria-rowindex={index + 2} className="grid-row grid-placeholder" data-row-index={index} data-placeholder="true" style={{ height: ROW_HEIGHT, width }}>
        <div role="gridcell" aria-colindex={1} aria-colspan={columns.length} className="grid-cell" style={{ width }}>
          <span className="visually-hidden">Loading row {index + 1}</span>
          <span className="placeholder-bar" aria-hidden="true" />
        </div>
      </div>
    );
  }
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`grid-row${active ? ' row-active' : ''}`}
      data-row-index={index}
      data-uid={row.uid}
      style={{ height: ROW_HEIGHT, width }}
      onClick={() => onClick(index)}
    >
      {columns.map((column, i) => {
        const { content, title } = cellContent(column.id, row, timeZone);
        return (
          <div key={column.id} role="gridcell" aria-colindex={i + 1} className={`grid-cell cell-${column.id}`} style={{ width: column.width }} title={title}>
            {content}
          </div>
        );
      })}
    </div>
  );
});

function HeaderCell({
  column,
  label,
  colIndex,
  onResize,
  onResizeEnd,
  onResizeCancel,
  onDropColumn,
}: {
  column: Column;
  label: string;
  colIndex: number;
  onResize: (width: number) => void;
  onResizeEnd: (width: number) => void;
  onResizeCancel: () => void;
  onDropColumn: (id: ColumnId, after: boolean) => void;
}) {
  const [dropSide, setDropSide] = useState<'before' | 'after' | null>(null);
  const start = useRef<{ x: number; width: number } | null>(null);
  const sideOf = (event: DragEvent<HTMLDivElement>): 'before' | 'after' => {
    const rect = event.currentTarget.getBoundingClientRect();
    return event.clientX > rect.left + rect.width / 2 ? 'after' : 'before';
  };

  const onPointerDown = (event: PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, width: column.width };
  };
  const widthAt = (event: PointerEvent<HTMLSpanElement>) => clampWidth((start.current?.width ?? column.width) + event.clientX - (start.current?.x ?? event.clientX));

  return (
    <div
      role="columnheader"
      aria-colindex={colIndex}
      className={`grid-cell grid-header-cell${dropSide ? ` drop-${dropSide}` : ''}`}
      style={{ width: column.width }}
      draggable
      title={`${label} — drag to reorder; drag the right edge to resize (or use Columns)`}
      data-column={column.id}
      onDragStart={(event) => {
        // A press on the resize handle is a resize, not a move.
        if (start.current) {
          event.preventDefault();
          return;
        }
        event.dataTransfer.setData(DRAG_TYPE, column.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
        event.preventDefault();
        setDropSide(sideOf(event));
      }}
      onDragLeave={() => setDropSide(null)}
      onDrop={(event) => {
        const id = event.dataTransfer.getData(DRAG_TYPE);
        setDropSide(null);
        if (!isColumnId(id) || id === column.id) return;
        event.preventDefault();
        onDropColumn(id, sideOf(event) === 'after');
      }}
    >
      <span className="header-label">{label}</span>
      <span
        className="col-resizer"
        aria-hidden="true"
        draggable={false}
        onDragStart={(event) => event.preventDefault()}
        onPointerDown={onPointerDown}
        onPointerMove={(event) => {
          if (start.current) onResize(widthAt(event));
        }}
        onPointerUp={(event) => {
          if (!start.current) return;
          onResizeEnd(widthAt(event));
          start.current = null;
        }}
        onPointerCancel={() => {
          start.current = null;
          onResizeCancel();
        }}
      />
    </div>
  );
}
