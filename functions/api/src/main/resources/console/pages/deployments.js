// Simplified deployments (seed 004): every service with one line of status; a service id's document, deploy it,
// its status (pods, volumes, rollout, events), delete it.
import { ApiError, del, get, put } from '../api.js';
import { attempt, confirmAction, field, formatAge, h, statusBadge, table } from '../ui.js';

export const title = 'Deployments';

const EXAMPLE = `containers:
  - name: nginx
    image: "nginx:latest"
    ports:
      - name: default
        port: 80
    volumeMounts:
      - name: mydata
        mountPath: /mydata
volumes:
  - name: mydata
    size: 1Gi
`;

const path = (id, suffix = '') => `/kubernetes/services/${encodeURIComponent(id)}${suffix}`;

/** Every stored or deployed service, one line each, linking to its page. */
async function loadList(list) {
  let apps;
  try {
    apps = (await get('/kubernetes/services')).data;
  } catch (e) {
    list.replaceChildren(h('p', { className: 'row-error' }, e.message));
    return;
  }
  if (!apps.length) {
    list.replaceChildren(h('p', { className: 'empty' }, 'No services yet: pick an id above to write a document and deploy it.'));
    return;
  }
  list.replaceChildren(table(['Service', 'Document', 'Deployed', 'Ready', 'State'],
    apps.map((app) => h('tr', { dataset: { app: app.id } },
      h('td', {}, h('a', { href: `#/deployments/${encodeURIComponent(app.id)}` }, h('strong', {}, app.id)),
        app.name ? h('div', { className: 'muted' }, app.name) : null),
      h('td', {}, app.document ? 'stored' : '—'),
      h('td', {}, app.deployed ? 'yes' : 'no'),
      h('td', { className: 'num' }, app.deployed ? `${app.readyReplicas}/${app.replicas}` : '—'),
      h('td', {}, statusBadge(app.state)))),
    'Services, by id'));
}

export async function render(section, [initialId = '']) {
  const idInput = h('input', { id: 'service-id', type: 'text', required: true, value: initialId || 'web', pattern: '[a-z0-9\\-]{1,38}', autocomplete: 'off' });
  const pick = h('form', { className: 'toolbar', 'aria-label': 'Choose a service' },
    field('Service id', idInput, 'lowercase letters, digits, -'),
    h('button', { type: 'submit', className: 'primary' }, 'Show'));
  pick.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/deployments/${encodeURIComponent(idInput.value.trim())}`;
  });

  const status = h('div', { className: 'card', id: 'deployment-status' });
  const name = h('input', { id: 'doc-name', type: 'text', autocomplete: 'off' });
  const yaml = h('textarea', { id: 'doc-deployment', rows: '14', spellcheck: 'false', className: 'code' });
  const exposedService = h('input', { id: 'doc-exposed-service', type: 'text', autocomplete: 'off' });
  const exposedPort = h('input', { id: 'doc-exposed-port', type: 'number', min: '1', max: '65535', inputmode: 'numeric' });
  const alsoDocument = h('input', { id: 'doc-delete-too', type: 'checkbox' });
  const docState = h('p', { className: 'muted', id: 'doc-state' });
  const editor = h('form', { className: 'card', 'aria-labelledby': 'doc-title' },
    h('h3', { id: 'doc-title' }, 'Service document'), docState,
    field('Name', name),
    field('Deployment (YAML)', yaml),
    h('div', { className: 'row' }, field('Exposed container', exposedService), field('Exposed port', exposedPort, 'optional when the container has one port')),
    h('div', { className: 'actions' },
      h('button', { type: 'button', onclick: () => save() }, 'Save document'),
      h('button', { type: 'button', className: 'primary', onclick: () => deploy() }, 'Deploy'),
      h('span', { className: 'spacer' }),
      h('label', { className: 'check', for: 'doc-delete-too' }, alsoDocument, ' also delete the stored document'),
      h('button', { type: 'button', className: 'danger', onclick: () => remove() }, 'Delete service')));

  section.append(pick);
  const id = initialId.trim();
  if (!id) {
    const list = h('div', { id: 'deployment-list' });
    section.append(list);
    await loadList(list);
    return undefined;
  }
  section.append(h('div', { className: 'two-columns' }, status, editor));

  function documentBody() {
    const body = { name: name.value, deployment: yaml.value, exposed_service: exposedService.value };
    if (exposedPort.value !== '') {
      body.exposed_port = Number(exposedPort.value);
    }
    return body;
  }

  async function save() {
    if (!await confirmAction(`Store this document as service ${id}? It replaces the stored one; nothing is deployed yet.`, 'Save document')) {
      return false;
    }
    return Boolean(await attempt(() => put(path(id, '/document'), documentBody()), `Stored the document of ${id}.`));
  }

  async function deploy() {
    if (!await confirmAction(`Store the document and deploy service ${id}? Its Deployment, Service and volumes are created or updated.`, 'Deploy')) {
      return;
    }
    if (!await attempt(() => put(path(id, '/document'), documentBody()))) {
      return;
    }
    const answer = await attempt(() => put(path(id, '/deploy')),
      (a) => `Deployed ${id}: ${a.headers.get('Deckhand-Changes') || 'done'}.`);
    if (answer) {
      await loadStatus();
      setTimeout(loadStatus, 1500);
    }
  }

  async function remove() {
    const withDocument = alsoDocument.checked;
    if (!await confirmAction(`Delete service ${id}: its Deployment, Service and volumes with their data${withDocument ? ', and its stored document' : ''}?`, 'Delete')) {
      return;
    }
    const answer = await attempt(() => del(path(id, `?document=${withDocument}`)),
      (a) => `Deleted ${(a.data.deleted || []).join(', ') || 'nothing'}.`);
    if (answer) {
      await Promise.all([loadStatus(), withDocument ? loadDocument() : null]);
    }
  }

  async function loadDocument() {
    try {
      const { data } = await get(path(id, '/document'));
      name.value = data.name ?? '';
      yaml.value = data.deployment ?? '';
      exposedService.value = data.exposed_service ?? '';
      exposedPort.value = data.exposed_port ?? '';
      docState.textContent = 'The stored document.';
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        docState.textContent = e.message;
        return;
      }
      docState.textContent = 'No stored document: an example to start from.';
      name.value = 'My NGINX Service';
      yaml.value = EXAMPLE;
      exposedService.value = 'nginx';
      exposedPort.value = '80';
    }
  }

  async function loadStatus() {
    let data;
    try {
      ({ data } = await get(path(id)));
    } catch (e) {
      status.replaceChildren(h('h3', {}, `Status of ${id}`),
        h('p', { className: e instanceof ApiError && e.status === 404 ? 'empty' : 'row-error' },
          e instanceof ApiError && e.status === 404 ? `${id} is not deployed.` : e.message));
      return;
    }
    const rollout = data.rollout || {};
    status.replaceChildren(
      h('h3', {}, `Status of ${id}`),
      h('dl', { className: 'facts' },
        h('dt', {}, 'Replicas'), h('dd', {}, `${data.currentReplicas ?? 0} of ${data.replicas ?? 0}`),
        h('dt', {}, 'Rollout'), h('dd', {}, rollout.complete ? statusBadge('complete') : statusBadge('progressing'),
          ` ready ${rollout.readyReplicas ?? 0}, updated ${rollout.updatedReplicas ?? 0}, available ${rollout.availableReplicas ?? 0}`)),
      table(['Pod', 'Phase', 'Containers'], (data.pods || []).map((pod) => h('tr', {},
        h('td', {}, h('code', {}, pod.name)), h('td', {}, statusBadge(pod.phase)),
        h('td', {}, (pod.containers || []).map((c) => h('div', {},
          `${c.name}: ${c.state}${c.reason ? ` (${c.reason})` : ''}${c.ready ? ', ready' : ', not ready'}`))))), 'Pods'),
      table(['Volume', 'Phase', 'Capacity'], (data.volumes || []).map((volume) => h('tr', {},
        h('td', {}, volume.name), h('td', {}, statusBadge(volume.phase)), h('td', {}, volume.capacity ?? ''))), 'Volumes'),
      (data.events || []).length ? h('details', {}, h('summary', {}, `${data.events.length} events`),
        table(['Reason', 'Message', 'Age'], data.events.map((event) => h('tr', {},
          h('td', {}, event.reason), h('td', {}, event.message ?? ''), h('td', {}, formatAge(event.lastTimestamp || event.timestamp || event.time)))))) : null,
      h('button', { type: 'button', onclick: () => loadStatus() }, 'Refresh status'));
  }

  await Promise.all([loadStatus(), loadDocument()]);
  return undefined;
}
