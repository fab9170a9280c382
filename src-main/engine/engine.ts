/**
 * The engine: one open engagement at a time and every service behind one
 * `dispatch(channel, request)`. It never imports electron; Electron main, the CLI and the
 * browser harness reach it through an EngineClient (in-process or over a worker thread).
 * Requests are validated against the contract before any handler runs, and responses are
 * checked against it before they leave, so no transport ever sees an off-contract value.
 */
import { AppError, fail, ok, type Result } from '../../src-shared/errors';
import { contract, isChannel, type Channel, type EngineEvent, type ParsedRequestOf, type ResponseOf } from '../../src-shared/contract';
import type { EngagementSummary } from '../../src-shared/engagement';
import type { Job } from '../../src-shared/jobs';
import { appendActivity, listActivity, verifyActivity } from './activity/activityLog';
import type { InternalOps } from './engineClient';
import { runImportJob, type FileToImport, type ImportContext } from './ingest/importJob';
import { ALL_MAPPINGS, mappingById } from './ingest/platforms';
import { inspectFile } from './ingest/inspect';
import { expandPaths } from './ingest/inputPaths';
import { addSource, listSources, loadSource, removeSource } from './sync/sourceStore';
import { runSyncJob, type SyncContext } from './sync/syncJob';
import { connectorFor } from './sync/connectors';
import { createHttpClient } from './sync/httpClient';
import type { HttpClient } from './sync/httpClient';
import { parseDay } from '../../src-shared/time';
import { listImports, listProfiles, quarantinePage, saveProfile } from './store/importRecords';
import { unwrapCollector } from './ingest/platforms/registry';
import { compileProfile, mappingProfileSchema, suggestProfile } from './ingest/families/mappingProfile';
import { generateDemo } from './demo/demoImport';
import { JobRunner } from './jobs/jobRunner';
import { startExportJob } from './export/exportJob';
import { countEvents, eventStats, getEvent, pageEvents } from './store/eventQueries';
import { browserFor } from './store/eventBrowser';
import { distinctValues } from './store/distinctValues';
import { coverage, dashboardSummary, histogram } from './store/dashboardQueries';
import { listViews, removeView, saveView } from './store/savedViews';
import { createEngagement, openEngagement, unlockWithPassphrase, type OpenedEngagement } from './workspace/engagementFolder';
import { needsRepair, repairIndexes } from './workspace/repairIndexes';
import { RecentEngagements } from './workspace/recentEngagements';

export const APP_NAME = 'Auditor Workstation';
export const APP_VERSION = '0.1.0';

export interface EngineOptions {
  /** where this computer's recent list lives; null keeps none (the CLI) */
  stateDir: string | null;
  engagementsRoot: string;
  transport: 'electron' | 'harness' | 'cli' | 'test';
  /** the bundled ingest worker (parsing on its own core); null parses in the engine thread */
  ingestWorkerPath?: string | null;
  /** the bundled index build helper (half a browse-index build on its own core); null builds in the engine thread */
  indexWorkerPath?: string | null;
  /** tests inject fast retry timings; the app uses the defaults */
  httpClientFactory?: (sourceName: string, proxy: string | null) => HttpClient;
}

function defaultHttpClient(sourceName: string, proxy: string | null): HttpClient {
  return createHttpClient({ sourceName, proxy, userAgent: `${APP_NAME}/${APP_VERSION}` });
}

type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C> };
type InternalHandlers = { [K in keyof InternalOps]: (request: InternalOps[K]['request']) => Promise<InternalOps[K]['response']> | InternalOps[K]['response'] };

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  // Paths and messages only: a request's values (a passphrase) never appear in an error.
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'request'}: ${issue.message}`)
    .join('; ');
}

function toFailure(error: unknown): Result<never> {
  if (error instanceof AppError) return fail(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return fail('INTERNAL', `unexpected error: ${message}`);
}

/**
 * Jobs that store events run one after another. A bulk import drops the browse indexes'
 * triggers and at its end builds them from their watermarks and puts the triggers back: events
 * another job stored during that build would be missing from indexes then marked complete.
 */
const EVENT_WRITERS = { lane: 'events', waiting: 'starts when the import, sync or index repair before it has finished' } as const;
/**
 * The repair of what a crash left behind runs in the same lane: a bulk import's build of the
 * browse indexes is the same work, and nothing may store events while it runs.
 */
const REPAIR = { lane: EVENT_WRITERS.lane, waiting: 'starts when the job before it has finished' } as const;

export class Engine {
  private current: OpenedEngagement | null = null;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly recent: RecentEngagements;
  private jobs: JobRunner;

  constructor(private readonly options: EngineOptions) {
    this.recent = new RecentEngagements(options.stateDir);
    this.jobs = this.newJobRunner();
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private newJobRunner(): JobRunner {
    return new JobRunner(
      (job) => this.emit({ type: 'job', job }),
      (job) => this.persistJob(job),
    );
  }

  private persistJob(job: Job): void {
    const db = this.current?.db;
    if (!db?.open) return;
    db.prepare(
      `INSERT INTO jobs (id, kind, status, created_at, finished_at, progress, error, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at, progress = excluded.progress, error = excluded.error, result = excluded.result`,
    ).run(job.id, job.kind, job.status, job.createdAt, job.finishedAt, JSON.stringify(job.progress), job.error ? JSON.stringify(job.error) : null, job.result === null ? null : JSON.stringify(job.result));
  }

  private requireOpen(): OpenedEngagement {
    if (!this.current) throw new AppError('NO_ENGAGEMENT', 'open or create an engagement first');
    return this.current;
  }

  private importContext(): ImportContext {
    const e = this.requireOpen();
    return { db: e.db, folder: e.folder, dataKey: e.dataKey, ingestWorkerPath: this.options.ingestWorkerPath ?? null, indexWorkerPath: this.options.indexWorkerPath ?? null };
  }

  private httpFor(sourceName: string, proxy: string | null): HttpClient {
    return (this.options.httpClientFactory ?? defaultHttpClient)(sourceName, proxy);
  }

  /** A saved mapping profile, by name. */
  private profile(name: string): unknown {
    const row = this.requireOpen().db.prepare('SELECT profile FROM mapping_profiles WHERE name = ?').get(name) as { profile: string } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `no saved mapping profile named ${JSON.stringify(name)}`);
    return JSON.parse(row.profile) as unknown;
  }

  /** The nested detail of an event, re-derived from its raw record by the mapping that read it. */
  private deriveData(sourceId: string, raw: string): unknown {
    let mapping = mappingById(sourceId);
    if (!mapping) {
      const rows = this.requireOpen().db.prepare('SELECT profile FROM mapping_profiles').all() as { profile: string }[];
      const profile = rows.map((r) => mappingProfileSchema.safeParse(JSON.parse(r.profile))).find((p) => p.success && p.data.sourceId === sourceId);
      if (profile?.success) mapping = compileProfile(profile.data);
    }
    if (!mapping) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return null; // a CSV row's raw text is not JSON; its columns are the detail
    }
    const inner = unwrapCollector(value, raw);
    const mapped = mapping.map(inner.value, inner.raw);
    return mapped.ok && 'event' in mapped ? mapped.event.data : null;
  }

  private summary(): EngagementSummary {
    const e = this.requireOpen();
    return { ...e.meta, folder: e.folder, eventCount: countEvents(e.db), remembered: this.recent.isRemembered(e.folder) };
  }

  private async closeCurrent(): Promise<boolean> {
    const e = this.current;
    if (!e) return false;
    await this.jobs.drain();
    if (e.db.open) {
      appendActivity(e.db, 'engagement.closed', { via: this.options.transport });
      e.db.close();
    }
    e.dataKey.fill(0);
    this.current = null;
    this.jobs = this.newJobRunner();
    this.emit({ type: 'engagement', open: false });
    return true;
  }

  private async adopt(opened: OpenedEngagement): Promise<EngagementSummary> {
    this.current = opened;
    this.recent.touch({ id: opened.meta.id, name: opened.meta.name, folder: opened.folder });
    this.emit({ type: 'engagement', open: true });
    // After a crash: browsing is correct meanwhile (the planner uses only complete indexes).
    if (needsRepair(opened.db)) this.jobs.start('indexes', 'indexing', (control) => repairIndexes(opened.db, control, this.options.indexWorkerPath ?? null), REPAIR);
    return this.summary();
  }

  private async beforeOpen(): Promise<void> {
    // A repair is left for the next open of its engagement: closing cancels it between steps.
    if (this.jobs.hasRunning((job) => job.kind !== 'indexes')) throw new AppError('ENGAGEMENT_OPEN', 'a job is still running in the open engagement; cancel it or wait, then try again');
    await this.closeCurrent();
  }

  private readonly handlers: Handlers = {
    'app.info': () => ({ name: APP_NAME, version: APP_VERSION, transport: this.options.transport, engagementsRoot: this.options.engagementsRoot }),
    'engagement.recent': () => ({ items: this.recent.list() }),
    'engagement.create': async (request) => {
      await this.beforeOpen();
      const opened = await createEngagement(request, this.options.transport);
      return this.adopt(opened);
    },
    'engagement.open': async (request) => {
      if (request.passphrase === undefined || request.passphrase === '') {
        throw new AppError('PASSPHRASE_REQUIRED', 'enter the engagement passphrase (this computer does not remember its key)');
      }
      const key = await unlockWithPassphrase(request.folder, request.passphrase);
      await this.beforeOpen();
      return this.adopt(openEngagement(request.folder, key, this.options.transport));
    },
    'engagement.close': async () => ({ closed: await this.closeCurrent() }),
    'engagement.current': () => (this.current ? this.summary() : null),
    'import.start': async (request) => {
      const ctx = this.importContext();
      // A folder, given either way, is the files inside it (the CLI names files and folders alike).
      const perFile = await Promise.all(
        request.files.map(async (f) => {
          const settings = { format: f.format, ...(f.platform ? { platform: f.platform } : {}), ...(f.profile ? { profile: this.profile(f.profile) } : {}) };
          return (await expandPaths([f.path])).map((path) => ({ path, ...settings }));
        }),
      );
      const files: FileToImport[] = [...(await expandPaths(request.paths)).map((path) => ({ path, format: request.format })), ...perFile.flat()];
      return this.jobs.start('import', 'import', (control) => runImportJob(ctx, files, control), EVENT_WRITERS);
    },
    'import.inspect': async (request) => {
      const files = [];
      for (const path of await expandPaths(request.paths)) files.push(await inspectFile(path));
      return { files };
    },
    'import.platforms': () => ({ platforms: ALL_MAPPINGS.map((m) => ({ id: m.id, name: m.name })) }),
    'imports.list': () => ({ imports: listImports(this.requireOpen().db) }),
    'imports.quarantine': (request) => quarantinePage(this.requireOpen().db, request.importId, request.offset, request.limit),
    'profiles.list': () => ({ profiles: listProfiles(this.requireOpen().db) }),
    'profiles.save': (request) => {
      if (mappingById(request.profile.sourceId)) {
        throw new AppError('BAD_REQUEST', `sourceId ${JSON.stringify(request.profile.sourceId)} belongs to a built-in mapping; choose another so its events keep their own identity`);
      }
      const { db } = this.requireOpen();
      db.transaction(() => {
        saveProfile(db, request.profile);
        appendActivity(db, 'profile.saved', { name: request.profile.name, sourceId: request.profile.sourceId });
      })();
      return { name: request.profile.name };
    },
    'profiles.suggest': (request) => suggestProfile(request.header ?? request.sample ?? []),
    'sources.list': () => ({ sources: listSources(this.requireOpen().db) }),
    'sources.add': (request) => {
      const { db } = this.requireOpen();
      return db.transaction(() => {
        const added = addSource(db, request);
        appendActivity(db, 'source.added', { name: added.name, kind: added.kind, url: added.baseUrl, options: added.options });
        return added;
      })();
    },
    'sources.remove': (request) => {
      const { db } = this.requireOpen();
      return db.transaction(() => {
        const removed = removeSource(db, request.name);
        if (removed) appendActivity(db, 'source.removed', { name: request.name });
        return { removed };
      })();
    },
    'sources.test': async (request) => {
      const { config } = loadSource(this.requireOpen().db, request.name);
      await connectorFor(config.kind).test({ source: config, http: this.httpFor(config.name, config.proxy), signal: new AbortController().signal });
      return { message: `${config.name}: connected and authenticated` };
    },
    'sync.start': (request) => {
      const e = this.requireOpen();
      const ctx: SyncContext = {
        db: e.db,
        defaultFrom: parseDay(e.meta.periodFrom) ?? 0,
        connectorFor,
        httpFor: (name, proxy) => this.httpFor(name, proxy),
      };
      return this.jobs.start('sync', 'sync', (control) => runSyncJob(ctx, request.names, control), EVENT_WRITERS);
    },
    'jobs.get': (request) => this.jobs.get(request.id),
    'jobs.list': () => ({ jobs: this.jobs.list() }),
    'jobs.cancel': (request) => this.jobs.cancel(request.id),
    'events.page': (request) => pageEvents(this.requireOpen().db, request.filter, request.limit, request.after, request.order),
    'events.get': (request) => getEvent(this.requireOpen().db, request.uid, (sourceId, raw) => this.deriveData(sourceId, raw)),
    'events.stats': (request) => eventStats(this.requireOpen().db, request.filter),
    'events.count': (request) => ({ total: browserFor(this.requireOpen().db).count(request.filter) }),
    'events.window': (request) => browserFor(this.requireOpen().db).window(request.filter, request.order, request.offset, request.limit),
    'events.distinct': (request) => distinctValues(this.requireOpen().db, request.field, request.prefix, request.limit),
    'dashboard.summary': (request) => dashboardSummary(this.requireOpen().db, request),
    'dashboard.histogram': (request) => histogram(this.requireOpen().db, request),
    'dashboard.coverage': () => {
      const e = this.requireOpen();
      return coverage(e.db, e.meta);
    },
    'views.list': () => ({ views: listViews(this.requireOpen().db) }),
    'views.save': (request) => {
      const { db } = this.requireOpen();
      return db.transaction(() => {
        const saved = saveView(db, request.name, request.state);
        appendActivity(db, 'view.saved', { name: saved.name });
        return saved;
      })();
    },
    'views.remove': (request) => {
      const { db } = this.requireOpen();
      return db.transaction(() => {
        const removed = removeView(db, request.name);
        if (removed) appendActivity(db, 'view.removed', { name: request.name });
        return { removed };
      })();
    },
    'export.start': (request) => startExportJob(this.requireOpen().db, this.jobs, request),
    'activity.list': (request) => listActivity(this.requireOpen().db, request.limit),
    'activity.verify': () => verifyActivity(this.requireOpen().db),
  };

  private readonly internalHandlers: InternalHandlers = {
    'key.export': () => {
      const e = this.requireOpen();
      return { engagementId: e.meta.id, keyBase64: e.dataKey.toString('base64') };
    },
    'engagement.openWithKey': async (request) => {
      const key = Buffer.from(request.keyBase64, 'base64');
      if (key.length !== 32) throw new AppError('BAD_REQUEST', 'a remembered key must be 32 bytes');
      await this.beforeOpen();
      return this.adopt(openEngagement(request.folder, key, this.options.transport));
    },
    'recent.setRemembered': (request) => {
      this.recent.setRemembered(request.folder, request.remembered);
      return { ok: true as const };
    },
    'demo.generate': (request) => {
      const ctx = this.importContext();
      return this.jobs.start('demo', 'generate', (control) => generateDemo(ctx, request, control), EVENT_WRITERS);
    },
  };

  async dispatch(channel: string, request: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return fail('BAD_REQUEST', `unknown channel ${JSON.stringify(channel).slice(0, 80)}`);
    const parsed = contract[channel].request.safeParse(request ?? {});
    if (!parsed.success) return fail('BAD_REQUEST', `${channel}: ${describeIssues(parsed.error)}`);
    try {
      const handler = this.handlers[channel] as (r: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = contract[channel].response.safeParse(value);
      if (!checked.success) return fail('INTERNAL', `${channel} produced an off-contract response: ${describeIssues(checked.error)}`);
      return ok(checked.data);
    } catch (error) {
      return toFailure(error);
    }
  }

  async internal<K extends keyof InternalOps>(op: K, request: InternalOps[K]['request']): Promise<Result<InternalOps[K]['response']>> {
    const handler = this.internalHandlers[op] as ((r: unknown) => unknown) | undefined;
    if (!handler) return fail('BAD_REQUEST', `unknown operation ${String(op)}`);
    try {
      return ok((await handler(request)) as InternalOps[K]['response']);
    } catch (error) {
      return toFailure(error);
    }
  }

  /** Waits for a job to finish (CLI and tests). */
  waitForJob(id: string): Promise<Job> {
    return this.jobs.wait(id);
  }

  async close(): Promise<void> {
    await this.closeCurrent();
  }
}
