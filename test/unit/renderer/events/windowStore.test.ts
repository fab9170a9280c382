import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../../../src-shared/event';
import { EventWindowStore, LruMap, blocksFor, type FetchWindow } from '../../../../src-renderer/views/events/windowStore';

function row(index: number, tag = ''): EventRow {
  return {
    uid: `${tag}${index}`,
    sourceId: 'test',
    eventId: null,
    occurredAt: '2026-01-01T00:00:00.000000Z',
    action: 'a',
    category: 'AUTH',
    severity: 'INFO',
    outcome: 'success',
    actor: { kind: 'user', id: null, name: null, email: null },
    target: { kind: null, id: null, name: null },
    context: { ip: null, userAgent: null, requestId: null, sessionId: null, geo: null },
    description: '',
    tags: [],
  };
}

/** A fetch whose answers the test releases by hand, in any order. */
function controlledFetch(total: number) {
  const pending: { offset: number; limit: number; tag: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const fetchWindow: FetchWindow = (request) =>
    new Promise((resolve, reject) => {
      const tag = JSON.stringify(request.filter);
      pending.push({
        offset: request.offset,
        limit: request.limit,
        tag,
        resolve: () => {
          const rows: EventRow[] = [];
          for (let i = request.offset; i < Math.min(total, request.offset + request.limit); i++) rows.push(row(i, tag));
          resolve({ rows });
        },
        reject,
      });
    });
  return { fetchWindow, pending };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('event window store', () => {
  it('names the blocks that cover a row range', () => {
    expect(blocksFor(0, 0, 200)).toEqual([]);
    expect(blocksFor(0, 1, 200)).toEqual([0]);
    expect(blocksFor(190, 410, 200)).toEqual([0, 1, 2]);
  });

  it('evicts the least recently used block', () => {
    const lru = new LruMap<number, string>(2);
    lru.set(1, 'a');
    lru.set(2, 'b');
    lru.touch(1);
    lru.set(3, 'c');
    expect([lru.has(1), lru.has(2), lru.has(3)]).toEqual([true, false, true]);
  });

  it('fetches the visible blocks once and serves their rows', async () => {
    const { fetchWindow, pending } = controlledFetch(1000);
    const store = new EventWindowStore(fetchWindow, { blockRows: 100 });
    store.setQuery('q', { filter: {}, order: 'desc' });
    store.want(150, 260);
    store.want(150, 260);
    expect(pending.map((p) => p.offset)).toEqual([100, 200]);
    pending.forEach((p) => p.resolve());
    await flush();
    expect(store.row(150)?.uid).toBe('{}150');
    expect(store.row(259)?.uid).toBe('{}259');
    expect(store.row(99)).toBeUndefined();
  });

  it('drops answers that belong to an older query', async () => {
    const { fetchWindow, pending } = controlledFetch(1000);
    const store = new EventWindowStore(fetchWindow, { blockRows: 100 });
    store.setQuery('old', { filter: { actor: 'old' }, order: 'desc' });
    store.want(0, 10);
    store.setQuery('new', { filter: { actor: 'new' }, order: 'desc' });
    store.want(0, 10);
    pending[1]?.resolve();
    await flush();
    pending[0]?.resolve();
    await flush();
    expect(store.row(0)?.uid).toBe('{"actor":"new"}0');
  });

  it('queues only what the viewport needs now, so a fast drag leaves no trail of requests', async () => {
    const { fetchWindow, pending } = controlledFetch(10_000_000);
    const store = new EventWindowStore(fetchWindow, { blockRows: 100, maxInFlight: 1 });
    store.setQuery('q', { filter: {}, order: 'desc' });
    store.want(0, 50);
    for (let at = 1000; at < 1_000_000; at += 50_000) store.want(at, at + 50);
    store.want(9_999_950, 10_000_000);
    expect(pending).toHaveLength(1);
    pending[0]?.resolve();
    await flush();
    // The next request is for where the viewport is now, not for any position passed on the way.
    expect(pending.map((p) => p.offset)).toEqual([0, 9_999_900]);
    pending[1]?.resolve();
    await flush();
    expect(store.row(9_999_999)?.uid).toBe('{}9999999');
  });

  it('learns the end of the result from a short block, before any count', async () => {
    const { fetchWindow, pending } = controlledFetch(42);
    const store = new EventWindowStore(fetchWindow, { blockRows: 100 });
    store.setQuery('q', { filter: {}, order: 'asc' });
    expect(store.resultEnd()).toBeNull();
    store.want(0, 1);
    pending[0]?.resolve();
    await flush();
    expect(store.resultEnd()).toBe(42);
    expect(store.loadedFromTop()).toBe(42);
  });

  it('keeps a failure until retried, and notifies subscribers of every change', async () => {
    const { fetchWindow, pending } = controlledFetch(1000);
    const store = new EventWindowStore(fetchWindow, { blockRows: 100 });
    let notified = 0;
    store.subscribe(() => notified++);
    store.setQuery('q', { filter: {}, order: 'desc' });
    store.want(0, 10);
    pending[0]?.reject(new Error('engine down'));
    await flush();
    expect((store.lastError() as Error).message).toBe('engine down');
    store.want(0, 10);
    expect(pending).toHaveLength(1);
    store.retry();
    store.want(0, 10);
    expect(pending).toHaveLength(2);
    expect(notified).toBeGreaterThanOrEqual(3);
  });
});
