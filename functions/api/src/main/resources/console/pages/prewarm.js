// Prewarm tasks: create one, watch every task's progress bar live, read failed nodes, cancel.
import { post } from '../api.js';
import { attempt, confirmAction, field, h } from '../ui.js';
import { readSelector, taskList } from '../tasks.js';

export const title = 'Prewarm tasks';

export async function render(section) {
  const tasks = taskList({
    noun: 'task', route: '/api/v1/tasks', heading: 'Tasks', empty: 'No prewarm tasks yet.',
    listId: 'task-list', filterId: 'task-status-filter', cancelNote: 'Nodes that already pulled keep their images.',
  });

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
  section.append(form, ...tasks.elements);

  async function create(event) {
    event.preventDefault();
    const names = images.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const nodeSelector = readSelector(selector);
    if (!nodeSelector) {
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
      await tasks.add(answer.data);
    }
  }

  return tasks.start();
}
