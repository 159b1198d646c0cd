// The image overview's tabs: vulnerabilities, packages (filterable), files, Dockerfile, layers, events.

import { h, decodeBase64, formatBytes, formatTime, severities } from '../dom.js';
import { api, describeError } from '../api.js';

/** A filter box over a table whose rows carry their searchable text. */
function filterable({ id, placeholder, columns, rows, limit = 1000 }) {
  const input = h('input', { type: 'search', id, placeholder, testid: id, 'aria-label': placeholder });
  const count = h('span', { class: 'muted', testid: `${id}-count` });
  const body = h('tbody');
  const render = () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matched = rows.filter((row) => words.every((w) => row.text.includes(w)));
    body.replaceChildren(...matched.slice(0, limit).map((row) => h('tr', { testid: `${id}-row` }, columns.map((c) => h('td', { class: c.class }, c.render(row.item))))));
    count.textContent = matched.length > limit ? `${limit} of ${matched.length} shown` : `${matched.length} of ${rows.length}`;
  };
  input.addEventListener('input', render);
  render();
  return h('div', {}, h('div', { class: 'toolbar' }, input, count),
    h('table', { class: 'table compact' }, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.class }, c.label)))), body));
}

function searchable(item, keys) {
  return keys.map((k) => String(item[k] ?? '')).join(' ').toLowerCase();
}

export async function vulnerabilitiesTab(digest) {
  const report = await api('GET', `/v1/images/${encodeURIComponent(digest)}/vuln/all`);
  const list = (report && report.vulnerabilities) || [];
  const order = Object.fromEntries(severities.map((s, i) => [s, i]));
  list.sort((a, b) => (order[a.severity] ?? 9) - (order[b.severity] ?? 9) || a.vuln.localeCompare(b.vuln));
  const counts = severities.map((s) => h('span', { class: `chip sev-${s.toLowerCase()}` }, `${s}: ${list.filter((v) => v.severity === s).length}`));
  return h('div', { testid: 'vulnerabilities' }, h('p', { class: 'chips' }, counts),
    filterable({
      id: 'vuln-filter', placeholder: 'Filter vulnerabilities', rows: list.map((v) => ({ item: v, text: searchable(v, ['vuln', 'package', 'severity', 'fix', 'package_type', 'feed_group']) + (v.kev ? ' kev exploited' : '') })),
      columns: [
        { label: 'Vulnerability', render: (v) => (v.url && v.url !== 'None' && /^https?:/.test(v.url) ? h('a', { href: v.url, rel: 'noopener noreferrer', target: '_blank' }, v.vuln) : v.vuln) },
        { label: 'Severity', render: (v) => h('span', { class: `chip sev-${String(v.severity).toLowerCase()}` }, v.severity) },
        { label: 'Package', render: (v) => v.package },
        { label: 'Type', render: (v) => v.package_type },
        { label: 'Fix', render: (v) => v.fix },
        { label: 'Feed Group', render: (v) => v.feed_group },
        // CISA KEV: exploited in the wild (since the date CISA added it); EPSS: FIRST's probability of exploitation.
        { label: 'Exploited', render: (v) => (v.kev ? h('span', { class: 'chip kev', testid: 'kev', title: `CISA KEV, due ${v.kev.due_date}` }, `KEV since ${v.kev.date_added}`) : '') },
        { label: 'EPSS', render: (v) => (v.epss ? `${(v.epss.score * 100).toFixed(2)}% (p${Math.round(v.epss.percentile * 100)})` : '') },
      ],
    }));
}

export async function packagesTab(digest) {
  const types = (await api('GET', `/v1/images/${encodeURIComponent(digest)}/content`)) || [];
  const wanted = types.filter((t) => !['files', 'malware', 'manifest', 'docker_history', 'dockerfile'].includes(t));
  const results = await Promise.all(wanted.map((type) =>
    api('GET', `/v1/images/${encodeURIComponent(digest)}/content/${encodeURIComponent(type)}`).then((r) => (r.content || []).map((p) => ({ ...p, contentType: type }))).catch(() => [])));
  const packages = results.flat().sort((a, b) => String(a.package).localeCompare(String(b.package)));
  return h('div', { testid: 'packages' }, filterable({
    id: 'package-filter', placeholder: 'Filter packages', rows: packages.map((p) => ({ item: p, text: searchable(p, ['package', 'version', 'type', 'location', 'license']) })),
    columns: [
      { label: 'Package', render: (p) => p.package },
      { label: 'Version', render: (p) => p.version },
      { label: 'Type', render: (p) => p.type || p.contentType },
      { label: 'License', render: (p) => p.license || (p.licenses || []).join(' ') },
      { label: 'Location', render: (p) => p.location || '' },
    ],
  }));
}

export async function filesTab(digest) {
  const result = await api('GET', `/v1/images/${encodeURIComponent(digest)}/content/files`);
  const files = (result && result.content) || [];
  return h('div', { testid: 'files' }, filterable({
    id: 'file-filter', placeholder: 'Filter files', limit: 500, rows: files.map((f) => ({ item: f, text: String(f.filename).toLowerCase() })),
    columns: [
      { label: 'Path', render: (f) => h('code', {}, f.filename) },
      { label: 'Type', render: (f) => f.type },
      { label: 'Mode', render: (f) => f.mode },
      { label: 'Size', class: 'num', render: (f) => formatBytes(f.size) },
    ],
  }));
}

export async function dockerfileTab(digest) {
  const result = await api('GET', `/v1/images/${encodeURIComponent(digest)}/metadata/dockerfile`);
  const text = decodeBase64(result && result.metadata);
  return h('div', { testid: 'dockerfile' }, text ? h('pre', { class: 'code' }, text) : h('p', { class: 'muted' }, 'No Dockerfile is known for this image.'));
}

export async function layersTab(digest) {
  const [manifest, history] = await Promise.all([
    api('GET', `/v1/images/${encodeURIComponent(digest)}/metadata/manifest`).catch(() => null),
    api('GET', `/v1/images/${encodeURIComponent(digest)}/metadata/docker_history`).catch(() => null),
  ]);
  let layers = [];
  try { layers = JSON.parse(decodeBase64(manifest && manifest.metadata)).layers || []; } catch { layers = []; }
  let steps = [];
  try { steps = JSON.parse(decodeBase64(history && history.metadata)) || []; } catch { steps = []; }
  const commands = steps.filter((s) => !s.empty_layer && !s.emptyLayer).map((s) => s.created_by || s.CreatedBy || s.createdBy || '');
  return h('div', { testid: 'layers' }, h('table', { class: 'table compact' },
    h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Digest'), h('th', { class: 'num' }, 'Size'), h('th', {}, 'Created By'))),
    h('tbody', {}, layers.map((layer, i) => h('tr', { testid: 'layer-row' },
      h('td', {}, i + 1), h('td', {}, h('code', {}, layer.digest)), h('td', { class: 'num' }, formatBytes(layer.size)), h('td', {}, h('code', {}, commands[i] || '')))))));
}

export async function eventsTab(image) {
  const ids = new Set([image.imageDigest, ...(image.image_detail || []).map((d) => d.fulltag)]);
  const pages = await Promise.all([...ids].map((id) => api('GET', '/v1/events', { query: { resource_id: id, limit: 100 } }).catch(() => ({ results: [] }))));
  const seen = new Set();
  const events = pages.flatMap((p) => p.results || []).filter((e) => !seen.has(e.generated_uuid) && seen.add(e.generated_uuid))
    .sort((a, b) => String(b.event.timestamp).localeCompare(String(a.event.timestamp)));
  if (!events.length) return h('p', { class: 'muted', testid: 'events' }, 'No events for this image.');
  return h('table', { class: 'table compact', testid: 'events' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Level'), h('th', {}, 'Type'), h('th', {}, 'Resource'), h('th', {}, 'Message'))),
    h('tbody', {}, events.map((e) => h('tr', { testid: 'event-row' },
      h('td', {}, formatTime(e.event.timestamp)), h('td', {}, h('span', { class: `badge level-${e.event.level}` }, e.event.level)),
      h('td', {}, h('code', {}, e.event.type)), h('td', {}, e.event.resource && e.event.resource.id), h('td', {}, e.event.message)))));
}

/** Runs a tab loader into a panel, with a loading note and errors shown in place. */
export async function fillPanel(panel, loader) {
  panel.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    panel.replaceChildren(await loader());
  } catch (error) {
    panel.replaceChildren(h('p', { class: 'inline-error', role: 'alert' }, describeError(error)));
  }
}
