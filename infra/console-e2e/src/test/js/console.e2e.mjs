// Drives the Deckhand web console in a real headless Chromium against a running sandbox.
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
    console.error(`console e2e: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

function step(text) {
  console.log(`console e2e: ${text}`);
}

/** The API as a script calls it, to set up and to check what the page did. */
async function api(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

mkdirSync(screenshots, { recursive: true });
mkdirSync(userDataDir, { recursive: true });

// These flags matter on CI machines: no sandbox (root in a container), no GPU, no QUIC, nothing phoning home.
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
page.on('console', (message) => {
  // Refusals (4xx) and the pull this script makes fail on purpose (502, the runtime's error) are answers, not page errors.
  if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d|502)/.test(message.text())) {
    pageErrors.push(`console: ${message.text()}`);
  }
});

async function shot(name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  step(`screenshot ${name}.png`);
}

async function confirmDialog(expectedText) {
  const dialog = page.locator('#confirm-dialog');
  await dialog.waitFor({ state: 'visible' });
  if (expectedText) {
    assert.match(await page.locator('#confirm-text').textContent(), expectedText);
  }
  await page.locator('#confirm-ok').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Waits for the message above the page to say what is expected, and answers all it says. */
async function noticeText(expected) {
  const notice = page.locator('#notice span', { hasText: expected });
  await notice.waitFor({ state: 'visible' });
  return notice.textContent();
}

let failed = false;
try {
  // --- The token: asked for by the page, kept for the session --------------------------------------------------
  step('open /console');
  const response = await page.goto(`${base}/console`);
  assert.equal(response.status(), 200);
  assert.match(page.url(), /\/console\/#\/nodes$/);
  await page.locator('#token-dialog').waitFor({ state: 'visible' });
  await page.getByLabel('Bearer token').fill(adminToken);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.locator('#token-dialog').waitFor({ state: 'hidden' });

  // --- Nodes: the matrix -----------------------------------------------------------------------------------------
  step('nodes page: image matrix');
  const matrix = page.locator('#image-matrix');
  await matrix.waitFor();
  const nodeRows = await matrix.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.node));
  assert.deepEqual(nodeRows, ['node-1', 'node-2', 'node-3', 'node-4', 'node-5']);
  const redis = 'docker.io/library/redis:7.2';
  const redisOnNode2 = matrix.locator(`tr[data-node="node-2"] td[data-image="${redis}"]`);
  await redisOnNode2.waitFor();
  assert.match(await redisOnNode2.locator('.size').textContent(), /^\d+(\.\d)? MB$/);
  assert.ok((await matrix.locator('thead th').count()) > 3, 'the matrix has image columns');
  await shot('nodes');

  step('nodes page: filters');
  await page.getByLabel('Filter nodes').fill('node-3');
  assert.equal(await matrix.locator('tbody tr').count(), 1);
  await page.getByLabel('Filter images').fill('redis');
  assert.deepEqual(await matrix.locator('thead th.image-head').evaluateAll((heads) => heads.map((th) => th.dataset.image)), [redis]);
  await page.getByLabel('Filter nodes').fill('');
  await page.getByLabel('Filter images').fill('');
  assert.equal(await matrix.locator('tbody tr').count(), 5);

  step('nodes page: a cancelled delete deletes nothing');
  await page.getByRole('button', { name: `Delete ${redis} from node-2` }).click();
  await page.locator('#confirm-dialog').waitFor({ state: 'visible' });
  await page.locator('#confirm-cancel').click();
  await page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
  assert.equal(await redisOnNode2.count(), 1);

  step('nodes page: delete an image after confirmation');
  const redisElsewhere = await matrix.locator(`tr:not([data-node="node-2"]) td[data-image="${redis}"]`).count();
  await page.getByRole('button', { name: `Delete ${redis} from node-2` }).click();
  await confirmDialog(/Delete docker\.io\/library\/redis:7\.2 from node-2\?/);
  await redisOnNode2.waitFor({ state: 'detached' });
  await noticeText(/Deleted docker\.io\/library\/redis:7\.2 from node-2/);
  assert.equal(await matrix.locator(`tr:not([data-node="node-2"]) td[data-image="${redis}"]`).count(), redisElsewhere,
    'the other nodes keep theirs');
  const listed = await api('POST', '/list', { node_name: 'node-2' });
  assert.ok(!listed.json.some((image) => `${image.imageName}:${image.imageVersion}` === redis), 'the agent no longer lists it');

  step('nodes page: pull it back from the matrix');
  await page.getByRole('button', { name: `Pull ${redis} on node-2` }).click();
  await confirmDialog(/Pull docker\.io\/library\/redis:7\.2 on node-2\?/);
  await redisOnNode2.waitFor();

  step('nodes page: a failed pull is shown in the cell of its node');
  await page.locator('#pull-image').fill('fail.invalid/app:1');
  await page.locator('#pull-node').selectOption('node-3');
  await page.getByRole('button', { name: 'Pull image' }).click();
  await confirmDialog(/Pull fail\.invalid\/app:1 on node-3\?/);
  await noticeText(/Pull of fail\.invalid\/app:1 on node-3 failed: /);
  const failedCell = matrix.locator('tr[data-node="node-3"] td.failed[data-image="fail.invalid/app:1"]');
  await failedCell.waitFor();
  assert.match(await failedCell.getAttribute('title'), /^Pull of fail\.invalid\/app:1 on node-3 failed: /);
  assert.equal(await matrix.locator('td.failed').count(), 1, 'only node-3 shows the failure');
  assert.match(await page.locator('.summary').textContent(), /1 failed pull: node-3: fail\.invalid\/app:1\./);

  step('nodes page: heads stick while the matrix scrolls, and names wrap only between their parts');
  const wrap = page.locator('.matrix-wrap');
  await wrap.evaluate((element) => { element.style.maxHeight = '8rem'; element.scrollTop = element.scrollHeight; element.scrollLeft = element.scrollWidth; });
  const stuck = await wrap.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const head = element.querySelector('thead th.image-head').getBoundingClientRect();
    const node = element.querySelector('tbody tr:last-child th[scope="row"]').getBoundingClientRect();
    return { scrolled: element.scrollTop > 0, headTop: Math.round(head.top - box.top), nodeLeft: Math.round(node.left - box.left) };
  });
  assert.ok(stuck.scrolled, 'the matrix scrolled');
  assert.ok(Math.abs(stuck.headTop) <= 1, `image heads stay at the top: ${JSON.stringify(stuck)}`);
  assert.ok(Math.abs(stuck.nodeLeft) <= 1, `node names stay at the left: ${JSON.stringify(stuck)}`);
  const brokenWords = await matrix.evaluate((table) => {
    const broken = [];
    // A node name, and each part of an image reference (up to a '/' or ':'), must sit on one line.
    for (const part of table.querySelectorAll('thead th.image-head .part, tbody th[scope="row"]')) {
      const range = document.createRange();
      range.selectNodeContents(part);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) {
        broken.push(part.textContent);
      }
    }
    return broken;
  });
  assert.deepEqual(brokenWords, [], 'no part of a name is broken over two lines');
  await wrap.evaluate((element) => { element.style.maxHeight = ''; element.scrollTop = 0; element.scrollLeft = 0; });

  // --- Prewarm: create a task from the page, watch it reach 100 % -----------------------------------------------
  step('prewarm page: an invalid task shows the server\'s error');
  await page.getByRole('link', { name: 'Prewarm tasks' }).click();
  await page.getByLabel('Images (one per line)').fill('Not/An-Image:1');
  await page.getByRole('button', { name: 'Create task' }).click();
  await confirmDialog();
  const expected = await api('POST', '/api/v1/tasks', { images: ['Not/An-Image:1'], batchSize: 10 });
  assert.equal(expected.status, 400);
  assert.match(expected.json.error, /^images\[0\]/);
  assert.equal(await noticeText(/images\[0\]/), expected.json.error, "the notice shows the server's error");

  step('prewarm page: create a task and watch its bar reach 100 %');
  await page.getByLabel('Images (one per line)').fill('alpine:3.20\nnginx:1.27');
  await page.getByLabel('Batch size').fill('2');
  await page.getByRole('button', { name: 'Create task' }).click();
  await confirmDialog(/Prewarm alpine:3\.20, nginx:1\.27 on every Ready node, 2 nodes at a time\?/);
  const created = (await noticeText(/Created task/)).match(/Created task (\S+)\./);
  assert.ok(created, 'the page names the new task');
  const taskId = created[1];
  const card = page.locator(`article.task[data-task-id="${taskId}"]`);
  await card.waitFor();
  const seen = new Set();
  const deadline = Date.now() + 60000;
  while (true) {
    const value = Number(await card.locator('progress').getAttribute('value'));
    seen.add(value);
    if (value === 100) {
      break;
    }
    assert.ok(Date.now() < deadline, `task ${taskId} stuck at ${value} %`);
    await page.waitForTimeout(100);
  }
  await card.locator('.percent', { hasText: '100 %' }).waitFor();
  await card.locator('.badge', { hasText: 'completed' }).waitFor();
  assert.match(await card.textContent(), /5 of 5 nodes done/);
  step(`progress values seen: ${[...seen].join(', ')}`);
  if (process.env.EXPECT_PARTIAL_PROGRESS === 'true') {
    assert.ok([...seen].some((value) => value > 0 && value < 100), 'the bar moved through values between 0 and 100 %');
  }
  const task = await api('GET', `/api/v1/tasks/${taskId}`);
  assert.equal(task.json.status, 'completed');
  assert.equal(task.json.progress.percentage, 100);

  step('prewarm page: a failing task shows its failed nodes');
  await page.getByLabel('Images (one per line)').fill('fail.invalid/app:1');
  await page.getByLabel('Node selector').fill('kubernetes.io/hostname=node-4');
  await page.getByRole('button', { name: 'Create task' }).click();
  await confirmDialog(/nodes matching kubernetes\.io\/hostname=node-4/);
  const failedId = (await noticeText(new RegExp(`Created task (?!${taskId})`))).match(/Created task (\S+)\./)[1];
  const failedCard = page.locator(`article.task[data-task-id="${failedId}"]`);
  await failedCard.locator('.badge', { hasText: 'failed' }).waitFor({ timeout: 60000 });
  await failedCard.locator('details.failed-nodes summary').click();
  await failedCard.locator('details.failed-nodes td', { hasText: 'node-4' }).waitFor();
  await shot('prewarm');

  step('prewarm page: the window strategy is named in the confirmation and sent');
  await page.getByLabel('Images (one per line)').fill('busybox:1.36');
  await page.getByLabel('Node selector').fill('');
  await page.getByLabel('Strategy').selectOption('window');
  await page.getByRole('button', { name: 'Create task' }).click();
  await confirmDialog(/^Prewarm busybox:1\.36 on every Ready node, at most 2 nodes at a time, the next as soon as one finishes\?/);
  const windowId = (await noticeText(new RegExp(`Created task (?!${taskId}|${failedId})`))).match(/Created task (\S+)\./)[1];
  assert.equal((await api('GET', `/api/v1/tasks/${windowId}`)).json.strategy, 'window');
  await page.getByLabel('Strategy').selectOption('batch');

  step('prewarm page: cancel a task that waits');
  const pending = await api('POST', '/api/v1/tasks', { images: ['busybox:1.36'], batchSize: 1, followSelector: true });
  assert.equal(pending.status, 201);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('button', { name: `Cancel task ${pending.json.taskId}` }).click();
  await confirmDialog(/Cancel task/);
  await page.locator(`article.task[data-task-id="${pending.json.taskId}"] .badge`, { hasText: 'cancelled' }).waitFor();

  // --- Image cleanups: a dry run on one node reports what would go and removes nothing ----------------------------
  step('cleanup page: a dry run on node-2 reports redis and its bytes, and removes nothing');
  await page.getByRole('link', { name: 'Image cleanups' }).click();
  assert.ok(await page.getByLabel('Dry run').isChecked(), 'dry run is ticked by default');
  await page.getByLabel(/^Images \(one per line/).fill('redis:7.2');
  await page.getByLabel('Node selector').fill('kubernetes.io/hostname=node-2');
  await page.getByRole('button', { name: 'Create cleanup' }).click();
  await confirmDialog(/^Report what a cleanup of redis:7\.2 on nodes matching kubernetes\.io\/hostname=node-2/);
  const cleanupId = (await noticeText(/Created cleanup/)).match(/Created cleanup (\S+)\./)[1];
  const cleanupCard = page.locator(`article.task[data-task-id="${cleanupId}"]`);
  await page.locator(`article.task[data-task-id="${cleanupId}"][data-status="completed"]`).waitFor({ timeout: 60000 });
  assert.match(await cleanupCard.textContent(), /1 images would be removed, [\d.]+ [KMG]?B would be freed/);
  const listedRedis = (await api('POST', '/list', { node_name: 'node-2' })).json
    .find((image) => `${image.imageName}:${image.imageVersion}` === redis);
  const dryRun = await api('GET', `/api/v1/cleanups/${cleanupId}`);
  assert.equal(dryRun.json.bytesFreed, listedRedis.imageSize, 'the bytes reported are the size the node lists for redis');
  await cleanupCard.locator('details.node-results summary').click();
  await cleanupCard.locator('details.node-results td', { hasText: 'node-2' }).waitFor();
  const afterDryRun = await api('POST', '/list', { node_name: 'node-2' });
  assert.ok(afterDryRun.json.some((image) => `${image.imageName}:${image.imageVersion}` === redis), 'a dry run removes nothing');
  await shot('cleanup');

  // --- Deployments: deploy the example document, see pods and volumes, delete ------------------------------------
  step('deployments page: the list of services, empty at first');
  await page.getByRole('link', { name: 'Deployments' }).click();
  await page.locator('#deployment-list', { hasText: 'No services yet' }).waitFor();
  assert.equal((await api('PUT', '/kubernetes/services/stored-only/document', {
    name: 'Stored only', exposed_service: 'web', exposed_port: 80,
    deployment: 'containers:\n  - name: web\n    image: "nginx:1.27"\n    ports:\n      - name: default\n        port: 80\n',
  })).status, 200);
  await page.reload();
  await page.locator('#deployment-list tr[data-app="stored-only"]', { hasText: 'stored' }).waitFor();

  step('deployments page: deploy the example document');
  await page.getByLabel('Service id').fill('web');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.locator('#deployment-status', { hasText: 'web is not deployed.' }).waitFor();
  assert.match(await page.getByLabel('Deployment (YAML)').inputValue(), /image: "nginx:latest"/);
  await page.getByRole('button', { name: 'Deploy' }).click();
  await confirmDialog(/deploy service web/);
  assert.match(await noticeText(/Deployed web/), /Deployed web: create PersistentVolumeClaim svc-web-mydata, create Deployment svc-web, create Service svc-web/);
  const status = page.locator('#deployment-status');
  for (let i = 0; i < 30 && !(await status.textContent()).includes('Running'); i++) {
    await page.waitForTimeout(500);
    await status.getByRole('button', { name: 'Refresh status' }).click();
  }
  await status.locator('td .badge', { hasText: 'Running' }).waitFor();
  await status.locator('td', { hasText: 'mydata' }).waitFor();
  await status.locator('td .badge', { hasText: 'Bound' }).waitFor();

  step('deployments page: the list shows web deployed and ready');
  await page.getByRole('link', { name: 'Deployments' }).click();
  const webLine = page.locator('#deployment-list tr[data-app="web"]');
  for (let i = 0; i < 30 && !(await webLine.textContent().catch(() => '')).includes('ready'); i++) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.match(await webLine.textContent(), /My NGINX Service/);
  assert.match(await webLine.textContent(), /1\/1/);
  await webLine.locator('.badge', { hasText: 'ready' }).waitFor();
  await shot('deployments');
  await webLine.getByRole('link', { name: 'web' }).click();
  await page.locator('#deployment-status td .badge', { hasText: 'Running' }).waitFor();

  step('deployments page: delete the service and its document');
  await page.getByLabel('also delete the stored document').check();
  await page.getByRole('button', { name: 'Delete service' }).click();
  await confirmDialog(/and its stored document/);
  await page.locator('#deployment-status', { hasText: 'web is not deployed.' }).waitFor();
  assert.equal((await api('GET', '/kubernetes/services/web/document')).status, 404);

  // --- Tenant jobs --------------------------------------------------------------------------------------------------
  step('tenant jobs page');
  const job = await api('POST', '/pods', {
    tenant: 'tenant-a', cmd: 'cp -r /src/* /dest/', vols: [{ pvc: 'data', mount: '/src' }, { pvc: 'results', mount: '/dest' }],
  });
  assert.equal(job.status, 200);
  await page.getByRole('link', { name: 'Tenant jobs' }).click();
  await page.getByLabel('Tenant', { exact: true }).fill('tenant-a');
  await page.getByRole('button', { name: 'Show jobs' }).click();
  const jobRow = page.locator(`tr[data-job="${job.json.name}"]`);
  await jobRow.waitFor();
  for (let i = 0; i < 20 && !(await jobRow.textContent()).includes('Succeeded'); i++) {
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Show jobs' }).click();
  }
  await jobRow.locator('.badge', { hasText: 'Succeeded' }).first().waitFor();
  await page.getByRole('button', { name: `Show the log of ${job.json.name}` }).click();
  await page.locator('#job-log pre', { hasText: 'exited with code 0' }).waitFor();
  await shot('jobs');

  // --- Services ------------------------------------------------------------------------------------------------------
  step('services page: start a service from the form');
  await page.getByRole('link', { name: 'Services' }).click();
  await page.locator('#service-list', { hasText: 'No services yet.' }).waitFor();
  await page.getByLabel('Image', { exact: true }).fill('nginx:1.27');
  await page.getByLabel('Publish port 80 on').selectOption('port');
  await page.getByLabel('Node port').fill('30080');
  await page.getByRole('button', { name: 'Start' }).click();
  await noticeText(/Started nginx:1\.27/);
  const row = page.locator('#service-list tbody tr', { hasText: 'nginx:1.27' });
  await row.waitFor();
  assert.match(await row.textContent(), /30080/);
  await shot('services');

  step('services page: a node port another Service holds is refused, naming it');
  await page.getByRole('button', { name: 'Start' }).click();
  const held = await noticeText(/node port 30080 is already held by Service deckhand-services\/nginx-/);
  assert.equal(await page.locator('#service-list tbody tr').count(), 1, 'nothing started');

  step('services page: a bad image shows the reason');
  await page.getByLabel('Image', { exact: true }).fill('Not An Image');
  await page.getByLabel('Publish port 80 on').selectOption('none');
  await page.getByRole('button', { name: 'Start' }).click();
  await noticeText(/Bad Request: image/);

  step('services page: delete the service after confirmation');
  const name = held.match(/deckhand-services\/(\S+)/)[1];
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await confirmDialog(new RegExp(`Delete service ${name}: its Deployment and Service`));
  await noticeText(new RegExp(`Deleted ${name}: deployment ${name}, service ${name}`));
  await page.locator('#service-list', { hasText: 'No services yet.' }).waitFor();
  assert.equal((await api('GET', '/services')).status, 404, 'the API has none either');

  // --- A refused token brings the prompt back ------------------------------------------------------------------
  step('a refused token asks for another');
  await page.evaluate(() => sessionStorage.setItem('deckhand.token', 'not-a-token'));
  await page.getByRole('link', { name: 'Nodes' }).click();
  await page.locator('#token-dialog').waitFor({ state: 'visible' });
  assert.match(await page.locator('#token-reason').textContent(), /The token was refused/);
  await page.getByLabel('Bearer token').fill(adminToken);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.locator('#image-matrix tbody tr[data-node="node-5"]').waitFor();

  assert.deepEqual(pageErrors, [], 'no script errors on the page');
  step('all checks passed');
} catch (error) {
  failed = true;
  console.error('console e2e: FAILED:', error);
  console.error('console e2e: page errors:', pageErrors);
  await page.screenshot({ path: join(screenshots, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await context.close();
}
process.exit(failed ? 1 : 0);
