// Registries: the account's registry credentials — list, add, remove.

import { h, formatTime } from '../dom.js';
import { api, can } from '../api.js';
import { confirmDialog, field, openDialog, toggle, validateFields } from '../dialogs/dialog.js';
import { notify } from '../notify.js';
import { table } from './common.js';
import { checkRegistry } from '../validate.js';

/** A registry record key: host[:port], optionally followed by /repo or /prefix/*. */
function checkRegistryKey(value) {
  const text = value.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return checkRegistry(text);
  const host = checkRegistry(text.slice(0, slash));
  if (host) return host;
  if (text.endsWith('/')) return 'The registry must not end with "/".';
  return null;
}

function addRegistryDialog(refresh) {
  const registry = field({ id: 'registry-host', label: 'Registry', placeholder: 'registry.example.com[:port][/repo[/*]]', required: true });
  const user = field({ id: 'registry-user', label: 'Username', required: true });
  const password = field({ id: 'registry-pass', label: 'Password', type: 'password', required: true });
  const name = field({ id: 'registry-name', label: 'Name', placeholder: 'defaults to the registry' });
  const verify = toggle({ id: 'registry-verify', label: 'Verify TLS certificates', checked: true });
  const insecure = toggle({ id: 'registry-insecure', label: 'Plain HTTP (no TLS)', help: 'Only for registries you run on a trusted network.' });
  const validate = toggle({ id: 'registry-validate', label: 'Validate by logging in now', checked: true });
  openDialog({
    title: 'Add Registry', testid: 'add-registry-dialog', okLabel: 'Add Registry',
    content: [registry.row, user.row, password.row, name.row, verify.row, insecure.row, validate.row],
    async onOk() {
      const required = (label) => (value) => (value.trim() ? null : `${label} is required.`);
      if (!validateFields([[registry, checkRegistryKey], [user, required('Username')], [password, (v) => (v ? null : 'Password is required.')]])) return false;
      const body = {
        registry: registry.input.value.trim(), registry_user: user.input.value.trim(), registry_pass: password.input.value,
        registry_type: 'docker_v2', registry_verify: verify.input.checked, registry_name: name.input.value.trim() || registry.input.value.trim(),
      };
      if (insecure.input.checked) body.registry_insecure = true;
      await api('POST', '/v1/registries', { query: { validate: validate.input.checked }, body });
      notify(`Added credentials for ${body.registry}.`);
      refresh();
      return true;
    },
  });
}

export async function registriesPage(root, refresh) {
  const records = (await api('GET', '/v1/registries')) || [];
  const writable = can('write');
  const columns = [
    { label: 'Registry', render: (r) => h('code', {}, r.registry) },
    { label: 'Name', render: (r) => r.registry_name },
    { label: 'User', render: (r) => r.registry_user },
    { label: 'Type', render: (r) => r.registry_type },
    { label: 'Verify TLS', render: (r) => (r.registry_verify ? 'Yes' : 'No') },
    { label: 'Last Updated', render: (r) => formatTime(r.last_updated) },
  ];
  if (writable) {
    columns.push({ label: '', class: 'num', render: (r) => h('button', { type: 'button', class: 'danger small', testid: 'remove-registry',
      onclick: () => confirmDialog({
        title: 'Remove Registry', testid: 'remove-registry-dialog', okLabel: 'Remove', danger: true,
        message: `Remove the credentials for ${r.registry}? Images from it can then only be pulled anonymously.`,
        async onOk() {
          await api('DELETE', `/v1/registries/${encodeURIComponent(r.registry)}`);
          notify(`Removed ${r.registry}.`);
          refresh();
        },
      }) }, 'Remove') });
  }
  root.replaceChildren(
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Registries'),
        h('p', { class: 'muted' }, 'Public registries need nothing here. Private registries need credentials before their images can be analyzed.')),
      h('div', { class: 'actions' }, writable ? h('button', { type: 'button', class: 'primary', id: 'add-registry', testid: 'add-registry', onclick: () => addRegistryDialog(refresh) }, 'Add Registry') : null)),
    table({ testid: 'registry-credentials', rowTestid: 'registry-credential-row', rows: records.map((r) => ({ ...r, dataset: { registry: r.registry } })), columns,
      empty: 'No registry credentials. Images from private registries cannot be analyzed until their credentials are added.' }));
}
