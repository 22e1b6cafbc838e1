// Nodes and the images they hold: a matrix of nodes x images (size in each cell), filters, pull and delete.
import { get, post } from '../api.js';
import { attempt, confirmAction, field, formatBytes, h, notice } from '../ui.js';

export const title = 'Nodes';

/** How many nodes' images are read at once (one POST /list each). */
const PARALLEL_LISTS = 8;

const imageKey = (image) => `${image.imageName}:${image.imageVersion}`;

/** Docker Hub's implied prefixes left out of the column heads (the full reference is in their title). */
const shortName = (key) => key.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');

/** An image reference that may wrap only after a '/' or ':' (registry, path, tag), never inside one of its parts. */
const breakable = (name) => name.split(/(?<=[/:])/)
  .flatMap((part, i) => [i ? h('wbr') : null, h('span', { className: 'part' }, part)]).filter(Boolean);

export async function render(section) {
  // failedPulls: "node image" -> the runtime's words, shown in that node's cell until the node is listed again.
  const state = { nodes: [], images: new Map(), errors: new Map(), failedPulls: new Map(), nodeFilter: '', imageFilter: '' };
  const matrix = h('div', { className: 'matrix-wrap' });
  const summary = h('p', { className: 'summary', 'aria-live': 'polite' });

  const nodeFilter = h('input', { type: 'search', id: 'node-filter', placeholder: 'e.g. node-1', autocomplete: 'off' });
  const imageFilter = h('input', { type: 'search', id: 'image-filter', placeholder: 'e.g. nginx', autocomplete: 'off' });
  nodeFilter.addEventListener('input', () => { state.nodeFilter = nodeFilter.value.trim().toLowerCase(); draw(); });
  imageFilter.addEventListener('input', () => { state.imageFilter = imageFilter.value.trim().toLowerCase(); draw(); });

  const pullImage = h('input', { type: 'text', id: 'pull-image', required: true, placeholder: 'busybox:1.36', autocomplete: 'off' });
  const pullNode = h('select', { id: 'pull-node', required: true });
  const pullForm = h('form', { className: 'inline-form', 'aria-label': 'Pull an image on a node' },
    field('Image', pullImage), field('Node', pullNode),
    h('button', { type: 'submit', className: 'primary' }, 'Pull image'));
  pullForm.addEventListener('submit', (event) => {
    event.preventDefault();
    pull(pullNode.value, pullImage.value.trim());
  });

  section.append(
    h('div', { className: 'toolbar' },
      field('Filter nodes', nodeFilter), field('Filter images', imageFilter),
      h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    pullForm, summary, matrix);

  async function listNode(node) {
    try {
      const { data } = await post('/list', { node_name: node });
      state.images.set(node, data);
      state.errors.delete(node);
    } catch (e) {
      state.images.set(node, []);
      state.errors.set(node, e.message);
    }
  }

  async function load() {
    const answer = await attempt(() => get('/get/nodes'));
    if (!answer) {
      return;
    }
    state.nodes = answer.data;
    pullNode.replaceChildren(...state.nodes.map((node) => h('option', { value: node }, node)));
    const queue = [...state.nodes];
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LISTS, queue.length) }, async () => {
      while (queue.length) {
        await listNode(queue.shift());
      }
    }));
    draw();
  }

  async function pull(node, image) {
    if (!node || !image) {
      return;
    }
    if (!await confirmAction(`Pull ${image} on ${node}? The node's runtime downloads it now.`, 'Pull')) {
      return;
    }
    try {
      await post('/pull', { node_name: node, image });
      state.failedPulls.delete(`${node} ${image}`);
      notice(`Pulled ${image} on ${node}.`, 'ok');
      await listNode(node);
    } catch (e) {
      state.failedPulls.set(`${node} ${image}`, e.message);
      notice(`Pull of ${image} on ${node} failed: ${e.message}`);
    }
    draw();
  }

  async function remove(node, image) {
    if (!await confirmAction(`Delete ${image} from ${node}? The runtime removes the image with all its tags.`, 'Delete')) {
      return;
    }
    const done = await attempt(() => post('/delete', { node_name: node, image }), `Deleted ${image} from ${node}.`);
    if (done) {
      await listNode(node);
      draw();
    }
  }

  function draw() {
    const allImages = new Map();
    for (const list of state.images.values()) {
      for (const image of list) {
        allImages.set(imageKey(image), image);
      }
    }
    const nodes = state.nodes.filter((node) => node.toLowerCase().includes(state.nodeFilter));
    const failedImages = [...state.failedPulls.keys()].map((key) => key.slice(key.indexOf(' ') + 1));
    const imageKeys = new Set([...allImages.keys(), ...failedImages]);
    const images = [...imageKeys].sort().filter((key) => key.toLowerCase().includes(state.imageFilter));
    summary.textContent = `${nodes.length} of ${state.nodes.length} nodes, ${images.length} of ${imageKeys.size} images.`
      + (state.failedPulls.size ? ` ${state.failedPulls.size} failed ${state.failedPulls.size === 1 ? 'pull' : 'pulls'}: ${
        [...state.failedPulls.keys()].map((key) => key.replace(' ', ': ')).join(', ')}.` : '');
    if (!state.nodes.length) {
      matrix.replaceChildren(h('p', { className: 'empty' }, 'The cluster has no nodes.'));
      return;
    }
    const header = h('tr', {}, h('th', { scope: 'col', className: 'corner' }, 'Node \\ image'),
      images.map((key) => h('th', { scope: 'col', className: 'image-head', title: key, dataset: { image: key } }, breakable(shortName(key)))));
    const rows = nodes.map((node) => {
      const held = new Map((state.images.get(node) || []).map((image) => [imageKey(image), image]));
      const error = state.errors.get(node);
      const cells = error
        ? [h('td', { colspan: String(Math.max(1, images.length)), className: 'row-error' }, `Images unavailable: ${error}`)]
        : images.map((key) => {
          const image = held.get(key);
          const failed = state.failedPulls.get(`${node} ${key}`);
          if (!image && failed) {
            return h('td', { className: 'failed', title: `Pull of ${key} on ${node} failed: ${failed}`, dataset: { node, image: key } },
              h('span', {}, 'pull failed'),
              h('button', {
                type: 'button', className: 'cell-action', title: `Pull ${key} on ${node}`,
                'aria-label': `Pull ${key} on ${node}`, onclick: () => pull(node, key),
              }, 'retry'));
          }
          if (!image) {
            const reference = key;
            return h('td', { className: 'absent' },
              h('span', { 'aria-hidden': 'true' }, '—'),
              reference.endsWith(':<none>') ? null : h('button', {
                type: 'button', className: 'cell-action', title: `Pull ${reference} on ${node}`,
                'aria-label': `Pull ${reference} on ${node}`, onclick: () => pull(node, reference),
              }, 'pull'));
          }
          return h('td', { className: 'present', dataset: { node, image: key } },
            h('span', { className: 'size' }, formatBytes(image.imageSize)),
            image.imageVersion === '<none>' ? null : h('button', {
              type: 'button', className: 'cell-action danger', title: `Delete ${key} from ${node}`,
              'aria-label': `Delete ${key} from ${node}`, onclick: () => remove(node, key),
            }, 'delete'));
        });
      return h('tr', { dataset: { node } }, h('th', { scope: 'row' }, node), cells);
    });
    matrix.replaceChildren(h('table', { className: 'matrix', id: 'image-matrix' },
      h('caption', {}, 'Images on each node; a cell shows the image size'),
      h('thead', {}, header), h('tbody', {}, rows)));
  }

  await load();
}
