// Tenant jobs (seed 003): one tenant's jobs, their pods, and a job's log.
import { get } from '../api.js';
import { attempt, field, formatAge, h, statusBadge, table } from '../ui.js';

export const title = 'Tenant jobs';

export async function render(section, [initialTenant = '']) {
  const tenantInput = h('input', { id: 'tenant-id', type: 'text', required: true, value: initialTenant || 'tenant-a', autocomplete: 'off' });
  const pick = h('form', { className: 'toolbar', 'aria-label': 'Choose a tenant' },
    field('Tenant', tenantInput), h('button', { type: 'submit', className: 'primary' }, 'Show jobs'));
  pick.addEventListener('submit', (event) => {
    event.preventDefault();
    const tenant = tenantInput.value.trim();
    if (`#/jobs/${encodeURIComponent(tenant)}` === location.hash) {
      load(tenant);
    } else {
      location.hash = `#/jobs/${encodeURIComponent(tenant)}`;
    }
  });
  const list = h('div', { id: 'job-list' });
  const log = h('div', { id: 'job-log' });
  section.append(pick, list, log);

  const query = (tenant, name) => `/pods?tenant=${encodeURIComponent(tenant)}${name ? `&name=${encodeURIComponent(name)}` : ''}`;

  async function showLog(tenant, name) {
    const answer = await attempt(() => get(query(tenant, name)));
    if (!answer) {
      return;
    }
    const text = answer.data.log && answer.data.log.text;
    log.replaceChildren(h('div', { className: 'card' }, h('h3', {}, 'Log of ', h('code', {}, name)),
      h('pre', { className: 'log', tabindex: '0' }, text ?? '(the container has not started yet)')));
  }

  async function load(tenant) {
    log.replaceChildren();
    const answer = await attempt(() => get(query(tenant)));
    if (!answer) {
      list.replaceChildren();
      return;
    }
    const jobs = answer.data || [];
    if (!jobs.length) {
      list.replaceChildren(h('p', { className: 'empty' }, `${tenant} has no jobs.`));
      return;
    }
    list.replaceChildren(table(['Job', 'Status', 'Created', 'Pods', ''], jobs.map((job) => h('tr', { dataset: { job: job.name } },
      h('td', {}, h('code', {}, job.name)),
      h('td', {}, statusBadge(job.status), job.reason ? h('div', { className: 'muted' }, `${job.reason}${job.message ? `: ${job.message}` : ''}`) : null),
      h('td', {}, job.createdAt ? `${formatAge(job.createdAt)} ago` : ''),
      h('td', {}, (job.pods || []).map((pod) => h('div', {}, h('code', {}, pod.name), ' ', statusBadge(pod.phase),
        pod.exitCode !== undefined && pod.exitCode !== null ? ` exit ${pod.exitCode}` : '', pod.reason ? ` ${pod.reason}` : ''))),
      h('td', {}, h('button', { type: 'button', onclick: () => showLog(tenant, job.name), 'aria-label': `Show the log of ${job.name}` }, 'Log')))),
    `Jobs of ${tenant}, newest first`));
  }

  const tenant = initialTenant.trim() || 'tenant-a';
  await load(tenant);
  return undefined;
}
