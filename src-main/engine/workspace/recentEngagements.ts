/**
 * The recent-engagements list of this computer (names and folders only: no keys, no
 * passphrases). Written atomically; an unreadable list is reported as empty, never deleted.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { recentEngagementSchema, type RecentEngagement } from '../../../src-shared/engagement';

const MAX_RECENT = 20;
const fileSchema = z.object({ items: z.array(recentEngagementSchema) });

export class RecentEngagements {
  constructor(private readonly stateDir: string | null) {}

  private get file(): string | null {
    return this.stateDir ? join(this.stateDir, 'recent-engagements.json') : null;
  }

  list(): RecentEngagement[] {
    if (!this.file) return [];
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.items : [];
    } catch {
      return [];
    }
  }

  private write(items: RecentEngagement[]): void {
    if (!this.file || !this.stateDir) return;
    mkdirSync(this.stateDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ items }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  touch(entry: Omit<RecentEngagement, 'lastOpenedAt' | 'remembered'> & { remembered?: boolean }): void {
    const items = this.list();
    const previous = items.find((i) => i.folder === entry.folder);
    const next: RecentEngagement = {
      id: entry.id,
      name: entry.name,
      folder: entry.folder,
      lastOpenedAt: new Date().toISOString(),
      remembered: entry.remembered ?? previous?.remembered ?? false,
    };
    this.write([next, ...items.filter((i) => i.folder !== entry.folder)].slice(0, MAX_RECENT));
  }

  setRemembered(folder: string, remembered: boolean): void {
    this.write(this.list().map((i) => (i.folder === folder ? { ...i, remembered } : i)));
  }

  isRemembered(folder: string): boolean {
    return this.list().some((i) => i.folder === folder && i.remembered);
  }
}
