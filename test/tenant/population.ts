/**
 * The simulated tenant's one event population, which all four APIs serve in their own shapes.
 * Compact: an event is a time, a kind, an actor, a target, an outcome and 32 random bits in
 * typed arrays (about 30 bytes), and everything else — its id, request id, session, and each
 * API's JSON — is derived on demand. A million events cost ~30 MB and are built in about a
 * second; the same seed, count and range always give the same events.
 *
 * Order is (time, serial): serials are handed out in creation order, so the seeded events have
 * serial = position, and late events (added later, with earlier times) get higher serials and
 * slot in by time. Cursors name an event's (time, serial) key, not its position, so a late
 * insert never shifts a page boundary: events that arrive behind a cursor are only seen by a
 * client that re-reads an overlap window — exactly the case the sync's overlap exists for.
 */
import { CROCKFORD, SeededRandom } from '../../src-main/engine/demo/seededRandom';
import type { CastActor, CastTarget, EventKind, Outcome } from './eventKinds';
import { ACTORS, ACTORS_BY_CLASS, EVENT_KINDS, KIND_WEIGHTS_TOTAL, TARGETS_BY_CLASS } from './eventKinds';

const HOUR_MS = 3_600_000;
const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'denied'];

/** Relative activity per UTC hour on a weekday (office hours in Berlin), as in the demo tenant. */
const HOUR_WEIGHTS = [0.4, 0.3, 0.3, 1.2, 0.3, 0.5, 1.5, 6, 9, 10, 10, 10, 7, 9, 10, 10, 9, 5, 2.5, 1.5, 1, 0.8, 0.6, 0.5];
const WEEKEND_FACTOR = 0.15;
const MAX_WEIGHT = 10;

function activity(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const weekday = (Math.floor(hour / 24) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const weight = HOUR_WEIGHTS[hour % 24] ?? 1;
  return weekday === 0 || weekday === 6 ? Math.max(weight * WEEKEND_FACTOR, 0.3) : weight;
}

/** A 32-bit mix of three numbers (murmur3's finaliser): derived ids without stored state. */
export function mix32(a: number, b: number, c: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c + 0x165667b1, 0x27d4eb2f)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

const SESSION_MS = 4 * HOUR_MS;

function sessionOf(seed: number, actor: number, block: number): string {
  return `ses_${hex8(mix32(seed, actor, block))}${hex8(mix32(seed ^ 0x5e55, actor, block))}`;
}

function base32(value: number, digits: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < digits; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** One event, with everything the API shapes need. */
export interface TenantEvent {
  readonly serial: number;
  /** `evt_` + a ULID-like 26 characters (time, serial, hash): unique, sorts in population order */
  readonly id: string;
  /** whole milliseconds since the epoch: every API can state the time exactly */
  readonly ms: number;
  readonly kind: EventKind;
  readonly actor: CastActor;
  /** null for kinds without a target and for session targets (see `sessionId`) */
  readonly target: CastTarget | null;
  readonly outcome: Outcome;
  /** the acting person worked from outside the office */
  readonly remote: boolean;
  readonly requestId: string;
  /** the session the event happened in (people only); also the target of session kinds */
  readonly sessionId: string | null;
  /** 32 random bits for the shapes' small details */
  readonly detail: number;
}

/** Where a page ends: the last event's (time, serial). */
export interface EventKey {
  ms: number;
  serial: number;
}

export class Population {
  private times: Float64Array;
  private kinds: Uint8Array;
  private actors: Uint8Array;
  private targets: Uint16Array;
  private outcomes: Uint8Array;
  private details: Uint32Array;
  /** serials in (time, serial) order */
  private order: Uint32Array;
  private size = 0;
  private lateBatches = 0;

  constructor(
    readonly seed: number,
    count: number,
    readonly fromMs: number,
    readonly toMs: number,
  ) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('population: count must be a non-negative integer');
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) throw new RangeError('population: from must be before to');
    this.times = new Float64Array(count);
    this.kinds = new Uint8Array(count);
    this.actors = new Uint8Array(count);
    this.targets = new Uint16Array(count);
    this.outcomes = new Uint8Array(count);
    this.details = new Uint32Array(count);
    this.order = new Uint32Array(count);
    const random = new SeededRandom(seed);
    const span = toMs - fromMs;
    for (let i = 0; i < count; i++) {
      // Rejection sampling against the hour's activity: busy hours get more events.
      let t: number;
      do t = fromMs + Math.floor(random.next() * span);
      while (random.next() * MAX_WEIGHT > activity(t));
      this.times[i] = t;
    }
    this.times.sort();
    for (let i = 0; i < count; i++) {
      this.fill(i, random);
      this.order[i] = i;
    }
    this.size = count;
  }

  /** How many events the tenant holds now (seeded plus late ones). */
  get count(): number {
    return this.size;
  }

  private fill(serial: number, random: SeededRandom): void {
    let pick = random.next() * KIND_WEIGHTS_TOTAL;
    let kindIndex = 0;
    while (kindIndex < EVENT_KINDS.length - 1 && pick >= EVENT_KINDS[kindIndex]!.weight) pick -= EVENT_KINDS[kindIndex++]!.weight;
    const kind = EVENT_KINDS[kindIndex]!;
    const actors = ACTORS_BY_CLASS[kind.actor];
    this.kinds[serial] = kindIndex;
    this.actors[serial] = actors[random.int(actors.length)] ?? 0;
    const pool = kind.target === 'session' || kind.target === 'none' ? null : TARGETS_BY_CLASS[kind.target];
    this.targets[serial] = pool ? random.int(pool.length) : 0;
    this.outcomes[serial] = random.chance(kind.failureRate) ? OUTCOMES.indexOf(kind.failure) : 0;
    this.details[serial] = random.uint32();
  }

  /** The serial at a position in time order. */
  serialAt(position: number): number {
    return this.order[position] ?? -1;
  }

  timeAt(position: number): number {
    return this.times[this.order[position] ?? 0] ?? Number.NaN;
  }

  keyAt(position: number): EventKey {
    const serial = this.serialAt(position);
    return { ms: this.times[serial] ?? Number.NaN, serial };
  }

  /** The first position whose time is at or after `ms` (count when none). */
  lowerBound(ms: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.timeAt(mid) < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first position whose key is after `key`: where a page that ended at `key` resumes. */
  positionAfter(key: EventKey): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const serial = this.serialAt(mid);
      const t = this.times[serial] ?? 0;
      if (t < key.ms || (t === key.ms && serial <= key.serial)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first position whose key is at or after `key`; the positions before it come before `key`. */
  positionOf(key: EventKey): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const serial = this.serialAt(mid);
      const t = this.times[serial] ?? 0;
      if (t < key.ms || (t === key.ms && serial < key.serial)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  idOf(serial: number): string {
    const ms = this.times[serial] ?? 0;
    // ULID layout (10 characters of time, then 16 more): the serial makes it unique, the hash makes it look random.
    return `evt_${base32(ms, 10)}${base32(serial, 7)}${base32(mix32(this.seed, serial, 1) % 2 ** 30, 6)}${base32(mix32(this.seed, serial, 2) & 0x7fff, 3)}`;
  }

  event(serial: number): TenantEvent {
    const kind = EVENT_KINDS[this.kinds[serial] ?? 0]!;
    const actor = ACTORS[this.actors[serial] ?? 0]!;
    const pool = kind.target === 'session' || kind.target === 'none' ? null : TARGETS_BY_CLASS[kind.target];
    const detail = this.details[serial] ?? 0;
    const person = actor.class === 'person' || actor.class === 'admin';
    return {
      serial,
      id: this.idOf(serial),
      ms: this.times[serial] ?? 0,
      kind,
      actor,
      target: pool ? (pool[this.targets[serial] ?? 0] ?? null) : null,
      outcome: OUTCOMES[this.outcomes[serial] ?? 0] ?? 'success',
      remote: person && (detail & 7) === 0,
      requestId: `req_${hex8(mix32(this.seed, serial, 3))}${hex8(mix32(this.seed, serial, 4))}`,
      // A person keeps a session for a while: one per person and four-hour block.
      sessionId: person ? sessionOf(this.seed, this.actors[serial] ?? 0, Math.floor((this.times[serial] ?? 0) / SESSION_MS)) : null,
      detail,
    };
  }

  /** Events at positions [start, end), in time order. */
  *range(start: number, end: number): Generator<TenantEvent> {
    for (let p = Math.max(0, start); p < Math.min(end, this.size); p++) yield this.event(this.serialAt(p));
  }

  /** The ids of the events with from <= time < to, in time order: what a correct sync of that window holds. */
  ids(fromMs = -Infinity, toMs = Infinity): string[] {
    const out: string[] = [];
    const end = this.lowerBound(toMs);
    for (let p = this.lowerBound(fromMs); p < end; p++) out.push(this.idOf(this.serialAt(p)));
    return out;
  }

  /**
   * Adds `n` events with times in [anchorMs − 1 h, anchorMs] (never before the range's start):
   * events the tenant records late, behind data a client may already have read. Returns them.
   */
  addLate(n: number, anchorMs: number): TenantEvent[] {
    if (!Number.isSafeInteger(n) || n <= 0) return [];
    const random = new SeededRandom(mix32(this.seed, 0x1a7e, ++this.lateBatches));
    const first = this.size;
    this.grow(first + n);
    const low = Math.max(this.fromMs, anchorMs - HOUR_MS);
    const serials: number[] = [];
    for (let i = 0; i < n; i++) {
      const serial = first + i;
      this.times[serial] = low + Math.floor(random.next() * (anchorMs - low + 1));
      this.fill(serial, random);
      serials.push(serial);
    }
    serials.sort((a, b) => (this.times[a] ?? 0) - (this.times[b] ?? 0) || a - b);
    // Merge the new serials into the order; late serials are higher, so on equal times they go after.
    const merged = new Uint32Array(first + n);
    let a = 0;
    let b = 0;
    for (let out = 0; out < merged.length; out++) {
      const fromOld = b >= serials.length || (a < first && (this.times[this.order[a]!] ?? 0) <= (this.times[serials[b]!] ?? 0));
      merged[out] = fromOld ? this.order[a++]! : serials[b++]!;
    }
    this.order = merged;
    this.size = first + n;
    return serials.map((serial) => this.event(serial));
  }

  private grow(capacity: number): void {
    if (capacity <= this.times.length) return;
    const size = Math.max(capacity, Math.ceil(this.times.length * 1.25));
    const grown = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
    this.actors = grown(this.actors, (n) => new Uint8Array(n));
    this.targets = grown(this.targets, (n) => new Uint16Array(n));
    this.outcomes = grown(this.outcomes, (n) => new Uint8Array(n));
    this.details = grown(this.details, (n) => new Uint32Array(n));
  }
}

/** Milliseconds from a number (ms), an ISO-8601 text or a Date. */
export function toMs(value: number | string | Date): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`population: not a time: ${String(value)}`);
  return Math.floor(ms);
}

/** The seeded population: `count` events in [from, to), deterministic, time-ordered, unique ids. */
export function population(seed: number, count: number, from: number | string | Date, to: number | string | Date): Population {
  return new Population(seed, count, toMs(from), toMs(to));
}
