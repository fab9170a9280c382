/**
 * The foundation slice in real Chromium, through the harness and the real engine:
 * create → import → browse → activity + verify → close → wrong passphrase → reopen → reopen
 * after a crash (the index repair's notice).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPreview, type PreviewProcess } from './previewProcess';

const FIXTURE = resolve('test/fixtures/file-export-sample.ndjson');
const SCREENSHOT = resolve('test-results/foundation-events.png');
const MARKER = 'MARKER-PLAINTEXT-7f3a';
const CLIENT = 'Northwind Zoë Traders Q2';
const PASSPHRASE = 'correct horse battery staple';

let preview: PreviewProcess;

test.beforeAll(async () => {
  preview = await startPreview();
});

test.afterAll(async () => {
  await preview?.stop();
});

/** Every file under a folder, recursively. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('create, import, browse, audit, close and reopen an engagement', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const fixture = await readFile(FIXTURE);
  const fixtureSha = createHash('sha256').update(fixture).digest('hex');
  const folder = `${preview.workspace}/northwind-zoe-traders-q2`;

  await test.step('the token link opens the app', async () => {
    await page.goto(preview.url);
    await expect(page).toHaveURL(`${preview.origin}/`);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    // The session cookie is HttpOnly: no script on the page can read it.
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  await test.step('create an engagement', async () => {
    const form = page.getByRole('region', { name: 'New engagement' });
    await form.getByLabel('Client name').fill(CLIENT);
    await form.getByLabel('Period from').fill('2026-04-01');
    await form.getByLabel('Period to').fill('2026-06-30');
    await form.getByLabel('Time zone').selectOption('Europe/Berlin');
    await expect(form.getByLabel('Folder')).toHaveValue(folder);
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Repeat passphrase').fill('something else');
    await expect(form.getByText('The passphrases do not match.')).toBeVisible();
    await form.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await expect(form.getByText('The passphrases do not match.')).toHaveCount(0);
    // The OS keychain exists only in Electron.
    await expect(page.getByLabel('Remember on this computer')).toHaveCount(0);
    await form.getByRole('button', { name: 'Create engagement' }).click();

    await expect(page.locator('[data-engagement-state="open"]')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(CLIENT);
    await expect(page.getByText('2026-04-01 – 2026-06-30', { exact: true })).toBeVisible();
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByTestId('events-total')).toHaveText('0 events');
  });

  await test.step('import the NDJSON export', async () => {
    const eventsTab = page.getByRole('tab', { name: 'Events' });
    await eventsTab.focus();
    await page.keyboard.press('ArrowRight');
    const importTab = page.getByRole('tab', { name: 'Import' });
    await expect(importTab).toHaveAttribute('aria-selected', 'true');
    await expect(importTab).toBeFocused();

    const panel = page.getByRole('tabpanel', { name: 'Import' });
    await panel.getByLabel('Choose files').setInputFiles(FIXTURE);
    await panel.getByRole('button', { name: 'Start import' }).click();
    const summary = panel.getByTestId('import-summary');
    await expect(summary).toContainText('Imported 25 events from 1 file (0 duplicates, 0 rejected).', { timeout: 60_000 });
    const row = summary.getByRole('row', { name: new RegExp(basename(FIXTURE).replace('.', '\\.')) });
    await expect(row.getByRole('cell').nth(1)).toHaveText(fixtureSha.slice(0, 12) + '…');
    await expect(row.getByRole('cell').nth(1)).toHaveAttribute('title', fixtureSha);
    await expect(row.getByRole('cell').nth(3)).toHaveText('25');
  });

  await test.step('the events list shows the import in the engagement time zone', async () => {
    await page.getByRole('tab', { name: 'Events' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Events' });
    await expect(panel.getByTestId('events-total')).toHaveText('25 events');
    await expect(panel.getByRole('grid')).toHaveAttribute('aria-rowcount', '26');
    await expect(panel.getByRole('gridcell', { name: 'admin.role_assigned' }).first()).toBeVisible();
    await expect(panel.getByText('Zoë Müller').first()).toBeVisible();
    // 2026-05-17T08:00:00.000001Z is 10:00 in Berlin (CEST, +02:00); UTC stays in the title.
    const newest = panel.locator('[role="row"][aria-rowindex="2"] time');
    await expect(newest).toHaveText('2026-05-17 10:00:00 +02:00');
    await expect(newest).toHaveAttribute('title', '2026-05-17T08:00:00.000001Z (UTC)');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(SCREENSHOT);
  });

  await test.step('the activity log records the import and its chain verifies', async () => {
    await page.getByRole('tab', { name: 'Activity' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Activity' });
    const importEntry = panel.getByRole('row').filter({ hasText: 'import.completed' });
    await expect(importEntry).toHaveCount(1);
    await expect(importEntry).toContainText(basename(FIXTURE));
    await panel.getByRole('button', { name: 'Verify chain' }).click();
    await expect(panel.getByTestId('chain-verdict')).toHaveText(/^Chain intact \(\d+ entries\)$/);
  });

  await test.step('no file in the engagement folder holds the events in plaintext', async () => {
    for (const file of await filesUnder(folder)) {
      const bytes = await readFile(file);
      // A verbatim copy of the original export is evidence, not a leak of the database.
      if (createHash('sha256').update(bytes).digest('hex') === fixtureSha) continue;
      expect(bytes.includes(MARKER), `${file} contains the marker in plaintext`).toBe(false);
    }
  });

  await test.step('close the engagement', async () => {
    await page.getByRole('button', { name: 'Close engagement' }).click();
    await expect(page.getByRole('heading', { name: 'Recent engagements' })).toBeVisible();
    await expect(page.locator('[data-engagement-state="open"]')).toHaveCount(0);
  });

  await test.step('a wrong passphrase is refused in words', async () => {
    await page.getByRole('button', { name: new RegExp(CLIENT) }).click();
    const form = page.getByRole('region', { name: 'Open engagement' });
    await expect(form.getByLabel('Engagement folder')).toHaveValue(folder);
    const passphrase = form.getByLabel('Passphrase');
    await expect(passphrase).toBeFocused();
    await passphrase.fill('not the passphrase');
    await form.getByRole('button', { name: 'Open engagement' }).click();
    await expect(form.getByRole('alert')).toContainText('Wrong passphrase');
    await expect(page.locator('[data-engagement-state="open"]')).toHaveCount(0);
  });

  await test.step('the right passphrase reopens it with its events', async () => {
    const form = page.getByRole('region', { name: 'Open engagement' });
    await form.getByLabel('Passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Open engagement' }).click();
    await expect(page.locator('[data-engagement-state="open"]')).toBeVisible();
    await page.getByRole('tab', { name: 'Events' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Events' });
    await expect(panel.getByTestId('events-total')).toHaveText('25 events');
    await expect(panel.getByRole('gridcell', { name: 'user.sign_in_failed' }).first()).toBeVisible();
  });

  await test.step('after a crash, the index repair is shown and its result recorded', async () => {
    await page.getByRole('button', { name: 'Close engagement' }).click();
    await expect(page.getByRole('heading', { name: 'Recent engagements' })).toBeVisible();
    // What a kill during a bulk import leaves: an index without its trigger, and emptied.
    const crash = spawnSync(process.execPath, [resolve('dist/harness/simulateCrash.js'), folder, 'ix_actor'], { encoding: 'utf8', env: { ...process.env, AUDITOR_PASSPHRASE: PASSPHRASE } });
    expect(crash.status, crash.stderr).toBe(0);
    await page.getByRole('button', { name: new RegExp(CLIENT) }).click();
    const form = page.getByRole('region', { name: 'Open engagement' });
    await form.getByLabel('Passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Open engagement' }).click();
    const notice = page.getByTestId('repair-notice');
    await expect(notice).toHaveAttribute('data-tone', 'done');
    await expect(notice).toContainText('Indexes are up to date after the interrupted import: rebuilt 1 browse index.');
    await page.getByRole('tab', { name: 'Activity' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Activity' })).toContainText('indexes.rebuilt');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    // The import the crash cut short says so, and what to do about it.
    await page.getByRole('tab', { name: 'Import' }).click();
    const status = page.getByTestId('import-history').locator('.import-status').first();
    await expect(status).toHaveText('interrupted');
    await expect(status).toHaveAttribute('title', /import the file again to add the rest/);
    // Importing it again from the history goes through the review step and adds nothing twice.
    const importPanel = page.getByRole('tabpanel', { name: 'Import' });
    await importPanel.getByRole('button', { name: `Import ${basename(FIXTURE)} again` }).click();
    await importPanel.getByRole('button', { name: 'Start import' }).click();
    await expect(importPanel.getByTestId('import-summary')).toContainText('Imported 0 events from 1 file (25 duplicates, 0 rejected).', { timeout: 60_000 });
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Events' }).getByTestId('events-total')).toHaveText('25 events');
  });

  expect(problems, 'console errors, CSP violations or page errors').toEqual([]);
});
