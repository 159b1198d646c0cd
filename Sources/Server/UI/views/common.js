// Pieces shared by the Image Analysis views: the page header with its action buttons, breadcrumbs, tables.

import { h } from '../dom.js';
import { can } from '../api.js';
import { analyzeRepositoryDialog } from '../dialogs/analyze-repository.js';
import { analyzeTagDialog } from '../dialogs/analyze-tag.js';

export function repoHash(registry, repository) {
  return `#/repo/${encodeURIComponent(registry)}/${encodeURIComponent(repository)}`;
}

export function registryHash(registry) {
  return `#/registry/${encodeURIComponent(registry)}`;
}

export function imageHash(digest) {
  return `#/image/${encodeURIComponent(digest)}`;
}

export function breadcrumbs(items) {
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb', testid: 'breadcrumbs' },
    items.map(([label, href], index) => [
      index ? h('span', { class: 'sep', 'aria-hidden': 'true' }, '›') : null,
      href ? h('a', { href }, label) : h('span', { 'aria-current': 'page' }, label),
    ]));
}

/** The title row; the Analyze buttons sit on the right for users allowed to analyze. */
export function pageHeader({ title, subtitle, initial = {}, inventory, refresh, extra = [] }) {
  const actions = h('div', { class: 'actions' }, extra);
  if (can('analyze')) {
    actions.append(
      h('button', { type: 'button', class: 'secondary', id: 'analyze-repository', testid: 'analyze-repository',
        onclick: () => analyzeRepositoryDialog({ initial, onDone: refresh }) }, 'Analyze Repository'),
      h('button', { type: 'button', class: 'primary', id: 'analyze-tag', testid: 'analyze-tag',
        onclick: () => analyzeTagDialog({ initial, inventory, onDone: refresh }) }, 'Analyze Tag'));
  }
  return h('div', { class: 'page-header' },
    h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'muted' }, subtitle) : null), actions);
}

/** A table: columns [{label, render(row), class}], rows, and an empty message. */
export function table({ columns, rows, empty, testid, rowTestid, onRowClick }) {
  if (!rows.length) return h('div', { class: 'empty', testid: `${testid}-empty` }, empty);
  return h('table', { class: 'table', testid },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {
      testid: rowTestid, dataset: row.dataset,
      class: onRowClick ? 'clickable' : undefined,
      onclick: onRowClick ? (event) => { if (!event.target.closest('a, button, input, label')) onRowClick(row); } : undefined,
    }, columns.map((c) => h('td', { class: c.class }, c.render(row)))))));
}
