// What the two pages of node-by-node tasks (prewarm tasks, image cleanups) share: the list with its status filter, a
// card per task with its live progress bar, failed nodes and cancel, and the polling that keeps them current. A page
// says what its kind adds to a card.
import { del, get } from './api.js';
import { attempt, confirmAction, field, formatAge, h, progressBar, statusBadge, table } from './ui.js';

const POLL_MS = 1000;
const ACTIVE = new Set(['pending', 'running']);
/** Every this many polls the list is read again too. */
const LIST_EVERY = 5;

/** "pool=gpu, zone=a" as a node selector object; throws on a part that is not key=value. */
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

/** The node selector typed in `input`; null, with the error shown, when a part is not key=value. */
export function readSelector(input) {
  try {
    return parseSelector(input.value);
  } catch (e) {
    attempt(() => { throw e; });
    return null;
  }
}

/**
 * The list of one kind of task. `kind` says:
 * - noun ('task', 'cleanup'), route ('/api/v1/tasks'), heading ('Tasks'), empty (what an empty list says),
 *   listId and filterId (the elements' ids), cancelNote (what the cancel question adds);
 * - and, each optional, what a task's card adds: badges(task) after its status, images(task) (its image line's
 *   children; default: its images), counts(task) (more parts of its counts line), sections(task) (collapsible tables
 *   before the failed nodes: { key, summary, headers, rows }).
 * Returns { elements, add, start }: the toolbar and list to put on the page, add(task) for a task the page created,
 * and start(), which reads the list, polls, and resolves to the page's dispose function.
 */
export function taskList(kind) {
  const Noun = kind.noun[0].toUpperCase() + kind.noun.slice(1);
  const path = (id) => `${kind.route}/${encodeURIComponent(id)}`;
  const tasks = new Map();
  const openDetails = new Set();
  let timer = null;
  let ticks = 0;
  let disposed = false;
  let total;

  const statusFilter = h('select', { id: kind.filterId },
    ['', 'pending', 'running', 'completed', 'failed', 'cancelled'].map((s) => h('option', { value: s }, s || 'any')));
  statusFilter.addEventListener('change', () => refreshList());
  const list = h('div', { id: kind.listId, className: 'task-list' });
  const elements = [
    h('div', { className: 'toolbar' }, h('h3', {}, kind.heading), field('Status', statusFilter),
      h('button', { type: 'button', onclick: () => refreshList() }, 'Refresh')),
    list,
  ];

  async function cancel(id) {
    if (!await confirmAction(`Cancel ${kind.noun} ${id}? ${kind.cancelNote}`, `Cancel ${kind.noun}`)) {
      return;
    }
    if (await attempt(() => del(path(id)), `Cancelled ${kind.noun} ${id}.`)) {
      await refreshOne(id);
      draw();
    }
  }

  async function refreshOne(id) {
    try {
      const { data } = await get(path(id));
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
    const read = () => get(`${kind.route}?limit=50${status ? `&status=${status}` : ''}`);
    const answer = quiet ? await read().catch(() => undefined) : await attempt(read);
    if (!answer || disposed) {
      return;
    }
    tasks.clear();
    // The list carries a summary; each task's own route has batches, failed nodes and the full progress.
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

  function draw(newTotal) {
    if (newTotal !== undefined) {
      total = newTotal;
    }
    const ordered = [...tasks.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    if (!ordered.length) {
      list.replaceChildren(h('p', { className: 'empty' }, kind.empty));
      return;
    }
    const more = total !== undefined && total > ordered.length;
    list.replaceChildren(...(more ? [h('p', { className: 'summary' }, `Showing ${ordered.length} of ${total}.`)] : []),
      ...ordered.map(card));
  }

  /** A collapsible table that stays open or closed across redraws. */
  function details(task, { key, summary, headers, rows }) {
    const id = `${task.taskId}/${key}`;
    return h('details', {
      className: key, open: openDetails.has(id),
      ontoggle: (event) => (event.target.open ? openDetails.add(id) : openDetails.delete(id)),
    }, h('summary', {}, summary), table(headers, rows));
  }

  function card(task) {
    const p = task.progress || {};
    const failed = task.failedNodeDetails || [];
    const counts = [
      `${(p.completedNodes ?? 0)} of ${p.totalNodes ?? '?'} nodes done`,
      p.failedNodes ? `${p.failedNodes} failed` : null,
      p.totalBatches ? `batch ${p.currentBatch ?? 0} of ${p.totalBatches}` : null,
      ...(kind.counts ? kind.counts(task) : []),
    ].filter(Boolean).join(' · ');
    const sections = kind.sections ? kind.sections(task) : [];
    if (failed.length) {
      sections.push({
        key: 'failed-nodes', summary: `${failed.length} failed node${failed.length === 1 ? '' : 's'}`,
        headers: ['Node', 'Reason', 'Message', 'When'],
        rows: failed.map((f) => h('tr', {},
          h('td', {}, f.nodeName), h('td', {}, f.reason), h('td', {}, f.message),
          h('td', {}, f.timestamp ? `${formatAge(f.timestamp)} ago` : ''))),
      });
    }
    return h('article', { className: 'card task', dataset: { taskId: task.taskId, status: task.status }, 'aria-label': `${Noun} ${task.taskId}` },
      h('header', {},
        h('h4', {}, h('code', {}, task.taskId)),
        statusBadge(task.status),
        kind.badges ? kind.badges(task) : null,
        h('span', { className: 'muted' }, task.createdAt ? `created ${formatAge(task.createdAt)} ago` : ''),
        ACTIVE.has(task.status)
          ? h('button', { type: 'button', className: 'danger', onclick: () => cancel(task.taskId), 'aria-label': `Cancel ${kind.noun} ${task.taskId}` }, 'Cancel')
          : null),
      h('p', { className: 'images' }, kind.images ? kind.images(task) : (task.images || []).map((image) => h('code', {}, image))),
      progressBar(p.percentage, `Progress of ${kind.noun} ${task.taskId}`),
      h('p', { className: 'muted' }, counts),
      task.message ? h('p', { className: 'muted' }, task.message) : null,
      task.pollError ? h('p', { className: 'row-error' }, task.pollError) : null,
      sections.map((section) => details(task, section)));
  }

  return {
    elements,
    async add(task) {
      tasks.set(task.taskId, task);
      await refreshList();
    },
    async start() {
      await refreshList();
      timer = setTimeout(poll, POLL_MS);
      return () => {
        disposed = true;
        clearTimeout(timer);
      };
    },
  };
}
