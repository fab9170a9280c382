/**
 * The event viewer in real Chromium over a 1,000,000-event demo engagement, through the
 * harness and the real engine: the grid spans the whole result (its end shows the very last
 * event), filters land in the route and survive a reload, a saved view restores them, the
 * detail pane shows the original record, and an export of the filtered result matches what
 * `auditor query` prints for the same filter.
 *
 * The demo takes a minute or two to generate; AW_BROWSE_DEMO=/path/to/folder reuses one made
 * with `AUDITOR_PASSPHRASE='demo passphrase' npx auditor demo --workspace /path/to/folder --events 1000000`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { startPreview, type PreviewProcess } from './previewProcess';

const EVENTS = 1_000_000;
const PASSPHRASE = 'demo passphrase';
const AUDITOR = resolve('bin/auditor.js');
const SCREENSHOT = resolve('test-results/browse-events.png');

interface Row {
  uid: string;
}

let preview: PreviewProcess;
let demoFolder: string;
let scratch: string | null = null;

/** Runs the CLI (the project's Node 22, as for the harness) and answers its stdout. */
function auditor(args: string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [AUDITOR, ...args], { env: { ...process.env, AUDITOR_PASSPHRASE: PASSPHRASE }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`auditor ${args.join(' ')} exited ${code}\n${err}`))));
  });
}

test.beforeAll(async () => {
  // Generating a million events takes a minute or two.
  test.setTimeout(600_000);
  const reuse = process.env.AW_BROWSE_DEMO;
  if (reuse && existsSync(join(reuse, 'keys.json'))) {
    demoFolder = reuse;
  } else {
    scratch = await mkdtemp(join(tmpdir(), 'aw-e2e-browse-'));
    demoFolder = join(scratch, 'demo');
    await auditor(['demo', '--workspace', demoFolder, '--events', String(EVENTS)]);
  }
  preview = await startPreview();
});

test.afterAll(async () => {
  await preview?.stop();
  if (scratch && !process.env.AW_KEEP_E2E_WORKSPACE) await rm(scratch, { recursive: true, force: true });
});

/** A channel called the way the grid calls it (same origin, session cookie). */
async function api<T>(page: Page, channel: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ([name, request]) => {
      const response = await fetch(`/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      const answer = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!answer.ok) throw new Error(`${name}: ${answer.error?.message}`);
      return answer.value;
    },
    [channel, body] as const,
  ) as Promise<T>;
}

/** Waits until the rows on screen are real rows (no placeholders) and answers the last one shown. */
async function settledRows(grid: Locator): Promise<void> {
  await expect(grid).toHaveAttribute('data-placeholders', '0');
  await expect(grid.locator('[data-placeholder]')).toHaveCount(0);
}

test('browse a million events: scroll to the end, filter, search, detail, saved view, export', async ({ page }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const panel = page.getByRole('tabpanel', { name: 'Events' });
  const grid = panel.getByRole('grid');
  const total = panel.getByTestId('events-total');
  let lastUid = '';

  await test.step('open the demo engagement and show the events', async () => {
    await page.goto(preview.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    const form = page.getByRole('region', { name: 'Open engagement' });
    await form.getByLabel('Engagement folder').fill(demoFolder);
    await form.getByLabel('Passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Open engagement' }).click();
    // The first open of a fresh demo may still apply migrations over its million rows.
    await expect(page.locator('[data-engagement-state="open"]')).toBeVisible({ timeout: 120_000 });
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page).toHaveURL(/#\/events$/);
    await expect(total).toHaveText('1,000,000 events');
    await expect(grid).toHaveAttribute('aria-rowcount', String(EVENTS + 1));
    await settledRows(grid);
    // Newest first, in the engagement's zone with its offset; UTC on hover.
    const first = grid.locator('[role="row"][aria-rowindex="2"]');
    const newest = await api<{ rows: (Row & { occurredAt: string })[] }>(page, 'events.window', { offset: 0, limit: 1 });
    await expect(first).toHaveAttribute('data-uid', newest.rows[0]?.uid ?? '');
    await expect(first.locator('time')).toHaveText(/^2026-0[67]-\d\d \d\d:\d\d:\d\d \+02:00$/);
    await expect(first.locator('time')).toHaveAttribute('title', `${newest.rows[0]?.occurredAt} (UTC)`);
  });

  await test.step('dragging the scrollbar to its end shows the very last event', async () => {
    const oldest = await api<{ rows: Row[] }>(page, 'events.window', { offset: EVENTS - 1, limit: 1 });
    lastUid = oldest.rows[0]?.uid ?? '';
    expect(lastUid).toMatch(/^[0-9a-f]{32}$/);
    // Where the scrollbar's thumb ends up when dragged all the way down.
    await grid.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await settledRows(grid);
    await expect(grid).toHaveAttribute('data-end-visible', String(EVENTS));
    await expect(grid.locator(`[role="row"][aria-rowindex="${EVENTS + 1}"]`)).toHaveAttribute('data-uid', lastUid);
    // And halfway down is halfway through the result.
    await grid.evaluate((element) => {
      element.scrollTop = (element.scrollHeight - element.clientHeight) / 2;
    });
    await settledRows(grid);
    const middle = Number(await grid.getAttribute('data-first-visible'));
    expect(Math.abs(middle - EVENTS / 2)).toBeLessThan(100);
  });

  await test.step('Home and End move through the whole result from the keyboard', async () => {
    await grid.focus();
    await page.keyboard.press('Home');
    await settledRows(grid);
    await expect(grid).toHaveAttribute('data-first-visible', '0');
    await page.keyboard.press('End');
    await settledRows(grid);
    const active = await grid.getAttribute('aria-activedescendant');
    await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-rowindex', String(EVENTS + 1));
    await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('data-uid', lastUid);
    await page.keyboard.press('ArrowUp');
    await expect(page.locator(`[id="${await grid.getAttribute('aria-activedescendant')}"]`)).toHaveAttribute('aria-rowindex', String(EVENTS));
    await page.keyboard.press('Home');
  });

  const filter = { categories: ['AUTH', 'SECURITY'], minSeverity: 'ERROR' };
  let filteredTotal = 0;
  await test.step('filter by category and severity: the count follows and the route keeps the filter', async () => {
    const bar = panel.getByTestId('filter-bar');
    await bar.getByRole('button', { name: /^Category/ }).click();
    await bar.getByRole('checkbox', { name: 'AUTH' }).check();
    await bar.getByRole('checkbox', { name: 'SECURITY' }).check();
    await page.keyboard.press('Escape');
    await bar.getByRole('button', { name: /^Severity/ }).click();
    await bar.getByLabel('At or above').selectOption('ERROR');
    await page.keyboard.press('Escape');
    await expect(bar.getByRole('button', { name: 'Category (2)' })).toBeVisible();
    const expected = await api<{ total: number }>(page, 'events.count', { filter });
    filteredTotal = expected.total;
    expect(filteredTotal).toBeGreaterThan(0);
    expect(filteredTotal).toBeLessThan(EVENTS);
    await expect(total).toHaveText(`${filteredTotal.toLocaleString('en-US')} events`);
    await expect(page).toHaveURL(/#\/events\?v=/);
    await settledRows(grid);
    for (const row of await grid.locator('[data-uid]').all()) {
      await expect(row.getByRole('gridcell').nth(1)).toHaveText(/^(AUTH|SECURITY)$/);
      await expect(row.locator('.severity')).toHaveText(/^(ERROR|CRITICAL)$/);
    }
    await expect(panel.getByRole('button', { name: 'Clear filters' })).toBeVisible();
  });

  const searched = { ...filter, search: 'brute' };
  let searchedTotal = 0;
  await test.step('search a word ("/" focuses the search)', async () => {
    await grid.focus();
    await page.keyboard.press('/');
    const search = panel.getByRole('searchbox', { name: 'Search' });
    await expect(search).toBeFocused();
    await page.keyboard.type('brute');
    const expected = await api<{ total: number }>(page, 'events.count', { filter: searched });
    searchedTotal = expected.total;
    expect(searchedTotal).toBeGreaterThan(0);
    await expect(total).toHaveText(`${searchedTotal.toLocaleString('en-US')} ${searchedTotal === 1 ? 'event' : 'events'}`);
    await settledRows(grid);
    await expect(grid.locator('[data-uid]').first().locator('.cell-description')).toContainText(/brute/i);
  });

  await test.step('the filter survives a reload (a bookmark restores the view)', async () => {
    await page.reload();
    await expect(page.locator('[data-engagement-state="open"]')).toBeVisible();
    await expect(total).toHaveText(`${searchedTotal.toLocaleString('en-US')} ${searchedTotal === 1 ? 'event' : 'events'}`);
    await expect(panel.getByRole('searchbox', { name: 'Search' })).toHaveValue('brute');
  });

  await test.step('open an event: every field, the compliance tags and the original record; Escape closes', async () => {
    await settledRows(grid);
    const row = grid.locator('[data-uid]').first();
    const uid = await row.getAttribute('data-uid');
    await row.click();
    const detail = panel.getByTestId('event-detail');
    await expect(detail.getByTestId('event-detail-uid')).toHaveText(uid ?? '');
    await expect(detail.getByTestId('event-detail-fields')).toContainText('Compliance tags');
    const raw = detail.getByTestId('event-detail-raw');
    await expect(raw).toContainText('"type": ');
    await expect(detail.getByRole('button', { name: 'Copy original record' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await expect(grid).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('event-detail')).toBeVisible();
    await page.keyboard.press('Escape');
  });

  await test.step('columns: hide one and move another, kept over a reload', async () => {
    await panel.getByRole('button', { name: /^Columns/ }).click();
    const menu = panel.getByTestId('columns-menu');
    await menu.getByRole('checkbox', { name: 'Show Source' }).uncheck();
    await menu.getByRole('button', { name: 'Move Description up' }).click();
    await menu.getByRole('button', { name: 'Move Description up' }).click();
    await page.keyboard.press('Escape');
    const headers = grid.getByRole('columnheader');
    await expect(headers).toHaveCount(8);
    await expect(headers.last()).toHaveText('Subject');
    await page.reload();
    await expect(grid.getByRole('columnheader')).toHaveCount(8);
    await expect(grid.getByRole('columnheader').nth(6)).toHaveText('Description');
  });

  await test.step('a saved view restores filter and columns after Clear filters', async () => {
    const views = panel.getByTestId('saved-views');
    await views.getByRole('button', { name: /^Saved views/ }).click();
    await views.getByLabel('Name for this view').fill('Auth and security errors');
    await views.getByRole('button', { name: 'Save view' }).click();
    await expect(views.getByRole('status')).toHaveText('Saved “Auth and security errors”.');
    await page.keyboard.press('Escape');
    await panel.getByRole('button', { name: 'Clear filters' }).click();
    await expect(total).toHaveText('1,000,000 events');
    await expect(panel.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
    await views.getByRole('button', { name: /^Saved views/ }).click();
    await views.getByRole('button', { name: 'Apply view Auth and security errors' }).click();
    await expect(total).toHaveText(`${searchedTotal.toLocaleString('en-US')} ${searchedTotal === 1 ? 'event' : 'events'}`);
    await expect(grid.getByRole('columnheader')).toHaveCount(8);
  });

  let exported = { path: '', rows: 0 };
  await test.step('export the filtered result as CSV', async () => {
    const exporter = panel.getByTestId('export-panel');
    await exporter.getByRole('button', { name: /^Export/ }).click();
    await expect(exporter.getByLabel('Format')).toHaveValue('csv');
    await expect(exporter.getByLabel('Save as (absolute path)')).toHaveValue(/\.csv$/);
    await exporter.getByRole('button', { name: 'Start export' }).click();
    await expect(exporter.getByTestId('export-job')).toHaveAttribute('data-job-status', 'COMPLETED', { timeout: 120_000 });
    const path = (await exporter.getByTestId('export-path').textContent()) ?? '';
    await expect(exporter.getByTestId('export-rows')).toHaveText(searchedTotal.toLocaleString('en-US'));
    await expect(exporter.getByTestId('export-sha256')).toContainText(/[0-9a-f]{64}/);
    exported = { path, rows: searchedTotal };
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(SCREENSHOT);
  });

  await test.step('close, then the CLI agrees: the same rows, the same first and last, the same last event', async () => {
    await page.getByRole('button', { name: 'Close engagement' }).click();
    await expect(page.locator('[data-engagement-state="open"]')).toHaveCount(0);

    const records = parse(await readFile(exported.path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(records).toHaveLength(exported.rows);
    const cli = (
      await auditor(['query', '--workspace', demoFolder, '--category', 'AUTH,SECURITY', '--min-severity', 'ERROR', '--search', 'brute', '--format', 'ndjson'])
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row);
    expect(cli).toHaveLength(records.length);
    expect(records[0]?.uid).toBe(cli[0]?.uid);
    expect(records.at(-1)?.uid).toBe(cli.at(-1)?.uid);

    const oldest = JSON.parse((await auditor(['query', '--workspace', demoFolder, '--order', 'asc', '--limit', '1'])).trim()) as Row;
    expect(oldest.uid).toBe(lastUid);
  });

  expect(problems, 'console errors, CSP violations or page errors').toEqual([]);
});
