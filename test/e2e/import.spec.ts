/**
 * The Import view in real Chromium, through the harness and the real engine: a zip of two
 * known platforms plus a CSV from an unknown tenant → review → map the CSV's columns → import
 * → summary with the quarantined row → re-import the zip as duplicates.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import yazl from 'yazl';
import { startPreview, type PreviewProcess } from './previewProcess';
import { DATASETS_DIR } from '../support/datasetsDir';
import { fileExportNdjson } from '../support/fileExportLines';

const DATASETS = DATASETS_DIR;
const OKTA = `${DATASETS}/okta_system_log/okta_system_log_events_from_cribl_raw.ndjson`;
const GITHUB = `${DATASETS}/github_audit/elastic_github_test-audit-json.log`;
const SCREENSHOT = resolve('test-results/import-summary.png');
const PASSPHRASE = 'correct horse battery staple';

/** Header on line 1, four good rows, then a row whose time cannot be read (line 6). */
const ACME_CSV = [
  'when,who,what,result',
  '2026-05-04 09:15:00,ana@acme.example,login,GRANTED',
  '2026-05-04 09:20:00,bo@acme.example,export.report,GRANTED',
  '2026-05-04 10:01:30,ana@acme.example,role.grant,REFUSED',
  '2026-05-04 11:45:00,cy@acme.example,logout,GRANTED',
  'yesterday-ish,bo@acme.example,login,GRANTED',
  '',
].join('\n');

let preview: PreviewProcess;

test.beforeAll(async () => {
  preview = await startPreview();
});

test.afterAll(async () => {
  await preview?.stop();
});

async function firstLines(path: string, count: number): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').slice(0, count);
}

/** The tenant export zip, built in memory from the datasets (never copied into the repo). */
async function tenantZip(): Promise<Buffer> {
  const okta = (await firstLines(OKTA, 5)).join('\n') + '\n';
  const github = `[\n${(await firstLines(GITHUB, 3)).join(',\n')}\n]\n`;
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2026, 4, 4, 12, 0, 0));
  zip.addBuffer(Buffer.from(okta), 'okta/part1.ndjson', { mtime });
  zip.addBuffer(Buffer.from(github), 'github/audit.json', { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function createEngagement(page: Page) {
  const form = page.getByRole('region', { name: 'New engagement' });
  await form.getByLabel('Client name').fill('Acme Import Review');
  await form.getByLabel('Period from').fill('2026-04-01');
  await form.getByLabel('Period to').fill('2026-06-30');
  await form.getByLabel('Time zone').selectOption('UTC');
  await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await form.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.locator('[data-engagement-state="open"]')).toBeVisible();
}

/** Counts events per source and outcome through the same channel the Events view uses. */
async function eventsBySource(page: Page): Promise<Record<string, Record<string, number>>> {
  return page.evaluate(async () => {
    const response = await fetch('/api/call/events.page', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 1000 }),
    });
    const body = (await response.json()) as { ok: boolean; value: { rows: { sourceId: string; outcome: string }[] } };
    const counts: Record<string, Record<string, number>> = {};
    for (const row of body.value.rows) {
      const bySource = (counts[row.sourceId] ??= {});
      bySource[row.outcome] = (bySource[row.outcome] ?? 0) + 1;
    }
    return counts;
  });
}

test('review, map an unknown CSV, import, read the quarantine, re-import as duplicates, reuse the mapping for a folder', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const zip = { name: 'tenant-export.zip', mimeType: 'application/zip', buffer: await tenantZip() };
  const csv = { name: 'acme-hr-audit.csv', mimeType: 'text/csv', buffer: Buffer.from(ACME_CSV) };

  await page.goto(preview.url);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  await createEngagement(page);
  await page.getByRole('tab', { name: 'Import' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Import' });
  await expect(panel.getByTestId('import-history')).toContainText('Nothing has been imported');

  await test.step('review shows Okta and GitHub detected and the CSV not recognised', async () => {
    await panel.getByLabel('Choose files').setInputFiles([zip, csv]);
    const review = panel.getByTestId('import-review');
    const zipRow = review.getByRole('row', { name: /tenant-export\.zip/ });
    await expect(zipRow).toContainText('okta/part1.ndjson: NDJSON → Okta System Log');
    await expect(zipRow).toContainText('github/audit.json: JSON → GitHub audit log');
    await expect(zipRow).toHaveAttribute('data-review-state', 'ready');
    const csvRow = review.getByRole('row', { name: /acme-hr-audit\.csv/ });
    await expect(csvRow).toContainText('CSV → not recognised');
    await expect(csvRow).toContainText('not recognised: choose a platform or map its columns');
    await expect(review.getByRole('button', { name: 'Start import' })).toBeDisabled();
    await expect(review.getByLabel('Format of tenant-export.zip')).toHaveValue('auto');
  });

  await test.step('map the CSV columns and save the profile', async () => {
    const review = panel.getByTestId('import-review');
    await review.getByLabel('Platform of acme-hr-audit.csv').selectOption({ label: 'Map columns…' });
    const form = panel.getByTestId('map-columns');
    await expect(form.getByRole('heading', { name: /Map columns — acme-hr-audit\.csv/ })).toBeFocused();
    await expect(form.getByText('2026-05-04 09:15:00,ana@acme.example,login,GRANTED')).toBeVisible();
    // profiles.suggest recognises "when" and "result"; "who" and "what" are the auditor's call.
    const time = form.getByRole('combobox', { name: 'Time (required)' });
    await expect(time).toHaveValue('when');
    await expect(form.getByRole('combobox', { name: 'Outcome', exact: true })).toHaveValue('result');
    await form.getByRole('combobox', { name: 'Action (required)' }).selectOption('what');
    await form.getByRole('combobox', { name: 'Actor email' }).selectOption('who');
    await form.getByRole('button', { name: 'Add outcome word' }).click();
    await expect(form.getByRole('textbox', { name: 'Outcome word 1' })).toHaveValue('GRANTED');
    await form.getByRole('button', { name: 'Add outcome word' }).click();
    await form.getByRole('textbox', { name: 'Outcome word 2' }).fill('REFUSED');
    await form.getByRole('combobox', { name: 'Means' }).nth(1).selectOption('denied');
    await form.getByLabel('Mapping name').fill('Acme HR');
    await expect(form.getByLabel('Source id')).toHaveValue('acme-hr');
    await form.getByRole('button', { name: 'Save mapping and use it' }).click();

    await expect(form).toHaveCount(0);
    await expect(review.getByLabel('Platform of acme-hr-audit.csv')).toBeFocused();
    await expect(review.getByLabel('Platform of acme-hr-audit.csv')).toHaveValue('profile:Acme HR');
    const csvRow = review.getByRole('row', { name: /acme-hr-audit\.csv/ });
    await expect(csvRow).toContainText('Will import with the column mapping “Acme HR”.');
    await expect(csvRow).toHaveAttribute('data-review-state', 'ready');
  });

  await test.step('import: the summary shows the counts and the quarantined row', async () => {
    await panel.getByRole('button', { name: 'Start import' }).click();
    await expect(panel.getByTestId('import-job')).toHaveAttribute('data-job-status', 'COMPLETED', { timeout: 60_000 });
    const summary = panel.getByTestId('import-summary');
    await expect(summary).toContainText('Imported 12 events from 2 files (0 duplicates, 1 rejected).');

    const zipRow = summary.getByRole('row', { name: /tenant-export\.zip/ });
    await expect(zipRow).toContainText('okta/part1.ndjson: NDJSON → Okta System Log');
    await expect(zipRow).toContainText('github/audit.json: JSON → GitHub audit log');
    await expect(zipRow.getByRole('cell').nth(1)).toHaveText(/^[0-9a-f]{12}…$/);
    await expect(zipRow.getByRole('cell').nth(1)).toHaveAttribute('title', /^[0-9a-f]{64}$/);
    await expect(zipRow.getByRole('cell').nth(3)).toHaveText('8');

    const csvRow = summary.getByRole('row', { name: /acme-hr-audit\.csv/ });
    await expect(csvRow.getByRole('cell').nth(0)).toHaveText('CSV → Acme HR');
    await expect(csvRow.getByRole('cell').nth(2)).toHaveText('5');
    await expect(csvRow.getByRole('cell').nth(3)).toHaveText('4');
    await expect(csvRow.getByRole('cell').nth(5)).toHaveText('1');
    await expect(csvRow).toContainText('4 events had no time zone and were read as UTC.');

    await csvRow.getByRole('button', { name: 'Quarantine (1)' }).click();
    await expect(csvRow.getByRole('button', { name: 'Quarantine (1)' })).toHaveAttribute('aria-expanded', 'true');
    const quarantine = summary.getByTestId('quarantine-list');
    const rejected = quarantine.locator('tbody tr');
    await expect(rejected).toHaveCount(1);
    await expect(rejected.getByRole('cell').nth(1)).toHaveText('6');
    await expect(rejected.getByRole('cell').nth(2)).toContainText(`field 'occurredAt' ("when") is not a timestamp`);
    await expect(rejected.locator('pre')).toContainText('yesterday-ish,bo@acme.example,login,GRANTED');

    // 5 Okta + 3 GitHub + 4 from the mapped CSV, its outcome words applied.
    const counts = await eventsBySource(page);
    expect(counts['acme-hr']).toEqual({ success: 3, denied: 1 });
    const known = Object.entries(counts).filter(([source]) => source !== 'acme-hr');
    expect(known.map(([, byOutcome]) => Object.values(byOutcome).reduce((a, b) => a + b, 0)).sort()).toEqual([3, 5]);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(SCREENSHOT);
  });

  await test.step('re-importing the same zip adds nothing and reports 8 duplicates', async () => {
    await panel.getByLabel('Choose files').setInputFiles([zip]);
    const review = panel.getByTestId('import-review');
    await expect(review.getByRole('row', { name: /tenant-export\.zip/ })).toContainText('Okta System Log');
    await review.getByRole('button', { name: 'Start import' }).click();
    await expect(panel.getByTestId('import-job')).toHaveAttribute('data-job-status', 'COMPLETED', { timeout: 60_000 });
    await expect(panel.getByTestId('import-summary')).toContainText('Imported 0 events from 1 file (8 duplicates, 0 rejected).');

    const history = panel.getByTestId('import-history');
    await expect(history.locator('tbody > tr:not(.quarantine-row)')).toHaveCount(3);
    await expect(history.getByRole('button', { name: 'Quarantine (1)' })).toHaveCount(1);
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Events' }).getByTestId('events-total')).toHaveText('12 events');
  });

  await test.step('a chosen folder reuses the saved column mapping', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aw-e2e-folder-'));
    try {
      const folder = join(root, 'acme-may');
      await mkdir(join(folder, 'hr'), { recursive: true });
      await writeFile(join(folder, 'hr', 'week-2.csv'), 'when,who,what,result\n2026-05-11 08:00:00,dee@acme.example,login,GRANTED\n2026-05-11 08:05:00,dee@acme.example,logout,GRANTED\n');
      await page.getByRole('tab', { name: 'Import' }).click();
      await panel.getByLabel('Choose folder').setInputFiles(folder);
      const review = panel.getByTestId('import-review');
      const row = review.getByRole('row', { name: /acme-may\/hr\/week-2\.csv/ });
      await expect(row).toContainText('not recognised: choose a platform or map its columns');
      await row.getByRole('combobox', { name: /^Platform of/ }).selectOption({ label: 'Acme HR' });
      await review.getByRole('button', { name: 'Start import' }).click();
      await expect(panel.getByTestId('import-job')).toHaveAttribute('data-job-status', 'COMPLETED', { timeout: 60_000 });
      await expect(panel.getByTestId('import-summary')).toContainText('Imported 2 events from 1 file (0 duplicates, 0 rejected).');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  await test.step('a folder of 230 exports lists 200 files and sums up the rest, and imports all of them', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aw-e2e-many-'));
    try {
      const folder = join(root, 'cloud-logs');
      await mkdir(folder);
      // Two records a file (one would read as a JSON document).
      const lines = fileExportNdjson({ count: 460 }).trim().split('\n');
      for (let i = 0; i < 230; i += 1) await writeFile(join(folder, `part-${String(i).padStart(3, '0')}.ndjson`), `${lines[2 * i]}\n${lines[2 * i + 1]}\n`);
      await page.getByRole('tab', { name: 'Import' }).click();
      await panel.getByLabel('Choose folder').setInputFiles(folder);
      const review = panel.getByTestId('import-review');
      await expect(review.getByTestId('review-summarised')).toContainText('30 more files, ready as detected: 30 × NDJSON → Audit-log file export');
      await expect(review.locator('tbody tr[data-review-state]')).toHaveCount(200);
      await review.getByRole('button', { name: 'Start import' }).click();
      await expect(panel.getByTestId('import-job')).toHaveAttribute('data-job-status', 'COMPLETED', { timeout: 60_000 });
      await expect(panel.getByTestId('import-summary')).toContainText('Imported 460 events from 230 files (0 duplicates, 0 rejected).');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  expect(problems, 'console errors, CSP violations or page errors').toEqual([]);
});
