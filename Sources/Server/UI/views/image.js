// The image overview: identity, status, metadata, annotations, SBOM downloads, and tabs with details.

import { h, formatBytes, formatTime, statusBadge, vulnChips } from '../dom.js';
import { actingAccount, api } from '../api.js';
import { notifyError } from '../notify.js';
import { breadcrumbs, registryHash, repoHash } from './common.js';
import { dockerfileTab, eventsTab, filesTab, fillPanel, layersTab, packagesTab, vulnerabilitiesTab } from './image-tabs.js';
import { policyBadge, policyTab } from './policies.js';

const sbomFormats = [['spdx-json', 'SPDX JSON'], ['cyclonedx-json', 'CycloneDX JSON'], ['native-json', 'Native JSON']];

/** A plain link cannot send `x-anchore-account`: for an administrator acting for another account the SBOM is
 * fetched by the API client and saved from a blob URL. */
async function downloadAs(event) {
  if (!actingAccount()) return;
  event.preventDefault();
  const link = event.currentTarget;
  try {
    const response = await api('GET', new URL(link.href).pathname, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const save = h('a', { href: url, download: link.getAttribute('download') });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    notifyError(error);
  }
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([label, value, testid]) => [h('dt', {}, label), h('dd', { testid }, value ?? '—')]));
}

function tabs(definitions) {
  const bar = h('div', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', testid: 'tab-panel' });
  const select = (definition, button) => {
    for (const b of bar.children) b.setAttribute('aria-selected', String(b === button));
    fillPanel(panel, definition.load);
  };
  for (const definition of definitions) {
    const button = h('button', { type: 'button', role: 'tab', class: 'tab', testid: `tab-${definition.id}`, 'aria-selected': 'false' }, definition.label);
    button.addEventListener('click', () => select(definition, button));
    bar.append(button);
  }
  if (definitions.length) select(definitions[0], bar.children[0]);
  return h('div', {}, bar, panel);
}

export async function imageView(root, refresh, digest) {
  const [list, summaries, verdicts] = await Promise.all([
    api('GET', `/v1/images/${encodeURIComponent(digest)}`),
    api('GET', '/v1/summaries/vulnerabilities').catch(() => []),
    api('GET', '/v1/summaries/policy_evaluations').catch(() => []),
  ]);
  const image = list && list[0];
  if (!image) {
    root.replaceChildren(h('p', { class: 'empty' }, `Image ${digest} not found.`));
    return;
  }
  const meta = (image.image_content && image.image_content.metadata) || {};
  const detail = (image.image_detail || [])[0] || {};
  const summary = (summaries || []).find((s) => s.imageDigest === digest);
  const verdict = (verdicts || []).find((v) => v.imageDigest === digest && v.fulltag === detail.fulltag);
  const analyzed = image.analysis_status === 'analyzed';
  const annotations = Object.entries(image.annotations || {});
  const tags = (image.image_detail || []).map((d) => h('code', { class: 'tag', testid: 'image-tag' }, d.fulltag));

  const definitions = analyzed ? [
    { id: 'vulnerabilities', label: 'Vulnerabilities', load: () => vulnerabilitiesTab(digest) },
    { id: 'policy', label: 'Policy Compliance', load: () => policyTab(image) },
    { id: 'packages', label: 'Packages', load: () => packagesTab(digest) },
    { id: 'files', label: 'Files', load: () => filesTab(digest) },
    { id: 'layers', label: 'Layers', load: () => layersTab(digest) },
    { id: 'dockerfile', label: 'Dockerfile', load: () => dockerfileTab(digest) },
    { id: 'events', label: 'Events', load: () => eventsTab(image) },
  ] : [{ id: 'events', label: 'Events', load: () => eventsTab(image) }];

  root.replaceChildren(
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', { testid: 'image-title' }, detail.fulltag || digest), h('p', { class: 'muted' }, h('code', { testid: 'image-digest' }, digest))),
      analyzed ? h('div', { class: 'actions sbom' }, h('span', { class: 'muted' }, 'Download SBOM:'),
        sbomFormats.map(([format, label]) => h('a', { class: 'button secondary', testid: `sbom-${format}`,
          href: `/v1/images/${encodeURIComponent(digest)}/sboms/${format}`, download: `${digest.replace(':', '-')}.${format}.json`, onclick: downloadAs }, label))) : null),
    breadcrumbs([['Image Analysis', '#/'], [detail.registry, registryHash(detail.registry)], [detail.repo, repoHash(detail.registry, detail.repo)], [detail.tag || digest]]),
    h('div', { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, 'Overview'), facts([
        ['Status', h('span', {}, statusBadge(image.analysis_status),
          image.analysis_failure_reason ? h('span', { class: 'inline-error', testid: 'failure-reason' }, ` ${image.analysis_failure_reason}`) : null), 'image-status'],
        ['Tags', h('span', { class: 'chips' }, tags)],
        ['Distro', meta.distro ? `${meta.distro} ${meta.distro_version || ''}` : null, 'image-distro'],
        ['Size', formatBytes(meta.image_size), 'image-size'],
        ['Architecture', meta.arch, 'image-arch'],
        ['Layers', meta.layer_count, 'image-layers'],
        ['Dockerfile', meta.dockerfile_mode],
        ['Vulnerabilities', vulnChips(summary ? summary.counts : null)],
        ['Policy', policyBadge(verdict && verdict.status, verdict && `${verdict.final_action} against ${verdict.policyId}`), 'image-policy'],
        ['Added', formatTime(image.created_at)],
        ['Analyzed', formatTime(image.analyzed_at)],
        ['Last Updated', formatTime(image.last_updated)],
      ])),
      h('section', { class: 'panel' }, h('h2', {}, 'Annotations'),
        annotations.length
          ? facts(annotations.map(([k, v]) => [k, v, `annotation-${k}`]))
          : h('p', { class: 'muted' }, 'No annotations.'))),
    tabs(definitions));
}
