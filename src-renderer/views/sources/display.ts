/** Words and times the Sources view shows. */

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "14:05" on this computer's clock: the interval runs on this computer, not in the engagement's zone. */
export function formatClock(ms: number): string {
  return clock.format(new Date(ms));
}

const PHASES: Readonly<Record<string, string>> = {
  queued: 'Waiting',
  sync: 'Pulling events',
  indexing: 'Updating the search indexes',
};

export function phaseName(phase: string): string {
  return PHASES[phase] ?? phase;
}
