// The app shell: loads the session, draws the navigation bar, and routes #/… to the views.

import { h } from './dom.js';
import { can, currentSession, describeError, loadSession, logout } from './api.js';
import { registriesView, repositoriesView } from './views/images.js';
import { repositoryView } from './views/repository.js';
import { imageView } from './views/image.js';
import { registriesPage } from './views/registries.js';

const main = document.getElementById('main');
let generation = 0;

const routes = [
  [/^#?\/?$/, (root, refresh) => registriesView(root, refresh), 'images'],
  [/^#\/images$/, (root, refresh) => registriesView(root, refresh), 'images'],
  [/^#\/registry\/([^/]+)$/, (root, refresh, registry) => repositoriesView(root, refresh, registry), 'images'],
  [/^#\/repo\/([^/]+)\/([^/]+)$/, (root, refresh, registry, repository) => repositoryView(root, refresh, registry, repository), 'images'],
  [/^#\/image\/([^/]+)$/, (root, refresh, digest) => imageView(root, refresh, digest), 'images'],
  [/^#\/registries$/, (root, refresh) => registriesPage(root, refresh), 'registries'],
];

function navigation(session) {
  const link = (id, href, label) => h('a', { href, id: `nav-${id}`, testid: `nav-${id}`, class: 'nav-link' }, label);
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '⚓'), 'Drydock'),
    h('nav', { class: 'nav', 'aria-label': 'Main' }, link('images', '#/', 'Image Analysis'), link('registries', '#/registries', 'Registries')),
    h('div', { class: 'user' },
      h('span', { testid: 'current-user', title: `Account ${session.account}, role ${session.role}` }, `${session.username} · ${session.account}`),
      can('write') ? null : h('span', { class: 'badge readonly', testid: 'read-only-badge' }, 'Read-only'),
      h('button', { type: 'button', class: 'secondary small', id: 'logout', testid: 'logout', onclick: () => logout() }, 'Log Out')));
}

async function render() {
  const mine = ++generation;
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.remove();
  const hash = location.hash || '#/';
  for (const [pattern, view, section] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    for (const a of document.querySelectorAll('.nav-link')) a.classList.toggle('active', a.id === `nav-${section}`);
    const target = h('div', { class: 'view', testid: 'view' });
    const refresh = () => { if (mine === generation) render(); };
    main.setAttribute('aria-busy', 'true');
    try {
      await view(target, refresh, ...match.slice(1).map(decodeURIComponent));
      if (mine === generation) main.replaceChildren(target);
    } catch (error) {
      if (mine === generation) main.replaceChildren(h('div', { class: 'inline-error', role: 'alert', testid: 'view-error' }, describeError(error)));
    } finally {
      if (mine === generation) main.removeAttribute('aria-busy');
    }
    return;
  }
  main.replaceChildren(h('p', { class: 'empty' }, 'Page not found. ', h('a', { href: '#/' }, 'Go to Image Analysis')));
}

async function start() {
  await loadSession();
  document.getElementById('app').prepend(navigation(currentSession()));
  window.addEventListener('hashchange', render);
  await render();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  main.replaceChildren(h('div', { class: 'inline-error', role: 'alert' }, `Drydock could not start: ${describeError(error)}`));
});
