// Image cleanups: create one (or a dry run), watch every cleanup's bar live, read per-node results and failed nodes, cancel.
import { del, get, post } from '../api.js';
import { attempt, confirmAction, field, formatAge, formatBytes, h, progressBar, statusBadge, table } from '../ui.js';

export const title = 'Image cleanups';

const POLL_MS = 1000;
const ACTIVE = new Set(['pending', 'running']);
const LIST_EVERY = 5;

function lines(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

function parseSelector(text) {
  const result = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at < 1) {
      throw new Error(`Node selector "${part}" is not key=value`);
    }
    result[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return result;
}

export async function render(section) {
  const tasks = new Map();
  const openDetails = new Set();
  let timer = null;
  let ticks = 0;
  let disposed = false;
  let total;

  const images = h('textarea', { id: 'cleanup-images', rows: '3', placeholder: 'registry.example/team/\nnginx:1.25', spellcheck: 'false' });
  const keep = h('textarea', { id: 'cleanup-keep', rows: '2', placeholder: 'registry.example/team/app:2', spellcheck: 'false' });
  const dryRun = h('input', { id: 'cleanup-dry-run', type: 'checkbox', checked: true });
  const batchSize = h('input', { id: 'cleanup-batch', type: 'number', min: '1', max: '500', value: '10', inputmode: 'numeric' });
  const strategy = h('select', { id: 'cleanup-strategy' }, ['batch', 'window'].map((s) => h('option', { value: s }, s)));
  const selector = h('input', { id: 'cleanup-selector', type: 'text', placeholder: 'pool=gpu, zone=a', autocomplete: 'off' });
  const form = h('form', { className: 'card create-form', 'aria-labelledby': 'cleanup-create-title' },
    h('h3', { id: 'cleanup-create-title' }, 'New cleanup'),
    h('p', { className: 'muted' }, 'Removes, node by node, the images that match and that no container on the node uses '
      + '(running or not); never the node agent\'s own image, never what Keep names.'),
    field('Images (one per line: a reference, or a repository prefix; empty: every unused image)', images),
    field('Keep (never removed)', keep),
    h('div', { className: 'row' },
      field('Batch size', batchSize, 'nodes cleaned at once'),
      field('Strategy', strategy, 'batch: fixed slices; window: next node as soon as one finishes'),
      field('Node selector', selector, 'key=value, comma separated; empty: every Ready node')),
    field('Dry run', dryRun, 'report what would be removed and the bytes; remove nothing'),
    h('button', { type: 'submit', className: 'primary' }, 'Create cleanup'));
  form.addEventListener('submit', create);

  const statusFilter = h('select', { id: 'cleanup-status-filter' },
    ['', 'pending', 'running', 'completed', 'failed', 'cancelled'].map((s) => h('option', { value: s }, s || 'any')));
  statusFilter.addEventListener('change', () => refreshList());
  const list = h('div', { id: 'cleanup-list', className: 'task-list' });
  section.append(form,
    h('div', { className: 'toolbar' }, h('h3', {}, 'Cleanups'), field('Status', statusFilter),
      h('button', { type: 'button', onclick: () => refreshList() }, 'Refresh')),
    list);

  async function create(event) {
    event.preventDefault();
    let nodeSelector;
    try {
      nodeSelector = parseSelector(selector.value);
    } catch (e) {
      attempt(() => { throw e; });
      return;
    }
    const body = { images: lines(images.value), keep: lines(keep.value), dryRun: dryRun.checked,
      batchSize: Number(batchSize.value), strategy: strategy.value };
    if (Object.keys(nodeSelector).length) {
      body.nodeSelector = nodeSelector;
    }
    const what = body.images.length ? body.images.join(', ') : 'every image no container uses';
    const where = Object.keys(nodeSelector).length ? `nodes matching ${selector.value.trim()}` : 'every Ready node';
    const verb = body.dryRun ? 'Report what a cleanup of' : 'Remove';
    if (!await confirmAction(`${verb} ${what} on ${where}, ${body.batchSize} nodes at a time?`,
      body.dryRun ? 'Start dry run' : 'Remove images')) {
      return;
    }
    const answer = await attempt(() => post('/api/v1/cleanups', body), (a) => `Created cleanup ${a.data.taskId}.`);
    if (answer) {
      tasks.set(answer.data.taskId, answer.data);
      await refreshList();
    }
  }

  async function cancel(id) {
    if (!await confirmAction(`Cancel cleanup ${id}? What was removed stays removed.`, 'Cancel cleanup')) {
      return;
    }
    if (await attempt(() => del(`/api/v1/cleanups/${encodeURIComponent(id)}`), `Cancelled cleanup ${id}.`)) {
      await refreshOne(id);
      draw();
    }
  }

  async function refreshOne(id) {
    try {
      const { data } = await get(`/api/v1/cleanups/${encodeURIComponent(id)}`);
      tasks.set(id, data);
    } catch (e) {
      const task = tasks.get(id);
      if (task) {
        task.pollError = e.message;
      }
    }
  }

  async function refreshList(quiet = false) {
    const status = statusFilter.value;
    const read = () => get(`/api/v1/cleanups?limit=50${status ? `&status=${status}` : ''}`);
    const answer = quiet ? await read().catch(() => undefined) : await attempt(read);
    if (!answer || disposed) {
      return;
    }
    tasks.clear();
    await Promise.all((answer.data.tasks || []).map(async (task) => {
      tasks.set(task.taskId, task);
      await refreshOne(task.taskId);
    }));
    draw(answer.data.total);
  }

  async function poll() {
    if (disposed) {
      return;
    }
    const active = [...tasks.values()].filter((task) => ACTIVE.has(task.status)).map((task) => task.taskId);
    if (++ticks % LIST_EVERY === 0) {
      await refreshList(true);
    } else if (active.length) {
      await Promise.all(active.map(refreshOne));
      if (!disposed) {
        draw();
      }
    }
    if (!disposed) {
      timer = setTimeout(poll, POLL_MS);
    }
  }

  function draw(newTotal) {
    if (newTotal !== undefined) {
      total = newTotal;
    }
    const ordered = [...tasks.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    if (!ordered.length) {
      list.replaceChildren(h('p', { className: 'empty' }, 'No cleanups yet.'));
      return;
    }
    const more = total !== undefined && total > ordered.length;
    list.replaceChildren(...(more ? [h('p', { className: 'summary' }, `Showing ${ordered.length} of ${total}.`)] : []),
      ...ordered.map(taskCard));
  }

  function details(task, key, summaryText, headers, rows) {
    const id = `${task.taskId}/${key}`;
    return h('details', {
      className: key, open: openDetails.has(id),
      ontoggle: (event) => (event.target.open ? openDetails.add(id) : openDetails.delete(id)),
    }, h('summary', {}, summaryText), table(headers, rows));
  }

  function taskCard(task) {
    const p = task.progress || {};
    const results = task.nodeResults || [];
    const failed = task.failedNodeDetails || [];
    const removed = `${task.imagesRemoved ?? 0} images ${task.dryRun ? 'would be removed' : 'removed'}, `
      + `${formatBytes(task.bytesFreed ?? 0)} ${task.dryRun ? 'would be freed' : 'freed'}`;
    const counts = [
      `${(p.completedNodes ?? 0)} of ${p.totalNodes ?? '?'} nodes done`,
      p.failedNodes ? `${p.failedNodes} failed` : null,
      p.totalBatches ? `batch ${p.currentBatch ?? 0} of ${p.totalBatches}` : null,
      removed,
    ].filter(Boolean).join(' · ');
    return h('article', { className: 'card task', dataset: { taskId: task.taskId, status: task.status }, 'aria-label': `Cleanup ${task.taskId}` },
      h('header', {},
        h('h4', {}, h('code', {}, task.taskId)),
        statusBadge(task.status),
        task.dryRun ? h('span', { className: 'badge' }, 'dry run') : null,
        h('span', { className: 'muted' }, task.createdAt ? `created ${formatAge(task.createdAt)} ago` : ''),
        ACTIVE.has(task.status)
          ? h('button', { type: 'button', className: 'danger', onclick: () => cancel(task.taskId), 'aria-label': `Cancel cleanup ${task.taskId}` }, 'Cancel')
          : null),
      h('p', { className: 'images' }, (task.images && task.images.length ? task.images : ['every unused image']).map((image) => h('code', {}, image)),
        (task.keep || []).length ? h('span', { className: 'muted' }, ' keep: ', ...(task.keep || []).map((k) => h('code', {}, k))) : null),
      progressBar(p.percentage, `Progress of cleanup ${task.taskId}`),
      h('p', { className: 'muted' }, counts),
      task.message ? h('p', { className: 'muted' }, task.message) : null,
      task.pollError ? h('p', { className: 'row-error' }, task.pollError) : null,
      results.length ? details(task, 'node-results', `${results.length} node result${results.length === 1 ? '' : 's'}`,
        ['Node', 'Images', 'Bytes', 'Kept', 'Removed'], results.map((r) => h('tr', {},
          h('td', {}, r.node), h('td', {}, String(r.imagesRemoved)), h('td', {}, formatBytes(r.bytesFreed)),
          h('td', {}, String(r.kept)), h('td', {}, (r.removed || []).join(', '))))) : null,
      failed.length ? details(task, 'failed-nodes', `${failed.length} failed node${failed.length === 1 ? '' : 's'}`,
        ['Node', 'Reason', 'Message', 'When'], failed.map((f) => h('tr', {},
          h('td', {}, f.nodeName), h('td', {}, f.reason), h('td', {}, f.message),
          h('td', {}, f.timestamp ? `${formatAge(f.timestamp)} ago` : '')))) : null);
  }

  await refreshList();
  timer = setTimeout(poll, POLL_MS);
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
