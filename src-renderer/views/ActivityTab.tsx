import { useEffect, useRef, useState } from 'react';
import type { ActivityEntry, ChainVerdict } from '../../src-shared/activity';
import { call, toApiError, type ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { compactJson, formatCount, formatInZone, shortHash, utcTitle } from '../format';

/** The workstation's own hash-chained log (DESIGN.md, "What the workstation records about itself"). */
export function ActivityTab({ timeZone, active, version }: { timeZone: string; active: boolean; version: number }) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [total, setTotal] = useState(0);
  const [verdict, setVerdict] = useState<ChainVerdict | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    if (!active) return;
    const mine = ++generation.current;
    call('activity.list', { limit: 1000 })
      .then((answer) => {
        if (generation.current !== mine) return;
        setEntries([...answer.entries].sort((a, b) => b.seq - a.seq));
        setTotal(answer.total);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (generation.current === mine) setError(toApiError(caught));
      });
  }, [active, version, reload]);

  const verify = async () => {
    setVerifying(true);
    setError(null);
    setVerdict(null);
    try {
      setVerdict(await call('activity.verify', {}));
      // Verifying is itself recorded: show the new entry.
      setReload((n) => n + 1);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <section aria-labelledby="activity-heading">
      <div className="section-bar">
        <h2 id="activity-heading">Activity</h2>
        <p className="count">{entries ? `${formatCount(total)} ${total === 1 ? 'entry' : 'entries'}` : ''}</p>
        <button type="button" onClick={() => void verify()} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify chain'}
        </button>
      </div>
      <p className="help">
        Every import, verification and engagement change is recorded here, each entry chained to the previous one by its
        SHA-256 hash.
      </p>
      {verdict ? <Verdict verdict={verdict} /> : null}
      <ErrorAlert error={error} />
      {entries && entries.length > 0 ? (
        <div className="table-wrap">
          <table className="data activity-table">
            <caption className="visually-hidden">Activity log, newest first, times in {timeZone}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">At ({timeZone})</th>
                <th scope="col">Action</th>
                <th scope="col">Details</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const details = compactJson(entry.details);
                return (
                  <tr key={entry.seq}>
                    <td className="num">{entry.seq}</td>
                    <td className="nowrap">
                      <time dateTime={entry.at} title={utcTitle(entry.at)}>
                        {formatInZone(entry.at, timeZone)}
                      </time>
                    </td>
                    <td className="mono">{entry.action}</td>
                    <td>
                      <code className="details" title={details}>
                        {details}
                      </code>
                    </td>
                    <td className="mono" title={entry.hash}>
                      {shortHash(entry.hash)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {entries && entries.length === 0 ? <p className="empty">No activity recorded yet.</p> : null}
    </section>
  );
}

function Verdict({ verdict }: { verdict: ChainVerdict }) {
  if (verdict.chain === 'intact') {
    return (
      <p className="verdict intact" role="status" data-testid="chain-verdict">
        Chain intact ({formatCount(verdict.entries)} {verdict.entries === 1 ? 'entry' : 'entries'})
      </p>
    );
  }
  return (
    <p className="verdict broken" role="alert" data-testid="chain-verdict">
      Chain broken at entry #{verdict.firstBroken.seq}: {verdict.firstBroken.reason}
    </p>
  );
}
