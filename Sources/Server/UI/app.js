// The app shell: loads the session, draws the navigation bar, and routes #/… to the views.

import { h } from './dom.js';
import { can, currentSession, describeError, loadSession, logout } from './api.js';
import { registriesView, repositoriesView } from './views/images.js';
import { repositoryView } from './views/repository.js';
import { imageView } from './views/image.js';
import { registriesPage } from './views/registries.js';
import { policiesPage } from './views/policies.js';
import { accountsPage, accountUsersPage, accountHash } from './views/accounts.js';
import { accountSwitch, actingBanner, reloadAccountSwitch } from './account-switch.js';
import { changePasswordDialog } from './dialogs/accounts.js';

const main = document.getElementById('main');
let generation = 0;

const routes = [
  [/^#?\/?$/, (root, refresh) => registriesView(root, refresh), 'images'],
  [/^#\/images$/, (root, refresh) => registriesView(root, refresh), 'images'],
  [/^#\/registry\/([^/]+)$/, (root, refresh, registry) => repositoriesView(root, refresh, registry), 'images'],
  [/^#\/repo\/([^/]+)\/([^/]+)$/, (root, refresh, registry, repository) => repositoryView(root, refresh, registry, repository), 'images'],
  [/^#\/image\/([^/]+)$/, (root, refresh, digest) => imageView(root, refresh, digest), 'images'],
  [/^#\/registries$/, (root, refresh) => registriesPage(root, refresh), 'registries'],
  [/^#\/policies$/, (root, refresh) => policiesPage(root, refresh), 'policies'],
  [/^#\/accounts$/, (root, refresh) => accountsPage(root, refresh), 'accounts'],
  [/^#\/accounts\/([^/]+)$/, (root, refresh, account) => accountUsersPage(root, refresh, account), 'accounts'],
];

/** The user menu: who is logged in, Change Password and Log Out. */
function userMenu(session) {
  const menu = h('details', { class: 'user-menu', testid: 'user-menu' },
    h('summary', { testid: 'user-menu-button', title: `Account ${session.account}, role ${session.role}` },
      h('span', { testid: 'current-user' }, `${session.username} · ${session.account}`), h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾')),
    h('div', { class: 'menu', role: 'menu' },
      h('div', { class: 'menu-info' }, h('strong', {}, session.username), h('br'),
        h('span', { class: 'muted', testid: 'current-role' }, `Account ${session.account} · ${roleText(session.role)}`)),
      h('button', { type: 'button', class: 'menu-item', role: 'menuitem', id: 'change-password', testid: 'change-password',
        onclick: () => { menu.open = false; changePasswordDialog(); } }, 'Change Password'),
      h('button', { type: 'button', class: 'menu-item', role: 'menuitem', id: 'logout', testid: 'logout', onclick: () => logout() }, 'Log Out')));
  document.addEventListener('click', (event) => { if (menu.open && !menu.contains(event.target)) menu.open = false; });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') menu.open = false; });
  return menu;
}

function roleText(role) {
  return { admin: 'System Administrator', 'full-control': 'Full Control', 'read-write': 'Read-Write', 'image-analyzer': 'Image Analyzer', 'read-only': 'Read-Only' }[role] || role;
}

function navigation(session) {
  const link = (id, href, label) => h('a', { href, id: `nav-${id}`, testid: `nav-${id}`, class: 'nav-link' }, label);
  const accounts = can('admin') ? link('accounts', '#/accounts', 'Accounts')
    : can('manage-users') ? link('accounts', accountHash(session.account), 'Accounts') : null;
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '⚓'), 'Drydock'),
    h('nav', { class: 'nav', 'aria-label': 'Main' }, link('images', '#/', 'Image Analysis'), link('policies', '#/policies', 'Policies'), link('registries', '#/registries', 'Registries'), accounts),
    h('div', { class: 'user' },
      accountSwitch(() => render()),
      can('write') ? null : h('span', { class: 'badge readonly', testid: 'read-only-badge' }, 'Read-only'),
      userMenu(session)));
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
  document.getElementById('app').prepend(navigation(currentSession()), actingBanner());
  await reloadAccountSwitch();
  window.addEventListener('hashchange', render);
  await render();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  main.replaceChildren(h('div', { class: 'inline-error', role: 'alert' }, `Drydock could not start: ${describeError(error)}`));
});
