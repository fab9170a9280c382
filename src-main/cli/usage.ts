/** Usage errors exit 2; user-facing errors exit 1 with one line on stderr (DESIGN.md, "The CLI"). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `auditor — Auditor Workstation from a terminal

  auditor init      --workspace DIR --name "Client Q1" [--from D --to D] [--tz Area/City] [--json]
  auditor import    --workspace DIR [--format auto|ndjson|json|csv|xlsx] [--platform ID | --mapping FILE] FILE|FOLDER... [--json]
  auditor quarantine --workspace DIR [--import ID] [--json]
  auditor stats     --workspace DIR [filters] --json
  auditor query     --workspace DIR [filters] [--order desc|asc] [--format ndjson|csv|json|xlsx] [--limit N]
                        [--out FILE [--json]]
  auditor activity  --workspace DIR [--verify] [--json]
  auditor demo      --workspace DIR [--events N] [--seed S] [--json]
  auditor source    add --workspace DIR --name N --kind export-job|pull|okta|github --url URL --token-env VAR
                        [--proxy URL] [--option k=v]... [--interval MINUTES]
  auditor source    list|remove --workspace DIR [--name N] [--json]
  auditor sync      --workspace DIR [NAME...] [--json]

filters: --search TEXT --category C[,C] --severity S[,S] --min-severity S --type T[,T]
         --outcome O[,O] --actor ID|EMAIL --target ID|NAME --source ID[,ID] --ip IP|PREFIX
         --from ISO --to ISO
import reads each FILE, and every file in a FOLDER and its subfolders (in name order; hidden
files and symbolic links are skipped). quarantine lists the records an import rejected (all
imports' without --import), with file, line, reason and the start of the record.
query prints the events (newest first unless --order asc); --out FILE writes a new file
instead, as the app's Export does (never over an existing file; recorded in the activity log
with its SHA-256); xlsx needs --out.
The passphrase comes from AUDITOR_PASSPHRASE or an interactive prompt, never an argument.
Exit codes: 0 ok, 1 error (one line on stderr), 2 bad usage.`;
