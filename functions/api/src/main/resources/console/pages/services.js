// Mini-Kubernetes services (seed 001): every service with its status.
import { ApiError, get } from '../api.js';
import { formatAge, h, notice, statusBadge, table } from '../ui.js';

export const title = 'Services';

export async function render(section) {
  const list = h('div', { id: 'service-list' });
  section.append(h('div', { className: 'toolbar' }, h('button', { type: 'button', onclick: () => load() }, 'Refresh')), list);

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
    list.replaceChildren(table(['Name', 'Image', 'Status', 'Replicas', 'Node port', 'Origin', 'Created'],
      services.map((s) => h('tr', { dataset: { service: s.id } },
        h('td', {}, h('strong', {}, s.name), h('div', { className: 'muted' }, h('code', {}, s.id))),
        h('td', {}, h('code', {}, s.image)),
        h('td', {}, statusBadge(s.status)),
        h('td', { className: 'num' }, s.replicas ?? ''),
        h('td', { className: 'num' }, s.published_port ?? '—'),
        h('td', {}, s.origin ?? ''),
        h('td', {}, s.created ? `${formatAge(s.created)} ago` : ''))),
      'Services, oldest first'));
  }

  await load();
  return undefined;
}
