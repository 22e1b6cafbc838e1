// Drives the API docs (Swagger UI at /swagger-ui/index.html) in a real headless Chromium against a running sandbox:
// without a token "Try it out" is refused, Authorize takes the bearer token, and then a call answers 200.
// Environment: DECKHAND_URL, DECKHAND_TOKEN (admin), SCREENSHOT_DIR, USER_DATA_DIR, CHROMIUM (default /usr/bin/chromium).
// Exit code 0 when every check passed; a failed check prints what it saw and exits 1.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = required('DECKHAND_URL');
const adminToken = required('DECKHAND_TOKEN');
const screenshots = required('SCREENSHOT_DIR');
const userDataDir = required('USER_DATA_DIR');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`swagger e2e: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

function step(text) {
  console.log(`swagger e2e: ${text}`);
}

mkdirSync(screenshots, { recursive: true });
mkdirSync(userDataDir, { recursive: true });

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 900 },
});
context.setDefaultTimeout(15000);
const page = context.pages()[0] || await context.newPage();
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(error.message));

/** Runs GET /get/nodes from its operation block; resolves to the status Swagger UI shows. */
async function execute(operation) {
  const tryOut = operation.getByRole('button', { name: 'Try it out' });
  if (await tryOut.count()) {
    await tryOut.click();
  }
  const answered = page.waitForResponse((r) => r.url().endsWith('/get/nodes'));
  await operation.getByRole('button', { name: 'Execute' }).click();
  await answered;
  const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor();
  // The code, then "Undocumented" when the spec lists no such answer (401).
  return (await status.textContent()).trim().match(/^\d{3}/)[0];
}

let failed = false;
try {
  step('open /swagger-ui/index.html');
  const response = await page.goto(`${base}/swagger-ui/index.html`);
  assert.equal(response.status(), 200);
  const operation = page.locator('#operations-nodes-nodes');
  await operation.waitFor();
  await operation.locator('.opblock-summary').first().click();
  assert.match(await operation.textContent(), /\/get\/nodes/);

  step('without a token the call is refused');
  assert.equal(await execute(operation), '401');

  step('Authorize with the bearer token');
  await page.locator('.scheme-container button.authorize').click();
  const modal = page.locator('.modal-ux');
  await modal.waitFor();
  assert.match(await modal.textContent(), /bearer\s*\(http, Bearer\)/);
  await modal.locator('input').first().fill(adminToken);
  // Swagger UI's own labels on these buttons ("Apply credentials"...) vary by version: pick them by class and text.
  await modal.locator('.auth-btn-wrapper button.authorize').click();
  await modal.locator('.auth-btn-wrapper button', { hasText: 'Logout' }).waitFor();
  await modal.locator('.auth-btn-wrapper button.btn-done').click();
  await modal.waitFor({ state: 'detached' });

  step('Try it out -> Execute answers 200 with the nodes');
  await operation.getByRole('button', { name: 'Clear' }).click().catch(() => {});
  assert.equal(await execute(operation), '200');
  const body = await operation.locator('.live-responses-table tr.response .response-col_description').first().textContent();
  assert.match(body, /node-1/);
  await page.screenshot({ path: join(screenshots, 'swagger-ui.png'), fullPage: false });

  step('open routes carry no lock');
  const healthz = page.locator('#operations-health-healthz');
  assert.equal(await healthz.locator('.authorization__btn').count(), 0, '/healthz needs no token');
  assert.equal(await operation.locator('.authorization__btn').count(), 1, '/get/nodes shows its lock');

  assert.deepEqual(pageErrors, [], 'no script errors on the page');
  step('all checks passed');
} catch (error) {
  failed = true;
  console.error('swagger e2e: FAILED:', error);
  console.error('swagger e2e: page errors:', pageErrors);
  await page.screenshot({ path: join(screenshots, 'swagger-failure.png'), fullPage: true }).catch(() => {});
} finally {
  await context.close();
}
process.exit(failed ? 1 : 0);
