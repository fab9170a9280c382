import { useState } from 'react';
import type { Job } from '../../src-shared/jobs';
import { useFollowedJob } from '../jobs/useFollowedJob';
import { repairNotice } from './repairNotice';

/**
 * Shown while the engine repairs the indexes a crash left behind (and once after, until
 * dismissed), so a slower filtered view or a waiting import has its reason on screen.
 */
export function RepairNotice({ onRepaired }: { onRepaired: () => void }) {
  const [dismissed, setDismissed] = useState<string | null>(null);
  const { job } = useFollowedJob('indexes', (finished: Job) => {
    if (finished.status === 'COMPLETED') onRepaired();
  }, undefined, { pickUpFinished: true });
  if (!job || dismissed === job.id) return null;
  const notice = repairNotice(job);
  return (
    <div className={`repair-notice ${notice.tone}`} role="status" aria-live="polite" data-testid="repair-notice" data-tone={notice.tone}>
      <p>{notice.text}</p>
      {notice.tone === 'working' ? (
        notice.percent !== null ? <progress max={100} value={notice.percent} aria-label="Index repair: progress" /> : <progress aria-label="Index repair: progress" />
      ) : (
        <button type="button" onClick={() => setDismissed(job.id)}>
          Dismiss
        </button>
      )}
    </div>
  );
}
