// One repository: its tags with status, vulnerabilities and last update; the repository watch toggle;
// and the Analysis Cancellation / Repository Removal control.

import { h, formatTime, replace, shortDigest, statusBadge, vulnChips } from '../dom.js';
import { api, can } from '../api.js';
import { loadInventory, repositoryRows, tally } from '../inventory.js';
import { confirmDialog, toggle } from '../dialogs/dialog.js';
import { notify, notifyError } from '../notify.js';
import { breadcrumbs, imageHash, pageHeader, registryHash, table } from './common.js';
import { policyBadge } from './policies.js';

async function setSubscription(subscription, active) {
  await api('PUT', `/v1/subscriptions/${encodeURIComponent(subscription.subscription_id)}`, { body: { active } });
}

/** The repository's watch switch: flips its repo_update subscription, or creates it. */
function watchControl(repo, refresh) {
  const active = Boolean(repo.watch && repo.watch.active);
  const control = toggle({ id: 'repo-watch-toggle', label: 'Watch Tags in Repository', checked: active,
    help: active ? 'New tags are analyzed automatically.' : 'One-time analysis: new tags are not added.' });
  control.input.disabled = !can('write');
  control.input.addEventListener('change', async () => {
    const want = control.input.checked;
    control.input.disabled = true;
    try {
      if (repo.watch) await setSubscription(repo.watch, want);
      else await api('POST', '/v1/repositories', { query: { repository: repo.key, autosubscribe: true, dryrun: false } });
      notify(want ? `Watching ${repo.key} for new tags.` : `Stopped watching ${repo.key}.`);
    } catch (error) {
      control.input.checked = !want;
      notifyError(error);
    }
    refresh();
  });
  return h('div', { class: 'watch-control', testid: 'repo-watch' }, control.row);
}

function cancelPending(repo, rows, refresh) {
  const pending = rows.filter((r) => r.status === 'not_analyzed');
  const others = rows.length - pending.length;
  const watching = Boolean(repo.watch && repo.watch.active);
  const keep = toggle({ id: 'keep-watching', label: 'Keep watching this repository for new tags', checked: watching });
  const extra = [];
  if (others > 0 && watching) {
    extra.push(h('p', {}, `${others} item${others === 1 ? ' is' : 's are'} not pending and will stay.`), keep.row);
  } else if (others === 0 && repo.watch) {
    extra.push(h('p', { class: 'muted' }, 'Everything in this repository is pending, so the repository and its watch are removed.'));
  }
  confirmDialog({
    title: 'Cancel Images Currently Pending Analysis', testid: 'cancel-pending-dialog', okLabel: 'Cancel Pending Images', danger: true,
    message: `Cancel the analysis of ${pending.length} pending image${pending.length === 1 ? '' : 's'} in ${repo.key}? They are removed before being analyzed.`,
    extra,
    async onOk() {
      const removed = await api('DELETE', '/v1/repositories/pending', { query: { repository: repo.key } });
      if (repo.watch) {
        if (others === 0) await api('DELETE', `/v1/subscriptions/${encodeURIComponent(repo.watch.subscription_id)}`);
        else if (watching && !keep.input.checked) await setSubscription(repo.watch, false);
      }
      notify(`Cancelled ${removed ? removed.length : 0} pending image(s) in ${repo.key}.`);
      refresh();
    },
  });
}

function removeRepository(repo, rows) {
  confirmDialog({
    title: 'Remove Repository and Analyzed Items', testid: 'remove-repository-dialog', okLabel: 'Remove Repository', danger: true,
    message: `Remove ${repo.key}? All ${rows.length} item(s) of it, in any state, and its watch are removed. This cannot be undone.`,
    async onOk() {
      const removed = await api('DELETE', '/v1/repositories', { query: { repository: repo.key } });
      notify(`Removed ${repo.key} (${removed ? removed.length : 0} image(s)).`);
      location.assign(registryHash(repo.registry));
    },
  });
}

/** The Analysis Cancellation / Repository Removal control, for users with write permission. */
function removalControl(repo, rows, refresh) {
  const pending = rows.filter((r) => r.status === 'not_analyzed').length;
  return h('section', { class: 'panel danger-zone', testid: 'removal-control', 'aria-labelledby': 'removal-title' },
    h('h2', { id: 'removal-title' }, 'Analysis Cancellation / Repository Removal'),
    h('div', { class: 'danger-actions' },
      h('div', {},
        h('button', { type: 'button', class: 'secondary', id: 'cancel-pending', testid: 'cancel-pending', disabled: pending === 0,
          onclick: () => cancelPending(repo, rows, refresh) }, 'Cancel Images Currently Pending Analysis'),
        h('p', { class: 'help' }, pending ? `${pending} image(s) pending analysis.` : 'Nothing is pending analysis.')),
      h('div', {},
        h('button', { type: 'button', class: 'danger', id: 'remove-repository', testid: 'remove-repository',
          onclick: () => removeRepository(repo, rows) }, 'Remove Repository and Analyzed Items'),
        h('p', { class: 'help' }, 'Removes every item of the repository in any state, and its watch.'))));
}

function tagWatchCell(row, refresh) {
  if (!row.watch) return h('span', { class: 'muted' }, '—');
  const input = h('input', { type: 'checkbox', checked: row.watch.active, disabled: !can('write'), testid: 'tag-watch-toggle',
    'aria-label': `Watch ${row.fulltag}` });
  input.addEventListener('change', async () => {
    try { await setSubscription(row.watch, input.checked); } catch (error) { notifyError(error); }
    refresh();
  });
  return input;
}

export async function repositoryView(root, refresh, registry, name) {
  const [inventory, verdicts] = await Promise.all([loadInventory(), api('GET', '/v1/summaries/policy_evaluations').catch(() => [])]);
  const verdictOf = new Map((verdicts || []).map((v) => [`${v.imageDigest} ${v.fulltag}`, v]));
  const repos = inventory.registries.get(registry);
  const repo = (repos && repos.get(name)) || { registry, name, key: `${registry}/${name}`, tags: new Map(), watch: null };
  const rows = repositoryRows(repo).map((row) => {
    const verdict = verdictOf.get(`${row.digest} ${row.fulltag}`);
    return { ...row, verdict, dataset: { tag: row.tag, digest: row.digest, status: row.status, policy: verdict ? verdict.status : '' } };
  });
  const totals = tally(rows);
  replace(root,
    pageHeader({ title: name, subtitle: `${registry}/${name} · ${totals.tags} tag(s)`, initial: { registry, repository: name }, inventory, refresh }),
    breadcrumbs([['Image Analysis', '#/'], [registry, registryHash(registry)], [name]]),
    h('div', { class: 'toolbar' }, watchControl(repo, refresh)),
    table({
      testid: 'tags-table', rowTestid: 'tag-row', rows,
      empty: repo.watch ? 'No tags added yet: the repository watcher adds them shortly.' : 'This repository has no analyzed tags.',
      onRowClick: (row) => location.assign(imageHash(row.digest)),
      columns: [
        { label: 'Tag', render: (r) => h('a', { href: imageHash(r.digest) }, r.tag) },
        { label: 'Image Digest', render: (r) => h('code', { title: r.digest }, shortDigest(r.digest)) },
        { label: 'Analysis Status', render: (r) => statusBadge(r.status) },
        { label: 'Vulnerabilities', render: (r) => vulnChips(r.counts) },
        { label: 'Policy', render: (r) => policyBadge(r.verdict && r.verdict.status, r.verdict && `${r.verdict.final_action} against ${r.verdict.policyId}`) },
        { label: 'Watch Tag', render: (r) => tagWatchCell(r, refresh) },
        { label: 'Last Updated', render: (r) => formatTime(r.lastUpdated) },
      ],
    }),
    can('write') ? removalControl(repo, rows, refresh) : null);
}
