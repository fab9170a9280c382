/**
 * The Sources view in real Chromium, through the harness and the real engine, against the
 * simulated tenant started in this process: add an Okta source through the form → test the
 * connection → sync → the row and the events list show what was pulled; a wrong token ends in
 * the row's last error. The token never reaches the page: not its text, not an input, not an
 * /api/call answer.
 */
import { resolve } from 'node:path';
import { expect, test, type Page, type Response } from '@playwright/test';
import { createTenantServer, type TenantServer } from '../tenant/tenantServer';
import { startPreview, type PreviewProcess } from './previewProcess';

const SCREENSHOT = resolve('test-results/sources.png');
const CLIENT = 'Sources Tenant Sync';
const PASSPHRASE = 'correct horse battery staple';
const WRONG_TOKEN = 'tnt_wrong-token-for-the-401-case';

let preview: PreviewProcess;
let tenant: TenantServer;

test.beforeAll(async () => {
  tenant = await createTenantServer({ count: 500, from: '2026-01-01T00:00:00Z', to: '2026-01-10T00:00:00Z' });
  preview = await startPreview();
});

test.afterAll(async () => {
  await preview?.stop();
  await tenant?.close();
});

async function addSource(page: Page, name: string, token: string, intervalMinutes?: number): Promise<void> {
  const form = page.getByRole('region', { name: 'Add source' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Kind').selectOption('okta');
  await form.getByLabel('Base URL').fill(tenant.url);
  await form.getByRole('radio', { name: 'API token' }).check();
  const tokenInput = form.getByLabel('Token', { exact: true });
  await expect(tokenInput).toHaveAttribute('type', 'password');
  await expect(tokenInput).toHaveAttribute('autocomplete', 'off');
  await tokenInput.fill(token);
  if (intervalMinutes !== undefined) await form.getByLabel('Sync every (minutes, optional)').fill(String(intervalMinutes));
  await form.getByRole('button', { name: 'Add source' }).click();
  await expect(form.getByRole('status')).toHaveText(`Added ${name}. Test the connection, then sync.`);
  // Cleared after submit, and never filled again.
  await expect(tokenInput).toHaveValue('');
}

test('add an Okta source, test it, sync it, and see a wrong token fail in words', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // Every engine answer the page receives, read in full at the end.
  const answers: Promise<{ url: string; body: string }>[] = [];
  page.on('response', (response: Response) => {
    if (response.url().includes('/api/call/')) answers.push(response.text().then((body) => ({ url: response.url(), body })));
  });

  const syncStarts: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/sync.start')) syncStarts.push(request.postData() ?? '');
  });

  const panel = page.getByRole('tabpanel', { name: 'Sources' });
  const row = (name: string) => panel.getByTestId('source-row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

  await test.step('create an engagement', async () => {
    // A page clock that runs at the real pace until fast-forwarded (the sync interval below).
    await page.clock.install();
    await page.goto(preview.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    const form = page.getByRole('region', { name: 'New engagement' });
    await form.getByLabel('Client name').fill(CLIENT);
    await form.getByLabel('Period from').fill('2026-01-01');
    await form.getByLabel('Period to').fill('2026-01-31');
    await form.getByLabel('Time zone').selectOption('UTC');
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Create engagement' }).click();
    await expect(page.locator('[data-engagement-state="open"]')).toBeVisible();
  });

  await test.step('add the tenant as an Okta source through the form', async () => {
    await page.getByRole('tab', { name: 'Sources' }).click();
    await expect(panel.getByText('No sources yet')).toBeVisible();
    await addSource(page, 'okta-tenant', tenant.token, 60);
    const added = row('okta-tenant');
    await expect(added.getByRole('cell').first()).toHaveText('Okta');
    await expect(added).toContainText(tenant.url);
    await expect(added.getByTestId('credential-hint')).toHaveText(`token …${tenant.token.slice(-4)}`);
    await expect(added.getByTestId('covered-window')).toHaveText('not synced yet');
    await expect(added.getByTestId('next-sync')).toHaveText(/^every 60 minutes · next sync at \d{2}:\d{2}$/);
  });

  await test.step('Test connection succeeds', async () => {
    await row('okta-tenant').getByRole('button', { name: 'Test connection' }).click();
    await expect(row('okta-tenant').getByTestId('test-result')).toHaveText('okta-tenant: connected and authenticated');
  });

  await test.step('Sync now pulls and imports the 500 events', async () => {
    await row('okta-tenant').getByRole('button', { name: 'Sync now' }).click();
    const result = panel.getByTestId('sync-result-row').filter({ hasText: 'okta-tenant' });
    await expect(result.getByTestId('result-pulled')).toHaveText('500', { timeout: 60_000 });
    await expect(result.getByTestId('result-imported')).toHaveText('500');
    await expect(result).toContainText('Completed');
    await expect(panel.getByTestId('sync-job')).toHaveAttribute('data-job-status', 'COMPLETED');

    const synced = row('okta-tenant');
    await expect(synced.getByTestId('events-pulled')).toHaveText('500');
    // The window starts at the engagement period's first day and runs to the time of the sync.
    await expect(synced.getByTestId('covered-window')).toHaveText(/^2026-01-01 00:00:00 \+00:00 → \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+00:00$/);
    await expect(synced.getByTestId('last-error')).toHaveText('—');
  });

  await test.step('the Events tab shows the pulled events', async () => {
    await page.getByRole('tab', { name: 'Events' }).click();
    const events = page.getByRole('tabpanel', { name: 'Events' });
    await expect(events.getByTestId('events-total')).toHaveText(/^500 events/);
    await expect(events.locator('[role="row"][aria-rowindex="2"]')).toBeVisible();
    await page.getByRole('tab', { name: 'Sources' }).click();
  });

  await test.step('the interval syncs on its own while the engagement is open', async () => {
    const before = syncStarts.length;
    const next = row('okta-tenant').getByTestId('next-sync');
    const first = await next.textContent();
    await page.clock.fastForward('01:00:00');
    await expect.poll(() => syncStarts.length).toBe(before + 1);
    expect(JSON.parse(syncStarts[before] ?? '{}')).toEqual({ names: ['okta-tenant'] });
    await expect(panel.getByTestId('sync-job')).toHaveAttribute('data-job-status', 'COMPLETED', { timeout: 60_000 });
    const result = panel.getByTestId('sync-result-row').filter({ hasText: 'okta-tenant' });
    await expect(result).toContainText('Completed');
    // It carries on from the cursor: the re-read overlap is all duplicates, nothing new.
    await expect(result.getByTestId('result-imported')).toHaveText('0');
    await expect(next).not.toHaveText(first ?? '');
  });

  await test.step('a wrong token ends in the row’s last error', async () => {
    const pulledBefore = await row('okta-tenant').getByTestId('events-pulled').textContent();
    await addSource(page, 'okta-wrong-token', WRONG_TOKEN);
    await row('okta-wrong-token').getByRole('button', { name: 'Sync now' }).click();
    await expect(panel.getByTestId('sync-job')).toHaveAttribute('data-job-status', /COMPLETED|FAILED/, { timeout: 60_000 });
    const lastError = row('okta-wrong-token').getByTestId('last-error');
    await expect(lastError).toContainText('401');
    await expect(lastError).toContainText(/token/i);
    await expect(panel.getByTestId('sync-result-row').filter({ hasText: 'okta-wrong-token' })).toContainText('Failed');
    // The good source is untouched.
    await expect(row('okta-tenant').getByTestId('events-pulled')).toHaveText(pulledBefore ?? '');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(SCREENSHOT);
  });

  await test.step('Remove asks first and says the pulled events stay', async () => {
    await row('okta-wrong-token').getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = row('okta-wrong-token').getByRole('group', { name: 'Remove okta-wrong-token?' });
    await expect(confirm).toContainText('already pulled stay in the engagement');
    await confirm.getByRole('button', { name: 'Keep' }).click();
    await expect(row('okta-wrong-token')).toHaveCount(1);
    await row('okta-wrong-token').getByRole('button', { name: 'Remove', exact: true }).click();
    await row('okta-wrong-token').getByRole('button', { name: 'Remove source' }).click();
    await expect(row('okta-wrong-token')).toHaveCount(0);
    await expect(row('okta-tenant')).toHaveCount(1);
  });

  await test.step('the token never reaches the page', async () => {
    for (const tab of ['Events', 'Import', 'Activity', 'Sources']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await page.evaluate<string>('document.body.innerText')).not.toContain(tenant.token);
    }
    const inputs = await page.evaluate<string[]>("[...document.querySelectorAll('input')].map((input) => input.value)");
    expect(inputs.join('\n')).not.toContain(tenant.token);
    const bodies = await Promise.all(answers);
    expect(bodies.some((answer) => answer.url.endsWith('/sources.list'))).toBe(true);
    expect(bodies.some((answer) => answer.url.endsWith('/sync.start'))).toBe(true);
    for (const answer of bodies) expect(answer.body, answer.url).not.toContain(tenant.token);
    for (const answer of bodies) expect(answer.body, answer.url).not.toContain(WRONG_TOKEN);
  });

  expect(problems, 'console errors, CSP violations or page errors').toEqual([]);
});
