// Loads what the Image Analysis views show: images, vulnerability counts and subscriptions, grouped as
// registries → repositories → tags.

import { api, ApiError } from './api.js';
import { timeValue } from './dom.js';

/** Splits "registry/repo/path:tag" into its parts (the registry is the first path component). */
export function splitTag(fulltag) {
  const slash = fulltag.indexOf('/');
  const registry = fulltag.slice(0, slash);
  const rest = fulltag.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  return { registry, repository: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}

function emptyRepository(registry, name) {
  return { registry, name, key: `${registry}/${name}`, tags: new Map(), watch: null };
}

export async function loadInventory() {
  const [images, summaries, subscriptions] = await Promise.all([
    api('GET', '/v1/images'),
    api('GET', '/v1/summaries/vulnerabilities').catch((error) => {
      if (error instanceof ApiError && error.status === 404) return []; // older server: counts unknown
      throw error;
    }),
    api('GET', '/v1/subscriptions'),
  ]);
  const counts = new Map((summaries || []).map((row) => [row.imageDigest, row]));
  const tagWatches = new Map();
  const registries = new Map();
  const repository = (registry, name) => {
    if (!registries.has(registry)) registries.set(registry, new Map());
    const repos = registries.get(registry);
    if (!repos.has(name)) repos.set(name, emptyRepository(registry, name));
    return repos.get(name);
  };
  for (const sub of subscriptions || []) {
    if (sub.subscription_type === 'repo_update') {
      const slash = sub.subscription_key.indexOf('/');
      if (slash > 0) repository(sub.subscription_key.slice(0, slash), sub.subscription_key.slice(slash + 1)).watch = sub;
    } else if (sub.subscription_type === 'tag_update') {
      tagWatches.set(sub.subscription_key, sub);
    }
  }
  for (const image of images || []) {
    for (const detail of image.image_detail || []) {
      const repo = repository(detail.registry, detail.repo);
      const previous = repo.tags.get(detail.tag);
      // Keep the newest image of each tag.
      if (previous && timeValue(previous.detail.created_at) >= timeValue(detail.created_at)) continue;
      const summary = counts.get(image.imageDigest);
      repo.tags.set(detail.tag, {
        tag: detail.tag, fulltag: detail.fulltag, detail, image,
        digest: image.imageDigest, status: image.analysis_status,
        counts: summary ? summary.counts : null,
        lastUpdated: image.last_updated,
        watch: tagWatches.get(detail.fulltag) || null,
      });
    }
  }
  return { registries };
}

/** Totals over a list of tag rows. */
export function tally(rows) {
  const result = { tags: rows.length, analyzed: 0, pending: 0, analyzing: 0, failed: 0, lastUpdated: null, counts: null };
  for (const row of rows) {
    if (row.status === 'analyzed') result.analyzed += 1;
    else if (row.status === 'not_analyzed') result.pending += 1;
    else if (row.status === 'analyzing') result.analyzing += 1;
    else if (row.status === 'analysis_failed') result.failed += 1;
    if (timeValue(row.lastUpdated) > timeValue(result.lastUpdated)) result.lastUpdated = row.lastUpdated;
    if (row.counts) {
      result.counts = result.counts || {};
      for (const [severity, n] of Object.entries(row.counts)) result.counts[severity] = (result.counts[severity] || 0) + n;
    }
  }
  return result;
}

export function repositoryRows(repo) {
  return [...repo.tags.values()].sort((a, b) => a.tag.localeCompare(b.tag));
}

/** Whether a tag is known and has been analyzed (so a forced re-analysis makes sense). */
export function tagAnalyzed(inventory, registry, repository, tag) {
  const repos = inventory && inventory.registries.get(registry);
  const repo = repos && repos.get(repository);
  const row = repo && repo.tags.get(tag);
  return Boolean(row && (row.status === 'analyzed' || row.status === 'analysis_failed'));
}
