// The Analyze Repository dialog. Step 1: registry, repository and the Watch Tags in Repository choice.
// Step 2: a dry run tells how many tags (at most) will be analyzed; OK adds them.

import { h } from '../dom.js';
import { api } from '../api.js';
import { checkRegistry, checkRepository } from '../validate.js';
import { field, openDialog, privateRegistryNote, sizeLimitNote, validateFields } from './dialog.js';

function watchChoice() {
  const once = h('input', { type: 'radio', name: 'repo-watch', id: 'repo-watch-once', value: 'once', checked: true, testid: 'repo-watch-once' });
  const auto = h('input', { type: 'radio', name: 'repo-watch', id: 'repo-watch-auto', value: 'auto', testid: 'repo-watch-auto' });
  const row = h('fieldset', { class: 'field choice' },
    h('legend', {}, 'Watch Tags in Repository'),
    h('label', { for: 'repo-watch-once' }, once, h('span', {}, h('strong', {}, 'One-Time Tag Analysis'), h('br'), h('small', {}, 'Analyze all the tags in the repository now, once.'))),
    h('label', { for: 'repo-watch-auto' }, auto, h('span', {}, h('strong', {}, 'Automatically Check for Updates to Tags'), h('br'), h('small', {}, 'Analyze all tags now, then watch the repository for new tags and the tags for new images.'))));
  return { row, watched: () => auto.checked };
}

/** Adds each tag once, without subscriptions; a few at a time. Returns the failures. */
async function addTagsOnce(key, tags, progress) {
  const failures = [];
  let done = 0;
  const queue = [...tags];
  const worker = async () => {
    while (queue.length) {
      const tag = queue.shift();
      try {
        await api('POST', '/v1/images', { query: { autosubscribe: false }, body: { tag: `${key}:${tag}` } });
      } catch (error) {
        failures.push({ tag, error });
      }
      done += 1;
      progress(done, tags.length);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return failures;
}

export function analyzeRepositoryDialog({ initial = {}, onDone }) {
  const registry = field({ id: 'repo-registry', label: 'Registry', value: initial.registry || '', placeholder: 'docker.io', required: true });
  const repository = field({ id: 'repo-repository', label: 'Repository', value: initial.repository || '', placeholder: 'library/centos', required: true });
  const choice = watchChoice();
  const stepOne = h('div', { class: 'step', testid: 'repo-step-1' }, sizeLimitNote(), privateRegistryNote(), registry.row, repository.row, choice.row);
  const stepTwo = h('div', { class: 'step', testid: 'repo-step-2', hidden: true });
  let plan = null; // set by the dry run: {key, tags, watched}

  return openDialog({
    title: 'Analyze Repository',
    testid: 'analyze-repository-dialog',
    okLabel: 'OK',
    content: [stepOne, stepTwo],
    onCancel: () => {},
    async onOk(dialog) {
      if (!plan) {
        if (!validateFields([[registry, checkRegistry], [repository, checkRepository]])) return false;
        const key = `${registry.input.value.trim()}/${repository.input.value.trim()}`;
        const watched = choice.watched();
        const result = await api('POST', '/v1/repositories', { query: { repository: key, autosubscribe: watched, dryrun: true } });
        const value = JSON.parse((result && result[0] && result[0].subscription_value) || '{}');
        const tags = value.repotags || [];
        const count = value.tagcount ?? tags.length;
        if (!count) {
          dialog.showError(`The repository ${key} has no tags: there is nothing to analyze.`);
          return false;
        }
        plan = { key, tags, watched, count };
        stepOne.hidden = true;
        stepTwo.hidden = false;
        stepTwo.replaceChildren(
          h('p', {}, 'Up to ', h('strong', { testid: 'repo-tag-count' }, String(count)), ` tag${count === 1 ? '' : 's'} of `, h('code', {}, key), ' will be analyzed.'),
          h('p', { class: 'muted' }, watched
            ? 'The repository will then be watched: new tags and new images of its tags are analyzed automatically.'
            : 'Each tag is analyzed once; the repository is not watched (you can turn watching on later from the repository view).'),
          sizeLimitNote());
        dialog.okLabel = 'OK';
        return false;
      }
      if (plan.watched) {
        await api('POST', '/v1/repositories', { query: { repository: plan.key, autosubscribe: true, dryrun: false } });
      } else {
        const failures = await addTagsOnce(plan.key, plan.tags, (done, total) => { dialog.ok.textContent = `Queued ${done} of ${total}…`; });
        if (failures.length) {
          const first = failures[0];
          dialog.showError(`${failures.length} of ${plan.tags.length} tags could not be added (first: ${first.tag}: ${first.error.message}).`);
          if (onDone) onDone(plan.key);
          return false;
        }
      }
      if (onDone) onDone(plan.key);
      return true;
    },
  });
}
