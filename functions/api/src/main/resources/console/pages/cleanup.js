// Image cleanups: create one (or a dry run), watch every cleanup's bar live, read per-node results and failed nodes, cancel.
import { post } from '../api.js';
import { attempt, confirmAction, field, formatBytes, h } from '../ui.js';
import { readSelector, taskList } from '../tasks.js';

export const title = 'Image cleanups';

function lines(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

export async function render(section) {
  const tasks = taskList({
    noun: 'cleanup', route: '/api/v1/cleanups', heading: 'Cleanups', empty: 'No cleanups yet.',
    listId: 'cleanup-list', filterId: 'cleanup-status-filter', cancelNote: 'What was removed stays removed.',
    badges: (task) => (task.dryRun ? h('span', { className: 'badge' }, 'dry run') : null),
    images: (task) => [
      (task.images && task.images.length ? task.images : ['every unused image']).map((image) => h('code', {}, image)),
      (task.keep || []).length ? h('span', { className: 'muted' }, ' keep: ', ...task.keep.map((k) => h('code', {}, k))) : null],
    counts: (task) => [`${task.imagesRemoved ?? 0} images ${task.dryRun ? 'would be removed' : 'removed'}, `
      + `${formatBytes(task.bytesFreed ?? 0)} ${task.dryRun ? 'would be freed' : 'freed'}`],
    sections: (task) => {
      const results = task.nodeResults || [];
      return results.length ? [{
        key: 'node-results', summary: `${results.length} node result${results.length === 1 ? '' : 's'}`,
        headers: ['Node', 'Images', 'Bytes', 'Kept', 'Removed'],
        rows: results.map((r) => h('tr', {},
          h('td', {}, r.node), h('td', {}, String(r.imagesRemoved)), h('td', {}, formatBytes(r.bytesFreed)),
          h('td', {}, String(r.kept)), h('td', {}, (r.removed || []).join(', ')))),
      }] : [];
    },
  });

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
  section.append(form, ...tasks.elements);

  async function create(event) {
    event.preventDefault();
    const nodeSelector = readSelector(selector);
    if (!nodeSelector) {
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
      await tasks.add(answer.data);
    }
  }

  return tasks.start();
}
