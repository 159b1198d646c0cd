// A tiny DOM helper and formatting functions shared by every view. No framework.

/** Creates an element: h('button', {class: 'primary', onclick: fn, dataset: {testid: 'x'}}, 'Label'). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'testid') el.dataset.testid = value;
    else if (key === 'class') el.className = value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A short, readable form of a digest: sha256:0123456789ab. */
export function shortDigest(digest) {
  return digest ? digest.slice(0, 19) : '';
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A timestamp (ISO string or epoch seconds) as local date and time. */
export function formatTime(value) {
  if (value === null || value === undefined || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function timeValue(value) {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value * 1000 : new Date(value).getTime() || 0;
}

const statusLabels = {
  not_analyzed: 'Pending',
  analyzing: 'Analyzing',
  analyzed: 'Analyzed',
  analysis_failed: 'Failed',
};

/** A coloured badge for an analysis status. */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, testid: 'status' }, statusLabels[status] || status);
}

export const severities = ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown'];

/** Vulnerability counts as small coloured chips, or "—" when unknown. */
export function vulnChips(counts) {
  if (!counts) return h('span', { class: 'muted', title: 'No vulnerability report yet' }, '—');
  const chips = severities.filter((s) => counts[s] > 0).map((s) =>
    h('span', { class: `chip sev-${s.toLowerCase()}`, title: s }, `${s[0]} ${counts[s]}`));
  return h('span', { class: 'chips', testid: 'vuln-counts' }, chips.length ? chips : h('span', { class: 'chip sev-none' }, 'None'));
}

/** Base64 (as the API returns metadata) to UTF-8 text. */
export function decodeBase64(text) {
  if (!text) return '';
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
