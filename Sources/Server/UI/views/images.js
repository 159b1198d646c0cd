// Image Analysis: the registries, then one registry's repositories.

import { h, formatTime, vulnChips } from '../dom.js';
import { loadInventory, tally } from '../inventory.js';
import { breadcrumbs, pageHeader, registryHash, repoHash, table } from './common.js';

function statusSummary(t) {
  const parts = [];
  if (t.analyzed) parts.push(h('span', { class: 'badge status-analyzed' }, `${t.analyzed} analyzed`));
  if (t.pending) parts.push(h('span', { class: 'badge status-not_analyzed' }, `${t.pending} pending`));
  if (t.analyzing) parts.push(h('span', { class: 'badge status-analyzing' }, `${t.analyzing} analyzing`));
  if (t.failed) parts.push(h('span', { class: 'badge status-analysis_failed' }, `${t.failed} failed`));
  return parts.length ? h('span', { class: 'chips' }, parts) : h('span', { class: 'muted' }, 'No images');
}

export async function registriesView(root, refresh) {
  const inventory = await loadInventory();
  const rows = [...inventory.registries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, repos]) => {
    const all = [...repos.values()].flatMap((repo) => [...repo.tags.values()]);
    return { name, repos: repos.size, totals: tally(all), dataset: { registry: name } };
  });
  root.replaceChildren(
    pageHeader({ title: 'Image Analysis', subtitle: 'Registries with analyzed repositories and tags.', inventory, refresh }),
    breadcrumbs([['Image Analysis']]),
    table({
      testid: 'registries-table', rowTestid: 'registry-row', rows,
      empty: 'Nothing analyzed yet. Use Analyze Tag or Analyze Repository to add images.',
      onRowClick: (row) => location.assign(registryHash(row.name)),
      columns: [
        { label: 'Registry', render: (r) => h('a', { href: registryHash(r.name) }, r.name) },
        { label: 'Repositories', class: 'num', render: (r) => r.repos },
        { label: 'Tags', class: 'num', render: (r) => r.totals.tags },
        { label: 'Analysis Status', render: (r) => statusSummary(r.totals) },
        { label: 'Vulnerabilities', render: (r) => vulnChips(r.totals.counts) },
        { label: 'Last Updated', render: (r) => formatTime(r.totals.lastUpdated) },
      ],
    }));
}

export async function repositoriesView(root, refresh, registry) {
  const inventory = await loadInventory();
  const repos = inventory.registries.get(registry) || new Map();
  const rows = [...repos.values()].sort((a, b) => a.name.localeCompare(b.name)).map((repo) => ({
    repo, totals: tally([...repo.tags.values()]), dataset: { repository: repo.name },
  }));
  root.replaceChildren(
    pageHeader({ title: registry, subtitle: 'Repositories in this registry.', initial: { registry }, inventory, refresh }),
    breadcrumbs([['Image Analysis', '#/'], [registry]]),
    table({
      testid: 'repositories-table', rowTestid: 'repository-row', rows,
      empty: 'No repositories of this registry have been analyzed.',
      onRowClick: (row) => location.assign(repoHash(registry, row.repo.name)),
      columns: [
        { label: 'Repository', render: (r) => h('a', { href: repoHash(registry, r.repo.name) }, r.repo.name) },
        { label: 'Tags', class: 'num', render: (r) => r.totals.tags },
        { label: 'Watched', render: (r) => (r.repo.watch && r.repo.watch.active ? h('span', { class: 'badge watched' }, 'Watched') : h('span', { class: 'muted' }, 'No')) },
        { label: 'Analysis Status', render: (r) => statusSummary(r.totals) },
        { label: 'Vulnerabilities', render: (r) => vulnChips(r.totals.counts) },
        { label: 'Last Updated', render: (r) => formatTime(r.totals.lastUpdated) },
      ],
    }));
}
