/**
 * A seeded synthetic tenant: records in the exact file-export NDJSON shape (product doc 003),
 * so the demo and the benchmarks go through the same mapping and import path as a real
 * export. Same seed, same options → the same records, byte for byte.
 *
 * Time runs forward: each hour of the range gets a share of the events in proportion to how
 * busy that hour is (office hours on weekdays, a quiet night, the 03:00 batch), the share is
 * spread uniformly inside the hour, and episodes (a brute-force attack, a fumbled sign-in)
 * are merged in as their moments come. Records are emitted in non-decreasing time order.
 */
import { formatMicros } from '../../../src-shared/time';
import { CROCKFORD, SeededRandom } from './seededRandom';
import type { ExportActor, ExportTarget, Machine, Person } from './syntheticCast';
import { OFFICE_GEO } from './syntheticCast';
import type { Scene, SyntheticRecord } from './syntheticScenarios';
import { RARE_SCENARIOS, SCENARIOS } from './syntheticScenarios';

export type { SyntheticRecord } from './syntheticScenarios';

export interface SyntheticOptions {
  seed: number;
  count: number;
  /** first instant of the range, UTC microseconds */
  fromMicros: number;
  /** last instant of the range, inclusive, UTC microseconds */
  toMicros: number;
}

/** The demo engagement's defaults: a first half-year, both days included. */
export const DEMO_DEFAULTS = { seed: 20260101, from: '2026-01-01', to: '2026-06-30' } as const;

const HOUR = 3_600_000_000;
const PERIOD_DAY = 0;
const PERIOD_MORNING = 1;
const PERIOD_NIGHT = 2;
const PERIOD_BATCH = 3;

// Relative activity of a weekday hour, UTC (the tenant works Berlin office hours in winter).
// 03:00 is the nightly batch (doc 004's retention prune and the backup).
const WEEKDAY_WEIGHTS = [0.4, 0.3, 0.3, 1.2, 0.3, 0.5, 1.5, 6, 9, 10, 10, 10, 7, 9, 10, 10, 9, 5, 2.5, 1.5, 1, 0.8, 0.6, 0.5];
const WEEKEND_FACTOR = 0.12;

/** Weight and period for each of the 168 hours of a week, Sunday 00:00 first. */
const HOUR_OF_WEEK = Array.from({ length: 168 }, (_, index) => {
  const hour = index % 24;
  const weekend = index < 24 || index >= 144;
  const base = WEEKDAY_WEIGHTS[hour] ?? 1;
  let period = PERIOD_NIGHT;
  if (hour === 3) period = PERIOD_BATCH;
  else if (!weekend && (hour === 7 || hour === 8)) period = PERIOD_MORNING;
  else if (hour >= 7 && hour <= 18) period = PERIOD_DAY;
  const weight = weekend && period !== PERIOD_BATCH ? base * (period === PERIOD_NIGHT ? 0.8 : WEEKEND_FACTOR) : base;
  return { weight, period };
});

function hourOfWeek(hourIndex: number): { weight: number; period: number } {
  const hour = ((hourIndex % 24) + 24) % 24;
  const day = Math.floor(hourIndex / 24);
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return HOUR_OF_WEEK[weekday * 24 + hour] ?? { weight: 1, period: PERIOD_DAY };
}

/**
 * Hands out `count` timestamps in order. Hour b receives round(count·W≤b/W) − round(count·W<b/W)
 * of them, so the total is exactly `count` and busy hours get more, without a global sort.
 */
class SlotClock {
  private readonly starts: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly periods: Uint8Array;
  private bucket = 0;
  private assigned = 0;
  private buffer = new Float64Array(256);
  private position = 0;
  private length = 0;
  period = PERIOD_DAY;

  constructor(
    private readonly random: SeededRandom,
    private readonly count: number,
    fromMicros: number,
    private readonly endExclusive: number,
  ) {
    const first = Math.floor(fromMicros / HOUR);
    const buckets = Math.max(1, Math.ceil(endExclusive / HOUR) - first);
    this.starts = new Float64Array(buckets + 1);
    this.cumulative = new Float64Array(buckets);
    this.periods = new Uint8Array(buckets);
    let total = 0;
    for (let b = 0; b < buckets; b++) {
      const start = Math.max(fromMicros, (first + b) * HOUR);
      const end = Math.min(endExclusive, (first + b + 1) * HOUR);
      const { weight, period } = hourOfWeek(first + b);
      total += (weight * (end - start)) / HOUR;
      this.starts[b] = start;
      this.cumulative[b] = total;
      this.periods[b] = period;
    }
    this.starts[buckets] = endExclusive;
  }

  /** The next timestamp, or NaN when all `count` have been handed out. */
  peek(): number {
    while (this.position >= this.length) {
      if (!this.fill()) return Number.NaN;
    }
    return this.buffer[this.position] ?? Number.NaN;
  }

  advance(): void {
    this.position++;
  }

  private fill(): boolean {
    const buckets = this.cumulative.length;
    if (this.bucket >= buckets) return false;
    const b = this.bucket++;
    const total = this.cumulative[buckets - 1] ?? 0;
    const upTo = b === buckets - 1 || total === 0 ? this.count : Math.round((this.count * (this.cumulative[b] ?? 0)) / total);
    const k = Math.max(0, upTo - this.assigned);
    this.assigned += k;
    if (k > this.buffer.length) this.buffer = new Float64Array(Math.max(k, this.buffer.length * 2));
    const start = this.starts[b] ?? 0;
    const span = (this.starts[b + 1] ?? start + 1) - start;
    for (let i = 0; i < k; i++) this.buffer[i] = start + Math.floor(this.random.next() * span);
    this.buffer.subarray(0, k).sort();
    this.position = 0;
    this.length = k;
    this.period = this.periods[b] ?? PERIOD_DAY;
    return true;
  }
}

/**
 * Event ids in the ULID layout (10 characters of millisecond time, 16 of randomness, Crockford
 * base32) with the ULID spec's monotonic rule: within one millisecond the random part is
 * incremented, so ids are unique and sort in time order.
 */
class EventIds {
  private lastMs = Number.NaN;
  private timePart = '';
  private readonly digits = new Uint8Array(16);

  constructor(private readonly random: SeededRandom) {}

  next(micros: number): string {
    const ms = Math.max(0, Math.floor(micros / 1000));
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      let rest = ms;
      let time = '';
      for (let i = 0; i < 10; i++) {
        time = CROCKFORD[rest % 32] + time;
        rest = Math.floor(rest / 32);
      }
      this.timePart = time;
      for (let i = 0; i < 16; i++) this.digits[i] = this.random.uint32() & 31;
      this.digits[0] = (this.digits[0] ?? 0) & 15; // headroom for increments
    } else {
      for (let i = 15; i >= 0; i--) {
        const digit = (this.digits[i] ?? 0) + 1;
        this.digits[i] = digit & 31;
        if (digit < 32) break;
      }
    }
    let id = `evt_${this.timePart}`;
    for (let i = 0; i < 16; i++) id += CROCKFORD[this.digits[i] ?? 0];
    return id;
  }
}

const DAY = 86_400_000_000;

/** Two-digit strings 00–59 for hours, minutes and seconds. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * `formatMicros` for a stream of rising times: the date text is reused while the day lasts
 * and the clock time is composed from tables, which saves a Date per record in a
 * million-record run. A test checks it against formatMicros.
 */
class TimeText {
  private dayStart = Number.NaN;
  private prefix = '';

  format(micros: number): string {
    let offset = micros - this.dayStart;
    if (!(offset >= 0 && offset < DAY)) {
      this.dayStart = micros - (((micros % DAY) + DAY) % DAY);
      this.prefix = formatMicros(this.dayStart).slice(0, 11); // 2026-05-17T
      offset = micros - this.dayStart;
    }
    const totalSeconds = Math.floor(offset / 1_000_000);
    const fraction = offset - totalSeconds * 1_000_000;
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor(totalSeconds / 60) % 60;
    const seconds = totalSeconds % 60;
    return `${this.prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${String(fraction).padStart(6, '0')}Z`;
  }
}

interface Pending {
  micros: number;
  record: SyntheticRecord;
}

/** The scenarios' view of the tenant (see Scene): builds records and holds queued episodes. */
class TenantScene implements Scene {
  now = 0;
  /** regular slots still to skip, one for each queued record, so the total stays `count` */
  debt = 0;
  private readonly queue: Pending[] = [];
  private head = 0;
  private readonly sessions = new Map<Person, ExportTarget>();

  constructor(
    readonly random: SeededRandom,
    private readonly lastMicros: number,
  ) {}

  get busy(): boolean {
    return this.head < this.queue.length;
  }

  queuedAt(): number {
    return this.queue[this.head]?.micros ?? Number.NaN;
  }

  dequeue(): SyntheticRecord | undefined {
    const pending = this.queue[this.head++];
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return pending?.record;
  }

  later(record: SyntheticRecord, afterMicros: number): void {
    this.queue.push({ micros: Math.min(this.now + afterMicros, this.lastMicros), record });
    this.debt++;
  }

  sessionOf(person: Person, renew = false): ExportTarget {
    let session = this.sessions.get(person);
    if (!session || renew) {
      session = Object.freeze({ kind: 'session', id: `ses_${this.random.hex(20)}` });
      this.sessions.set(person, session);
    }
    return session;
  }

  byUser(person: Person, type: string, target: ExportTarget | null, outcome: string, data: unknown): SyntheticRecord {
    const remote = this.random.chance(0.2);
    const context = {
      ip: remote ? person.remoteIp : person.officeIp,
      user_agent: person.userAgent,
      request_id: this.requestId(),
      session_id: this.sessionOf(person).id,
      geolocation: remote ? person.remoteGeo : OFFICE_GEO,
    };
    return this.custom(type, person.actor, target, outcome, data, context);
  }

  byMachine(machine: Machine, type: string, target: ExportTarget | null, outcome: string, data: unknown): SyntheticRecord {
    const context = { ip: machine.ip, user_agent: machine.userAgent, request_id: this.requestId() };
    return this.custom(type, machine.actor, target, outcome, data, context);
  }

  bySystem(type: string, target: ExportTarget | null, outcome: string, data: unknown): SyntheticRecord {
    // Doc 004: automated jobs have no actor; the key is left out, as the export does.
    return { id: '', type, occurred_at: '', target, outcome, data, context: { request_id: this.requestId() } };
  }

  custom(
    type: string,
    actor: ExportActor | Record<string, unknown>,
    target: ExportTarget | null,
    outcome: string,
    data: unknown,
    context: Record<string, unknown>,
  ): SyntheticRecord {
    // Key order follows doc 003's example line; id and time are stamped when emitted.
    return { id: '', type, occurred_at: '', actor, target, outcome, data, context };
  }

  private requestId(): string {
    return `req_${this.random.hex(16)}`;
  }
}

/** Cumulative scenario weights per period, for a binary-search pick. */
function periodTables(): { cumulative: Float64Array; total: number }[] {
  return [PERIOD_DAY, PERIOD_MORNING, PERIOD_NIGHT, PERIOD_BATCH].map((period) => {
    const cumulative = new Float64Array(SCENARIOS.length);
    let total = 0;
    SCENARIOS.forEach((scenario, index) => {
      total += scenario.weights[period] ?? 0;
      cumulative[index] = total;
    });
    return { cumulative, total };
  });
}

function pickScenario(table: { cumulative: Float64Array; total: number }, random: SeededRandom): number {
  const r = random.next() * table.total;
  let low = 0;
  let high = table.cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((table.cumulative[mid] ?? 0) > r) high = mid;
    else low = mid + 1;
  }
  return low;
}

function checkOptions({ seed, count, fromMicros, toMicros }: SyntheticOptions): void {
  if (!Number.isFinite(seed)) throw new RangeError('synthetic tenant: seed must be a finite number');
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('synthetic tenant: count must be a non-negative integer');
  if (!Number.isSafeInteger(fromMicros) || !Number.isSafeInteger(toMicros) || toMicros < fromMicros) {
    throw new RangeError('synthetic tenant: fromMicros and toMicros must be integers with fromMicros <= toMicros');
  }
}

export function* syntheticRecords(options: SyntheticOptions): Generator<SyntheticRecord> {
  checkOptions(options);
  const { count, fromMicros, toMicros } = options;
  const random = new SeededRandom(options.seed);
  const clock = new SlotClock(random, count, fromMicros, toMicros + 1);
  const scene = new TenantScene(random, toMicros);
  const ids = new EventIds(random);
  const times = new TimeText();
  const tables = periodTables();
  // One rare event per ~400 (fewer in very long runs); phase and rotation vary with the seed.
  const rareEvery = Math.max(400, Math.floor(count / 500));
  const rarePhase = random.int(rareEvery);
  let rareTurn = random.int(RARE_SCENARIOS.length);
  let slot = 0;
  let emitted = 0;

  while (emitted < count) {
    const next = clock.peek();
    const queued = scene.queuedAt();
    let record: SyntheticRecord | undefined;
    let micros: number;
    if (!Number.isNaN(queued) && (Number.isNaN(next) || queued <= next)) {
      micros = queued;
      record = scene.dequeue();
    } else {
      if (Number.isNaN(next)) return;
      clock.advance();
      micros = next;
      const rare = slot++ % rareEvery === rarePhase;
      // Queued records are paid for by dropping regular slots, spread out so that a burst
      // does not leave a silent gap after it in a sparse run.
      if (!rare && scene.debt > 0 && random.chance(0.25)) {
        scene.debt--;
        continue;
      }
      scene.now = micros;
      const table = tables[clock.period] ?? tables[PERIOD_DAY];
      const run = rare ? RARE_SCENARIOS[rareTurn++ % RARE_SCENARIOS.length] : table && SCENARIOS[pickScenario(table, random)]?.run;
      record = run?.(scene);
    }
    if (!record) continue;
    record['id'] = ids.next(micros);
    record['occurred_at'] = times.format(micros);
    emitted++;
    yield record;
  }
}

/** The same records as NDJSON lines, one JSON text per item, without the newline. */
export function* syntheticNdjson(options: SyntheticOptions): Generator<string> {
  for (const record of syntheticRecords(options)) yield JSON.stringify(record);
}
