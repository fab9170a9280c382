import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-sources';
import { migration0003 } from './0003-views';
import { migration0004 } from './0004-rollups';
import { migration0005 } from './0005-own-indexes';
import { migration0006 } from './0006-search-merge';
import type { Migration } from './migration';

/** In order; a new migration is a new file appended here, never an edit of an applied one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];
