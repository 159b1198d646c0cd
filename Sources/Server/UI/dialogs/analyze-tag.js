// The Analyze Tag dialog: registry, repository and tag; Watch Tag, Force Reanalysis (only for a tag
// already analyzed) and annotations (key/value pairs).

import { h } from '../dom.js';
import { api } from '../api.js';
import { checkRegistry, checkRepository, checkTag } from '../validate.js';
import { field, openDialog, privateRegistryNote, sizeLimitNote, toggle, validateFields } from './dialog.js';
import { tagAnalyzed } from '../inventory.js';

function annotationRow(list, key = '', value = '') {
  const index = list.children.length;
  const keyInput = h('input', { type: 'text', value: key, placeholder: 'key', 'aria-label': `Annotation ${index + 1} key`, testid: 'annotation-key' });
  const valueInput = h('input', { type: 'text', value, placeholder: 'value', 'aria-label': `Annotation ${index + 1} value`, testid: 'annotation-value' });
  const row = h('div', { class: 'annotation-row', testid: 'annotation-row' }, keyInput, valueInput,
    h('button', { type: 'button', class: 'icon', title: 'Remove annotation', 'aria-label': 'Remove annotation', onclick: () => row.remove() }, '×'));
  list.append(row);
  keyInput.focus();
}

/** Collects annotations; throws a message on an empty or duplicate key. */
function readAnnotations(list) {
  const annotations = {};
  for (const row of list.querySelectorAll('.annotation-row')) {
    const [keyInput, valueInput] = row.querySelectorAll('input');
    const key = keyInput.value.trim();
    if (!key && !valueInput.value.trim()) continue;
    if (!key) throw new Error('Every annotation needs a key.');
    if (key in annotations) throw new Error(`The annotation key "${key}" is given twice.`);
    annotations[key] = valueInput.value;
  }
  return annotations;
}

/** Opens the dialog; `initial` pre-fills {registry, repository, tag}; `onDone` runs after a success. */
export function analyzeTagDialog({ initial = {}, inventory, onDone }) {
  const registry = field({ id: 'tag-registry', label: 'Registry', value: initial.registry || '', placeholder: 'docker.io', required: true });
  const repository = field({ id: 'tag-repository', label: 'Repository', value: initial.repository || '', placeholder: 'library/centos', required: true });
  const tag = field({ id: 'tag-tag', label: 'Tag', value: initial.tag || '', placeholder: 'latest', required: true });
  const watch = toggle({ id: 'tag-watch', label: 'Watch Tag', help: 'Check the tag for new images and analyze them automatically.' });
  const force = toggle({ id: 'tag-force', label: 'Force Reanalysis' });
  const list = h('div', { class: 'annotations', testid: 'annotations' });
  const addAnnotation = h('button', { type: 'button', class: 'link', testid: 'add-annotation', onclick: () => annotationRow(list) }, '+ Add Annotation');

  const updateForce = () => {
    const analyzed = tagAnalyzed(inventory, registry.input.value.trim(), repository.input.value.trim(), tag.input.value.trim());
    force.input.disabled = !analyzed;
    if (!analyzed) force.input.checked = false;
    force.hint.textContent = analyzed
      ? 'Analyze this tag again even though it has been analyzed.'
      : 'Available only for a tag that has already been analyzed.';
  };
  for (const f of [registry, repository, tag]) f.input.addEventListener('input', updateForce);
  updateForce();

  return openDialog({
    title: 'Analyze Tag',
    testid: 'analyze-tag-dialog',
    okLabel: 'Analyze',
    content: [
      sizeLimitNote(), privateRegistryNote(),
      registry.row, repository.row, tag.row, watch.row, force.row,
      h('fieldset', { class: 'annotation-set' }, h('legend', {}, 'Annotations'), list, addAnnotation),
    ],
    async onOk(dialog) {
      if (!validateFields([[registry, checkRegistry], [repository, checkRepository], [tag, checkTag]])) return false;
      let annotations;
      try { annotations = readAnnotations(list); } catch (error) { dialog.showError(error.message); return false; }
      const fulltag = `${registry.input.value.trim()}/${repository.input.value.trim()}:${tag.input.value.trim()}`;
      const body = { tag: fulltag };
      if (Object.keys(annotations).length) body.annotations = annotations;
      const query = { autosubscribe: watch.input.checked };
      if (!force.input.disabled && force.input.checked) query.force = true;
      const result = await api('POST', '/v1/images', { query, body });
      if (onDone) onDone(result && result[0], fulltag);
      return true;
    },
  });
}
