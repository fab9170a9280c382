/** What a route handler gets from the server for one request. */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultName, FaultState } from './faults';
import type { Population, TenantEvent } from './population';

export interface PageLimits {
  /** Okta `limit`: default 100, at most this (Okta's own maximum is 1000) */
  okta: number;
  /** GitHub `per_page`: default 30, at most this (GitHub's own maximum is 100) */
  github: number;
  /** pull API `limit` (our assumption; doc 002 has no paging): at most this */
  pull: number;
}

export interface ApiContext {
  url: URL;
  method: string;
  headers: IncomingHttpHeaders;
  /** the server's own address, for links */
  baseUrl: string;
  population: Population;
  faults: FaultState;
  pageLimits: PageLimits;
  workspaceSlug: string;
  org: string;
  now(): number;
  /** retention in days for the pull API, or null for none */
  retentionDays(): number | null;
  served(event: TenantEvent): void;
  count(fault: FaultName): void;
  body(): Promise<string>;
}

/** A positive integer parameter, clamped to [1, max], or the default when absent; null when malformed. */
export function intParam(value: string | null, fallback: number, max: number): number | null {
  if (value === null || value === '') return Math.min(fallback, max);
  if (!/^\d+$/.test(value)) return null;
  return Math.max(1, Math.min(Number(value), max));
}

/** Milliseconds of an ISO-8601 parameter; undefined when absent, NaN when malformed. */
export function timeParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  return Date.parse(value);
}
