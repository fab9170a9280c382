import { useEffect, useState, type ReactNode } from 'react';
import type { EventDetail } from '../../../src-shared/event';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInZone, utcTitle } from '../../format';
import { CopyButton } from './CopyButton';
import { prettyRaw } from './rawRecord';

function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}

/** Every canonical field of one event, its compliance tags and its original record (events.get). */
export function DetailPane({ uid, timeZone, onClose }: { uid: string; timeZone: string; onClose: () => void }) {
  const [loaded, setLoaded] = useState<{ uid: string; detail: EventDetail } | null>(null);
  const [failed, setFailed] = useState<{ uid: string; error: ApiError } | null>(null);

  useEffect(() => {
    let cancelled = false;
    call('events.get', { uid })
      .then((detail) => {
        if (!cancelled) setLoaded({ uid, detail });
      })
      .catch((caught: unknown) => {
        if (!cancelled) setFailed({ uid, error: toApiError(caught) });
      });
    return () => {
      cancelled = true;
    };
  }, [uid]);

  const detail = loaded?.uid === uid ? loaded.detail : null;
  const error = failed?.uid === uid ? failed.error : null;

  return (
    <aside
      className="detail-pane"
      aria-labelledby="event-detail-heading"
      aria-busy={!detail && !error}
      data-testid="event-detail"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="detail-bar">
        <h3 id="event-detail-heading">Event detail</h3>
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </div>
      <ErrorAlert error={error} />
      {detail ? <DetailBody detail={detail} timeZone={timeZone} /> : error ? null : <p className="muted">Loading…</p>}
    </aside>
  );
}

function Field({ name, children, mono = false }: { name: string; children: ReactNode; mono?: boolean }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd className={mono ? 'mono' : undefined}>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

function DetailBody({ detail, timeZone }: { detail: EventDetail; timeZone: string }) {
  const raw = prettyRaw(detail.raw);
  const { raw: _verbatim, ...event } = detail;
  const text = (value: string | null) => value || null;
  return (
    <>
      <dl className="detail-fields" data-testid="event-detail-fields">
        <Field name="When">
          <time dateTime={detail.occurredAt} title={utcTitle(detail.occurredAt)}>
            {formatInZone(detail.occurredAt, timeZone)}
          </time>
          <span className="cell-secondary"> {utcTitle(detail.occurredAt)}</span>
        </Field>
        <Field name="Event type" mono>
          {detail.action}
        </Field>
        <Field name="Category">{detail.category}</Field>
        <Field name="Severity">
          <span className={`severity severity-${detail.severity.toLowerCase()}`}>{detail.severity}</span>
        </Field>
        <Field name="Outcome">
          <span className={`outcome outcome-${detail.outcome}`}>{detail.outcome}</span>
        </Field>
        <Field name="Description">{text(detail.description)}</Field>
        <Field name="Actor kind">{detail.actor.kind}</Field>
        <Field name="Actor id" mono>
          {text(detail.actor.id)}
        </Field>
        <Field name="Actor name">{text(detail.actor.name)}</Field>
        <Field name="Actor email">{text(detail.actor.email)}</Field>
        <Field name="Subject kind">{text(detail.target.kind)}</Field>
        <Field name="Subject id" mono>
          {text(detail.target.id)}
        </Field>
        <Field name="Subject name">{text(detail.target.name)}</Field>
        <Field name="IP" mono>
          {text(detail.context.ip)}
        </Field>
        <Field name="User agent">{text(detail.context.userAgent)}</Field>
        <Field name="Request id" mono>
          {text(detail.context.requestId)}
        </Field>
        <Field name="Session id" mono>
          {text(detail.context.sessionId)}
        </Field>
        <Field name="Location">{text(detail.context.geo)}</Field>
        <Field name="Source" mono>
          {detail.sourceId}
        </Field>
        <Field name="Tenant event id" mono>
          {text(detail.eventId)}
        </Field>
        <Field name="Event uid" mono>
          <span data-testid="event-detail-uid">{detail.uid}</span> <CopyButton text={detail.uid} label="Copy uid" />
        </Field>
        <Field name="Import">{detail.importId === null ? null : `#${detail.importId}`}</Field>
        <Field name="Compliance tags">
          {detail.tags.length ? (
            <ul className="tag-list" aria-label="Compliance tags">
              {detail.tags.map((tag) => (
                <li key={tag} className="badge">
                  {tag}
                </li>
              ))}
            </ul>
          ) : null}
        </Field>
      </dl>
      <section className="detail-block" aria-labelledby="detail-data-heading">
        <div className="detail-block-bar">
          <h4 id="detail-data-heading">Details (as mapped)</h4>
          <CopyButton text={prettyJson(event)} label="Copy event as JSON" />
        </div>
        <pre className="detail-pre">{prettyJson(detail.data)}</pre>
      </section>
      <section className="detail-block" aria-labelledby="detail-raw-heading">
        <div className="detail-block-bar">
          <h4 id="detail-raw-heading">Original record {raw.json ? '(JSON, pretty-printed)' : '(verbatim)'}</h4>
          <CopyButton text={detail.raw} label="Copy original record" />
        </div>
        <pre className="detail-pre" data-testid="event-detail-raw">
          {raw.text}
        </pre>
      </section>
    </>
  );
}
