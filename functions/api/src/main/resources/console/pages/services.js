// Mini-Kubernetes services (seed 001): every service with its status; start one, delete one.
import { ApiError, del, get, post } from '../api.js';
import { attempt, confirmAction, field, formatAge, h, notice, statusBadge, table } from '../ui.js';

export const title = 'Services';

export async function render(section) {
  const list = h('div', { id: 'service-list' });
  const image = h('input', { id: 'service-image', type: 'text', required: true, placeholder: 'nginx:1.27', autocomplete: 'off' });
  const attach = h('input', { id: 'service-attach', type: 'checkbox' });
  const publish = h('select', { id: 'service-publish' },
    h('option', { value: 'none' }, 'not published'),
    h('option', { value: 'assigned' }, 'a node port the cluster picks'),
    h('option', { value: 'port' }, 'this node port'));
  const nodePort = h('input', { id: 'service-node-port', type: 'number', min: '30000', max: '32767', inputmode: 'numeric', disabled: true });
  publish.addEventListener('change', () => { nodePort.disabled = publish.value !== 'port'; });
  const form = h('form', { className: 'card', id: 'service-create', 'aria-labelledby': 'service-create-title' },
    h('h3', { id: 'service-create-title' }, 'Start a service'),
    h('div', { className: 'row' },
      field('Image', image),
      field('Publish port 80 on', publish),
      field('Node port', nodePort, '30000-32767')),
    h('div', { className: 'actions' },
      h('label', { className: 'check', for: 'service-attach' }, attach, ' run to completion and show its output'),
      h('span', { className: 'spacer' }),
      h('button', { type: 'submit', className: 'primary' }, 'Start')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { image: image.value.trim() };
    if (attach.checked) {
      body.detached = false;
    }
    if (publish.value === 'assigned') {
      body.publish = true;
    } else if (publish.value === 'port') {
      body.publish = Number(nodePort.value);
    }
    const answer = await attempt(() => post('/services', body), (a) => (a.data.outcome
      ? `Ran ${a.data.name}: ${a.data.outcome}${a.data.exit_code === null || a.data.exit_code === undefined ? '' : `, exit code ${a.data.exit_code}`}.`
      : `Started ${body.image}.`));
    if (answer) {
      await load();
    }
  });

  section.append(form,
    h('div', { className: 'toolbar' }, h('button', { type: 'button', onclick: () => load() }, 'Refresh')), list);

  async function remove(service) {
    const what = service.detached ? 'its Deployment and Service' : 'its Job';
    if (!await confirmAction(`Delete service ${service.name}: ${what}, and its pods?`, 'Delete')) {
      return;
    }
    const answer = await attempt(() => del(`/services/${encodeURIComponent(service.id)}`),
      (a) => `Deleted ${a.data.name}: ${(a.data.deleted || []).join(', ')}.`);
    if (answer) {
      await load();
    }
  }

  async function load() {
    let services;
    try {
      services = (await get('/services')).data;
    } catch (e) {
      // Seed 001 answers 404 {"error": "Not found"} when there is no service at all.
      if (e instanceof ApiError && e.status === 404) {
        services = [];
      } else {
        notice(e.message);
        return;
      }
    }
    if (!services.length) {
      list.replaceChildren(h('p', { className: 'empty' }, 'No services yet.'));
      return;
    }
    list.replaceChildren(table(['Name', 'Image', 'Status', 'Replicas', 'Node port', 'Origin', 'Created', ''],
      services.map((s) => h('tr', { dataset: { service: s.id } },
        h('td', {}, h('strong', {}, s.name), h('div', { className: 'muted' }, h('code', {}, s.id))),
        h('td', {}, h('code', {}, s.image)),
        h('td', {}, statusBadge(s.status)),
        h('td', { className: 'num' }, s.replicas ?? ''),
        h('td', { className: 'num' }, s.published_port ?? '—'),
        h('td', {}, s.origin ?? ''),
        h('td', {}, s.created ? `${formatAge(s.created)} ago` : ''),
        h('td', {}, h('button', {
          type: 'button', className: 'danger', 'aria-label': `Delete ${s.name}`, onclick: () => remove(s),
        }, 'Delete')))),
      'Services, oldest first'));
  }

  await load();
  return undefined;
}
