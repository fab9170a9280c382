/**
 * The dashboard in real Chromium, through the harness and the real engine, over a seeded demo
 * engagement of 20,000 events made by the `auditor` CLI: the cards and chips equal what
 * `events.stats` / `events.count` answer for the same range; "last 7 days" counts back from
 * the latest event; the histogram holds every event; brushing and a category chip land in the
 * viewer with that filter in the URL hash (#/events?v=…); log coverage lists each source.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startPreview, type PreviewProcess } from './previewProcess';

const SCREENSHOT = resolve('test-results/dashboard.png');
const PASSPHRASE = 'dashboard demo passphrase';
const EVENTS = 20_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// The demo engagement's period (src-main/engine/demo/syntheticTenant.ts DEMO_DEFAULTS), as whole UTC days.
const PERIOD = { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' };

let preview: PreviewProcess;
let folder: string;

test.beforeAll(async () => {
  preview = await startPreview();
  folder = `${preview.workspace}/dashboard-demo`;
  const made = spawnSync(process.execPath, [resolve('bin/auditor.js'), 'demo', '--workspace', folder, '--events', String(EVENTS)], {
    env: { ...process.env, AUDITOR_PASSPHRASE: PASSPHRASE },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (made.status !== 0) throw new Error(`auditor demo failed (${made.status}): ${made.stderr}`);
});

test.afterAll(async () => {
  await preview?.stop();
});

/** Calls a channel the way the page does (same origin, the harness's session cookie). */
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

interface Stats {
  total: number;
  byCategory: Record<string, number>;
  bySeverity: Record<string, number>;
}

async function numberIn(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

/** The filter of the viewer route the page is on. */
function viewerFilter(url: string): Record<string, unknown> {
  const hash = new URL(url).hash;
  expect(hash).toMatch(/^#\/events\?v=[A-Za-z0-9_-]+$/);
  const encoded = new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('v') ?? '';
  return (JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { filter: Record<string, unknown> }).filter;
}

/** The dashboard has answered for the range it shows. */
async function settled(panel: Locator): Promise<{ from: string; to: string }> {
  await expect(panel.locator('[data-dashboard-state]')).toHaveAttribute('data-dashboard-state', 'ready', { timeout: 60_000 });
  await expect(panel.getByTestId('card-total-value')).not.toHaveText('—');
  const line = panel.getByTestId('dashboard-range');
  return { from: (await line.getAttribute('data-from')) ?? '', to: (await line.getAttribute('data-to')) ?? '' };
}

/** Every card and chip equals what events.stats / events.count answer for the same range. */
async function expectNumbersMatch(page: Page, panel: Locator, range: { from: string; to: string }): Promise<Stats> {
  const stats = await api<Stats>(page, 'events.stats', { filter: range });
  const highSeverity = await api<{ total: number }>(page, 'events.count', { filter: { ...range, severities: ['CRITICAL', 'ERROR'] } });
  const warnings = await api<{ total: number }>(page, 'events.count', { filter: { ...range, severities: ['WARNING'] } });
  expect(await numberIn(panel.getByTestId('card-total-value'))).toBe(stats.total);
  expect(await numberIn(panel.getByTestId('card-critical-error-value'))).toBe(highSeverity.total);
  expect(highSeverity.total).toBe((stats.bySeverity.CRITICAL ?? 0) + (stats.bySeverity.ERROR ?? 0));
  expect(await numberIn(panel.getByTestId('card-warnings-value'))).toBe(warnings.total);
  expect(await numberIn(panel.getByTestId('card-active-users-value'))).toBeGreaterThan(0);
  for (const [category, count] of Object.entries(stats.byCategory)) {
    expect(await numberIn(panel.getByTestId(`chip-${category}`).locator('.dash-chip-count')), category).toBe(count);
  }
  return stats;
}

test('the dashboard agrees with the engine and opens the viewer filtered', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const panel = page.getByRole('tabpanel', { name: 'Dashboard' });

  await test.step('open the demo engagement: the dashboard is the first tab', async () => {
    await page.goto(preview.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    const form = page.getByRole('region', { name: 'Open engagement' });
    await form.getByLabel('Engagement folder').fill(folder);
    await form.getByLabel('Passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Open engagement' }).click();
    await expect(page.locator('[data-engagement-state="open"]')).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Dashboard' })).toHaveAttribute('aria-selected', 'true');
  });

  let periodStats: Stats | null = null;
  await test.step('the engagement period (default): cards and chips equal events.stats', async () => {
    await expect(panel.getByLabel('Time range')).toHaveValue('period');
    const range = await settled(panel);
    expect(range).toEqual(PERIOD);
    await expect(panel.getByTestId('dashboard-range')).toContainText('2026-01-01 – 2026-06-30 (whole UTC days)');
    periodStats = await expectNumbersMatch(page, panel, range);
    expect(periodStats.total).toBe(EVENTS);
  });

  await test.step('the histogram holds every event of the range, and the top operations and recent events show', async () => {
    const bucketTotals = await panel.locator('.dash-histogram table tbody tr td:first-of-type').allTextContents();
    expect(bucketTotals).toHaveLength(181); // one bucket per UTC day of the period
    expect(bucketTotals.reduce((sum, text) => sum + Number(text), 0)).toBe(EVENTS);
    await expect(panel.getByRole('img', { name: /^Events over time, stacked by category: 20,000 events in 181 buckets of 1 day\./ })).toBeVisible();
    await expect(panel.getByRole('region', { name: 'Most active operations' }).getByRole('listitem')).toHaveCount(5);
    const recent = panel.getByRole('region', { name: 'Recent high-severity events' }).locator('tbody tr');
    await expect(recent).toHaveCount(5);
    // Engagement time zone (Europe/Berlin) with its offset; UTC on hover.
    await expect(recent.first().locator('time')).toHaveText(/^2026-\d\d-\d\d \d\d:\d\d:\d\d \+0[12]:00$/);
    await expect(recent.first().locator('time')).toHaveAttribute('title', /Z \(UTC\)$/);
  });

  await test.step('log coverage: one strip per source with its summary line', async () => {
    const source = panel.getByTestId('coverage-source').first();
    await expect(source.getByTestId('coverage-summary')).toHaveText(/^\d+ of 181 days with events, \d+ gaps?/);
    await expect(source.locator('.dash-heat-cell')).toHaveCount(181);
  });

  await test.step('screenshot', async () => {
    await panel.locator('.dash-chart svg').hover({ position: { x: 400, y: 120 } });
    await expect(panel.getByTestId('histogram-tooltip')).toBeVisible();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(SCREENSHOT);
  });

  await test.step('"last 7 days" counts back from the latest event, and the numbers still match', async () => {
    const latest = await api<{ rows: { occurredAt: string }[] }>(page, 'events.page', { limit: 1 });
    const latestMs = Date.parse(latest.rows[0]?.occurredAt.replace(/(\.\d{3})\d*Z$/, '$1Z') ?? '');
    await panel.getByLabel('Time range').selectOption('7d');
    await expect(panel.getByTestId('dashboard-range')).not.toHaveAttribute('data-from', PERIOD.from);
    const range = await settled(panel);
    const to = Date.parse(range.to);
    expect(to % HOUR_MS).toBe(0);
    expect(to).toBeGreaterThan(latestMs);
    expect(to - latestMs).toBeLessThanOrEqual(HOUR_MS);
    expect(to - Date.parse(range.from)).toBe(7 * DAY_MS);
    await expect(panel.getByTestId('dashboard-range')).toContainText('counts back from the latest event');
    const stats = await expectNumbersMatch(page, panel, range);
    expect(stats.total).toBeGreaterThan(0);
    expect(stats.total).toBeLessThan(EVENTS);
  });

  await test.step('a keyboard brush over the last three buckets opens the viewer on those hours', async () => {
    await panel.getByLabel('Time range').selectOption('period');
    await settled(panel);
    await panel.getByTestId('histogram').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/events\?v=/);
    expect(viewerFilter(page.url())).toEqual({ from: '2026-06-28T00:00:00Z', to: PERIOD.to });
    await page.getByRole('tab', { name: 'Dashboard' }).click();
  });

  await test.step('a mouse brush opens the viewer on the dragged days', async () => {
    await settled(panel);
    const svg = panel.locator('.dash-chart svg');
    // The mouse acts at viewport coordinates: bring the whole chart into view first.
    await svg.scrollIntoViewIfNeeded();
    const box = await svg.boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page).toHaveURL(/#\/events\?v=/);
    const filter = viewerFilter(page.url()) as { from: string; to: string };
    expect(Object.keys(filter).sort()).toEqual(['from', 'to']);
    expect(filter.from >= PERIOD.from && filter.to <= PERIOD.to && filter.from < filter.to).toBe(true);
    expect(Date.parse(filter.from) % DAY_MS).toBe(0);
    expect((Date.parse(filter.to) - Date.parse(filter.from)) / DAY_MS).toBeGreaterThan(10);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
  });

  await test.step('a category chip lands in the viewer with that filter in the URL hash', async () => {
    await settled(panel);
    const expected = periodStats?.byCategory.AUTH ?? 0;
    expect(expected).toBeGreaterThan(0);
    await panel.getByTestId('chip-AUTH').click();
    await expect(page).toHaveURL(/#\/events\?v=/);
    expect(viewerFilter(page.url())).toEqual({ categories: ['AUTH'], ...PERIOD });
    await expect(page.getByRole('tab', { name: 'Events' })).toHaveAttribute('aria-selected', 'true');
    const events = page.getByRole('tabpanel', { name: 'Events' });
    await expect(events.getByTestId('events-total')).toHaveText(`${expected.toLocaleString('en-US')} ${expected === 1 ? 'event' : 'events'}`, {
      timeout: 30_000,
    });
  });

  expect(problems, 'console errors, CSP violations or page errors').toEqual([]);
});
