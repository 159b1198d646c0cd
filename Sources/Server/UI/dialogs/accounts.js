// The account dialogs: Add Account, Add User and Change Password. Errors from the API stay in the dialog
// with everything typed.

import { h } from '../dom.js';
import { api, currentSession, forgetActingAccount } from '../api.js';
import { checkAccountName, checkEmail, checkPassword, checkUsername } from '../validate.js';
import { field, openDialog, selectField, validateFields } from './dialog.js';

/** The roles of a user account, most powerful first. */
export const roles = [
  { value: 'full-control', label: 'Full Control', summary: 'Everything in the account, including managing its users.' },
  { value: 'read-write', label: 'Read-Write', summary: 'Analyze, watch and remove images; manage registry credentials.' },
  { value: 'image-analyzer', label: 'Image Analyzer', summary: 'Analyze and watch images and read the results; remove nothing.' },
  { value: 'read-only', label: 'Read-Only', summary: 'Read images, analysis results, subscriptions and events.' },
];

export function roleLabel(value) {
  if (value === 'admin') return 'System Administrator';
  const role = roles.find((r) => r.value === value);
  return role ? role.label : value;
}

export function addAccountDialog({ onDone }) {
  const name = field({ id: 'account-name', label: 'Account Name', required: true, placeholder: 'team-payments',
    help: '3 to 128 characters: letters, digits and @.!#$+-=^_`~; (a letter or digit first and last).' });
  const email = field({ id: 'account-email', label: 'Email', type: 'email', placeholder: 'team@example.com' });
  return openDialog({
    title: 'Add Account', testid: 'add-account-dialog', okLabel: 'Add Account',
    content: [h('p', { class: 'muted' }, 'An account holds its own images, analysis results, watches and registry credentials. Add its users next.'),
      name.row, email.row],
    async onOk() {
      if (!validateFields([[name, checkAccountName], [email, checkEmail]])) return false;
      const body = { name: name.input.value.trim() };
      if (email.input.value.trim()) body.email = email.input.value.trim();
      const account = await api('POST', '/v1/accounts', { body, own: true });
      if (onDone) onDone(account || body);
      return true;
    },
  });
}

/** Add User to `account`; `adminAccount` hides the role (its users are system administrators). */
export function addUserDialog({ account, adminAccount = false, onDone }) {
  const username = field({ id: 'user-name', label: 'Username', required: true,
    help: '3 to 128 characters: letters, digits and @.!#$+-=^_`~; (a letter or digit first and last). Usernames are unique across all accounts.' });
  const password = field({ id: 'user-password', label: 'Password', type: 'password', required: true, help: '6 to 128 characters.' });
  const role = selectField({ id: 'user-role-select', label: 'Role', value: 'read-only',
    options: roles.map((r) => ({ value: r.value, label: r.label })) });
  const describe = () => {
    const chosen = roles.find((r) => r.value === role.input.value);
    role.hint.textContent = chosen ? chosen.summary : '';
  };
  role.input.addEventListener('change', describe);
  describe();
  password.input.setAttribute('autocomplete', 'new-password');
  return openDialog({
    title: `Add User to ${account}`, testid: 'add-user-dialog', okLabel: 'Add User',
    content: [
      username.row, password.row,
      adminAccount
        ? h('p', { class: 'note', testid: 'admin-user-note' }, `Users of the ${account} account are system administrators: they can do everything, in every account.`)
        : role.row,
    ],
    async onOk() {
      if (!validateFields([[username, checkUsername], [password, checkPassword]])) return false;
      const body = { username: username.input.value.trim(), password: password.input.value };
      if (!adminAccount) body.role = role.input.value;
      const user = await api('POST', `/v1/accounts/${encodeURIComponent(account)}/users`, { body, own: true });
      if (onDone) onDone(user || body);
      return true;
    },
  });
}

/** Change Password for the logged-in user; the server then ends the user's sessions, so this goes to /login. */
export function changePasswordDialog() {
  const session = currentSession();
  const password = field({ id: 'new-password', label: 'New Password', type: 'password', required: true, help: '6 to 128 characters.' });
  const again = field({ id: 'new-password-again', label: 'Repeat New Password', type: 'password', required: true });
  for (const f of [password, again]) f.input.setAttribute('autocomplete', 'new-password');
  const loginAgain = '/login?password_changed=1';
  let changed = false;
  return openDialog({
    title: 'Change Password', testid: 'change-password-dialog', okLabel: 'Change Password',
    content: [
      h('p', {}, 'Change the password of ', h('strong', {}, session.username), '.'),
      h('p', { class: 'note' }, 'Changing the password logs you out everywhere: you then log in again with the new password.'),
      password.row, again.row,
    ],
    async onOk(dialog) {
      if (changed) { location.assign(loginAgain); return false; }
      const matches = (value) => (value === password.input.value ? null : 'The passwords do not match.');
      if (!validateFields([[password, checkPassword], [again, matches]])) return false;
      await api('POST', '/v1/user/credentials', { body: { type: 'password', value: password.input.value }, own: true });
      forgetActingAccount();
      dialog.setContent(h('p', { testid: 'password-changed' }, 'Your password was changed and your sessions have ended. Log in again with the new password.'));
      dialog.cancel.hidden = true;
      dialog.okLabel = 'Log In Again';
      dialog.ok.textContent = 'Log In Again';
      changed = true;
      setTimeout(() => location.assign(loginAgain), 1500);
      return false;
    },
  });
}
