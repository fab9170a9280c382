import { describe, expect, it } from 'vitest';
import { utcIsoToZonedWall, zonedWallToUtcIso } from '../../../../src-renderer/views/events/zonedTime';

describe('date-range filter times in the engagement zone', () => {
  it('converts wall time in a zone to UTC, summer and winter', () => {
    expect(zonedWallToUtcIso('2026-05-01T09:30', 'Europe/Berlin')).toBe('2026-05-01T07:30:00.000Z');
    expect(zonedWallToUtcIso('2026-01-15T09:30', 'Europe/Berlin')).toBe('2026-01-15T08:30:00.000Z');
    expect(zonedWallToUtcIso('2026-01-15T09:30:15', 'America/New_York')).toBe('2026-01-15T14:30:15.000Z');
    expect(zonedWallToUtcIso('2026-01-15', 'UTC')).toBe('2026-01-15T00:00:00.000Z');
  });

  it('moves a time skipped by spring-forward ahead by the gap, and takes the first of a repeated hour', () => {
    expect(zonedWallToUtcIso('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedWallToUtcIso('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses text that is not a date, and an unknown zone', () => {
    expect(zonedWallToUtcIso('yesterday', 'UTC')).toBeNull();
    expect(zonedWallToUtcIso('2026-05-01T09:30', 'Mars/Olympus')).toBeNull();
  });

  it('shows a UTC bound back as the input value in the zone', () => {
    expect(utcIsoToZonedWall('2026-05-01T07:30:00.000Z', 'Europe/Berlin')).toBe('2026-05-01T09:30');
    expect(utcIsoToZonedWall('2026-05-01T07:30:05.123456Z', 'Europe/Berlin')).toBe('2026-05-01T09:30:05');
    expect(utcIsoToZonedWall('not a time', 'UTC')).toBe('');
    for (const wall of ['2026-03-29T03:15', '2026-10-25T01:59', '2026-12-31T23:00']) {
      expect(utcIsoToZonedWall(zonedWallToUtcIso(wall, 'Europe/Berlin') ?? '', 'Europe/Berlin')).toBe(wall);
    }
  });
});
