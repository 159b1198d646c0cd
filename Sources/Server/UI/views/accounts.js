// Accounts: for administrators, every account (add, enable/disable, delete); for an account, its users (add,
// change role, delete). Full-control users see their own account's users only.

import { h, formatTime, replace } from '../dom.js';
import { api, can, currentSession } from '../api.js';
import { addAccountDialog, addUserDialog, roleLabel, roles } from '../dialogs/accounts.js';
import { confirmDialog } from '../dialogs/dialog.js';
import { notify, notifyError } from '../notify.js';
import { reloadAccountSwitch } from '../account-switch.js';
import { breadcrumbs, table } from './common.js';

export function accountHash(name) {
  return `#/accounts/${encodeURIComponent(name)}`;
}

/** Whether the logged-in user may manage the users of `account`. */
export function canManageUsers(account) {
  const session = currentSession();
  return can('admin') || (can('manage-users') && session && session.account === account);
}

function stateBadge(state) {
  return h('span', { class: `badge account-${state}`, testid: 'account-state' }, state === 'enabled' ? 'Enabled' : state === 'disabled' ? 'Disabled' : state);
}

function setState(account, state, refresh) {
  const apply = async () => {
    await api('PUT', `/v1/accounts/${encodeURIComponent(account.name)}/state`, { body: { state }, own: true });
    notify(state === 'enabled' ? `Enabled the account ${account.name}.` : `Disabled the account ${account.name}: its users can no longer log in.`);
    await reloadAccountSwitch();
    refresh();
  };
  if (state === 'enabled') {
    apply().catch(notifyError);
    return;
  }
  confirmDialog({
    title: 'Disable Account', testid: 'disable-account-dialog', okLabel: 'Disable Account', danger: true,
    message: `Disable ${account.name}? Its users can no longer log in or use the API; its data stays until the account is deleted.`,
    onOk: apply,
  });
}

function deleteAccount(account, refresh) {
  confirmDialog({
    title: 'Delete Account', testid: 'delete-account-dialog', okLabel: 'Delete Account', danger: true,
    message: `Delete the account ${account.name}? Everything of the account is removed: its users, images, analysis results, `
      + 'watches (subscriptions), registry credentials and events. This cannot be undone.',
    async onOk() {
      await api('DELETE', `/v1/accounts/${encodeURIComponent(account.name)}`, { own: true });
      notify(`Deleted the account ${account.name} and everything it owned.`);
      await reloadAccountSwitch();
      refresh();
    },
  });
}

function accountActions(account, refresh) {
  if (account.type === 'admin') return h('span', { class: 'muted' }, 'System account');
  const enabled = account.state === 'enabled';
  return h('span', { class: 'row-actions' },
    h('button', { type: 'button', class: 'secondary small', testid: enabled ? 'disable-account' : 'enable-account',
      onclick: () => setState(account, enabled ? 'disabled' : 'enabled', refresh) }, enabled ? 'Disable' : 'Enable'),
    h('button', { type: 'button', class: 'danger small', testid: 'delete-account', disabled: account.state !== 'disabled',
      title: account.state === 'disabled' ? `Delete ${account.name} and everything it owns` : 'Disable the account first: only a disabled account can be deleted.',
      onclick: () => deleteAccount(account, refresh) }, 'Delete'));
}

/** #/accounts: every account (administrators); other users with manage-users go to their own account. */
export async function accountsPage(root, refresh) {
  if (!can('admin')) {
    const session = currentSession();
    location.replace(accountHash(session.account));
    return;
  }
  const accounts = ((await api('GET', '/v1/accounts', { own: true })) || []).sort((a, b) =>
    (a.type === 'admin' ? -1 : 0) - (b.type === 'admin' ? -1 : 0) || a.name.localeCompare(b.name));
  replace(root,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Accounts'),
        h('p', { class: 'muted' }, 'Each account has its own images, analysis results, watches and registry credentials. Select an account to manage its users.')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'add-account', testid: 'add-account',
          onclick: () => addAccountDialog({ onDone: async (account) => {
            notify(`Added the account ${account.name}. Add its first user now.`);
            await reloadAccountSwitch();
            location.assign(accountHash(account.name));
          } }) }, 'Add Account'))),
    table({
      testid: 'accounts-table', rowTestid: 'account-row',
      rows: accounts.map((a) => ({ ...a, dataset: { account: a.name, state: a.state } })),
      empty: 'No accounts.',
      onRowClick: (row) => location.assign(accountHash(row.name)),
      columns: [
        { label: 'Name', render: (a) => h('a', { href: accountHash(a.name), testid: 'account-link' }, a.name) },
        { label: 'Email', render: (a) => a.email || h('span', { class: 'muted' }, '—') },
        { label: 'Type', render: (a) => (a.type === 'admin' ? 'Administrators' : 'User') },
        { label: 'State', render: (a) => stateBadge(a.state) },
        { label: 'Created', render: (a) => formatTime(a.created_at) },
        { label: '', class: 'num', render: (a) => accountActions(a, refresh) },
      ],
    }));
}

function roleCell(user, account, editable, refresh) {
  if (user.role === 'admin' || account.type === 'admin') {
    return h('span', { class: 'badge role-admin', testid: 'user-role-fixed', title: 'Users of the admin account are system administrators; their role cannot change.' }, roleLabel('admin'));
  }
  const session = currentSession();
  const self = session && session.username === user.username;
  if (!editable || self) {
    return h('span', { testid: 'user-role-fixed', title: self ? 'You cannot change your own role.' : undefined }, roleLabel(user.role));
  }
  const select = h('select', { class: 'inline-select', testid: 'user-role', 'aria-label': `Role of ${user.username}` },
    roles.map((r) => h('option', { value: r.value, selected: r.value === user.role }, r.label)));
  select.addEventListener('change', async () => {
    const role = select.value;
    select.disabled = true;
    try {
      await api('PUT', `/v1/accounts/${encodeURIComponent(account.name)}/users/${encodeURIComponent(user.username)}/role`, { body: { role }, own: true });
      notify(`${user.username} is now ${roleLabel(role)}.`);
    } catch (error) {
      notifyError(error);
    }
    refresh();
  });
  return select;
}

function deleteUser(user, account, refresh) {
  confirmDialog({
    title: 'Delete User', testid: 'delete-user-dialog', okLabel: 'Delete User', danger: true,
    message: `Delete the user ${user.username} of ${account.name}? They are logged out and can no longer log in. The account's data stays.`,
    async onOk() {
      await api('DELETE', `/v1/accounts/${encodeURIComponent(account.name)}/users/${encodeURIComponent(user.username)}`, { own: true });
      notify(`Deleted the user ${user.username}.`);
      refresh();
    },
  });
}

/** #/accounts/{name}: the account's users. */
export async function accountUsersPage(root, refresh, name) {
  const [account, users] = await Promise.all([
    api('GET', `/v1/accounts/${encodeURIComponent(name)}`, { own: true }),
    api('GET', `/v1/accounts/${encodeURIComponent(name)}/users`, { own: true }),
  ]);
  const editable = canManageUsers(account.name) && account.state !== 'deleting';
  const session = currentSession();
  const adminAccount = account.type === 'admin';
  const columns = [
    { label: 'Username', render: (u) => [h('strong', {}, u.username), session.username === u.username ? h('span', { class: 'badge you' }, 'You') : null] },
    { label: 'Role', render: (u) => roleCell(u, account, editable, refresh) },
    { label: 'Created', render: (u) => formatTime(u.created_at) },
    { label: 'Last Updated', render: (u) => formatTime(u.last_updated) },
  ];
  if (editable) {
    columns.push({ label: '', class: 'num', render: (u) => (u.username === session.username || u.username === 'admin'
      ? null
      : h('button', { type: 'button', class: 'danger small', testid: 'delete-user', onclick: () => deleteUser(u, account, refresh) }, 'Delete')) });
  }
  replace(root,
    h('div', { class: 'page-header' },
      h('div', {},
        h('h1', { testid: 'account-title' }, `Account ${account.name}`),
        h('p', { class: 'muted account-facts' },
          account.email ? `${account.email} · ` : '', adminAccount ? 'System administrators · ' : '', stateBadge(account.state))),
      h('div', { class: 'actions' }, editable
        ? h('button', { type: 'button', class: 'primary', id: 'add-user', testid: 'add-user',
          onclick: () => addUserDialog({ account: account.name, adminAccount, onDone: (user) => {
            notify(`Added the user ${user.username} to ${account.name}.`);
            refresh();
          } }) }, 'Add User')
        : null)),
    can('admin') ? breadcrumbs([['Accounts', '#/accounts'], [account.name]]) : breadcrumbs([['Account'], [account.name]]),
    account.state === 'disabled' ? h('p', { class: 'note warn' }, 'This account is disabled: its users cannot log in.') : null,
    table({
      testid: 'users-table', rowTestid: 'user-row',
      rows: users.map((u) => ({ ...u, dataset: { username: u.username, role: u.role } })),
      empty: editable ? 'This account has no users yet. Use Add User to add one.' : 'This account has no users.',
      columns,
    }));
}
