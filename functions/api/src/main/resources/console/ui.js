// Small DOM helpers shared by the pages: element building, the confirmation dialog, notices, formatting.

/** h('button', {type: 'button', onclick: f}, 'Text', child...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'className') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Asks the user to confirm an action in a modal dialog; resolves to true when confirmed. */
export function confirmAction(text, confirmLabel = 'Confirm') {
  const dialog = document.getElementById('confirm-dialog');
  // A new action: what the last one said no longer applies.
  clearNotice();
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  document.getElementById('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

let noticeTimer;

/** Shows a message above the page: kind 'error' stays until replaced, 'ok' fades after a few seconds. */
export function notice(message, kind = 'error') {
  const box = document.getElementById('notice');
  clearTimeout(noticeTimer);
  box.replaceChildren(h('span', {}, message), h('button', {
    type: 'button', className: 'quiet', 'aria-label': 'Dismiss message', onclick: () => { box.hidden = true; },
  }, '×'));
  box.className = kind;
  box.hidden = false;
  if (kind !== 'error') {
    noticeTimer = setTimeout(() => { box.hidden = true; }, 6000);
  }
}

export function clearNotice() {
  document.getElementById('notice').hidden = true;
}

/** Runs an action, showing the server's error message when it fails; resolves to its result or undefined. */
export async function attempt(action, success) {
  try {
    const result = await action();
    if (success) {
      notice(typeof success === 'function' ? success(result) : success, 'ok');
    }
    return result;
  } catch (e) {
    notice(e.message);
    return undefined;
  }
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(Number(bytes))) {
    return '';
  }
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatAge(iso) {
  if (!iso) {
    return '';
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** A progress bar the browser and screen readers understand, with the percentage written next to it. */
export function progressBar(percentage, label) {
  const value = Math.max(0, Math.min(100, Number(percentage) || 0));
  return h('div', { className: 'progress' },
    h('progress', { max: '100', value: String(value), 'aria-label': label }),
    h('span', { className: 'percent' }, `${value.toFixed(value % 1 ? 1 : 0)} %`));
}

export function statusBadge(status) {
  const text = status === undefined || status === null ? 'unknown' : String(status);
  return h('span', { className: `badge status-${text.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, text);
}

export function table(headers, rows, caption) {
  return h('div', { className: 'table-wrap' },
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows)));
}

let fieldCounter = 0;

/** A labelled form field: field('Images', h('textarea', {...})). */
export function field(label, control, hint) {
  const id = control.id || `field-${++fieldCounter}`;
  control.id = id;
  return h('div', { className: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { className: 'hint' }, hint) : null);
}
