/** A schema migration: one file each, applied in one transaction, hashed once applied. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
