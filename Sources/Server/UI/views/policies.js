// Policies: the account's policy bundles — list, upload a bundle file, preview its impact, activate, delete.

import { h, formatTime } from '../dom.js';
import { api, can } from '../api.js';
import { confirmDialog, openDialog } from '../dialogs/dialog.js';
import { notify, notifyError } from '../notify.js';
import { imageHash, table } from './common.js';

/** A bundle file chosen in a dialog, read and parsed; throws a readable error. */
async function readBundle(input) {
  const file = input.files && input.files[0];
  if (!file) throw new Error('Choose a policy bundle file (JSON).');
  let bundle;
  try { bundle = JSON.parse(await file.text()); } catch (error) { throw new Error(`${file.name} is not valid JSON: ${error.message}`); }
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) throw new Error(`${file.name} is not a policy bundle (a JSON object).`);
  return bundle;
}

/** What activating a bundle would change: counts, and the tags whose verdict moves. */
function previewResult(preview) {
  const s = preview.summary || {};
  const changes = preview.changes || [];
  return h('div', { testid: 'policy-preview' },
    h('p', { testid: 'policy-preview-summary' },
      `Against the newest image of each of ${s.images} tag(s): ${s.go} pass, ${s.warn} pass with warnings, ${s.stop} fail.`),
    changes.length ? h('table', { class: 'table compact' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Tag'), h('th', {}, 'Now'), h('th', {}, 'With this bundle'))),
      h('tbody', {}, changes.map((c) => h('tr', { testid: 'policy-preview-change' },
        h('td', { class: 'wrap' }, h('a', { href: imageHash(c.imageDigest), title: c.imageDigest }, c.fulltag)),
        h('td', {}, actionBadge(c.previous_final_action)), h('td', {}, actionBadge(c.final_action))))))
      : h('p', { class: 'muted' }, 'No tag would change its verdict.'));
}

/** STOP / WARN / GO (or none) as a badge. */
export function actionBadge(action) {
  if (!action) return h('span', { class: 'muted' }, 'not evaluated');
  const text = String(action).toUpperCase();
  return h('span', { class: `badge action-${text.toLowerCase()}`, testid: 'policy-action' }, text);
}

/** pass / fail as a badge. */
export function policyBadge(status, title) {
  if (!status) return h('span', { class: 'muted', title: 'Not evaluated yet' }, '—');
  return h('span', { class: `badge policy-${status}`, testid: 'policy-status', title }, status === 'pass' ? 'Pass' : 'Fail');
}

function addBundleDialog(refresh) {
  const input = h('input', { type: 'file', id: 'bundle-file', testid: 'bundle-file', accept: '.json,application/json' });
  const result = h('div', { testid: 'policy-preview-area' });
  const dialog = openDialog({
    title: 'Add Policy Bundle', testid: 'add-bundle-dialog', okLabel: 'Add Bundle',
    content: [
      h('div', { class: 'field' }, h('label', { for: 'bundle-file' }, 'Bundle file (Anchore JSON format)'), input,
        h('div', { class: 'help' }, 'A bundle with the id of an existing one replaces it. A new bundle is added inactive, unless the account has none active.')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', testid: 'preview-bundle', onclick: async () => {
        dialog.clearError();
        try {
          const preview = await api('POST', '/v1/policies', { query: { dryrun: true }, body: await readBundle(input) });
          result.replaceChildren(previewResult(preview));
        } catch (error) { dialog.showError(error); }
      } }, 'Preview Impact')),
      result,
    ],
    async onOk() {
      const record = await api('POST', '/v1/policies', { query: { detail: false }, body: await readBundle(input) });
      notify(`Added policy bundle ${record.policyId}.`);
      refresh();
      return true;
    },
  });
}

function activate(record, refresh) {
  confirmDialog({
    title: 'Activate Policy Bundle', testid: 'activate-bundle-dialog', okLabel: 'Activate',
    message: `Activate ${record.name || record.policyId}? It replaces the active bundle, and every image of the account is evaluated against it.`,
    async onOk() {
      await api('PUT', `/v1/policies/${encodeURIComponent(record.policyId)}`, { body: { policyId: record.policyId, active: true } });
      notify(`Activated ${record.policyId}.`);
      refresh();
    },
  });
}

function remove(record, refresh) {
  confirmDialog({
    title: 'Delete Policy Bundle', testid: 'delete-bundle-dialog', okLabel: 'Delete', danger: true,
    message: `Delete ${record.name || record.policyId}? Its stored evaluations stay in the images' history.`,
    async onOk() {
      await api('DELETE', `/v1/policies/${encodeURIComponent(record.policyId)}`);
      notify(`Deleted ${record.policyId}.`);
      refresh();
    },
  });
}

export async function policiesPage(root, refresh) {
  const [records, summaries] = await Promise.all([
    api('GET', '/v1/policies', { query: { detail: true } }).then((r) => r || []),
    api('GET', '/v1/summaries/policy_evaluations').catch(() => []),
  ]);
  const writable = can('write');
  const passing = (summaries || []).filter((s) => s.status === 'pass').length;
  const columns = [
    { label: 'Bundle', render: (r) => h('span', {}, h('strong', {}, r.name || r.policyId), h('br'), h('code', { class: 'muted' }, r.policyId)) },
    { label: 'Active', render: (r) => (r.active ? h('span', { class: 'badge status-analyzed', testid: 'bundle-active' }, 'Active') : h('span', { class: 'muted' }, 'Inactive')) },
    { label: 'Policies', class: 'num', render: (r) => ((r.policybundle && (r.policybundle.policies || r.policybundle.rule_sets)) || []).length },
    { label: 'Rules', class: 'num', render: (r) => ((r.policybundle && (r.policybundle.policies || r.policybundle.rule_sets)) || []).reduce((n, p) => n + (p.rules || []).length, 0) },
    { label: 'Last Updated', render: (r) => formatTime(r.last_updated) },
  ];
  if (writable) {
    columns.push({ label: '', class: 'num', render: (r) => h('span', { class: 'actions' },
      r.active ? null : h('button', { type: 'button', class: 'secondary small', testid: 'activate-bundle', onclick: () => activate(r, refresh) }, 'Activate'),
      r.active ? null : h('button', { type: 'button', class: 'danger small', testid: 'delete-bundle', onclick: () => remove(r, refresh) }, 'Delete')) });
  }
  root.replaceChildren(
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Policies'),
        h('p', { class: 'muted', testid: 'compliance-summary' },
          `The active bundle decides each image's verdict: ${passing} of ${(summaries || []).length} evaluated tag(s) pass.`)),
      h('div', { class: 'actions' }, writable ? h('button', { type: 'button', class: 'primary', id: 'add-bundle', testid: 'add-bundle', onclick: () => addBundleDialog(refresh) }, 'Add Bundle') : null)),
    table({ testid: 'bundles', rowTestid: 'bundle-row', rows: records.map((r) => ({ ...r, dataset: { policy: r.policyId, active: String(r.active) } })), columns,
      empty: 'No policy bundles.' }));
}

/** The image overview's Policy Compliance tab: a fresh evaluation of the image as one of its tags. */
export async function policyTab(image) {
  const tags = (image.image_detail || []).map((d) => d.fulltag);
  const panel = h('div', { testid: 'policy' });
  const show = async (tag) => {
    panel.replaceChildren(h('p', { class: 'muted' }, 'Evaluating…'));
    try {
      const answer = await api('GET', `/v1/images/${encodeURIComponent(image.imageDigest)}/check`, { query: { tag, detail: true } });
      const evaluation = ((((answer || [])[0] || {})[image.imageDigest] || {})[tag] || [])[0];
      const result = evaluation && evaluation.detail && evaluation.detail.result;
      if (!result) { panel.replaceChildren(h('p', { class: 'muted' }, 'No evaluation is available.')); return; }
      const table = ((result.result || {})[result.image_id] || {}).result || { rows: [] };
      const ruleIds = table.rule_ids || [];
      const order = { stop: 0, warn: 1, go: 2 };
      const rows = table.rows.map((row, i) => ({ row, rule: ruleIds[i] })).sort((a, b) => (order[a.row[6]] ?? 3) - (order[b.row[6]] ?? 3) || String(a.row[3]).localeCompare(String(b.row[3])));
      panel.replaceChildren(
        h('dl', { class: 'facts' },
          h('dt', {}, 'Final Action'), h('dd', { testid: 'policy-final-action' }, actionBadge(result.final_action), ' ', policyBadge(evaluation.status)),
          h('dt', {}, 'Reason'), h('dd', { testid: 'policy-reason' }, result.final_action_reason),
          h('dt', {}, 'Bundle'), h('dd', {}, h('code', {}, evaluation.policyId)),
          h('dt', {}, 'Evaluated'), h('dd', {}, formatTime(evaluation.last_evaluation))),
        rows.length ? h('table', { class: 'table compact' },
          h('thead', {}, h('tr', {}, ['Gate', 'Trigger', 'Check Output', 'Action', 'Allowlisted', 'Rule'].map((label) => h('th', {}, label)))),
          h('tbody', {}, rows.map(({ row, rule }) => h('tr', { testid: 'policy-row', dataset: { gate: row[3], trigger: row[4], action: row[6] } },
            h('td', {}, row[3]), h('td', {}, row[4]), h('td', {}, row[5]), h('td', {}, actionBadge(row[6])),
            h('td', {}, row[7] ? `Yes (${row[7].whitelist_name})` : 'No'),
            h('td', {}, h('code', { title: `Policy ${row[8]}` }, rule || row[8]))))))
          : h('p', { class: 'muted' }, 'No trigger fired.'));
    } catch (error) {
      notifyError(error);
      panel.replaceChildren(h('p', { class: 'inline-error', role: 'alert' }, String(error.message || error)));
    }
  };
  const picker = h('select', { testid: 'policy-tag', 'aria-label': 'Evaluate as tag' }, tags.map((t) => h('option', { value: t }, t)));
  picker.addEventListener('change', () => show(picker.value));
  if (tags.length) await show(tags[0]);
  return h('div', {}, tags.length > 1 ? h('div', { class: 'toolbar' }, h('label', {}, 'Evaluate as ', picker)) : null, panel);
}
