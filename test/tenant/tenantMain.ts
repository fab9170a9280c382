/**
 * `npm run tenant`: a simulated tenant for trying sync without a real one. Prints one line per
 * API with its URL, and the token, then serves until Ctrl-C.
 *   --count N (default 50000)  --days N (default 90)  --seed N  --port N  --token T
 *   --retention-days N  --slow-ms N  --rate-limit-every N
 */
import { parseArgs } from 'node:util';
import { createTenantServer } from './tenantServer';

const DAY_MS = 86_400_000;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50000' },
    days: { type: 'string', default: '90' },
    seed: { type: 'string', default: '20260101' },
    port: { type: 'string', default: '0' },
    token: { type: 'string' },
    'retention-days': { type: 'string' },
    'slow-ms': { type: 'string' },
    'rate-limit-every': { type: 'string' },
  },
});

const to = Date.now();
const started = performance.now();
const tenant = await createTenantServer({
  seed: Number(values.seed),
  count: Number(values.count),
  from: to - Number(values.days) * DAY_MS,
  to,
  port: Number(values.port),
  ...(values.token !== undefined ? { token: values.token } : {}),
  ...(values['retention-days'] !== undefined ? { retentionDays: Number(values['retention-days']) } : {}),
  faults: {
    ...(values['slow-ms'] !== undefined ? { slowMs: Number(values['slow-ms']) } : {}),
    ...(values['rate-limit-every'] !== undefined ? { rateLimit: { every: Number(values['rate-limit-every']), retryAfterSeconds: 2 } } : {}),
  },
});
const from = new Date(tenant.population.fromMs).toISOString();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Simulated tenant: ${tenant.population.count.toLocaleString('en')} events from ${from} to ${new Date(tenant.population.toMs).toISOString()} (seed ${values.seed}, built in ${seconds} s)`);
console.log(`  export-job  ${tenant.urls.exportJobs}   (POST {report_type, format, from, to}; Authorization: Bearer <token>)`);
console.log(`  pull        ${tenant.urls.pull}?since=${from}   (also audit.csv, credentials.json|csv)`);
console.log(`  okta        ${tenant.urls.okta}?since=${from}&limit=1000   (Authorization: SSWS <token>)`);
console.log(`  github      ${tenant.urls.github}?phrase=created:>=${from.slice(0, 10)}&order=asc&per_page=100   (Authorization: token <token>)`);
console.log(`  token       ${tenant.token}`);
console.log(`Try: auditor source add --workspace DIR --name okta --kind okta --url ${tenant.url} --token-env TENANT_TOKEN`);
console.log('Ctrl-C stops it.');

const stop = (): void => {
  void tenant.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
