// Prewarm tasks: create one, watch every task's progress bar live, read failed nodes, cancel.
import { del, get, post } from '../api.js';
import { attempt, confirmAction, field, formatAge, h, progressBar, statusBadge, table } from '../ui.js';

export const title = 'Prewarm tasks';

const POLL_MS = 1000;
const ACTIVE = new Set(['pending', 'running']);
/** Every this many polls the list is read again too. */
const LIST_EVERY = 5;

export async function render(section) {
  const tasks = new Map();
  let timer = null;
  let ticks = 0;
  const openDetails = new Set();
  let disposed = false;

  const images = h('textarea', { id: 'prewarm-images', rows: '3', required: true, placeholder: 'nginx:1.27\nbusybox:1.36', spellcheck: 'false' });
  const batchSize = h('input', { id: 'prewarm-batch', type: 'number', min: '1', max: '500', value: '10', inputmode: 'numeric' });
  const selector = h('input', { id: 'prewarm-selector', type: 'text', placeholder: 'pool=gpu, zone=a', autocomplete: 'off' });
  const strategy = h('select', { id: 'prewarm-strategy' },
    h('option', { value: 'batch' }, 'batch'), h('option', { value: 'window' }, 'window'));
  const form = h('form', { className: 'card create-form', 'aria-labelledby': 'prewarm-create-title' },
    h('h3', { id: 'prewarm-create-title' }, 'New prewarm task'),
    field('Images (one per line)', images),
    h('div', { className: 'row' },
      field('Batch size', batchSize, 'nodes pulling at once'),
      field('Strategy', strategy, 'batch: each batch waits for its slowest node; window: the next node starts as soon as one finishes'),
      field('Node selector', selector, 'key=value, comma separated; empty: every Ready node')),
    h('button', { type: 'submit', className: 'primary' }, 'Create task'));
  form.addEventListener('submit', create);

  const statusFilter = h('select', { id: 'task-status-filter' },
    ['', 'pending', 'running', 'completed', 'failed', 'cancelled'].map((s) => h('option', { value: s }, s || 'any')));
  statusFilter.addEventListener('change', () => refreshList());
  const list = h('div', { id: 'task-list', className: 'task-list' });
  section.append(form,
    h('div', { className: 'toolbar' }, h('h3', {}, 'Tasks'), field('Status', statusFilter),
      h('button', { type: 'button', onclick: () => refreshList() }, 'Refresh')),
    list);

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

  async function create(event) {
    event.preventDefault();
    const names = images.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    let nodeSelector;
    try {
      nodeSelector = parseSelector(selector.value);
    } catch (e) {
      attempt(() => { throw e; });
      return;
    }
    const body = { images: names, batchSize: Number(batchSize.value) };
    if (Object.keys(nodeSelector).length) {
      body.nodeSelector = nodeSelector;
    }
    if (strategy.value === 'window') {
      body.strategy = 'window';
    }
    const where = Object.keys(nodeSelector).length ? `nodes matching ${selector.value.trim()}` : 'every Ready node';
    const pace = body.strategy === 'window' ? `at most ${body.batchSize} nodes at a time, the next as soon as one finishes`
      : `${body.batchSize} nodes at a time`;
    if (!await confirmAction(`Prewarm ${names.join(', ')} on ${where}, ${pace}?`, 'Create task')) {
      return;
    }
    const answer = await attempt(() => post('/api/v1/tasks', body), (a) => `Created task ${a.data.taskId}.`);
    if (answer) {
      tasks.set(answer.data.taskId, answer.data);
      await refreshList();
    }
  }

  async function cancel(id) {
    if (!await confirmAction(`Cancel task ${id}? Nodes that already pulled keep their images.`, 'Cancel task')) {
      return;
    }
    if (await attempt(() => del(`/api/v1/tasks/${encodeURIComponent(id)}`), `Cancelled task ${id}.`)) {
      await refreshOne(id);
      draw();
    }
  }

  async function refreshOne(id) {
    try {
      const { data } = await get(`/api/v1/tasks/${encodeURIComponent(id)}`);
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
    const read = () => get(`/api/v1/tasks?limit=50${status ? `&status=${status}` : ''}`);
    const answer = quiet ? await read().catch(() => undefined) : await attempt(read);
    if (!answer || disposed) {
      return;
    }
    const listed = answer.data.tasks || [];
    tasks.clear();
    // The list carries a summary; each task's own route has batches, failed nodes and the full progress.
    await Promise.all(listed.map(async (task) => {
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
      // Now and then the whole list, so tasks created elsewhere show up.
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

  let total;
  function draw(newTotal) {
    if (newTotal !== undefined) {
      total = newTotal;
    }
    const ordered = [...tasks.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    if (!ordered.length) {
      list.replaceChildren(h('p', { className: 'empty' }, 'No prewarm tasks yet.'));
      return;
    }
    const more = total !== undefined && total > ordered.length;
    list.replaceChildren(...(more ? [h('p', { className: 'summary' }, `Showing ${ordered.length} of ${total}.`)] : []),
      ...ordered.map(taskCard));
  }

  function taskCard(task) {
    const p = task.progress || {};
    const failed = task.failedNodeDetails || [];
    const counts = [
      `${(p.completedNodes ?? 0)} of ${p.totalNodes ?? '?'} nodes done`,
      p.failedNodes ? `${p.failedNodes} failed` : null,
      p.totalBatches ? `batch ${p.currentBatch ?? 0} of ${p.totalBatches}` : null,
    ].filter(Boolean).join(' · ');
    return h('article', { className: 'card task', dataset: { taskId: task.taskId, status: task.status }, 'aria-label': `Task ${task.taskId}` },
      h('header', {},
        h('h4', {}, h('code', {}, task.taskId)),
        statusBadge(task.status),
        h('span', { className: 'muted' }, task.createdAt ? `created ${formatAge(task.createdAt)} ago` : ''),
        ACTIVE.has(task.status)
          ? h('button', { type: 'button', className: 'danger', onclick: () => cancel(task.taskId), 'aria-label': `Cancel task ${task.taskId}` }, 'Cancel')
          : null),
      h('p', { className: 'images' }, (task.images || []).map((image) => h('code', {}, image))),
      progressBar(p.percentage, `Progress of task ${task.taskId}`),
      h('p', { className: 'muted' }, counts),
      task.message ? h('p', { className: 'muted' }, task.message) : null,
      task.pollError ? h('p', { className: 'row-error' }, task.pollError) : null,
      failed.length ? h('details', {
        className: 'failed-nodes', open: openDetails.has(task.taskId),
        ontoggle: (event) => (event.target.open ? openDetails.add(task.taskId) : openDetails.delete(task.taskId)),
      },
        h('summary', {}, `${failed.length} failed node${failed.length === 1 ? '' : 's'}`),
        table(['Node', 'Reason', 'Message', 'When'], failed.map((f) => h('tr', {},
          h('td', {}, f.nodeName), h('td', {}, f.reason), h('td', {}, f.message), h('td', {}, f.timestamp ? `${formatAge(f.timestamp)} ago` : ''))))) : null);
  }

  await refreshList();
  timer = setTimeout(poll, POLL_MS);
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
