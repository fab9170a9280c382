import type { ReactNode } from 'react';
import type { EventRow } from '../../../src-shared/event';
import { formatInZone, utcTitle } from '../../format';
import type { ColumnId } from './columns';

export function actorLabel(row: EventRow): string {
  return row.actor.name ?? row.actor.email ?? row.actor.id ?? (row.actor.kind === 'system' ? 'System' : '—');
}

export function targetLabel(row: EventRow): string {
  return row.target.name ?? ([row.target.kind, row.target.id].filter(Boolean).join(' ') || '—');
}

/** One cell's content and the full text for its title (cells are one line, ellipsised). */
export function cellContent(id: ColumnId, row: EventRow, timeZone: string): { content: ReactNode; title: string | undefined } {
  switch (id) {
    case 'when':
      return {
        content: (
          <time dateTime={row.occurredAt} title={utcTitle(row.occurredAt)}>
            {formatInZone(row.occurredAt, timeZone)}
          </time>
        ),
        title: undefined,
      };
    case 'category':
      return { content: row.category, title: undefined };
    case 'action':
      return { content: <span className="mono">{row.action}</span>, title: row.action };
    case 'severity':
      return { content: <span className={`severity severity-${row.severity.toLowerCase()}`}>{row.severity}</span>, title: undefined };
    case 'outcome':
      return { content: <span className={`outcome outcome-${row.outcome}`}>{row.outcome}</span>, title: undefined };
    case 'actor': {
      const name = actorLabel(row);
      const email = row.actor.email && row.actor.email !== name ? row.actor.email : null;
      return {
        content: (
          <>
            {name}
            {row.actor.kind === 'system' && name !== 'System' ? <span className="badge">System</span> : null}
            {email ? <span className="cell-secondary"> {email}</span> : null}
          </>
        ),
        title: [name, email, row.actor.id && row.actor.id !== name ? `id ${row.actor.id}` : null].filter(Boolean).join(' · '),
      };
    }
    case 'target': {
      const label = targetLabel(row);
      return { content: label, title: [row.target.kind, row.target.id, row.target.name].filter(Boolean).join(' · ') || undefined };
    }
    case 'source':
      return { content: row.sourceId, title: row.sourceId };
    case 'description':
      return { content: row.description, title: row.description };
  }
}
