// The administrator's "act for account" selector in the navigation bar, and the banner that says which
// account's data the pages show. Choosing an account makes every API call carry `x-anchore-account`.

import { h, replace } from './dom.js';
import { actingAccount, api, can, currentSession, setActingAccount } from './api.js';
import { notifyError } from './notify.js';

let select = null;
let banner = null;
let onChange = () => {};

function option(account, own) {
  const label = own ? `${account.name} (my account)` : account.state === 'enabled' ? account.name : `${account.name} (${account.state})`;
  return h('option', { value: account.name }, label);
}

function showBanner() {
  if (!banner) return;
  const acting = actingAccount();
  document.body.classList.toggle('acting', Boolean(acting));
  if (!acting) {
    banner.hidden = true;
    replace(banner);
    return;
  }
  banner.hidden = false;
  replace(banner,
    h('span', {}, 'Viewing account ', h('strong', { testid: 'acting-account' }, acting),
      ' as an administrator: Image Analysis and Registries show, and change, this account\'s data.'),
    h('button', { type: 'button', class: 'secondary small', testid: 'acting-reset', onclick: () => choose(null) },
      `Back to my account (${currentSession().account})`));
}

function choose(name) {
  setActingAccount(name);
  if (select) select.value = actingAccount() || currentSession().account;
  showBanner();
  onChange();
}

/** Reloads the list of accounts; forgets a chosen account that no longer exists. */
export async function reloadAccountSwitch() {
  if (!select) return;
  const session = currentSession();
  let accounts;
  try {
    accounts = (await api('GET', '/v1/accounts', { own: true })) || [];
  } catch (error) {
    notifyError(error);
    return;
  }
  const own = accounts.find((a) => a.name === session.account) || { name: session.account, state: 'enabled' };
  const others = accounts.filter((a) => a.name !== session.account && a.state !== 'deleting').sort((a, b) => a.name.localeCompare(b.name));
  replace(select, option(own, true), others.map((a) => option(a, false)));
  const acting = actingAccount();
  if (acting && !others.some((a) => a.name === acting)) {
    choose(null);
    return;
  }
  select.value = acting || session.account;
  showBanner();
}

/** The selector (for administrators; null for everyone else). `changed` runs after a new choice. */
export function accountSwitch(changed) {
  if (!can('admin')) return null;
  onChange = changed;
  const session = currentSession();
  select = h('select', { id: 'act-as', testid: 'act-as', class: 'act-as', 'aria-label': 'Account to view',
    title: 'The account whose images and registries the pages show' },
  h('option', { value: actingAccount() || session.account }, actingAccount() || `${session.account} (my account)`));
  select.addEventListener('change', () => choose(select.value));
  return h('label', { class: 'act-as-field', for: 'act-as' }, h('span', {}, 'Account'), select);
}

/** The banner under the navigation bar (empty and hidden unless an administrator acts for another account). */
export function actingBanner() {
  banner = h('div', { class: 'acting-banner', testid: 'acting-banner', role: 'status', hidden: true });
  showBanner();
  return banner;
}
