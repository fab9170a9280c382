/**
 * The people, machines and things of the synthetic tenant "Northwind" (a `.example` domain,
 * RFC 2606). Built once and frozen: every event shares these objects, which keeps a
 * million-event run from allocating a million actors. Names include accents, Cyrillic and
 * Greek on purpose — exports carry them, and CSV/PDF output must survive them (doc 004 on
 * accented names in Excel).
 * Addresses come from the documentation ranges (RFC 5737: 192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24) and the private office range (RFC 1918), so no real host is named.
 */
import { SeededRandom } from './seededRandom';

export const TENANT_DOMAIN = 'northwind.example';

export interface ExportActor {
  readonly kind: 'user' | 'service' | 'api_key';
  readonly id: string;
  readonly label: string;
  readonly email: string | null;
}

export interface ExportTarget {
  readonly kind: string;
  readonly id: string;
  /** absent where the export gives none, as for sessions in doc 003's example */
  readonly label?: string;
}

export interface Geo {
  readonly city: string;
  readonly country: string;
}

export interface Person {
  readonly actor: ExportActor;
  /** the same person as the subject of someone else's action */
  readonly target: ExportTarget;
  readonly admin: boolean;
  readonly officeIp: string;
  readonly remoteIp: string;
  readonly remoteGeo: Geo;
  readonly userAgent: string;
}

export interface Machine {
  readonly actor: ExportActor;
  readonly ip: string;
  readonly userAgent: string;
}

export const OFFICE_GEO: Geo = Object.freeze({ city: 'Berlin', country: 'DE' });

// [label, email local part, administrator?]
const PEOPLE: readonly (readonly [string, string, boolean])[] = [
  ['Alice Martin', 'alice.martin', true],
  ['Zoë Müller', 'zoe.mueller', true],
  ['Дмитрий Иванов', 'dmitry.ivanov', false],
  ['José Álvarez', 'jose.alvarez', false],
  ['Søren Nielsen', 'soren.nielsen', false],
  ['Aiko Tanaka', 'aiko.tanaka', false],
  ['Chloé Dubois', 'chloe.dubois', false],
  ['Łukasz Nowak', 'lukasz.nowak', false],
  ['Анна Смирнова', 'anna.smirnova', false],
  ['Bjørn Halvorsen', 'bjorn.halvorsen', false],
  ['François Lefèvre', 'francois.lefevre', true],
  ['Priya Raman', 'priya.raman', false],
  ['Mateo Rossi', 'mateo.rossi', false],
  ['Noémie Girard', 'noemie.girard', false],
  ['Oğuz Yılmaz', 'oguz.yilmaz', false],
  ["Siobhán O'Brien", 'siobhan.obrien', false],
  ['Nguyễn Thị Lan', 'lan.nguyen', false],
  ['Jürgen Schäfer', 'juergen.schaefer', true],
  ['Fatima Zahra El Amrani', 'fatima.elamrani', false],
  ['Ólafur Jónsson', 'olafur.jonsson', false],
  ['Marta Kowalczyk', 'marta.kowalczyk', false],
  ['Ελένη Παπαδοπούλου', 'eleni.papadopoulou', false],
  ['Tomás Ferreira', 'tomas.ferreira', false],
  ['Emma Johansson', 'emma.johansson', false],
  ["Liam O'Connor", 'liam.oconnor', false],
  ['Ольга Петрова', 'olga.petrova', false],
  ['Kwame Mensah', 'kwame.mensah', false],
  ['Sofía Hernández', 'sofia.hernandez', false],
  ['Renée Lambert', 'renee.lambert', false],
  ['Mikael Virtanen', 'mikael.virtanen', false],
  ['Hana Nováková', 'hana.novakova', false],
  ['Zhang Wei', 'wei.zhang', false],
  ['Isabela Costa', 'isabela.costa', false],
  ['Ahmed Hassan', 'ahmed.hassan', false],
  ['Lena Fischer', 'lena.fischer', false],
  ['Čeněk Dvořák', 'cenek.dvorak', false],
  ['Inès Moreau', 'ines.moreau', false],
  ['Rafael Ortiz', 'rafael.ortiz', false],
  ['Greta Lindqvist', 'greta.lindqvist', false],
  ['Сергей Кузнецов', 'sergei.kuznetsov', false],
];

const REMOTE_GEOS: readonly Geo[] = [
  { city: 'Hamburg', country: 'DE' },
  { city: 'Vienna', country: 'AT' },
  { city: 'Lisbon', country: 'PT' },
  { city: 'Warsaw', country: 'PL' },
  { city: 'Lyon', country: 'FR' },
  { city: 'Copenhagen', country: 'DK' },
].map((geo) => Object.freeze(geo));

/** Where brute-force attempts come from (doc ranges only). */
export const ATTACKER_GEOS: readonly Geo[] = [
  { city: 'Unknown', country: 'ZZ' },
  { city: 'Amsterdam', country: 'NL' },
  { city: 'Singapore', country: 'SG' },
].map((geo) => Object.freeze(geo));

const BROWSERS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
];

export const ATTACKER_USER_AGENTS: readonly string[] = ['python-requests/2.31.0', 'curl/8.5.0', 'Hydra/9.5'];

// The cast is the same for every seed: only what happens to it varies.
const castRandom = new SeededRandom(0x0c457);

function castId(prefix: string): string {
  return `${prefix}_01J${castRandom.base32(23)}`;
}

function frozenTarget(kind: string, id: string, label: string): ExportTarget {
  return Object.freeze({ kind, id, label });
}

export const PEOPLE_CAST: readonly Person[] = PEOPLE.map(([label, local, admin], index) => {
  const id = castId('usr');
  return Object.freeze({
    actor: Object.freeze({ kind: 'user', id, label, email: `${local}@${TENANT_DOMAIN}` }),
    target: frozenTarget('user', id, label),
    admin,
    officeIp: `10.20.${1 + (index % 4)}.${20 + index}`,
    remoteIp: `198.51.100.${10 + index}`,
    remoteGeo: REMOTE_GEOS[index % REMOTE_GEOS.length] ?? OFFICE_GEO,
    userAgent: BROWSERS[index % BROWSERS.length] ?? '',
  });
});

export const ADMINS: readonly Person[] = PEOPLE_CAST.filter((person) => person.admin);

function machine(kind: 'service' | 'api_key', label: string, ip: string, userAgent: string): Machine {
  const actor: ExportActor = Object.freeze({ kind, id: castId(kind === 'service' ? 'svc' : 'key'), label, email: null });
  return Object.freeze({ actor, ip, userAgent });
}

export const SCIM_SERVICE = machine('service', 'Okta SCIM provisioning', '192.0.2.10', 'Okta SCIM Client 1.0');
export const DEPLOY_SERVICE = machine('service', 'Deploy pipeline (CI)', '192.0.2.20', 'GitHub-Actions-Runner/2.325.0');
export const BACKUP_SERVICE = machine('service', 'Backup exporter', '10.0.8.5', 'backup-agent/5.2.1');

export const API_KEYS: readonly Machine[] = [
  machine('api_key', 'Reporting integration', '198.51.100.200', 'python-requests/2.32.3'),
  machine('api_key', 'Data warehouse sync', '198.51.100.201', 'Fivetran/2.0'),
  machine('api_key', 'Zapier automation', '198.51.100.202', 'Zapier'),
  machine('api_key', 'Mobile app backend', '192.0.2.30', 'okhttp/4.12.0'),
];

const COMPANIES = [
  'Acme GmbH', 'Globex SA', 'Initech Ltd', 'Umbrella BV', 'Stark Industries', 'Wayne Enterprises',
  'Cyberdyne AG', 'Soylent Oy', 'Tyrell Corp', 'Hooli Inc', 'Vandelay Import', 'Müller & Söhne KG',
];

export const RECORDS: readonly ExportTarget[] = [
  ...COMPANIES.map((name) => frozenTarget('customer', castId('rec'), `Customer ${name}`)),
  ...Array.from({ length: 60 }, (_, i) => frozenTarget('invoice', castId('rec'), `Invoice INV-2026-${String(i + 1).padStart(4, '0')}`)),
  ...Array.from({ length: 25 }, (_, i) => frozenTarget('contract', castId('rec'), `Contract CTR-${String(310 + i)}`)),
  ...Array.from({ length: 40 }, (_, i) => frozenTarget('ticket', castId('rec'), `Ticket #${10_230 + i * 7}`)),
];

/** Doc 004 names hardware as "Hardware #142". */
export const HARDWARE: readonly ExportTarget[] = Array.from({ length: 40 }, (_, i) =>
  frozenTarget('hardware', castId('hw'), `Hardware #${120 + i}`),
);

const FILE_NAMES = [
  'Q1-board-deck.pdf', 'payroll-2026-03.xlsx', 'Vertrag_Müller_&_Söhne.docx', 'pentest-report-2026.pdf', 'customer-list.csv',
  'architecture-diagram.png', 'onboarding-checklist.docx', 'SOC2-evidence-CC6.zip', 'price-list-EU.xlsx', 'roadmap-H2.pptx',
  'incident-2026-02-postmortem.md', 'DPA-signed.pdf', 'brand-guidelines.pdf', 'hiring-plan.xlsx', 'expense-report-jan.pdf',
  'Договор_поставки.pdf', 'backup-restore-test.log', 'vendor-assessment.xlsx', 'travel-policy.pdf', 'api-spec-v3.yaml',
];

export const FILES: readonly ExportTarget[] = FILE_NAMES.map((name) => frozenTarget('file', castId('fil'), name));

export const STACKS: readonly ExportTarget[] = ['prod-eu-west-1', 'prod-us-east-1', 'staging-eu-west-1', 'analytics-eu-central-1', 'dr-eu-north-1'].map(
  (name) => frozenTarget('stack', castId('stk'), name),
);

export const AI_MODELS: readonly ExportTarget[] = ['assistant-large-2026-03', 'summarizer-small', 'embedder-v3'].map((name) =>
  frozenTarget('model', name, name),
);

export const JOBS: readonly ExportTarget[] = ['search-index-rebuild', 'usage-metering', 'webhook-retry', 'thumbnail-render'].map((name) =>
  frozenTarget('job', castId('job'), name),
);

export const RETENTION_JOB = frozenTarget('job', castId('job'), 'nightly-retention-prune');
export const BACKUP_TARGET = frozenTarget('backup', castId('bak'), 'nightly database snapshot');
export const RETENTION_POLICY = frozenTarget('retention_policy', 'audit-log', 'Audit log retention');
export const TENANT_TARGET = frozenTarget('tenant', castId('ten'), 'Northwind');

export const ROLES: readonly string[] = ['admin', 'it-admin', 'super-admin', 'billing-admin', 'auditor'];

export const ROLE_TARGETS: readonly ExportTarget[] = ['Support agent', 'Finance viewer', 'Project lead', 'Contractor'].map((name) =>
  frozenTarget('role', castId('rol'), name),
);

export const ALERTS: readonly ExportTarget[] = ['Critical AUTH events', 'Admin role changes', 'Mass download', 'API error spike'].map((name) =>
  frozenTarget('alert', castId('alr'), name),
);

export const PLANS: readonly ExportTarget[] = ['Business', 'Enterprise'].map((name) => frozenTarget('plan', name.toLowerCase(), name));

/** The API keys as the subject of an administrator's action. */
export const API_KEY_TARGETS: readonly ExportTarget[] = API_KEYS.map(({ actor }) => frozenTarget('api_key', actor.id, actor.label));
