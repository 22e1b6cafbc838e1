// The console's shell: hash routes (#/nodes, #/prewarm, ...), the token prompt, and each page's lifecycle.
import { forgetToken, onTokenNeeded, setToken } from './api.js';
import { clearNotice, h } from './ui.js';
import * as nodes from './pages/nodes.js';
import * as prewarm from './pages/prewarm.js';
import * as cleanup from './pages/cleanup.js';
import * as deployments from './pages/deployments.js';
import * as jobs from './pages/jobs.js';
import * as services from './pages/services.js';

const PAGES = { nodes, prewarm, cleanup, deployments, jobs, services };
const DEFAULT_PAGE = 'nodes';

let disposeCurrent = () => {};
/** Counts navigations, so a page that finishes loading after the user moved on is dropped. */
let navigation = 0;
let pendingTokenPrompt = null;

function askForToken(reason) {
  if (pendingTokenPrompt) {
    return pendingTokenPrompt;
  }
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-reason').textContent = reason;
  input.value = '';
  pendingTokenPrompt = new Promise((resolve) => {
    const submitted = (event) => {
      event.preventDefault();
      if (!input.value.trim()) {
        input.focus();
        return;
      }
      setToken(input.value);
      dialog.removeEventListener('cancel', keepOpen);
      document.getElementById('token-form').removeEventListener('submit', submitted);
      dialog.close();
      pendingTokenPrompt = null;
      resolve();
    };
    // Without a token nothing works: Escape does not dismiss the prompt.
    const keepOpen = (event) => event.preventDefault();
    dialog.addEventListener('cancel', keepOpen);
    document.getElementById('token-form').addEventListener('submit', submitted);
  });
  dialog.showModal();
  input.focus();
  return pendingTokenPrompt;
}

async function route() {
  const [, name = DEFAULT_PAGE, ...rest] = location.hash.replace(/^#/, '').split('/');
  const page = PAGES[name];
  if (!page) {
    location.replace(`#/${DEFAULT_PAGE}`);
    return;
  }
  const current = ++navigation;
  disposeCurrent();
  disposeCurrent = () => {};
  clearNotice();
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const container = document.getElementById('page');
  container.replaceChildren(h('h2', {}, page.title), h('p', { className: 'loading' }, 'Loading…'));
  document.title = `${page.title} · Deckhand console`;
  const section = h('section', { 'aria-labelledby': 'page-title' });
  const dispose = await page.render(section, rest.map(decodeURIComponent));
  if (current !== navigation) {
    if (typeof dispose === 'function') {
      dispose();
    }
    return;
  }
  container.replaceChildren(h('h2', { id: 'page-title' }, page.title), section);
  disposeCurrent = typeof dispose === 'function' ? dispose : () => {};
}

onTokenNeeded(askForToken);
document.getElementById('sign-out').addEventListener('click', () => {
  forgetToken();
  askForToken('Token forgotten.').then(route);
});
window.addEventListener('hashchange', route);
if (!location.hash) {
  location.replace(`#/${DEFAULT_PAGE}`);
}
route();
