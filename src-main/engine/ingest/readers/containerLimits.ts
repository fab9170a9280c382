/**
 * Caps on what an untrusted container may expand to. A zip or gzip is a program for producing
 * bytes; these bound how many it may produce before we stop reading it. Compression ratios of
 * real audit exports are far below the ratio cap (CloudTrail JSON ≈ 10–20×, repetitive CSV
 * rarely above 60×); a zip bomb is 1,000× and more.
 */
import { AppError } from '../../../../src-shared/errors';

export interface ContainerLimits {
  /** entries in one zip (its central directory), directories included */
  maxEntries: number;
  /** bytes produced by all parts of one input together */
  maxTotalUncompressed: number;
  /** uncompressed ÷ compressed bytes of one entry (or gzip stream), once it produced RATIO_GRACE_BYTES */
  maxRatio: number;
  /** bytes produced by one entry (or gzip stream) */
  maxEntryUncompressed: number;
}

const GiB = 1024 * 1024 * 1024;

export const DEFAULT_CONTAINER_LIMITS: ContainerLimits = {
  maxEntries: 10_000,
  maxTotalUncompressed: 50 * GiB,
  maxRatio: 200,
  maxEntryUncompressed: 20 * GiB,
};

/** Small entries may compress extremely well (a file of spaces); the ratio applies past this size. */
export const RATIO_GRACE_BYTES = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(bytes % GiB === 0 ? 0 : 1)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** What all parts of one input have produced so far, against its limits. */
export class ExpansionBudget {
  totalOut = 0;
  readonly limits: ContainerLimits;

  constructor(
    readonly file: string,
    limits: Partial<ContainerLimits> | undefined,
  ) {
    this.limits = { ...DEFAULT_CONTAINER_LIMITS, ...limits };
  }

  /**
   * Accounts `added` more bytes produced by the part `what` (which has now produced `out` from
   * `compressedIn`), and refuses once a cap is passed. `declared` is the size the container's
   * header claimed for it, when it claimed one.
   */
  check(what: string, added: number, out: number, compressedIn: number, declared: number | null): void {
    this.totalOut += added;
    const { maxEntryUncompressed, maxTotalUncompressed, maxRatio } = this.limits;
    if (declared !== null && out > declared) {
      throw new AppError('FORBIDDEN', `${what} expands beyond the ${formatBytes(declared)} its header declares; reading stopped (possible zip bomb)`);
    }
    if (out > maxEntryUncompressed) {
      throw new AppError('FORBIDDEN', `${what} expands beyond ${formatBytes(maxEntryUncompressed)} (maxEntryUncompressed); reading stopped`);
    }
    if (this.totalOut > maxTotalUncompressed) {
      throw new AppError('FORBIDDEN', `${this.file} expands beyond ${formatBytes(maxTotalUncompressed)} in total (maxTotalUncompressed); reading stopped at ${what}`);
    }
    if (out > RATIO_GRACE_BYTES && out > maxRatio * Math.max(compressedIn, 1)) {
      throw new AppError(
        'FORBIDDEN',
        `${what} expands more than ${maxRatio}× (${formatBytes(out)} from ${formatBytes(compressedIn)} compressed; maxRatio); reading stopped (possible zip bomb)`,
      );
    }
  }
}
