// A modal dialog (the native <dialog> element) with a title, a body, an error area and buttons.
// Errors are shown inside the dialog, which stays open with everything the user typed.

import { h, replace } from '../dom.js';
import { describeError, maxImageSizeMB } from '../api.js';

/**
 * openDialog({title, testid, content: [nodes], okLabel, onOk: async (dialog) => boolean|void})
 * onOk returning false (or throwing) keeps the dialog open; a thrown error is shown in it.
 */
export function openDialog({ title, testid, content, okLabel = 'OK', okClass = 'primary', onOk, onCancel }) {
  const error = h('div', { class: 'dialog-error', role: 'alert', testid: 'dialog-error', hidden: true });
  const body = h('div', { class: 'dialog-body' }, content);
  const ok = h('button', { type: 'submit', class: okClass, testid: 'dialog-ok' }, okLabel);
  const cancel = h('button', { type: 'button', class: 'secondary', testid: 'dialog-cancel' }, 'Cancel');
  const form = h('form', { method: 'dialog', novalidate: true },
    h('header', { class: 'dialog-header' }, h('h2', {}, title)),
    body, error,
    h('footer', { class: 'dialog-footer' }, cancel, ok));
  const element = h('dialog', { class: 'dialog', testid, 'aria-label': title }, form);
  document.body.append(element);

  const dialog = {
    element, body, ok, cancel,
    showError(problem) {
      replace(error, typeof problem === 'string' ? problem : describeError(problem));
      error.hidden = false;
    },
    clearError() { error.hidden = true; replace(error); },
    busy(on, label) {
      ok.disabled = on;
      ok.textContent = on ? (label || 'Working…') : dialog.okLabel;
      element.classList.toggle('busy', on);
    },
    setContent(...nodes) { replace(body, nodes); },
    okLabel,
    close() { element.close(); element.remove(); },
  };

  cancel.addEventListener('click', () => { dialog.close(); if (onCancel) onCancel(); });
  element.addEventListener('cancel', (event) => { event.preventDefault(); dialog.close(); if (onCancel) onCancel(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (ok.disabled) return;
    dialog.clearError();
    dialog.busy(true);
    try {
      const result = await onOk(dialog);
      if (result !== false && element.isConnected) dialog.close();
    } catch (problem) {
      dialog.showError(problem);
    } finally {
      if (element.isConnected) dialog.busy(false);
    }
  });
  element.showModal();
  const first = body.querySelector('input:not([disabled]), select, textarea');
  if (first) first.focus();
  return dialog;
}

/** A labelled text field; returns {row, input}. */
export function field({ id, label, value = '', placeholder = '', required = false, type = 'text', help }) {
  const input = h('input', { id, name: id, type, value, placeholder, required, autocomplete: 'off', spellcheck: 'false', testid: id });
  const message = h('div', { class: 'field-error', id: `${id}-error`, testid: `${id}-error`, hidden: true });
  const row = h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    input, help ? h('div', { class: 'help' }, help) : null, message);
  return {
    row, input,
    setError(text) {
      message.textContent = text || '';
      message.hidden = !text;
      input.setAttribute('aria-invalid', text ? 'true' : 'false');
      if (text) input.setAttribute('aria-describedby', `${id}-error`); else input.removeAttribute('aria-describedby');
    },
  };
}

/** A labelled select: options [{value, label}]; returns {row, input}. */
export function selectField({ id, label, options, value, help }) {
  const input = h('select', { id, name: id, testid: id },
    options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
  const message = h('div', { class: 'field-error', id: `${id}-error`, testid: `${id}-error`, hidden: true });
  const hint = h('div', { class: 'help', testid: `${id}-help` }, help || '');
  const row = h('div', { class: 'field' }, h('label', { for: id }, label), input, hint, message);
  return {
    row, input, hint,
    setError(text) { message.textContent = text || ''; message.hidden = !text; },
  };
}

/** A labelled checkbox styled as a switch; returns {row, input}. */
export function toggle({ id, label, checked = false, help }) {
  const input = h('input', { id, name: id, type: 'checkbox', checked, testid: id, role: 'switch' });
  const hint = h('div', { class: 'help', testid: `${id}-help` }, help || '');
  const row = h('div', { class: 'field toggle-field' }, h('label', { class: 'switch', for: id }, input, h('span', { class: 'slider' }), h('span', {}, label)), hint);
  return { row, input, hint };
}

/** Validates fields with checker functions; shows the messages; returns whether all are fine. */
export function validateFields(pairs) {
  let ok = true;
  for (const [fieldObject, check] of pairs) {
    const problem = check(fieldObject.input.value);
    fieldObject.setError(problem);
    if (problem && ok) { fieldObject.input.focus(); ok = false; }
  }
  return ok;
}

/** The note on the maximum image size, shown wherever images are added. */
export function sizeLimitNote() {
  const limit = maxImageSizeMB();
  return h('p', { class: 'note', testid: 'max-image-size' },
    limit === null ? 'Maximum image size: no limit.' : `Maximum image size: ${limit} MB (compressed). Larger images are refused.`);
}

/** The reminder that private registries need credentials. */
export function privateRegistryNote() {
  return h('p', { class: 'note' }, 'Private registries need credentials: add them on the ',
    h('a', { href: '#/registries' }, 'Registries'), ' page first.');
}

/** A simple confirmation dialog; resolves once confirmed and the action ran. */
export function confirmDialog({ title, testid, message, okLabel = 'OK', danger = false, extra = [], onOk }) {
  return openDialog({
    title, testid, okLabel, okClass: danger ? 'danger' : 'primary',
    content: [h('p', {}, message), extra],
    onOk,
  });
}
